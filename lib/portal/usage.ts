/**
 * Usage per course as the portal shows it to its lecturers: the users who had a server, the
 * server-hours, the most servers at once against the planned `maxConcurrentUsers`, and the largest
 * working set of one server against its memory limit, over the course's term so far.
 *
 * Two sources, as the configuration says (lib/portal/config.ts `usage`, `usageFile`):
 * - {@link PrometheusUsage}: the cluster's Prometheus, asked with the PromQL of `hubfleet usage`
 *   (lib/monitoring/usage.ts) for each term's window (the term's first day to now, or to its last
 *   day), one answer per term kept for `refreshSeconds`. A page never waits for Prometheus longer
 *   than `timeoutMs`: it shows the last answer while a new one is asked for, and "not available"
 *   (with the reason) when there is none. The `CoursePortal` construct points it at hubfleet's
 *   monitoring add-on and lets the flow through both NetworkPolicies.
 * - {@link FileUsage}: a `hubfleet usage --json` document on disk, read again when it changes.
 */
import * as fs from 'fs';
import { HubUsage, hubUsageOf, instantQuery, NamespaceUsage, readUsageReport, usageByNamespace, UsageReport } from '../monitoring/usage';
import type { HubInventoryEntry } from '../model/declarations';

/** One course's usage as the portal shows it. */
export type HubUsageView =
  | {
      readonly state: 'measured';
      /** What the numbers cover, ISO times (UTC): from the hub's first sample in the term's window (or the window's start) to its end. */
      readonly from: string;
      readonly to: string;
      readonly activeUsers: number | null;
      readonly serverHours: number | null;
      readonly peakServers: number | null;
      readonly plannedServers: number;
      /** Largest working set of one server (GiB), against the default profile's limit. */
      readonly peakPerServerGiB: number | null;
      readonly memoryLimitGiB: number;
    }
  | { readonly state: 'not-started'; readonly opens: string }
  | { readonly state: 'unavailable'; readonly reason: string };

/** A course whose usage is asked for: its id (the hub's name) and its hub. */
export interface UsageInput {
  readonly id: string;
  readonly hub: HubInventoryEntry;
}

/** Where the portal reads usage from. */
export interface UsageSource {
  /** The usage of each course (course id → view), on `now` (the portal's clock). */
  usage(courses: readonly UsageInput[], now: Date): Promise<Map<string, HubUsageView>>;
}

const DAY_MS = 86_400_000;

function measured(from: number | string, to: number | string, h: HubInventoryEntry, hub: HubUsage): HubUsageView {
  return {
    state: 'measured',
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    activeUsers: hub.activeUsers,
    serverHours: hub.serverHours,
    peakServers: hub.peakServers,
    plannedServers: h.concurrency,
    peakPerServerGiB: hub.memory?.peakPerServerGiB ?? null,
    memoryLimitGiB: h.size.memoryLimitGiB,
  };
}

/** The window a course's usage covers on `now`: its term so far (without a term: the last 30 days). */
export function usageWindow(hub: HubInventoryEntry, nowMs: number, stepSeconds: number): { key: string; fromMs: number; toMs: number } | { opens: string } {
  const l = hub.lifecycle;
  if (!l) return { key: 'last-30-days', fromMs: nowMs - 30 * DAY_MS, toMs: nowMs };
  const opensMs = Date.parse(`${l.opens}T00:00:00Z`);
  const endMs = Date.parse(`${l.closes}T00:00:00Z`) + DAY_MS;
  if (!(nowMs > opensMs)) return { opens: l.opens };
  const toMs = Math.min(nowMs, endMs);
  // A window at least one step long (the first minutes of a term).
  return { key: `${l.opens}/${l.closes}`, fromMs: Math.min(opensMs, toMs - stepSeconds * 1000), toMs };
}

/** Options of {@link PrometheusUsage}. */
export interface PrometheusUsageOptions {
  /** The Prometheus, e.g. `http://monitoring-prometheus.monitoring.svc:9090`. */
  readonly url: string;
  /** Ask again after this many seconds. @default 300 */
  readonly refreshSeconds?: number;
  /** Resolution of the peaks and sums. @default 300 */
  readonly stepSeconds?: number;
  /** A page waits at most this long for a first answer. @default 4000 */
  readonly timeoutMs?: number;
  /** The query function (tests count the calls). @default the HTTP API's instant query */
  readonly query?: typeof instantQuery;
  /** Real time for the cache's age (not the portal's clock). @default Date.now */
  readonly monotonicNow?: () => number;
}

interface Answer {
  askedAt: number;
  fromMs: number;
  toMs: number;
  data?: NamespaceUsage;
  error?: string;
  /** Failures in a row (the retry waits 30 s, doubled each time, at most refreshSeconds). */
  failures: number;
  pending?: Promise<void>;
}

/** A failed question is asked again after 30 s, then 60 s, 120 s … up to the refresh interval. */
const RETRY_MS = 30_000;
/** A term that has closed changes only as Prometheus forgets: asked again once a day. */
const CLOSED_REFRESH_MS = 86_400_000;

