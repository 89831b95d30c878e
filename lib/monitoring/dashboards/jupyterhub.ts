/**
 * The dashboards of jupyterhub/grafana-dashboards (BSD-3-Clause; dashboards/*.jsonnet at ef44b4e,
 * 2026-03-03), written again in TypeScript with the same panels and queries, where hubfleet's
 * cluster differs adapted and said so next to the panel:
 *
 * - JupyterHub Dashboard (jupyterhub.jsonnet), Activity (activity.jsonnet), Cluster Information
 *   (cluster.jsonnet), User Diagnostics (user.jsonnet), Usage Report (usage-report.jsonnet, the user
 *   pod panel) and the NFS and Prometheus panels of Support (support.jsonnet);
 * - not ported: homedirs.jsonnet and the home-directory panel of user.jsonnet need
 *   prometheus-dirsize-exporter, group.jsonnet needs jupyterhub-groups-exporter, the dask-gateway and
 *   GKE GPU panels of usage-report.jsonnet need dask-gateway and GKE labels: hubfleet runs none.
 *
 * Node pools: upstream groups nodes by the pool labels of GKE, EKS and AKS; hubfleet's nodes are
 * named `<cluster>-<pool>-<n>` (lib/nodes), so the pool is cut from the node name.
 */
import {
  DashboardSpec,
  dashedOverride,
  DATASOURCE_VARIABLE,
  PanelSpec,
  POD_PHASE_OVERRIDES,
  queryVariable,
  VariableSpec,
} from './grafana';

const PROVENANCE = 'From jupyterhub/grafana-dashboards (BSD-3-Clause), rendered by hubfleet.';

/** Upstream common.variables.hub: hubs are the namespaces with a Service "hub". */
export const HUB_VARIABLE: VariableSpec = queryVariable('hub', 'namespace', 'kube_service_labels{service="hub"}');
const HUB_NAME_VARIABLE: VariableSpec = queryVariable('hub_name', 'namespace', 'kube_service_labels{service="hub"}');
const USER_NAME_VARIABLE: VariableSpec = queryVariable('user_name', 'annotation_hub_jupyter_org_username', 'kube_pod_annotations{ namespace=~"$hub_name"}');

/** jupyterhub.libsonnet componentLabel: the pods of one JupyterHub component (or all but one). */
function componentLabel(component: string, cmp = '=', namespace: string | null = '$hub'): string {
  const ns = namespace !== null ? `, namespace=~"${namespace}"` : '';
  return `\n  group(\n    kube_pod_labels{label_app="jupyterhub", label_component${cmp}"${component}"${ns}}\n  ) by (label_component, pod${namespace !== null ? ', namespace' : ''})`;
}

/** jupyterhub.libsonnet onComponentLabel: join a metric onto a component's pods. */
function onComponentLabel(component: string, opts: { cmp?: string; groupLeft?: string; namespace?: string | null } = {}): string {
  const gl = opts.groupLeft !== undefined ? `group_left(${opts.groupLeft})` : '';
  return `* on (namespace, pod) ${gl} ${componentLabel(component, opts.cmp ?? '=', opts.namespace === undefined ? '$hub' : opts.namespace)}`;
}

const MEMORY = '# exclude name="" because the same container can be reported\n# with both no name and `name=k8s_...`,\n# in which case sum() reports double the actual metric\ncontainer_memory_working_set_bytes{name!=""}';
const CPU = '# exclude name="" because the same container can be reported\n# with both no name and `name=k8s_...`,\n# in which case sum() reports double the actual metric\nirate(container_cpu_usage_seconds_total{name!=""}[5m])';

/** jupyterhub.libsonnet componentResourcePanel (memory and CPU of one or all components). */
function componentResourcePanel(title: string, metric: string, component: string, multi: boolean, unit: string, description?: string): PanelSpec {
  return {
    type: 'timeseries',
    title,
    unit,
    ...(description ? { description } : {}),
    legendCalcs: ['min', 'mean', 'max'],
    queries: [
      {
        expr: `sum(\n  ${metric}\n  ${onComponentLabel(component, { cmp: multi ? '!=' : '=', groupLeft: 'container, label_component' })}\n) by (label_component)`,
        legendFormat: multi ? '{{ label_component }}' : title,
      },
    ],
  };
}

