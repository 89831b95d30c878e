/** Data source `openstack_images_image_v2` (docs/data-sources/images_image_v2.md). */
import { TerraformDataSource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { compact, metaArguments } from './provider';

/** Arguments of the `openstack_images_image_v2` data source. */
export interface DataOpenstackImagesImageV2Config extends TerraformMetaArguments {
  /** `name` of the Glance image. */
  readonly name: string;
  /** `most_recent`: pick the newest when several match. @default undefined (false: several matches fail) */
  readonly mostRecent?: boolean;
}

/** Looks a Glance image up by name. */
export class DataOpenstackImagesImageV2 extends TerraformDataSource {
  public static readonly tfResourceType = 'openstack_images_image_v2';

  constructor(scope: Construct, id: string, private readonly config: DataOpenstackImagesImageV2Config) {
    super(scope, id, metaArguments(DataOpenstackImagesImageV2.tfResourceType, config));
  }

  /** The image UUID. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return compact({ name: this.config.name, most_recent: this.config.mostRecent });
  }
}
