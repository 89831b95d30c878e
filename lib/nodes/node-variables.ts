/**
 * The node stack's Terraform input variables: every credential and join secret enters through a
 * sensitive variable (set with `TF_VAR_<name>` at apply time), never as a literal in cdk.tf.json.
 */
import { Fn, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { ClusterSpec } from '../fleet/cluster-spec';
import type { JoinSecrets } from './cloud-init';
import { apiHostOf } from './infrastructure';

/** Variable names (they are API: operators export `TF_VAR_<name>`). */
export const NODE_VARIABLE_NAMES = {
  vsphereUser: 'vsphere_user',
  vspherePassword: 'vsphere_password',
  openstackApplicationCredentialId: 'openstack_application_credential_id',
  openstackApplicationCredentialSecret: 'openstack_application_credential_secret',
  rke2Token: 'rke2_token',
  rke2AgentToken: 'rke2_agent_token',
  rke2ServerUrl: 'rke2_server_url',
} as const;

/** Terraform's check that the two RKE2 tokens differ (an agent token equal to the server token would let agents join as servers). */
export const RKE2_TOKENS_DIFFER = '${var.rke2_agent_token != var.rke2_token}';

/** Props of NodeVariables. */
export interface NodeVariablesProps {
  /** The cluster; its infrastructure and distribution decide which variables exist. */
  readonly spec: ClusterSpec;
}

/** Declares the sensitive variables a cluster's node stack needs. */
export class NodeVariables extends Construct {
  /** `vsphere_user` (vSphere only). */
  public readonly vsphereUser?: TerraformVariable;
  /** `vsphere_password` (vSphere only). */
  public readonly vspherePassword?: TerraformVariable;
  /** `openstack_application_credential_id` (OpenStack only; null falls back to `OS_*` / clouds.yaml). */
  public readonly openstackApplicationCredentialId?: TerraformVariable;
  /** `openstack_application_credential_secret` (OpenStack only). */
  public readonly openstackApplicationCredentialSecret?: TerraformVariable;
  /** `rke2_token` (RKE2 only): the server token. */
  public readonly rke2Token?: TerraformVariable;
  /** `rke2_agent_token` (RKE2 only): the token agents join with. */
  public readonly rke2AgentToken?: TerraformVariable;
  /** `rke2_server_url` (RKE2 only). */
  public readonly rke2ServerUrl?: TerraformVariable;
  /** The join secrets as template expressions for cloud-init (RKE2 only). */
  public readonly join?: JoinSecrets;

  constructor(scope: Construct, id: string, props: NodeVariablesProps) {
    super(scope, id);
    const { spec } = props;
    const N = NODE_VARIABLE_NAMES;
    const secret = (name: string, description: string, extra: Partial<{ default: string; optional: boolean }> = {}) => {
      const v = new TerraformVariable(this, name, {
        type: 'string',
        sensitive: true,
        description,
        ...(extra.default !== undefined ? { default: extra.default } : {}),
        ...(extra.optional ? { nullable: true } : {}),
      });
      v.overrideLogicalId(name);
      if (extra.optional) v.addOverride('default', null);
      return v;
    };

    if (spec.infrastructure?.provider === 'vsphere') {
      this.vsphereUser = secret(N.vsphereUser, `vCenter user for ${spec.infrastructure.vcenter} (set TF_VAR_${N.vsphereUser}).`);
      this.vspherePassword = secret(N.vspherePassword, `Password of the vCenter user (set TF_VAR_${N.vspherePassword}).`);
    }
    if (spec.infrastructure?.provider === 'openstack') {
      this.openstackApplicationCredentialId = secret(
        N.openstackApplicationCredentialId,
        `Keystone application credential ID (TF_VAR_${N.openstackApplicationCredentialId}); leave unset to use OS_* variables or clouds.yaml.`,
        { optional: true },
      );
      this.openstackApplicationCredentialSecret = secret(
        N.openstackApplicationCredentialSecret,
        `Keystone application credential secret (TF_VAR_${N.openstackApplicationCredentialSecret}).`,
        { optional: true },
      );
    }
    if (spec.kubernetes.distribution === 'rke2') {
      const tokenRule = (name: string) => ({
        condition: `\${length(var.${name}) >= 16}`,
        errorMessage: `The ${name} variable must be at least 16 characters; generate one with \`openssl rand -hex 32\`.`,
      });
      this.rke2Token = secret(
        N.rke2Token,
        `RKE2 server token (set TF_VAR_${N.rke2Token}), at least 16 characters: servers join with it, and it encrypts the cluster's bootstrap data. Keep it with the etcd snapshots.`,
      );
      this.rke2Token.addValidation(tokenRule(N.rke2Token));
      this.rke2AgentToken = secret(
        N.rke2AgentToken,
        `RKE2 agent token (set TF_VAR_${N.rke2AgentToken}), at least 16 characters and different from the server token: workers join with it and cannot join as servers.`,
      );
      this.rke2AgentToken.addValidation(tokenRule(N.rke2AgentToken));
      this.rke2ServerUrl = secret(
        N.rke2ServerUrl,
        `RKE2 registration address (a load balancer or DNS name in front of the servers, port 9345).`,
        { default: `https://${apiHostOf(spec)}:9345` },
      );
      // Host names and IPv4 addresses only: the URL also goes into the first-boot shell script.
      this.rke2ServerUrl.addValidation({
        condition: `\${can(regex("^https://[A-Za-z0-9.-]+:9345$", var.${N.rke2ServerUrl}))}`,
        errorMessage: 'The RKE2 server URL must look like https://<host>:9345.',
      });
      this.join = {
        token: Token.asString(Fn.jsonencode(this.rke2Token.value)),
        agentToken: Token.asString(Fn.jsonencode(this.rke2AgentToken.value)),
        serverUrl: Token.asString(Fn.jsonencode(this.rke2ServerUrl.value)),
      };
    }
  }
}
