import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { runSeal } from '../../lib/cli/seal-command';
import {
  CLUSTER_WIDE_ANNOTATION,
  NAMESPACE_WIDE_ANNOTATION,
  SealScope,
  loadSealingKey,
  parseEnvFile,
  seal,
  sealedSecretManifest,
  sealingLabel,
  unseal,
} from '../../lib/secrets/seal';

// TEST-ONLY key material, generated once with openssl for these tests (see the fixtures README).
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const fixturePath = (f: string): string => path.join(FIXTURES, f);
const fixture = (f: string): string => fs.readFileSync(fixturePath(f), 'utf8');
const CERT_PEM = fixture('cert.pem');
const PRIVATE_KEY = crypto.createPrivateKey(fixture('key.pem'));
const PUBLIC_KEY = loadSealingKey(CERT_PEM);

const SECRET = 'hunter2-S3cr3t!';
const NS = 'course-intro';
const NAME = 'jupyterhub-db';

/** An RSA-OAEP(SHA-256) + AES-256-GCM decryption written out step by step, independent of unseal(). */
function handDecrypt(privateKey: crypto.KeyObject, b64: string, label: Buffer): Buffer {
  const raw = Buffer.from(b64, 'base64');
  const rsaLen = raw[0] * 256 + raw[1];
  const rsaPart = raw.subarray(2, 2 + rsaLen);
  const aesPart = raw.subarray(2 + rsaLen);
  const sessionKey = crypto.privateDecrypt(
    { key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    rsaPart,
  );
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12, 0));
  decipher.setAuthTag(aesPart.subarray(aesPart.length - 16));
  return Buffer.concat([decipher.update(aesPart.subarray(0, aesPart.length - 16)), decipher.final()]);
}

interface Captured {
  readonly out: string[];
  readonly err: string[];
  readonly io: Parameters<typeof runSeal>[1];
}

/** An io for runSeal: stdin text or stream, captured output, fixture files plus in-memory files. */
function captureIo(stdin: string | NodeJS.ReadableStream, files: Record<string, string> = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdin,
    stdout: (s: string) => out.push(s),
    stderr: (s: string) => err.push(s),
    readFile: (p: string) => (p in files ? files[p] : fs.readFileSync(p, 'utf8')),
  };
  return { out, err, io };
}

// The test certificate's key is a fixture: the commands refuse it without --allow-example-key (example-keys.test.ts).
const certArgs = ['--allow-example-key', '--cert', fixturePath('cert.pem')];

describe('sealingLabel', () => {
  test('gives <namespace>/<name> for strict, <namespace> for namespace-wide and an empty label for cluster-wide', () => {
    expect(sealingLabel('strict', NS, NAME).toString('utf8')).toBe(`${NS}/${NAME}`);
    expect(sealingLabel('namespace-wide', NS, NAME).toString('utf8')).toBe(NS);
    expect(sealingLabel('cluster-wide', NS, NAME).length).toBe(0);
  });
});

