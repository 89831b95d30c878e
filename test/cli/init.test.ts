/** `hubfleet init`: plans the files, refuses to overwrite, registers the cluster. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyInit, identifierOf, InitPlan, parseNfs, planInit, specFor } from '../../lib/cli/init';
import { main } from '../../lib/cli/main';
import { validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { validateInfrastructure } from '../../lib/nodes/infrastructure';

/** The index files of a project with two clusters (as this repository's examples have them). */
const INDEX = {
  'apps/index.ts': "import { e2xCluster } from './e2x';\nimport { ethTeachingCluster } from './eth-teaching';\n\n/** Every cluster `hubfleet synth` builds. */\nexport const clusters = [ethTeachingCluster, e2xCluster];\n",
  'clusters/index.ts': "export { ethTeaching } from './eth-teaching';\nexport { e2x } from './e2x';\n",
};
let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-init-'));
  for (const [f, text] of Object.entries(INDEX)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const plan = (o: Parameters<typeof planInit>[1]) => {
  const p = planInit(root, o);
  if (Array.isArray(p)) throw new Error(p.map((i) => i.message).join('\n'));
  return p as InitPlan;
};

describe('hubfleet init', () => {
  test('writes the ClusterSpec and the app stack and registers both', () => {
    applyInit(root, plan({ cluster: 'demo', domain: 'demo.example.edu', provider: 'none' }));
    const apps = fs.readFileSync(path.join(root, 'apps/index.ts'), 'utf8');
    expect(apps).toContain("import { demoCluster } from './demo';\n");
    expect(apps).toMatch(/export const clusters = \[ethTeachingCluster, e2xCluster, demoCluster\];/);
    expect(fs.readFileSync(path.join(root, 'clusters/index.ts'), 'utf8')).toMatch(/export \{ demo \} from '\.\/demo';\n$/);
    const spec = fs.readFileSync(path.join(root, 'clusters/demo.ts'), 'utf8');
    expect(spec).toContain("export const demo: ClusterSpec = {\n  name: 'demo',\n  domain: 'demo.example.edu',\n");
    expect(spec).toContain("    distribution: 'existing',\n");
    expect(spec).toMatch(/cni: 'calico', \/\/ CHANGE:/);
    expect(spec).not.toContain('infrastructure');
    const app = fs.readFileSync(path.join(root, 'apps/demo.ts'), 'utf8');
    expect(app).toContain('new Platform(app);');
    expect(app).toContain("new CourseJupyterHub(app, 'intro', {");
    expect(app).toContain('export const demoCluster = defineCluster(demo, demoStack);');
  });

  test("imports hubfleet by package name in a project of one's own, by path to lib/ in hubfleet's repository", () => {
    const pkg = plan({ cluster: 'demo' });
    expect(pkg.create.get('clusters/demo.ts')).toMatch(/^import type \{ ClusterSpec \} from 'hubfleet';\n/);
    expect(pkg.create.get('apps/demo.ts')).toContain("import { demo } from '../clusters/demo';\nimport type { ClusterApp } from 'hubfleet';\nimport { CourseJupyterHub, defineCluster, HubAuth, Platform } from 'hubfleet';\n");
    fs.mkdirSync(path.join(root, 'lib/fleet'), { recursive: true });
    fs.writeFileSync(path.join(root, 'lib/fleet/define.ts'), '');
    const repo = plan({ cluster: 'demo' });
    expect(repo.create.get('clusters/demo.ts')).toMatch(/^import type \{ ClusterSpec \} from '\.\.\/lib\/fleet\/cluster-spec';\n/);
    expect(repo.create.get('apps/demo.ts')).toContain("import type { ClusterApp } from '../lib/fleet/cluster-app';\nimport { defineCluster } from '../lib/fleet/define';\n");
  });

  test('puts homes on NFS with --nfs', () => {
    const p = plan({ cluster: 'metalc', nfs: 'nfs.example.edu:/export/hubs', provider: 'none' });
    expect(p.create.get('clusters/metalc.ts')).toContain("  nfs: { server: 'nfs.example.edu', exportPath: '/export/hubs' },\n");
    expect(p.create.get('apps/metalc.ts')).toContain('home: { storageClass: platform.nfs.homes, sizeGiB: 10 },');
  });

  test('refuses to overwrite a file or register a cluster twice; writes nothing then', async () => {
    applyInit(root, plan({ cluster: 'demo' }));
    const before = fs.readFileSync(path.join(root, 'clusters/demo.ts'), 'utf8');
    const index = fs.readFileSync(path.join(root, 'apps/index.ts'), 'utf8');
    let err = '';
    expect(await main(['init', 'demo', '--provider', 'vsphere'], { stdout: () => undefined, stderr: (s) => (err += s) }, root)).toBe(1);
    expect(err).toContain('nothing was written');
    expect(err).toMatch(/clusters\/demo\.ts exists already; init never overwrites a file\..*\[init-exists\]/);
    expect(fs.readFileSync(path.join(root, 'clusters/demo.ts'), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(root, 'apps/index.ts'), 'utf8')).toBe(index);
  });

  test('adds to a multi-line cluster list', () => {
    fs.writeFileSync(path.join(root, 'apps/index.ts'), "import { aCluster } from './a';\n\nexport const clusters = [\n  aCluster,\n];\n");
    const p = plan({ cluster: 'my-lab' });
    expect(p.edit.get('apps/index.ts')).toBe("import { aCluster } from './a';\nimport { myLabCluster } from './my-lab';\n\nexport const clusters = [\n  aCluster,\n  myLabCluster,\n];\n");
  });

  test.each([
    [{ cluster: 'Demo_1' }, 'init-cluster-name'],
    [{ cluster: 'demo', domain: 'localhost' }, 'init-domain'],
    [{ cluster: 'demo', nfs: '/export/only' }, 'init-nfs'],
    [{ cluster: 'demo', provider: 'aws' as never }, 'init-provider'],
  ])('fails on %j [%s]', (o, rule) => {
    const issues = planInit(root, o);
    expect(Array.isArray(issues) && issues.map((i) => i.rule)).toEqual([rule]);
  });

  test('fails when the project has no cluster list to register in [init-register] and outside a project [init-project]', () => {
    fs.writeFileSync(path.join(root, 'apps/index.ts'), 'export default [];\n');
    expect((planInit(root, { cluster: 'demo' }) as { rule: string }[]).map((i) => i.rule)).toEqual(['init-register']);
    fs.rmSync(path.join(root, 'clusters/index.ts'));
    expect((planInit(root, { cluster: 'demo' }) as { rule: string }[]).map((i) => i.rule)).toEqual(['init-project']);
  });

  test.each(['none', 'vsphere', 'openstack'] as const)('the %s ClusterSpec it writes passes every ClusterSpec and infrastructure rule', (provider) => {
    const { spec } = specFor({ cluster: 'demo', provider, domain: 'demo.example.edu', domainGiven: true, nfs: { server: '10.0.0.5', exportPath: '/export' } });
    expect(validateClusterSpec(spec)).toEqual([]);
    if (spec.infrastructure) expect(validateInfrastructure(spec)).toEqual([]);
    expect(spec.kubernetes.distribution).toBe({ none: 'existing', vsphere: 'rke2', openstack: 'kubespray' }[provider]);
  });

  test('helpers', () => {
    expect([identifierOf('demo'), identifierOf('my-lab-2'), identifierOf('class'), identifierOf('2024')]).toEqual(['demo', 'myLab2', 'classSpec', 'c2024Spec']);
    expect(parseNfs('10.0.0.5:/export/a')).toEqual({ server: '10.0.0.5', exportPath: '/export/a' });
    expect(parseNfs('nfs:relative')).toBeUndefined();
  });
});
