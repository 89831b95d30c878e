import { ChartPodSpec } from '../argocd/chart-pods';
import { resources } from '../core/pod';
import { Endpoint, FlowDecl, pods } from '../model/declarations';
import { ISecretKeyRef } from '../secrets/secret-ref';
import { MonitoringResources } from './stack-values';
import {
  ALERTMANAGER_CLAIM,
  ALERTMANAGER_POD_LABELS,
  BLACKBOX_POD_LABELS,
  GRAFANA_POD_LABELS,
  KSM_POD_LABELS,
  NODE_EXPORTER_POD_LABELS,
  OPERATOR_POD_LABELS,
  PROMETHEUS_CLAIM,
  PROMETHEUS_POD_LABELS,
  SERVICES,
} from './stack-names';

/**
 * The pods kube-prometheus-stack 88.5.3 and prometheus-blackbox-exporter 11.17.2 run with hubfleet's
 * values, as the cluster model needs them (read in the charts' templates and prometheus-operator's
 * StatefulSet code), and the flows they need.
 */

/** What the declarations need to know. */
export interface StackPodSettings {
  readonly namespace: string;
  readonly nodeExporterNamespace: string;
  readonly resources: Required<MonitoringResources>;
  readonly volumeGiB: number;
  readonly storageClassName?: string;
  readonly adminUser: ISecretKeyRef;
  readonly adminPassword: ISecretKeyRef;
  readonly notificationSecrets: readonly string[];
}

