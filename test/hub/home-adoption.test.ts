/**
 * Issue 20: nothing helped a hub take over the homes an earlier Zero to JupyterHub deployment left on
 * the NFS server. HomeStorage `adopt` finds them by the earlier claim-name template, or by a path
 * template below an NFS directory; the names are KubeSpawner 7.0.0's (kubespawner/spawner.py
 * `_expand_user_properties`, kubespawner/slugs.py), and hubfleet's port of them is checked against
 * what the real KubeSpawner 7.0.0 made for tricky usernames (test/fixtures/kubespawner-7.0.0-names.json,
 * written by KubeSpawner itself in the upstream harness).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { synthApp } from '../../lib/fleet/synth';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { configTrait } from '../../lib/report/lti';
import { expandUserTemplate, userTemplateFields } from '../../lib/hub/singleuser/slugs';
import { Platform } from '../../lib/platform/platform';
import { issuesOf, objectsOf, testSpec } from '../helpers';

const NAMES = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'kubespawner-7.0.0-names.json'), 'utf8'));
const USERS = ['alice@campus.example.edu', 'bob-smith@campus.example.edu', 'Carl', "o'brien"];
const spec = () => testSpec({ nfs: { server: 'zfs01.campus.example.edu', exportPath: '/tank/jupyter' } });

function hub(home: CourseJupyterHubProps['home'], o: Partial<CourseJupyterHubProps> = {}) {
  const app = new ClusterApp(spec());
  const platform = new Platform(app, 'platform', { gitOps: false, ingress: false, certManager: false, sealedSecrets: false });
  const h = new CourseJupyterHub(app, 'jupyter', { auth: HubAuth.moodle('https://moodle.example.edu', ['c'], { staffAdmins: false }), image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: 50, home: home && { storageClass: platform.nfs.homes, ...home }, ...o });
  return { app, hub: h };
}

describe("KubeSpawner 7.0.0's names, ported", () => {
  test('every field and template equals what KubeSpawner 7.0.0 made (escape and safe schemes, hashes, long and non-ASCII names)', () => {
    for (const c of NAMES.cases) {
      const f = userTemplateFields({ username: c.username, servername: c.servername, userid: 7 });
      for (const [k, v] of Object.entries(c.fields)) expect([c.username, c.servername, k, expandUserTemplate(`{${k}}`, f)]).toEqual([c.username, c.servername, k, v]);
      const e = userTemplateFields({ username: c.username, servername: c.servername, userid: 7, scheme: 'escape' });
      for (const [k, v] of Object.entries(c.escape_fields)) expect([c.username, k, expandUserTemplate(`{${k}}`, e)]).toEqual([c.username, k, v]);
      for (const [t, v] of Object.entries(c.templates)) expect([c.username, t, expandUserTemplate(t, f)]).toEqual([c.username, t, v]);
    }
  });
});

describe('adopting the homes of an earlier deployment', () => {
  test('its claims: the hub in the old namespace asks KubeSpawner for the old names, and they are the claims a Zero to JupyterHub deployment left', () => {
    const { app, hub: h } = hub({ adopt: { from: 'claims' } }, { namespace: 'jhub' });
    expect(issuesOf(app)).toEqual([]);
    const template = configTrait(h.hubConfig, 'KubeSpawner', 'pvc_name_template') as string;
    expect(template).toBe('claim-{escaped_user_server}');
    // `kubectl get pvc -n jhub` of a Zero to JupyterHub 3.x deployment (KubeSpawner 6, escape scheme).
    const left = ['claim-alice-40campus-2eexample-2eedu', 'claim-bob-2dsmith-40campus-2eexample-2eedu', 'claim--43arl', 'claim-o-27brien', 'hub-db-dir'];
    for (const u of USERS) expect(left).toContain(expandUserTemplate(template, userTemplateFields({ username: u })));
  });

  test('its directories: one shared claim on a static NFS volume, each server its own directory, found in a tree laid out as the earlier deployment left it', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'homes-'));
    try {
      // The export of an earlier Zero to JupyterHub with static storage (subPath "{username}", KubeSpawner 6).
      for (const d of ['alice-40campus-2eexample-2eedu', 'bob-2dsmith-40campus-2eexample-2eedu', '-43arl', 'o-27brien']) {
        fs.mkdirSync(path.join(root, 'homes', d, 'work'), { recursive: true });
        fs.writeFileSync(path.join(root, 'homes', d, 'work', 'notebook.ipynb'), '{}');
      }
      const { app, hub: h } = hub({ adopt: { from: 'nfs-directories', exportPath: '/tank/jupyter/homes', pathTemplate: '{escaped_username}' } });
      expect(issuesOf(app)).toEqual([]);
      const mounts = configTrait(h.hubConfig, 'KubeSpawner', 'volume_mounts') as any;
      expect(configTrait(h.hubConfig, 'KubeSpawner', 'storage_pvc_ensure')).toBe(false);
      expect(h.hubConfig).toContain('"subPath": "{escaped_username}"');
      expect(mounts).toBeDefined();
      const objs = objectsOf(app).map((o) => o.json);
      const pv = objs.find((o) => o.kind === 'PersistentVolume' && o.metadata.name === 'course-jupyter-homes');
      expect(pv.spec).toMatchObject({ accessModes: ['ReadWriteMany'], nfs: { server: 'zfs01.campus.example.edu', path: '/tank/jupyter/homes' }, claimRef: { namespace: 'course-jupyter', name: 'homes' }, persistentVolumeReclaimPolicy: 'Retain' });
      expect(objs.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'homes').spec.volumeName).toBe('course-jupyter-homes');
      // Where each student's server lands on the export: the directory the earlier deployment made.
      const exportRoot = path.join(root, 'homes');
      for (const u of USERS) {
        const dir = path.join(exportRoot, expandUserTemplate('{escaped_username}', userTemplateFields({ username: u })));
        expect([u, fs.existsSync(path.join(dir, 'work', 'notebook.ipynb'))]).toEqual([u, true]);
        expect(path.relative(exportRoot, dir).startsWith('..')).toBe(false);
      }
      expect(synthApp(app).warnings.filter((w) => w.rule.startsWith('wiring-'))).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  describe('fails', () => {
    const rules = (home: CourseJupyterHubProps['home'], o: Partial<CourseJupyterHubProps> = {}) => issuesOf(hub(home, o).app).map((i) => i.rule);
    test.each([
      ['a raw username (may hold "/" or "..")', { from: 'nfs-directories', exportPath: '/tank/jupyter/homes', pathTemplate: '{unescaped_username}' }],
      ['a ".." segment', { from: 'nfs-directories', exportPath: '/tank/jupyter/homes', pathTemplate: '../{escaped_username}' }],
      ['no field at all (every user the same directory)', { from: 'nfs-directories', exportPath: '/tank/jupyter/homes', pathTemplate: 'shared' }],
      ['a relative export', { from: 'nfs-directories', exportPath: 'tank/homes', pathTemplate: '{escaped_username}' }],
      ['a claim name with "_"', { from: 'claims', claimNameTemplate: 'claim_{escaped_username}' }],
    ])('… hub-home-adopt-template on %s', (_what, adopt) => expect(rules({ adopt: adopt as never }, { namespace: 'jhub' })).toContain('hub-home-adopt-template'));
    test('… hub-home-adopt-namespace when claims are adopted into a namespace of the hub\'s own', () => expect(rules({ adopt: { from: 'claims' } })).toContain('hub-home-adopt-namespace'));
    test('… hub-home-adopt-nfs-server without the ClusterSpec\'s NFS server', () => {
      const app = new ClusterApp(testSpec());
      new CourseJupyterHub(app, 'jupyter', { auth: HubAuth.moodle('https://moodle.example.edu', ['c'], { staffAdmins: false }), image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: 5, home: { adopt: { from: 'nfs-directories', exportPath: '/tank/homes', pathTemplate: '{escaped_username}' } } });
      expect(issuesOf(app).map((i) => i.rule)).toContain('hub-home-adopt-nfs-server');
    });
  });
});
