/**
 * The portal's usage per course: against a real Prometheus (Debian's, on loopback, its TSDB filled
 * with one lecture of each test course: usage-series.ts), the numbers of a course over its term so
 * far, the same `hubfleet usage` gives for that window; one answer per term, asked again after
 * refreshSeconds; a page never waits longer than timeoutMs; what a lecturer reads when Prometheus
 * cannot answer; a `hubfleet usage --json` document as the other source; the configuration's rules.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'parse5';
import { HubInventoryEntry } from '../../lib/model/declarations';
import { collectUsage, instantQuery } from '../../lib/monitoring/usage';
import { checkPortalConfig } from '../../lib/portal/config';
import { usageHtml } from '../../lib/portal/pages';
import { usageSourceOf } from '../../lib/portal/start';
import { FileUsage, PrometheusUsage, usageWindow } from '../../lib/portal/usage';
import { RunningPrometheus, startPrometheus } from '../monitoring/prometheus-server';
import { lectureSeries } from './usage-series';

jest.setTimeout(180_000);

const SPRING = { term: '2026-spring', day: '2026-03-01', phase: 'open' as const, opens: '2026-02-16', closes: '2026-06-15', archiveAfter: '2026-07-01', deleteAfter: '2027-07-01' };
const hub = (name: string, concurrency: number, lifecycle: HubInventoryEntry['lifecycle'] | null = SPRING): HubInventoryEntry => ({
  name,
  kind: 'course',
  namespace: `course-${name}`,
  url: `https://${name}.hubs.example.org/`,
  login: 'lti13',
  students: 100,
  concurrency,
  size: { cpuGuarantee: 0.1, cpuLimit: 2, memoryGuaranteeGiB: 0.5, memoryLimitGiB: 2 },
  profiles: [],
  image: 'ghcr.io/example/course-scipy:2026-01-12',
  nbgrader: true,
  ...(lifecycle ? { lifecycle } : {}),
});
const INTRO = { id: 'intro', hub: hub('intro', 40) };
const STATISTICS = { id: 'statistics', hub: hub('statistics', 30) };
const MARCH_1 = new Date('2026-03-01T10:00:00Z');
/** What a page would wait at most, long enough that a loaded machine never turns an answer into "not yet". */
const SLOW_MACHINE_MS = 120_000;

/** A query function that counts its calls and can be held back or made to fail. */
function counting(base = instantQuery) {
  const c = {
    calls: 0,
    hold: undefined as Promise<void> | undefined,
    fail: undefined as string | undefined,
    query: async (url: string, q: string, t: number) => {
      c.calls++;
      if (c.hold) await c.hold;
      if (c.fail) throw new Error(c.fail);
      return base(url, q, t);
    },
  };
  return c;
}

let prom: RunningPrometheus;
beforeAll(async () => {
  prom = await startPrometheus(lectureSeries());
});
afterAll(async () => prom?.stop());

describe('usageWindow: a course\'s term so far', () => {
  const now = (iso: string) => Date.parse(iso);
  test('from the term\'s first day to now while it runs; to the end of its last day after', () => {
    expect(usageWindow(INTRO.hub, now('2026-03-01T10:00:00Z'), 300)).toEqual({ key: '2026-02-16/2026-06-15', fromMs: now('2026-02-16T00:00:00Z'), toMs: now('2026-03-01T10:00:00Z') });
    expect(usageWindow(INTRO.hub, now('2026-09-01T00:00:00Z'), 300)).toMatchObject({ fromMs: now('2026-02-16T00:00:00Z'), toMs: now('2026-06-16T00:00:00Z') });
  });
  test('before the term: nothing to ask; in its first minutes: one step back', () => {
    expect(usageWindow(INTRO.hub, now('2026-02-10T00:00:00Z'), 300)).toEqual({ opens: '2026-02-16' });
    expect(usageWindow(INTRO.hub, now('2026-02-16T00:00:00Z'), 300)).toEqual({ opens: '2026-02-16' });
    expect(usageWindow(INTRO.hub, now('2026-02-16T00:01:00Z'), 300)).toMatchObject({ fromMs: now('2026-02-15T23:56:00Z'), toMs: now('2026-02-16T00:01:00Z') });
  });
  test('a hub outside the catalogue (no term): the last 30 days', () => {
    expect(usageWindow(hub('x', 5, null), now('2026-03-01T00:00:00Z'), 300)).toEqual({ key: 'last-30-days', fromMs: now('2026-01-30T00:00:00Z'), toMs: now('2026-03-01T00:00:00Z') });
  });
});

