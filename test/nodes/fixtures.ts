/** Example ClusterSpecs for the node-layer tests, built from the clusters' node-side facts. */
import { e2xInfrastructure, e2xKubernetes, e2xNetworks, e2xNodePools } from '../../clusters/e2x.nodes';
import {
  ethTeachingInfrastructure,
  ethTeachingKubernetes,
  ethTeachingNetworks,
  ethTeachingNodePools,
} from '../../clusters/eth-teaching.nodes';
import type { ClusterSpec } from '../../lib/fleet/cluster-spec';
import type { JoinSecrets } from '../../lib/nodes/cloud-init';
import type { OpenStackInfrastructure, VsphereInfrastructure } from '../../lib/nodes/infrastructure';

/** A deep copy's type: everything writable, so tests can break one field at a time. */
export type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

/** A spec tests may change. */
export type TestSpec = DeepMutable<ClusterSpec>;

/** The eth-teaching spec (node facts from clusters/eth-teaching.nodes.ts, app facts as in clusters/eth-teaching.ts). */
export function ethTeachingSpec(): TestSpec {
  return clone({
    name: 'eth-teaching',
    domain: 'teaching.example-university.ch',
    kubernetes: ethTeachingKubernetes,
    nodePools: ethTeachingNodePools,
    networks: ethTeachingNetworks,
    infrastructure: ethTeachingInfrastructure,
    nfs: { server: '10.20.3.10', exportPath: '/export/teaching' },
    loadBalancerRange: '10.20.3.200-10.20.3.220',
    blockedCidrs: ['129.132.0.0/16'],
    tls: { acmeEmail: 'platform-team@example-university.ch' },
    gitops: { repoUrl: 'https://git.example-university.ch/platform/teaching-gitops.git' },
  });
}

/** The e2x spec (node facts from clusters/e2x.nodes.ts). */
export function e2xSpec(): TestSpec {
  return clone({
    name: 'e2x',
    domain: 'e2x.example-hbrs.de',
    kubernetes: e2xKubernetes,
    nodePools: e2xNodePools,
    networks: e2xNetworks,
    infrastructure: e2xInfrastructure,
    nfs: { server: '10.30.0.200', exportPath: '/export/e2x' },
    tls: { acmeEmail: 'e2x-admins@example-hbrs.de' },
    gitops: { repoUrl: 'https://git.example-hbrs.de/e2x/gitops.git' },
  });
}

/** A deep copy that tests may change freely. */
export function clone<T>(x: T): DeepMutable<T> {
  return JSON.parse(JSON.stringify(x)) as DeepMutable<T>;
}

/** The vSphere settings of a test spec. */
export function vsphereOf(spec: TestSpec): DeepMutable<VsphereInfrastructure> {
  if (spec.infrastructure?.provider !== 'vsphere') throw new Error('not a vSphere spec');
  return spec.infrastructure as DeepMutable<VsphereInfrastructure>;
}

/** The OpenStack settings of a test spec. */
export function openstackOf(spec: TestSpec): DeepMutable<OpenStackInfrastructure> {
  if (spec.infrastructure?.provider !== 'openstack') throw new Error('not an OpenStack spec');
  return spec.infrastructure as DeepMutable<OpenStackInfrastructure>;
}

/** Join secrets as NodeVariables renders them. */
export const JOIN: JoinSecrets = {
  token: '${jsonencode(var.rke2_token)}',
  agentToken: '${jsonencode(var.rke2_agent_token)}',
  serverUrl: '${jsonencode(var.rke2_server_url)}',
};

/**
 * Evaluate the Terraform interpolations of a rendered template with recognisable stand-ins, so it
 * parses as YAML (and the scripts in it run).
 */
export function fillTemplate(text: string, serverUrl = 'SERVER-URL-FROM-VAR'): string {
  return text
    .replace(/\$\{jsonencode\(var\.rke2_token\)\}/g, '"TOKEN-FROM-VAR"')
    .replace(/\$\{jsonencode\(var\.rke2_agent_token\)\}/g, '"AGENT-TOKEN-FROM-VAR"')
    .replace(/\$\{jsonencode\(var\.rke2_server_url\)\}/g, `"${serverUrl}"`)
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}
