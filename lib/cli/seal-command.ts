/**
 * `hubfleet seal`: encrypt values for the sealed-secrets controller offline, with the controller's
 * public certificate. Output is byte-compatible with `kubeseal --raw` (one value) or a ready
 * SealedSecret manifest (`--from-env-file`). Never prints a secret value.
 */
import type { KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { ALLOW_EXAMPLE_KEY_OPTION, refuseExampleKey } from '../secrets/example-keys';
import { stringify } from 'yaml';
import {
  CLUSTER_WIDE_ANNOTATION,
  NAMESPACE_WIDE_ANNOTATION,
  SEAL_SCOPES,
  EnvEntry,
  SealScope,
  checkKubernetesNames,
  isSealScope,
  loadSealingKey,
  parseEnvFile,
  seal,
  sealedSecretManifest,
} from '../secrets/seal';
import { Command, Invocation, runCommand, usageOf } from './command';
import type { Io } from './io';

/** What `runSeal` may touch: stdin, two output sinks and a file reader. */
export interface SealIo {
  /** The value to seal in single-value mode (a string in tests, process.stdin in the CLI). */
  readonly stdin: NodeJS.ReadableStream | string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Read a file as UTF-8 text; throws when it cannot. */
  readonly readFile: (p: string) => string;
}

/** Exit codes. */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** A problem with the command line itself (exit code 2). */
class UsageError extends Error {}

/** Parsed flags. */
interface SealFlags {
  cert?: string;
  namespace?: string;
  name?: string;
  scope: SealScope;
  envFile?: string;
  allowExampleKey?: boolean;
}

/** The flags of an invocation; throws UsageError for a scope that is not one. */
function sealFlags(inv: Invocation): SealFlags {
  const scope = inv.string('scope') ?? 'strict';
  if (!isSealScope(scope)) throw new UsageError(`--scope ${JSON.stringify(scope)} is not a scope: use one of ${SEAL_SCOPES.join(', ')}`);
  return { cert: inv.string('cert'), namespace: inv.string('namespace'), name: inv.string('name'), scope, envFile: inv.string('from-env-file'), allowExampleKey: inv.boolean('allow-example-key') };
}

/** Throw UsageError unless the flags the mode and scope need are present and valid. */
function checkFlags(flags: SealFlags): void {
  if (flags.cert === undefined) throw new UsageError('--cert FILE is required (fetch it with `kubeseal --fetch-cert > clusters/<name>/sealed-secrets.pem`)');
  const needsNamespace = flags.scope !== 'cluster-wide';
  const needsName = flags.envFile !== undefined || flags.scope === 'strict';
  if (needsNamespace && flags.namespace === undefined) throw new UsageError(`--namespace is required with --scope ${flags.scope}`);
  if (needsName && flags.name === undefined) {
    throw new UsageError(flags.envFile !== undefined ? '--name is required with --from-env-file (it names the SealedSecret)' : '--name is required with --scope strict');
  }
  try {
    // Validate every name given, even one the scope's label ignores: a bad one is a typo.
    checkKubernetesNames(flags.namespace, flags.name);
  } catch (e) {
    throw new UsageError(errorText(e));
  }
}

/** Read the certificate file and load the sealing key from it, naming the file in errors. */
function loadKeyFile(path: string, io: SealIo): KeyObject {
  let pem: string;
  try {
    pem = io.readFile(path);
  } catch (e) {
    throw new Error(`cannot read certificate ${path}: ${errorText(e)}`);
  }
  try {
    return loadSealingKey(pem);
  } catch (e) {
    throw new Error(`certificate ${path}: ${errorText(e)}`);
  }
}

/** All of stdin as bytes. */
async function readAll(stdin: NodeJS.ReadableStream | string): Promise<Buffer> {
  if (typeof stdin === 'string') return Buffer.from(stdin, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Drop exactly one trailing `\n` (what `echo` adds); everything else is kept byte for byte. */
function stripOneNewline(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 0x0a ? b.subarray(0, b.length - 1) : b;
}

/** The scope annotation the SealedSecret must carry for a raw value, or undefined for strict. */
function scopeAnnotationFor(scope: SealScope): string | undefined {
  if (scope === 'namespace-wide') return NAMESPACE_WIDE_ANNOTATION;
  if (scope === 'cluster-wide') return CLUSTER_WIDE_ANNOTATION;
  return undefined;
}

/** Single-value mode: the base64 line to print. */
async function sealStdin(flags: SealFlags, key: KeyObject, io: SealIo): Promise<string> {
  if (typeof io.stdin !== 'string' && (io.stdin as { isTTY?: boolean }).isTTY) {
    io.stderr('(reading the value to seal from stdin; finish with Ctrl-D)\n');
  }
  const value = stripOneNewline(await readAll(io.stdin));
  if (value.length === 0) throw new Error('stdin is empty: pipe the value in, e.g. `printf %s "$VALUE" | hubfleet seal ...`');
  const sealed = seal(key, value, flags.scope, flags.namespace ?? '', flags.name ?? '');
  const annotation = scopeAnnotationFor(flags.scope);
  if (annotation) io.stderr(`note: the SealedSecret must carry the annotation ${annotation}: "true"\n`);
  return `${sealed}\n`;
}

/** Env-file mode: the SealedSecret YAML to print. */
function sealEnvFile(flags: SealFlags, envFile: string, key: KeyObject, io: SealIo): string {
  let text: string;
  try {
    text = io.readFile(envFile);
  } catch (e) {
    throw new Error(`cannot read env file ${envFile}: ${errorText(e)}`);
  }
  let entries: EnvEntry[];
  try {
    entries = parseEnvFile(text);
  } catch (e) {
    throw new Error(`${envFile}: ${errorText(e)}`);
  }
  if (entries.length === 0) throw new Error(`${envFile}: no KEY=value lines found`);
  const encryptedData: Record<string, string> = {};
  for (const { key: dataKey, value, line } of entries) {
    if (value === '') throw new Error(`${envFile}: line ${line}: ${dataKey} has an empty value`);
    encryptedData[dataKey] = seal(key, Buffer.from(value, 'utf8'), flags.scope, flags.namespace ?? '', flags.name ?? '');
  }
  const manifest = sealedSecretManifest({ name: flags.name ?? '', namespace: flags.namespace, scope: flags.scope, encryptedData });
  return stringify(manifest, { lineWidth: 0 });
}

/** Seal with the parsed flags; writes the result to stdout only on success. */
async function sealWith(inv: Invocation, io: SealIo): Promise<number> {
  let flags: SealFlags;
  try {
    flags = sealFlags(inv);
    checkFlags(flags);
  } catch (e) {
    io.stderr(`hubfleet seal: ${errorText(e)}\n\n${usageOf(sealCommand)}`);
    return EXIT_USAGE;
  }
  try {
    const key = loadKeyFile(flags.cert ?? '', io);
    refuseExampleKey(key, flags.cert ?? '', flags.allowExampleKey === true);
    const out = flags.envFile !== undefined ? sealEnvFile(flags, flags.envFile, key, io) : await sealStdin(flags, key, io);
    io.stdout(out);
    return EXIT_OK;
  } catch (e) {
    io.stderr(`hubfleet seal: ${errorText(e)}\n`);
    return e instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
  }
}

/** The process's stdin and file system. */
const processSealIo = (io: Io): SealIo => ({ stdin: process.stdin, stdout: (s) => io.stdout(s), stderr: (s) => io.stderr(s), readFile: (p) => fs.readFileSync(p, 'utf8') });

export const sealCommand: Command = {
  name: 'seal',
  summary: 'seal a value (or a file of them) for the sealed-secrets controller',
  description: `hubfleet seal --cert FILE --namespace NS --name NAME [--scope SCOPE] < value
    Seal ONE value read from stdin (one trailing newline is stripped, as echo adds)
    and print its base64 ciphertext, like \`kubeseal --raw\`.
hubfleet seal --cert FILE --namespace NS --name NAME [--scope SCOPE] --from-env-file FILE
    Seal every KEY=value line of FILE and print a SealedSecret manifest (YAML) named NAME.

Sealing is randomized: the same value gives a new ciphertext every time, so hubfleet never seals
during synth; commit the output instead. The value is never taken from the command line.`,
  options: {
    cert: { type: 'string', value: 'FILE', description: 'controller certificate (kubeseal --fetch-cert > clusters/<name>/sealed-secrets.pem)\nor a PEM public key' },
    namespace: { type: 'string', short: 'n', value: 'NS', description: 'namespace of the secret (not needed for --scope cluster-wide)' },
    name: { type: 'string', value: 'NAME', description: 'name of the SealedSecret (not needed for a single value with namespace-wide\nor cluster-wide scope)' },
    scope: { type: 'string', value: 'SCOPE', description: 'strict (default: label <namespace>/<name>), namespace-wide (<namespace>),\ncluster-wide (no label)' },
    'from-env-file': { type: 'string', value: 'FILE', description: 'KEY=value lines; # comments, \'single\' and "double" quotes, optional export' },
    'allow-example-key': ALLOW_EXAMPLE_KEY_OPTION,
  },
  hidePositionals: true,
  run: (inv) => sealWith(inv, processSealIo(inv.io)),
};

/**
 * Run `hubfleet seal` with `args` (after the subcommand) and the given streams. On failure writes
 * one message to stderr and returns 2 (command line) or 1 (other).
 */
export async function runSeal(args: string[], io: SealIo): Promise<number> {
  return runCommand({ ...sealCommand, run: (inv) => sealWith(inv, io) }, args, io, process.cwd());
}

/** The message of an unknown thrown value. */
function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