/** Usage from the cluster's Prometheus, one answer per term window, refreshed in the background. */
export class PrometheusUsage implements UsageSource {
  private readonly answers = new Map<string, Answer>();
  /** The last failure (for the log and the tests). */
  lastError?: string;

  constructor(private readonly o: PrometheusUsageOptions) {}

  private get step(): number {
    return this.o.stepSeconds ?? 300;
  }

  /** How long an answer is good for: a failure is retried sooner, a closed term's answer kept longer. */
  private maxAgeMs(a: Answer, closed: boolean): number {
    const refresh = (this.o.refreshSeconds ?? 300) * 1000;
    if (a.error !== undefined && a.failures > 0) return Math.min(refresh, RETRY_MS * 2 ** Math.min(a.failures - 1, 20));
    return closed ? Math.max(refresh, CLOSED_REFRESH_MS) : refresh;
  }

  private ask(key: string, fromMs: number, toMs: number, closed: boolean): Answer {
    const now = (this.o.monotonicNow ?? Date.now)();
    let a = this.answers.get(key);
    const stale = !a || (!a.pending && now - a.askedAt >= this.maxAgeMs(a, closed));
    if (!a) {
      a = { askedAt: now, fromMs, toMs, failures: 0 };
      this.answers.set(key, a);
    }
    if (stale && !a.pending) {
      const answer = a;
      answer.askedAt = now;
      answer.pending = usageByNamespace(this.o.url, { fromMs, toMs, stepSeconds: this.step }, this.o.query ?? ((b, q, t) => instantQuery(b, q, t, Math.max(this.o.timeoutMs ?? 4000, 30000))))
        .then((data) => {
          Object.assign(answer, { data, fromMs, toMs, error: undefined, failures: 0 });
        })
        .catch((e: Error) => {
          answer.error = e.message;
          answer.failures++;
          this.lastError = e.message;
        })
        .finally(() => {
          answer.pending = undefined;
        });
    }
    return a;
  }

  /** Resolves when no question to Prometheus is pending (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.answers.values()].map((a) => a.pending));
  }

  async usage(courses: readonly UsageInput[], now: Date): Promise<Map<string, HubUsageView>> {
    const out = new Map<string, HubUsageView>();
    const waiting: Array<{ c: UsageInput; key: string; a: Answer }> = [];
    for (const c of courses) {
      const w = usageWindow(c.hub, now.getTime(), this.step);
      if ('opens' in w) out.set(c.id, { state: 'not-started', opens: w.opens });
      else waiting.push({ c, key: w.key, a: this.ask(w.key, w.fromMs, w.toMs, w.toMs < now.getTime()) });
    }
    const pending = [...new Set(waiting.filter((x) => !x.a.data && x.a.pending).map((x) => x.a.pending!))];
    if (pending.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(pending), new Promise((r) => (timer = setTimeout(r, this.o.timeoutMs ?? 4000)))]);
      clearTimeout(timer);
    }
    for (const { c, a } of waiting) {
      // The numbers cover what Prometheus still has: from the hub's first sample in the window on.
      const first = a.data?.firstSeen.get(c.hub.namespace);
      if (a.data) out.set(c.id, measured(first === undefined ? a.fromMs : Math.max(a.fromMs, Math.floor(first) * 1000), a.toMs, c.hub, hubUsageOf(c.hub, a.data)));
      else out.set(c.id, { state: 'unavailable', reason: a.error ? `Prometheus did not answer: ${a.error}` : 'Prometheus has not answered yet; reload in a minute.' });
    }
    return out;
  }
}

/** Usage from a `hubfleet usage --json` document, read again whenever the file changes. */
export class FileUsage implements UsageSource {
  private read?: { mtimeMs: number; size: number; report?: UsageReport; error?: string };

  constructor(private readonly file: string, private readonly cluster: string) {}

  private report(): UsageReport | string {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch (e) {
      return `${this.file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
    if (!this.read || this.read.mtimeMs !== st.mtimeMs || this.read.size !== st.size) {
      try {
        const report = readUsageReport(this.file);
        this.read = report.cluster === this.cluster
          ? { mtimeMs: st.mtimeMs, size: st.size, report }
          : { mtimeMs: st.mtimeMs, size: st.size, error: `${this.file} is the usage of cluster ${report.cluster}, not ${this.cluster}` };
      } catch (e) {
        this.read = { mtimeMs: st.mtimeMs, size: st.size, error: `${this.file}: ${(e as Error).message}` };
      }
    }
    return this.read.report ?? this.read.error!;
  }

  async usage(courses: readonly UsageInput[]): Promise<Map<string, HubUsageView>> {
    const r = this.report();
    const out = new Map<string, HubUsageView>();
    for (const c of courses) {
      if (typeof r === 'string') out.set(c.id, { state: 'unavailable', reason: r });
      else {
        const h = r.hubs.find((x) => x.name === c.id);
        out.set(c.id, h ? measured(r.from, r.to, c.hub, h) : { state: 'unavailable', reason: `the usage document (${r.from.slice(0, 10)} – ${r.to.slice(0, 10)}) has no hub ${c.id}` });
      }
    }
    return out;
  }
}