describe('PrometheusUsage against a real Prometheus', () => {
  test('each course its own numbers over its term so far: users, server-hours, peak against the plan, memory', async () => {
    const u = await new PrometheusUsage({ url: prom.url, timeoutMs: SLOW_MACHINE_MS }).usage([INTRO, STATISTICS], MARCH_1);
    // The term opened on 02-16, but Prometheus has the hub's metrics only from 02-23 09:00 on (here:
    // the fixture's first sample; on a cluster: retention or the hub's start): the page says so.
    expect(u.get('intro')).toEqual({ state: 'measured', from: '2026-02-23T09:00:00.000Z', to: '2026-03-01T10:00:00.000Z', activeUsers: 3, serverHours: 5, peakServers: 3, plannedServers: 40, peakPerServerGiB: 1.5, memoryLimitGiB: 2 });
    expect(u.get('statistics')).toMatchObject({ state: 'measured', activeUsers: 1, serverHours: 1, peakServers: 1, plannedServers: 30, peakPerServerGiB: 0.75 });
  });

  test('the same numbers `hubfleet usage` gives for that window', async () => {
    const r = await collectUsage('test-cluster', prom.url, [INTRO.hub], { fromMs: Date.parse('2026-02-16T00:00:00Z'), toMs: MARCH_1.getTime() });
    const u = (await new PrometheusUsage({ url: prom.url, timeoutMs: SLOW_MACHINE_MS }).usage([INTRO], MARCH_1)).get('intro')!;
    expect(u).toMatchObject({ activeUsers: r.hubs[0].activeUsers, serverHours: r.hubs[0].serverHours, peakServers: r.hubs[0].peakServers, peakPerServerGiB: r.hubs[0].memory.peakPerServerGiB });
  });

  test('a window before the lecture sees none of it; a term not yet open asks nothing', async () => {
    const q = counting();
    const source = new PrometheusUsage({ url: prom.url, query: q.query, timeoutMs: SLOW_MACHINE_MS });
    const early = (await source.usage([INTRO], new Date('2026-02-20T00:00:00Z'))).get('intro');
    expect(early).toMatchObject({ state: 'measured', activeUsers: null, peakServers: null });
    const calls = q.calls;
    expect((await source.usage([{ id: 'intro', hub: hub('intro', 40, { ...SPRING, opens: '2026-09-14', closes: '2026-12-23' }) }], MARCH_1)).get('intro')).toEqual({ state: 'not-started', opens: '2026-09-14' });
    expect(q.calls).toBe(calls);
  });

  test('one answer per term for every course in it, asked again after refreshSeconds (in the background)', async () => {
    const q = counting();
    let clock = 0;
    const source = new PrometheusUsage({ url: prom.url, query: q.query, refreshSeconds: 300, monotonicNow: () => clock, timeoutMs: SLOW_MACHINE_MS });
    await source.usage([INTRO, STATISTICS], MARCH_1);
    expect(q.calls).toBe(7);
    clock = 299_000;
    await source.usage([INTRO], MARCH_1);
    await source.usage([STATISTICS], MARCH_1);
    expect(q.calls).toBe(7);
    clock = 300_000;
    // The page gets the answer it has at once; the new one is asked for meanwhile.
    q.hold = new Promise(() => undefined);
    const stale = await source.usage([INTRO], MARCH_1);
    expect(stale.get('intro')).toMatchObject({ state: 'measured', activeUsers: 3 });
    expect(q.calls).toBe(14);
  });

  test('a page waits at most timeoutMs for a first answer, then shows it once it came', async () => {
    const q = counting();
    let release!: () => void;
    q.hold = new Promise<void>((r) => (release = r));
    const source = new PrometheusUsage({ url: prom.url, query: q.query, timeoutMs: 50 });
    expect((await source.usage([INTRO], MARCH_1)).get('intro')).toEqual({ state: 'unavailable', reason: 'Prometheus has not answered yet; reload in a minute.' });
    release();
    q.hold = undefined;
    // The same question is not asked twice while it is pending; once answered, the page has it.
    await source.settled();
    expect((await source.usage([INTRO], MARCH_1)).get('intro')).toMatchObject({ state: 'measured', activeUsers: 3 });
    expect(q.calls).toBe(7);
  });

  test('when Prometheus cannot be reached the lecturer reads why; an answer it had stays shown when a later one fails', async () => {
    const down = await new PrometheusUsage({ url: 'http://127.0.0.1:9', timeoutMs: SLOW_MACHINE_MS }).usage([INTRO], MARCH_1);
    expect(down.get('intro')).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/^Prometheus did not answer: cannot reach Prometheus at http:\/\/127\.0\.0\.1:9/) });
    const q = counting();
    let clock = 0;
    const source = new PrometheusUsage({ url: prom.url, query: q.query, monotonicNow: () => clock, timeoutMs: SLOW_MACHINE_MS });
    await source.usage([INTRO], MARCH_1);
    clock = 600_000;
    q.fail = 'connection reset';
    await source.usage([INTRO], MARCH_1);
    await source.settled();
    expect((await source.usage([INTRO], MARCH_1)).get('intro')).toMatchObject({ state: 'measured', activeUsers: 3 });
    expect(source.lastError).toBe('connection reset');
  });

  test('a failed question is asked again after 30 s, then 60 s, … (not only after refreshSeconds)', async () => {
    const q = counting();
    let clock = 0;
    const source = new PrometheusUsage({ url: prom.url, query: q.query, refreshSeconds: 3600, monotonicNow: () => clock, timeoutMs: SLOW_MACHINE_MS });
    q.fail = 'no route to host';
    expect((await source.usage([INTRO], MARCH_1)).get('intro')).toEqual({ state: 'unavailable', reason: 'Prometheus did not answer: no route to host' });
    clock = 29_999;
    await source.usage([INTRO], MARCH_1);
    expect(q.calls).toBe(7);
    clock = 30_000;
    await source.usage([INTRO], MARCH_1);
    await source.settled();
    expect(q.calls).toBe(14);
    // Failed twice: the next try waits 60 s.
    clock = 30_000 + 59_999;
    await source.usage([INTRO], MARCH_1);
    expect(q.calls).toBe(14);
    q.fail = undefined;
    clock = 30_000 + 60_000;
    await source.usage([INTRO], MARCH_1);
    await source.settled();
    expect((await source.usage([INTRO], MARCH_1)).get('intro')).toMatchObject({ state: 'measured', activeUsers: 3 });
    expect(q.calls).toBe(21);
  });

  test('a term that has closed is asked again once a day, not every refreshSeconds', async () => {
    const q = counting();
    let clock = 0;
    const source = new PrometheusUsage({ url: prom.url, query: q.query, refreshSeconds: 300, monotonicNow: () => clock, timeoutMs: SLOW_MACHINE_MS });
    const winter = { id: 'intro', hub: hub('intro', 40, { ...SPRING, term: '2026-winter', opens: '2026-02-01', closes: '2026-02-25' }) };
    const u = (await source.usage([winter], MARCH_1)).get('intro');
    expect(u).toMatchObject({ state: 'measured', to: '2026-02-26T00:00:00.000Z', activeUsers: 3 });
    clock = 3_600_000;
    await source.usage([winter], MARCH_1);
    expect(q.calls).toBe(7);
    clock = 86_400_000;
    await source.usage([winter], MARCH_1);
    await source.settled();
    expect(q.calls).toBe(14);
  });

  test('a Prometheus that is not one (HTML, an error) is "not available" with its words, not a crash', async () => {
    const notProm = await new PrometheusUsage({ url: `${prom.url}/graph/`, timeoutMs: SLOW_MACHINE_MS }).usage([INTRO], MARCH_1);
    expect(notProm.get('intro')).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/^Prometheus did not answer: Prometheus at .* answered HTTP 404 without JSON/) });
  });
});