/** The pods of kube-prometheus-stack (and its subcharts) in the monitoring namespaces. */
export function stackPods(s: StackPodSettings): ChartPodSpec[] {
  const res = s.resources;
  return [
    {
      // prometheus-operator pkg/prometheus/server/statefulset.go: containers prometheus (web port
      // "http-web" 9090, kube-prometheus-stack prometheusSpec.portName) and config-reloader
      // ("reloader-web" 8080), an init config-reloader; templates/prometheus/service.yaml.
      name: 'prometheus',
      labels: PROMETHEUS_POD_LABELS,
      ports: [
        { name: 'http-web', containerPort: 9090 },
        { name: 'reloader-web', containerPort: 8080 },
      ],
      containers: [
        { name: 'prometheus', resources: resources(res.prometheus) },
        { name: 'config-reloader', resources: resources(res.configReloader) },
      ],
      services: [{ name: SERVICES.prometheus.name, ports: [{ name: 'http-web', port: 9090, targetPort: 9090 }, { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' }] }],
      claims: [{ name: PROMETHEUS_CLAIM, storageClassName: s.storageClassName, sizeGiB: s.volumeGiB }],
    },
    {
      // pkg/alertmanager/statefulset.go: web 9093 ("http-web"), mesh 9094, config-reloader 8080.
      name: 'alertmanager',
      labels: ALERTMANAGER_POD_LABELS,
      ports: [
        { name: 'http-web', containerPort: 9093 },
        { name: 'reloader-web', containerPort: 8080 },
      ],
      containers: [
        { name: 'alertmanager', resources: resources(res.alertmanager) },
        { name: 'config-reloader', resources: resources(res.configReloader) },
      ],
      secrets: [...s.notificationSecrets],
      services: [{ name: SERVICES.alertmanager.name, ports: [{ name: 'http-web', port: 9093, targetPort: 9093 }, { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' }] }],
      claims: [{ name: ALERTMANAGER_CLAIM, storageClassName: s.storageClassName, sizeGiB: 1 }],
    },
    {
      // templates/prometheus-operator/deployment.yaml: port "http" 8080 (tls disabled).
      name: 'prometheus-operator',
      labels: OPERATOR_POD_LABELS,
      ports: [{ name: 'http', containerPort: 8080 }],
      containers: [{ name: 'kube-prometheus-stack', resources: resources(res.operator) }],
      services: [{ name: SERVICES.operator.name, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] }],
    },
    {
      // grafana chart templates/_pod.tpl: container grafana (port "grafana" 3000) and the dashboard
      // and datasource sidecars; admin credentials from admin.existingSecret; Service "grafana" 80.
      name: 'grafana',
      labels: GRAFANA_POD_LABELS,
      ports: [{ name: 'grafana', containerPort: 3000 }],
      containers: [
        { name: 'grafana', resources: resources(res.grafana) },
        { name: 'grafana-sc-dashboard', resources: resources(res.grafanaSidecar) },
        { name: 'grafana-sc-datasources', resources: resources(res.grafanaSidecar) },
      ],
      secretKeys: [s.adminUser, s.adminPassword],
      services: [{ name: SERVICES.grafana.name, ports: [{ name: 'http-web', port: 80, targetPort: 'grafana' }] }],
    },
    {
      // kube-state-metrics chart templates/deployment.yaml: port "http" 8080.
      name: 'kube-state-metrics',
      labels: KSM_POD_LABELS,
      ports: [{ name: 'http', containerPort: 8080 }],
      containers: [{ name: 'kube-state-metrics', resources: resources(res.kubeStateMetrics) }],
      services: [{ name: SERVICES.kubeStateMetrics.name, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] }],
    },
    {
      // prometheus-node-exporter chart templates/daemonset.yaml: host network and PID, port
      // "http-metrics" 9100; hubfleet's values tolerate every taint.
      name: 'node-exporter',
      namespace: s.nodeExporterNamespace,
      labels: NODE_EXPORTER_POD_LABELS,
      perNode: true,
      hostNetwork: true,
      ports: [{ name: 'http-metrics', containerPort: 9100 }],
      containers: [{ name: 'node-exporter', resources: resources(res.nodeExporter) }],
      tolerations: [{ operator: 'Exists' }],
      services: [{ name: SERVICES.nodeExporter.name, ports: [{ name: 'http-metrics', port: 9100, targetPort: 9100 }] }],
    },
  ];
}

/** The blackbox exporter's pod (prometheus-blackbox-exporter chart: port "http" 9115). */
export function blackboxPods(res: Required<MonitoringResources>): ChartPodSpec[] {
  return [
    {
      name: 'blackbox-exporter',
      labels: BLACKBOX_POD_LABELS,
      ports: [{ name: 'http', containerPort: 9115 }],
      containers: [{ name: 'blackbox-exporter', resources: resources(res.blackboxExporter) }],
      services: [{ name: SERVICES.blackbox.name, ports: [{ name: 'http', port: 9115, targetPort: 'http' }] }],
    },
  ];
}

/** Ends of the flows, by component. */
export function stackEnds(ns: string, nodeExporterNs: string) {
  return {
    prometheus: pods(ns, PROMETHEUS_POD_LABELS, 'Prometheus'),
    alertmanager: pods(ns, ALERTMANAGER_POD_LABELS, 'Alertmanager'),
    grafana: pods(ns, GRAFANA_POD_LABELS, 'Grafana'),
    kubeStateMetrics: pods(ns, KSM_POD_LABELS, 'kube-state-metrics'),
    operator: pods(ns, OPERATOR_POD_LABELS, 'the Prometheus operator'),
    nodeExporter: pods(nodeExporterNs, NODE_EXPORTER_POD_LABELS, 'node-exporter'),
    blackbox: pods(ns, BLACKBOX_POD_LABELS, 'the blackbox exporter'),
  };
}

/** cert-manager's controller as Prometheus reaches it: hubfleet's chart or one that runs already. */
export interface CertManagerScrape {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly port: number;
}

/** What the flows depend on beyond the namespaces. */
export interface StackFlowSettings {
  readonly namespace: string;
  readonly nodeExporterNamespace: string;
  readonly nodeCidr: string;
  /** cert-manager's controller, when one runs (Prometheus scrapes its certificate expiry). */
  readonly certManager?: CertManagerScrape;
  /** The NFS server address probed on 2049, when the cluster has NFS. */
  readonly nfs?: Endpoint;
  /** Where Alertmanager sends notifications: address, port, why. */
  readonly notificationTargets: ReadonlyArray<{ readonly to: Endpoint; readonly port: number; readonly why: string }>;
}

/** The flows the monitoring stack needs, proved on the NetworkPolicies of both ends. */
export function stackFlows(s: StackFlowSettings): FlowDecl[] {
  const e = stackEnds(s.namespace, s.nodeExporterNamespace);
  const allowed = (from: Endpoint, to: Endpoint, port: number | string, why: string, protocol: 'TCP' | 'UDP' = 'TCP'): FlowDecl => ({ from, to, port, protocol, expect: 'allowed', why });
  const kubelets: Endpoint = { kind: 'address', cidr: s.nodeCidr, name: 'the kubelets' };
  const flows: FlowDecl[] = [
    allowed(e.prometheus, e.kubeStateMetrics, 'http', 'Prometheus scrapes kube-state-metrics (pods, claims, deployments)'),
    allowed(e.prometheus, e.nodeExporter, 'http-metrics', 'Prometheus scrapes node-exporter on every node'),
    allowed(e.prometheus, kubelets, 10250, 'Prometheus scrapes the kubelets (cAdvisor container metrics, volume stats)'),
    allowed(e.prometheus, { kind: 'api-server' }, 443, 'Prometheus discovers its targets and scrapes the API server'),
    allowed(e.prometheus, { kind: 'dns' }, 9153, 'Prometheus scrapes the cluster DNS'),
    allowed(e.prometheus, e.alertmanager, 'http-web', 'Prometheus sends alerts to Alertmanager'),
    allowed(e.prometheus, e.alertmanager, 'reloader-web', "Prometheus scrapes Alertmanager's config reloader"),
    allowed(e.prometheus, e.prometheus, 'http-web', 'Prometheus scrapes itself'),
    allowed(e.prometheus, e.operator, 'http', 'Prometheus scrapes the operator'),
    allowed(e.prometheus, e.grafana, 'grafana', 'Prometheus scrapes Grafana'),
    allowed(e.prometheus, e.blackbox, 'http', 'Prometheus asks the blackbox exporter to probe the NFS server'),
    allowed(e.prometheus, { kind: 'dns' }, 53, 'Prometheus resolves names', 'UDP'),
    allowed(e.grafana, e.prometheus, 'http-web', 'Grafana queries Prometheus (the dashboards)'),
    allowed(e.grafana, e.alertmanager, 'http-web', 'Grafana shows the alerts'),
    allowed(e.grafana, { kind: 'api-server' }, 443, "Grafana's sidecars load dashboards and data sources from ConfigMaps"),
    allowed(e.grafana, { kind: 'dns' }, 53, 'Grafana resolves the Prometheus Service', 'UDP'),
    allowed(e.kubeStateMetrics, { kind: 'api-server' }, 443, 'kube-state-metrics lists the cluster objects'),
    allowed(e.operator, { kind: 'api-server' }, 443, 'the operator writes the Prometheus configuration and StatefulSets'),
    allowed(e.alertmanager, { kind: 'dns' }, 53, 'Alertmanager resolves the relay and webhook', 'UDP'),
    allowed(e.blackbox, { kind: 'dns' }, 53, 'the blackbox exporter resolves its targets', 'UDP'),
    // A public address stands for the internet (0.0.0.0/0 would include the cluster's own networks).
    { from: e.grafana, to: { kind: 'address', cidr: '192.0.2.0/24', name: 'the internet (a public address)' }, port: 'any', expect: 'denied', why: 'Grafana needs no internet (no update checks, no plugin downloads)' },
    { from: e.prometheus, to: { kind: 'address', cidr: '169.254.169.254/32', name: 'cloud metadata' }, port: 'any', expect: 'denied', why: 'nothing in the monitoring namespace reads cloud metadata' },
  ];
  if (s.certManager) {
    flows.push(allowed(e.prometheus, pods(s.certManager.namespace, s.certManager.labels, "cert-manager's controller"), s.certManager.port, "Prometheus reads cert-manager's certificate expiry"));
  }
  if (s.nfs) flows.push(allowed(e.blackbox, s.nfs, 2049, 'the blackbox exporter probes the NFS server (alert NfsServerUnreachable)'));
  for (const t of s.notificationTargets) flows.push(allowed(e.alertmanager, t.to, t.port, t.why));
  return flows;
}
