/** `openstack_compute_instance_v2` (docs/resources/compute_instance_v2.md). */
import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { compact, metaArguments } from './provider';

/** A `network` block: exactly one of `uuid`, `name`, `port`. */
export interface ComputeInstanceV2Network {
  /** `uuid`: network UUID. @default undefined */
  readonly uuid?: string;
  /** `name`: network name. @default undefined */
  readonly name?: string;
  /** `port`: a Neutron port UUID (put security groups on the port then). @default undefined */
  readonly port?: string;
  /** `fixed_ip_v4`. @default undefined (DHCP) */
  readonly fixedIpV4?: string;
  /** `access_network`. @default undefined (false) */
  readonly accessNetwork?: boolean;
}

/** A `block_device` block. */
export interface ComputeInstanceV2BlockDevice {
  /** `uuid` of the image, volume or snapshot (not for `blank`). @default undefined */
  readonly uuid?: string;
  /** `source_type`. */
  readonly sourceType: 'blank' | 'image' | 'volume' | 'snapshot';
  /** `destination_type`. @default undefined (provider default) */
  readonly destinationType?: 'volume' | 'local';
  /** `volume_size` in GB. @default undefined */
  readonly volumeSizeGb?: number;
  /** `volume_type`, e.g. an SSD class. @default undefined (cloud default) */
  readonly volumeType?: string;
  /** `boot_index`. @default undefined (0) */
  readonly bootIndex?: number;
  /** `delete_on_termination`. @default undefined (false) */
  readonly deleteOnTermination?: boolean;
}

/** A `scheduler_hints` block. */
export interface ComputeInstanceV2SchedulerHints {
  /** `group`: a server group UUID. @default undefined */
  readonly group?: string;
}

/** Arguments of `openstack_compute_instance_v2`. */
export interface ComputeInstanceV2Config extends TerraformMetaArguments {
  /** `name`. */
  readonly name: string;
  /** `image_name` (not when booting from volume; changing it rebuilds). @default undefined */
  readonly imageName?: string;
  /** `image_id` (not when booting from volume). @default undefined */
  readonly imageId?: string;
  /** `flavor_name` (changing it resizes). @default undefined */
  readonly flavorName?: string;
  /** `flavor_id`. @default undefined */
  readonly flavorId?: string;
  /** `key_pair` name (changing it creates a new server). @default undefined */
  readonly keyPair?: string;
  /** `security_groups` by name (with ports, put them on the port instead). @default undefined */
  readonly securityGroups?: string[];
  /** `user_data` (changing it creates a new server). @default undefined */
  readonly userData?: string;
  /** `metadata` key/value pairs (updated in place). @default undefined */
  readonly metadata?: Record<string, string>;
  /** `config_drive`. @default undefined */
  readonly configDrive?: boolean;
  /** `availability_zone`. @default undefined */
  readonly availabilityZone?: string;
  /** `network` blocks. @default undefined */
  readonly network?: ComputeInstanceV2Network[];
  /** `block_device` blocks. @default undefined */
  readonly blockDevice?: ComputeInstanceV2BlockDevice[];
  /** `scheduler_hints` blocks. @default undefined */
  readonly schedulerHints?: ComputeInstanceV2SchedulerHints[];
  /** `stop_before_destroy`. @default undefined */
  readonly stopBeforeDestroy?: boolean;
  /** `tags`. @default undefined */
  readonly tags?: string[];
}

/** A Nova server. */
export class ComputeInstanceV2 extends TerraformResource {
  public static readonly tfResourceType = 'openstack_compute_instance_v2';

  constructor(scope: Construct, id: string, private readonly config: ComputeInstanceV2Config) {
    super(scope, id, metaArguments(ComputeInstanceV2.tfResourceType, config));
  }

  /** The server UUID. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** `access_ip_v4`: the first fixed IPv4 address. */
  public get accessIpV4(): string {
    return this.getStringAttribute('access_ip_v4');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return compact({
      name: c.name,
      image_name: c.imageName,
      image_id: c.imageId,
      flavor_name: c.flavorName,
      flavor_id: c.flavorId,
      key_pair: c.keyPair,
      security_groups: c.securityGroups,
      user_data: c.userData,
      metadata: c.metadata,
      config_drive: c.configDrive,
      availability_zone: c.availabilityZone,
      network: c.network?.map((n) =>
        compact({ uuid: n.uuid, name: n.name, port: n.port, fixed_ip_v4: n.fixedIpV4, access_network: n.accessNetwork }),
      ),
      block_device: c.blockDevice?.map((b) =>
        compact({
          uuid: b.uuid,
          source_type: b.sourceType,
          destination_type: b.destinationType,
          volume_size: b.volumeSizeGb,
          volume_type: b.volumeType,
          boot_index: b.bootIndex,
          delete_on_termination: b.deleteOnTermination,
        }),
      ),
      scheduler_hints: c.schedulerHints?.map((h) => compact({ group: h.group })),
      stop_before_destroy: c.stopBeforeDestroy,
      tags: c.tags,
    });
  }
}