describe('seal and unseal', () => {
  test.each<SealScope>(['strict', 'namespace-wide', 'cluster-wide'])('round-trips a value under %s scope', (scope) => {
    const sealed = seal(PUBLIC_KEY, Buffer.from(SECRET), scope, NS, NAME);
    expect(unseal(PRIVATE_KEY, sealed, scope, NS, NAME).toString('utf8')).toBe(SECRET);
  });

  test('round-trips arbitrary binary bytes (all 256 byte values, including NUL and newlines)', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(unseal(PRIVATE_KEY, seal(PUBLIC_KEY, bytes, 'strict', NS, NAME), 'strict', NS, NAME).equals(bytes)).toBe(true);
  });

  test('fails to unseal a strict value under another namespace', () => {
    const sealed = seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, NAME);
    expect(() => unseal(PRIVATE_KEY, sealed, 'strict', 'other-course', NAME)).toThrow(/Cannot unseal/);
  });

  test('fails to unseal a strict value under another name', () => {
    const sealed = seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, NAME);
    expect(() => unseal(PRIVATE_KEY, sealed, 'strict', NS, 'other-secret')).toThrow(/Cannot unseal/);
  });

  test('fails to unseal a strict value as namespace-wide or cluster-wide (the scope is part of the label)', () => {
    const sealed = seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, NAME);
    expect(() => unseal(PRIVATE_KEY, sealed, 'namespace-wide', NS, NAME)).toThrow(/Cannot unseal/);
    expect(() => unseal(PRIVATE_KEY, sealed, 'cluster-wide', NS, NAME)).toThrow(/Cannot unseal/);
  });

  test('opens a namespace-wide value under another name in the same namespace', () => {
    const sealed = seal(PUBLIC_KEY, Buffer.from(SECRET), 'namespace-wide', NS, NAME);
    expect(unseal(PRIVATE_KEY, sealed, 'namespace-wide', NS, 'renamed-secret').toString()).toBe(SECRET);
  });

  test('fails to unseal a namespace-wide value under another namespace', () => {
    const sealed = seal(PUBLIC_KEY, Buffer.from(SECRET), 'namespace-wide', NS, NAME);
    expect(() => unseal(PRIVATE_KEY, sealed, 'namespace-wide', 'other-course', NAME)).toThrow(/Cannot unseal/);
  });

  test('opens a cluster-wide value under any namespace and name', () => {
    const sealed = seal(PUBLIC_KEY, Buffer.from(SECRET), 'cluster-wide', '', '');
    expect(unseal(PRIVATE_KEY, sealed, 'cluster-wide', 'kube-system', 'anything').toString()).toBe(SECRET);
    expect(unseal(PRIVATE_KEY, sealed, 'cluster-wide', NS, NAME).toString()).toBe(SECRET);
  });

  test('gives a different ciphertext on every call (random session key and OAEP seed), and both open', () => {
    const a = seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, NAME);
    const b = seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, NAME);
    expect(a).not.toBe(b);
    expect(unseal(PRIVATE_KEY, a, 'strict', NS, NAME).toString()).toBe(SECRET);
    expect(unseal(PRIVATE_KEY, b, 'strict', NS, NAME).toString()).toBe(SECRET);
  });

  test('lays out bytes as 2-byte big-endian RSA length (256 for 2048 bits), RSA part, AES-GCM ciphertext and 16-byte tag', () => {
    const plaintext = Buffer.from(SECRET);
    const sealed = seal(PUBLIC_KEY, plaintext, 'strict', NS, NAME);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const raw = Buffer.from(sealed, 'base64');
    expect(raw.toString('base64')).toBe(sealed);
    expect(raw.readUInt16BE(0)).toBe(256);
    expect(raw.length).toBe(2 + 256 + plaintext.length + 16);
    // 0x01 0x00 then the RSA part's first byte: 'AQ' + one of A-D (kubeseal's 4096-bit blobs start 'Ag' + A-D).
    expect(sealed).toMatch(/^AQ[A-D]/);
  });

  test('matches a step-by-step decryption with node:crypto primitives (OAEP-SHA256 with label, AES-256-GCM, zero nonce, trailing tag)', () => {
    for (const scope of ['strict', 'namespace-wide', 'cluster-wide'] as const) {
      const sealed = seal(PUBLIC_KEY, Buffer.from(`${SECRET}-${scope}`), scope, NS, NAME);
      const label = Buffer.from(scope === 'strict' ? `${NS}/${NAME}` : scope === 'namespace-wide' ? NS : '', 'utf8');
      expect(handDecrypt(PRIVATE_KEY, sealed, label).toString('utf8')).toBe(`${SECRET}-${scope}`);
    }
  });

  test('seals with a PEM public key (SPKI "PUBLIC KEY" and PKCS#1 "RSA PUBLIC KEY") as well as with the certificate', () => {
    for (const file of ['public-key.pem', 'public-key-pkcs1.pem']) {
      const key = loadSealingKey(fixture(file));
      expect(key.equals(PUBLIC_KEY)).toBe(true);
      const sealed = seal(key, Buffer.from(SECRET), 'strict', NS, NAME);
      expect(unseal(PRIVATE_KEY, sealed, 'strict', NS, NAME).toString()).toBe(SECRET);
    }
  });

  test('fails to unseal with another private key', () => {
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sealed = seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, NAME);
    expect(() => unseal(other.privateKey, sealed, 'strict', NS, NAME)).toThrow(/Cannot unseal/);
  });

  test('fails to unseal a value whose AES part was altered (GCM tag check)', () => {
    const raw = Buffer.from(seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, NAME), 'base64');
    raw[raw.length - 20] ^= 0x01;
    expect(() => unseal(PRIVATE_KEY, raw.toString('base64'), 'strict', NS, NAME)).toThrow(/altered/);
  });

  test('fails to unseal text that is not base64 or too short', () => {
    expect(() => unseal(PRIVATE_KEY, 'not base64!', 'strict', NS, NAME)).toThrow(/base64/);
    expect(() => unseal(PRIVATE_KEY, 'AQA=', 'strict', NS, NAME)).toThrow(/too short/);
  });

  test('fails to seal an empty value', () => {
    expect(() => seal(PUBLIC_KEY, Buffer.alloc(0), 'strict', NS, NAME)).toThrow(/empty value/);
  });

  test('fails to seal for an invalid namespace (strict and namespace-wide) or an invalid name (strict)', () => {
    expect(() => seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', 'Bad_NS', NAME)).toThrow(/Namespace "Bad_NS" is not a valid DNS-1123 label/);
    expect(() => seal(PUBLIC_KEY, Buffer.from(SECRET), 'namespace-wide', '', NAME)).toThrow(/namespace-wide sealing needs the namespace/);
    expect(() => seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, 'Bad/Name')).toThrow(/DNS-1123 subdomain/);
    expect(() => seal(PUBLIC_KEY, Buffer.from(SECRET), 'strict', NS, '')).toThrow(/strict sealing needs the exact name/);
  });

  test('seals namespace-wide without a name and cluster-wide without namespace or name', () => {
    expect(unseal(PRIVATE_KEY, seal(PUBLIC_KEY, Buffer.from(SECRET), 'namespace-wide', NS, ''), 'namespace-wide', NS, 'x').toString()).toBe(SECRET);
    expect(unseal(PRIVATE_KEY, seal(PUBLIC_KEY, Buffer.from(SECRET), 'cluster-wide', '', ''), 'cluster-wide', '', '').toString()).toBe(SECRET);
  });

  test('fails to seal with an unknown scope', () => {
    expect(() => seal(PUBLIC_KEY, Buffer.from(SECRET), 'global' as SealScope, NS, NAME)).toThrow(/Unknown sealing scope "global"/);
  });
});

