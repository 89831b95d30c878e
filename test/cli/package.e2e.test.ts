/**
 * hubfleet as a package, end to end and offline: `npm pack`, `hubfleet new` in a temporary folder,
 * `npm ci --offline` of the tarball (and of the dependencies `npm ci` put into the npm cache here;
 * test/cli/offline-install.ts), `hubfleet init` of a vSphere cluster (the node layer from the
 * package), synth, diff, validate --strict --typecheck, the new project's own `npm test`, the
 * programs of cdk8s.yaml and cdktf.json, and ci/gitops.sh publishing to and reviewing against a
 * GitOps repository (a local bare repository). Needs the build (`npm test` builds first).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tree } from './helpers';
import { offlineLock } from './offline-install';

const ROOT = path.join(__dirname, '..', '..');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
let tmp: string;
let project: string;

function sh(cwd: string, cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false', ...env } });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-package-'));
  project = path.join(tmp, 'teaching-clusters');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('npm pack, hubfleet new, offline install, init, synth, diff, the project test, cdk8s/cdktf apps, CI publish and review', () => {
  // The package: the compiled library with declarations, the command, the data it reads; nothing else.
  const pack = sh(ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp]);
  expect(pack.code).toBe(0);
  const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  expect(filename).toBe(`hubfleet-${version}.tgz`);
  const paths = files.map((f) => f.path);
  expect(paths).toEqual(expect.arrayContaining(['bin/hubfleet.js', 'build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/register.js', 'build/lib/cli/main.js', 'build/lib/core/props-schema.generated.js', 'build/lib/validate/data/kubernetes.json', 'build/lib/validate/data/crds.json', 'build/lib/platform/data/bitnami.com_sealedsecrets.json', 'build/imports/openstack/index.js', 'CHANGELOG.md', 'README.md', 'package.json']));
  // schemas/: the course catalogue's JSON Schemas, for the editors of a project's course files (lib/catalogue/README.md).
  expect(paths).toEqual(expect.arrayContaining(['schemas/course.schema.json', 'schemas/catalogue.schema.json', 'schemas/lifecycle.schema.json', 'build/lib/catalogue/schemas.generated.js']));
  expect(paths.filter((p) => !/^(bin|build\/lib|build\/imports|schemas)\//.test(p) && !['CHANGELOG.md', 'README.md', 'package.json'].includes(p))).toEqual([]);
  expect(paths.filter((p) => p.endsWith('.map') || p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);

  // A project of one's own, installed without the registry.
  const created = sh(tmp, process.execPath, [path.join(ROOT, 'bin/hubfleet.js'), 'new', 'teaching-clusters']);
  expect(created.code).toBe(0);
  expect(Object.keys(tree(project)).sort()).toEqual(['.github/workflows/hubfleet.yml', '.gitignore', '.gitlab-ci.yml', 'README.md', 'apps/index.ts', 'cdk8s.yaml', 'cdktf.json', 'ci/gitops.sh', 'clusters/index.ts', 'package.json', 'test/clusters.test.ts', 'tsconfig.json']);
  expect(JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')).dependencies).toEqual({ hubfleet: `^${version}` });
  fs.writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(offlineLock(ROOT, project, path.join(tmp, filename)), null, 2));
  const install = sh(project, 'npm', ['ci', '--offline']);
  expect(install.out).not.toMatch(/ENOTCACHED/);
  expect(install.code).toBe(0);
  expect(sh(project, 'npx', ['hubfleet', '--version']).stdout).toBe(`${version}\n`);

  // A cluster, its output, and nothing changed since.
  const init = sh(project, 'npx', ['hubfleet', 'init', 'campus', '--provider', 'vsphere', '--nfs', 'nfs.campus.example.edu:/export/hubs', '--domain', 'campus.example.edu']);
  expect(init.code).toBe(0);
  expect(fs.readFileSync(path.join(project, 'apps/campus.ts'), 'utf8')).toContain("from 'hubfleet';");
  const synth = sh(project, 'npx', ['hubfleet', 'synth']);
  expect(synth.out).toMatch(/^campus: \d+ objects, \d+ files, [\d.]+ s$/m);
  expect(synth.code).toBe(0);
  expect(Object.keys(tree(path.join(project, 'dist/campus')))).toEqual(expect.arrayContaining(['inventory.json', 'k8s/courses/intro/deployment-hub.yaml', 'terraform/stacks/nodes/cdk.tf.json']));
  expect(sh(project, 'npx', ['hubfleet', 'diff']).code).toBe(0);
  const validate = sh(project, 'npx', ['hubfleet', 'validate', '--strict', '--typecheck']);
  expect(validate.out).toContain('type check (tsc --noEmit): no errors');
  expect(validate.code).toBe(0);

  // A type error (one synth would not see: a string where a number goes): --typecheck names it and writes nothing.
  const app = path.join(project, 'apps/campus.ts');
  const good = fs.readFileSync(app, 'utf8');
  fs.writeFileSync(app, good.replace('students: 50,', "students: 50, memoryLimitGiB: '4',"));
  const before = tree(path.join(project, 'dist'));
  const typed = sh(project, 'npx', ['hubfleet', 'synth', '--typecheck']);
  expect(typed.out).toMatch(/type check \(tsc --noEmit\): 1 error.*\n  ✗ apps\/campus\.ts\(\d+,\d+\): error TS2322/);
  expect(typed.code).toBe(1);
  expect(tree(path.join(project, 'dist'))).toEqual(before);
  fs.writeFileSync(app, good);

  // The project's own test: tsc, then its clusters synthesize without warnings.
  const test = sh(project, 'npm', ['test']);
  expect(test.out).toMatch(/^# pass 1$/m);
  expect(test.code).toBe(0);

  // What `cdk8s synth` and `cdktf synth` run (cdk8s.yaml's and cdktf.json's app).
  const cdktf = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.json'), 'utf8')) as { app: string };
  const out = path.join(tmp, 'cdktf.out');
  expect(sh(project, 'sh', ['-c', cdktf.app], { CDKTF_OUTDIR: out }).code).toBe(0);
  expect(fs.existsSync(path.join(out, 'stacks/campus/cdk.tf.json'))).toBe(true);

  // CI: publish main to a GitOps repository, then review a change against it.
  const gitops = path.join(tmp, 'gitops.git');
  expect(sh(tmp, 'git', ['init', '--quiet', '--bare', gitops]).code).toBe(0);
  const env = { GITOPS_REPO: gitops, GITHUB_SHA: 'abc123' };
  const publish = sh(project, 'sh', ['ci/gitops.sh', 'publish'], env);
  expect(publish.out).toMatch(/pushed [0-9a-f]+ to main of the GitOps repository/);
  expect(publish.code).toBe(0);
  const listed = sh(tmp, 'git', ['--git-dir', gitops, 'ls-tree', '-r', '--name-only', 'main']).stdout;
  expect(listed).toContain('dist/campus/k8s/courses/intro/deployment-hub.yaml');
  expect(sh(tmp, 'git', ['--git-dir', gitops, 'log', '-1', '--format=%s', 'main']).stdout).toBe('hubfleet synth of abc123\n');
  expect(sh(project, 'sh', ['ci/gitops.sh', 'publish'], env).out).toContain('the GitOps repository is up to date');
  fs.writeFileSync(app, good.replace('students: 50,', 'students: 80,'));
  const review = sh(project, 'sh', ['ci/gitops.sh', 'review'], env);
  expect(review.out).toMatch(/k8s\/courses\/intro\//);
  expect(review.code).toBe(0);
}, 600_000);
