import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dashboardJson, dashboardQueries } from '../../lib/monitoring/dashboards/grafana';
import { collectUsage, instantQuery, UsageReport } from '../../lib/monitoring/usage';
import { dashboardHub, dashboardsOf } from '../../lib/monitoring/monitoring';
import { HubInventoryEntry } from '../../lib/model/declarations';
import { run } from '../cli/helpers';
import { CLUSTER, exporterSeries, T0, T_END } from './exporter-series';
import { rangeQuery, RunningPrometheus, startPrometheus } from './prometheus-server';
import { substituteVariables } from './variables';

/**
 * Against a real Prometheus (Debian's /usr/bin/prometheus on loopback, one start for this file)
 * whose TSDB holds six hours of exporter-shaped series (exporter-series.ts, made into blocks by
 * `promtool tsdb create-blocks-from openmetrics`): `hubfleet usage` gives the numbers the series
 * were designed for, and every query of every dashboard returns series.
 */

const hub = (name: string, kind: 'course' | 'exam', namespace: string, concurrency: number, guarantee: number, limit: number): HubInventoryEntry => ({
  name,
  kind,
  namespace,
  url: `https://${name}.hubs.example.org/`,
  login: 'lti13',
  students: 30,
  concurrency,
  size: { cpuGuarantee: 0.1, cpuLimit: 2, memoryGuaranteeGiB: guarantee, memoryLimitGiB: limit },
  profiles: [],
  image: 'quay.io/jupyter/scipy-notebook:2025-08-18',
  nbgrader: false,
  ...(kind === 'exam' ? { window: { start: '2026-01-26T12:00:00+01:00', end: '2026-01-26T14:00:00+01:00', timeZone: 'Europe/Berlin' } } : {}),
});
const HUBS = [hub('intro', 'course', 'course-intro', 10, 0.5, 2), hub('final', 'exam', 'exam-final', 3, 1, 1)];

let prom: RunningPrometheus;
beforeAll(async () => {
  prom = await startPrometheus(exporterSeries());
}, 180000);
afterAll(async () => prom?.stop());

