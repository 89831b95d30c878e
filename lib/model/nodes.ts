import { ClusterSpec, NodePoolSpec, NodeReserve, NodeTaint } from '../fleet/cluster-spec';
import { LabelMap } from './selectors';

/**
 * Node pools as the scheduler sees them: labels (the pool's own plus those every node gets),
 * taints, GPUs and allocatable resources.
 */

/**
 * Default reserve per node when neither the pool (`reserved`) nor the cluster
 * (`capacity.nodeReserve`) declares one: what a node of this size keeps outside pods. The reasons
 * and sources are in lib/capacity/README.md ("Node reserve"); in short:
 * - memory: kubelet's hard eviction threshold (100 MiB, kubelet's default `evictionHard`) +
 *   0.75 GiB for the OS, containerd and the kubelet (Kubespray's suggested `kube_memory_reserved`
 *   256 MiB + `system_memory_reserved` 512 MiB, roles/kubernetes/node/defaults/main.yml) + 2 % of
 *   the VM's memory, which the kernel keeps and the node never reports as capacity (2i2c's measured
 *   instance_capacities.yaml: 1.7–3.5 % between the VM size and the node's capacity);
 * - CPU: 0.5 cores (Kubespray suggests 0.6: `kube_cpu_reserved` 100m + `system_cpu_reserved` 500m;
 *   GKE's table reserves 0.1 on 12 cores).
 * RKE2 and Kubespray configure no reserve by default, so the scheduler does not see it: the plan
 * does, because the memory is used all the same. Declare measured figures to override.
 */
export function defaultNodeReserve(pool: Pick<NodePoolSpec, 'memoryGiB'>): Required<NodeReserve> {
  return { cpu: DEFAULT_NODE_RESERVE.cpu, memoryGiB: Math.round((DEFAULT_NODE_RESERVE.memoryGiB + 0.02 * pool.memoryGiB) * 1000) / 1000 };
}

/** The fixed part of {@link defaultNodeReserve}: 0.5 CPU and 100 MiB + 768 MiB of memory per node (plus 2 % of the node's memory). */
export const DEFAULT_NODE_RESERVE: Required<NodeReserve> = { cpu: 0.5, memoryGiB: (100 + 768) / 1024 };

/** GPUs of one extended resource over every node of every pool (what a quota of that resource can ever use). */
export function clusterGpus(spec: ClusterSpec, resource = 'nvidia.com/gpu'): number {
  return spec.nodePools.filter((p) => (p.gpuResource ?? 'nvidia.com/gpu') === resource).reduce((n, p) => n + p.count * (p.gpus ?? 0), 0);
}

/** What every worker pool of the cluster can give to pods (after the node reserve), in cores and GiB. */
export function workerAllocatable(spec: ClusterSpec): { cpu: number; memoryGiB: number } {
  let cpu = 0;
  let mem = 0;
  for (const p of spec.nodePools.filter((x) => x.roles.includes('worker'))) {
    const a = allocatableOf(spec, p);
    cpu += (p.count * a.cpuMillis) / 1000;
    mem += (p.count * a.memoryBytes) / 1024 ** 3;
  }
  return { cpu, memoryGiB: mem };
}

/** The reserve that applies to a pool. */
export function reserveOf(spec: ClusterSpec, pool: NodePoolSpec): Required<NodeReserve> {
  const d = defaultNodeReserve(pool);
  return {
    cpu: pool.reserved?.cpu ?? spec.capacity?.nodeReserve?.cpu ?? d.cpu,
    memoryGiB: pool.reserved?.memoryGiB ?? spec.capacity?.nodeReserve?.memoryGiB ?? d.memoryGiB,
  };
}

/** What one node of a pool can give to pods (before any pod is placed). */
export interface Allocatable {
  /** CPU in millicores. */
  readonly cpuMillis: number;
  /** Memory in bytes. */
  readonly memoryBytes: number;
  /** GPUs by extended resource name. */
  readonly extended: Readonly<Record<string, number>>;
}

const GiB = 1024 ** 3;

export function allocatableOf(spec: ClusterSpec, pool: NodePoolSpec): Allocatable {
  const r = reserveOf(spec, pool);
  return {
    cpuMillis: Math.max(0, Math.round((pool.vcpus - r.cpu) * 1000)),
    memoryBytes: Math.max(0, Math.round((pool.memoryGiB - r.memoryGiB) * GiB)),
    extended: (pool.gpus ?? 0) > 0 ? { [pool.gpuResource ?? 'nvidia.com/gpu']: pool.gpus! } : {},
  };
}

/**
 * Labels every node of the pool carries: the pool's own, `kubernetes.io/os`/`arch`, and the role
 * labels the distributions set (RKE2: `node-role.kubernetes.io/<role>=true` on servers; kubeadm and
 * Kubespray: `node-role.kubernetes.io/control-plane=""`).
 */
export function nodeLabelsOf(spec: ClusterSpec, pool: NodePoolSpec): LabelMap {
  const roleValue = spec.kubernetes.distribution === 'rke2' ? 'true' : '';
  const roles: Record<string, string> = {};
  if (pool.roles.includes('control-plane')) roles['node-role.kubernetes.io/control-plane'] = roleValue;
  if (pool.roles.includes('etcd') && spec.kubernetes.distribution === 'rke2') roles['node-role.kubernetes.io/etcd'] = 'true';
  return { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...roles, ...(pool.labels ?? {}) };
}

/** A toleration as in a pod spec. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: string;
}

/** Does one toleration tolerate the taint? (k8s.io/api/core/v1 toleration.go ToleratesTaint) */
export function tolerates(t: Toleration, taint: NodeTaint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  const op = t.operator ?? 'Equal';
  if (!t.key) return op === 'Exists';
  if (t.key !== taint.key) return false;
  return op === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

/** Taints of the pool that keep a pod without a matching toleration off (PreferNoSchedule does not). */
export function blockingTaints(pool: NodePoolSpec, tolerations: readonly Toleration[]): NodeTaint[] {
  return (pool.taints ?? []).filter((taint) => taint.effect !== 'PreferNoSchedule' && !tolerations.some((t) => tolerates(t, taint)));
}

/** A required node affinity term's expression (NodeSelectorRequirement). */
interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: readonly string[];
}

function requirementHolds(r: NodeSelectorRequirement, labels: LabelMap): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(v);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(v);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && Number(v) > Number((r.values ?? [])[0]);
    case 'Lt':
      return has && Number(v) < Number((r.values ?? [])[0]);
    default:
      return false;
  }
}

/** Do the node's labels satisfy the pod's nodeSelector and required node affinity? */
export function nodeMatches(podSpec: any, labels: LabelMap): boolean {
  for (const [k, v] of Object.entries((podSpec?.nodeSelector ?? {}) as Record<string, string>)) if (labels[k] !== v) return false;
  const terms: any[] = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return true;
  return terms.some((t) => (t.matchExpressions ?? []).every((r: NodeSelectorRequirement) => requirementHolds(r, labels)));
}
