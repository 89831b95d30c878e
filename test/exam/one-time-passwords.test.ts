import { ClusterApp } from '../../lib/fleet/cluster-app';
import { examWindowCode } from '../../lib/exam/exam-window-code';
import { hashList, hashPassword, makeCredentials, normalizePassword, oneTimePasswordPython, OneTimePasswords, PASSWORD_ALPHABET, printedPassword, randomPassword, renderSheet, seatUsers, USED_FILE, verifyPassword } from '../../lib/exam/one-time-passwords';
import { resolveWindow } from '../../lib/exam/window';
import { ExamHub } from '../../lib/hub/exam-hub';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { issuesOf, testSpec } from '../helpers';
import { hasPython, RECORDING_CONFIG, runPython } from './python';

const hashes = SecretKeyRef.fromName('exam-passwords', 'hashes');

describe('one-time passwords (TypeScript side)', () => {
  test('names count up per seat; passwords are 12 characters of the unambiguous alphabet, printed in groups', () => {
    expect(seatUsers('e2x', 3)).toEqual(['e2x-001', 'e2x-002', 'e2x-003']);
    expect(seatUsers('big', 1200).slice(-1)).toEqual(['big-1200']);
    const p = randomPassword();
    expect(p).toMatch(new RegExp(`^[${PASSWORD_ALPHABET}]{12}$`));
    expect(PASSWORD_ALPHABET).not.toMatch(/[ilo01]/);
    expect(printedPassword('abcdefghjkmn')).toBe('abcd-efgh-jkmn');
    expect(normalizePassword(' ABCD-efgh jkmn ')).toBe('abcdefghjkmn');
  });

  test('every password is hashed with its own salt; a hash verifies its password only', () => {
    const creds = makeCredentials('t', 2);
    const list = hashList(creds).split('\n').filter((l) => l && !l.startsWith('#'));
    expect(list).toHaveLength(2);
    const [a, b] = list.map((l) => l.split(' ')[1]);
    expect(a).toMatch(/^\$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a.split('$')[3]).not.toBe(b.split('$')[3]);
    expect(verifyPassword(creds[0].password, a)).toBe(true);
    expect(verifyPassword(printedPassword(creds[0].password).toUpperCase(), a)).toBe(true);
    expect(verifyPassword(creds[1].password, a)).toBe(false);
    expect(hashList(creds)).not.toContain(creds[0].password);
  });

  test('the sheet has one slip per seat with name and printed password, escaped, with print CSS', () => {
    const creds = [{ user: 'x-001', password: 'abcdefghjkmn' }, { user: 'x-002', password: 'pqrstuvwxyz2' }];
    const html = renderSheet(creds, { title: 'Exam <1>', url: 'https://exam.example.org/' });
    expect(html.match(/<section class="slip">/g)).toHaveLength(2);
    expect(html).toContain('<dd>abcd-efgh-jkmn</dd>');
    expect(html).toContain('Exam &lt;1&gt;');
    expect(html).toContain('@media print');
    expect(html).toContain('break-inside: avoid');
  });
});