describe('loadSealingKey', () => {
  test('loads the RSA public key of a PEM certificate', () => {
    expect(PUBLIC_KEY.type).toBe('public');
    expect(PUBLIC_KEY.asymmetricKeyType).toBe('rsa');
    expect(PUBLIC_KEY.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  test('uses the first certificate when the PEM holds several', () => {
    const key = loadSealingKey(CERT_PEM + fixture('expired-cert.pem'));
    expect(key.equals(PUBLIC_KEY)).toBe(true);
  });

  test('fails for garbage text and points to kubeseal --fetch-cert', () => {
    expect(() => loadSealingKey('hello world')).toThrow(/Expected a PEM CERTIFICATE or PUBLIC KEY, but found no PEM block.*kubeseal --fetch-cert > clusters\/<name>\/sealed-secrets.pem/);
  });

  test('fails for a corrupted certificate body', () => {
    const broken = CERT_PEM.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
    expect(() => loadSealingKey(broken)).toThrow(/CERTIFICATE block could not be parsed/);
  });

  test('fails for a private key and says not to copy it', () => {
    expect(() => loadSealingKey(fixture('key.pem'))).toThrow(/PRIVATE key/);
  });

  test('fails for an expired certificate and gives its expiry date', () => {
    expect(() => loadSealingKey(fixture('expired-cert.pem'))).toThrow(/expired on 2021-01-01/);
  });

  test('fails for a certificate that is past notAfter at the given time', () => {
    expect(() => loadSealingKey(CERT_PEM, { now: new Date('2200-01-01T00:00:00Z') })).toThrow(/expired on 2126-/);
  });

  test('fails for a non-RSA (EC) public key', () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadSealingKey(ec)).toThrow(/sealing key is ec, but Sealed Secrets uses RSA/);
  });

  test('fails for an RSA key under 2048 bits', () => {
    const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadSealingKey(small)).toThrow(/1024 bits; at least 2048 are required/);
  });
});

