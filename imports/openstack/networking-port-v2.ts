/** `openstack_networking_port_v2` (docs/resources/networking_port_v2.md). */
import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { compact, metaArguments } from './provider';

/** A `fixed_ip` block. */
export interface NetworkingPortV2FixedIp {
  /** `subnet_id`. */
  readonly subnetId: string;
  /** `ip_address`. @default undefined (allocated from the subnet) */
  readonly ipAddress?: string;
}

/** An `allowed_address_pairs` block. */
export interface NetworkingPortV2AllowedAddressPair {
  /** `ip_address`: an address or CIDR that may also be active on the port. */
  readonly ipAddress: string;
  /** `mac_address`. @default undefined (the port's MAC) */
  readonly macAddress?: string;
}

/** Arguments of `openstack_networking_port_v2`. */
export interface NetworkingPortV2Config extends TerraformMetaArguments {
  /** `network_id` (changing it creates a new port). */
  readonly networkId: string;
  /** `name`. @default undefined */
  readonly name?: string;
  /** `description`. @default undefined */
  readonly description?: string;
  /** `admin_state_up`. @default undefined (true) */
  readonly adminStateUp?: boolean;
  /** `security_group_ids` (IDs, unlike the instance's names). @default undefined (the "default" group) */
  readonly securityGroupIds?: string[];
  /** `fixed_ip` blocks. @default undefined */
  readonly fixedIp?: NetworkingPortV2FixedIp[];
  /** `allowed_address_pairs` blocks. @default undefined */
  readonly allowedAddressPairs?: NetworkingPortV2AllowedAddressPair[];
  /** `tags`. @default undefined */
  readonly tags?: string[];
}

/** A Neutron port. */
export class NetworkingPortV2 extends TerraformResource {
  public static readonly tfResourceType = 'openstack_networking_port_v2';

  constructor(scope: Construct, id: string, private readonly config: NetworkingPortV2Config) {
    super(scope, id, metaArguments(NetworkingPortV2.tfResourceType, config));
  }

  /** The port UUID. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** `all_fixed_ips`. */
  public get allFixedIps(): string[] {
    return this.getListAttribute('all_fixed_ips');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return compact({
      name: c.name,
      description: c.description,
      network_id: c.networkId,
      admin_state_up: c.adminStateUp,
      security_group_ids: c.securityGroupIds,
      fixed_ip: c.fixedIp?.map((f) => compact({ subnet_id: f.subnetId, ip_address: f.ipAddress })),
      allowed_address_pairs: c.allowedAddressPairs?.map((p) => compact({ ip_address: p.ipAddress, mac_address: p.macAddress })),
      tags: c.tags,
    });
  }
}
