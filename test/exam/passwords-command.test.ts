import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ExamIo, insideGitWorkTree, runExam } from '../../lib/cli/exam-command';
import { main } from '../../lib/cli/main';
import { oneTimePasswordPython, verifyPassword } from '../../lib/exam/one-time-passwords';
import { unseal } from '../../lib/secrets/seal';
import { hasPython, runPython } from './python';

const ROOT = path.join(__dirname, '..', '..');
const CERT = path.join(ROOT, 'clusters', 'e2x', 'sealed-secrets.pem');
// The example certificate's private key is a test fixture (clusters/README.md).
const KEY = crypto.createPrivateKey(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sealed-secrets', 'e2x-example-key.pem'), 'utf8'));

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exam-passwords-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function io(over: Partial<ExamIo> = {}) {
  const out = { stdout: '', stderr: '', files: new Map<string, string>() };
  const value: ExamIo = {
    stdout: (s) => (out.stdout += s),
    stderr: (s) => (out.stderr += s),
    readFile: (p) => fs.readFileSync(p, 'utf8'),
    writeFile: (p, t) => out.files.set(p, t),
    inGitWorkTree: () => false,
    ...over,
  };
  return { io: value, out };
}

// The example certificate is refused without --allow-example-key (test/secrets/example-keys.test.ts).
const args = (extra: string[] = []) => ['passwords', '--allow-example-key', '--cert', CERT, '--namespace', 'exam-final', '--prefix', 'final', '--seats', '4', '--sheet', path.join(dir, 'sheet.html'), '--title', 'Final exam', '--url', 'https://final.e2x.example-hbrs.de/', ...extra];

/** The slips' credentials, read back from the sheet. */
function slips(sheet: string): Array<{ user: string; password: string }> {
  return [...sheet.matchAll(/<dt>User name<\/dt><dd>([^<]+)<\/dd><dt>Password<\/dt><dd>([^<]+)<\/dd>/g)].map((m) => ({ user: m[1], password: m[2] }));
}

describe('hubfleet exam passwords', () => {
  test('writes the sheet (one slip per seat) and prints a SealedSecret that holds only salted hashes', () => {
    const { io: x, out } = io();
    expect(runExam(args(), x)).toBe(0);
    const sheet = out.files.get(path.join(dir, 'sheet.html'))!;
    const creds = slips(sheet);
    expect(creds.map((c) => c.user)).toEqual(['final-001', 'final-002', 'final-003', 'final-004']);
    const manifest = parse(out.stdout);
    expect(manifest.kind).toBe('SealedSecret');
    expect(manifest.metadata).toEqual({ name: 'exam-passwords', namespace: 'exam-final' });
    // No plaintext password anywhere in what is committed (nor in the log).
    for (const c of creds) {
      expect(out.stdout).not.toContain(c.password);
      expect(out.stdout).not.toContain(c.password.replace(/-/g, ''));
      expect(out.stderr).not.toContain(c.password);
    }
    // Unsealed (strict scope: this namespace and name only) it is the hash list.
    const list = unseal(KEY, manifest.spec.encryptedData.hashes, 'strict', 'exam-final', 'exam-passwords').toString('utf8');
    const lines = list.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['final-001', 'final-002', 'final-003', 'final-004']);
    for (const c of creds) expect(list).not.toContain(c.password.replace(/-/g, ''));
    creds.forEach((c, i) => expect(verifyPassword(c.password, lines[i].split(' ')[1])).toBe(true));
    expect(() => unseal(KEY, manifest.spec.encryptedData.hashes, 'strict', 'exam-other', 'exam-passwords')).toThrow();
  });

  (hasPython ? test : test.skip)('a password from the sheet works once in the hub\'s authenticator (Python, JupyterHub stand-ins)', () => {
    const { io: x, out } = io();
    runExam(args(), x);
    const creds = slips(out.files.get(path.join(dir, 'sheet.html'))!);
    const list = unseal(KEY, parse(out.stdout).spec.encryptedData.hashes, 'strict', 'exam-final', 'exam-passwords').toString('utf8');
    const used = path.join(dir, 'used.json');
    const program = `
import asyncio, json
${oneTimePasswordPython().replace(/HUBFLEET_OTP_USED_FILE = .*/, `HUBFLEET_OTP_USED_FILE = ${JSON.stringify(used)}`)}
HubfleetOneTimePasswordAuthenticator.hubfleet_hashes = hubfleet_otp_parse(${JSON.stringify(list)})
async def main():
    a = HubfleetOneTimePasswordAuthenticator()
    r = []
    for _ in range(2):
        x = await a.authenticate(None, {"username": ${JSON.stringify(creds[2].user)}, "password": ${JSON.stringify(creds[2].password)}})
        r.append(x and x["name"])
    print(json.dumps(r))
asyncio.run(main())
`;
    expect(JSON.parse(runPython(program))).toEqual(['final-003', null]);
  });

  test('--supervisors adds reusable supervisor slips after the seats', () => {
    const { io: x, out } = io();
    expect(runExam(args(['--supervisors', '2']), x)).toBe(0);
    const sheet = out.files.get(path.join(dir, 'sheet.html'))!;
    expect(slips(sheet).map((c) => c.user)).toEqual(['final-001', 'final-002', 'final-003', 'final-004', 'final-s01', 'final-s02']);
    expect(sheet.match(/class="slip supervisor"/g)).toHaveLength(2);
    const list = unseal(KEY, parse(out.stdout).spec.encryptedData.hashes, 'strict', 'exam-final', 'exam-passwords').toString('utf8');
    expect(list.split('\n').filter((l) => l.endsWith(' reusable')).map((l) => l.split(' ')[0])).toEqual(['final-s01', 'final-s02']);
    expect(out.stderr).toContain("seats: 4, supervisors: 2 })");
  });

  test('--out writes the SealedSecret to a file; the real file system gets the sheet with mode 0600', async () => {
    const out = path.join(dir, 'sealed.yaml');
    let stderr = '';
    const code = await main(['exam', ...args(['--out', out])], { stdout: () => undefined, stderr: (s) => (stderr += s) });
    expect(code).toBe(0);
    expect(parse(fs.readFileSync(out, 'utf8').replace(/^#.*\n/, '')).kind).toBe('SealedSecret');
    expect(fs.statSync(path.join(dir, 'sheet.html')).mode & 0o777).toBe(0o600);
    expect(stderr).toMatch(/OneTimePasswords.auth\(\{ hashes: SecretKeyRef.fromName\('exam-passwords', 'hashes'\), prefix: 'final', seats: 4 \}\)/);
  });

  test('refuses a sheet inside a Git work tree (the plaintext must never reach Git) and writes nothing', () => {
    const { io: x, out } = io({ inGitWorkTree: insideGitWorkTree });
    const code = runExam(['passwords', '--allow-example-key', '--cert', CERT, '--namespace', 'exam-final', '--prefix', 'final', '--seats', '2', '--sheet', path.join(ROOT, 'sheet.html')], x);
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/inside a Git work tree/);
    expect(out.files.size).toBe(0);
    expect(out.stdout).toBe('');
    expect(insideGitWorkTree(path.join(dir, 'x.html'))).toBe(false);
  });

  test('fails on bad input with the fix, and on unknown flags with the usage', () => {
    const run = (a: string[]) => {
      const { io: x, out } = io();
      return { code: runExam(a, x), ...out };
    };
    expect(run(args().map((a) => (a === '4' ? '0' : a)))).toMatchObject({ code: 1, stderr: expect.stringMatching(/--seats must be a whole number from 1 to 1000/) });
    expect(run(args().map((a) => (a === 'final' ? 'Final!' : a)))).toMatchObject({ code: 1, stderr: expect.stringMatching(/--prefix must be/) });
    expect(run(['passwords', '--cert', CERT])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--namespace is required/) });
    expect(run(['passwords', '--frobnicate', 'x'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option "--frobnicate"/) });
    expect(run(['rotate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown subcommand "rotate"/) });
  });
});
