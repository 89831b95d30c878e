/**
 * NodeStack: the Terraform stack of one cluster's VMs, built from its ClusterSpec — provider,
 * sensitive variables, state backend, shared placement and one node pool per spec pool.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { HttpBackend, LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { OpenstackProvider } from '../../imports/openstack';
import type { ClusterSpec } from '../fleet/cluster-spec';
import { TerraformBackendSpec } from './infrastructure';
import { NodeVariables, RKE2_TOKENS_DIFFER } from './node-variables';
import { OpenStackNodePool } from './openstack-node-pool';
import { OpenStackPlacement } from './openstack-placement';
import { VsphereNodePool } from './vsphere-node-pool';
import { VspherePlacement } from './vsphere-placement';

/** The stack name hubfleet synth uses: `dist/<cluster>/terraform/stacks/nodes/`. */
export const NODE_STACK_NAME = 'nodes';

/** Relative path from `dist/<cluster>/terraform/stacks/<stack>/` to the folder that holds the output folder. */
export const DIST_STATE_ROOT = '../../../../..';

/** vSphere provider version constraint (the binding pins 2.15.0 exactly otherwise). */
export const VSPHERE_PROVIDER_VERSION = '~> 2.15';

/** Props of NodeStack. */
export interface NodeStackProps {
  /** The cluster; it must have `infrastructure`. */
  readonly spec: ClusterSpec;
  /**
   * For the default local backend: the relative path from the stack's working directory to the
   * folder under which `.hubfleet-state/<cluster>/terraform.tfstate` is kept.
   * @default DIST_STATE_ROOT ('../../../../..', the parent of hubfleet's output folder)
   */
  readonly localStateRoot?: string;
}

/** The Terraform backend config for a cluster, as cdktf constructs take it. */
export function addBackend(stack: TerraformStack, spec: ClusterSpec, localStateRoot: string): void {
  const b: TerraformBackendSpec = spec.infrastructure?.backend ?? { type: 'local' };
  switch (b.type) {
    case 'local':
      new LocalBackend(stack, { path: b.path ?? `${localStateRoot}/.hubfleet-state/${spec.name}/terraform.tfstate` });
      return;
    case 's3':
      new S3Backend(stack, {
        bucket: b.bucket,
        key: b.key ?? `hubfleet/${spec.name}/terraform.tfstate`,
        region: b.region,
        ...(b.endpoint !== undefined
          ? { endpoints: { s3: b.endpoint }, skipCredentialsValidation: true, skipRegionValidation: true, skipRequestingAccountId: true }
          : {}),
        ...(b.usePathStyle ? { usePathStyle: true } : {}),
      });
      return;
    case 'http':
      new HttpBackend(stack, {
        address: b.address,
        lockAddress: b.lockAddress,
        unlockAddress: b.unlockAddress,
        lockMethod: b.lockMethod,
        unlockMethod: b.unlockMethod,
      });
      return;
  }
}

/** One cluster's node stack. */
export class NodeStack extends TerraformStack {
  public readonly spec: ClusterSpec;
  public readonly variables: NodeVariables;
  /** The node pools, in spec order. */
  public readonly pools: readonly (VsphereNodePool | OpenStackNodePool)[];

  constructor(scope: Construct, id: string, props: NodeStackProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    const infra = spec.infrastructure;
    if (!infra) {
      throw new Error(`cluster ${spec.name}: NodeStack needs spec.infrastructure. Fix: add the vSphere or OpenStack settings (see lib/nodes/README.md).`);
    }
    addBackend(this, spec, props.localStateRoot ?? DIST_STATE_ROOT);
    this.variables = new NodeVariables(this, 'variables', { spec });
    const join = this.variables.join;

    if (infra.provider === 'vsphere') {
      new VsphereProvider(this, 'vsphere', {
        user: this.variables.vsphereUser!.stringValue,
        password: this.variables.vspherePassword!.stringValue,
        vsphereServer: infra.vcenter,
        allowUnverifiedSsl: infra.allowUnverifiedSsl ?? false,
      });
      this.addOverride('terraform.required_providers.vsphere.version', VSPHERE_PROVIDER_VERSION);
      const placement = new VspherePlacement(this, 'placement', { spec });
      this.pools = spec.nodePools.map((p) => new VsphereNodePool(this, `pool-${p.name}`, { spec, poolName: p.name, placement, join }));
    } else {
      new OpenstackProvider(this, 'openstack', {
        authUrl: infra.authUrl,
        region: infra.region ?? 'RegionOne',
        applicationCredentialId: this.variables.openstackApplicationCredentialId!.stringValue,
        applicationCredentialSecret: this.variables.openstackApplicationCredentialSecret!.stringValue,
      });
      const placement = new OpenStackPlacement(this, 'placement', { spec });
      this.pools = spec.nodePools.map((p) => new OpenStackNodePool(this, `pool-${p.name}`, { spec, poolName: p.name, placement, join }));
    }

    const addresses: Record<string, string> = {};
    for (const p of this.pools) Object.assign(addresses, p.addresses);
    const out = new TerraformOutput(this, 'node-addresses', {
      value: addresses,
      description: 'IPv4 address of each node, by VM name.',
    });
    if (this.variables.rke2AgentToken) {
      // Checked at plan time: a precondition, not a cross-variable validation, so Terraform < 1.9 and
      // OpenTofu take it too. An override because cdktf 0.21 drops TerraformOutput's precondition.
      out.addOverride('precondition', [
        {
          condition: RKE2_TOKENS_DIFFER,
          error_message:
            'rke2_agent_token must differ from rke2_token: with the server token an agent could join as a server. Generate a second token (openssl rand -hex 32).',
        },
      ]);
    }
    out.overrideLogicalId('node_addresses');
  }
}
