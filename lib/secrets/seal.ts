/**
 * Sealing values for Bitnami Sealed Secrets with Node's own `crypto`, byte-compatible with
 * `kubeseal --raw`. Pure functions: no file, network or process access.
 *
 * Format of one sealed value (see docs in lib/secrets/README-seal.md):
 *   base64( uint16be(len(rsa)) || rsa || aesGcm(plaintext) || tag )
 * where `rsa` is a random 32-byte AES-256 session key encrypted with RSA-OAEP (SHA-256, MGF1-SHA-256,
 * label = scope label) and the AES-256-GCM nonce is 12 zero bytes (safe: each session key is used once).
 */
import * as crypto from 'node:crypto';
import { isDnsLabel, isDnsSubdomain } from '../core/names';

/** How far a sealed value may travel: pinned to namespace+name, to a namespace, or anywhere. */
export type SealScope = 'strict' | 'namespace-wide' | 'cluster-wide';

/** All scopes, in the order kubeseal lists them. */
export const SEAL_SCOPES: readonly SealScope[] = ['strict', 'namespace-wide', 'cluster-wide'];

/** Annotation that marks a SealedSecret as namespace-wide. */
export const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';
/** Annotation that marks a SealedSecret as cluster-wide (wins over namespace-wide). */
export const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';

/** The smallest RSA modulus we seal with. The controller generates 4096-bit keys by default. */
export const MIN_RSA_BITS = 2048;

const SESSION_KEY_BYTES = 32;
const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;
const LENGTH_PREFIX_BYTES = 2;
const FETCH_CERT_HINT =
  'Fetch the controller certificate with `kubeseal --fetch-cert > clusters/<name>/sealed-secrets.pem` ' +
  '(or GET /v1/cert.pem from the sealed-secrets controller) and pass that file.';
const SECRET_KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;

/** True when `s` is one of the three scope names. */
export function isSealScope(s: unknown): s is SealScope {
  return typeof s === 'string' && (SEAL_SCOPES as readonly string[]).includes(s);
}

/**
 * The OAEP label the controller expects for a scope (UTF-8 bytes):
 * strict `<namespace>/<name>`, namespace-wide `<namespace>`, cluster-wide empty.
 * Computes the label only; {@link seal} validates the names.
 */
export function sealingLabel(scope: SealScope, namespace: string, name: string): Buffer {
  switch (scope) {
    case 'strict':
      return Buffer.from(`${namespace}/${name}`, 'utf8');
    case 'namespace-wide':
      return Buffer.from(namespace, 'utf8');
    case 'cluster-wide':
      return Buffer.alloc(0);
    default:
      throw new Error(`Unknown sealing scope ${JSON.stringify(scope)}: use one of ${SEAL_SCOPES.join(', ')}.`);
  }
}

/** Options for {@link loadSealingKey}. */
export interface LoadSealingKeyOptions {
  /** The time used for the certificate expiry check (default: now). */
  readonly now?: Date;
}

interface PemBlock {
  readonly label: string;
  readonly text: string;
}

/** The PEM blocks in `text`, in order. */
function pemBlocks(text: string): PemBlock[] {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  return [...text.matchAll(re)].map((m) => ({ label: m[1], text: m[0] }));
}

/** Public key of the first certificate; rejects certificates past their notAfter date. */
function keyFromCertificate(block: PemBlock, now: Date): crypto.KeyObject {
  let cert: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(block.text);
  } catch (e) {
    throw new Error(`The CERTIFICATE block could not be parsed (${errorText(e)}). ${FETCH_CERT_HINT}`);
  }
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notAfter.getTime()) || notAfter.getTime() < now.getTime()) {
    throw new Error(
      `The sealing certificate expired on ${isoDate(notAfter)} (notAfter ${cert.validTo}, subject ${cert.subject.replace(/\n/g, ', ')}); ` +
        `kubeseal refuses it too. The controller adds a new key every 30 days and serves the newest certificate. ${FETCH_CERT_HINT}`,
    );
  }
  return cert.publicKey;
}

/** Public key from a `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1) block. */
function keyFromPublicKeyBlock(block: PemBlock): crypto.KeyObject {
  try {
    return crypto.createPublicKey({ key: block.text, format: 'pem' });
  } catch (e) {
    throw new Error(`The ${block.label} block could not be parsed (${errorText(e)}). ${FETCH_CERT_HINT}`);
  }
}

/** Reject anything but an RSA key of at least {@link MIN_RSA_BITS} bits. */
function checkRsaKey(key: crypto.KeyObject): void {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(
      `The sealing key is ${key.asymmetricKeyType ?? 'not an asymmetric key'}, but Sealed Secrets uses RSA (RSA-OAEP). ` +
        `Is this the sealed-secrets controller's certificate? ${FETCH_CERT_HINT}`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new Error(
      `The RSA sealing key has ${bits} bits; at least ${MIN_RSA_BITS} are required (the controller makes 4096-bit keys). ${FETCH_CERT_HINT}`,
    );
  }
}

