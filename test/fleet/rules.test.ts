import { CLUSTER_RULES, OBJECT_RULES, PSA_EXCEPTION_ANNOTATION } from '../../lib/fleet/rules';

/** A namespace that passes every rule. */
const ns = (name = 'team', extra: any = {}) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' }, annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' }, ...extra },
});
const deny = (namespace = 'team') => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
const goodContainer = () => ({
  name: 'app',
  image: 'quay.io/org/app:1.2.3',
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
});
const deployment = (mutate: (c: any, pod: any) => void = () => undefined) => {
  const c = goodContainer();
  const pod: any = { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [c] };
  mutate(c, pod);
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'team' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: pod } } };
};

function objectFindings(obj: any, extraNamespaces: any[] = []) {
  const namespaces = new Map<string, any>([[ 'team', ns() ], ...extraNamespaces.map((n): [string, any] => [n.metadata.name, n])]);
  return OBJECT_RULES.flatMap((r) => r.check({ obj, namespaces }).map((f) => ({ rule: r.id, ...f })));
}

function clusterFindings(objs: any[]) {
  return CLUSTER_RULES.flatMap((r) => r.check(objs, (o) => !['Namespace', 'StorageClass', 'ClusterRole'].includes(o.kind)).map((f) => ({ rule: r.id, ...f })));
}

/** One failing case per rule id: the rule must fire on it, and only that rule. */
const objectCases: Record<string, { obj: any; namespaces?: any[] }> = {
  'object-name': { obj: { ...deployment(), metadata: { name: 'Bad_Name', namespace: 'team' } } },
  resources: { obj: deployment((c) => delete c.resources.limits.memory) },
  'image-pinned': { obj: deployment((c) => (c.image = 'quay.io/org/app:latest')) },
  'namespace-pod-security': { obj: ns('loose', { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } }) },
  'pod-security-restricted': { obj: deployment((c) => (c.securityContext.allowPrivilegeEscalation = true)) },
  'no-plain-secret': { obj: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'team' }, stringData: { password: 'hunter2' } } },
  'stateful-protected': { obj: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'team' }, spec: {} } },
  'storageclass-retain': { obj: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'nfs' }, provisioner: 'x', reclaimPolicy: 'Delete' } },
  'ingress-hosts': { obj: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'team' }, spec: { rules: [{ host: 'Not A Host' }] } } },
};

describe('object rules (the design\'s safety rules)', () => {
  test('every object rule has a failing case below', () => {
    expect(Object.keys(objectCases).sort()).toEqual(OBJECT_RULES.map((r) => r.id).sort());
  });

  test('a good deployment and namespace pass every object rule', () => {
    expect(objectFindings(deployment())).toEqual([]);
    expect(objectFindings(ns())).toEqual([]);
  });

  for (const [id, c] of Object.entries(objectCases)) {
    test(`fails ${id}`, () => {
      const found = objectFindings(c.obj, c.namespaces);
      expect(found.map((f) => f.rule)).toContain(id);
      expect(new Set(found.map((f) => f.rule))).toEqual(new Set([id]));
      for (const f of found) expect(f.fix.length).toBeGreaterThan(5);
    });
  }

  test('fails resources when a limit is below its request', () => {
    const found = objectFindings(deployment((c) => (c.resources.limits.memory = '64Mi')));
    expect(found).toEqual([expect.objectContaining({ rule: 'resources', field: 'spec.template.spec.containers[0].resources.limits.memory' })]);
  });

  test('resources covers init containers and CronJobs', () => {
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'team' }, spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ ...goodContainer(), resources: {} }], containers: [goodContainer()] } } } } } };
    expect(objectFindings(cron).filter((f) => f.rule === 'resources')).toHaveLength(4);
  });

  test('a namespace below restricted passes when it declares its reason', () => {
    const loose = ns('nfs', { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' }, annotations: { [PSA_EXCEPTION_ANNOTATION]: 'mounts nfs volumes' } });
    expect(objectFindings(loose)).toEqual([]);
  });

  test('pods in a baseline namespace are not held to restricted', () => {
    const loose = ns('nfs', { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' }, annotations: { [PSA_EXCEPTION_ANNOTATION]: 'x' } });
    const d: any = deployment((c) => (c.securityContext = {}));
    d.metadata.namespace = 'nfs';
    expect(objectFindings(d, [loose])).toEqual([]);
  });

  test('a scratch StorageClass may delete', () => {
    expect(objectFindings({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's', annotations: { 'hubfleet.io/scratch': 'true' } }, provisioner: 'x' })).toEqual([]);
  });
});

const clusterCases: Record<string, any[]> = {
  'unique-names': [ns(), deny(), deployment(), deployment()],
  'namespace-set': [ns(), deny(), { ...deployment(), metadata: { name: 'app', namespace: 'elsewhere' } }],
  'namespace-default-deny': [ns()],
  'namespace-protected': [{ ...ns(), metadata: { name: 'team', labels: {} } }, deny(), { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd', namespace: 'team' } }],
};

describe('cluster rules', () => {
  test('every cluster rule has a failing case below', () => {
    expect(Object.keys(clusterCases).sort()).toEqual(CLUSTER_RULES.map((r) => r.id).sort());
  });

  test('a complete namespace passes every cluster rule', () => {
    expect(clusterFindings([ns(), deny(), deployment()])).toEqual([]);
  });

  for (const [id, objs] of Object.entries(clusterCases)) {
    test(`fails ${id}`, () => {
      const found = clusterFindings(objs);
      expect(new Set(found.map((f) => f.rule))).toEqual(new Set([id]));
    });
  }

  test('fails namespace-set when a cluster-scoped object names a namespace', () => {
    const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'x', namespace: 'team' } };
    expect(clusterFindings([ns(), deny(), sc]).map((f) => f.rule)).toEqual(['namespace-set']);
  });
});