const heatmap = (title: string, unit: string, expr: string, format?: 'heatmap'): PanelSpec => ({ type: 'heatmap', title, unit, queries: [{ expr, intervalFactor: format ? undefined : 1, ...(format ? { format } : {}) }] });

/** "JupyterHub Dashboard" (jupyterhub.jsonnet). */
export function jupyterhubDashboard(): DashboardSpec {
  const singleuser = (groupLeft: string) => onComponentLabel('singleuser-server', { groupLeft });
  return {
    uid: 'hub-dashboard',
    title: 'JupyterHub Dashboard',
    tags: ['jupyterhub'],
    description: PROVENANCE,
    variables: [DATASOURCE_VARIABLE, HUB_VARIABLE],
    content: [
      {
        row: 'Container Images',
        panels: [
          {
            type: 'timeseries',
            title: 'Images used by user pods',
            description: 'Number of user servers using a container image.',
            decimals: 0,
            stacked: true,
            queries: [{ expr: 'sum (\n  # User pods are named "notebook" by kubespawner\n  kube_pod_container_info{container="notebook", namespace=~"$hub"}\n) by (image_spec, namespace)', legendFormat: '{{ namespace }}: {{ image_spec }}' }],
          },
        ],
      },
      {
        row: 'User Resource Utilization stats',
        panels: [
          heatmap('User active age distribution', 's', `time()\n-\n(\n  kube_pod_created\n  ${onComponentLabel('singleuser-server')}\n)`),
          heatmap('User CPU usage distribution', 'sishort', `sum(\n  irate(container_cpu_usage_seconds_total{name!=""}[5m])\n  ${singleuser('container')}\n) by (pod)`),
          heatmap('User memory usage distribution', 'bytes', `sum(\n  container_memory_working_set_bytes{name!=""}\n  ${singleuser('container')}\n) by (pod)`),
        ],
      },
      {
        row: 'Hub Diagnostics',
        panels: [
          heatmap('Server Start Times', 's', 'sum by (le) (\n  jupyterhub_server_spawn_duration_seconds_bucket{namespace=~"$hub"}\n  -\n  jupyterhub_server_spawn_duration_seconds_bucket{namespace=~"$hub"}\n  offset $__rate_interval\n)', 'heatmap'),
          {
            type: 'timeseries',
            title: 'Server Start Failures',
            description: 'Attempts by users to start servers that failed.',
            drawStyle: 'points',
            decimals: 0,
            interval: '2m',
            queries: [{ expr: 'sum(increase(jupyterhub_server_spawn_duration_seconds_count{status!="success", namespace=~"$hub"}[2m])) by (status)', legendFormat: '{{status}}' }],
          },
          heatmap(
            'Hub response latency',
            's',
            '# Ignore SpawnProgressAPIHandler, as it is a EventSource stream\n# and keeps long lived connections open\nsum by (le) (\n  jupyterhub_request_duration_seconds_bucket{\n    app="jupyterhub",\n    namespace=~"$hub",\n    handler!="jupyterhub.apihandlers.users.SpawnProgressAPIHandler"\n  }\n  -\n  jupyterhub_request_duration_seconds_bucket{\n    app="jupyterhub",\n    namespace=~"$hub",\n    handler!="jupyterhub.apihandlers.users.SpawnProgressAPIHandler"\n  }\n  offset $__rate_interval\n)',
            'heatmap',
          ),
          {
            type: 'timeseries',
            title: 'Hub response status codes',
            unit: 'short',
            queries: [{ expr: 'sum(\n  increase(\n    jupyterhub_request_duration_seconds_count{\n      app="jupyterhub",\n      namespace=~"$hub",\n    }[2m]\n  )\n) by (code)', legendFormat: '{{ code }}' }],
          },
          componentResourcePanel('All JupyterHub Components CPU', CPU, 'singleuser-server', true, 'sishort', 'The measured unit are CPU cores, and they are written out with SI prefixes, so 100m means 0.1 CPU cores.'),
          componentResourcePanel('All JupyterHub Components Memory (Working Set)', MEMORY, 'singleuser-server', true, 'bytes'),
          {
            type: 'timeseries',
            title: 'Users per node',
            decimals: 0,
            queries: [{ expr: `sum(\n    # kube_pod_info.node identifies the pod node,\n    # while kube_pod_labels.node is the metrics exporter's node\n    kube_pod_info{node!="", namespace=~"$hub"}\n    ${singleuser('')}\n) by (node)`, legendFormat: '{{ node }}' }],
          },
          {
            type: 'timeseries',
            title: 'Non Running Pods',
            description: "Pods in a non-running state in the hub's namespace.\n\nPods stuck in non-running states often indicate an error condition",
            overrides: POD_PHASE_OVERRIDES,
            queries: [{ expr: 'sum(\n  kube_pod_status_phase{phase!="Running", namespace=~"$hub"}\n) by (phase)', legendFormat: '{{phase}}' }],
          },
          {
            type: 'timeseries',
            title: 'Hub DB Disk Space Availability %',
            description: '% of disk space left in the disk storing the JupyterHub sqlite database. If goes to 0, the hub will fail.',
            decimals: 0,
            max: 1,
            unit: 'percentunit',
            queries: [
              {
                expr: '# Free bytes available on the hub db PVC\nsum(kubelet_volume_stats_available_bytes{persistentvolumeclaim="hub-db-dir", namespace=~"$hub"}) by (namespace) /\n# Total number of bytes available on the hub db PVC\nsum(kubelet_volume_stats_capacity_bytes{persistentvolumeclaim="hub-db-dir", namespace=~"$hub"}) by (namespace)',
                legendFormat: '{{ namespace }}',
              },
            ],
          },
          {
            // Upstream reads an extra node_exporter beside a shared-volume NFS server; hubfleet's homes
            // are claims (on NFS or block storage) whose kubelet volume stats give the same answer.
            type: 'timeseries',
            title: 'Free space (%) in home volumes',
            description: "% of disk space left in the users' home volumes (the emptiest home of each hub; on NFS every home shows the export's free space).",
            max: 1,
            unit: 'percentunit',
            queries: [
              {
                expr: 'min(\n  kubelet_volume_stats_available_bytes{persistentvolumeclaim=~"claim-.+", namespace=~"$hub"}\n  /\n  kubelet_volume_stats_capacity_bytes{persistentvolumeclaim=~"claim-.+", namespace=~"$hub"}\n) by (namespace)',
                legendFormat: '{{ namespace }}',
              },
            ],
          },
        ],
      },
      {
        row: 'Anomalous user pods',
        panels: [
          {
            type: 'table',
            title: 'Very old user pods',
            description: 'User pods that have been running for a long time (>8h).\n\nThis often indicates problems with the idle culler',
            unit: 's',
            sortBy: { displayName: 'Age', desc: true },
            transformations: [{ id: 'reduce', options: { reducers: ['last'] } }, { id: 'organize', options: { renameByName: { Field: 'User pod', Last: 'Age' } } }],
            queries: [{ expr: `(\n  time() - (kube_pod_created ${onComponentLabel('singleuser-server')})\n)  > (8 * 60 * 60) # 8 hours is our threshold`, instant: true, legendFormat: '{{ namespace }}/{{ pod }}' }],
          },
          {
            type: 'table',
            title: 'User Pods with high CPU usage (>0.5)',
            description: 'User pods using a lot of CPU\n\nThis could indicate a runaway process consuming resources\nunnecessarily.',
            sortBy: { displayName: 'CPU used', desc: true },
            transformations: [{ id: 'reduce', options: { reducers: ['last'] } }, { id: 'organize', options: { renameByName: { Field: 'User pod', Last: 'CPU used' } } }],
            queries: [{ expr: `max( # Ideally we just want 'current' value, so max will do\n  irate(container_cpu_usage_seconds_total[5m])\n  ${singleuser('')}\n) by (namespace, pod) > 0.5`, instant: true, legendFormat: '{{ namespace }}/{{ pod }}' }],
          },
          {
            type: 'table',
            title: 'User pods with high memory usage (>80% of limit)',
            description: 'User pods getting close to their memory limit\n\nOnce they hit their memory limit, user kernels will start dying.',
            unit: 'percentunit',
            sortBy: { displayName: '% of mem limit consumed', desc: true },
            transformations: [{ id: 'reduce', options: { reducers: ['last'] } }, { id: 'organize', options: { renameByName: { Field: 'User pod', Last: '% of mem limit consumed' } } }],
            // kube-state-metrics 2 names the limit kube_pod_container_resource_limits{resource="memory"}
            // (upstream still reads the 1.x kube_pod_container_resource_limits_memory_bytes).
            queries: [
              {
                expr: `max( # Ideally we just want 'current', but max will do. This metric is a gauge, so sum is inappropriate\n  container_memory_working_set_bytes\n  ${singleuser('')}\n) by (namespace, pod)\n/\nsum(\n  kube_pod_container_resource_limits{resource="memory"}\n  ${singleuser('')}\n) by (namespace, pod)\n> 0.8`,
                instant: true,
                legendFormat: '{{ namespace }}/{{ pod }}',
              },
            ],
          },
        ],
      },
    ],
  };
}