/**
 * Load the controller's public sealing key from PEM text: an X.509 `CERTIFICATE` (as served at
 * `/v1/cert.pem`; the first certificate is used, like kubeseal), a `PUBLIC KEY` (SPKI) or an
 * `RSA PUBLIC KEY` (PKCS#1). Throws an Error saying what is wrong and what to do for: no PEM,
 * a private key, an expired certificate, a non-RSA key, an RSA key under 2048 bits.
 */
export function loadSealingKey(pem: string, options: LoadSealingKeyOptions = {}): crypto.KeyObject {
  const now = options.now ?? new Date();
  const blocks = pemBlocks(typeof pem === 'string' ? pem : '');
  const usable = blocks.find((b) => b.label === 'CERTIFICATE' || b.label === 'PUBLIC KEY' || b.label === 'RSA PUBLIC KEY');
  if (!usable) {
    if (blocks.some((b) => b.label.includes('PRIVATE KEY'))) {
      throw new Error(
        'This is a PRIVATE key. Sealing needs only the public certificate; never copy the controller private key out of the cluster. ' +
          FETCH_CERT_HINT,
      );
    }
    const found = blocks.length > 0 ? `only ${blocks.map((b) => b.label).join(', ')} blocks` : 'no PEM block';
    throw new Error(`Expected a PEM CERTIFICATE or PUBLIC KEY, but found ${found}. ${FETCH_CERT_HINT}`);
  }
  const key = usable.label === 'CERTIFICATE' ? keyFromCertificate(usable, now) : keyFromPublicKeyBlock(usable);
  checkRsaKey(key);
  return key;
}

/** Why `namespace` is not a valid namespace, or undefined when it is. */
function namespaceProblem(namespace: string): string | undefined {
  if (isDnsLabel(namespace)) return undefined;
  return (
    `Namespace ${JSON.stringify(namespace)} is not a valid DNS-1123 label (lowercase letters, digits and '-', ` +
    'starting and ending with a letter or digit, at most 63 characters).'
  );
}

/** Why `name` is not a valid Secret name, or undefined when it is. */
function nameProblem(name: string): string | undefined {
  if (isDnsSubdomain(name)) return undefined;
  return `Secret name ${JSON.stringify(name)} is not a valid DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters).`;
}

/** Throw for a namespace or name that is given but not a valid Kubernetes name (undefined is skipped). */
export function checkKubernetesNames(namespace: string | undefined, name: string | undefined): void {
  const problem = (name === undefined ? undefined : nameProblem(name)) ?? (namespace === undefined ? undefined : namespaceProblem(namespace));
  if (problem) throw new Error(problem);
}

/** Throw unless the namespace and name the scope depends on are valid Kubernetes names. */
export function checkSealTarget(scope: SealScope, namespace: string, name: string): void {
  if (!isSealScope(scope)) {
    throw new Error(`Unknown sealing scope ${JSON.stringify(scope)}: use one of ${SEAL_SCOPES.join(', ')}.`);
  }
  if (scope === 'cluster-wide') return;
  const nsProblem = namespaceProblem(namespace);
  if (nsProblem) throw new Error(`${nsProblem} ${scope} sealing needs the namespace the secret will live in.`);
  const nmProblem = scope === 'strict' ? nameProblem(name) : undefined;
  if (nmProblem) throw new Error(`${nmProblem} strict sealing needs the exact name of the SealedSecret.`);
}

/**
 * Seal one value for the sealed-secrets controller, exactly as `kubeseal --raw` does, and return
 * the standard base64 text for `spec.encryptedData`. Randomized: two calls give different output.
 * Validates the namespace (strict, namespace-wide) and name (strict); rejects an empty value.
 */
export function seal(key: crypto.KeyObject, plaintext: Buffer, scope: SealScope, namespace: string, name: string): string {
  checkSealTarget(scope, namespace, name);
  checkRsaKey(key);
  if (!Buffer.isBuffer(plaintext) || plaintext.length === 0) {
    throw new Error('Refusing to seal an empty value: the Secret would silently get an empty key. Provide a non-empty value.');
  }
  const sessionKey = crypto.randomBytes(SESSION_KEY_BYTES);
  const wrappedKey = crypto.publicEncrypt(
    { key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: sealingLabel(scope, namespace, name) },
    sessionKey,
  );
  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  sessionKey.fill(0);
  const prefix = Buffer.alloc(LENGTH_PREFIX_BYTES);
  prefix.writeUInt16BE(wrappedKey.length);
  return Buffer.concat([prefix, wrappedKey, body]).toString('base64');
}