describe('what the portal may do to Prometheus', () => {
  test('read, but not stop, reload or delete: Prometheus runs without the lifecycle and admin APIs (as hubfleet\'s values make prometheus-operator start it)', async () => {
    // The test Prometheus is started without --web.enable-lifecycle and --web.enable-admin-api,
    // as prometheus-operator starts it for reloadStrategy ProcessSignal and enableAdminAPI false
    // (lib/monitoring/stack-values.ts; test/monitoring/monitoring.test.ts checks the values).
    for (const p of ['-/quit', '-/reload']) {
      const r = await fetch(`${prom.url}/${p}`, { method: 'POST' });
      expect([p, r.status, await r.text()]).toEqual([p, 403, expect.stringMatching(/Lifecycle API is not enabled/)]);
    }
    const del = await fetch(`${prom.url}/api/v1/admin/tsdb/delete_series?match[]=up`, { method: 'POST' });
    expect(del.status).not.toBe(204);
    expect(await del.text()).toMatch(/admin APIs disabled/);
    expect((await fetch(`${prom.url}/-/ready`)).status).toBe(200);
  });
});

describe('FileUsage: a `hubfleet usage --json` document', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-portal-usage-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('read, and read again when it changes; another cluster\'s, a missing or a broken file is "not available"', async () => {
    const file = path.join(dir, 'usage.json');
    const report = await collectUsage('test-cluster', prom.url, [INTRO.hub, STATISTICS.hub], { fromMs: Date.parse('2026-02-16T00:00:00Z'), toMs: MARCH_1.getTime() });
    fs.writeFileSync(file, JSON.stringify(report));
    const source = new FileUsage(file, 'test-cluster');
    expect((await source.usage([INTRO])).get('intro')).toEqual({ state: 'measured', from: '2026-02-16T00:00:00.000Z', to: '2026-03-01T10:00:00.000Z', activeUsers: 3, serverHours: 5, peakServers: 3, plannedServers: 40, peakPerServerGiB: 1.5, memoryLimitGiB: 2 });
    expect((await source.usage([{ id: 'other', hub: hub('other', 5) }])).get('other')).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('has no hub other') });
    fs.writeFileSync(file, JSON.stringify({ ...report, hubs: report.hubs.map((h) => ({ ...h, activeUsers: 7 })), note: 'a newer run' }));
    expect((await source.usage([INTRO])).get('intro')).toMatchObject({ activeUsers: 7 });
    fs.writeFileSync(file, JSON.stringify({ ...report, cluster: 'elsewhere' }));
    expect((await source.usage([INTRO])).get('intro')).toEqual({ state: 'unavailable', reason: `${file} is the usage of cluster elsewhere, not test-cluster` });
    fs.writeFileSync(file, '{ not json');
    expect((await source.usage([INTRO])).get('intro')).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('cannot read it as JSON') });
    expect((await new FileUsage(path.join(dir, 'missing.json'), 'test-cluster').usage([INTRO])).get('intro')).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('ENOENT') });
  });
});