const examApp = () => new ClusterApp(testSpec());
const examProps = { image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: 3, allowedSourceCidrs: ['10.30.10.0/24'], window: { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' } };

describe('one-time passwords in the exam hub', () => {
  test('the hub reads the hashes from the sealed Secret and admits exactly the sheet\'s names', () => {
    const app = examApp();
    const hub = new ExamHub(app, 'final', { ...examProps, seats: 3, auth: OneTimePasswords.auth({ hashes, prefix: 'final', seats: 3 }) });
    expect(hub.hubConfig).toContain('c.JupyterHub.authenticator_class = HubfleetOneTimePasswordAuthenticator');
    expect(hub.hubConfig).toContain('c.Authenticator.allowed_users = {"final-001", "final-002", "final-003"}');
    expect(hub.hubConfig).toContain('hubfleet_otp_parse(os.environ["HUBFLEET_OTP_HASHES"])');
    expect(hub.hubConfig).toContain(`HUBFLEET_OTP_USED_FILE = "${USED_FILE}"`);
    const env = (hub as any).node.findChild('hub-deployment').manifest.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'HUBFLEET_OTP_HASHES', valueFrom: { secretKeyRef: { name: 'exam-passwords', key: 'hashes' } } });
    expect(issuesOf(app).filter((i) => i.severity !== 'warning')).toEqual([]);
  });

  test('supervisors are on the sheet, allowed and exempt from the login window', () => {
    const app = examApp();
    const hub = new ExamHub(app, 'final', { ...examProps, seats: 3, auth: OneTimePasswords.auth({ hashes, prefix: 'final', seats: 3, supervisors: 2 }) });
    expect(hub.hubConfig).toContain('c.Authenticator.allowed_users = {"final-001", "final-002", "final-003", "final-s01", "final-s02"}');
    expect(hub.hubConfig).toContain('HUBFLEET_EXAM_SUPERVISORS = {"final-s01", "final-s02"}');
    expect(hashList(makeCredentials('final', 1, undefined, 1)).trim().split('\n').slice(-1)[0]).toMatch(/^final-s01 \$scrypt\$\S+ reusable$/);
  });

  test('fails otp-prefix', () => {
    const app = examApp();
    new ExamHub(app, 'final', { ...examProps, auth: OneTimePasswords.auth({ hashes, prefix: 'Final Exam', seats: 3 }) });
    expect(issuesOf(app).map((i) => i.rule)).toContain('otp-prefix');
  });

  test('fails otp-seats', () => {
    const app = examApp();
    new ExamHub(app, 'final', { ...examProps, auth: OneTimePasswords.auth({ hashes, prefix: 'final', seats: 5000 }) });
    expect(issuesOf(app).map((i) => i.rule)).toContain('otp-seats');
  });

  test('fails exam-otp-seats (fewer passwords than seats)', () => {
    const app = examApp();
    new ExamHub(app, 'final', { ...examProps, seats: 3, auth: OneTimePasswords.auth({ hashes, prefix: 'final', seats: 2 }) });
    expect(issuesOf(app).map((i) => i.rule)).toContain('exam-otp-seats');
  });
});

/** The authenticator's program: the rendered code, a hash list and a script of logins. */
function authenticatorProgram(hashText: string, usedFile: string, script: string, window?: string): string {
  return `
import asyncio, json, os
${RECORDING_CONFIG}
${oneTimePasswordPython().replace(/HUBFLEET_OTP_USED_FILE = .*/, `HUBFLEET_OTP_USED_FILE = ${JSON.stringify(usedFile)}`)}
${window ?? ''}
HubfleetOneTimePasswordAuthenticator.hubfleet_hashes = hubfleet_otp_parse(${JSON.stringify(hashText)})
def fresh():
    # A new process: new authenticator, new store object, the same file.
    a = HubfleetOneTimePasswordAuthenticator()
    a.hubfleet_store = HubfleetOtpStore(HUBFLEET_OTP_USED_FILE)
    type(a)._hubfleet_lock = None
    return a
async def login(a, user, password):
    try:
        r = await a.authenticate(None, {"username": user, "password": password})
    except Exception as e:
        return "refused: %s" % getattr(e, "log_message", e)
    return r["name"] if r else None
async def main():
${script}
asyncio.run(main())
`;
}

