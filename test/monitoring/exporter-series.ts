/**
 * Six hours of a small cluster as Prometheus would have scraped it, in OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`: series of the names and labels that
 * kube-state-metrics 2.x (with hubfleet's label allow-list), the kubelet's cAdvisor and volume stats,
 * node-exporter (with the `node` label hubfleet's relabeling adds), JupyterHub's /hub/metrics (with
 * the hub Service's `app` label the ServiceMonitor copies) and cert-manager write.
 *
 * Two hubs: course-intro (alice and bob all along; carol from 3 h, first on one server, then on a
 * named one; so 3 users on 4 pods) and exam-final (seat placeholders from 3 h to 4 h, then dave and
 * erin). Numbers the usage test expects follow from this design (see usage.test.ts).
 */
export const T0 = 1769414400; // 2026-01-26T08:00:00Z, a multiple of 300 s
export const HOURS = 6;
export const T_END = T0 + HOURS * 3600;
export const STEP = 60;
export const CLUSTER = 'test-cluster';
const GiB = 2 ** 30;
const N1 = `${CLUSTER}-worker-1`;
const N2 = `${CLUSTER}-worker-2`;

type Labels = Record<string, string>;
/** Value at sample index k (time T0 + 60 k), or undefined for no sample. */
type Fn = (k: number) => number | undefined;

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

class OpenMetrics {
  private readonly families = new Map<string, string[]>();
  add(name: string, labels: Labels, f: Fn): void {
    const l = Object.entries(labels).map(([k, v]) => `${k}="${esc(v)}"`).join(',');
    const lines = this.families.get(name) ?? [];
    for (let k = 0; k <= (HOURS * 3600) / STEP; k++) {
      const v = f(k);
      if (v !== undefined) lines.push(`${name}{${l}} ${v} ${T0 + k * STEP}`);
    }
    this.families.set(name, lines);
  }
  text(): string {
    return `${[...this.families.values()].flat().join('\n')}\n# EOF\n`;
  }
}

const during = (from: number, to: number, v: number | ((k: number) => number)): Fn => (k) => (k >= from && k <= to ? (typeof v === 'function' ? v(k) : v) : undefined);
const ALL = (v: number | ((k: number) => number)) => during(0, 360, v);

interface PodDef {
  readonly namespace: string;
  readonly pod: string;
  readonly node: string;
  readonly component: string;
  readonly container: string;
  readonly user?: string;
  /** Sample indexes it lives in. */
  readonly from: number;
  readonly to: number;
  readonly memGiB: number;
  readonly cpu: number;
  readonly requests: { cpu: number; memGiB: number };
  readonly limits: { cpu: number; memGiB: number };
  /** Creation time (epoch seconds). @default its first sample */
  readonly created?: number;
}

const user = (namespace: string, name: string, node: string, from: number, to: number, memGiB: number, cpu: number, pod = `jupyter-${name}`, created?: number): PodDef => ({
  namespace,
  pod,
  node,
  component: 'singleuser-server',
  container: 'notebook',
  user: name,
  from,
  to,
  memGiB,
  cpu,
  requests: { cpu: 0.1, memGiB: 0.5 },
  limits: { cpu: 2, memGiB: 2 },
  ...(created !== undefined ? { created } : {}),
});

