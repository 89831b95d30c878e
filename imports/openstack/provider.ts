/**
 * Hand-written cdktf binding for the `terraform-provider-openstack/openstack` provider (L1).
 *
 * No prebuilt cdktf/cdktn package exists for OpenStack, so hubfleet binds the few resources it
 * uses by hand. Attribute names follow the provider's documentation (docs/index.md and
 * docs/resources/*.md of terraform-provider-openstack 3.x).
 */
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

/** The provider name every OpenStack resource and data source of this binding refers to. */
export const OPENSTACK_PROVIDER_NAME = 'openstack';
/** Registry source of the provider. */
export const OPENSTACK_PROVIDER_SOURCE = 'terraform-provider-openstack/openstack';
/** Version constraint written to `required_providers`. */
export const OPENSTACK_PROVIDER_VERSION = '~> 3.4';

/** Generator metadata shared by every resource of this binding. */
export const OPENSTACK_GENERATOR_METADATA = { providerName: OPENSTACK_PROVIDER_NAME } as const;

/**
 * The meta-arguments every resource and data source passes to its cdktf base class (type, provider
 * metadata, depends_on, count, for_each, lifecycle, provisioners, connection).
 */
export function metaArguments(terraformResourceType: string, config: Record<string, any>): any {
  return {
    terraformResourceType,
    terraformGeneratorMetadata: OPENSTACK_GENERATOR_METADATA,
    dependsOn: config.dependsOn,
    count: config.count,
    provider: config.provider,
    lifecycle: config.lifecycle,
    forEach: config.forEach,
    provisioners: config.provisioners,
    connection: config.connection,
  };
}

/** Drop `undefined` values so the synthesized JSON only holds what was set. */
export function compact<T extends Record<string, unknown>>(attrs: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

/** Arguments of the `openstack` provider block (snake_case names in the comments). */
export interface OpenstackProviderConfig {
  /** `auth_url`: the Keystone URL. @default undefined (env `OS_AUTH_URL`) */
  readonly authUrl?: string;
  /** `cloud`: an entry in clouds.yaml. @default undefined (env `OS_CLOUD`) */
  readonly cloud?: string;
  /** `region`. @default undefined (env `OS_REGION_NAME`) */
  readonly region?: string;
  /** `application_credential_id`. @default undefined (env `OS_APPLICATION_CREDENTIAL_ID`) */
  readonly applicationCredentialId?: string;
  /** `application_credential_secret`. @default undefined (env `OS_APPLICATION_CREDENTIAL_SECRET`) */
  readonly applicationCredentialSecret?: string;
  /** `insecure`: trust self-signed certificates. @default undefined (env `OS_INSECURE`) */
  readonly insecure?: boolean;
  /** `cacert_file`: path or PEM of a CA bundle. @default undefined (env `OS_CACERT`) */
  readonly cacertFile?: string;
  /** `endpoint_type`. @default undefined (public endpoints) */
  readonly endpointType?: string;
  /** `max_retries`. @default undefined */
  readonly maxRetries?: number;
  /** Provider alias. @default undefined */
  readonly alias?: string;
}

/** The `openstack` provider. */
export class OpenstackProvider extends TerraformProvider {
  public static readonly tfResourceType = OPENSTACK_PROVIDER_NAME;
  private _alias?: string;

  constructor(scope: Construct, id: string, private readonly config: OpenstackProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: OPENSTACK_PROVIDER_NAME,
      terraformGeneratorMetadata: { providerName: OPENSTACK_PROVIDER_NAME, providerVersionConstraint: OPENSTACK_PROVIDER_VERSION },
      terraformProviderSource: OPENSTACK_PROVIDER_SOURCE,
    });
    this._alias = config.alias;
  }

  public get alias(): string | undefined {
    return this._alias;
  }

  public set alias(value: string | undefined) {
    this._alias = value;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return compact({
      auth_url: c.authUrl,
      cloud: c.cloud,
      region: c.region,
      application_credential_id: c.applicationCredentialId,
      application_credential_secret: c.applicationCredentialSecret,
      insecure: c.insecure,
      cacert_file: c.cacertFile,
      endpoint_type: c.endpointType,
      max_retries: c.maxRetries,
    });
  }
}
