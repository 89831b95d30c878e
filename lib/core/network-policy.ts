import { Construct } from 'constructs';
import { K8sObject } from './k8s-object';

/** Builders for NetworkPolicy peers and rules, as plain Kubernetes JSON. */

export type Peer = Record<string, unknown>;
export type PortSpec = { port?: number | string; protocol?: 'TCP' | 'UDP'; endPort?: number };
export type Rule = { peers?: Peer[]; ports?: PortSpec[] };

/** Pods in the same namespace with these labels. */
export function podPeer(matchLabels: Record<string, string>): Peer {
  return { podSelector: { matchLabels } };
}

/** Pods with these labels in the namespace called `namespace`. */
export function namespacedPodPeer(namespace: string, matchLabels?: Record<string, string>): Peer {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    ...(matchLabels ? { podSelector: { matchLabels } } : {}),
  };
}

/** An IP block, optionally with exceptions. */
export function cidrPeer(cidr: string, except?: readonly string[]): Peer {
  return { ipBlock: { cidr, ...(except && except.length ? { except: [...except] } : {}) } };
}

/** TCP ports. */
export function tcp(...ports: Array<number | string>): PortSpec[] {
  return ports.map((port) => ({ protocol: 'TCP', port }));
}

/** DNS to the cluster's DNS pods (kube-system), UDP and TCP 53. */
export const DNS_RULE: Rule = {
  peers: [namespacedPodPeer('kube-system', { 'k8s-app': 'kube-dns' })],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

function render(rules: Rule[], dir: 'from' | 'to'): unknown[] {
  return rules.map((r) => ({ ...(r.peers ? { [dir]: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) }));
}

/** Props of {@link networkPolicy}. */
export interface NetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  /** Pods the policy applies to; `{}` selects every pod. */
  readonly podSelector: Record<string, string>;
  /** Allowed ingress; `undefined` leaves ingress unrestricted by this policy (policyTypes omits it). */
  readonly ingress?: Rule[];
  /** Allowed egress; `undefined` leaves egress out of this policy. */
  readonly egress?: Rule[];
}

/** A NetworkPolicy object. */
export function networkPolicy(scope: Construct, id: string, p: NetworkPolicyProps): K8sObject {
  const types = [...(p.ingress ? ['Ingress'] : []), ...(p.egress ? ['Egress'] : [])];
  return new K8sObject(scope, id, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: p.name, namespace: p.namespace, ...(p.labels ? { labels: p.labels } : {}) },
    spec: {
      podSelector: Object.keys(p.podSelector).length ? { matchLabels: p.podSelector } : {},
      policyTypes: types,
      ...(p.ingress && p.ingress.length ? { ingress: render(p.ingress, 'from') } : {}),
      ...(p.egress && p.egress.length ? { egress: render(p.egress, 'to') } : {}),
    },
  });
}
