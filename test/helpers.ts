import { isError } from '../lib/core/errors';
import { ClusterApp } from '../lib/fleet/cluster-app';
import { ClusterSpec } from '../lib/fleet/cluster-spec';
import { collect, SynthObject, validateObjects } from '../lib/fleet/synth';
import { buildClusterModel } from '../lib/model/cluster-model';
import { checkModel } from '../lib/model/check';

/** A small valid ClusterSpec for tests. */
export function testSpec(overrides: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    name: 'test-cluster',
    domain: 'hubs.example.org',
    kubernetes: { distribution: 'rke2', version: 'v1.35.7+rke2r1' },
    nodePools: [
      { name: 'cp', roles: ['etcd', 'control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80 },
      { name: 'worker', roles: ['worker'], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 100 },
    ],
    networks: { nodeCidr: '10.0.0.0/24' },
    blockedCidrs: ['131.152.0.0/16'],
    tls: { acmeEmail: 'ops@example.org' },
    gitops: { repoUrl: 'https://git.example.org/ops/gitops.git' },
    // The cluster's own block class (as a CSI driver installs it): hub databases and homes go there.
    existingStorageClasses: [{ name: 'local-block', provisioner: 'csi.example.org', reclaimPolicy: 'Retain', usedFor: ['database', 'homes'] }],
    ...overrides,
  };
}

/** Collect the objects of an app (finalizers run). */
export function objectsOf(app: ClusterApp): SynthObject[] {
  return collect(app).objects;
}

/** Every error synth would report before the wiring rules (input rules, schema, safety rules); warnings are left out (see warningsOf). */
export function issuesOf(app: ClusterApp) {
  const { objects, issues } = collect(app);
  return [...issues, ...validateObjects(objects)].filter(isError);
}

/** The warnings synth would print before the wiring rules. */
export function warningsOf(app: ClusterApp) {
  const { objects, issues } = collect(app);
  return [...issues, ...validateObjects(objects)].filter((i) => !isError(i));
}

/** What the wiring rules (lib/model) report for an app, errors and warnings. */
export function wiringIssuesOf(app: ClusterApp) {
  const { objects } = collect(app);
  return checkModel(buildClusterModel(app.spec, objects, app.packages()));
}

/** Find one object by kind and name (and namespace when given). */
export function find(objects: readonly SynthObject[], kind: string, name: string, namespace?: string): any {
  const o = objects.find((x) => x.json.kind === kind && x.json.metadata.name === name && (namespace === undefined || x.json.metadata.namespace === namespace));
  if (!o) throw new Error(`no ${kind}/${name} in ${objects.map((x) => `${x.json.kind}/${x.json.metadata.name}`).join(', ')}`);
  return o.json;
}

/** A value with a sealed value's layout (2-byte length 512, then bytes): synth checks the layout, nothing can decrypt it. */
export const SEALED_STAND_IN = Buffer.concat([Buffer.from([0x02, 0x00]), Buffer.alloc(600, 7)]).toString('base64');
