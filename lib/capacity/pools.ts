import { cniOf, NodePoolSpec, SystemDaemonSpec } from '../fleet/cluster-spec';
import { ClusterModel } from '../model/cluster-model';
import { localVolumeTopology, poolsWithLabels } from '../model/storage-rules';
import { allocatableOf, blockingTaints, nodeLabelsOf, nodeMatches, reserveOf, Toleration } from '../model/nodes';
import { chartPodsOf } from './chart-pods';
import { add, MiB, requestsOf, Resources, sub, sum, ZERO, limitsOf } from './resources';
import { EXISTING_CNI_DAEMONS, systemDaemonsOf } from './system-daemons';

/**
 * The pools as capacity planning sees them, node by node: what each node can give to pods after
 * its reserve, less the per-node pods (system daemons and the output's DaemonSets), less the
 * platform pods (every pod of the output that is not a user server and not a DaemonSet, and the
 * pods of the output's add-on charts), placed node by node as the scheduler would place them on
 * an empty cluster. See "Pools" in lib/capacity/README.md.
 */

/** A per-node load on a pool. */
export interface DaemonLoad {
  readonly name: string;
  /** `system`: distribution / CNI / declared in `capacity.systemDaemons`; `output`: a DaemonSet of the output; `chart`: a DaemonSet of an add-on chart. */
  readonly source: 'system' | 'output' | 'chart';
  readonly perNode: Resources;
}

/** A pod of the platform (not a user server), one per replica. */
export interface PlatformPod {
  /** e.g. `Deployment course-intro/hub` (with ` #2` for further replicas). */
  readonly title: string;
  readonly namespace: string;
  /** `object`: a workload of the output; `chart`: a pod of an add-on chart of the output. */
  readonly source: 'object' | 'chart';
  readonly requests: Resources;
  readonly limits: Resources;
  readonly podSpec: any;
  /** Pools whose labels, taints and GPUs admit it. */
  readonly pools: readonly string[];
}

/** One node's account. */
export interface NodeState {
  readonly pool: string;
  readonly index: number;
  /** What the node gives to pods: its size less the reserve. */
  readonly allocatable: Resources;
  /** Per-node pods (system daemons, DaemonSets). */
  readonly daemons: Resources;
  /** Platform pods placed here (grows during placement). */
  platform: Resources;
  readonly platformPods: string[];
}

export interface PoolState {
  readonly spec: NodePoolSpec;
  readonly name: string;
  /** False for pools whose VMs are not Kubernetes nodes (Kubespray's etcd-only hosts). */
  readonly schedulable: boolean;
  readonly reservePerNode: { readonly cpu: number; readonly memoryGiB: number };
  /** Size less reserve, per node. */
  readonly allocatablePerNode: Resources;
  readonly daemons: readonly DaemonLoad[];
  readonly daemonsPerNode: Resources;
  readonly nodes: readonly NodeState[];
}

export interface ClusterCapacity {
  readonly pools: readonly PoolState[];
  readonly platformPods: readonly PlatformPod[];
  /** Where each platform pod went (same order as platformPods; undefined: it fits no node). */
  readonly placement: ReadonlyArray<{ readonly pool: string; readonly node: number } | undefined>;
  /** Pods not counted, with the reason (Jobs and CronJobs run now and then; charts the table does not know). */
  readonly notCounted: readonly string[];
  /** The system daemons were declared in the ClusterSpec (else: the distribution's defaults). */
  readonly systemDaemonsDeclared: boolean;
}

/** Kubespray's etcd-only hosts are in the inventory group `etcd` only, not `k8s_cluster`: they are not Kubernetes nodes. */
export function isKubernetesNode(distribution: string, pool: NodePoolSpec): boolean {
  return !(distribution === 'kubespray' && pool.roles.every((r) => r === 'etcd'));
}

/** Can a pod use the pool at all (labels, taints, extended resources), regardless of room? */
export function poolAdmits(model: ClusterModel, podSpec: any, pool: NodePoolSpec): boolean {
  if (!isKubernetesNode(model.spec.kubernetes.distribution, pool)) return false;
  if (!nodeMatches(podSpec, nodeLabelsOf(model.spec, pool))) return false;
  if (blockingTaints(pool, (podSpec?.tolerations ?? []) as Toleration[]).length) return false;
  const alloc = allocatableOf(model.spec, pool);
  return Object.entries(requestsOf(podSpec).extended).every(([k, v]) => v <= 0 || (alloc.extended[k] ?? 0) >= v);
}

