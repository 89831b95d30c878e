/** `openstack_networking_secgroup_v2` (docs/resources/networking_secgroup_v2.md). */
import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { compact, metaArguments } from './provider';

/** Arguments of `openstack_networking_secgroup_v2`. */
export interface NetworkingSecgroupV2Config extends TerraformMetaArguments {
  /** `name`. */
  readonly name: string;
  /** `description`. @default undefined */
  readonly description?: string;
  /** `delete_default_rules`: drop the default egress rules. @default undefined (false) */
  readonly deleteDefaultRules?: boolean;
  /** `tags`. @default undefined */
  readonly tags?: string[];
}

/** A Neutron security group. */
export class NetworkingSecgroupV2 extends TerraformResource {
  public static readonly tfResourceType = 'openstack_networking_secgroup_v2';

  constructor(scope: Construct, id: string, private readonly config: NetworkingSecgroupV2Config) {
    super(scope, id, metaArguments(NetworkingSecgroupV2.tfResourceType, config));
  }

  /** The security group UUID. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The name, as a reference. */
  public get name(): string {
    return this.getStringAttribute('name');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return compact({ name: c.name, description: c.description, delete_default_rules: c.deleteDefaultRules, tags: c.tags });
  }
}
