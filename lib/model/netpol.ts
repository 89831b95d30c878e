import { Cidr } from '../core/names';
import { ipBlockAdmits, Tri, triAnd, triOr } from './address-set';
import { LabelMap, LabelSelector, selects } from './selectors';

/**
 * hubfleet's NetworkPolicy evaluator, following the Kubernetes semantics of networking.k8s.io/v1
 * (k8s.io/api/networking/v1/types.go and the "Network Policies" concept page):
 *
 * - A pod is isolated for a direction when at least one policy of its namespace selects it
 *   (`podSelector`) with that direction in `policyTypes` (default: Ingress always, Egress when the
 *   policy has egress rules). An isolated pod admits a connection when any rule of any such policy
 *   matches it; a pod no policy selects admits everything in that direction.
 * - A connection is allowed when the source's egress AND the destination's ingress admit it
 *   (ends outside the pod network have no policies of their own).
 * - A rule matches when one of its peers matches (no peers, or an empty list: every peer) and one
 *   of its ports matches (no ports: every port). Peers: `podSelector` alone = pods of the policy's
 *   namespace; `namespaceSelector` alone = every pod of matching namespaces; both = matching pods in
 *   matching namespaces; `ipBlock` = addresses in `cidr` and not in `except`.
 * - Ports: protocol (default TCP), a number (with `endPort`, a range), or a name that refers to a
 *   container port of the destination pod.
 *
 * Pod addresses are not known before pods run, so an `ipBlock` can admit a pod for certain, not at
 * all, or `maybe` (the block covers part of the pod network): needed flows must be `yes`, forbidden
 * flows `no`.
 *
 * Pods on the host network (`hostNetwork: true`) are taken as the most common implementation treats
 * them (the "Network Policies" concept page, "NetworkPolicy and hostNetwork pods"): their traffic
 * is the node's, so no policy isolates them, and `podSelector`/`namespaceSelector` peers never
 * match them; only an `ipBlock` covering the node network does.
 */

/** A container port of a pod. */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

/** One end of a connection. */
export type FlowEnd =
  | {
      readonly kind: 'pod';
      /** For messages, e.g. `course-intro/Deployment hub`. */
      readonly name: string;
      readonly namespace: string;
      readonly nsLabels: LabelMap;
      readonly labels: LabelMap;
      readonly ports: readonly ContainerPort[];
      /** The addresses the pod may have: the pod network, or the node network for hostNetwork pods. */
      readonly address: Cidr;
      /** On the node's network: policies neither isolate nor select it. @default false */
      readonly hostNetwork?: boolean;
    }
  | { readonly kind: 'address'; readonly name: string; readonly address: Cidr };

/** A NetworkPolicy as the evaluator needs it (the object's JSON). */
export interface PolicyObject {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly podSelector?: LabelSelector;
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly PolicyRule[];
    readonly egress?: readonly PolicyRule[];
  };
}

interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

interface PolicyPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

interface PolicyRule {
  readonly from?: readonly PolicyPeer[];
  readonly to?: readonly PolicyPeer[];
  readonly ports?: readonly PolicyPort[];
}

/** The answer for one connection, with what decided it (for messages). */
export interface Verdict {
  readonly allowed: Tri;
  readonly egress: Tri;
  readonly ingress: Tri;
  /** Policies that isolate the source for egress (empty: not isolated). */
  readonly egressPolicies: readonly string[];
  /** Policies that isolate the destination for ingress. */
  readonly ingressPolicies: readonly string[];
}

/** `port` of a connection: a number, or `any` (is some port allowed?). */
export type FlowPort = number | 'any';

function types(p: PolicyObject): string[] {
  if (p.spec.policyTypes && p.spec.policyTypes.length) return [...p.spec.policyTypes];
  return ['Ingress', ...(p.spec.egress && p.spec.egress.length ? ['Egress'] : [])];
}

