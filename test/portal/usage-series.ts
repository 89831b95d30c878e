/**
 * What the cluster's Prometheus holds for the portal's tests: one lecture of each course of the
 * test catalogue on Monday 2026-02-23 (its term 2026-spring opened on 2026-02-16), as the exporters
 * write it (JupyterHub's `jupyterhub_running_servers`, kube-state-metrics' `kube_pod_labels` with the
 * username label, cAdvisor's working set of the `notebook` container), one sample a minute from
 * 09:00 to 13:00 UTC. Made into TSDB blocks by `promtool tsdb create-blocks-from openmetrics`
 * (test/monitoring/prometheus-server.ts).
 *
 * course-intro (Anna's): alice and bob 10:00–12:00, carol 11:00–12:00 → 3 users, 2 servers for an
 * hour then 3 for an hour = 5 server-hours, at most 3 at once, carol's server at most 1.5 GiB.
 * course-statistics (Ben's): dan 10:00–11:00 → 1 user, 1 server-hour, at most 1, 0.75 GiB.
 */
export const LECTURE_START = Date.parse('2026-02-23T09:00:00Z') / 1000;
const MINUTES = 4 * 60;
const GiB = 2 ** 30;

interface Server {
  readonly namespace: string;
  readonly user: string;
  /** Minutes after 09:00 it runs, [from, to). */
  readonly from: number;
  readonly to: number;
  readonly memGiB: number;
}

const SERVERS: readonly Server[] = [
  { namespace: 'course-intro', user: 'alice', from: 60, to: 180, memGiB: 0.5 },
  { namespace: 'course-intro', user: 'bob', from: 60, to: 180, memGiB: 1 },
  { namespace: 'course-intro', user: 'carol', from: 120, to: 180, memGiB: 1.5 },
  { namespace: 'course-statistics', user: 'dan', from: 60, to: 120, memGiB: 0.75 },
];

/** The OpenMetrics text (samples at LECTURE_START + 60 k, k = 0 … 240). */
export function lectureSeries(): string {
  const lines: string[] = [];
  const at = (k: number) => LECTURE_START + k * 60;
  for (const ns of ['course-intro', 'course-statistics']) {
    for (let k = 0; k <= MINUTES; k++) {
      const running = SERVERS.filter((s) => s.namespace === ns && k >= s.from && k < s.to).length;
      lines.push(`jupyterhub_running_servers{namespace="${ns}",pod="hub-5d4f",job="hub"} ${running} ${at(k)}`);
    }
  }
  for (const s of SERVERS) {
    const pod = `jupyter-${s.user}`;
    for (let k = s.from; k < s.to; k++) {
      lines.push(`kube_pod_labels{namespace="${s.namespace}",pod="${pod}",label_app="jupyterhub",label_component="singleuser-server",label_hub_jupyter_org_username="${s.user}"} 1 ${at(k)}`);
    }
  }
  // One family after the other, as OpenMetrics wants them.
  for (const s of SERVERS) {
    const pod = `jupyter-${s.user}`;
    for (let k = s.from; k < s.to; k++) lines.push(`container_memory_working_set_bytes{namespace="${s.namespace}",pod="${pod}",container="notebook",name="k8s_notebook_${pod}"} ${s.memGiB * GiB} ${at(k)}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}
