/**
 * Usage per course, from the cluster's Prometheus (`hubfleet usage`): per hub over a time window,
 * the users who had a server, server-hours, the peak of servers at once against the planned
 * `maxConcurrentUsers` (an exam's seats), and the memory user servers used against their guarantee.
 *
 * The same PromQL is what the dashboards draw (JupyterHub's `jupyterhub_running_servers`,
 * kube-state-metrics' `kube_pod_labels` with the username label allow-listed, cAdvisor's
 * `container_memory_working_set_bytes` of the `notebook` container that KubeSpawner names), evaluated
 * once at the end of the window over its whole range, with subqueries at `stepSeconds`.
 */
import * as fs from 'fs';
import type { HubInventoryEntry } from '../model/declarations';

/** The window and resolution of a usage query. */
export interface UsageWindow {
  /** Start and end, epoch milliseconds. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Subquery resolution in seconds. @default 300 */
  readonly stepSeconds?: number;
}

/** One hub's usage (null: Prometheus has no sample for it in the window). */
export interface HubUsage {
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  /** Distinct users who had a server in the window. */
  readonly activeUsers: number | null;
  /** Sum over the window of the servers running, in hours. */
  readonly serverHours: number | null;
  /** Most servers at once. */
  readonly peakServers: number | null;
  /** What was planned: maxConcurrentUsers (an exam's seats). */
  readonly plannedServers: number;
  /** peakServers ÷ plannedServers. */
  readonly peakShareOfPlan: number | null;
  readonly memory: {
    /** The default server's guarantee and limit (GiB). */
    readonly guaranteeGiB: number;
    readonly limitGiB: number;
    /** Mean working set of a server over the window (GiB). */
    readonly meanPerServerGiB: number | null;
    /** Largest working set of one server (GiB). */
    readonly peakPerServerGiB: number | null;
    /** Most memory all servers of the hub used at once (GiB), and what they were guaranteed then by plan (peakServers × guarantee). */
    readonly peakTotalGiB: number | null;
  };
}

/** What `hubfleet usage --json` prints and `hubfleet report --usage` reads. */
export interface UsageReport {
  readonly version: 1;
  readonly cluster: string;
  readonly prometheus: string;
  /** ISO times (UTC). */
  readonly from: string;
  readonly to: string;
  readonly stepSeconds: number;
  readonly hubs: readonly HubUsage[];
}

/**
 * The queries, by what they measure, for a window of `rangeMs` ending at the evaluation time and a
 * subquery step. The range is one millisecond short of the window, so its first instant is left out
 * whether the Prometheus includes a range's start (2.x) or not (3.x): every step of the window is
 * counted once.
 */
export function usageQueries(rangeMs: number, stepSeconds: number): Record<'activeUsers' | 'serverHours' | 'peakServers' | 'meanPerServer' | 'peakPerServer' | 'peakTotal' | 'firstSeen', string> {
  const servers = 'max by (namespace) (jupyterhub_running_servers)';
  const memory = 'container_memory_working_set_bytes{container="notebook", name!=""}';
  const range = `${rangeMs - 1}ms`;
  const step = `${stepSeconds}s`;
  return {
    activeUsers: `count by (namespace) (count by (namespace, label_hub_jupyter_org_username) (max_over_time(kube_pod_labels{label_app="jupyterhub", label_component="singleuser-server"}[${range}])))`,
    serverHours: `sum_over_time(${servers}[${range}:${step}]) * ${stepSeconds} / 3600`,
    peakServers: `max_over_time(${servers}[${range}:${step}])`,
    meanPerServer: `avg_over_time(avg by (namespace) (${memory})[${range}:${step}])`,
    peakPerServer: `max_over_time(max by (namespace) (${memory})[${range}:${step}])`,
    peakTotal: `max_over_time(sum by (namespace) (${memory})[${range}:${step}])`,
    // The first sample of the hub's metrics in the window (epoch seconds): what is older is gone
    // (retention by time or size) or never was (the hub is newer than the window's start).
    firstSeen: `min by (namespace) (min_over_time(timestamp(jupyterhub_running_servers)[${range}:${step}]))`,
  };
}

/** A Prometheus instant query's answer: the vector's samples. */
export type Sample = { readonly metric: Readonly<Record<string, string>>; readonly value: readonly [number, string] };

