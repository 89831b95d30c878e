import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ethTeachingSeb, SEB_CREDENTIAL_KEYS } from '../../apps/eth-teaching.seb';
import { sebCredentials } from '../../apps/eth-teaching.secrets';
import { ethTeaching } from '../../clusters/eth-teaching';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { collect, validateObjects } from '../../lib/fleet/synth';

// The private key of the EXAMPLE certificate clusters/eth-teaching/sealed-secrets.pem (a test fixture;
// it protects nothing). A real controller holds its own key and could not open these values.
const KEY = crypto.createPrivateKey(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sealed-secrets', 'eth-teaching-example-key.pem'), 'utf8'));
const CERT = new crypto.X509Certificate(fs.readFileSync(path.join(__dirname, '..', '..', 'clusters', 'eth-teaching', 'sealed-secrets.pem')));

/** The controller's unseal, step by step: RSA-OAEP(SHA-256, label) of the session key, then AES-256-GCM with a zero nonce. */
function controllerDecrypt(b64: string, label: string): Buffer {
  const raw = Buffer.from(b64, 'base64');
  const rsaLen = raw.readUInt16BE(0);
  const sessionKey = crypto.privateDecrypt({ key: KEY, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label, 'utf8') }, raw.subarray(2, 2 + rsaLen));
  const body = raw.subarray(2 + rsaLen);
  const d = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12, 0));
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
}

describe('eth-teaching example: seb-credentials is a SealedSecret the example controller can open', () => {
  // As apps/eth-teaching.ts builds it: the SEB Server, then its SealedSecret in the same package.
  const app = new ClusterApp(ethTeaching);
  const sealedSecret = sebCredentials(ethTeachingSeb(app));
  for (const key of SEB_CREDENTIAL_KEYS) sealedSecret.key(key); // throws when one is not sealed
  const { objects, issues } = collect(app);
  const sealed = objects.find((o) => o.json.kind === 'SealedSecret')!;

  test('the example certificate belongs to the example key', () => {
    expect(CERT.checkPrivateKey(KEY)).toBe(true);
  });

  test('it is rendered in the SEB package, strict scope, for namespace seb and name seb-credentials', () => {
    expect(issues).toEqual([]);
    expect(validateObjects(objects)).toEqual([]);
    expect(sealed.pkg.outputDir).toBe('seb');
    expect(sealed.json.metadata).toMatchObject({ name: 'seb-credentials', namespace: 'seb' });
    expect(sealed.json.metadata.annotations ?? {}).toEqual({});
    expect(Object.keys(sealed.json.spec.encryptedData).sort()).toEqual([...SEB_CREDENTIAL_KEYS].sort());
  });

  test('every value decrypts with the label seb/seb-credentials to its own long placeholder', () => {
    const values = SEB_CREDENTIAL_KEYS.map((key) => controllerDecrypt(sealed.json.spec.encryptedData[key], 'seb/seb-credentials').toString('utf8'));
    for (const v of values) expect(v).toMatch(/^\S{32,}$/);
    expect(new Set(values).size).toBe(values.length);
  });

  test('no value opens under another namespace, name or scope', () => {
    const v = sealed.json.spec.encryptedData['sebserver-password'];
    for (const label of ['seb', '', 'seb-other/seb-credentials', 'seb/seb-credential']) expect(() => controllerDecrypt(v, label)).toThrow();
  });

  test('every Secret key a SEB Server pod reads is sealed in it', () => {
    const refs = objects
      .flatMap((o) => {
        const pod = o.json.spec?.template?.spec ?? o.json.spec?.jobTemplate?.spec?.template?.spec;
        return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
      })
      .flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef).filter(Boolean));
    expect(refs.length).toBeGreaterThan(5);
    for (const r of refs) {
      expect(r.name).toBe('seb-credentials');
      expect(Object.keys(sealed.json.spec.encryptedData)).toContain(r.key);
    }
  });
});
