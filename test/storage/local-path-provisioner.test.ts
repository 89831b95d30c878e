/**
 * Block storage without a cloud: local-path-provisioner as an add-on, and what its node-local
 * volumes mean for where pods may run (the cluster model's storage rules and capacity).
 */
import { K8sObject } from '../../lib/core/k8s-object';
import { IsolatedNamespace } from '../../lib/fleet/isolated-namespace';
import { capacityPlan } from '../../lib/capacity/plan';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { Package } from '../../lib/fleet/package';
import { synthApp } from '../../lib/fleet/synth';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { buildInventory } from '../../lib/model/inventory';
import { Platform } from '../../lib/platform/platform';
import { LOCAL_PATH_PROVISIONER_RULES, LocalPathProvisioner } from '../../lib/storage/local-path-provisioner';
import { collect } from '../../lib/fleet/synth';
import { find, issuesOf, objectsOf, testSpec, wiringIssuesOf } from '../helpers';
import { deployment, pkg } from '../model/fixtures';

/** Two worker pools (the plain one first); the workers with local SSDs carry `hubfleet.io/local-disk: "true"`. */
const spec = (o: Record<string, unknown> = {}) =>
  testSpec({
    existingStorageClasses: [],
    nodePools: [
      { name: 'cp', roles: ['etcd', 'control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80, taints: [{ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' }] },
      { name: 'worker', roles: ['worker'], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 100 },
      { name: 'ssd', roles: ['worker'], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 400, labels: { 'hubfleet.io/local-disk': 'true' } },
    ],
    ...o,
  });

/** A package whose Deployment keeps a database on a claim of `cls`. */
function database(a: ClusterApp, cls: string, replicas = 1): Package {
  const p = pkg(a, 'db');
  new K8sObject(p, 'pvc', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'db', annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: cls, resources: { requests: { storage: '1Gi' } } } });
  const d = deployment(p, 'db', { pod: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } });
  (d.manifest as unknown as { spec: { replicas: number } }).spec.replicas = replicas;
  p.declarations.database({ namespace: 'db', claim: 'data', engine: 'sqlite', what: 'the test database' });
  return p;
}

describe('LocalPathProvisioner', () => {
  test('renders upstream v0.0.37 natively: a privileged namespace with its reason, RBAC, the provisioner as non-root, a Retain WaitForFirstConsumer class; it is the default for databases', () => {
    const a = new ClusterApp(spec());
    const lp = new LocalPathProvisioner(a, 'local-path', { path: '/var/lib/local-path', nodeSelector: { 'hubfleet.io/local-disk': 'true' } });
    const objs = objectsOf(a);
    expect(issuesOf(a)).toEqual([]);
    expect(find(objs, 'StorageClass', 'local-path')).toMatchObject({
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'hubfleet.io/local-disk', values: ['true'] }] }],
    });
    expect(JSON.parse(find(objs, 'ConfigMap', 'local-path-config').data['config.json'])).toEqual({ nodePathMap: [{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: ['/var/lib/local-path'] }] });
    expect(find(objs, 'Namespace', 'local-path-storage').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(find(objs, 'Deployment', 'local-path-provisioner').spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(a.storageFor('database')).toBe(lp);
    expect(synthApp(a).warnings).toEqual([]);
  });

  test('Platform localPath adds it on request only', () => {
    const a = new ClusterApp(spec());
    expect(new Platform(a, 'platform', { localPath: {} }).localPath?.storageClassName).toBe('local-path');
    const b = new ClusterApp(spec());
    expect(new Platform(b).localPath).toBeUndefined();
  });

  describe('fails', () => {
    const rules = (props: Record<string, unknown>) => {
      const a = new ClusterApp(spec());
      new LocalPathProvisioner(a, 'local-path', props);
      return issuesOf(a).map((i) => i.rule);
    };
    test.each([
      ['local-path-namespace', { namespace: 'Local' }],
      ['local-path-class', { storageClassName: 'Local_Path' }],
      ['local-path-path', { path: '/' }],
      ['local-path-path', { path: '/var/lib/../etc' }],
      ['local-path-path', { path: 'relative/dir' }],
      ['local-path-images', { helperImage: 'busybox' }],
    ])('… %s', (rule, props) => expect(rules(props)).toContain(rule));
    test('every rule has a case', () => expect(LOCAL_PATH_PROVISIONER_RULES.map((r) => r.id).sort()).toEqual(['local-path-class', 'local-path-images', 'local-path-namespace', 'local-path-path']));
  });
});

