/**
 * `npm run bench`: synth speed for generated clusters of 10, 100 and 1,000 course hubs, against the
 * cost of writing the same objects as JSON and against plain cdk8s, in one run.
 *
 * Each measurement runs in a child process of its own:
 * - hubfleet (`--hubfleet N`): build the construct tree, then `synthApp` (collect, every validation
 *   and check synth runs, YAML for every file: exactly what `hubfleet synth` does before writing),
 *   then `JSON.stringify` of the same objects, one string per object like the files (the floor for
 *   writing the bytes). Several runs per size, each from a collected heap (as a fresh `hubfleet
 *   synth` starts); each figure is the best run, and the spread (slowest/fastest) says how noisy the
 *   machine was. The first (cold) run is shown too.
 * - peak memory (`--peak N`): a fresh process that builds and synthesizes once, as `hubfleet synth`
 *   does; its peak resident set. (Repeated runs in one process would report the garbage V8 has not
 *   collected yet: 280 MiB for one run of 1,000 hubs, 970 MiB after seven.)
 * - plain cdk8s (`--cdk8s N`): the same objects (hubfleet's JSON, copied) as plain `ApiObject`s in
 *   one cdk8s `Chart` per package (one per hub), then `App.synth()`, which resolves every object
 *   (`toJson`) and writes one YAML file per chart through cdk8s's own `Yaml.save`. Killed after
 *   60 s and reported as "> 60 s".
 * Then the login throttle (issue 17: test/bench/login-throttle.ts; `node build/test/bench/bench.js
 * --login` runs only that).
 * Targets (issue 14): synth+validate at 1,000 hubs ≤ 12× JSON.stringify and ≥ 10× faster than plain
 * cdk8s; growth 100 → 1,000 hubs ≤ 11×; peak memory ≤ 1 GiB.
 * - the course portal's verdict (`--portal N`, test/bench/portal-verdict.ts, issue 24): on a
 *   catalogue of 1,000 courses, 60 requests from small to far too large, each checked and judged as
 *   the portal's "Check capacity" does; p50/p95/max of the verdict alone and with the check (target:
 *   p95 under 300 ms).
 * The last line is for the record:
 * `bench: 1000 hubs: synth+validate S s = R× JSON.stringify, C× faster than plain cdk8s, growth 100→1000 G×, peak M MiB`.
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { collect, synthApp } from '../../lib/fleet/synth';
import { generatedCluster } from './generated-cluster';
import { editLoop } from './edit-loop';
import { measurePortalVerdict, portalVerdictLine, PortalVerdictResult } from './portal-verdict';
import { loginThrottleBench } from './login-throttle';

const SIZES = [10, 100, 1000];
/** Runs per size: small sizes take milliseconds, so they get more runs to find the quiet one. */
const RUNS: Record<number, number> = { 10: 15, 100: 15, 1000: 7 };
const CDK8S_LIMIT_SECONDS = 60;


const now = () => process.hrtime.bigint();
const secs = (t0: bigint) => Number(now() - t0) / 1e9;
const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

interface HubfleetResult {
  hubs: number;
  objects: number;
  files: number;
  runs: number;
  build: number;
  synth: number;
  /** CPU seconds (user + system, all threads) of the fastest synth: less sensitive to other load on the machine. */
  synthCpu: number;
  json: number;
  coldSynth: number;
  synthSpread: number;
  jsonSpread: number;
  phases: { collect: number; validate: number; wiring: number; serialize: number };
}

