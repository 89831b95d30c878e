/**
 * Example keys: certificates whose private keys this repository holds are refused by `hubfleet seal`
 * and `hubfleet exam passwords` (unless --allow-example-key), compared by public key; synth warns
 * when a cluster's sealing certificate is one of them (lib/secrets/example-keys.ts).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runExam } from '../../lib/cli/exam-command';
import { runSeal } from '../../lib/cli/seal-command';
import { synthClusters } from '../../lib/cli/synth-clusters';
import { defineCluster } from '../../lib/fleet/define';
import { EXAMPLE_KEYS, exampleCertIssues, spkiSha256 } from '../../lib/secrets/example-keys';
import { testSpec } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'sealed-secrets');

/** Every .pem under the project (not node_modules, build) holding a private key. */
function privateKeyFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'build', 'dist', '.git'].includes(e.name)) continue;
    if (path.relative(ROOT, path.join(dir, e.name)) === path.join('.ci', 'python')) continue; // the grade service's test packages (.ci/python-env), not the repository's
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...privateKeyFiles(p));
    else if (e.name.endsWith('.pem') && fs.readFileSync(p, 'utf8').includes('PRIVATE KEY')) out.push(p);
  }
  return out.sort();
}

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-example-keys-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The same public key as the eth-teaching example certificate, written as a PUBLIC KEY block: other bytes, same key. */
function reencoded(): string {
  const pub = crypto.createPublicKey(fs.readFileSync(path.join(ROOT, 'clusters', 'eth-teaching', 'sealed-secrets.pem'), 'utf8'));
  const file = path.join(dir, 'same-key.pem');
  fs.writeFileSync(file, pub.export({ type: 'pkcs1', format: 'pem' }) as string);
  return file;
}

/** A certificate of a key of our own (what a real cluster's controller would have). */
function ownCert(): string {
  const file = path.join(dir, 'own.pem');
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }) as string);
  return file;
}

async function seal(cert: string, extra: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSeal([...extra, '--cert', cert, '--namespace', 'course-intro', '--name', 'db'], { stdin: 'secret\n', stdout: (s) => out.push(s), stderr: (s) => err.push(s), readFile: (p) => fs.readFileSync(p, 'utf8') });
  return { code, out: out.join(''), err: err.join('') };
}

function passwords(cert: string, extra: string[] = []) {
  let stderr = '';
  const files = new Map<string, string>();
  const code = runExam(['passwords', ...extra, '--cert', cert, '--namespace', 'exam-final', '--prefix', 'final', '--seats', '2', '--sheet', path.join(dir, 'sheet.html')], {
    stdout: () => undefined,
    stderr: (s) => (stderr += s),
    readFile: (p) => fs.readFileSync(p, 'utf8'),
    writeFile: (p, t) => files.set(p, t),
    inGitWorkTree: () => false,
  });
  return { code, stderr, files };
}

const exampleCerts = [path.join(ROOT, 'clusters', 'eth-teaching', 'sealed-secrets.pem'), path.join(ROOT, 'clusters', 'e2x', 'sealed-secrets.pem'), path.join(ROOT, 'clusters', 'campus-metal', 'sealed-secrets.pem'), path.join(FIXTURES, 'cert.pem'), path.join(FIXTURES, 'public-key.pem')];

describe('the list of example keys', () => {
  test('holds exactly the public keys of the private keys in the repository', () => {
    const keys = privateKeyFiles();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    const fingerprints = keys.map((k) => spkiSha256(crypto.createPublicKey(crypto.createPrivateKey(fs.readFileSync(k, 'utf8')))));
    expect(EXAMPLE_KEYS.map((k) => k.spkiSha256).sort()).toEqual([...new Set(fingerprints)].sort());
  });
});