/** Does a DaemonSet's pod run on the pool (labels and taints; DaemonSet pods tolerate not-ready/unreachable only)? */
function daemonRunsOn(model: ClusterModel, podSpec: any, pool: NodePoolSpec): boolean {
  if (!isKubernetesNode(model.spec.kubernetes.distribution, pool)) return false;
  return nodeMatches(podSpec, nodeLabelsOf(model.spec, pool)) && blockingTaints(pool, (podSpec?.tolerations ?? []) as Toleration[]).length === 0;
}

const replicasOf = (j: any): number => (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(j.kind) ? (typeof j.spec?.replicas === 'number' ? j.spec.replicas : 1) : 1);

/**
 * kube-scheduler's default score for a pod on a node (NodeResourcesFit, strategy LeastAllocated,
 * CPU and memory weighted 1: pkg/scheduler/framework/plugins/noderesources/least_allocated.go):
 * the mean over resources of (allocatable − requested) / allocatable after placing the pod.
 */
function leastAllocatedScore(node: NodeState, pod: Resources): number {
  const alloc = node.allocatable;
  const s = (a: number, u: number) => (a <= 0 ? 0 : Math.max(0, (a - u) / a));
  return (s(alloc.cpuMillis, node.daemons.cpuMillis + node.platform.cpuMillis + pod.cpuMillis) + s(alloc.memoryBytes, node.daemons.memoryBytes + node.platform.memoryBytes + pod.memoryBytes)) / 2;
}

/** Does the pod fit the node's free room now (without building the free amount)? */
function fitsNode(node: NodeState, pod: Resources): boolean {
  const a = node.allocatable;
  if (pod.cpuMillis > a.cpuMillis - node.daemons.cpuMillis - node.platform.cpuMillis) return false;
  if (pod.memoryBytes > a.memoryBytes - node.daemons.memoryBytes - node.platform.memoryBytes) return false;
  for (const [k, v] of Object.entries(pod.extended)) if (v > 0 && v > (a.extended[k] ?? 0) - (node.daemons.extended[k] ?? 0) - (node.platform.extended[k] ?? 0)) return false;
  return true;
}

/** Free room on a node now. */
export function nodeFree(n: NodeState): Resources {
  return sub(sub(n.allocatable, n.daemons), n.platform);
}