/** Ask Prometheus (HTTP API /api/v1/query) for a vector at `timeSeconds`. */
export async function instantQuery(base: string, query: string, timeSeconds: number, timeoutMs = 30000): Promise<Sample[]> {
  const url = new URL('api/v1/query', base.endsWith('/') ? base : `${base}/`);
  const body = new URLSearchParams({ query, time: String(timeSeconds) });
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new Error(`cannot reach Prometheus at ${base}: ${(e as Error).message}`);
  }
  const text = await res.text();
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`Prometheus at ${base} answered HTTP ${res.status} without JSON (is this the Prometheus URL?): ${text.slice(0, 200)}`);
  }
  if (doc.status !== 'success') throw new Error(`Prometheus refused the query (${doc.errorType ?? res.status}: ${doc.error ?? text.slice(0, 200)}): ${query}`);
  if (doc.data?.resultType !== 'vector') throw new Error(`Prometheus answered a ${doc.data?.resultType}, not a vector: ${query}`);
  return doc.data.result as Sample[];
}

const GiB = 1024 ** 3;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Check a window; an error message, or undefined. */
export function windowProblem(w: UsageWindow): string | undefined {
  if (!Number.isFinite(w.fromMs) || !Number.isFinite(w.toMs)) return 'from and to must be times (ISO 8601, e.g. 2026-09-14T00:00:00Z)';
  if (w.toMs <= w.fromMs) return 'from must be before to';
  const step = w.stepSeconds ?? 300;
  if (!Number.isInteger(step) || step < 15) return 'the step must be a whole number of seconds, at least 15';
  if ((w.toMs - w.fromMs) / 1000 < step) return 'the window must be at least one step long';
  return undefined;
}

/** What Prometheus measured in a window, per namespace (a namespace without samples is missing). */
export interface NamespaceUsage {
  readonly activeUsers: ReadonlyMap<string, number>;
  /** Hours. */
  readonly serverHours: ReadonlyMap<string, number>;
  readonly peakServers: ReadonlyMap<string, number>;
  /** Bytes. */
  readonly meanPerServer: ReadonlyMap<string, number>;
  readonly peakPerServer: ReadonlyMap<string, number>;
  readonly peakTotal: ReadonlyMap<string, number>;
  /** The first sample of the namespace's hub metrics in the window, epoch seconds. */
  readonly firstSeen: ReadonlyMap<string, number>;
}

/** Ask the Prometheus at `prometheusUrl` what every namespace used in a window (seven instant queries at its end). */
export async function usageByNamespace(prometheusUrl: string, w: UsageWindow, query = instantQuery): Promise<NamespaceUsage> {
  const problem = windowProblem(w);
  if (problem) throw new Error(problem);
  const q = usageQueries(Math.round(w.toMs - w.fromMs), w.stepSeconds ?? 300);
  const at = w.toMs / 1000;
  const byNamespace = async (expr: string) => {
    const out = new Map<string, number>();
    for (const s of await query(prometheusUrl, expr, at)) {
      const v = Number(s.value[1]);
      if (s.metric.namespace !== undefined && Number.isFinite(v)) out.set(s.metric.namespace, v);
    }
    return out;
  };
  const [activeUsers, serverHours, peakServers, meanPerServer, peakPerServer, peakTotal, firstSeen] = await Promise.all(
    (['activeUsers', 'serverHours', 'peakServers', 'meanPerServer', 'peakPerServer', 'peakTotal', 'firstSeen'] as const).map((k) => byNamespace(q[k])),
  );
  return { activeUsers, serverHours, peakServers, meanPerServer, peakPerServer, peakTotal, firstSeen };
}