/** "Activity" (activity.jsonnet): running servers and active users per hub, one row per data source. */
export function activityDashboard(): DashboardSpec {
  const active = (title: string, period: string): PanelSpec => ({
    type: 'timeseries',
    title,
    description: 'Number of unique users who were active within the preceding period.',
    decimals: 0,
    stacked: true,
    queries: [{ expr: `max(\n  jupyterhub_active_users{period="${period}", namespace=~"$hub"}\n) by (namespace)`, legendFormat: '{{ namespace }}' }],
  });
  return {
    uid: 'jhgd-activity',
    title: 'Activity',
    tags: ['jupyterhub'],
    description: PROVENANCE,
    from: 'now-90d',
    panelWidth: 6,
    panelHeight: 8,
    repeatRowsByDatasource: true,
    variables: [{ kind: 'datasource', multi: true }, HUB_VARIABLE],
    content: [
      {
        row: 'Activity ($PROMETHEUS_DS)',
        panels: [
          {
            type: 'timeseries',
            title: 'Running Servers',
            description: 'Number of running user servers at any given time.\n\nNote that a single user could have multiple servers running if the\nJupyterHub is configured with `c.JupyterHub.allow_named_servers = True`.',
            decimals: 0,
            stacked: true,
            lineInterpolation: 'stepBefore',
            queries: [{ expr: 'max(\n  jupyterhub_running_servers{namespace=~"$hub"}\n) by (namespace)', legendFormat: '{{ namespace }}' }],
          },
          active('Daily Active Users', '24h'),
          active('Weekly Active Users', '7d'),
          active('Monthly Active Users', '30d'),
        ],
      },
    ],
  };
}

