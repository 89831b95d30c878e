/** `openstack_networking_secgroup_rule_v2` (docs/resources/networking_secgroup_rule_v2.md). */
import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { compact, metaArguments } from './provider';

/** Arguments of `openstack_networking_secgroup_rule_v2`. Every change creates a new rule. */
export interface NetworkingSecgroupRuleV2Config extends TerraformMetaArguments {
  /** `security_group_id`. */
  readonly securityGroupId: string;
  /** `direction`. */
  readonly direction: 'ingress' | 'egress';
  /** `ethertype`. */
  readonly ethertype: 'IPv4' | 'IPv6';
  /** `protocol`, e.g. `tcp`, `udp`, `icmp`, or an IP protocol number. @default undefined (any) */
  readonly protocol?: string;
  /** `port_range_min`. @default undefined */
  readonly portRangeMin?: number;
  /** `port_range_max`. @default undefined */
  readonly portRangeMax?: number;
  /** `remote_ip_prefix` (a CIDR). @default undefined */
  readonly remoteIpPrefix?: string;
  /** `remote_group_id` (a security group UUID). @default undefined */
  readonly remoteGroupId?: string;
  /** `description`. @default undefined */
  readonly description?: string;
}

/** A Neutron security group rule. */
export class NetworkingSecgroupRuleV2 extends TerraformResource {
  public static readonly tfResourceType = 'openstack_networking_secgroup_rule_v2';

  constructor(scope: Construct, id: string, private readonly config: NetworkingSecgroupRuleV2Config) {
    super(scope, id, metaArguments(NetworkingSecgroupRuleV2.tfResourceType, config));
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return compact({
      security_group_id: c.securityGroupId,
      direction: c.direction,
      ethertype: c.ethertype,
      protocol: c.protocol,
      port_range_min: c.portRangeMin,
      port_range_max: c.portRangeMax,
      remote_ip_prefix: c.remoteIpPrefix,
      remote_group_id: c.remoteGroupId,
      description: c.description,
    });
  }
}