function measureHubfleet(n: number): HubfleetResult {
  const runs: Array<{ build: number; synth: number; synthCpu: number; json: number; objects: number; files: number; phases: HubfleetResult['phases'] }> = [];
  for (let run = 0; run < RUNS[n]; run++) {
    (global as any).gc?.();
    const t0 = now();
    const app = generatedCluster(n);
    const build = secs(t0);
    const t1 = now();
    const cpu0 = process.cpuUsage();
    const out = synthApp(app);
    const synth = secs(t1);
    const cpu = process.cpuUsage(cpu0);
    const synthCpu = (cpu.user + cpu.system) / 1e6;
    // The floor: the same objects through JSON.stringify, one string per object, kept like the files.
    // (collect again only walks the tree: the finalizers ran once, in synth.)
    const jsons = collect(app).objects.map((o) => o.json);
    const kept: string[] = [];
    const t2 = now();
    for (const j of jsons) kept.push(JSON.stringify(j));
    const json = secs(t2);
    if (kept.length !== out.objects) throw new Error(`JSON floor wrote ${kept.length} objects, synth ${out.objects}`);
    runs.push({ build, synth, synthCpu, json, objects: out.objects, files: out.files.size, phases: out.timings });
  }
  const min = (k: 'build' | 'synth' | 'synthCpu' | 'json') => Math.min(...runs.map((r) => r[k]));
  const spread = (k: 'synth' | 'json') => Math.max(...runs.map((r) => r[k])) / min(k);
  const fastest = runs.reduce((a, b) => (b.synth < a.synth ? b : a));
  return {
    hubs: n,
    objects: runs[0].objects,
    files: runs[0].files,
    runs: runs.length,
    build: min('build'),
    synth: min('synth'),
    synthCpu: min('synthCpu'),
    json: min('json'),
    coldSynth: runs[0].synth,
    synthSpread: spread('synth'),
    jsonSpread: spread('json'),
    phases: fastest.phases,
  };
}

/** One build and synth in a fresh process: its peak resident set, as `hubfleet synth` would see it. */
function measurePeak(n: number): { hubs: number; peakMiB: number } {
  synthApp(generatedCluster(n));
  return { hubs: n, peakMiB: peakMiB() };
}

interface Cdk8sResult {
  hubs: number;
  objects: number;
  charts: number;
  build: number;
  synth: number;
  peakMiB: number;
}

function measureCdk8s(n: number): Cdk8sResult {
  // The same objects: hubfleet's JSON for each package, copied so cdk8s owns them.
  const byPackage = new Map<string, any[]>();
  for (const o of collect(generatedCluster(n)).objects) {
    const list = byPackage.get(o.pkg.node.path) ?? [];
    list.push(JSON.parse(JSON.stringify(o.json)));
    byPackage.set(o.pkg.node.path, list);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-bench-cdk8s-'));
  try {
    const t0 = now();
    const app = new App({ outdir });
    let objects = 0;
    let c = 0;
    for (const jsons of byPackage.values()) {
      const chart = new Chart(app, `chart-${c++}`);
      jsons.forEach((json, i) => new ApiObject(chart, `o${i}`, json));
      objects += jsons.length;
    }
    const build = secs(t0);
    const t1 = now();
    app.synth();
    const synth = secs(t1);
    const written = fs.readdirSync(outdir).length;
    if (written !== byPackage.size) throw new Error(`cdk8s wrote ${written} files for ${byPackage.size} charts`);
    return { hubs: n, objects, charts: byPackage.size, build, synth, peakMiB: peakMiB() };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Run one measurement in a child process; undefined when it did not finish within `limitSeconds`. */
function child<T>(mode: string, n: number, limitSeconds?: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const c = fork(__filename, [mode, String(n)], { stdio: 'inherit', execArgv: ['--max-semi-space-size=32', ...(mode === '--hubfleet' ? ['--expose-gc'] : [])] });
    let result: T | undefined;
    let timedOut = false;
    const timer = limitSeconds === undefined ? undefined : setTimeout(() => ((timedOut = true), c.kill('SIGKILL')), limitSeconds * 1000);
    c.on('message', (m) => (result = m as T));
    c.on('error', reject);
    c.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      if (timedOut) resolve(undefined);
      else if (code !== 0 || result === undefined) reject(new Error(`bench child ${mode} ${n} exited ${code}`));
      else resolve(result);
    });
  });
}

const pad = (s: string | number, w: number) => String(s).padStart(w);
const f3 = (x: number) => x.toFixed(3);

