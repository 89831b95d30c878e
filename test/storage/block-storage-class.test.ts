import { ClusterApp } from '../../lib/fleet/cluster-app';
import { BLOCK_STORAGE_CLASS_RULES, BlockStorageClass } from '../../lib/storage/block-storage-class';
import { ethTeaching } from '../../clusters/eth-teaching';
import { e2x } from '../../clusters/e2x';
import { find, issuesOf, objectsOf, testSpec } from '../helpers';

describe('BlockStorageClass', () => {
  test('on vSphere: a Retain, WaitForFirstConsumer class of the vSphere CSI driver, the default for databases, its driver a prerequisite', () => {
    const app = new ClusterApp(ethTeaching);
    const sc = new BlockStorageClass(app);
    const obj = find(objectsOf(app), 'StorageClass', 'block-retain');
    expect(obj).toMatchObject({ provisioner: 'csi.vsphere.vmware.com', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true });
    expect(app.storageFor('database')).toBe(sc);
    expect(sc.declarations.prerequisites.map((p) => p.name)).toEqual(['CSI driver csi.vsphere.vmware.com']);
    expect(issuesOf(app)).toEqual([]);
  });

  test('on OpenStack: the Cinder CSI driver', () => {
    const app = new ClusterApp(e2x);
    new BlockStorageClass(app, 'block-storage', { parameters: { type: 'ssd' } });
    expect(find(objectsOf(app), 'StorageClass', 'block-retain')).toMatchObject({ provisioner: 'cinder.csi.openstack.org', parameters: { type: 'ssd' } });
  });

  test('fails block-storage-provisioner without infrastructure to derive the driver from', () => {
    const app = new ClusterApp(testSpec());
    new BlockStorageClass(app);
    expect(issuesOf(app).map((i) => i.rule)).toEqual(['block-storage-provisioner']);
  });

  test('fails block-storage-name on a name that is not DNS-1123', () => {
    const app = new ClusterApp(testSpec());
    new BlockStorageClass(app, 'block-storage', { name: 'Block_Retain', provisioner: 'rbd.csi.ceph.com' });
    expect(issuesOf(app).map((i) => i.rule)).toContain('block-storage-name');
  });

  test('every rule has a failing case', () => {
    expect(BLOCK_STORAGE_CLASS_RULES.map((r) => r.id).sort()).toEqual(['block-storage-name', 'block-storage-provisioner']);
  });
});
