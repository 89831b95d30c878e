/**
 * OpenStackNodePool: one node pool of a ClusterSpec as Nova instances in a server group, each on its
 * own Neutron port, bootstrapped with cloud-init user data and tagged with Kubespray's group metadata.
 */
import { TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeInstanceV2, ComputeServergroupV2, NetworkingPortV2, ServerGroupPolicy } from '../../imports/openstack';
import type { ClusterSpec, NodePoolSpec } from '../fleet/cluster-spec';
import { JoinSecrets, renderUserData } from './cloud-init';
import { sshUserOf } from './infrastructure';
import { kubesprayGroups, PlannedNode, planPool, tfId, poolOf } from './node-plan';
import { OpenStackPlacement } from './openstack-placement';

/**
 * Attributes whose change would rebuild a running node although it only matters for new nodes:
 * user data (read once), the image (new uploads of the same name) and the key pair.
 */
export const OPENSTACK_IGNORE_CHANGES: readonly string[] = ['user_data', 'image_id', 'image_name', 'block_device', 'key_pair'];

/** Props of OpenStackNodePool. */
export interface OpenStackNodePoolProps {
  /** The cluster; `spec.infrastructure` must be OpenStack. */
  readonly spec: ClusterSpec;
  /** Name of the pool in `spec.nodePools`. */
  readonly poolName: string;
  /** Shared lookups and security group. @default a new OpenStackPlacement inside this pool */
  readonly placement?: OpenStackPlacement;
  /** Join token and server URL expressions (see NodeVariables.join). @default undefined (required for RKE2 clusters) */
  readonly join?: JoinSecrets;
  /**
   * Server group policy. etcd and control-plane pools must land on distinct hypervisors; workers
   * spread where they can.
   * @default 'anti-affinity' for pools with etcd or control-plane, else 'soft-anti-affinity'
   */
  readonly policy?: ServerGroupPolicy;
}

/** The instances of one node pool on OpenStack. */
export class OpenStackNodePool extends Construct {
  public readonly pool: NodePoolSpec;
  public readonly nodes: readonly PlannedNode[];
  public readonly serverGroup: ComputeServergroupV2;
  public readonly ports: readonly NetworkingPortV2[];
  public readonly instances: readonly ComputeInstanceV2[];

  constructor(scope: Construct, id: string, props: OpenStackNodePoolProps) {
    super(scope, id);
    const { spec } = props;
    const pool = poolOf(spec, props.poolName);
    this.pool = pool;
    const placement = props.placement ?? new OpenStackPlacement(this, 'placement', { spec });
    const infra = placement.infrastructure;
    const flavor = infra.flavors[pool.name];
    if (!flavor) {
      throw new Error(`cluster ${spec.name}: pool "${pool.name}" has no OpenStack flavor. Fix: add it to infrastructure.flavors.`);
    }
    const bootFromVolume = infra.bootFromVolume ?? true;
    this.nodes = planPool(spec, pool.name);

    const critical = pool.roles.includes('etcd') || pool.roles.includes('control-plane');
    this.serverGroup = new ComputeServergroupV2(this, 'server-group', {
      name: `${spec.name}-${pool.name}`,
      policies: [props.policy ?? (critical ? 'anti-affinity' : 'soft-anti-affinity')],
    });
    this.serverGroup.overrideLogicalId(tfId(pool.name));

    // Pod and service ranges may appear on the wire with node MACs (Calico without encapsulation):
    // allow them on the ports so port security does not drop them.
    const pairs = [spec.networks.podCidr ?? '10.42.0.0/16', spec.networks.serviceCidr ?? '10.43.0.0/16'].map((ipAddress) => ({ ipAddress }));
    const ports: NetworkingPortV2[] = [];
    this.instances = this.nodes.map((node) => {
      const n = node.index + 1;
      const port = new NetworkingPortV2(this, `port-${n}`, {
        name: node.name,
        networkId: placement.network.id,
        adminStateUp: true,
        securityGroupIds: [placement.securityGroup.id],
        fixedIp: placement.subnet ? [{ subnetId: placement.subnet.id, ipAddress: node.address }] : undefined,
        allowedAddressPairs: pairs,
      });
      port.overrideLogicalId(tfId(pool.name, String(n)));
      ports.push(port);

      const userData = new TerraformLocal(this, `userdata-${n}`, renderUserData(spec, node, props.join));
      userData.overrideLogicalId(tfId('userdata', pool.name, String(n)));

      const metadata: Record<string, string> = {
        hubfleet_cluster: spec.name,
        hubfleet_pool: pool.name,
        hubfleet_roles: pool.roles.join(','),
      };
      if (spec.kubernetes.distribution === 'kubespray') {
        metadata.kubespray_groups = kubesprayGroups(pool.roles).join(',');
        metadata.ssh_user = sshUserOf(spec);
      }

      const instance = new ComputeInstanceV2(this, `instance-${n}`, {
        name: node.name,
        flavorName: flavor,
        keyPair: infra.keyPair,
        availabilityZone: infra.availabilityZone,
        userData: userData.asString,
        metadata,
        network: [{ port: port.id }],
        ...(bootFromVolume
          ? {
              blockDevice: [
                {
                  uuid: placement.image.id,
                  sourceType: 'image' as const,
                  destinationType: 'volume' as const,
                  volumeSizeGb: pool.diskGiB,
                  volumeType: infra.volumeTypes?.[pool.name],
                  bootIndex: 0,
                  deleteOnTermination: true,
                },
              ],
            }
          : { imageName: infra.image }),
        schedulerHints: [{ group: this.serverGroup.id }],
        stopBeforeDestroy: true,
        lifecycle: { ignoreChanges: [...OPENSTACK_IGNORE_CHANGES] },
      });
      instance.overrideLogicalId(tfId(pool.name, String(n)));
      return instance;
    });
    this.ports = ports;
  }

  /** Each node's address (`access_ip_v4`), by instance name. */
  public get addresses(): Record<string, string> {
    return Object.fromEntries(this.instances.map((vm, i) => [this.nodes[i]!.name, vm.accessIpV4]));
  }
}