/** One hub's usage from what its namespace used. */
export function hubUsageOf(h: HubInventoryEntry, u: NamespaceUsage): HubUsage {
  const get = (m: ReadonlyMap<string, number>, f: (x: number) => number = (x) => x) => (m.has(h.namespace) ? f(m.get(h.namespace)!) : null);
  const peak = get(u.peakServers);
  return {
    name: h.name,
    kind: h.kind,
    namespace: h.namespace,
    activeUsers: get(u.activeUsers),
    serverHours: get(u.serverHours, (x) => round(x, 1)),
    peakServers: peak,
    plannedServers: h.concurrency,
    peakShareOfPlan: peak === null || h.concurrency <= 0 ? null : round(peak / h.concurrency, 3),
    memory: {
      guaranteeGiB: h.size.memoryGuaranteeGiB,
      limitGiB: h.size.memoryLimitGiB,
      meanPerServerGiB: get(u.meanPerServer, (x) => round(x / GiB, 3)),
      peakPerServerGiB: get(u.peakPerServer, (x) => round(x / GiB, 3)),
      peakTotalGiB: get(u.peakTotal, (x) => round(x / GiB, 2)),
    },
  };
}

/** Usage of the hubs in a window, from the Prometheus at `prometheusUrl`. */
export async function collectUsage(cluster: string, prometheusUrl: string, hubs: readonly HubInventoryEntry[], w: UsageWindow, query = instantQuery): Promise<UsageReport> {
  const u = await usageByNamespace(prometheusUrl, w, query);
  return {
    version: 1,
    cluster,
    prometheus: prometheusUrl,
    from: new Date(w.fromMs).toISOString(),
    to: new Date(w.toMs).toISOString(),
    stepSeconds: w.stepSeconds ?? 300,
    hubs: hubs.map((h) => hubUsageOf(h, u)),
  };
}

/** Read and check a usage document (`hubfleet usage --json`). */
export function readUsageReport(file: string): UsageReport {
  let doc: any;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read it as JSON (${(e as Error).message})`);
  }
  const num = (x: unknown) => x === null || typeof x === 'number';
  const ok =
    doc?.version === 1 &&
    typeof doc.cluster === 'string' &&
    typeof doc.from === 'string' &&
    typeof doc.to === 'string' &&
    Array.isArray(doc.hubs) &&
    doc.hubs.every((h: any) => typeof h?.name === 'string' && typeof h.plannedServers === 'number' && num(h.peakServers) && num(h.activeUsers) && num(h.serverHours) && num(h.peakShareOfPlan) && h.memory && typeof h.memory.guaranteeGiB === 'number');
  if (!ok) throw new Error('not a document of hubfleet usage --json (version 1: cluster, from, to, hubs with their usage)');
  return doc as UsageReport;
}

const show = (x: number | null, suffix = '') => (x === null ? '–' : `${x}${suffix}`);

/** The report as a table for the terminal. */
export function formatUsage(r: UsageReport): string {
  const head = ['hub', 'kind', 'users', 'server-h', 'peak', 'planned', 'peak/plan', 'mem mean GiB', 'mem peak GiB', 'guarantee GiB', 'limit GiB'];
  const rows = r.hubs.map((h) => [h.name, h.kind, show(h.activeUsers), show(h.serverHours), show(h.peakServers), String(h.plannedServers), h.peakShareOfPlan === null ? '–' : `${Math.round(h.peakShareOfPlan * 1000) / 10} %`, show(h.memory.meanPerServerGiB), show(h.memory.peakPerServerGiB), String(h.memory.guaranteeGiB), String(h.memory.limitGiB)]);
  const widths = head.map((_, i) => Math.max(head[i].length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const over = r.hubs.filter((h) => h.peakShareOfPlan !== null && h.peakShareOfPlan > 1).map((h) => h.name);
  const tight = r.hubs.filter((h) => h.memory.peakPerServerGiB !== null && h.memory.peakPerServerGiB > h.memory.limitGiB * 0.9).map((h) => h.name);
  return [
    `${r.cluster}: usage ${r.from} – ${r.to} (Prometheus ${r.prometheus}, step ${r.stepSeconds} s)`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'users: distinct users with a server in the window; server-h: sum of running servers over time; peak/plan: most servers at once ÷ maxConcurrentUsers (an exam: its seats); memory per server: mean and largest working set of one server, against the default profile\'s guarantee and limit.',
    ...(over.length ? [`over the plan: ${over.join(', ')} ran more servers at once than planned; raise maxConcurrentUsers and check hubfleet capacity.`] : []),
    ...(tight.length ? [`near the limit: servers of ${tight.join(', ')} used more than 90 % of their memory limit; kernels die at the limit.`] : []),
    '',
  ].join('\n');
}
