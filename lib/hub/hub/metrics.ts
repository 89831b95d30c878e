/**
 * The hub's metrics for the cluster's Prometheus, whoever installs it: `monitoringOf(spec)` is
 * hubfleet's monitoring add-on (ClusterSpec `monitoring`) or one that runs already
 * (`existingAddons.monitoring`); the hub reads nothing else.
 *
 * JupyterHub serves /hub/metrics and, with `authenticate_prometheus` (its default), answers only a
 * token with the `read:metrics` scope (jupyterhub/handlers/metrics.py, `metrics_authentication`). The
 * hub's port also serves its API to the proxy and the user servers, and the proxy routes /hub/ from
 * the internet, so a NetworkPolicy alone could not keep the metrics to Prometheus: hubfleet keeps
 * the authentication and gives Prometheus a token of its own.
 *
 * - a JupyterHub service `prometheus` whose token the hub generates in the cluster (key
 *   `metrics-token` of Secret `hub-generated`, never in Git), with a role that has `read:metrics`
 *   and nothing else;
 * - with prometheus-operator (hubfleet's add-on, or an existing one with `operatorCrds`) a
 *   ServiceMonitor in the hub's namespace: prometheus-operator reads the token from that Secret
 *   (a ServiceMonitor's credentials live in its own namespace) and scrapes `<base>hub/metrics` with
 *   it, copying the Service's `app` and `release` labels onto the series (the JupyterHub dashboards
 *   select `app="jupyterhub"`);
 * - NetworkPolicy `hub-metrics` admitting that Prometheus' pods to the hub's port, and the flow
 *   (`{ kind: 'monitoring' }` → hub) the cluster model proves.
 *
 * Without the operator the Prometheus is configured by hand: it scrapes `<base>hub/metrics` with the
 * token of Secret `hub-generated` key `metrics-token` (lib/monitoring/README.md).
 */
import { Construct } from 'constructs';
import { K8sObject } from '../../core/k8s-object';
import { namespacedPodPeer, networkPolicy, tcp } from '../../core/network-policy';
import { MonitoringFact } from '../../fleet/existing-addons';
import { PackageDeclarations, service } from '../../model/declarations';
import { HUB_PORTS } from '../ports';
import { HubLabels } from '../resolved';
import { GENERATED_KEYS, GENERATED_SECRET_NAME } from './generated-secrets';

/** The hub container's environment variable with Prometheus' token. */
export const METRICS_TOKEN_ENV = 'HUBFLEET_METRICS_TOKEN';

/** The config's share: the `prometheus` service with its token, and its role. */
export interface MetricsSettings {
  readonly metrics?: { readonly tokenEnv: string };
}

/** The hub config's share (nothing without monitoring). */
export function metricsSettings(monitoring: MonitoringFact | undefined): MetricsSettings {
  return monitoring ? { metrics: { tokenEnv: METRICS_TOKEN_ENV } } : {};
}

/** What {@link hubMetrics} needs. */
export interface HubMetricsInput {
  readonly monitoring: MonitoringFact;
  readonly namespace: string;
  readonly labels: HubLabels;
  /** e.g. `/` or `/intro/`. */
  readonly basePath: string;
}

/** NetworkPolicy `hub-metrics`, the ServiceMonitor `hub`, and the flow Prometheus → hub. */
export function hubMetrics(scope: Construct, d: PackageDeclarations, o: HubMetricsInput): void {
  const { labels, select } = o.labels;
  const m = o.monitoring;
  networkPolicy(scope, 'hub-metrics-netpol', {
    name: 'hub-metrics',
    namespace: o.namespace,
    labels: labels('hub'),
    podSelector: select('hub'),
    ingress: [{ peers: [namespacedPodPeer(m.namespace, { ...m.prometheusPodLabels })], ports: tcp(HUB_PORTS.hub) }],
  });
  if (m.operatorCrds) {
    new K8sObject(scope, 'hub-service-monitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: {
        name: 'hub',
        namespace: o.namespace,
        labels: labels('hub'),
        // The CRD comes with the monitoring stack's chart, which may sync after this package.
        annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
      },
      spec: {
        selector: { matchLabels: select('hub') },
        namespaceSelector: { matchNames: [o.namespace] },
        targetLabels: ['app', 'release'],
        endpoints: [
          {
            port: 'hub',
            path: `${o.basePath}hub/metrics`,
            scheme: 'http',
            authorization: { type: 'Bearer', credentials: { name: GENERATED_SECRET_NAME, key: GENERATED_KEYS.metricsToken } },
          },
        ],
      },
    });
  }
  d.flow({ from: { kind: 'monitoring' }, to: service(o.namespace, 'hub'), port: 'hub', expect: 'allowed', why: "the cluster's Prometheus scrapes the hub's metrics (token with read:metrics only)" });
}
