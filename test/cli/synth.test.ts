import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, tree } from './helpers';

const APPS = path.join(__dirname, '..', 'fixtures', 'apps');

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-out-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

describe('hubfleet synth', () => {
  test('writes <out>/<cluster>/k8s/courses/<course>/ and reports a progress line', async () => {
    const r = await run('synth', '--out', out, '--app', path.join(APPS, 'good.ts'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^test-cluster: \d+ objects, \d+ files, [\d.]+ s$/m);
    const files = Object.keys(tree(out));
    expect(files).toContain('test-cluster/k8s/courses/intro/deployment-hub.yaml');
    expect(files).toContain('test-cluster/k8s/courses/stats/configmap-hub-config.yaml');
  });

  test('is byte-identical from run to run, with no timestamps or absolute paths', async () => {
    await run('synth', '--out', out, '--app', path.join(APPS, 'good.ts'));
    const first = tree(out);
    await run('synth', '--out', out, '--app', path.join(APPS, 'good.ts'));
    expect(tree(out)).toEqual(first);
    const all = Object.values(first).join('\n');
    expect(all).not.toContain(os.tmpdir());
    expect(all).not.toContain(process.cwd());
    expect(all).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
    // no YAML anchors or aliases: every object reads on its own in review
    expect(all).not.toMatch(/^\s*(- )?[&*]a\d+\s*$/m);
  });

  test('replaces the cluster folder whole (stale files go) and leaves everything else in <out>', async () => {
    fs.mkdirSync(path.join(out, '.git'));
    fs.writeFileSync(path.join(out, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(out, 'README.md'), 'gitops repo\n');
    await run('synth', '--out', out, '--app', path.join(APPS, 'good.ts'));
    expect(fs.existsSync(path.join(out, 'test-cluster/k8s/courses/stats'))).toBe(true);
    await run('synth', '--out', out, '--app', path.join(APPS, 'smaller.ts'));
    expect(fs.existsSync(path.join(out, 'test-cluster/k8s/courses/stats'))).toBe(false);
    expect(fs.readFileSync(path.join(out, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('gitops repo\n');
    expect(fs.readdirSync(out).sort()).toEqual(['.git', 'README.md', 'test-cluster']);
  });

  const failures: Array<[string, string, RegExp]> = [
    ['fails on a course name that is not DNS-1123', 'badName.ts', /Intro_Programming: id = "Intro_Programming": .*DNS-1123.*\[hub-name-dns\]/],
    ['fails on two courses with one name (namespace)', 'duplicate.ts', /intro-copy\/namespace\/namespace: Namespace\/course-intro metadata.name = "course-intro": another Namespace named "course-intro".*\[unique-names\]/],
    [
      'fails on two courses with one construct id, naming both and where each was made',
      'duplicateId.ts',
      /intro: id = "intro": two constructs are named "intro" in the app: a CourseJupyterHub \(test\/fixtures\/apps\/stacks\.ts:\d+\) and a CourseJupyterHub \(test\/fixtures\/apps\/stacks\.ts:\d+\)\..*Fix: rename one of them.*\[unique-construct-id\]/,
    ],
    ['fails on a props typo passed through a variable', 'propsTypo.ts', /intro: memoryLimitGib = 8: CourseJupyterHubProps has no key "memoryLimitGib".*Fix: did you mean "memoryLimitGiB"\?.*\[props-unknown-key\]/],
    ['fails on a typo in a nested option object shared by two hubs (once)', 'nestedTypo.ts', /intro: home\.sizeGib = 20: HomeStorage has no key "sizeGib".*passed to 1 more construct.*\[props-unknown-key\]/],
    ['fails on a memory limit below its guarantee', 'badMemory.ts', /intro: memoryLimitGiB = 2: the memory limit is below the memory guarantee.*\[hub-memory\]/],
    ['fails on an LTI hub without an issuer', 'ltiWithoutIssuer.ts', /intro: auth.issuer = "": an LTI 1.3 hub needs the platform issuer.*\[lti13-issuer\]/],
  ];
  for (const [name, file, message] of failures) {
    test(`${name}: exit 1, a message naming the course and field, previous output untouched`, async () => {
      expect((await run('synth', '--out', out, '--app', path.join(APPS, 'good.ts'))).code).toBe(0);
      const before = tree(out);
      const r = await run('synth', '--out', out, '--app', path.join(APPS, file));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('nothing was written');
      expect(tree(out)).toEqual(before);
    });
  }

  test('fails with usage on an unknown flag and writes nothing', async () => {
    const r = await run('synth', '--outdir', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option "--outdir"');
    expect(r.stderr).toContain('Usage: hubfleet synth [options]');
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('fails on --cluster naming no cluster', async () => {
    const r = await run('synth', '--out', out, '--app', path.join(APPS, 'good.ts'), '--cluster', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no cluster named "nope"; known: test-cluster');
  });

  test("keeps Terraform's own files next to the node stack across synth (lock file, tfvars, .terraform/)", async () => {
    const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-app-'));
    try {
      const repo = path.join(__dirname, '..', '..');
      const app = path.join(appDir, 'nodes-app.js');
      fs.writeFileSync(
        app,
        `const { defineCluster } = require(${JSON.stringify(path.join(repo, 'lib/fleet/define'))});
const { testSpec } = require(${JSON.stringify(path.join(repo, 'test/helpers'))});
const infrastructure = { provider: 'vsphere', vcenter: 'vcenter.example.org', datacenter: 'dc', computeCluster: 'drs',
  datastore: 'ds', network: 'nodes', template: 'ubuntu-2404' };
exports.clusters = [defineCluster({ ...testSpec(), infrastructure }, () => {})];
`,
      );
      expect((await run('synth', '--out', out, '--app', app)).code).toBe(0);
      const stack = path.join(out, 'test-cluster/terraform/stacks/nodes');
      expect(fs.existsSync(path.join(stack, 'cdk.tf.json'))).toBe(true);
      fs.writeFileSync(path.join(stack, '.terraform.lock.hcl'), 'provider "registry.terraform.io/vmware/vsphere" {}\n');
      fs.writeFileSync(path.join(stack, 'site.auto.tfvars'), 'vsphere_user = "svc"\n');
      fs.mkdirSync(path.join(stack, '.terraform/providers'), { recursive: true });
      fs.writeFileSync(path.join(stack, '.terraform/providers/p'), 'ELF');
      expect((await run('synth', '--out', out, '--app', app)).code).toBe(0);
      expect(fs.readFileSync(path.join(stack, '.terraform.lock.hcl'), 'utf8')).toContain('vmware/vsphere');
      expect(fs.readFileSync(path.join(stack, 'site.auto.tfvars'), 'utf8')).toBe('vsphere_user = "svc"\n');
      expect(fs.readFileSync(path.join(stack, '.terraform/providers/p'), 'utf8')).toBe('ELF');
    } finally {
      fs.rmSync(appDir, { recursive: true, force: true });
    }
  });

  test('validate checks without writing', async () => {
    const r = await run('validate', '--app', path.join(APPS, 'good.ts'));
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