/** "Cluster Information" (cluster.jsonnet). `cluster` names the nodes' prefix (`<cluster>-<pool>-<n>`). */
export function clusterDashboard(cluster: string): DashboardSpec {
  // The pool of a node, cut from its name (hubfleet's VMs are <cluster>-<pool>-<n>).
  const pools = `label_replace(kube_node_info, "pool", "$1", "node", "${cluster}-(.+)-[0-9]+")`;
  const byPool = `group(\n  ${pools}\n) by (node, pool)`;
  const commit = (resource: 'cpu' | 'memory', perNode: boolean): string =>
    `sum(\n  # Get individual container ${resource} requests\n  kube_pod_container_resource_requests{resource="${resource}"}\n  # Add node pool name as label\n  * on(node) group_left(pool)\n  ${byPool}\n  # Ignore containers from pods that aren't currently running or scheduled\n  and on (pod) kube_pod_status_scheduled{condition='true'}\n  # Ignore user and node placeholder pods\n  and on (pod) kube_pod_labels{label_component!~'user-placeholder|node-placeholder|seat-placeholder'}\n) by (${perNode ? 'node, ' : ''}pool)\n/\nsum(\n  # Total allocatable ${resource} on a node\n  kube_node_status_allocatable{resource="${resource}"}\n  # Add nodepool name as label\n  * on(node) group_left(pool)\n  ${byPool}\n) by (${perNode ? 'node, ' : ''}pool)`;
  const pct = (title: string, description: string, expr: string, legendFormat: string): PanelSpec => ({ type: 'timeseries', title, description, unit: 'percentunit', max: 1, queries: [{ expr, legendFormat }] });
  return {
    uid: 'jhgd-cluster',
    title: 'Cluster Information',
    tags: ['jupyterhub', 'kubernetes'],
    description: PROVENANCE,
    variables: [DATASOURCE_VARIABLE],
    content: [
      {
        row: 'Cluster Utilization',
        panels: [
          {
            type: 'timeseries',
            title: 'Running Users',
            description: 'Number of currently running users per hub.\n\nCommon shapes this visualization may take:\n1. A large number of users starting servers at exactly the same time will be\n  visible here as a single spike, and may cause stability issues. Since\n  they share the same cluster, such spikes happening on a *different* hub\n  may still affect your hub.',
            stacked: true,
            decimals: 0,
            queries: [
              {
                expr: '# Sum up all running user pods by namespace\nsum(\n  # Grab a list of all running pods.\n  group(\n    kube_pod_status_phase{phase="Running"}\n  ) by (pod)\n  * on (pod) group_right() group(\n    kube_pod_labels{label_app="jupyterhub", label_component="singleuser-server"}\n  ) by (namespace, pod)\n) by (namespace)',
                legendFormat: '{{namespace}}',
              },
            ],
          },
          {
            type: 'timeseries',
            title: 'Node Count',
            description: 'Number of nodes in each nodepool in this cluster',
            stacked: true,
            decimals: 0,
            queries: [{ expr: `# sum up all nodes by nodepool\nsum(\n  ${byPool}\n) by (pool)`, legendFormat: '{{pool}}' }],
          },
        ],
      },
      {
        row: 'Cluster Health',
        panels: [
          {
            type: 'timeseries',
            title: 'Non Running Pods',
            description: "Pods in a non-running state in the hub's namespace.\n\nPods stuck in non-running states often indicate an error condition",
            overrides: POD_PHASE_OVERRIDES,
            queries: [{ expr: 'sum(\n  kube_pod_status_phase{phase!="Running"}\n) by (phase)', legendFormat: '{{phase}}' }],
          },
          {
            type: 'table',
            title: 'Pod terminations',
            description: 'Pod terminations, for example a pod evicted from a node under memory pressure (kube_pod_status_reason: Evicted, NodeAffinity, NodeLost, Shutdown, UnexpectedAdmissionError).',
            sortBy: { displayName: 'Time', desc: true },
            transformations: [{ id: 'organize', options: { excludeByName: { Value: true }, orderByMode: 'manual', indexByName: { Time: 0, reason: 1, namespace: 2, pod: 3 } } }],
            queries: [{ expr: 'count(\n  kube_pod_status_reason == 1\n  unless\n  kube_pod_status_reason offset $__interval == 1\n) by (reason, namespace, pod)', format: 'table' }],
          },
          {
            type: 'timeseries',
            title: 'Processes terminated by the out-of-memory killer, per node',
            description: "When a container exceeds its memory limit, the Linux oom-killer terminates one or more of its processes: a notebook kernel dies while the server keeps running.",
            drawStyle: 'points',
            queries: [{ expr: `(\n  (\n    node_vmstat_oom_kill\n    -\n    node_vmstat_oom_kill offset $__interval\n  )\n  * on(node) group_left(pool)\n  ${byPool}\n) > 0`, legendFormat: '{{pool}}/{{node}}' }],
          },
          {
            type: 'table',
            title: 'Container terminations (only failures)',
            description: 'Container restarts with their last termination reason (OOMKilled, Error, ContainerStatusUnknown), Completed excluded.',
            sortBy: { displayName: 'Time', desc: true },
            transformations: [{ id: 'merge' }, { id: 'organize', options: { excludeByName: { 'Value #A': true }, orderByMode: 'manual', indexByName: { Time: 0, reason: 1, namespace: 2, pod: 3, container: 4, restarted: 5 } } }],
            queries: [
              {
                expr: '# container failures, reliably detected via restarts counter\nlabel_replace(\n  group(\n    kube_pod_container_status_restarts_total\n    -\n    (\n      kube_pod_container_status_restarts_total offset $__interval\n      or\n      kube_pod_container_status_restarts_total * 0\n    )\n    > 0\n  ) by (namespace, pod, container)\n  * on (namespace, pod, container) group_left(reason)\n  topk(1, last_over_time(kube_pod_container_status_last_terminated_reason{reason!="Completed"}[$__interval])) by (namespace, pod, container),\n  "restarted", "yes", "", ""\n)',
                format: 'table',
              },
            ],
          },
        ],
      },
      {
        row: 'Node Stats',
        panels: [
          pct('Node CPU Utilization %', '% of available CPU currently in use', `(\n  sum(rate(node_cpu_seconds_total{mode!="idle"}[5m])) by (node)\n  /\n  sum(kube_node_status_capacity{resource="cpu"}) by (node)\n) * on (node) group_left(pool)\n${byPool}`, '{{pool}}/{{node}}'),
          pct('Node Memory Utilization %', '% of available Memory currently in use', `1 - (\n  sum (\n    # Memory that can be allocated to processes when they need\n    node_memory_MemFree_bytes + # Unused bytes\n    node_memory_Cached_bytes + # Shared memory + temporary disk cache\n    node_memory_Buffers_bytes # Very temporary buffer memory cache for disk i/o\n  ) by (node)\n  /\n  sum(node_memory_MemTotal_bytes) by (node)\n) * on(node) group_left(pool)\n${byPool}`, '{{pool}}/{{node}}'),
          pct('Node CPU Commit %', '% of each node guaranteed to pods on it', commit('cpu', true), '{{pool}}/{{node}}'),
          pct('Node Memory Commit %', '% of each node guaranteed to pods on it.', commit('memory', true), '{{pool}}/{{node}}'),
          pct('Node Pool CPU commitment %', '% of CPU in each node pool guaranteed to workloads.', commit('cpu', false), '{{pool}}'),
          pct('Node Pool Memory commitment %', '% of memory in each node pool guaranteed to workloads.', commit('memory', false), '{{pool}}'),
        ],
      },
    ],
  };
}

