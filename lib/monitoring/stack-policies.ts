import { Construct } from 'constructs';
import { cidrPeer, DNS_RULE, namespacedPodPeer, networkPolicy, Peer, podPeer, PortSpec, Rule, tcp } from '../core/network-policy';
import { ingressControllerPeers } from '../fleet/public-route';
import type { CertManagerScrape } from './stack-pods';
import {
  ALERTMANAGER_POD_LABELS,
  BLACKBOX_POD_LABELS,
  GRAFANA_POD_LABELS,
  KSM_POD_LABELS,
  OPERATOR_POD_LABELS,
  PROMETHEUS_POD_LABELS,
} from './stack-names';

/** What the policies need to know. */
export interface StackPolicySettings {
  readonly namespace: string;
  readonly nodeCidr: string;
  readonly serviceCidr: string;
  /** Every hub's pods (the metrics endpoint on 8081): any namespace, JupyterHub's hub labels. */
  readonly hubPort: number;
  /** cert-manager's controller, when one runs. */
  readonly certManager?: CertManagerScrape;
  /** NFS server peer and port for the blackbox probe. */
  readonly nfs?: Peer;
  /**
   * Pods of other namespaces that read Prometheus' HTTP API (the course portal's usage): each
   * declared a flow to `{ kind: 'monitoring' }` (lib/model/declarations.ts), admitted on its port.
   * @default none
   */
  readonly readers?: ReadonlyArray<{ readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly port: number }>;
  /** Alertmanager's notification targets. */
  readonly notifications: ReadonlyArray<{ readonly peer: Peer; readonly ports: PortSpec[] }>;
}

const matchLabels = (l: Readonly<Record<string, string>>) => ({ ...l });

/**
 * The monitoring namespace's NetworkPolicies, one per component on top of its default-deny: each
 * admits exactly the flows lib/monitoring/stack-pods.ts declares (synth proves them).
 */
export function stackPolicies(scope: Construct, s: StackPolicySettings): void {
  const ns = s.namespace;
  const labels = { 'app.kubernetes.io/part-of': 'hubfleet', 'app.kubernetes.io/component': 'monitoring' };
  const api: Rule[] = [
    { peers: [cidrPeer(s.nodeCidr)], ports: tcp(6443) },
    { peers: [cidrPeer(s.serviceCidr)], ports: tcp(443) },
  ];
  const prometheus = podPeer(matchLabels(PROMETHEUS_POD_LABELS));
  const grafana = podPeer(matchLabels(GRAFANA_POD_LABELS));
  const pol = (name: string, podSelector: Readonly<Record<string, string>>, ingress: Rule[], egress: Rule[]) =>
    networkPolicy(scope, `policy-${name}`, { name, namespace: ns, labels, podSelector: matchLabels(podSelector), ingress, egress });

  pol(
    'prometheus',
    PROMETHEUS_POD_LABELS,
    [
      { peers: [grafana], ports: tcp(9090) },
      { peers: [prometheus], ports: tcp(9090, 8080) },
      ...(s.readers ?? []).map((r) => ({ peers: [namespacedPodPeer(r.namespace, { ...r.labels })], ports: tcp(r.port) })),
    ],
    [
      DNS_RULE,
      ...api,
      // Scrapes: the kubelets and node-exporter (host network) on the nodes, the cluster DNS.
      { peers: [cidrPeer(s.nodeCidr)], ports: tcp(10250, 9100) },
      { peers: [namespacedPodPeer('kube-system', { 'k8s-app': 'kube-dns' })], ports: tcp(9153) },
      // Every hub's metrics (the hub admits Prometheus in its own policy; ClusterSpec monitoring).
      { peers: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'jupyterhub', component: 'hub' } } }], ports: tcp(s.hubPort) },
      { peers: [podPeer(matchLabels(KSM_POD_LABELS))], ports: tcp(8080) },
      { peers: [podPeer(matchLabels(OPERATOR_POD_LABELS))], ports: tcp(8080) },
      { peers: [podPeer(matchLabels(ALERTMANAGER_POD_LABELS))], ports: tcp(9093, 8080) },
      { peers: [prometheus], ports: tcp(9090, 8080) },
      { peers: [grafana], ports: tcp(3000) },
      { peers: [podPeer(matchLabels(BLACKBOX_POD_LABELS))], ports: tcp(9115) },
      ...(s.certManager ? [{ peers: [namespacedPodPeer(s.certManager.namespace, s.certManager.labels)], ports: tcp(s.certManager.port) }] : []),
    ],
  );
  pol(
    'alertmanager',
    ALERTMANAGER_POD_LABELS,
    [
      { peers: [prometheus], ports: tcp(9093, 8080) },
      { peers: [grafana], ports: tcp(9093) },
    ],
    [DNS_RULE, ...s.notifications.map((n) => ({ peers: [n.peer], ports: n.ports }))],
  );
  pol(
    'grafana',
    GRAFANA_POD_LABELS,
    [
      { peers: ingressControllerPeers(scope), ports: tcp(3000) },
      { peers: [prometheus], ports: tcp(3000) },
    ],
    [DNS_RULE, ...api, { peers: [prometheus], ports: tcp(9090) }, { peers: [podPeer(matchLabels(ALERTMANAGER_POD_LABELS))], ports: tcp(9093) }],
  );
  pol('kube-state-metrics', KSM_POD_LABELS, [{ peers: [prometheus], ports: tcp(8080) }], [...api]);
  pol('prometheus-operator', OPERATOR_POD_LABELS, [{ peers: [prometheus], ports: tcp(8080) }], [...api]);
  pol('blackbox-exporter', BLACKBOX_POD_LABELS, [{ peers: [prometheus], ports: tcp(9115) }], [DNS_RULE, ...(s.nfs ? [{ peers: [s.nfs], ports: tcp(2049) }] : [])]);
}