describe('hubfleet seal', () => {
  test.each(exampleCerts.map((c) => [path.relative(ROOT, c), c]))('refuses %s (exit 1, nothing on stdout)', async (_name, cert) => {
    const r = await seal(cert);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/its private key is public, so anyone could open what is sealed with it.*kubeseal --fetch-cert.*--allow-example-key.*\[sealing-cert-example\]/);
  });

  test('compares public keys, not bytes: the same key in another encoding is refused', async () => {
    const r = await seal(reencoded());
    expect(r.code).toBe(1);
    expect(r.err).toContain("the eth-teaching example cluster's certificate");
  });

  test('seals with an example key when told --allow-example-key, and with a key of its own without it', async () => {
    expect((await seal(exampleCerts[0], ['--allow-example-key'])).code).toBe(0);
    const own = await seal(ownCert());
    expect(own.code).toBe(0);
    expect(own.out).toMatch(/^[A-Za-z0-9+/=]+\n$/);
  });
});

describe('hubfleet exam passwords', () => {
  test('refuses an example certificate before writing the sheet', () => {
    const r = passwords(exampleCerts[1]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the e2x example cluster's certificate");
    expect(r.files.size).toBe(0);
  });

  test('takes it with --allow-example-key, and a certificate of its own without', () => {
    expect(passwords(exampleCerts[1], ['--allow-example-key']).code).toBe(0);
    expect(passwords(ownCert()).code).toBe(0);
  });
});

describe('synth', () => {
  const spec = (over: Record<string, unknown>) => testSpec({ name: 'uni', domain: 'teaching.uni-x.ch', ...over });

  test('warns when a cluster\'s sealing certificate is an example one (by public key), naming the file and the fix', () => {
    const issues = exampleCertIssues(spec({ sealedSecretsCert: 'clusters/e2x/sealed-secrets.pem' }), ROOT);
    expect(issues).toEqual([expect.objectContaining({ rule: 'sealing-cert-example', severity: 'warning', field: 'sealedSecretsCert', value: 'clusters/e2x/sealed-secrets.pem' })]);
    expect(issues[0].fix).toContain('kubeseal --fetch-cert');
    expect(exampleCertIssues(spec({ sealedSecretsCert: reencoded() }), ROOT).map((i) => i.rule)).toEqual(['sealing-cert-example']);
    // The warning reaches what synth prints (and fails it under --strict).
    const cwd = process.cwd();
    let stderr = '';
    try {
      process.chdir(ROOT);
      const outputs = synthClusters([defineCluster(spec({ sealedSecretsCert: 'clusters/eth-teaching/sealed-secrets.pem' }), () => undefined)], undefined, { stdout: () => undefined, stderr: (s) => (stderr += s) }, true);
      expect(outputs).toBeUndefined();
    } finally {
      process.chdir(cwd);
    }
    expect(stderr).toMatch(/! cluster uni: sealedSecretsCert = "clusters\/eth-teaching\/sealed-secrets\.pem": the sealing certificate is the eth-teaching example cluster's certificate .*\[sealing-cert-example, warning\]/);
  });

  test('no warning for a key of its own, a missing file, or a cluster that is an example itself', () => {
    expect(exampleCertIssues(spec({ sealedSecretsCert: ownCert() }), ROOT)).toEqual([]);
    expect(exampleCertIssues(spec({}), ROOT)).toEqual([]);
    // The example clusters themselves, and any cluster under a reserved example domain.
    expect(exampleCertIssues(testSpec({ name: 'eth-teaching', domain: 'teaching.example-university.ch' }), ROOT)).toEqual([]);
    expect(exampleCertIssues(testSpec({ name: 'e2x', domain: 'e2x.example-hbrs.de' }), ROOT)).toEqual([]);
    expect(exampleCertIssues(testSpec({ name: 'demo', domain: 'demo.example.edu', sealedSecretsCert: 'clusters/e2x/sealed-secrets.pem' }), ROOT)).toEqual([]);
    // A copy of an example under another name is not the example.
    expect(exampleCertIssues(testSpec({ name: 'eth-teaching', domain: 'teaching.uni-x.ch' }), ROOT).map((i) => i.rule)).toEqual(['sealing-cert-example']);
  });
});
