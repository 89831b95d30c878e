/**
 * The edit loop, measured for `npm run bench`: the seconds from a one-line change (a course file of the
 * catalogue in this repository, the app file in a new project) to
 * the written output of `hubfleet synth`, as a user runs it (a fresh `node` process, no build in
 * between), best of a few runs after a first one that warms the caches (the node-stack cache, the
 * file system). Once for this repository's examples (a copy of the checkout with its build), once for
 * a project from `hubfleet new` with the packed hubfleet installed offline (test/cli/offline-install.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { offlineLock } from '../cli/offline-install';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface EditLoopResult {
  /** Best wall-clock seconds from the change to the written output. */
  readonly seconds: number;
  /** CPU seconds (user + system) of that run. */
  readonly cpuSeconds: number;
  /** Objects synth wrote (every cluster). */
  readonly objects: number;
}

/** Measure `runs` one-line changes of `file` (the `students:` line) followed by `hubfleet synth`. */
function measure(dir: string, bin: string, file: string, runs: number): EditLoopResult {
  const cpuHook = path.join(dir, '.cpu-hook.js');
  fs.writeFileSync(cpuHook, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\ncpu-seconds ${(u.user + u.system) / 1e6}\\n`); });\n");
  const synth = () => {
    const r = spawnSync(process.execPath, ['--require', cpuHook, bin, 'synth', '--out', 'dist'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`hubfleet synth failed in ${dir}:\n${r.stderr}`);
    const objects = [...r.stderr.matchAll(/^[\w-]+: (\d+) objects/gm)].reduce((n, m) => n + Number(m[1]), 0);
    return { cpuSeconds: Number(/cpu-seconds ([\d.]+)/.exec(r.stderr)![1]), objects };
  };
  synth();
  let best: EditLoopResult = { seconds: Infinity, cpuSeconds: Infinity, objects: 0 };
  const text = fs.readFileSync(file, 'utf8');
  for (let i = 1; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    fs.writeFileSync(file, text.replace(/students: (\d+)/, (_, n: string) => `students: ${Number(n) + i}`));
    const { cpuSeconds, objects } = synth();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (seconds < best.seconds) best = { seconds, cpuSeconds, objects };
  }
  fs.writeFileSync(file, text);
  return best;
}

/** This repository's examples, in a copy of the checkout (sources, build, node_modules linked). */
function repositoryLoop(tmp: string, runs: number): EditLoopResult {
  const copy = path.join(tmp, 'repo');
  for (const d of ['apps', 'clusters', 'courses', 'lib', 'imports', 'build', 'bin']) fs.cpSync(path.join(ROOT, d), path.join(copy, d), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json']) fs.copyFileSync(path.join(ROOT, f), path.join(copy, f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  // A course's size, as a platform engineer changes it: its file in the catalogue (lib/catalogue).
  return measure(copy, path.join(copy, 'bin', 'hubfleet.js'), path.join(copy, 'courses', 'eth-teaching', '2025-autumn', 'algorithms.yaml'), runs);
}

/** A project from `hubfleet new` with one cluster from `hubfleet init`, hubfleet installed from its tarball. */
function projectLoop(tmp: string, runs: number): EditLoopResult {
  const run = (cwd: string, cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  const [{ filename }] = JSON.parse(run(ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp])) as [{ filename: string }];
  run(tmp, process.execPath, [path.join(ROOT, 'bin', 'hubfleet.js'), 'new', 'project']);
  const project = path.join(tmp, 'project');
  fs.writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(offlineLock(ROOT, project, path.join(tmp, filename)), null, 2));
  run(project, 'npm', ['ci', '--offline']);
  run(project, 'npx', ['hubfleet', 'init', 'demo', '--provider', 'none']);
  return measure(project, path.join(project, 'node_modules', 'hubfleet', 'bin', 'hubfleet.js'), path.join(project, 'apps', 'demo.ts'), runs);
}

/** Both loops; the printed line is `edit loop: <s> s from a one-line change to written output …`. */
export function editLoop(runs = 3): { repository: EditLoopResult; project: EditLoopResult; line: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-edit-loop-'));
  try {
    const repository = repositoryLoop(tmp, runs);
    const project = projectLoop(tmp, runs);
    const line =
      `edit loop: ${repository.seconds.toFixed(2)} s from a one-line change to written output ` +
      `(this repository's examples, a course file changed, ${repository.objects} objects; ${repository.cpuSeconds.toFixed(2)} CPU s), ` +
      `${project.seconds.toFixed(2)} s in a project from hubfleet new with one cluster (${project.objects} objects; ${project.cpuSeconds.toFixed(2)} CPU s); ` +
      `best of ${runs}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; target ≤ 3 s ${Math.max(repository.seconds, project.seconds) <= 3 ? 'met' : 'MISSED'}`;
    return { repository, project, line };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) console.log(editLoop().line);
