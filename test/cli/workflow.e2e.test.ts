/**
 * The getting-started flow of this repository, end to end, in a temporary copy of the project (no
 * network): build (what `npm ci` does through `prepare`), `npx hubfleet init`, synth and diff
 * without a new build (the app stack is transpiled when loaded), the suites that test the examples
 * still pass with the new cluster in apps/index.ts, and a stale library build is refused. It runs
 * the real commands, compiled JavaScript and all. (`--typecheck` is proved in package.e2e.test.ts.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tree } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
let copy: string;

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: copy, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

/** The project's files as a fresh clone has them (no build/, no dist/), node_modules linked. */
beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-clone-'));
  const skip = new Set(['node_modules', 'build', 'dist', '.git', 'cdktf.out', 'coverage', '.jest-cache', '.hubfleet-state', 'props-schema.generated.ts']);
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip.has(e.name) || e.name.endsWith('.tsbuildinfo')) continue;
      if (e.isDirectory()) {
        fs.mkdirSync(path.join(copy, r), { recursive: true });
        walk(r);
      } else if (e.isFile()) fs.copyFileSync(path.join(ROOT, r), path.join(copy, r));
    }
  };
  walk('');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

test('init, synth, diff from a fresh clone; the example tests still pass; a stale library is refused', () => {
  // Before any build the command says what to do.
  const unbuilt = sh('node', ['bin/hubfleet.js', 'synth']);
  expect(unbuilt.code).toBe(1);
  expect(unbuilt.out).toContain('the project is not built yet (build/lib/cli/main.js is missing).');
  expect(unbuilt.out).toContain('[build-missing]');
  // What `npm ci` does after installing (package.json "prepare": npm run build, which npm test ran
  // here before jest): the build of the same sources, and the props schema it generated.
  fs.cpSync(path.join(ROOT, 'build'), path.join(copy, 'build'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'lib/core/props-schema.generated.ts'), path.join(copy, 'lib/core/props-schema.generated.ts'));
  const first = sh('node', ['bin/hubfleet.js', 'synth']);
  expect(first.code).toBe(0);
  const example = tree(path.join(copy, 'dist', 'eth-teaching'));

  // The README's getting-started: no build between init and synth.
  const init = sh('npx', ['hubfleet', 'init', 'demo', '--domain', 'demo.example.edu', '--provider', 'none']);
  expect(init.out).toContain('wrote clusters/demo.ts, apps/demo.ts; registered demo in apps/index.ts and clusters/index.ts.');
  expect(init.code).toBe(0);
  const synth = sh('node', ['bin/hubfleet.js', 'synth']);
  expect(synth.code).toBe(0);
  // A freshly generated cluster synthesizes without a warning (and so passes --strict).
  expect(synth.out).toMatch(/^demo: \d+ objects, \d+ files, [\d.]+ s$/m);
  const demo = Object.keys(tree(path.join(copy, 'dist', 'demo')));
  expect(demo).toEqual(expect.arrayContaining(['k8s/courses/intro/deployment-hub.yaml', 'k8s/argocd/application-courses-intro.yaml', 'k8s/argocd/application-root.yaml', 'k8s/platform/metallb/ipaddresspool-default.yaml']));
  expect(tree(path.join(copy, 'dist', 'eth-teaching'))).toEqual(example);

  // The suites that test the examples (they failed with a new cluster before they took them by name).
  const suites = sh('npx', ['jest', '--ci', 'test/cli/init.test.ts', 'test/fleet/yaml.test.ts', 'test/model/examples.test.ts', 'test/examples.test.ts']);
  expect(suites.out).toMatch(/Tests: +\d+ passed, \d+ total/);
  expect(suites.code).toBe(0);

  // Nothing changed since the synth: diff exits 0; then a second course, no build: exit 2.
  expect(sh('npx', ['hubfleet', 'diff']).code).toBe(0);
  const app = path.join(copy, 'apps', 'demo.ts');
  fs.writeFileSync(app, fs.readFileSync(app, 'utf8').replace("  new CourseJupyterHub(app, 'intro', {", "  new CourseJupyterHub(app, 'stats', { auth: HubAuth.moodle('https://moodle.demo.example.edu', ['c2']), image: 'quay.io/jupyter/r-notebook:2025-08-18', students: 20 });\n  new CourseJupyterHub(app, 'intro', {"));
  const diff = sh('npx', ['hubfleet', 'diff', '--cluster', 'demo']);
  expect(diff.code).toBe(2);
  expect(diff.stdout).toContain('  k8s/courses/stats/ (new package: 21 added)');

  // init never overwrites.
  const again = sh('npx', ['hubfleet', 'init', 'demo']);
  expect(again.code).toBe(1);
  expect(again.out).toContain('[init-exists]');

  const before = tree(path.join(copy, 'dist'));

  // A library source changed after the build: the compiled library is stale, and synth refuses it.
  const lib = path.join(copy, 'lib', 'core', 'names.ts');
  fs.appendFileSync(lib, '\nexport const changedAfterTheBuild = 1;\n');
  const refused = sh('node', ['bin/hubfleet.js', 'synth']);
  expect(refused.code).toBe(1);
  expect(refused.out).toMatch(/✗ build: sources = \["lib\/core\/names\.ts"\]: build\/ was not compiled from the current library sources .*Fix: run `npm run build`.*\[build-stale\]/);
  expect(tree(path.join(copy, 'dist'))).toEqual(before);
});