/** "User Diagnostics Dashboard" (user.jsonnet; without the dirsize exporter's home directory panel). */
export function userDashboard(): DashboardSpec {
  const perUser = (title: string, description: string, unit: string, expr: string): PanelSpec => ({ type: 'timeseries', title, description, unit, queries: [{ expr, legendFormat: '{{ annotation_hub_jupyter_org_username }} - ({{ namespace }})' }] });
  const annotations = (extra = '') => `group(\n    kube_pod_annotations{namespace=~"$hub_name", annotation_hub_jupyter_org_username=~"$user_name"${extra}}\n) by (pod, namespace, annotation_hub_jupyter_org_username)`;
  return {
    uid: 'user-diagnostics-dashboard',
    title: 'User Diagnostics Dashboard',
    tags: ['jupyterhub'],
    description: PROVENANCE,
    panelWidth: 24,
    panelHeight: 12,
    variables: [DATASOURCE_VARIABLE, HUB_NAME_VARIABLE, USER_NAME_VARIABLE],
    content: [
      perUser('Memory Usage', 'Per user memory usage', 'bytes', `sum(\n  container_memory_working_set_bytes{name!="", pod=~"jupyter-.*", namespace=~"$hub_name"}\n    * on (namespace, pod) group_left(annotation_hub_jupyter_org_username)\n    ${annotations(', pod=~"jupyter-.*"')}\n) by (annotation_hub_jupyter_org_username, namespace)`),
      perUser('CPU Usage', 'Per user CPU usage\n\nThe measured unit are CPU cores, and they are written out with SI prefixes, so 100m means 0.1 CPU cores.', 'sishort', `sum(\n  irate(container_cpu_usage_seconds_total{name!="", pod=~"jupyter-.*"}[5m])\n  * on (namespace, pod) group_left(annotation_hub_jupyter_org_username)\n  ${annotations()}\n) by (annotation_hub_jupyter_org_username, namespace)`),
      perUser('Memory Requests', 'Per-user memory requests', 'bytes', `sum(\n  kube_pod_container_resource_requests{resource="memory", namespace=~"$hub_name", pod=~"jupyter-.*"}  * on (namespace, pod)\n  group_left(annotation_hub_jupyter_org_username) ${annotations()}\n) by (annotation_hub_jupyter_org_username, namespace)`),
      perUser('CPU Requests', 'Per user CPU requests\n\nThe measured unit are CPU cores, and they are written out with SI prefixes, so 100m means 0.1 CPU cores.', 'sishort', `sum(\n  kube_pod_container_resource_requests{resource="cpu", namespace=~"$hub_name", pod=~"jupyter-.*"} * on (namespace, pod)\n  group_left(annotation_hub_jupyter_org_username) ${annotations()}\n) by (annotation_hub_jupyter_org_username, namespace)`),
    ],
  };
}

