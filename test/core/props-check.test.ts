/**
 * The unknown-key check: generated from the TypeScript declarations, applied to every construct's
 * props (through variables, spreads, nested option objects, arrays, unions and HubAuth factories)
 * and to the ClusterSpec.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { ExamHub } from '../../lib/hub/exam-hub';
import { Platform } from '../../lib/platform/platform';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { closestKey } from '../../lib/core/closest';
import { declareProps, unknownKeyIssues } from '../../lib/core/props-check';
import { PROPS_SCHEMA } from '../../lib/core/props-schema.generated';
import { issuesOf, testSpec } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate, OUT } = require('../../scripts/gen-props-schema.js') as { generate(root?: string): string; OUT: string };
const ROOT = path.join(__dirname, '..', '..');

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const base: CourseJupyterHubProps = { auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: IMAGE, students: 30 };
const unknown = (app: ClusterApp) => issuesOf(app).filter((i) => i.rule === 'props-unknown-key');

describe('the generated schema', () => {
  test(`${OUT} is what scripts/gen-props-schema.js makes from lib/ today (run npm run gen:props when this fails)`, () => {
    expect(generate(ROOT)).toBe(fs.readFileSync(path.join(ROOT, OUT), 'utf8'));
  });

  test('knows every props interface with its nested option types', () => {
    expect(Object.keys(PROPS_SCHEMA.CourseJupyterHubProps.keys)).toEqual(expect.arrayContaining(['memoryLimitGiB', 'home', 'culling', 'profiles']));
    expect(PROPS_SCHEMA.CourseJupyterHubProps.keys.home).toBe('HomeStorage');
    expect(PROPS_SCHEMA.ExamHubProps.keys).toHaveProperty('allowedSourceCidrs');
    expect(PROPS_SCHEMA.ExamHubProps.keys).toHaveProperty('memoryLimitGiB'); // inherited keys
    expect(PROPS_SCHEMA.ClusterSpec.keys.infrastructure).toEqual({ anyOf: ['VsphereInfrastructure', 'OpenStackInfrastructure'] });
  });

  test('every construct of the app layer declares its props (one line in its constructor)', () => {
    // cdktf constructs of lib/nodes are built from the ClusterSpec, which is checked as a whole.
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'nodes') walk(p);
          continue;
        }
        if (!e.name.endsWith('.ts')) continue;
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/constructor\([^)]*\bprops: (\w+Props)\b/g)) {
          if (!text.includes(`declareProps(this, '${m[1]}', props)`)) missing.push(`${path.relative(ROOT, p)}: ${m[1]}`);
        }
      }
    };
    walk(path.join(ROOT, 'lib'));
    expect(missing).toEqual([]);
  });

  test('fails on a type name the schema does not have', () => {
    const app = new ClusterApp(testSpec());
    expect(() => declareProps(app, 'NoSuchProps' as never, {})).toThrow(/no type NoSuchProps.*npm run gen:props/);
  });
});

describe('unknown keys in construct props [props-unknown-key]', () => {
  test('fails on a typo in props passed through a variable and a spread, naming construct, field and the key meant', () => {
    const app = new ClusterApp(testSpec());
    const sizes = { memoryGuaranteeGiB: 2, memoryLimitGib: 4 };
    new CourseJupyterHub(app, 'intro', { ...base, ...sizes });
    const [i, ...rest] = unknown(app);
    expect(rest).toEqual([]);
    expect(i).toMatchObject({ path: 'intro', field: 'memoryLimitGib', value: 4, rule: 'props-unknown-key' });
    expect(i.message).toMatch(/CourseJupyterHubProps has no key "memoryLimitGib"/);
    expect(i.fix).toBe('did you mean "memoryLimitGiB"? Rename the key.');
  });

  test('fails on typos in nested option objects and in array items', () => {
    const app = new ClusterApp(testSpec());
    const culling = { idleTimeoutMinutes: 30, everyMinute: 5 };
    const profiles = [{ displayName: 'Small', default: true }, { displayName: 'Large', memoryLimitGib: 8 }];
    new CourseJupyterHub(app, 'intro', { ...base, culling, profiles } as CourseJupyterHubProps);
    expect(unknown(app).map((i) => [i.field, i.fix])).toEqual([
      ['culling.everyMinute', 'did you mean "everyMinutes"? Rename the key.'],
      ['profiles[1].memoryLimitGib', 'did you mean "memoryLimitGiB"? Rename the key.'],
    ]);
  });

  test('fails on a typo in the options of a login method (HubAuth.ldap lookup)', () => {
    const app = new ClusterApp(testSpec());
    const lookup = { userSearchBase: 'ou=people,dc=x', searchUser: 'cn=s,dc=x', searchPassword: SecretKeyRef.fromName('ldap', 'pw'), userAtribute: 'uid' };
    new CourseJupyterHub(app, 'intro', { ...base, auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', lookup }) });
    expect(unknown(app).map((i) => [i.field, i.message.split(' has')[0]])).toEqual([['auth.lookup.userAtribute', 'LdapOptions']]);
  });

  test('reports a typo in an object shared by several hubs once, at the first, saying it is shared', () => {
    const app = new ClusterApp(testSpec());
    const home = { mountPath: '/home/jovyan', sizeGib: 5 };
    for (const id of ['a', 'b', 'c']) new CourseJupyterHub(app, id, { ...base, home });
    const issues = unknown(app);
    expect(issues.map((i) => [i.path, i.field])).toEqual([['a', 'home.sizeGib']]);
    expect(issues[0].message).toContain('passed to 2 more constructs');
  });

  test("reports a Platform add-on's typo once (the Platform passes the same object to the add-on)", () => {
    const app = new ClusterApp(testSpec({ nfs: { server: '10.0.0.5', exportPath: '/export' } }));
    const nfs = { namespace: 'nfs-provisioner', replica: 2 };
    new Platform(app, 'platform', { nfs } as never);
    expect(unknown(app).map((i) => [i.path, i.field])).toEqual([['platform', 'nfs.replica']]);
  });

  test('checks an ExamHub as ExamHubProps (its own keys are known) and finds its typos', () => {
    const app = new ClusterApp(testSpec());
    const exam = { ...base, allowedSourceCidrs: ['10.8.0.0/16'], alowedSourceCidrs: ['10.9.0.0/16'] };
    new ExamHub(app, 'final', exam);
    expect(unknown(app).map((i) => [i.field, i.fix])).toEqual([['alowedSourceCidrs', 'did you mean "allowedSourceCidrs"? Rename the key.']]);
  });

  test('does not look into library values (class instances, I-handles with more than their interface)', () => {
    const app = new ClusterApp(testSpec({ nfs: { server: '10.0.0.5', exportPath: '/export' } }));
    const platform = new Platform(app);
    const handle = Object.assign({ storageClassName: 'nfs-homes', readWriteMany: true }, { extra: 1 });
    new CourseJupyterHub(app, 'intro', { ...base, home: { storageClass: platform.nfs.homes }, hubDatabaseStorageClass: handle });
    expect(unknown(app)).toEqual([]);
  });

  test('the example clusters have no unknown keys', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { exampleClusters } = require('../examples') as typeof import('../examples');
    const { buildCluster } = require('../../lib/fleet/define') as typeof import('../../lib/fleet/define');
    for (const def of exampleClusters()) expect(unknown(buildCluster(def))).toEqual([]);
  });
});

describe('unknown keys in the ClusterSpec [props-unknown-key]', () => {
  test('fails on a typo in a nested fact, with the path', () => {
    const spec = testSpec({ networks: { nodeCidr: '10.0.0.0/24', serviceCIDR: '10.96.0.0/12' } as never });
    const issues = validateClusterSpec(spec).filter((i) => i.rule === 'props-unknown-key');
    expect(issues.map((i) => [i.path, i.field, i.fix])).toEqual([['cluster test-cluster', 'networks.serviceCIDR', 'did you mean "serviceCidr"? Rename the key.']]);
  });

  test('knows the alternatives of a discriminated union by their tag', () => {
    const spec = (exposure: unknown) => testSpec({ ingress: { exposure } as never });
    expect(unknownKeyIssues('c', 'ClusterSpec', spec({ type: 'node-port', httpNodePort: 30080 }))).toEqual([]);
    // httpNodePort belongs to the node-port alternative only.
    expect(unknownKeyIssues('c', 'ClusterSpec', spec({ type: 'load-balancer', httpNodePort: 30080 })).map((i) => i.field)).toEqual(['ingress.exposure.httpNodePort']);
  });

  test('checks each node pool and the infrastructure of its provider', () => {
    const s = testSpec();
    const spec = { ...s, nodePools: [...s.nodePools, { name: 'gpu', roles: ['worker'], count: 1, vcpus: 8, memoryGiB: 32, diskGiB: 100, gpu: 1 }] };
    expect(unknownKeyIssues('c', 'ClusterSpec', spec).map((i) => [i.field, i.fix])).toEqual([['nodePools[2].gpu', 'did you mean "gpus"? Rename the key.']]);
  });
});

describe('closestKey', () => {
  test.each([
    ['memoryLimitGib', 'memoryLimitGiB'],
    ['studnets', 'students'],
    ['colour', undefined],
  ])('%s → %s', (key, want) => {
    expect(closestKey(key, Object.keys(PROPS_SCHEMA.CourseJupyterHubProps.keys))).toBe(want);
  });
});
