/**
 * hubfleet's own dashboards: Exams (is every exam hub ready, are its seats held, do servers start)
 * and Capacity versus use (what each hub was planned for against what it uses). Both put the plan
 * of the app next to the measurements: planned values are constant series made with
 * `label_replace(vector(N), …)`, so Grafana draws them beside the real ones.
 */
import { DashboardSpec, dashedOverride, DATASOURCE_VARIABLE, PanelSpec } from './grafana';
import { HUB_VARIABLE } from './jupyterhub';

/** A hub as the dashboards need it (from its inventory entry). */
export interface DashboardHub {
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  /** Planned servers at once (maxConcurrentUsers, or an exam's seats). */
  readonly concurrency: number;
  /** Memory guarantee of the default server, GiB. */
  readonly memoryGuaranteeGiB: number;
  /** Exams: the window (ISO times). */
  readonly window?: { readonly start: string; readonly end: string };
}

/** A constant series per hub: `label_replace(vector(v), "namespace", ns, "", "") or …`. */
export function plannedSeries(hubs: readonly DashboardHub[], value: (h: DashboardHub) => number): string {
  if (!hubs.length) return 'vector(0) unless vector(0)';
  return hubs.map((h) => `label_replace(vector(${value(h)}), "namespace", "${h.namespace}", "", "")`).join('\nor ');
}

/** Namespaces of exam hubs, by their namespace label (kube-state-metrics allow-lists hubfleet.io/kind). */
const EXAMS = '* on (namespace) group_left() kube_namespace_labels{label_hubfleet_io_kind="exam"}';

/** "Exams": readiness, seats and starts of every exam hub. */
export function examsDashboard(hubs: readonly DashboardHub[]): DashboardSpec {
  const exams = hubs.filter((h) => h.kind === 'exam');
  const windows = exams.map((e) => `${e.name}: ${e.window?.start ?? '?'} – ${e.window?.end ?? '?'}`).join('; ');
  return {
    uid: 'hubfleet-exams',
    title: 'Exams',
    tags: ['jupyterhub', 'hubfleet', 'exams'],
    description: `hubfleet: the exam hubs of this cluster. Windows: ${windows || 'none'}.`,
    from: 'now-12h',
    variables: [DATASOURCE_VARIABLE],
    content: [
      {
        row: 'Before the window',
        panels: [
          {
            type: 'timeseries',
            title: 'Exam hub ready pods',
            description: `An exam hub must be ready 60 minutes before its window (alert ExamHubNotReady). Windows: ${windows || 'none'}.`,
            decimals: 0,
            queries: [{ expr: `max by (namespace) (\n  kube_deployment_status_replicas_available{deployment="hub"}\n  ${EXAMS}\n)`, legendFormat: '{{ namespace }}' }],
          },
          {
            type: 'timeseries',
            title: 'Seats held and servers running, against the seats',
            description: 'Seat placeholders hold the seats until the start; exam servers take their place (alert ExamSeatsNotHeld).',
            decimals: 0,
            overrides: [dashedOverride('/seats.*/', 'red')],
            queries: [
              {
                expr: `count by (namespace) (\n  (kube_pod_status_phase{phase="Running"} == 1)\n  and on (namespace, pod) kube_pod_labels{label_component="seat-placeholder"}\n  ${EXAMS}\n)`,
                legendFormat: 'placeholders {{ namespace }}',
              },
              { expr: `max by (namespace) (\n  jupyterhub_running_servers\n  ${EXAMS}\n)`, legendFormat: 'servers {{ namespace }}' },
              { expr: plannedSeries(exams, (e) => e.concurrency), legendFormat: 'seats {{ namespace }}' },
            ],
          },
        ],
      },
      {
        row: 'During the window',
        panels: [
          {
            type: 'timeseries',
            title: 'Server start failures in exams',
            drawStyle: 'points',
            decimals: 0,
            interval: '2m',
            queries: [{ expr: `sum by (namespace, status) (\n  increase(jupyterhub_server_spawn_duration_seconds_count{status!="success"}[2m])\n  ${EXAMS}\n)`, legendFormat: '{{ namespace }} {{ status }}' }],
          },
          {
            type: 'timeseries',
            title: 'Pending pods in exams',
            decimals: 0,
            queries: [{ expr: `sum by (namespace) (\n  kube_pod_status_phase{phase="Pending"}\n  ${EXAMS}\n)`, legendFormat: '{{ namespace }}' }],
          },
          {
            type: 'heatmap',
            title: 'Exam server start times',
            unit: 's',
            queries: [{ expr: `sum by (le) (\n  (\n    jupyterhub_server_spawn_duration_seconds_bucket\n    -\n    jupyterhub_server_spawn_duration_seconds_bucket offset $__rate_interval\n  )\n  ${EXAMS}\n)`, format: 'heatmap' }],
          },
          {
            type: 'timeseries',
            title: 'Hub response status codes in exams',
            queries: [{ expr: `sum by (namespace, code) (\n  increase(jupyterhub_request_duration_seconds_count[2m])\n  ${EXAMS}\n)`, legendFormat: '{{ namespace }} {{ code }}' }],
          },
        ],
      },
    ],
  };
}

