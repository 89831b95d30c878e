import { issuesOf } from '../helpers';
import { collect } from '../../lib/fleet/synth';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';

/** A small cluster shaped like clusters/eth-teaching.ts. */
export const TEST_SPEC: ClusterSpec = {
  name: 'test-cluster',
  domain: 'teaching.example.org',
  kubernetes: { distribution: 'rke2', version: 'v1.35.7+rke2r1' },
  nodePools: [
    { name: 'cp', roles: ['etcd', 'control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80 },
    { name: 'worker', roles: ['worker'], count: 4, vcpus: 8, memoryGiB: 32, diskGiB: 100 },
  ],
  networks: { nodeCidr: '10.20.0.0/22', podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16' },
  nfs: { server: '10.20.3.10', exportPath: '/export/teaching', mountOptions: ['nfsvers=4.1', 'hard', 'noatime'] },
  loadBalancerRange: '10.20.3.200-10.20.3.220',
  ingress: { kind: 'ingress', className: 'traefik', controllerNamespace: 'traefik' },
  tls: { clusterIssuer: 'letsencrypt-prod', acmeEmail: 'platform@example.org' },
  gitops: { repoUrl: 'https://git.example.org/platform/gitops.git', revision: 'main', pathPrefix: 'dist' },
};

/** A ClusterApp on TEST_SPEC with overrides. */
export function testApp(overrides: Partial<ClusterSpec> = {}): ClusterApp {
  return new ClusterApp({ ...TEST_SPEC, ...overrides });
}

/** Objects of the app as JSON, in construct order. */
export function objectsOf(app: ClusterApp): any[] {
  return collect(app).objects.map((o) => o.json);
}

/** Objects grouped by output folder, as synth writes them. */
export function byFolder(app: ClusterApp): Record<string, any[]> {
  const out: Record<string, any[]> = {};
  for (const o of collect(app).objects) (out[o.pkg.outputDir] ??= []).push(o.json);
  return out;
}

/** Every issue synth would report: prop rules, schema, safety rules (the shared test helper). */
export { issuesOf, issuesOf as allIssues };

/** Rule ids of the issues. */
export function ruleIds(app: ClusterApp): string[] {
  return issuesOf(app).map((i) => i.rule);
}

/** Find one object by kind and name. */
export function find(objs: readonly any[], kind: string, name: string): any {
  const o = objs.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objs.map((x) => `${x.kind}/${x.metadata?.name}`).join(', ')}`);
  return o;
}

/** A base64 value with the byte layout of a sealed value (4096-bit key), deterministic for snapshots. */
export function fakeSealed(seed: number, plaintextBytes = 12): string {
  const raw = Buffer.alloc(2 + 512 + plaintextBytes + 16);
  raw.writeUInt16BE(512, 0);
  for (let i = 2; i < raw.length; i++) raw[i] = (i * 31 + seed * 17) & 255;
  return raw.toString('base64');
}
