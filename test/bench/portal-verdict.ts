/**
 * The course portal's answer time on a large cluster (`npm run bench`, issue 24: p95 under 300 ms
 * on the 2-core machine): a catalogue of n courses in four opening waves of one term, then
 * requests of varying sizes, each checked as the portal's "Check capacity" checks it —
 * checkCourseText (YAML, schema, catalogue and hub rules) and the capacity verdict for its term
 * (CapacityBaseline: the cluster without the request built once per planning day and cached, then
 * only the request's hub) — timed one by one, wall and CPU.
 */
import { CapacityBaseline } from '../../lib/catalogue/capacity';
import { addCatalogue } from '../../lib/catalogue/app';
import { CatalogueSources, inCatalogueContext, loadCatalogue } from '../../lib/catalogue/load';
import { checkCourseText } from '../../lib/catalogue/validate';
import { defineCluster } from '../../lib/fleet/define';
import { parse, stringify } from 'yaml';
import { SETTINGS } from '../catalogue/fixtures';
import { testSpec } from '../helpers';

const CLUSTER = 'bench-portal';
const WAVES = ['2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09'];

/** The test catalogue's terms, logins and images (test/catalogue/fixtures.ts), with the bench's defaults and policy. */
const settings = stringify({
  ...parse(SETTINGS),
  // Limits at the guarantees: the baseline is not overcommitted, so requests span every verdict.
  defaults: { cpuGuarantee: 0.1, cpuLimit: 0.1, home: { sizeGiB: 5 } },
  policy: { maxStudents: 1000, maxConcurrentUsers: 200, maxMemoryLimitGiB: 8 },
});

const courseText = (i: number, students: number, servers: number, memoryGiB: number, guaranteeGiB = memoryGiB) => `title: Course ${i}
owners: [lecturer-${i % 50}@example.org]
dates:
  opens: ${WAVES[i % WAVES.length]}
login:
  use: moodle
  clientIds: [client-${i}]
image: scipy
students: ${students}
maxConcurrentUsers: ${servers}
memoryGuaranteeGiB: ${guaranteeGiB}
memoryLimitGiB: ${memoryGiB}
${i % 3 === 0 ? `nbgrader: true\nstaff:\n  instructors:\n    users: [lecturer-${i % 50}@example.org]\n` : ''}`;

/** The catalogue of n courses, as the portal reads it from Git. */
export function benchCatalogue(n: number): CatalogueSources {
  const courses = Array.from({ length: n }, (_, i) => ({ file: `courses/${CLUSTER}/2026-spring/course-${i}.yaml`, text: courseText(i, 20 + (i % 9) * 30, 5 + (i % 6) * 4, 1 + (i % 2)), folder: '2026-spring' }));
  return { cluster: CLUSTER, catalogue: { file: `courses/${CLUSTER}/catalogue.yaml`, text: settings }, lifecycle: { file: `courses/${CLUSTER}/lifecycle.yaml`, text: 'date: 2026-03-01\n' }, courses, extra: new Map() };
}

export interface PortalVerdictResult {
  readonly courses: number;
  readonly requests: number;
  readonly warmupSeconds: number;
  readonly verdictMs: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly checkAndVerdictMs: { readonly p50: number; readonly p95: number; readonly cpuP95: number };
  readonly statuses: Record<string, number>;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

/** Warm the caches, then time `requests` requests of varying size on a catalogue of n courses. */
export function measurePortalVerdict(n: number, requests = 60): PortalVerdictResult {
  const sources = benchCatalogue(n);
  // Workers of 16 CPUs / 64 GiB, as many as the catalogue needs at its peak (about 24.9 GiB of
  // memory guarantees a course, hub and proxy included) and some 300 GiB more: most requests
  // fit, the largest do not (on 200 and on 1,000 courses).
  const workers = Math.max(2, Math.ceil((n * 24.9 + 300) / 64));
  const spec = testSpec({ name: CLUSTER, nodePools: [...testSpec().nodePools.filter((p) => p.name !== 'worker'), { name: 'worker', roles: ['worker'], count: workers, vcpus: 16, memoryGiB: 64, diskGiB: 200 }] });
  const def = defineCluster(spec, (app) => void addCatalogue(app, loadCatalogue(`/nonexistent/courses/${CLUSTER}`)));
  const within = <T>(fn: () => T) => inCatalogueContext({ change: { cluster: CLUSTER, edit: () => sources } }, fn);
  const baseline = new CapacityBaseline(def);
  const file = (i: number) => `courses/${CLUSTER}/2026-spring/request-${i}.yaml`;
  const t0 = process.hrtime.bigint();
  within(() => baseline.verdict(sources, { file: file(0), text: courseText(0, 100, 20, 2) }));
  const warmupSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const verdict: number[] = [];
  const both: number[] = [];
  const cpu: number[] = [];
  const statuses: Record<string, number> = {};
  for (let r = 1; r <= requests; r++) {
    // From small to far too large: 5 … 200 servers at once, 1 … 8 GiB.
    // Every third asks for a limit above its guarantee: the verdict weighs overcommit too.
    const memoryGiB = 1 + (r % 4) * 2;
    const text = courseText(r, 50 + (r % 10) * 95, 5 + (r % 8) * 27, memoryGiB, r % 3 === 0 ? memoryGiB / 2 : memoryGiB);
    const c0 = process.cpuUsage();
    const a = process.hrtime.bigint();
    const checked = checkCourseText(text, { file: file(r), sources, spec });
    if (!checked.course) throw new Error(`bench request ${r} has errors: ${checked.issues.map((i) => i.message).join('; ')}`);
    const b = process.hrtime.bigint();
    const v = within(() => baseline.verdict(sources, { file: file(r), text }));
    const c = process.hrtime.bigint();
    const used = process.cpuUsage(c0);
    verdict.push(Number(c - b) / 1e6);
    both.push(Number(c - a) / 1e6);
    cpu.push((used.user + used.system) / 1e3);
    statuses[v.worst.status] = (statuses[v.worst.status] ?? 0) + 1;
  }
  return {
    courses: n,
    requests,
    warmupSeconds,
    verdictMs: { p50: quantile(verdict, 0.5), p95: quantile(verdict, 0.95), max: Math.max(...verdict) },
    checkAndVerdictMs: { p50: quantile(both, 0.5), p95: quantile(both, 0.95), cpuP95: quantile(cpu, 0.95) },
    statuses,
  };
}

/** The bench line (`npm run bench` prints it; `node build/test/bench/portal-verdict.js [n]` alone). */
export function portalVerdictLine(r: PortalVerdictResult): string {
  const ms = (x: number) => x.toFixed(1);
  const met = r.verdictMs.p95 < 300 ? 'met' : 'MISSED';
  return `portal verdict on ${r.courses.toLocaleString('en')} courses (${r.requests} requests, ${Object.entries(r.statuses).map(([k, v]) => `${v} ${k}`).join(', ')}): verdict p50 ${ms(r.verdictMs.p50)} ms, p95 ${ms(r.verdictMs.p95)} ms, max ${ms(r.verdictMs.max)} ms; check+verdict p95 ${ms(r.checkAndVerdictMs.p95)} ms (CPU ${ms(r.checkAndVerdictMs.cpuP95)} ms); first request (builds the cluster without it) ${r.warmupSeconds.toFixed(2)} s; target p95 < 300 ms ${met}`;
}

if (require.main === module) {
  console.log(portalVerdictLine(measurePortalVerdict(Number(process.argv[2] ?? 1000))));
}