export const PODS: readonly PodDef[] = [
  // alice's server has run for 9 hours at the end: the "very old user pods" table shows it.
  user('course-intro', 'alice', N1, 0, 360, 0.5, 0.1, undefined, T0 - 3 * 3600),
  // bob uses a whole CPU: the "high CPU" table shows him.
  user('course-intro', 'bob', N1, 0, 360, 1, 1),
  // carol is close to her memory limit (1.8 of 2 GiB): the "high memory" table shows her.
  user('course-intro', 'carol', N2, 181, 270, 1.8, 0.2),
  user('course-intro', 'carol', N2, 276, 360, 1.8, 0.2, 'jupyter-carol--large'),
  user('exam-final', 'dave', N2, 241, 360, 0.7, 0.3),
  user('exam-final', 'erin', N2, 241, 360, 0.7, 0.3),
  ...['course-intro', 'exam-final'].flatMap((ns) => [
    { namespace: ns, pod: 'hub-7f9c', node: N1, component: 'hub', container: 'hub', from: 0, to: 360, memGiB: 0.3, cpu: 0.05, requests: { cpu: 0.1, memGiB: 0.5 }, limits: { cpu: 1, memGiB: 1 } },
    { namespace: ns, pod: 'proxy-5b8d', node: N1, component: 'proxy', container: 'chp', from: 0, to: 360, memGiB: 0.1, cpu: 0.02, requests: { cpu: 0.1, memGiB: 0.25 }, limits: { cpu: 1, memGiB: 0.5 } },
  ]),
  ...[0, 1, 2].map((i) => ({ namespace: 'exam-final', pod: `seat-placeholders-${i}`, node: N2, component: 'seat-placeholder', container: 'seat', from: 181, to: 240, memGiB: 0.01, cpu: 0, requests: { cpu: 1, memGiB: 2 }, limits: { cpu: 1, memGiB: 2 } })),
  { namespace: 'monitoring', pod: 'prometheus-monitoring-prometheus-0', node: N1, component: '', container: 'prometheus', from: 0, to: 360, memGiB: 1.2, cpu: 0.2, requests: { cpu: 0.5, memGiB: 2 }, limits: { cpu: 2, memGiB: 4 } },
];

