import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IsolatedNamespace } from '../../lib/fleet/isolated-namespace';
import { Package } from '../../lib/fleet/package';
import { loadSealingKey, seal, sealedSecretManifest, unseal } from '../../lib/secrets/seal';
import { SealedSecret, sealedValueProblem } from '../../lib/secrets/sealed-secret';
import { fakeSealed, issuesOf, objectsOf, testApp } from '../platform/test-cluster';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const CERT = loadSealingKey(fs.readFileSync(path.join(FIXTURES, 'cert.pem'), 'utf8'));
const PRIVATE_KEY = crypto.createPrivateKey(fs.readFileSync(path.join(FIXTURES, 'key.pem'), 'utf8'));

function setup(ns: string | null = 'course-intro') {
  const app = testApp();
  const pkg = new Package(app, 'intro', { group: 'courses', namespace: ns ?? undefined });
  if (ns) new IsolatedNamespace(pkg, 'namespace', { name: ns });
  return { app, pkg };
}

describe('SealedSecret', () => {
  test('renders a strict SealedSecret in the package namespace, valid against the CRD', () => {
    const { app, pkg } = setup();
    new SealedSecret(pkg, 'ldap-search', { encryptedData: { password: fakeSealed(1) }, labels: { 'hubfleet.io/course': 'intro' } });
    const o = objectsOf(app).find((x) => x.kind === 'SealedSecret');
    expect(o.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(o.kind).toBe('SealedSecret');
    expect(o.metadata).toEqual({ name: 'ldap-search', namespace: 'course-intro' });
    expect(o.spec.encryptedData).toEqual({ password: fakeSealed(1) });
    expect(o.spec.template).toEqual({ metadata: { name: 'ldap-search', namespace: 'course-intro', labels: { 'hubfleet.io/course': 'intro' } }, type: 'Opaque' });
    expect(issuesOf(app)).toEqual([]);
    expect(o).toMatchSnapshot();
  });

  test('renders exactly what seal.ts sealedSecretManifest() builds', () => {
    const { app, pkg } = setup();
    new SealedSecret(pkg, 'db', { encryptedData: { b: fakeSealed(2), a: fakeSealed(3) }, scope: 'namespace-wide', type: 'kubernetes.io/basic-auth', annotations: { note: 'x' } });
    expect(objectsOf(app).find((x) => x.kind === 'SealedSecret')).toEqual(
      sealedSecretManifest({ name: 'db', namespace: 'course-intro', scope: 'namespace-wide', encryptedData: { a: fakeSealed(3), b: fakeSealed(2) }, type: 'kubernetes.io/basic-auth', annotations: { note: 'x' } }),
    );
  });

  test.each([
    ['strict', undefined],
    ['namespace-wide', 'sealedsecrets.bitnami.com/namespace-wide'],
    ['cluster-wide', 'sealedsecrets.bitnami.com/cluster-wide'],
  ] as const)('scope %s puts the controller annotation on the SealedSecret and its template', (scope, annotation) => {
    const { app, pkg } = setup();
    new SealedSecret(pkg, 's', { encryptedData: { k: fakeSealed(4) }, scope });
    const o = objectsOf(app).find((x) => x.kind === 'SealedSecret');
    if (annotation) {
      expect(o.metadata.annotations).toEqual({ [annotation]: 'true' });
      expect(o.spec.template.metadata.annotations).toEqual({ [annotation]: 'true' });
    } else {
      expect(o.metadata.annotations).toBeUndefined();
    }
    expect(issuesOf(app)).toEqual([]);
  });

  test('real ciphertext from seal() passes and decrypts for the rendered name/namespace', () => {
    const { app, pkg } = setup();
    const blob = seal(CERT, Buffer.from('s3cret'), 'strict', 'course-intro', 'lti');
    new SealedSecret(pkg, 'lti', { encryptedData: { key: blob } });
    const o = objectsOf(app).find((x) => x.kind === 'SealedSecret');
    expect(unseal(PRIVATE_KEY, o.spec.encryptedData.key, 'strict', o.metadata.namespace, o.metadata.name).toString()).toBe('s3cret');
    expect(issuesOf(app)).toEqual([]);
  });

  test('key() hands out a reference without the value', () => {
    const { pkg } = setup();
    const s = new SealedSecret(pkg, 'ldap-search', { encryptedData: { password: fakeSealed(5) } });
    expect(s.key('password')).toEqual({ secretName: 'ldap-search', key: 'password' });
    expect(s.hasKey('password')).toBe(true);
  });

  test('key() throws for a key that was not sealed, naming the sealed keys', () => {
    const { pkg } = setup();
    const s = new SealedSecret(pkg, 'ldap-search', { encryptedData: { password: fakeSealed(5) } });
    expect(() => s.key('passwd')).toThrow(/has no key "passwd" \(sealed keys: password\)/);
  });

  test('never renders a plain Secret', () => {
    const { app, pkg } = setup();
    new SealedSecret(pkg, 'x', { encryptedData: { k: fakeSealed(6) } });
    expect(objectsOf(app).filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('sealedValueProblem accepts sealed layouts and rejects plain text', () => {
    expect(sealedValueProblem(fakeSealed(1))).toBeUndefined();
    expect(sealedValueProblem(seal(CERT, Buffer.from('v'), 'cluster-wide', '', ''))).toBeUndefined();
    expect(sealedValueProblem('hunter2')).toMatch(/base64/);
    expect(sealedValueProblem(Buffer.from('my-password-1234').toString('base64'))).toMatch(/RSA length prefix/);
    expect(sealedValueProblem(Buffer.from([2, 0, 1, 2, 3]).toString('base64'))).toMatch(/shorter than a sealed value/);
  });

  describe('fails', () => {
    const rulesOf = (build: (pkg: Package) => void, ns: string | null = 'course-intro') => {
      const { app, pkg } = setup(ns);
      build(pkg);
      return issuesOf(app);
    };
    test('… on a name that is not DNS-1123', () => {
      expect(rulesOf((p) => new SealedSecret(p, 'x', { name: 'LDAP_Search', encryptedData: { k: fakeSealed(1) } })).map((i) => i.rule)).toContain('sealed-secret-name');
    });
    test('… on an unknown scope', () => {
      expect(rulesOf((p) => new SealedSecret(p, 'x', { encryptedData: { k: fakeSealed(1) }, scope: 'global' as any })).map((i) => i.rule)).toContain('sealed-secret-scope');
    });
    test('… without a namespace', () => {
      const issues = rulesOf((p) => new SealedSecret(p, 'x', { encryptedData: { k: fakeSealed(1) } }), null);
      expect(issues.map((i) => i.rule)).toContain('sealed-secret-namespace');
    });
    test('… with no encrypted data', () => {
      expect(rulesOf((p) => new SealedSecret(p, 'x', { encryptedData: {} })).map((i) => i.rule)).toContain('sealed-secret-not-empty');
    });
    test('… on an invalid data key', () => {
      expect(rulesOf((p) => new SealedSecret(p, 'x', { encryptedData: { 'bad key': fakeSealed(1) } })).map((i) => i.rule)).toContain('sealed-secret-keys');
    });
    test('… on a plain value, without echoing it', () => {
      const issues = rulesOf((p) => new SealedSecret(p, 'x', { encryptedData: { password: 'Hunter2IsMyPassword' } }));
      const i = issues.find((x) => x.rule === 'sealed-secret-ciphertext')!;
      expect(i.field).toBe('encryptedData.password');
      expect(JSON.stringify(i)).not.toContain('Hunter2IsMyPassword');
      expect(i.fix).toMatch(/hubfleet seal/);
    });
    test('… on an empty Secret type', () => {
      expect(rulesOf((p) => new SealedSecret(p, 'x', { encryptedData: { k: fakeSealed(1) }, type: '' })).map((i) => i.rule)).toContain('sealed-secret-type');
    });
    test('… on hand-set scope annotations', () => {
      const issues = rulesOf((p) => new SealedSecret(p, 'x', { encryptedData: { k: fakeSealed(1) }, annotations: { 'sealedsecrets.bitnami.com/cluster-wide': 'true' } }));
      expect(issues.map((i) => i.rule)).toContain('sealed-secret-scope-annotations');
    });
    test('… and an invalid SealedSecret renders no values', () => {
      const { app, pkg } = setup();
      new SealedSecret(pkg, 'x', { encryptedData: { password: 'plain' } });
      expect(JSON.stringify(objectsOf(app))).not.toContain('plain');
    });
  });
});
