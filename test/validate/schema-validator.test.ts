import { SchemaValidator } from '../../lib/validate/schema-validator';

const v = new SchemaValidator();

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27.0', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1', memory: '1Gi' } } }] },
    },
  },
});

describe('SchemaValidator (strict, offline)', () => {
  test('accepts a valid Deployment', () => {
    expect(v.validate(deployment())).toEqual([]);
  });

  test('fails on an unknown field, naming its path', () => {
    const d: any = deployment();
    d.spec.template.spec.containers[0].imagePolicy = 'Always';
    expect(v.validate(d)).toEqual([expect.objectContaining({ field: 'spec.template.spec.containers[0].imagePolicy', message: expect.stringContaining('not a known field') })]);
  });

  test('fails on an unknown metadata field', () => {
    const d: any = deployment();
    d.metadata.label = { a: 'b' };
    expect(v.validate(d).map((x) => x.field)).toEqual(['metadata.label']);
  });

  test('fails on a wrong type', () => {
    const d: any = deployment();
    d.spec.template.spec.containers[0].ports[0].containerPort = '80';
    expect(v.validate(d)[0]).toMatchObject({ field: 'spec.template.spec.containers[0].ports[0].containerPort', message: expect.stringContaining('integer') });
  });

  test('fails on a missing required field', () => {
    const d: any = deployment();
    delete d.spec.selector;
    expect(v.validate(d).map((x) => x.field)).toContain('spec.selector');
  });

  test('fails on a malformed quantity but accepts numbers and suffixes', () => {
    const d: any = deployment();
    d.spec.template.spec.containers[0].resources.limits = { cpu: 2, memory: '512Mi' };
    expect(v.validate(d)).toEqual([]);
    d.spec.template.spec.containers[0].resources.limits = { cpu: 'two' };
    expect(v.validate(d)[0]).toMatchObject({ field: 'spec.template.spec.containers[0].resources.limits.cpu' });
  });

  test('accepts int-or-string ports in NetworkPolicies, fails on objects there', () => {
    const np: any = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x', namespace: 'n' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 'http' }, { port: 8080 }] }] } };
    expect(v.validate(np)).toEqual([]);
    np.spec.ingress[0].ports[0].port = { name: 'http' };
    expect(v.validate(np)).toHaveLength(1);
  });

  test('fails on an unknown kind', () => {
    expect(v.validate({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } })[0].message).toContain('has a schema for');
  });

  test('validates custom resources against their CRD schema, strictly', () => {
    const ss: any = { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 's', namespace: 'n' }, spec: { encryptedData: { a: 'AgB...' }, template: { type: 'Opaque' } } };
    expect(v.validate(ss)).toEqual([]);
    ss.spec.template.typo = 1;
    expect(v.validate(ss).map((x) => x.field)).toEqual(['spec.template.typo']);
  });

  test('fails on a CRD enum violation (Application sync option shape)', () => {
    const pool: any = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { addresses: ['10.0.0.1-10.0.0.9'], autoAssign: 'yes' } };
    expect(v.validate(pool)[0]).toMatchObject({ field: 'spec.autoAssign' });
  });

  test('knows which kinds are namespaced', () => {
    expect(v.isNamespaced('v1', 'Namespace')).toBe(false);
    expect(v.isNamespaced('storage.k8s.io/v1', 'StorageClass')).toBe(false);
    expect(v.isNamespaced('apps/v1', 'Deployment')).toBe(true);
    expect(v.isNamespaced('cert-manager.io/v1', 'ClusterIssuer')).toBe(false);
    expect(v.isNamespaced('argoproj.io/v1alpha1', 'Application')).toBe(true);
  });
});