(hasPython ? describe : describe.skip)('the one-time-password authenticator, run in Python (JupyterHub stand-ins: test/exam/python.ts)', () => {
  const creds = [{ user: 'final-001', password: 'abcdefghjkmn' }, { user: 'final-002', password: 'pqrstuvwxyz2' }];
  const text = hashList(creds);
  const fs = require('fs') as typeof import('fs');
  const os = require('os') as typeof import('os');
  const path = require('path') as typeof import('path');
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('Python\'s hashlib.scrypt checks what node:crypto hashed (same parameters, same key)', () => {
    const entry = hashPassword('abcd-efgh-jkmn', Buffer.alloc(16, 7));
    const out = runPython(`${oneTimePasswordPython()}\nprint(hubfleet_otp_verify("ABCD EFGH JKMN", ${JSON.stringify(entry)}), hubfleet_otp_verify("abcd-efgh-jkmp", ${JSON.stringify(entry)}))`);
    expect(out.trim()).toBe('True False');
  });

  test('right password once; the same again, a wrong one and an unknown user are refused', () => {
    const used = path.join(dir, 'used.json');
    const out = runPython(
      authenticatorProgram(text, used, `
    a = fresh()
    print(json.dumps([await login(a, "Final-001", "abcd-efgh-jkmn"), await login(a, "final-001", "abcd-efgh-jkmn"), await login(a, "final-002", "abcd-efgh-jkmn"), await login(a, "final-999", "abcd-efgh-jkmn"), await login(a, "final-002", "")]))`),
    );
    expect(JSON.parse(out)).toEqual(['final-001', null, null, null, null]);
    const state = JSON.parse(fs.readFileSync(used, 'utf8'));
    expect(Object.keys(state)).toEqual(['final-001']);
    expect(state['final-001'].fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fs.readdirSync(dir)).toEqual(['used.json']); // the atomic write left no temporary file
  });

  test('a restart keeps "used": a new authenticator on the same file refuses the spent password and takes the other', () => {
    const used = path.join(dir, 'used.json');
    runPython(authenticatorProgram(text, used, '    await login(fresh(), "final-001", "abcdefghjkmn")'));
    const out = runPython(authenticatorProgram(text, used, '    a = fresh()\n    print(json.dumps([await login(a, "final-001", "abcdefghjkmn"), await login(a, "final-002", "pqrs-tuvw-xyz2")]))'));
    expect(JSON.parse(out)).toEqual([null, 'final-002']);
  });

  test('a new sheet (new hashes for the same names) makes the names usable again', () => {
    const used = path.join(dir, 'used.json');
    runPython(authenticatorProgram(text, used, '    await login(fresh(), "final-001", "abcdefghjkmn")'));
    const again = hashList([{ user: 'final-001', password: 'zzzzyyyyxxxx' }]);
    const out = runPython(authenticatorProgram(again, used, '    print(json.dumps(await login(fresh(), "final-001", "zzzz-yyyy-xxxx")))'));
    expect(JSON.parse(out)).toBe('final-001');
  });

  test('logins outside the exam window are refused with the time and do not spend the password', () => {
    const used = path.join(dir, 'used.json');
    const later = examWindowCode(resolveWindow({ start: '2099-02-10T09:00', end: '2099-02-10T11:00', timeZone: 'Europe/Berlin' })!, []);
    const out = runPython(authenticatorProgram(text, used, '    print(json.dumps(await login(fresh(), "final-001", "abcdefghjkmn")))', later));
    expect(JSON.parse(out)).toBe('refused: The exam opens for login at 2099-02-10 08:30 (Europe/Berlin).');
    expect(fs.existsSync(used)).toBe(false);
  });

  test('concurrent logins with one password: exactly one gets in', () => {
    const used = path.join(dir, 'used.json');
    const out = runPython(authenticatorProgram(text, used, '    a = fresh()\n    r = await asyncio.gather(*[login(a, "final-001", "abcdefghjkmn") for _ in range(5)])\n    print(json.dumps(sorted(r, key=str)))'));
    expect(JSON.parse(out)).toEqual([null, null, null, null, 'final-001']);
  });

  test('a supervisor\'s password (marked reusable) works more than once and outside the window', () => {
    const used = path.join(dir, 'used.json');
    const list = hashList(makeCredentials('final', 1, undefined, 1).map((c) => ({ ...c, password: c.supervisor ? 'superviserxx' : c.password })));
    const later = examWindowCode(resolveWindow({ start: '2099-02-10T09:00', end: '2099-02-10T11:00', timeZone: 'Europe/Berlin' })!, ['final-s01']);
    const out = runPython(authenticatorProgram(list, used, '    a = fresh()\n    print(json.dumps([await login(a, "final-s01", "superviserxx"), await login(a, "final-s01", "superviserxx")]))', later));
    expect(JSON.parse(out)).toEqual(['final-s01', 'final-s01']);
    expect(fs.existsSync(used)).toBe(false);
  });

  test('a malformed hash list stops the hub at start instead of admitting anyone', () => {
    expect(() => runPython(`${oneTimePasswordPython()}\nhubfleet_otp_parse("final-001 plaintext-password")`)).toThrow(/bad hash entry for final-001/);
  });
});