/** Does a peer of a policy in `policyNs` match `end`? */
function peerMatches(peer: PolicyPeer, policyNs: string, end: FlowEnd): Tri {
  if (peer.ipBlock) return ipBlockAdmits(peer.ipBlock, end.address);
  if (end.kind !== 'pod' || end.hostNetwork) return 'no';
  if (peer.namespaceSelector) {
    if (!selects(peer.namespaceSelector, end.nsLabels)) return 'no';
  } else if (end.namespace !== policyNs) return 'no';
  if (peer.podSelector && !selects(peer.podSelector, end.labels)) return 'no';
  return 'yes';
}

/** Does a rule port admit `port`/`protocol` on the destination `dst`? */
function portMatches(rp: PolicyPort, port: FlowPort, protocol: string, dst: FlowEnd): boolean {
  if ((rp.protocol ?? 'TCP') !== protocol) return false;
  if (rp.port === undefined || port === 'any') return true;
  if (typeof rp.port === 'number') return rp.endPort !== undefined ? port >= rp.port && port <= rp.endPort : port === rp.port;
  // A named port refers to a container port of the destination pod.
  if (dst.kind !== 'pod') return false;
  return dst.ports.some((cp) => cp.name === rp.port && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port);
}

function ruleMatches(rule: PolicyRule, peers: readonly PolicyPeer[] | undefined, policyNs: string, other: FlowEnd, port: FlowPort, protocol: string, dst: FlowEnd): Tri {
  const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((rp) => portMatches(rp, port, protocol, dst));
  if (!portOk) return 'no';
  if (!peers || peers.length === 0) return 'yes';
  return peers.reduce<Tri>((acc, p) => triOr(acc, peerMatches(p, policyNs, other)), 'no');
}

/** Policies indexed by namespace. */
export class PolicySet {
  private readonly byNs = new Map<string, PolicyObject[]>();
  /** Isolating policies per pod end and direction (ends are reused, so this is computed once per workload). */
  private readonly cache = { Ingress: new WeakMap<object, PolicyObject[]>(), Egress: new WeakMap<object, PolicyObject[]>() };

  constructor(policies: readonly PolicyObject[], readonly enforced = true) {
    for (const p of policies) {
      const list = this.byNs.get(p.metadata.namespace) ?? [];
      list.push(p);
      this.byNs.set(p.metadata.namespace, list);
    }
  }

  /** Policies of a pod's namespace that select it for a direction. */
  isolating(end: FlowEnd, direction: 'Ingress' | 'Egress'): PolicyObject[] {
    if (end.kind !== 'pod' || end.hostNetwork) return [];
    const cached = this.cache[direction].get(end);
    if (cached) return cached;
    const found = (this.byNs.get(end.namespace) ?? []).filter((p) => types(p).includes(direction) && selects(p.spec.podSelector ?? {}, end.labels));
    this.cache[direction].set(end, found);
    return found;
  }

  private side(self: FlowEnd, other: FlowEnd, direction: 'Ingress' | 'Egress', port: FlowPort, protocol: string, dst: FlowEnd): { tri: Tri; names: string[] } {
    if (self.kind !== 'pod' || !this.enforced) return { tri: 'yes', names: [] };
    const isolating = this.isolating(self, direction);
    if (isolating.length === 0) return { tri: 'yes', names: [] };
    let tri: Tri = 'no';
    for (const p of isolating) {
      const rules = direction === 'Ingress' ? p.spec.ingress ?? [] : p.spec.egress ?? [];
      for (const r of rules) tri = triOr(tri, ruleMatches(r, direction === 'Ingress' ? r.from : r.to, p.metadata.namespace, other, port, protocol, dst));
    }
    return { tri, names: isolating.map((p) => `${p.metadata.namespace}/${p.metadata.name}`) };
  }

  /** May `from` open a connection to `to` on `port`? */
  evaluate(from: FlowEnd, to: FlowEnd, port: FlowPort, protocol = 'TCP'): Verdict {
    const egress = this.side(from, to, 'Egress', port, protocol, to);
    const ingress = this.side(to, from, 'Ingress', port, protocol, to);
    return { allowed: triAnd(egress.tri, ingress.tri), egress: egress.tri, ingress: ingress.tri, egressPolicies: egress.names, ingressPolicies: ingress.names };
  }
}