/** "Capacity versus use": each hub's plan (maxConcurrentUsers, guarantees) against what it uses. */
export function capacityDashboard(cluster: string, hubs: readonly DashboardHub[]): DashboardSpec {
  const pools = `group(\n  label_replace(kube_node_info, "pool", "$1", "node", "${cluster}-(.+)-[0-9]+")\n) by (node, pool)`;
  const GiB = 1024 ** 3;
  const poolPanel = (title: string, resource: 'cpu' | 'memory', used: string, unit: string): PanelSpec => ({
    type: 'timeseries',
    title,
    unit,
    overrides: [dashedOverride('/allocatable.*/', 'red'), dashedOverride('/requested.*/', 'orange')],
    queries: [
      { expr: `sum by (pool) (\n  kube_node_status_allocatable{resource="${resource}"}\n  * on (node) group_left(pool) ${pools}\n)`, legendFormat: 'allocatable {{ pool }}' },
      { expr: `sum by (pool) (\n  kube_pod_container_resource_requests{resource="${resource}"}\n  * on (node) group_left(pool) ${pools}\n)`, legendFormat: 'requested {{ pool }}' },
      { expr: `sum by (pool) (\n  ${used}\n  * on (node) group_left(pool) ${pools}\n)`, legendFormat: 'used {{ pool }}' },
    ],
  });
  const servers = 'max by (namespace) (jupyterhub_running_servers{namespace=~"$hub"})';
  return {
    uid: 'hubfleet-capacity',
    title: 'Capacity versus use',
    tags: ['jupyterhub', 'hubfleet', 'capacity'],
    description: 'hubfleet: what `hubfleet capacity` planned for each hub (maxConcurrentUsers, guarantees) against what Prometheus measures.',
    from: 'now-7d',
    variables: [DATASOURCE_VARIABLE, HUB_VARIABLE],
    content: [
      {
        row: 'Servers against the plan',
        panels: [
          {
            type: 'timeseries',
            title: 'Running servers against maxConcurrentUsers',
            decimals: 0,
            overrides: [dashedOverride('/planned.*/', 'red')],
            queries: [
              { expr: servers, legendFormat: '{{ namespace }}' },
              { expr: `(\n${plannedSeries(hubs, (h) => h.concurrency)}\n) and on (namespace) group by (namespace) (kube_namespace_labels{namespace=~"$hub"})`, legendFormat: 'planned {{ namespace }}' },
            ],
          },
          {
            type: 'table',
            title: 'Peak servers in the last 7 days against the plan',
            unit: 'percentunit',
            sortBy: { displayName: 'Value', desc: true },
            queries: [{ expr: `max_over_time(${servers}[7d:5m])\n/ on (namespace)\n(\n${plannedSeries(hubs, (h) => h.concurrency)}\n)`, instant: true, legendFormat: '{{ namespace }}' }],
          },
        ],
      },
      {
        row: 'Memory of user servers against the guarantees',
        panels: [
          {
            type: 'timeseries',
            title: 'User server memory: used, guaranteed, planned peak guarantees',
            unit: 'bytes',
            overrides: [dashedOverride('/guaranteed.*/', 'orange'), dashedOverride('/planned.*/', 'red')],
            queries: [
              { expr: 'sum by (namespace) (container_memory_working_set_bytes{container="notebook", name!="", namespace=~"$hub"})', legendFormat: 'used {{ namespace }}' },
              { expr: 'sum by (namespace) (kube_pod_container_resource_requests{resource="memory", container="notebook", namespace=~"$hub"})', legendFormat: 'guaranteed {{ namespace }}' },
              { expr: `(\n${plannedSeries(hubs, (h) => Math.round(h.concurrency * h.memoryGuaranteeGiB * GiB))}\n) and on (namespace) group by (namespace) (kube_namespace_labels{namespace=~"$hub"})`, legendFormat: 'planned {{ namespace }}' },
            ],
          },
        ],
      },
      {
        row: 'Node pools',
        panels: [
          poolPanel('Pool memory: allocatable, requested, used', 'memory', '(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes)', 'bytes'),
          poolPanel('Pool CPU: allocatable, requested, used', 'cpu', 'sum by (node) (rate(node_cpu_seconds_total{mode!="idle"}[5m]))', 'sishort'),
        ],
      },
    ],
  };
}