/** Strict standard base64 (with padding) to bytes; throws on anything else. */
function decodeBase64(text: string): Buffer {
  const compact = text.trim();
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new Error('Sealed value is not standard base64 text.');
  }
  return Buffer.from(compact, 'base64');
}

/**
 * Decrypt a sealed value the way the controller does (for tests and self-checks). Throws when the
 * private key or the scope label (namespace/name) does not match, or the data was altered.
 */
export function unseal(privateKey: crypto.KeyObject, ciphertextB64: string, scope: SealScope, namespace: string, name: string): Buffer {
  const raw = decodeBase64(ciphertextB64);
  if (raw.length < LENGTH_PREFIX_BYTES) throw new Error('Sealed value is too short.');
  const rsaLength = raw.readUInt16BE(0);
  const bodyStart = LENGTH_PREFIX_BYTES + rsaLength;
  if (raw.length < bodyStart + GCM_TAG_BYTES) throw new Error('Sealed value is too short for its RSA length prefix.');
  let sessionKey: Buffer;
  try {
    sessionKey = crypto.privateDecrypt(
      { key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: sealingLabel(scope, namespace, name) },
      raw.subarray(LENGTH_PREFIX_BYTES, bodyStart),
    );
  } catch {
    throw new Error(
      `Cannot unseal: the RSA part does not open with this private key and the ${scope} label ` +
        `${JSON.stringify(sealingLabel(scope, namespace, name).toString('utf8'))} (wrong key, scope, namespace or name).`,
    );
  }
  if (sessionKey.length !== SESSION_KEY_BYTES) throw new Error('Cannot unseal: the session key is not 32 bytes.');
  const body = raw.subarray(bodyStart);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES));
  decipher.setAuthTag(body.subarray(body.length - GCM_TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - GCM_TAG_BYTES)), decipher.final()]);
  } catch {
    throw new Error('Cannot unseal: the AES-GCM authentication tag does not match (the sealed value was altered).');
  } finally {
    sessionKey.fill(0);
  }
}

/** One `KEY=value` entry of an env file, with its 1-based line number. */
export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** True when `key` is a valid Secret data key (`[-._a-zA-Z0-9]+`, at most 253 characters, not `.` or `..`). */
export function isSecretDataKey(key: string): boolean {
  return key.length <= 253 && SECRET_KEY_PATTERN.test(key) && key !== '.' && key !== '..';
}

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', '\\': '\\', '"': '"' };

/** The value of a double-quoted string starting at `rest[0] === '"'`, and what follows it. */
function readDoubleQuoted(rest: string, lineNo: number): { value: string; after: string } {
  let out = '';
  for (let i = 1; i < rest.length; i++) {
    const c = rest[i];
    if (c === '"') return { value: out, after: rest.slice(i + 1) };
    if (c === '\\' && i + 1 < rest.length) {
      const next = rest[i + 1];
      out += DOUBLE_QUOTE_ESCAPES[next] ?? `\\${next}`;
      i++;
    } else {
      out += c;
    }
  }
  throw new Error(`line ${lineNo}: unterminated double-quoted value (quoted values must end on the same line; use \\n for newlines).`);
}

/** The value of a single-quoted (literal) string starting at `rest[0] === "'"`, and what follows it. */
function readSingleQuoted(rest: string, lineNo: number): { value: string; after: string } {
  const end = rest.indexOf("'", 1);
  if (end < 0) throw new Error(`line ${lineNo}: unterminated single-quoted value (quoted values must end on the same line).`);
  return { value: rest.slice(1, end), after: rest.slice(end + 1) };
}

/** The value part after `=`: quoted (with an optional trailing `# comment`) or the rest of the line, trimmed. */
function parseEnvValue(rest: string, lineNo: number): string {
  const trimmed = rest.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith("'")) {
    const { value, after } = trimmed.startsWith('"') ? readDoubleQuoted(trimmed, lineNo) : readSingleQuoted(trimmed, lineNo);
    if (after.trim() !== '' && !after.trim().startsWith('#')) {
      throw new Error(`line ${lineNo}: unexpected text after the closing quote (only a # comment may follow).`);
    }
    return value;
  }
  return trimmed;
}

/**
 * Parse an env file: `KEY=value` lines, blank lines and `#` comments skipped, optional `export `
 * prefix, values unquoted (trimmed, taken literally, `#` included), 'single-quoted' (literal) or
 * "double-quoted" (escapes `\n`, `\\`, `\"`). Keys must be valid Secret data keys; a key may appear
 * once. Errors give the line number and never contain a value.
 */
