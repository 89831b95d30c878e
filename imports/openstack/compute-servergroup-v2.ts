/** `openstack_compute_servergroup_v2` (docs/resources/compute_servergroup_v2.md). */
import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { compact, metaArguments } from './provider';

/** A server group policy (`soft-*` needs compute API ≥ 2.15). */
export type ServerGroupPolicy = 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';

/** Arguments of `openstack_compute_servergroup_v2`. */
export interface ComputeServergroupV2Config extends TerraformMetaArguments {
  /** `name` (changing it creates a new group). */
  readonly name: string;
  /** `policies`: exactly one policy. */
  readonly policies: [ServerGroupPolicy];
  /** `rules { max_server_per_host }` (only with `anti-affinity`; compute API ≥ 2.64). @default undefined */
  readonly maxServerPerHost?: number;
}

/** A Nova server group; instances join it through `scheduler_hints { group }`. */
export class ComputeServergroupV2 extends TerraformResource {
  public static readonly tfResourceType = 'openstack_compute_servergroup_v2';

  constructor(scope: Construct, id: string, private readonly config: ComputeServergroupV2Config) {
    super(scope, id, metaArguments(ComputeServergroupV2.tfResourceType, config));
  }

  /** The server group UUID. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return compact({
      name: c.name,
      policies: [...c.policies],
      rules: c.maxServerPerHost === undefined ? undefined : [{ max_server_per_host: c.maxServerPerHost }],
    });
  }
}
