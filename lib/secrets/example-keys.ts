/**
 * Sealing certificates whose private keys are public. The example clusters' certificates
 * (`clusters/eth-teaching/sealed-secrets.pem`, `clusters/e2x/sealed-secrets.pem`) and the test
 * certificate belong to private keys this repository holds as test fixtures
 * (test/fixtures/sealed-secrets/): anything sealed with them can be opened by anyone with a clone.
 * `hubfleet seal` and `hubfleet exam passwords` refuse them unless told `--allow-example-key`
 * (tests), and synth warns when a cluster's certificate is one of them.
 *
 * Keys are compared by their public key (SHA-256 of the DER SubjectPublicKeyInfo), not the file's
 * bytes: the same key in another certificate, as a PUBLIC KEY block or re-encoded, is still found.
 */
import { createHash, createPublicKey, KeyObject } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Issue } from '../core/errors';
import type { ClusterSpec } from '../fleet/cluster-spec';

/** The public keys whose private keys are in this repository. */
export const EXAMPLE_KEYS: ReadonlyArray<{ readonly spkiSha256: string; readonly what: string; readonly example?: { readonly name: string; readonly domain: string } }> = [
  { spkiSha256: '3738fcd8f14dea22cac187d1602f31bee62b2f1bb02c6a2947dbdf5c6439219e', what: "the eth-teaching example cluster's certificate (its key is test/fixtures/sealed-secrets/eth-teaching-example-key.pem)", example: { name: 'eth-teaching', domain: 'teaching.example-university.ch' } },
  { spkiSha256: 'cffb0ee05c177bd05ff815eb1c0ac9c46def5bfbfe107ccf50b7e151428ad8f0', what: "the e2x example cluster's certificate (its key is test/fixtures/sealed-secrets/e2x-example-key.pem)", example: { name: 'e2x', domain: 'e2x.example-hbrs.de' } },
  { spkiSha256: '090be19ec945ee7cccab9ca7dac78eccdba87faa4103516315c4e08ff14b3c7b', what: "the campus-metal example cluster's certificate (its key is test/fixtures/sealed-secrets/campus-metal-example-key.pem)", example: { name: 'campus-metal', domain: 'campus.example.edu' } },
  { spkiSha256: 'e877d95289e91bbb787b9d77b7db0128f573709ce9d13378506aecbf059d8972', what: 'the test certificate (its key is test/fixtures/sealed-secrets/key.pem)' },
];

/** The flag that lets `seal` and `exam passwords` use an example key (tests). */
export const ALLOW_EXAMPLE_KEY_FLAG = '--allow-example-key';

/** The option entry of that flag, for the commands' option tables (lib/cli/command.ts). */
export const ALLOW_EXAMPLE_KEY_OPTION = { type: 'boolean', description: "accept an example cluster's or the test certificate (their private keys are in the\nrepository: tests only)" } as const;

/** SHA-256 (hex) of a public key's DER SubjectPublicKeyInfo. */
export function spkiSha256(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Which example key this is, or undefined. */
export function exampleKeyOf(key: KeyObject): string | undefined {
  const fp = spkiSha256(key);
  return EXAMPLE_KEYS.find((k) => k.spkiSha256 === fp)?.what;
}

/**
 * Throw when `key` is an example key and `allow` is not set: the message says whose key it is and
 * how to get the cluster's own certificate.
 */
export function refuseExampleKey(key: KeyObject, file: string, allow: boolean): void {
  const what = exampleKeyOf(key);
  if (what === undefined || allow) return;
  throw new Error(
    `${file} is ${what}: its private key is public, so anyone could open what is sealed with it. ` +
      'Fetch your cluster\'s own certificate (kubeseal --fetch-cert --controller-name sealed-secrets-controller --controller-namespace kube-system > clusters/<name>/sealed-secrets.pem) and seal with that. ' +
      `(Tests may pass ${ALLOW_EXAMPLE_KEY_FLAG}.) [sealing-cert-example]`,
  );
}

/** Domains that can never be a real cluster's (RFC 2606 / RFC 6761): clusters under them are examples themselves. */
const EXAMPLE_DOMAIN = /(^|\.)(example\.(com|org|net|edu)|example|test|invalid|localhost)$/;

/**
 * The warning synth gives when a cluster's sealing certificate (ClusterSpec `sealedSecretsCert`,
 * default `clusters/<name>/sealed-secrets.pem`, relative to `root`) is an example one. The example
 * cluster a key belongs to (same name and domain) and clusters under a reserved example domain are
 * examples themselves and get none; a missing or unreadable file is not synth's business
 * (`hubfleet seal` reports it).
 */
export function exampleCertIssues(spec: ClusterSpec, root: string = process.cwd()): Issue[] {
  if (EXAMPLE_DOMAIN.test(spec.domain)) return [];
  const file = spec.sealedSecretsCert ?? `clusters/${spec.name}/sealed-secrets.pem`;
  let key: KeyObject;
  try {
    key = createPublicKey(fs.readFileSync(path.resolve(root, file), 'utf8'));
  } catch {
    return [];
  }
  const fp = spkiSha256(key);
  const hit = EXAMPLE_KEYS.find((k) => k.spkiSha256 === fp);
  if (hit === undefined || (hit.example?.name === spec.name && hit.example.domain === spec.domain)) return [];
  const what = hit.what;
  return [
    {
      path: `cluster ${spec.name}`,
      field: 'sealedSecretsCert',
      value: file,
      message: `the sealing certificate is ${what}: its private key is public, so every value sealed with it for this cluster can be opened by anyone with a clone of hubfleet, and the cluster's controller (which has its own key) cannot open them.`,
      fix: `fetch the cluster's own certificate: kubeseal --fetch-cert --controller-name sealed-secrets-controller --controller-namespace kube-system > ${file}; then seal every value again with it.`,
      rule: 'sealing-cert-example',
      severity: 'warning',
    },
  ];
}
