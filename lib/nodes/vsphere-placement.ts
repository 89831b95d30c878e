/**
 * The vSphere objects every node pool of a cluster shares: data sources for datacenter, compute
 * cluster, datastores, network and template, plus the VM folder and a tag per node role.
 */
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereNetwork } from '@cdktf/provider-vsphere/lib/data-vsphere-network';
import { DataVsphereVirtualMachine } from '@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { Tag } from '@cdktf/provider-vsphere/lib/tag';
import { TagCategory } from '@cdktf/provider-vsphere/lib/tag-category';
import { Construct } from 'constructs';
import type { ClusterSpec, NodeRole } from '../fleet/cluster-spec';
import { VsphereInfrastructure, vsphereFolderOf } from './infrastructure';
import { tfId } from './node-plan';

/** Props of VspherePlacement. */
export interface VspherePlacementProps {
  /** The cluster; `spec.infrastructure` must be vSphere. */
  readonly spec: ClusterSpec;
}

/** Shared vSphere lookups, folder and role tags of one cluster. */
export class VspherePlacement extends Construct {
  public readonly infrastructure: VsphereInfrastructure;
  public readonly datacenter: DataVsphereDatacenter;
  public readonly computeCluster: DataVsphereComputeCluster;
  public readonly network: DataVsphereNetwork;
  public readonly template: DataVsphereVirtualMachine;
  public readonly folder: Folder;
  public readonly tagCategory: TagCategory;
  private readonly datastores = new Map<string, DataVsphereDatastore>();
  private readonly roleTags = new Map<NodeRole, Tag>();

  constructor(scope: Construct, id: string, props: VspherePlacementProps) {
    super(scope, id);
    const { spec } = props;
    if (spec.infrastructure?.provider !== 'vsphere') {
      throw new Error(`cluster ${spec.name}: VspherePlacement needs infrastructure.provider "vsphere". Fix: use OpenStackPlacement for OpenStack clusters.`);
    }
    const infra = spec.infrastructure;
    this.infrastructure = infra;

    this.datacenter = new DataVsphereDatacenter(this, 'datacenter', { name: infra.datacenter });
    this.datacenter.overrideLogicalId('datacenter');
    const dc = this.datacenter.id;
    this.computeCluster = new DataVsphereComputeCluster(this, 'compute-cluster', { name: infra.computeCluster, datacenterId: dc });
    this.computeCluster.overrideLogicalId('compute_cluster');
    this.network = new DataVsphereNetwork(this, 'network', { name: infra.network, datacenterId: dc });
    this.network.overrideLogicalId('network');
    this.template = new DataVsphereVirtualMachine(this, 'template', { name: infra.template, datacenterId: dc });
    this.template.overrideLogicalId('template');
    const lookups: [string, string][] = [['datastore', infra.datastore]];
    for (const p of spec.nodePools) {
      const name = infra.datastores?.[p.name];
      if (name !== undefined) lookups.push([tfId('datastore', p.name), name]);
    }
    for (const [logicalId, name] of lookups) {
      if (this.datastores.has(name)) continue;
      const ds = new DataVsphereDatastore(this, logicalId, { name, datacenterId: dc });
      ds.overrideLogicalId(logicalId);
      this.datastores.set(name, ds);
    }

    this.folder = new Folder(this, 'folder', { path: vsphereFolderOf(spec, infra), type: 'vm', datacenterId: dc });
    this.folder.overrideLogicalId('folder');

    this.tagCategory = new TagCategory(this, 'role-category', {
      name: `${spec.name}-node-role`,
      description: `Node roles of the ${spec.name} cluster (managed by hubfleet).`,
      cardinality: 'MULTIPLE',
      associableTypes: ['VirtualMachine'],
    });
    this.tagCategory.overrideLogicalId('node_role');
    const roles: NodeRole[] = ['etcd', 'control-plane', 'worker'];
    for (const role of roles) {
      if (!spec.nodePools.some((p) => p.roles.includes(role))) continue;
      const tag = new Tag(this, `tag-${role}`, {
        name: role,
        categoryId: this.tagCategory.id,
        description: `${role} nodes of ${spec.name}`,
      });
      tag.overrideLogicalId(tfId('node_role', role));
      this.roleTags.set(role, tag);
    }
  }

  /** The datastore a pool's disks go to. */
  public datastoreFor(poolName: string): DataVsphereDatastore {
    const name = this.infrastructure.datastores?.[poolName] ?? this.infrastructure.datastore;
    return this.datastores.get(name)!;
  }

  /** Tag IDs for a node with these roles. */
  public tagIdsFor(roles: readonly NodeRole[]): string[] {
    return roles.map((r) => this.roleTags.get(r)).filter((t): t is Tag => t !== undefined).map((t) => t.id);
  }
}