/** Build the node-by-node account of a cluster and place its platform pods. */
export function clusterCapacity(model: ClusterModel): ClusterCapacity {
  const spec = model.spec;
  const { daemons: system, declared } = systemDaemonsOf(spec);
  const notCounted: string[] = [];
  const cni = cniOf(spec);
  if (!declared && spec.kubernetes.distribution === 'existing' && cni && !EXISTING_CNI_DAEMONS[cni]) notCounted.push(`the per-node pods of the CNI ${cni}: hubfleet does not know what they request; declare them in capacity.systemDaemons`);
  const outputDaemons: Array<{ name: string; podSpec: any; requests: Resources; source: 'output' | 'chart' }> = [];
  const platformPods: PlatformPod[] = [];
  const poolSpecs = spec.nodePools;
  // A pod with a node-local volume runs only where its StorageClass lets the volume be (allowedTopologies).
  const admitted = (podSpec: any, namespace?: string) => {
    const topology = namespace === undefined ? undefined : localVolumeTopology(model, namespace, podSpec);
    const local = topology ? new Set(poolsWithLabels(model, topology)) : undefined;
    return poolSpecs.filter((p) => poolAdmits(model, podSpec, p) && (!local || local.has(p.name))).map((p) => p.name);
  };

  for (const w of model.workloads) {
    if (w.source !== 'object') continue;
    const j = w.obj!.json;
    if (j.kind === 'DaemonSet') {
      outputDaemons.push({ name: `DaemonSet ${w.namespace}/${w.name}`, podSpec: w.podSpec, requests: requestsOf(w.podSpec), source: 'output' });
      continue;
    }
    if (j.kind === 'Job' || j.kind === 'CronJob') {
      notCounted.push(`${w.title}: runs now and then (a ${j.kind}), needs its requests free when it starts`);
      continue;
    }
    const n = replicasOf(j);
    const requests = requestsOf(w.podSpec);
    const limits = limitsOf(w.podSpec);
    const pools = admitted(w.podSpec, w.namespace);
    for (let i = 0; i < n; i++) platformPods.push({ title: i === 0 ? w.title : `${w.title} #${i + 1}`, namespace: w.namespace, source: 'object', requests, limits, podSpec: w.podSpec, pools });
  }
  const charts = chartPodsOf(model);
  for (const u of charts.unknown) notCounted.push(`chart ${u}: nobody declared its pods (HelmChartApplication pods); declare what they request`);
  for (const c of charts.pods) {
    const requests = requestsOf(c.podSpec);
    if (c.kind === 'DaemonSet') {
      outputDaemons.push({ name: `${c.name} (chart ${c.chart}, DaemonSet)`, podSpec: c.podSpec, requests, source: 'chart' });
      continue;
    }
    const pools = admitted(c.podSpec);
    for (let i = 0; i < c.replicas; i++) platformPods.push({ title: `${c.name} (chart ${c.chart})${i ? ` #${i + 1}` : ''}`, namespace: c.namespace, source: 'chart', requests, limits: limitsOf(c.podSpec), podSpec: c.podSpec, pools });
  }

  const pools: PoolState[] = poolSpecs.map((p) => {
    const schedulable = isKubernetesNode(spec.kubernetes.distribution, p);
    const a = allocatableOf(spec, p);
    const r = reserveOf(spec, p);
    const allocatablePerNode: Resources = { cpuMillis: a.cpuMillis, memoryBytes: a.memoryBytes, extended: { ...a.extended } };
    const daemons: DaemonLoad[] = [];
    if (schedulable) {
      for (const d of system.filter((d: SystemDaemonSpec) => !d.pools || d.pools.includes(p.name))) {
        daemons.push({ name: d.name, source: 'system', perNode: { cpuMillis: Math.round(d.cpu * 1000), memoryBytes: Math.round(d.memoryMiB * MiB), extended: {} } });
      }
      for (const d of outputDaemons) if (daemonRunsOn(model, d.podSpec, p)) daemons.push({ name: d.name, source: d.source, perNode: d.requests });
    }
    const daemonsPerNode = sum(daemons.map((d) => d.perNode));
    const nodes: NodeState[] = Array.from({ length: schedulable ? p.count : 0 }, (_, index) => ({ pool: p.name, index, allocatable: allocatablePerNode, daemons: daemonsPerNode, platform: ZERO, platformPods: [] }));
    return { spec: p, name: p.name, schedulable, reservePerNode: { cpu: r.cpu, memoryGiB: r.memoryGiB }, allocatablePerNode, daemons, daemonsPerNode, nodes };
  });

  // Place platform pods in output order, each on the admitting node with the best LeastAllocated
  // score (ties: pool order, then node index; the real scheduler picks among ties at random).
  const placement = platformPods.map((pod) => {
    let best: NodeState | undefined;
    let bestScore = -1;
    for (const pool of pools) {
      if (!pod.pools.includes(pool.name)) continue;
      for (const node of pool.nodes) {
        if (!fitsNode(node, pod.requests)) continue;
        const score = leastAllocatedScore(node, pod.requests);
        if (score > bestScore + 1e-12) {
          best = node;
          bestScore = score;
        }
      }
    }
    if (!best) return undefined;
    best.platform = add(best.platform, pod.requests);
    best.platformPods.push(pod.title);
    return { pool: best.pool, node: best.index };
  });
  return { pools, platformPods, placement, notCounted, systemDaemonsDeclared: declared };
}

/** Totals of a pool: allocatable, daemons, platform, free (after daemons and platform). */
export function poolTotals(pool: PoolState): { allocatable: Resources; daemons: Resources; platform: Resources; free: Resources } {
  const allocatable = sum(pool.nodes.map((n) => n.allocatable));
  const daemons = sum(pool.nodes.map((n) => n.daemons));
  const platform = sum(pool.nodes.map((n) => n.platform));
  return { allocatable, daemons, platform, free: sub(sub(allocatable, daemons), platform) };
}