describe('usage on the page', () => {
  const text = (html: string) => {
    const doc = parse(`<table><tr><td>${html}</td></tr></table>`);
    const out: string[] = [];
    const walk = (n: any) => {
      if (n.nodeName === '#text') out.push(n.value);
      if (n.nodeName === 'script') out.push('<SCRIPT>');
      (n.childNodes ?? []).forEach(walk);
    };
    walk(doc);
    return out.join('');
  };
  test('what was measured, what is not yet, and why it is not available, every value escaped', () => {
    expect(text(usageHtml({ state: 'measured', from: '2026-02-16T00:00:00.000Z', to: '2026-03-01T10:00:00.000Z', activeUsers: 3, serverHours: 5, peakServers: 3, plannedServers: 40, peakPerServerGiB: 1.5, memoryLimitGiB: 2 }))).toBe(
      '3 users, 5 server-hours, at most 3 of 40 servers at oncememory of one server at most 1.5 of 2 GiB (2026-02-16 – 2026-03-01)',
    );
    expect(text(usageHtml({ state: 'measured', from: '2026-02-16T00:00:00.000Z', to: '2026-02-17T00:00:00.000Z', activeUsers: null, serverHours: null, peakServers: null, plannedServers: 40, peakPerServerGiB: null, memoryLimitGiB: 2 }))).toBe('– users, – server-hours, at most – of 40 servers at once (2026-02-16 – 2026-02-17)');
    expect(text(usageHtml({ state: 'measured', from: '2026-02-16T00:00:00.000Z', to: '2026-02-17T00:00:00.000Z', activeUsers: 1, serverHours: 1.2, peakServers: 1, plannedServers: 40, peakPerServerGiB: null, memoryLimitGiB: 2 }))).toMatch(/^1 user, 1 server-hour, at most 1 of 40 servers at once/);
    expect(text(usageHtml({ state: 'not-started', opens: '2026-09-14' }))).toBe('the term opens on 2026-09-14');
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
    expect(text(usageHtml({ state: 'unavailable', reason: hostile }))).toBe(`not available: ${hostile}`);
    expect(text(usageHtml(undefined))).toBe('–');
  });
});

