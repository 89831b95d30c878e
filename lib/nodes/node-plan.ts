/**
 * The node plan: every VM of a cluster with its name, roles and address, computed from the
 * ClusterSpec alone. The node pools, the cloud-init renderer and the Kubespray inventory all read
 * it, so the three always agree.
 */
import type { ClusterSpec, NodePoolSpec, NodeRole } from '../fleet/cluster-spec';
import { nodeName, poolAddresses } from './infrastructure';

/** One planned VM. */
export interface PlannedNode {
  /** VM and host name, `<cluster>-<pool>-<n>`. */
  readonly name: string;
  readonly pool: NodePoolSpec;
  /** 0-based index within the pool. */
  readonly index: number;
  /** Fixed IPv4 address. @default undefined (DHCP) */
  readonly address?: string;
  /**
   * The RKE2 server that starts the cluster: the first node of the first pool holding etcd, while
   * `kubernetes.bootstrapped` is false (this apply creates the cluster). It has no `server:` line;
   * every other node joins through the registration address. Once the spec says `bootstrapped:
   * true`, no node is the init server: a rebuilt first node joins like the rest.
   */
  readonly initServer: boolean;
}

/** How RKE2 runs on a node with these roles. */
export function rke2Type(roles: readonly NodeRole[]): 'server' | 'agent' {
  return roles.includes('etcd') || roles.includes('control-plane') ? 'server' : 'agent';
}

/** Kubespray inventory groups of a node with these roles. */
export function kubesprayGroups(roles: readonly NodeRole[]): string[] {
  const g: string[] = [];
  if (roles.includes('etcd')) g.push('etcd');
  if (roles.includes('control-plane')) g.push('kube_control_plane');
  if (roles.includes('worker')) g.push('kube_node');
  if (roles.includes('control-plane') || roles.includes('worker')) g.push('k8s_cluster');
  return g;
}

/** A Terraform identifier from a DNS label (`cp-large` → `cp_large`). */
export function tfId(...parts: string[]): string {
  const s = parts.join('_').replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `n_${s}`;
}

/** Plan every VM of the cluster, in pool order. */
export function planNodes(spec: ClusterSpec): PlannedNode[] {
  const initPool = spec.kubernetes.bootstrapped ? undefined : spec.nodePools.find((p) => p.roles.includes('etcd'));
  const out: PlannedNode[] = [];
  for (const pool of spec.nodePools) {
    const addresses = poolAddresses(spec, pool);
    for (let i = 0; i < pool.count; i++) {
      out.push({
        name: nodeName(spec, pool, i),
        pool,
        index: i,
        address: addresses?.[i],
        initServer: pool === initPool && i === 0,
      });
    }
  }
  return out;
}

/** The pool called `poolName`, or an error that lists the pools there are. */
export function poolOf(spec: ClusterSpec, poolName: string): NodePoolSpec {
  const pool = spec.nodePools.find((p) => p.name === poolName);
  if (!pool) {
    throw new Error(`cluster ${spec.name}: no node pool named "${poolName}". Fix: use one of ${spec.nodePools.map((p) => p.name).join(', ')}.`);
  }
  return pool;
}

/** The planned VMs of one pool. */
export function planPool(spec: ClusterSpec, poolName: string): PlannedNode[] {
  return planNodes(spec).filter((n) => n.pool.name === poolName);
}
