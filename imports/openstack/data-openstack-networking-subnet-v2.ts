/** Data source `openstack_networking_subnet_v2` (docs/data-sources/networking_subnet_v2.md). */
import { TerraformDataSource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { compact, metaArguments } from './provider';

/** Arguments of the `openstack_networking_subnet_v2` data source. */
export interface DataOpenstackNetworkingSubnetV2Config extends TerraformMetaArguments {
  /** `name` of the subnet. */
  readonly name: string;
  /** `network_id` the subnet belongs to. @default undefined */
  readonly networkId?: string;
}

/** Looks a Neutron subnet up by name. */
export class DataOpenstackNetworkingSubnetV2 extends TerraformDataSource {
  public static readonly tfResourceType = 'openstack_networking_subnet_v2';

  constructor(scope: Construct, id: string, private readonly config: DataOpenstackNetworkingSubnetV2Config) {
    super(scope, id, metaArguments(DataOpenstackNetworkingSubnetV2.tfResourceType, config));
  }

  /** The subnet UUID. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** `cidr` of the subnet. */
  public get cidr(): string {
    return this.getStringAttribute('cidr');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return compact({ name: this.config.name, network_id: this.config.networkId });
  }
}
