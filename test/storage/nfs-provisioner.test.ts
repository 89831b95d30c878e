import { NfsProvisioner, NfsProvisionerProps } from '../../lib/storage/nfs-provisioner';
import { find, issuesOf, objectsOf, testApp } from '../platform/test-cluster';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';

function build(props: NfsProvisionerProps = {}, spec: Partial<ClusterSpec> = {}) {
  const app = testApp(spec);
  const nfs = new NfsProvisioner(app, 'nfs', props);
  return { app, nfs, objs: objectsOf(app) };
}

describe('NfsProvisioner', () => {
  test('renders a valid provisioner from the ClusterSpec', () => {
    const { app, objs } = build();
    expect(issuesOf(app)).toEqual([]);
    expect(objs).toMatchSnapshot();
  });

  test('is a platform package in its own baseline namespace with the reason declared', () => {
    const { nfs, objs } = build();
    expect(nfs.group).toBe('platform');
    expect(nfs.outputDir).toBe('platform/nfs');
    const ns = find(objs, 'Namespace', 'nfs-provisioner');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns.metadata.annotations['hubfleet.io/pod-security-exception']).toMatch(/inline nfs volume/);
    expect(find(objs, 'NetworkPolicy', 'default-deny').metadata.namespace).toBe('nfs-provisioner');
  });

  test('Deployment: Recreate, upstream image, env and NFS volume from the spec, resources', () => {
    const d = find(build().objs, 'Deployment', 'nfs-client-provisioner');
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe('registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2');
    expect(c.env).toEqual([
      { name: 'PROVISIONER_NAME', value: 'k8s-sigs.io/nfs-subdir-external-provisioner' },
      { name: 'NFS_SERVER', value: '10.20.3.10' },
      { name: 'NFS_PATH', value: '/export/teaching' },
    ]);
    expect(c.volumeMounts).toEqual([{ name: 'nfs-client-root', mountPath: '/persistentvolumes' }]);
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'nfs-client-root', nfs: { server: '10.20.3.10', path: '/export/teaching' } }]);
    expect(c.resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
    expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
  });

  test('RBAC: the upstream cluster rules and the Endpoints leader lock', () => {
    const objs = build().objs;
    const cr = find(objs, 'ClusterRole', 'nfs-client-provisioner-runner');
    const rule = (res: string) => cr.rules.find((r: any) => r.resources.includes(res));
    expect(rule('persistentvolumes').verbs).toEqual(['get', 'list', 'watch', 'create', 'delete']);
    expect(rule('persistentvolumeclaims').verbs).toEqual(['get', 'list', 'watch', 'update']);
    expect(rule('storageclasses')).toEqual({ apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] });
    expect(rule('events').verbs).toEqual(['create', 'update', 'patch']);
    expect(find(objs, 'ClusterRoleBinding', 'run-nfs-client-provisioner').subjects).toEqual([{ kind: 'ServiceAccount', name: 'nfs-client-provisioner', namespace: 'nfs-provisioner' }]);
    const role = find(objs, 'Role', 'leader-locking-nfs-client-provisioner');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }]);
    expect(find(objs, 'RoleBinding', 'leader-locking-nfs-client-provisioner').roleRef.name).toBe('leader-locking-nfs-client-provisioner');
  });

  test('StorageClasses keep data: Retain, one directory per claim, archive on delete, spec mount options', () => {
    const objs = build().objs;
    const classes = objs.filter((o) => o.kind === 'StorageClass');
    expect(classes.map((c) => c.metadata.name)).toEqual(['nfs-homes', 'nfs-course-data', 'nfs-exchange']);
    for (const c of classes) {
      expect(c.reclaimPolicy).toBe('Retain');
      expect(c.provisioner).toBe('k8s-sigs.io/nfs-subdir-external-provisioner');
      expect(c.parameters).toEqual({ pathPattern: '${.PVC.namespace}/${.PVC.name}', archiveOnDelete: 'true' });
      expect(c.mountOptions).toEqual(['nfsvers=4.1', 'hard', 'noatime']);
    }
  });

  test('mount options default to nfsvers=4.1,hard', () => {
    const { objs } = build({}, { nfs: { server: 'nfs.example.org', exportPath: '/srv' } });
    expect(find(objs, 'StorageClass', 'nfs-homes').mountOptions).toEqual(['nfsvers=4.1', 'hard']);
  });

  test('exposes IStorageClasses: homes, courseData, exchange, classFor()', () => {
    const { nfs } = build();
    expect(nfs.homes).toEqual({ storageClassName: 'nfs-homes', readWriteMany: true });
    expect(nfs.courseData.storageClassName).toBe('nfs-course-data');
    expect(nfs.exchange.storageClassName).toBe('nfs-exchange');
    expect(nfs.classFor('nfs-exchange').readWriteMany).toBe(true);
    expect(() => nfs.classFor('fast')).toThrow(/no StorageClass "fast".*nfs-homes/);
  });

  test('a scratch class deletes with its claims and is annotated so the Retain rule allows it', () => {
    const { app, objs } = build({ storageClasses: [{ name: 'nfs-homes' }, { name: 'nfs-scratch', scratch: true }] });
    const s = find(objs, 'StorageClass', 'nfs-scratch');
    expect(s.reclaimPolicy).toBe('Delete');
    expect(s.metadata.annotations['hubfleet.io/scratch']).toBe('true');
    expect(issuesOf(app)).toEqual([]);
  });

  test('runAsUser runs the provisioner non-root without capabilities', () => {
    const d = find(build({ runAsUser: 65534 }).objs, 'Deployment', 'nfs-client-provisioner');
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(d.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('the default class gets the is-default-class annotation', () => {
    const s = find(build({ storageClasses: [{ name: 'nfs-homes', isDefault: true }] }).objs, 'StorageClass', 'nfs-homes');
    expect(s.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
  });

  describe('fails', () => {
    const rules = (props: NfsProvisionerProps, spec: Partial<ClusterSpec> = {}) => issuesOf(build(props, spec).app).map((i) => i.rule);
    test('… without an NFS server', () => expect(rules({}, { nfs: undefined })).toEqual(expect.arrayContaining(['nfs-server', 'nfs-export-path'])));
    test('… on a relative export path', () => expect(rules({ exportPath: 'export/teaching' })).toContain('nfs-export-path'));
    test('… on a bad namespace', () => expect(rules({ namespace: 'NFS' })).toContain('nfs-namespace'));
    test('… on duplicate class names', () => expect(rules({ storageClasses: [{ name: 'a' }, { name: 'a' }] })).toContain('nfs-class-names'));
    test('… on a pathPattern shared by claims', () => expect(rules({ storageClasses: [{ name: 'a', pathPattern: '${.PVC.namespace}' }] })).toContain('nfs-path-pattern-unique'));
    test('… on two default classes', () => expect(rules({ storageClasses: [{ name: 'a', isDefault: true }, { name: 'b', isDefault: true }] })).toContain('nfs-one-default'));
    test('… on an unpinned image', () => expect(rules({ image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:latest' })).toContain('nfs-image-pinned'));
    test('… on an unpinned archive image', () => expect(rules({ archiveImage: 'busybox:latest' })).toContain('nfs-image-pinned'));
    test('… on runAsUser 0', () => expect(rules({ runAsUser: 0 })).toContain('nfs-run-as-user'));
  });
});