describe('parseEnvFile', () => {
  test('reads KEY=value lines with export prefix, comments, blank lines, CRLF, quotes and escapes', () => {
    const text = [
      '# database credentials',
      '',
      'USER=jupyter',
      'export PASSWORD=p#ss=word with spaces  ',
      "LITERAL='a\\nb \"c\"'",
      'QUOTED="line1\\nline2 \\"q\\" back\\\\slash" # trailing comment',
      'EMPTY_QUOTED=""\r',
      'dotted.key-1_x = spaced',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual([
      { key: 'USER', value: 'jupyter', line: 3 },
      { key: 'PASSWORD', value: 'p#ss=word with spaces', line: 4 },
      { key: 'LITERAL', value: 'a\\nb "c"', line: 5 },
      { key: 'QUOTED', value: 'line1\nline2 "q" back\\slash', line: 6 },
      { key: 'EMPTY_QUOTED', value: '', line: 7 },
      { key: 'dotted.key-1_x', value: 'spaced', line: 8 },
    ]);
  });

  test('fails on a duplicate key, naming both line numbers and not the value', () => {
    const run = () => parseEnvFile('A=1\n# c\nTOKEN=first-s3cret\nTOKEN=second-s3cret\n');
    expect(run).toThrow('line 4: duplicate key TOKEN (first defined on line 3)');
    expect(() => run()).not.toThrow(/s3cret/);
  });

  test('fails on an invalid key with its line number and without echoing the line', () => {
    expect(() => parseEnvFile('OK=1\nmy key=s3cret-value\n')).toThrow(/^line 2: invalid key/);
    expect(() => parseEnvFile('OK=1\nmy key=s3cret-value\n')).not.toThrow(/s3cret/);
    expect(() => parseEnvFile('..=x')).toThrow(/invalid key/);
  });

  test('fails on a line without "=" without echoing it (it may be a stray secret)', () => {
    expect(() => parseEnvFile('s3cret-value-alone')).toThrow(/^line 1: expected KEY=value/);
    expect(() => parseEnvFile('s3cret-value-alone')).not.toThrow(/s3cret/);
  });

  test('fails on an unterminated quote or text after the closing quote, without the value', () => {
    expect(() => parseEnvFile('A="s3cret')).toThrow(/^line 1: unterminated double-quoted value/);
    expect(() => parseEnvFile("A='s3cret")).toThrow(/^line 1: unterminated single-quoted value/);
    expect(() => parseEnvFile('A="s3cret" tail')).toThrow(/^line 1: unexpected text after the closing quote/);
    for (const bad of ['A="s3cret', "A='s3cret", 'A="s3cret" tail']) expect(() => parseEnvFile(bad)).not.toThrow(/s3cret/);
  });
});

describe('sealedSecretManifest', () => {
  const CRD_SPEC_FIELDS = ['data', 'encryptedData', 'template'];
  const CRD_TEMPLATE_FIELDS = ['data', 'immutable', 'metadata', 'type'];
  const CRD_TEMPLATE_METADATA_FIELDS = ['annotations', 'finalizers', 'labels', 'name', 'namespace'];

  test('builds a strict SealedSecret with sorted encryptedData, template name/namespace and type Opaque, only CRD fields', () => {
    const m = sealedSecretManifest({ name: NAME, namespace: NS, scope: 'strict', encryptedData: { b: 'AQBB', a: 'AQAA' } });
    expect(m).toEqual({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: NAME, namespace: NS },
      spec: { encryptedData: { a: 'AQAA', b: 'AQBB' }, template: { metadata: { name: NAME, namespace: NS }, type: 'Opaque' } },
    });
    expect(Object.keys(m.spec.encryptedData)).toEqual(['a', 'b']);
    expect(CRD_SPEC_FIELDS).toEqual(expect.arrayContaining(Object.keys(m.spec)));
    expect(CRD_TEMPLATE_FIELDS).toEqual(expect.arrayContaining(Object.keys(m.spec.template)));
    expect(CRD_TEMPLATE_METADATA_FIELDS).toEqual(expect.arrayContaining(Object.keys(m.spec.template.metadata)));
  });

  test('puts the namespace-wide annotation on the SealedSecret metadata and the template', () => {
    const m = sealedSecretManifest({ name: NAME, namespace: NS, scope: 'namespace-wide', encryptedData: { a: 'AQAA' } });
    expect(m.metadata.annotations).toEqual({ [NAMESPACE_WIDE_ANNOTATION]: 'true' });
    expect(m.spec.template.metadata.annotations).toEqual({ [NAMESPACE_WIDE_ANNOTATION]: 'true' });
  });

  test('puts the cluster-wide annotation on metadata and template and allows leaving out the namespace', () => {
    const m = sealedSecretManifest({ name: NAME, scope: 'cluster-wide', encryptedData: { a: 'AQAA' } });
    expect(m.metadata).toEqual({ name: NAME, annotations: { [CLUSTER_WIDE_ANNOTATION]: 'true' } });
    expect(m.spec.template.metadata).toEqual({ name: NAME, annotations: { [CLUSTER_WIDE_ANNOTATION]: 'true' } });
  });

  test('copies type, labels and annotations into the template only', () => {
    const m = sealedSecretManifest({
      name: 'tls-cert',
      namespace: NS,
      scope: 'strict',
      encryptedData: { 'tls.crt': 'AQAA', 'tls.key': 'AQBB' },
      type: 'kubernetes.io/tls',
      labels: { 'app.kubernetes.io/part-of': 'hubfleet' },
      annotations: { 'example.org/owner': 'teaching' },
    });
    expect(m.metadata).toEqual({ name: 'tls-cert', namespace: NS });
    expect(m.spec.template).toEqual({
      metadata: { name: 'tls-cert', namespace: NS, labels: { 'app.kubernetes.io/part-of': 'hubfleet' }, annotations: { 'example.org/owner': 'teaching' } },
      type: 'kubernetes.io/tls',
    });
  });

  test('fails when the caller sets a scope annotation, when encryptedData is empty or holds non-base64 text, or names are invalid', () => {
    const base = { name: NAME, namespace: NS, scope: 'strict' as const, encryptedData: { a: 'AQAA' } };
    expect(() => sealedSecretManifest({ ...base, annotations: { [CLUSTER_WIDE_ANNOTATION]: 'true' } })).toThrow(/derived from the scope/);
    expect(() => sealedSecretManifest({ ...base, encryptedData: {} })).toThrow(/encryptedData is empty/);
    expect(() => sealedSecretManifest({ ...base, encryptedData: { a: 'plain text password' } })).toThrow(/not base64 text/);
    expect(() => sealedSecretManifest({ ...base, encryptedData: { a: 'plain text password' } })).not.toThrow(/password/);
    expect(() => sealedSecretManifest({ ...base, namespace: 'Bad_NS' })).toThrow(/Bad_NS/);
    expect(() => sealedSecretManifest({ ...base, scope: 'cluster-wide', name: 'Bad_Name' })).toThrow(/DNS-1123 subdomain/);
  });
});