/** "Usage Report" (usage-report.jsonnet, the user pod panel; hubfleet's nodes have no node-purpose label, so that matcher is dropped). */
export function usageReportDashboard(): DashboardSpec {
  return {
    uid: 'jhgd-usage-report',
    title: 'Usage Report',
    tags: ['jupyterhub'],
    description: PROVENANCE,
    panelWidth: 24,
    variables: [DATASOURCE_VARIABLE, HUB_VARIABLE],
    content: [
      {
        type: 'bargauge',
        title: 'User pod memory usage',
        unit: 'bytes',
        queries: [
          {
            expr: 'kube_pod_labels{\n  label_app="jupyterhub",\n  label_component="singleuser-server",\n  namespace=~"$hub"\n}\n* on (namespace, pod) group_left()\nsum(\n  container_memory_working_set_bytes{\n    namespace=~"$hub",\n    container="notebook",\n    name!="",\n  }\n) by (namespace, pod)',
            legendFormat: '{{label_hub_jupyter_org_username}} ({{namespace}})',
          },
        ],
      },
    ],
  };
}

/** The NFS client and Prometheus panels of "Support" (support.jsonnet), for hubfleet's external NFS server and its Prometheus pod. */
export function supportDashboard(prometheusPod: string): DashboardSpec {
  const containerPanel = (title: string, use: string, resource: 'cpu' | 'memory', unit: string): PanelSpec => ({
    type: 'timeseries',
    title,
    unit,
    overrides: [dashedOverride('/request.*/', 'orange'), dashedOverride('/limit.*/', 'red')],
    queries: [
      { expr: use, legendFormat: 'use - {{ container }}' },
      { expr: `sum(kube_pod_container_resource_requests{pod=~"${prometheusPod}", container!="", resource="${resource}"}) by (namespace, container)`, legendFormat: 'request - {{ container }}' },
      { expr: `sum(kube_pod_container_resource_limits{pod=~"${prometheusPod}", container!="", resource="${resource}"}) by (namespace, container)`, legendFormat: 'limit - {{ container }}' },
    ],
  });
  return {
    uid: 'jhgd-support',
    title: 'NFS and Support Information',
    tags: ['jupyterhub', 'support'],
    description: PROVENANCE,
    variables: [DATASOURCE_VARIABLE],
    content: [
      {
        row: 'NFS diagnostics',
        panels: [
          { type: 'timeseries', title: 'NFS requests, per node', queries: [{ expr: 'sum(irate(node_nfs_requests_total[5m])) by (node) > 0', legendFormat: '{{node}}' }] },
          { type: 'timeseries', title: 'NFS requests, per operation', queries: [{ expr: 'sum(irate(node_nfs_requests_total[5m])) by (method) > 0', legendFormat: '{{method}}' }] },
        ],
      },
      {
        row: 'Prometheus diagnostics',
        panels: [
          containerPanel('Prometheus server CPU usage', `sum(irate(container_cpu_usage_seconds_total{pod=~"${prometheusPod}", container!=""}[5m])) by (namespace, container)`, 'cpu', 'sishort'),
          containerPanel('Prometheus server memory usage (working set)', `sum(container_memory_working_set_bytes{pod=~"${prometheusPod}", container!=""}) by (namespace, container)`, 'memory', 'bytes'),
          {
            type: 'timeseries',
            title: 'Prometheus used disk space',
            unit: 'bytes',
            overrides: [dashedOverride('/capacity.*/', 'red')],
            queries: [
              { expr: 'sum(kubelet_volume_stats_used_bytes{persistentvolumeclaim=~"prometheus-.+-db-prometheus-.+"}) by (namespace, persistentvolumeclaim)', legendFormat: 'use - {{ persistentvolumeclaim }}' },
              { expr: 'sum(kubelet_volume_stats_capacity_bytes{persistentvolumeclaim=~"prometheus-.+-db-prometheus-.+"}) by (namespace, persistentvolumeclaim)', legendFormat: 'capacity - {{ persistentvolumeclaim }}' },
            ],
          },
        ],
      },
    ],
  };
}
