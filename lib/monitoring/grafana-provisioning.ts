import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { toYaml } from '../fleet/yaml';
import { dashboardJson, DashboardSpec } from './dashboards/grafana';
import {
  ALERTMANAGER_DATASOURCE_UID,
  DASHBOARD_LABEL,
  DATASOURCE_LABEL,
  FOLDER_ANNOTATION,
  PROMETHEUS_DATASOURCE_UID,
  SERVICES,
} from './stack-names';

/**
 * Grafana's data sources and dashboards as ConfigMaps in Git. Grafana's sidecars (kiwigrid
 * k8s-sidecar, configured by kube-prometheus-stack's Grafana values) copy every ConfigMap labelled
 * `grafana_datasource: "1"` into /etc/grafana/provisioning/datasources and every one labelled
 * `grafana_dashboard: "1"` into /tmp/dashboards/<grafana_folder annotation>/, where Grafana's file
 * provider loads them (folders from the directory names). Argo CD re-creates them from Git, so
 * deleting Grafana's pod, a claim or the whole namespace loses no dashboard; edits in the UI are not
 * kept (allowUiUpdates: false): change the TypeScript and synth.
 */

/** The data sources file (Grafana's provisioning format, apiVersion 1). */
export function datasourcesYaml(namespace: string): Record<string, unknown> {
  const url = (s: { name: string; port: number }) => `http://${s.name}.${namespace}.svc:${s.port}`;
  return {
    apiVersion: 1,
    datasources: [
      { name: 'Prometheus', type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID, access: 'proxy', url: url(SERVICES.prometheus), isDefault: true, editable: false, jsonData: { httpMethod: 'POST', timeInterval: '30s' } },
      { name: 'Alertmanager', type: 'alertmanager', uid: ALERTMANAGER_DATASOURCE_UID, access: 'proxy', url: url(SERVICES.alertmanager), editable: false, jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false } },
    ],
  };
}

/** A dashboard in a Grafana folder. */
export interface FolderedDashboard {
  readonly folder: string;
  readonly dashboard: DashboardSpec;
}

/** Render the data source ConfigMap and one ConfigMap per dashboard in `namespace`. */
export function grafanaProvisioning(scope: Construct, namespace: string, dashboards: readonly FolderedDashboard[]): void {
  const labels = { 'app.kubernetes.io/part-of': 'hubfleet', 'app.kubernetes.io/component': 'grafana' };
  new K8sObject(scope, 'grafana-datasources', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'grafana-datasources', namespace, labels: { ...labels, ...DATASOURCE_LABEL } },
    data: { 'hubfleet-datasources.yaml': toYaml(datasourcesYaml(namespace)) },
  });
  for (const d of dashboards) {
    const json = dashboardJson(d.dashboard);
    new K8sObject(scope, `dashboard-${d.dashboard.uid}`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `dashboard-${d.dashboard.uid}`, namespace, labels: { ...labels, ...DASHBOARD_LABEL }, annotations: { [FOLDER_ANNOTATION]: d.folder } },
      data: { [`${d.dashboard.uid}.json`]: `${JSON.stringify(json, null, 1)}\n` },
    });
  }
}
