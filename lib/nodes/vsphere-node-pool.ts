/**
 * VsphereNodePool: one node pool of a ClusterSpec as vSphere VMs cloned from a cloud-init template,
 * bootstrapped through guestinfo, spread across ESXi hosts when they hold etcd or the control plane.
 */
import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { Fn, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import type { ClusterSpec, NodePoolSpec } from '../fleet/cluster-spec';
import { base64, JoinSecrets, renderUserData, renderVsphereMetadata } from './cloud-init';
import { PlannedNode, planPool, tfId, poolOf } from './node-plan';
import { VspherePlacement } from './vsphere-placement';

/**
 * Attributes that would reboot or rebuild a running node when they change, although the change
 * only matters for new nodes: bootstrap data (read once at first boot), the template and what is
 * copied from it.
 */
export const VSPHERE_IGNORE_CHANGES: readonly string[] = [
  'extra_config',
  'clone[0].template_uuid',
  'guest_id',
  'firmware',
  'scsi_type',
  'network_interface[0].adapter_type',
  'disk[0].thin_provisioned',
  'disk[0].eagerly_scrub',
];

/** Props of VsphereNodePool. */
export interface VsphereNodePoolProps {
  /** The cluster; `spec.infrastructure` must be vSphere. */
  readonly spec: ClusterSpec;
  /** Name of the pool in `spec.nodePools`. */
  readonly poolName: string;
  /** Shared lookups, folder and tags. @default a new VspherePlacement inside this pool */
  readonly placement?: VspherePlacement;
  /** Join token and server URL expressions (see NodeVariables.join). @default undefined (required for RKE2 clusters) */
  readonly join?: JoinSecrets;
  /**
   * Make the anti-affinity rule mandatory (DRS refuses placements that break it). Needs at least
   * as many ESXi hosts as the pool has VMs.
   * @default true
   */
  readonly mandatoryAntiAffinity?: boolean;
}

/** The VMs of one node pool on vSphere. */
export class VsphereNodePool extends Construct {
  public readonly pool: NodePoolSpec;
  /** The planned nodes, in order. */
  public readonly nodes: readonly PlannedNode[];
  /** The VMs, in node order. */
  public readonly vms: readonly VirtualMachine[];
  /** The anti-affinity rule (pools with etcd or control-plane and at least two VMs). */
  public readonly antiAffinity?: ComputeClusterVmAntiAffinityRule;

  constructor(scope: Construct, id: string, props: VsphereNodePoolProps) {
    super(scope, id);
    const { spec } = props;
    const pool = poolOf(spec, props.poolName);
    this.pool = pool;
    const placement = props.placement ?? new VspherePlacement(this, 'placement', { spec });
    const tpl = placement.template;
    const disk0 = tpl.disks.get(0);
    this.nodes = planPool(spec, pool.name);
    const passthrough = spec.infrastructure?.provider === 'vsphere' ? spec.infrastructure.pciPassthrough?.[pool.name] : undefined;

    this.vms = this.nodes.map((node) => {
      const n = node.index + 1;
      const userData = new TerraformLocal(this, `userdata-${n}`, renderUserData(spec, node, props.join));
      userData.overrideLogicalId(tfId('userdata', pool.name, String(n)));
      const vm = new VirtualMachine(this, `vm-${n}`, {
        name: node.name,
        annotation: `Managed by hubfleet. Cluster ${spec.name}, pool ${pool.name}, roles ${pool.roles.join(', ')}.`,
        resourcePoolId: placement.computeCluster.resourcePoolId,
        datastoreId: placement.datastoreFor(pool.name).id,
        folder: placement.folder.path,
        tags: placement.tagIdsFor(pool.roles),
        numCpus: pool.vcpus,
        memory: pool.memoryGiB * 1024,
        // GPUs by PCI passthrough need the whole memory reserved (vSphere refuses to power on otherwise).
        ...(passthrough ? { pciDeviceId: [...passthrough[node.index]], memoryReservation: pool.memoryGiB * 1024 } : {}),
        guestId: tpl.guestId,
        scsiType: tpl.scsiType,
        firmware: tpl.firmware,
        enableDiskUuid: true,
        networkInterface: [{ networkId: placement.network.id, adapterType: Fn.element(tpl.networkInterfaceTypes, 0) }],
        disk: [{ label: 'disk0', size: pool.diskGiB, thinProvisioned: disk0.thinProvisioned, eagerlyScrub: disk0.eagerlyScrub }],
        clone: { templateUuid: tpl.id },
        extraConfig: {
          'guestinfo.metadata': base64(renderVsphereMetadata(spec, node)),
          'guestinfo.metadata.encoding': 'base64',
          'guestinfo.userdata': Fn.base64encode(userData.asString),
          'guestinfo.userdata.encoding': 'base64',
        },
        waitForGuestNetTimeout: 5,
        lifecycle: { ignoreChanges: [...VSPHERE_IGNORE_CHANGES] },
      });
      vm.overrideLogicalId(tfId(pool.name, String(n)));
      return vm;
    });

    const spread = pool.roles.includes('etcd') || pool.roles.includes('control-plane');
    if (spread && this.vms.length >= 2) {
      this.antiAffinity = new ComputeClusterVmAntiAffinityRule(this, 'anti-affinity', {
        name: `${spec.name}-${pool.name}-anti-affinity`,
        computeClusterId: placement.computeCluster.id,
        virtualMachineIds: this.vms.map((vm) => vm.id),
        mandatory: props.mandatoryAntiAffinity ?? true,
        enabled: true,
        // Plain "<type>.<name>" strings: cdktf 0.21 renders resource objects here as invalid "${…}".
        lifecycle: { replaceTriggeredBy: this.vms.map((vm) => `${vm.terraformResourceType}.${vm.friendlyUniqueId}`) },
      });
      this.antiAffinity.overrideLogicalId(tfId(pool.name, 'anti_affinity'));
    }
  }

  /** Each node's address as Terraform reports it (`default_ip_address`), by VM name. */
  public get addresses(): Record<string, string> {
    return Object.fromEntries(this.vms.map((vm, i) => [this.nodes[i]!.name, vm.defaultIpAddress]));
  }
}