async function main() {
  const hub: HubfleetResult[] = [];
  for (const n of SIZES) hub.push((await child<HubfleetResult>('--hubfleet', n))!);
  const peak: number[] = [];
  for (const n of SIZES) peak.push((await child<{ peakMiB: number }>('--peak', n))!.peakMiB);
  const cdk: Array<Cdk8sResult | undefined> = [];
  for (const n of SIZES) cdk.push(await child<Cdk8sResult>('--cdk8s', n, CDK8S_LIMIT_SECONDS));
  const portal = (await child<PortalVerdictResult>('--portal', 1000))!;

  console.log(`hubfleet synth benchmark (node ${process.version}, ${os.cpus().length} cores; hubfleet: best of ${SIZES.map((n) => RUNS[n]).join('/')} runs; plain cdk8s: one run, limit ${CDK8S_LIMIT_SECONDS} s)`);
  console.log(
    `${pad('hubs', 5)} ${pad('objects', 8)} ${pad('build s', 8)} ${pad('synth+validate s', 17)} ${pad('cold s', 7)} ${pad('spread', 7)} ${pad('JSON s', 7)} ${pad('×JSON', 6)} ${pad('cdk8s build s', 14)} ${pad('cdk8s synth s', 14)} ${pad('cdk8s/hubfleet', 15)} ${pad('peak MiB', 9)} ${pad('cdk8s MiB', 10)}`,
  );
  hub.forEach((r, i) => {
    const c = cdk[i];
    console.log(
      `${pad(r.hubs, 5)} ${pad(r.objects, 8)} ${pad(f3(r.build), 8)} ${pad(f3(r.synth), 17)} ${pad(f3(r.coldSynth), 7)} ${pad(`${r.synthSpread.toFixed(2)}×`, 7)} ${pad(f3(r.json), 7)} ${pad(`${(r.synth / r.json).toFixed(1)}×`, 6)} ${pad(c ? f3(c.build) : '-', 14)} ${pad(c ? f3(c.synth) : `> ${CDK8S_LIMIT_SECONDS}`, 14)} ${pad(c ? `${(c.synth / r.synth).toFixed(1)}×` : `> ${(CDK8S_LIMIT_SECONDS / r.synth).toFixed(0)}×`, 15)} ${pad(peak[i], 9)} ${pad(c ? c.peakMiB : '-', 10)}`,
    );
  });
  const [, hundred, thousand] = hub;
  const thousandPeak = peak[2];
  const cdkThousand = cdk[2];
  const p = thousand.phases;
  console.log(`phases at ${thousand.hubs} hubs (fastest run): collect ${f3(p.collect)} s, validate ${f3(p.validate)} s (of which the cluster model's wiring checks ${f3(p.wiring)} s), serialize ${f3(p.serialize)} s; JSON.stringify spread ${thousand.jsonSpread.toFixed(2)}×`);
  const growth = thousand.synth / hundred.synth;
  const growthTotal = (thousand.build + thousand.synth) / (hundred.build + hundred.synth);
  console.log(
    `growth 100 → 1,000 hubs: synth+validate ${growth.toFixed(2)}×, build+synth ${growthTotal.toFixed(2)}×, synth+validate in CPU seconds ${(thousand.synthCpu / hundred.synthCpu).toFixed(2)}× (${f3(hundred.synthCpu)} → ${f3(thousand.synthCpu)} s); objects ${(thousand.objects / hundred.objects).toFixed(2)}×`,
  );
  const ratio = thousand.synth / thousand.json;
  const faster = cdkThousand ? cdkThousand.synth / thousand.synth : undefined;
  const fasterText = faster === undefined ? `> ${(CDK8S_LIMIT_SECONDS / thousand.synth).toFixed(0)}` : faster.toFixed(1);
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `targets at 1,000 hubs: ≤ 12× JSON.stringify ${met(ratio <= 12)}, ≥ 10× faster than plain cdk8s ${met(faster === undefined || faster >= 10)}, growth ≤ 11× ${met(growth <= 11)}, peak ≤ 1024 MiB ${met(thousandPeak <= 1024)}`,
  );
  console.log(editLoop().line);
  console.log(portalVerdictLine(portal));
  console.log(
    `bench: 1000 hubs: synth+validate ${f3(thousand.synth)} s = ${ratio.toFixed(1)}× JSON.stringify, ${fasterText}× faster than plain cdk8s, growth 100→1000 ${growth.toFixed(2)}×, peak ${thousandPeak} MiB`,
  );
  for (const line of await loginThrottleBench()) console.log(line);
}

if (process.argv[2] === '--hubfleet') {
  process.send!(measureHubfleet(Number(process.argv[3])));
} else if (process.argv[2] === '--peak') {
  process.send!(measurePeak(Number(process.argv[3])));
} else if (process.argv[2] === '--portal') {
  process.send!(measurePortalVerdict(Number(process.argv[3])));
} else if (process.argv[2] === '--cdk8s') {
  process.send!(measureCdk8s(Number(process.argv[3])));
} else if (process.argv[2] === '--login') {
  // Only the login-throttle line (test/bench/login-throttle.ts).
  loginThrottleBench().then(
    (lines) => lines.forEach((l) => console.log(l)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
