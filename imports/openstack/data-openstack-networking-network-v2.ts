/** Data source `openstack_networking_network_v2` (docs/data-sources/networking_network_v2.md). */
import { TerraformDataSource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { compact, metaArguments } from './provider';

/** Arguments of the `openstack_networking_network_v2` data source. */
export interface DataOpenstackNetworkingNetworkV2Config extends TerraformMetaArguments {
  /** `name` of the network. */
  readonly name: string;
}

/** Looks a Neutron network up by name. */
export class DataOpenstackNetworkingNetworkV2 extends TerraformDataSource {
  public static readonly tfResourceType = 'openstack_networking_network_v2';

  constructor(scope: Construct, id: string, private readonly config: DataOpenstackNetworkingNetworkV2Config) {
    super(scope, id, metaArguments(DataOpenstackNetworkingNetworkV2.tfResourceType, config));
  }

  /** The network UUID. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return compact({ name: this.config.name });
  }
}