/** The OpenMetrics text of the whole fixture. */
export function exporterSeries(): string {
  const om = new OpenMetrics();
  // --- kube-state-metrics: pods ------------------------------------------------------------------
  for (const p of PODS) {
    const id = { namespace: p.namespace, pod: p.pod };
    const live = (v: number | ((k: number) => number)) => during(p.from, p.to, v);
    const podLabels: Labels = { ...id, ...(p.component ? { label_app: 'jupyterhub', label_component: p.component, label_release: p.namespace.replace(/^\w+-/, '') } : {}), ...(p.user ? { label_hub_jupyter_org_username: p.user } : {}) };
    om.add('kube_pod_labels', podLabels, live(1));
    if (p.user) om.add('kube_pod_annotations', { ...id, annotation_hub_jupyter_org_username: p.user }, live(1));
    om.add('kube_pod_info', { ...id, node: p.node, host_ip: '10.0.0.11', pod_ip: '10.42.0.10', created_by_kind: 'None' }, live(1));
    om.add('kube_pod_created', id, live(p.created ?? T0 + p.from * STEP));
    om.add('kube_pod_status_phase', { ...id, phase: 'Running' }, live(1));
    om.add('kube_pod_status_phase', { ...id, phase: 'Pending' }, live(0));
    om.add('kube_pod_status_scheduled', { ...id, condition: 'true' }, live(1));
    om.add('kube_pod_container_info', { ...id, container: p.container, image_spec: p.container === 'notebook' ? 'quay.io/jupyter/scipy-notebook:2025-08-18' : 'quay.io/jupyterhub/k8s-hub:4.4.0' }, live(1));
    for (const [resource, v, unit] of [['cpu', p.requests.cpu, 'core'], ['memory', p.requests.memGiB * GiB, 'byte']] as const) om.add('kube_pod_container_resource_requests', { ...id, container: p.container, node: p.node, resource, unit }, live(v));
    for (const [resource, v, unit] of [['cpu', p.limits.cpu, 'core'], ['memory', p.limits.memGiB * GiB, 'byte']] as const) om.add('kube_pod_container_resource_limits', { ...id, container: p.container, node: p.node, resource, unit }, live(v));
    // bob's notebook is OOM-killed once at 5 h 20 min; the hub restarts once at 3 h 20 min.
    const restartAt = p.pod === 'jupyter-bob' ? 320 : p.pod === 'hub-7f9c' && p.namespace === 'course-intro' ? 200 : undefined;
    om.add('kube_pod_container_status_restarts_total', { ...id, container: p.container }, live((k) => (restartAt !== undefined && k >= restartAt ? 1 : 0)));
    if (p.pod === 'jupyter-bob') om.add('kube_pod_container_status_last_terminated_reason', { ...id, container: p.container, reason: 'OOMKilled' }, during(320, 360, 1));
    // --- cAdvisor (through the kubelet) ---------------------------------------------------------------
    const c = { ...id, container: p.container, name: `k8s_${p.container}_${p.pod}` };
    om.add('container_memory_working_set_bytes', c, live(p.memGiB * GiB));
    om.add('container_cpu_usage_seconds_total', c, live((k) => Math.round(p.cpu * (k - p.from) * STEP * 1000) / 1000));
  }
  // A user pod that never starts (Pending for the last hour), then evicted-looking reason flips.
  om.add('kube_pod_status_phase', { namespace: 'course-intro', pod: 'jupyter-frank', phase: 'Pending' }, during(300, 360, 1));
  om.add('kube_pod_status_phase', { namespace: 'exam-final', pod: 'jupyter-gina', phase: 'Pending' }, during(300, 360, 1));
  om.add('kube_pod_status_reason', { namespace: 'course-intro', pod: 'jupyter-bob', reason: 'Evicted' }, ALL((k) => (k >= 330 ? 1 : 0)));
  // --- kube-state-metrics: namespaces, services, deployments, nodes ----------------------------------
  for (const [ns, kind] of [['course-intro', 'course'], ['exam-final', 'exam']] as const) {
    om.add('kube_namespace_labels', { namespace: ns, label_hubfleet_io_kind: kind, label_hubfleet_io_course: ns.replace(/^\w+-/, '') }, ALL(1));
    om.add('kube_service_labels', { namespace: ns, service: 'hub' }, ALL(1));
    om.add('kube_deployment_status_replicas_available', { namespace: ns, deployment: 'hub' }, ALL(1));
  }
  om.add('kube_namespace_labels', { namespace: 'monitoring', label_hubfleet_io_kind: 'platform' }, ALL(1));
  om.add('kube_deployment_status_replicas_available', { namespace: 'kube-system', deployment: 'sealed-secrets-controller' }, ALL(1));
  for (const node of [N1, N2]) {
    om.add('kube_node_info', { node, kernel_version: '6.1.0', os_image: 'Ubuntu 24.04' }, ALL(1));
    om.add('kube_node_labels', { node }, ALL(1));
    om.add('kube_node_status_allocatable', { node, resource: 'cpu', unit: 'core' }, ALL(7.5));
    om.add('kube_node_status_allocatable', { node, resource: 'memory', unit: 'byte' }, ALL(30 * GiB));
    om.add('kube_node_status_capacity', { node, resource: 'cpu', unit: 'core' }, ALL(8));
    // --- node-exporter (with the node label hubfleet's relabeling adds) -------------------------------
    const n = { node, instance: node === N1 ? '10.0.0.11:9100' : '10.0.0.12:9100', job: 'node-exporter' };
    om.add('node_memory_MemTotal_bytes', n, ALL(32 * GiB));
    om.add('node_memory_MemFree_bytes', n, ALL(20 * GiB));
    om.add('node_memory_Cached_bytes', n, ALL(4 * GiB));
    om.add('node_memory_Buffers_bytes', n, ALL(0.5 * GiB));
    om.add('node_memory_MemAvailable_bytes', n, ALL(24 * GiB));
    om.add('node_cpu_seconds_total', { ...n, cpu: '0', mode: 'idle' }, ALL((k) => k * STEP * 0.6));
    om.add('node_cpu_seconds_total', { ...n, cpu: '0', mode: 'user' }, ALL((k) => k * STEP * 0.4));
    // An OOM kill on worker-2 every 30 minutes.
    om.add('node_vmstat_oom_kill', n, ALL((k) => (node === N2 ? Math.floor(k / 30) : 0)));
    for (const method of ['Read', 'Write', 'Getattr']) om.add('node_nfs_requests_total', { ...n, method, proto: 'tcp', version: '4' }, ALL((k) => k * 40));
  }
  // --- JupyterHub /hub/metrics ---------------------------------------------------------------------
  const hub = (ns: string) => ({ namespace: ns, app: 'jupyterhub', job: 'hub', pod: 'hub-7f9c' });
  // course-intro: 2 servers for 3 hours, then 3; exam-final: none for 4 hours, then 2.
  om.add('jupyterhub_running_servers', hub('course-intro'), ALL((k) => (k <= 180 ? 2 : 3)));
  om.add('jupyterhub_running_servers', hub('exam-final'), ALL((k) => (k <= 240 ? 0 : 2)));
  om.add('up', hub('course-intro'), ALL(1));
  om.add('up', hub('exam-final'), ALL(1));
  for (const ns of ['course-intro', 'exam-final']) {
    for (const [period, v] of [['24h', 3], ['7d', 5], ['30d', 8]] as const) om.add('jupyterhub_active_users', { ...hub(ns), period }, ALL(v));
    // Spawns: a success every 10 minutes, a failure every hour.
    const les = ['0.5', '1', '2.5', '5', '10', '15', '30', '60', '120', '180', '300', '600', '+Inf'];
    for (const status of ['success', 'failure']) {
      const count = (k: number) => (status === 'success' ? Math.floor(k / 10) : Math.floor(k / 60));
      for (const le of les) om.add('jupyterhub_server_spawn_duration_seconds_bucket', { ...hub(ns), status, le }, ALL((k) => (le === '+Inf' || Number(le) >= 15 ? count(k) : 0)));
      om.add('jupyterhub_server_spawn_duration_seconds_count', { ...hub(ns), status }, ALL(count));
    }
    for (const [handler, code] of [['jupyterhub.apihandlers.users.UserAPIHandler', '200'], ['jupyterhub.handlers.login.LoginHandler', '302'], ['jupyterhub.apihandlers.users.SpawnProgressAPIHandler', '200']] as const) {
      const count = (k: number) => k * 5;
      for (const le of ['0.1', '0.5', '1', '+Inf']) om.add('jupyterhub_request_duration_seconds_bucket', { ...hub(ns), handler, code, method: 'GET', le }, ALL((k) => (le === '0.1' ? Math.floor(count(k) / 2) : count(k))));
      om.add('jupyterhub_request_duration_seconds_count', { ...hub(ns), handler, code, method: 'GET' }, ALL(count));
    }
  }
  // --- kubelet volume stats ------------------------------------------------------------------------
  const volume = (namespace: string, pvc: string, capGiB: number, usedGiB: number) => {
    const v = { namespace, persistentvolumeclaim: pvc, node: N1 };
    om.add('kubelet_volume_stats_capacity_bytes', v, ALL(capGiB * GiB));
    om.add('kubelet_volume_stats_used_bytes', v, ALL(usedGiB * GiB));
    om.add('kubelet_volume_stats_available_bytes', v, ALL((capGiB - usedGiB) * GiB));
  };
  volume('course-intro', 'hub-db-dir', 1, 0.1);
  volume('exam-final', 'hub-db-dir', 1, 0.1);
  for (const u of ['alice', 'bob', 'carol']) volume('course-intro', `claim-${u}`, 1000, 400);
  volume('monitoring', 'prometheus-monitoring-prometheus-db-prometheus-monitoring-prometheus-0', 50, 12);
  // --- blackbox exporter, cert-manager ---------------------------------------------------------------
  om.add('probe_success', { target: 'nfs-server', instance: '10.0.0.5:2049', job: 'blackbox-exporter' }, ALL(1));
  om.add('certmanager_certificate_expiration_timestamp_seconds', { namespace: 'course-intro', name: 'jupyterhub-tls', issuer_name: 'letsencrypt-prod' }, ALL(T0 + 60 * 86400));
  return om.text();
}