describe('what node-local volumes mean for where pods run', () => {
  test('a database on the local class is pinned: listed in inventory.json, and capacity places it only on the pool the class allows', () => {
    const a = new ClusterApp(spec());
    new LocalPathProvisioner(a, 'local-path', { nodeSelector: { 'hubfleet.io/local-disk': 'true' } });
    database(a, 'local-path');
    expect(wiringIssuesOf(a)).toEqual([]);
    const m = buildClusterModel(a.spec, collect(a).objects, a.packages());
    expect(buildInventory(m).pinnedPods).toEqual([{ pod: 'Deployment db/db', claim: 'data', storageClass: 'local-path' }]);
    expect(capacityPlan(m).platform.find((p) => p.pod === 'Deployment db/db')?.pool).toBe('ssd');
  });

  describe('fails', () => {
    test('… wiring-database-on-nfs: a database on NFS is a warning with the fix', () => {
      const a = new ClusterApp(spec({ nfs: { server: '10.0.0.5', exportPath: '/export' } }));
      new Platform(a, 'platform', { gitOps: false, certManager: false, ingress: false });
      database(a, 'nfs-homes');
      const w = wiringIssuesOf(a).filter((i) => i.rule === 'wiring-database-on-nfs');
      expect(w.map((i) => i.severity)).toEqual(['warning']);
      expect(w[0].message).toMatch(/the test database \(sqlite\) is on StorageClass "nfs-homes".*POSIX file locks/);
      expect(w[0].fix).toMatch(/Platform localPath/);
    });
    test('… wiring-local-volume-replicas: two replicas on one node-local volume', () => {
      const a = new ClusterApp(spec());
      new LocalPathProvisioner(a);
      database(a, 'local-path', 2);
      expect(wiringIssuesOf(a).map((i) => i.rule)).toContain('wiring-local-volume-replicas');
    });
    test('… wiring-local-volume-topology: the class allows only nodes no pool has labels for', () => {
      const a = new ClusterApp(spec());
      new LocalPathProvisioner(a, 'local-path', { nodeSelector: { 'hubfleet.io/nvme': 'true' } });
      database(a, 'local-path');
      expect(wiringIssuesOf(a).map((i) => i.rule)).toContain('wiring-local-volume-topology');
    });
    test('… wiring-local-homes: KubeSpawner homes on a node-local class', () => {
      const a = new ClusterApp(spec({ existingStorageClasses: [{ name: 'openebs-hostpath', provisioner: 'openebs.io/local', reclaimPolicy: 'Retain', usedFor: ['homes', 'database'] }] }));
      const p = new Package(a, 'hub', { group: 'courses', namespace: 'hub' });
      new IsolatedNamespace(p, 'namespace', { name: 'hub' });
      p.declarations.runtimePod({ name: 'user server', namespace: 'hub', labels: { component: 'singleuser-server' }, createdBy: 'KubeSpawner', maxCount: 5, podSpec: { volumes: [{ name: 'home', persistentVolumeClaim: { claimName: 'claim-{username}' } }], containers: [{ name: 'notebook', image: 'quay.io/jupyter/minimal-notebook:2025-08-18', resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } } }] }, claims: [{ name: 'claim-{username}', storageClassName: 'openebs-hostpath', sizeGiB: 5, accessMode: 'ReadWriteOnce', count: 5 }] });
      const w = wiringIssuesOf(a).filter((i) => i.rule === 'wiring-local-homes');
      expect(w.map((i) => i.severity)).toEqual(['warning']);
    });
  });
});
