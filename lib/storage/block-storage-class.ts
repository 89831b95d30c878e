import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { isDnsSubdomain } from '../core/names';
import { ClusterApp } from '../fleet/cluster-app';
import { Package } from '../fleet/package';
import { IStorageClass } from '../core/storage-class-ref';
import { declareProps } from '../core/props-check';

/** CSI drivers hubfleet knows, and what installs them. */
export const BLOCK_CSI_DRIVERS = {
  vsphere: {
    provisioner: 'csi.vsphere.vmware.com',
    installedBy: 'the vSphere CSI driver (RKE2: `cloud-provider-name: rancher-vsphere` with the rancher-vsphere-csi HelmChartConfig holding the vCenter credentials; elsewhere the upstream vsphere-csi-driver manifests)',
  },
  openstack: {
    provisioner: 'cinder.csi.openstack.org',
    installedBy: 'the Cinder CSI driver (Kubespray: `cinder_csi_enabled: true` with the OpenStack credentials in group_vars; elsewhere the cloud-provider-openstack cinder-csi-plugin chart)',
  },
} as const;

/** Props of {@link BlockStorageClass}. */
export interface BlockStorageClassProps {
  /** StorageClass name; volumes keep it forever. @default 'block-retain' */
  readonly name?: string;
  /** CSI provisioner. @default from the ClusterSpec's infrastructure: csi.vsphere.vmware.com or cinder.csi.openstack.org */
  readonly provisioner?: string;
  /** Driver parameters (vSphere: `storagepolicyname`; Cinder: `type`, `availability`). @default {} */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Let claims grow. @default true */
  readonly allowVolumeExpansion?: boolean;
  /** What installs the driver, for the inventory's prerequisites. @default the known driver's, or "the cluster" */
  readonly installedBy?: string;
}

interface Resolved {
  readonly name: string;
  readonly provisioner?: string;
}

/** The BlockStorageClass validation table; each row has a "fails …" test in test/storage/block-storage-class.test.ts. */
export const BLOCK_STORAGE_CLASS_RULES: readonly PropRule<Resolved>[] = [
  { id: 'block-storage-name', field: 'name', value: (r) => r.name, ok: (r) => isDnsSubdomain(r.name), message: 'the StorageClass name must be a DNS-1123 subdomain.', fix: 'use e.g. "block-retain".' },
  {
    id: 'block-storage-provisioner',
    field: 'provisioner',
    value: (r) => r.provisioner,
    ok: (r) => typeof r.provisioner === 'string' && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9][-a-z0-9.]*)?$/.test(r.provisioner),
    message: 'a block StorageClass needs its CSI provisioner; the ClusterSpec has no vSphere or OpenStack infrastructure to derive it from.',
    fix: 'set provisioner (e.g. "csi.vsphere.vmware.com", "cinder.csi.openstack.org", "rbd.csi.ceph.com"), or declare the cluster\'s own class in ClusterSpec existingStorageClasses with usedFor: ["database"].',
  },
];

/**
 * A StorageClass for block volumes (hub databases, MariaDB, ngshare's sqlite: file locking on NFS is
 * not safe for them), on the cluster's CSI driver, with `reclaimPolicy: Retain` and
 * `WaitForFirstConsumer` (the volume is made in the zone of the node the pod lands on). It becomes
 * the cluster's default class for `database` volumes. The CSI driver itself must be installed: it is
 * listed in the inventory's prerequisites.
 */
export class BlockStorageClass extends Package implements IStorageClass {
  readonly storageClassName: string;
  readonly readWriteMany = false;

  constructor(scope: Construct, id = 'block-storage', props: BlockStorageClassProps = {}) {
    super(scope, id, { group: 'platform' });
    declareProps(this, 'BlockStorageClassProps', props);
    const app = ClusterApp.of(this);
    const provider = app.spec.infrastructure?.provider;
    const known = provider === 'vsphere' || provider === 'openstack' ? BLOCK_CSI_DRIVERS[provider] : undefined;
    const r: Resolved = { name: props.name ?? 'block-retain', provisioner: props.provisioner ?? known?.provisioner };
    const path = this.node.path;
    this.addIssues(() => checkRules(path, r, BLOCK_STORAGE_CLASS_RULES));
    this.storageClassName = r.name;
    new K8sObject(this, 'storage-class', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: r.name, labels: { 'app.kubernetes.io/part-of': 'hubfleet' } },
      provisioner: r.provisioner ?? 'unset',
      ...(props.parameters && Object.keys(props.parameters).length ? { parameters: { ...props.parameters } } : {}),
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
    });
    this.declarations.prerequisite({ kind: 'addon', name: `CSI driver ${r.provisioner ?? '(unset)'}`, why: `provisions the volumes of StorageClass ${r.name}; installed by ${props.installedBy ?? known?.installedBy ?? 'the cluster'}` });
    app.registerStorage('database', this);
  }
}
