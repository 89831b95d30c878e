/**
 * The names and labels kube-prometheus-stack 88.5.3 gives its objects and pods for the values
 * hubfleet sets (release `monitoring`, `fullnameOverride: monitoring`, subchart fullnames
 * `grafana`, `kube-state-metrics`, `node-exporter`), read from the chart's templates and from
 * prometheus-operator v0.93 (which makes the Prometheus and Alertmanager StatefulSets). One place, so
 * the values, the declared pods, the NetworkPolicies, the datasource and the alert rules agree.
 */

/** Helm release name (the `instance` label of the subcharts' pods). */
export const RELEASE = 'monitoring';
/** kube-prometheus-stack `fullnameOverride`: prefix of the operator, Prometheus and Alertmanager objects. */
export const FULLNAME = 'monitoring';

/** The Prometheus custom resource (templates/_helpers.tpl `prometheus.crname`: fullname + "-prometheus"). */
export const PROMETHEUS_NAME = `${FULLNAME}-prometheus`;
/** The Alertmanager custom resource. */
export const ALERTMANAGER_NAME = `${FULLNAME}-alertmanager`;

/**
 * Pod labels of Prometheus (prometheus-operator pkg/prometheus/server/operator.go makeSelectorLabels;
 * the shard label is added by statefulset.go). Hubs admit hubfleet's Prometheus by a subset of
 * them (HUBFLEET_MONITORING, lib/fleet/existing-addons.ts; test/hub/metrics.test.ts proves the flow on them).
 */
export const PROMETHEUS_POD_LABELS = {
  'app.kubernetes.io/name': 'prometheus',
  'app.kubernetes.io/instance': PROMETHEUS_NAME,
  'app.kubernetes.io/managed-by': 'prometheus-operator',
  'operator.prometheus.io/name': PROMETHEUS_NAME,
  prometheus: PROMETHEUS_NAME,
} as const;

/** Pod labels of Alertmanager (prometheus-operator pkg/alertmanager/operator.go makeSelectorLabels). */
export const ALERTMANAGER_POD_LABELS = {
  'app.kubernetes.io/name': 'alertmanager',
  'app.kubernetes.io/instance': ALERTMANAGER_NAME,
  'app.kubernetes.io/managed-by': 'prometheus-operator',
  alertmanager: ALERTMANAGER_NAME,
} as const;

/** The operator's pods (templates/prometheus-operator/deployment.yaml: app + release). */
export const OPERATOR_POD_LABELS = { app: 'kube-prometheus-stack-operator', release: RELEASE } as const;

/** Grafana's pods (grafana chart templates/_helpers.tpl grafana.selectorLabels). */
export const GRAFANA_POD_LABELS = { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': RELEASE } as const;

/** kube-state-metrics' pods (kube-state-metrics chart kube-state-metrics.selectorLabels). */
export const KSM_POD_LABELS = { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': RELEASE } as const;

/** node-exporter's pods (prometheus-node-exporter chart selectorLabels). */
export const NODE_EXPORTER_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus-node-exporter', 'app.kubernetes.io/instance': RELEASE } as const;

/** The blackbox exporter's release and pods (prometheus-blackbox-exporter chart selectorLabels). */
export const BLACKBOX_RELEASE = 'blackbox-exporter';
export const BLACKBOX_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus-blackbox-exporter', 'app.kubernetes.io/instance': BLACKBOX_RELEASE } as const;

/** Services (name → port) the datasource, Grafana's route and the rules use. */
export const SERVICES = {
  prometheus: { name: PROMETHEUS_NAME, port: 9090 },
  alertmanager: { name: ALERTMANAGER_NAME, port: 9093 },
  grafana: { name: 'grafana', port: 80 },
  kubeStateMetrics: { name: 'kube-state-metrics', port: 8080 },
  nodeExporter: { name: 'node-exporter', port: 9100 },
  operator: { name: `${FULLNAME}-operator`, port: 8080 },
  blackbox: { name: BLACKBOX_RELEASE, port: 9115 },
} as const;

/** The claim prometheus-operator's StatefulSet makes for Prometheus pod `i` (pkg/prometheus/common.go VolumeName; StatefulSet `prometheus-<name>`). */
export const PROMETHEUS_CLAIM = `prometheus-${PROMETHEUS_NAME}-db-prometheus-${PROMETHEUS_NAME}-*`;
/** Alertmanager's claim (pkg/alertmanager: `alertmanager-<name>-db`, StatefulSet `alertmanager-<name>`). */
export const ALERTMANAGER_CLAIM = `alertmanager-${ALERTMANAGER_NAME}-db-alertmanager-${ALERTMANAGER_NAME}-*`;

/** Labels the Grafana sidecars watch (kube-prometheus-stack values: grafana.sidecar.*.label / labelValue). */
export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
export const DATASOURCE_LABEL = { grafana_datasource: '1' } as const;
/** The annotation whose value is the dashboard's Grafana folder (sidecar.dashboards.folderAnnotation). */
export const FOLDER_ANNOTATION = 'grafana_folder';
/** Where the dashboard sidecar writes (grafana chart sidecar.dashboards.folder). */
export const DASHBOARD_DIR = '/tmp/dashboards';
/** The datasource uid hubfleet's dashboards name. */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';
export const ALERTMANAGER_DATASOURCE_UID = 'alertmanager';