describe('the configuration of usage', () => {
  test('the portal started from a configuration asks the Prometheus it names (the address CoursePortal writes), or reads the document', async () => {
    const source = usageSourceOf({ cluster: 'test-cluster', usage: { prometheusUrl: prom.url, refreshSeconds: 600 } });
    expect(source).toBeInstanceOf(PrometheusUsage);
    await source!.usage([INTRO], MARCH_1);
    await (source as PrometheusUsage).settled();
    expect((await source!.usage([INTRO], MARCH_1)).get('intro')).toMatchObject({ state: 'measured', activeUsers: 3, serverHours: 5 });
    expect(usageSourceOf({ cluster: 'test-cluster', usageFile: '/nonexistent/usage.json' })).toBeInstanceOf(FileUsage);
    expect(usageSourceOf({ cluster: 'test-cluster' })).toBeUndefined();
  });

  const base = {
    cluster: 'test-cluster',
    publicUrl: 'https://portal.hubs.example.org',
    oidc: { issuer: 'https://login.example.org', clientId: 'c', clientSecretFile: '/s/c', requesterGroups: ['lecturers'] },
    git: { url: 'git@git.example.org:p/t.git', workDir: '/w', committer: { name: 'portal', email: 'portal@example.org' } },
    sessionKeyFile: '/s/k',
  };
  const fields = (o: object) => checkPortalConfig({ ...base, ...o }).map((p) => p.field);
  test('a Prometheus address, or a usage document, not both; numbers in range; no credentials in the address', () => {
    expect(fields({ usage: { prometheusUrl: 'http://monitoring-prometheus.monitoring.svc:9090', refreshSeconds: 300 } })).toEqual([]);
    expect(fields({ usageFile: '/var/lib/hubfleet-portal/usage.json' })).toEqual([]);
    expect(fields({ usage: { prometheusUrl: 'http://monitoring-prometheus.monitoring.svc:9090' }, usageFile: '/u.json' })).toEqual(['usageFile']);
    expect(fields({ usage: { prometheusUrl: 'http://admin:pw@prometheus:9090' } })).toEqual(['usage']);
    expect(fields({ usage: { prometheusUrl: 'prometheus:9090' } })).toEqual(['usage']);
    expect(fields({ usage: { prometheusUrl: 'http://prometheus:9090', refreshSeconds: 1 } })).toEqual(['usage']);
    expect(fields({ usage: null })).toEqual(['usage']);
    expect(fields({ usageFile: '' })).toEqual(['usageFile']);
  });
});