describe('hubfleet seal (runSeal)', () => {
  test('prints exactly one base64 line that unseals to the stdin value without its trailing newline', async () => {
    const c = captureIo(`${SECRET}\n`);
    const code = await runSeal([...certArgs, '--namespace', NS, '--name', NAME], c.io);
    expect(code).toBe(0);
    expect(c.out).toHaveLength(1);
    expect(c.out[0]).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
    expect(unseal(PRIVATE_KEY, c.out[0].trimEnd(), 'strict', NS, NAME).toString()).toBe(SECRET);
    expect(c.err).toEqual([]);
  });

  test('strips exactly one trailing newline and keeps the rest byte for byte', async () => {
    const c = captureIo('line1\nline2\n\n');
    expect(await runSeal([...certArgs, '-n', NS, '--name', NAME], c.io)).toBe(0);
    expect(unseal(PRIVATE_KEY, c.out[0].trimEnd(), 'strict', NS, NAME).toString()).toBe('line1\nline2\n');
  });

  test('reads the value from a stream and accepts --flag=value syntax', async () => {
    const c = captureIo(Readable.from([Buffer.from('part1-'), Buffer.from('part2')]));
    expect(await runSeal(['--allow-example-key', `--cert=${fixturePath('cert.pem')}`, `--namespace=${NS}`, `--name=${NAME}`, '--scope=strict'], c.io)).toBe(0);
    expect(unseal(PRIVATE_KEY, c.out[0].trimEnd(), 'strict', NS, NAME).toString()).toBe('part1-part2');
  });

  test('seals namespace-wide without --name and notes the annotation on stderr', async () => {
    const c = captureIo(SECRET);
    expect(await runSeal([...certArgs, '-n', NS, '--scope', 'namespace-wide'], c.io)).toBe(0);
    expect(unseal(PRIVATE_KEY, c.out[0].trimEnd(), 'namespace-wide', NS, 'any-name').toString()).toBe(SECRET);
    expect(c.err.join('')).toContain(`${NAMESPACE_WIDE_ANNOTATION}: "true"`);
  });

  test('seals cluster-wide without --namespace and --name', async () => {
    const c = captureIo(SECRET);
    expect(await runSeal([...certArgs, '--scope', 'cluster-wide'], c.io)).toBe(0);
    expect(unseal(PRIVATE_KEY, c.out[0].trimEnd(), 'cluster-wide', 'elsewhere', 'x').toString()).toBe(SECRET);
  });

  test('seals with a PEM public key file given as --cert', async () => {
    const c = captureIo(SECRET);
    expect(await runSeal(['--allow-example-key', '--cert', fixturePath('public-key.pem'), '-n', NS, '--name', NAME], c.io)).toBe(0);
    expect(unseal(PRIVATE_KEY, c.out[0].trimEnd(), 'strict', NS, NAME).toString()).toBe(SECRET);
  });

  test('prints the usage on --help and exits 0', async () => {
    const c = captureIo('');
    expect(await runSeal(['--help'], c.io)).toBe(0);
    expect(c.out.join('')).toContain('hubfleet seal --cert FILE');
    expect(c.out.join('')).toContain('kubeseal --fetch-cert');
  });

  // Every row has all six cells: jest treats a callback with more parameters than cells as a `done` callback.
  const failures: Array<[string, string[], string, number, RegExp, Record<string, string>]> = [
    ['fails with exit 1 for certificate text that is not PEM', ['--cert', 'bad.pem', '-n', NS, '--name', NAME], SECRET, 1, /certificate bad.pem: Expected a PEM CERTIFICATE/, { 'bad.pem': 'not a certificate' }],
    ['fails with exit 1 for a certificate file that does not exist', ['--cert', '/nonexistent/cert.pem', '-n', NS, '--name', NAME], SECRET, 1, /cannot read certificate \/nonexistent\/cert.pem/, {}],
    ['fails with exit 1 for an expired certificate', ['--cert', fixturePath('expired-cert.pem'), '-n', NS, '--name', NAME], SECRET, 1, /expired on 2021-01-01/, {}],
    ['fails with exit 2 without --cert', ['-n', NS, '--name', NAME], SECRET, 2, /--cert FILE is required/, {}],
    ['fails with exit 1 for empty stdin', [...certArgs, '-n', NS, '--name', NAME], '', 1, /stdin is empty/, {}],
    ['fails with exit 1 for stdin holding only a newline', [...certArgs, '-n', NS, '--name', NAME], '\n', 1, /stdin is empty/, {}],
    ['fails with exit 2 for the invalid namespace "Bad_NS"', [...certArgs, '-n', 'Bad_NS', '--name', NAME], SECRET, 2, /Namespace "Bad_NS" is not a valid DNS-1123 label/, {}],
    ['fails with exit 2 for an invalid name', [...certArgs, '-n', NS, '--name', 'Bad_Name'], SECRET, 2, /Secret name "Bad_Name"/, {}],
    ['fails with exit 2 for an unknown scope', [...certArgs, '-n', NS, '--name', NAME, '--scope', 'global'], SECRET, 2, /--scope "global" is not a scope/, {}],
    ['fails with exit 2 for an unknown flag', [...certArgs, '-n', NS, '--name', NAME, '--raw'], SECRET, 2, /unknown option "--raw"/, {}],
    ['fails with exit 2 for a positional argument (values come from stdin only)', [...certArgs, '-n', NS, '--name', NAME, SECRET], SECRET, 2, /unexpected argument/, {}],
    ['fails with exit 2 for a flag without a value', [...certArgs, '-n', NS, '--name'], SECRET, 2, /--name needs a value/, {}],
    ['fails with exit 2 for a repeated flag', [...certArgs, '-n', NS, '-n', NS, '--name', NAME], SECRET, 2, /given more than once/, {}],
    ['fails with exit 2 for strict scope without --name', [...certArgs, '-n', NS], SECRET, 2, /--name is required with --scope strict/, {}],
    ['fails with exit 2 for namespace-wide scope without --namespace', [...certArgs, '--scope', 'namespace-wide'], SECRET, 2, /--namespace is required/, {}],
  ];

  test.each(failures)('%s, with empty stdout and no secret in stderr', async (_title, args, stdin, exitCode, message, files) => {
    const c = captureIo(stdin, files);
    const code = await runSeal(args, c.io);
    expect(code).toBe(exitCode);
    expect(c.out).toEqual([]);
    const err = c.err.join('');
    expect(err).toMatch(message);
    expect(err.startsWith('hubfleet seal: ')).toBe(true);
    expect(err).not.toContain(SECRET);
  });

  describe('--from-env-file', () => {
    const ENV = ['# course database', 'DB_USER=course-admin-user', 'export DB_PASSWORD="p@ss word\\n2"', "API_TOKEN='tok#en'", ''].join('\n');

    test('prints a SealedSecret YAML whose encryptedData values each unseal to the right value (strict)', async () => {
      const c = captureIo('', { 'db.env': ENV });
      expect(await runSeal([...certArgs, '-n', NS, '--name', NAME, '--from-env-file', 'db.env'], c.io)).toBe(0);
      expect(c.out).toHaveLength(1);
      const doc = parse(c.out[0]);
      expect(doc.apiVersion).toBe('bitnami.com/v1alpha1');
      expect(doc.kind).toBe('SealedSecret');
      expect(doc.metadata).toEqual({ name: NAME, namespace: NS });
      expect(doc.spec.template).toEqual({ metadata: { name: NAME, namespace: NS }, type: 'Opaque' });
      expect(Object.keys(doc.spec.encryptedData)).toEqual(['API_TOKEN', 'DB_PASSWORD', 'DB_USER']);
      const open = (k: string) => unseal(PRIVATE_KEY, doc.spec.encryptedData[k], 'strict', NS, NAME).toString();
      expect(open('DB_USER')).toBe('course-admin-user');
      expect(open('DB_PASSWORD')).toBe('p@ss word\n2');
      expect(open('API_TOKEN')).toBe('tok#en');
      for (const v of ['course-admin-user', 'p@ss word', 'tok#en']) expect(c.out[0]).not.toContain(v);
    });

    test('prints namespace-wide manifests with the scope annotation, opening under another name', async () => {
      const c = captureIo('', { 'db.env': ENV });
      expect(await runSeal([...certArgs, '-n', NS, '--name', NAME, '--scope', 'namespace-wide', '--from-env-file', 'db.env'], c.io)).toBe(0);
      const doc = parse(c.out[0]);
      expect(doc.metadata.annotations).toEqual({ [NAMESPACE_WIDE_ANNOTATION]: 'true' });
      expect(unseal(PRIVATE_KEY, doc.spec.encryptedData.DB_USER, 'namespace-wide', NS, 'renamed').toString()).toBe('course-admin-user');
    });

    test('does not read stdin in env-file mode', async () => {
      const c = captureIo('should-not-be-sealed', { 'db.env': 'ONLY=1' });
      expect(await runSeal([...certArgs, '-n', NS, '--name', NAME, '--from-env-file', 'db.env'], c.io)).toBe(0);
      expect(Object.keys(parse(c.out[0]).spec.encryptedData)).toEqual(['ONLY']);
    });

    test('fails with exit 2 without --name, even for cluster-wide scope', async () => {
      const c = captureIo('', { 'db.env': ENV });
      expect(await runSeal([...certArgs, '--scope', 'cluster-wide', '--from-env-file', 'db.env'], c.io)).toBe(2);
      expect(c.out).toEqual([]);
      expect(c.err.join('')).toMatch(/--name is required with --from-env-file/);
    });

    const envFailures: Array<[string, string, RegExp]> = [
      ['fails on a duplicate key, naming the line numbers', 'TOKEN=first-s3cret\nOTHER=x\nTOKEN=second-s3cret\n', /db.env: line 3: duplicate key TOKEN \(first defined on line 1\)/],
      ['fails on an invalid key', 'GOOD=1\nbad key=s3cret\n', /db.env: line 2: invalid key/],
      ['fails on an empty value', 'GOOD=1\nEMPTY=\n', /db.env: line 2: EMPTY has an empty value/],
      ['fails on a file without entries', '# nothing here\n\n', /db.env: no KEY=value lines found/],
      ['fails on an unterminated quote', 'PASS="s3cret\n', /db.env: line 1: unterminated double-quoted value/],
    ];

    test.each(envFailures)('%s, with exit 1, empty stdout and no value in stderr', async (_title, text, message) => {
      const c = captureIo('', { 'db.env': text });
      expect(await runSeal([...certArgs, '-n', NS, '--name', NAME, '--from-env-file', 'db.env'], c.io)).toBe(1);
      expect(c.out).toEqual([]);
      const err = c.err.join('');
      expect(err).toMatch(message);
      expect(err).not.toMatch(/s3cret/);
    });

    test('fails with exit 1 when the env file cannot be read', async () => {
      const c = captureIo('');
      expect(await runSeal([...certArgs, '-n', NS, '--name', NAME, '--from-env-file', '/nonexistent/x.env'], c.io)).toBe(1);
      expect(c.out).toEqual([]);
      expect(c.err.join('')).toMatch(/cannot read env file \/nonexistent\/x.env/);
    });
  });
});