describe('hubfleet usage against a real Prometheus', () => {
  const window = { fromMs: T0 * 1000, toMs: T_END * 1000 };

  test('per hub: users, server-hours, peak servers against the plan, memory of a server against its guarantee', async () => {
    const r = await collectUsage(CLUSTER, prom.url, HUBS, window);
    const [intro, final] = r.hubs;
    // intro: alice and bob all along, carol from 3 h on two pods in turn: 3 users; 2 servers for 3 h, then 3: 15 server-hours.
    expect(intro).toEqual({
      name: 'intro',
      kind: 'course',
      namespace: 'course-intro',
      activeUsers: 3,
      serverHours: 15,
      peakServers: 3,
      plannedServers: 10,
      peakShareOfPlan: 0.3,
      // A server's mean: 0.75 GiB (alice 0.5, bob 1) for 3 h, then 1.1 GiB (carol's 1.8 too): 0.925.
      memory: { guaranteeGiB: 0.5, limitGiB: 2, meanPerServerGiB: 0.925, peakPerServerGiB: 1.8, peakTotalGiB: 3.3 },
    });
    // final: dave and erin from 4 h (the placeholders before are no users): 2 users, 4 server-hours, 2 of 3 seats.
    expect(final).toMatchObject({ activeUsers: 2, serverHours: 4, peakServers: 2, plannedServers: 3, peakShareOfPlan: 0.667, memory: { meanPerServerGiB: 0.7, peakPerServerGiB: 0.7, peakTotalGiB: 1.4 } });
    expect([r.from, r.to, r.stepSeconds]).toEqual(['2026-01-26T08:00:00.000Z', '2026-01-26T14:00:00.000Z', 300]);
  });

  test('a shorter window sees only its part: the first three hours of intro', async () => {
    const r = await collectUsage(CLUSTER, prom.url, HUBS, { fromMs: T0 * 1000, toMs: (T0 + 3 * 3600) * 1000 });
    expect(r.hubs[0]).toMatchObject({ activeUsers: 2, serverHours: 6, peakServers: 2 });
    // The exam had no server then: its servers and users are zero or unknown, never invented.
    expect(r.hubs[1].peakServers).toBe(0);
    expect(r.hubs[1].activeUsers).toBeNull();
  });

  test('hubfleet usage --json on an app stack prints the same document; without --json a table', async () => {
    const app = path.join(__dirname, '..', 'fixtures', 'apps', 'monitored.ts');
    const args = ['usage', '--app', app, '--prometheus', prom.url, '--from', '2026-01-26T08:00:00Z', '--to', '2026-01-26T14:00:00Z'];
    const json = await run(...args, '--json');
    expect([json.code, json.stderr]).toEqual([0, '']);
    const doc = JSON.parse(json.stdout) as UsageReport;
    expect(doc.cluster).toBe(CLUSTER);
    expect(doc.hubs.map((h) => [h.name, h.activeUsers, h.serverHours, h.peakServers, h.plannedServers])).toEqual([
      ['intro', 3, 15, 3, 10],
      ['final', 2, 4, 2, 3],
    ]);
    const table = await run(...args);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^intro\s+course\s+3\s+15\s+3\s+10\s+30 %/m);
  });

  test('hubfleet report --usage shows it beside the capacity plan', async () => {
    const app = path.join(__dirname, '..', 'fixtures', 'apps', 'monitored.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-usage-report-'));
    const usage = await run('usage', '--app', app, '--prometheus', prom.url, '--from', '2026-01-26T08:00:00Z', '--to', '2026-01-26T14:00:00Z', '--json');
    fs.writeFileSync(path.join(dir, 'usage.json'), usage.stdout);
    const r = await run('report', '--app', app, '--out', dir, '--usage', path.join(dir, 'usage.json'));
    expect([r.code, r.stderr]).toEqual([0, expect.stringContaining('wrote')]);
    const html = fs.readFileSync(path.join(dir, CLUSTER, 'report', 'index.html'), 'utf8');
    expect(html).toContain('<a href="#usage">Usage</a>');
    const section = html.slice(html.indexOf('<section id="usage">'), html.indexOf('</section>', html.indexOf('<section id="usage">')));
    expect(section.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain('intro course 10 3 30 % 3 15 0.93 / 1.8 0.5–2');
    // A usage document of another cluster is refused.
    fs.writeFileSync(path.join(dir, 'other.json'), usage.stdout.replace(`"cluster": "${CLUSTER}"`, '"cluster": "elsewhere"'));
    const other = await run('report', '--app', app, '--out', dir, '--usage', path.join(dir, 'other.json'));
    expect([other.code, other.stderr]).toEqual([2, expect.stringContaining('is of cluster elsewhere')]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a Prometheus that cannot be reached, or a bad window, is an error with the reason', async () => {
    await expect(collectUsage(CLUSTER, 'http://127.0.0.1:9', HUBS, window)).rejects.toThrow(/cannot reach Prometheus at http:\/\/127.0.0.1:9/);
    await expect(collectUsage(CLUSTER, prom.url, HUBS, { fromMs: window.toMs, toMs: window.fromMs })).rejects.toThrow(/from must be before to/);
    const bad = await run('usage', '--app', path.join(__dirname, '..', 'fixtures', 'apps', 'monitored.ts'), '--prometheus', prom.url, '--from', 'yesterday');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('ISO 8601')]);
  });
});

describe('every dashboard query returns series from the exporters', () => {
  const hubs = HUBS.map(dashboardHub);
  const dashboards = dashboardsOf(CLUSTER, hubs).map((d) => dashboardJson(d.dashboard) as any);
  const cases = dashboards.flatMap((d) => dashboardQueries(d).map((q) => [d.title, q.panel, q] as const));

  test('there are queries to run (all dashboards, all panels)', () => {
    expect(dashboards.length).toBe(8);
    expect(cases.length).toBeGreaterThan(40);
  });

  test.each(cases)('%s: %s', async (_d, _p, q) => {
    const expr = substituteVariables(q.expr);
    // Over the whole fixture, as a dashboard looking at the last six hours asks.
    const series = q.instant ? await instantQuery(prom.url, expr, T_END) : await rangeQuery(prom.url, expr, T0, T_END, 300);
    expect([expr, series.length > 0]).toEqual([expr, true]);
  });

  test('the query variables find the hubs and users', async () => {
    for (const d of dashboards) {
      for (const v of d.templating.list.filter((x: any) => x.type === 'query')) {
        const metric = String(v.definition).replace(/^label_values\((.*), *[a-z_]+\)$/, '$1');
        const series = await instantQuery(prom.url, substituteVariables(metric), T_END);
        expect([v.name, series.length > 0]).toEqual([v.name, true]);
      }
    }
  });
});