export function parseEnvFile(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const body = line.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq < 0) throw new Error(`line ${lineNo}: expected KEY=value (no '=' found).`);
    const key = body.slice(0, eq).trim();
    if (!isSecretDataKey(key)) {
      throw new Error(`line ${lineNo}: invalid key: Secret data keys may only contain letters, digits, '-', '_' and '.' (at most 253 characters).`);
    }
    const first = seen.get(key);
    if (first !== undefined) throw new Error(`line ${lineNo}: duplicate key ${key} (first defined on line ${first}).`);
    seen.set(key, lineNo);
    entries.push({ key, value: parseEnvValue(body.slice(eq + 1), lineNo), line: lineNo });
  });
  return entries;
}

/** Options for {@link sealedSecretManifest}. */
export interface SealedSecretManifestOptions {
  /** SealedSecret (and Secret) name. */
  readonly name: string;
  /** Namespace; required unless the scope is cluster-wide. */
  readonly namespace?: string;
  /** The scope the values were sealed with. */
  readonly scope: SealScope;
  /** Data key to sealed base64 value (from {@link seal}). */
  readonly encryptedData: Readonly<Record<string, string>>;
  /** Secret type (default `Opaque`). */
  readonly type?: string;
  /** Labels for the produced Secret. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations for the produced Secret. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A SealedSecret object as plain data (bitnami.com/v1alpha1). */
export interface SealedSecretObject {
  readonly apiVersion: 'bitnami.com/v1alpha1';
  readonly kind: 'SealedSecret';
  readonly metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  readonly spec: {
    encryptedData: Record<string, string>;
    template: {
      metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
      type: string;
    };
  };
}

/** The scope annotation for a scope (none for strict). */
function scopeAnnotations(scope: SealScope): Record<string, string> {
  if (scope === 'namespace-wide') return { [NAMESPACE_WIDE_ANNOTATION]: 'true' };
  if (scope === 'cluster-wide') return { [CLUSTER_WIDE_ANNOTATION]: 'true' };
  return {};
}

/** Copy of a record with keys sorted, so output is stable. */
function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Throw when the caller's annotations would change the scope the values were sealed for. */
function checkNoScopeAnnotations(annotations: Readonly<Record<string, string>>): void {
  for (const a of [NAMESPACE_WIDE_ANNOTATION, CLUSTER_WIDE_ANNOTATION]) {
    if (a in annotations) throw new Error(`Do not set annotation ${a} yourself: it is derived from the scope option.`);
  }
}

/** Throw unless every data key is valid and every value looks like a sealed base64 value. */
function checkEncryptedData(data: Readonly<Record<string, string>>): void {
  const keys = Object.keys(data);
  if (keys.length === 0) throw new Error('encryptedData is empty: a SealedSecret needs at least one sealed value.');
  for (const k of keys) {
    if (!isSecretDataKey(k)) throw new Error(`encryptedData key ${JSON.stringify(k)} is not a valid Secret data key ([-._a-zA-Z0-9]+).`);
    if (typeof data[k] !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(data[k])) {
      throw new Error(`encryptedData.${k} is not base64 text: pass the output of seal(), not the plain value.`);
    }
  }
}

/**
 * Build a `bitnami.com/v1alpha1` SealedSecret object. The scope annotation goes on the SealedSecret's
 * own metadata (what the controller reads to compute the label) and, as kubeseal does, on the
 * template; `spec.encryptedData` keys are sorted; `spec.template.type` defaults to `Opaque`.
 */
export function sealedSecretManifest(opts: SealedSecretManifestOptions): SealedSecretObject {
  const namespace = opts.namespace === '' ? undefined : opts.namespace;
  checkSealTarget(opts.scope, namespace ?? '', opts.name);
  checkKubernetesNames(namespace, opts.name);
  if (opts.type !== undefined && (typeof opts.type !== 'string' || opts.type.trim() === '')) {
    throw new Error('Secret type must be a non-empty string such as Opaque or kubernetes.io/tls.');
  }
  checkEncryptedData(opts.encryptedData);
  checkNoScopeAnnotations(opts.annotations ?? {});
  const scopeAnno = scopeAnnotations(opts.scope);
  const templateAnno = sortedRecord({ ...(opts.annotations ?? {}), ...scopeAnno });
  const ns = namespace === undefined ? {} : { namespace };
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: opts.name, ...ns, ...(Object.keys(scopeAnno).length > 0 ? { annotations: scopeAnno } : {}) },
    spec: {
      encryptedData: sortedRecord(opts.encryptedData),
      template: {
        metadata: {
          name: opts.name,
          ...ns,
          ...(opts.labels && Object.keys(opts.labels).length > 0 ? { labels: sortedRecord(opts.labels) } : {}),
          ...(Object.keys(templateAnno).length > 0 ? { annotations: templateAnno } : {}),
        },
        type: opts.type ?? 'Opaque',
      },
    },
  };
}

/** `YYYY-MM-DD` of a date, or `an unreadable date`. */
function isoDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'an unreadable date' : d.toISOString().slice(0, 10);
}

/** The message of an unknown thrown value. */
function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
