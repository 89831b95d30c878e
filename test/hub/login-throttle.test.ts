/**
 * Issue 17: against the one-time-password hub, 8 clients made 26 wrong guesses a second at one
 * account for a minute, every one hashed by scrypt in the hub's CPU; no 429, no lockout. The rendered
 * throttle (lib/hub/hub/login-throttle.ts) runs here under python3 with the JupyterHub and Tornado
 * stand-ins of test/exam/python.ts and a clock the test moves (no test depends on time passing);
 * `npm run bench` measures it on upstream JupyterHub where the machine has it.
 */
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { GradingHub } from '../../lib/exam/grading-hub';
import { hashList, makeCredentials, oneTimePasswordPython, OneTimePasswords } from '../../lib/exam/one-time-passwords';
import { HubAuth } from '../../lib/hub/auth';
import { clientRangeCheck, clientRangePython } from '../../lib/hub/hub/client-range';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { ExamHub } from '../../lib/hub/exam-hub';
import { LOGIN_THROTTLE, loginThrottlePython } from '../../lib/hub/hub/login-throttle';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { testSpec } from '../helpers';
import { hasPython, runPython } from '../exam/python';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const creds = makeCredentials('final', 3, (n) => 7 % n);
const ROOMS = ['194.95.66.0/24'];

/**
 * The rendered OTP authenticator, the client-range functions and the throttle, with a fake clock;
 * `attempt(user, password, ip)` answers ["ok"|"failed"|"429", seconds or name].
 */
function program(body: string): string {
  return `
import asyncio, json, os, tempfile
os.environ["HUBFLEET_OTP_HASHES"] = ${JSON.stringify(hashList(creds, () => Buffer.alloc(16, 1)))}
${oneTimePasswordPython()}
${clientRangePython(clientRangeCheck(testSpec(), ROOMS))}
${loginThrottlePython()}
clock = [1000.0]
HUBFLEET_THROTTLE_CLOCK = lambda: clock[0]
HUBFLEET_THROTTLE_DELAY_SECONDS = 0
HubfleetOneTimePasswordAuthenticator.hubfleet_hashes = hubfleet_otp_parse(os.environ["HUBFLEET_OTP_HASHES"])
HubfleetOneTimePasswordAuthenticator.hubfleet_store = HubfleetOtpStore(os.path.join(tempfile.mkdtemp(), "used.json"))
checks = [0]
_verify = hubfleet_otp_verify
def hubfleet_otp_verify(typed, entry):
    checks[0] += 1
    return _verify(typed, entry)
auth = HubfleetOneTimePasswordAuthenticator()
class Req:
    def __init__(self, ip): self.headers = {"X-Forwarded-For": ip + ", 10.42.1.5"}
class Handler:
    def __init__(self, ip): self.request = Req(ip)
def attempt(user, password, ip="194.95.66.10"):
    try:
        got = asyncio.run(auth.get_authenticated_user(Handler(ip), {"username": user, "password": password}))
        return ["ok", got["name"]] if got else ["failed", None]
    except Exception as e:
        return [str(getattr(e, "status_code", e)), getattr(e, "headers", {}).get("Retry-After")]
${body}
`;
}

const py = (body: string) => JSON.parse(runPython(program(body)));
const { accountFreeFailures: FREE, lockSeconds: LOCK, addressFreeFailures: ADDRESS_FREE } = LOGIN_THROTTLE;

(hasPython ? describe : describe.skip)('the login throttle, run in Python', () => {
  test(`after ${FREE} failures an account admits one attempt per ${LOCK} s, refused ones cost no scrypt, and the right password still works then`, () => {
    const out = py(`
a = creds_target = "final-001"
first = [attempt(a, "wrong-%d" % i) for i in range(${FREE})]
checked_before = checks[0]
refused = [attempt(a, "wrong-again"), attempt(a, "also-wrong")]
checked_refused = checks[0] - checked_before
clock[0] += ${LOCK - 1}
still = attempt(a, "wrong")
clock[0] += 1
admitted = attempt(a, "wrong")
refused_again = attempt(a, "wrong")
clock[0] += ${LOCK}
right = attempt(a, ${JSON.stringify(creds[0].password)})
print(json.dumps([first, refused, checked_refused, still, admitted, refused_again, right]))`);
    expect(out).toEqual([Array(FREE).fill(['failed', null]), [['429', String(LOCK)], ['429', String(LOCK)]], 0, ['429', '1'], ['failed', null], ['429', String(LOCK)], ['ok', 'final-001']]);
  });

  test('when the lock ends, one attempt is admitted, not every one that arrives while it is being checked', () => {
    const out = py(`
for i in range(${FREE}):
    attempt("final-001", "wrong")
clock[0] += ${LOCK}
class H(Handler): pass
async def burst():
    async def one(i):
        try:
            got = await auth.get_authenticated_user(Handler("194.95.66.%d" % (20 + i)), {"username": "final-001", "password": "wrong-%d" % i})
            return "ok" if got else "failed"
        except Exception as e:
            return str(getattr(e, "status_code", e))
    return await asyncio.gather(*[one(i) for i in range(8)])
answers = asyncio.run(burst())
print(json.dumps(sorted(answers)))`);
    expect(out).toEqual(['429', '429', '429', '429', '429', '429', '429', 'failed']);
  });

  test('unknown names are counted the same: the answer does not tell which names exist', () => {
    const out = py(`
known = [attempt("final-002", "x")[0] for i in range(${FREE + 1})]
unknown = [attempt("nobody-here", "x")[0] for i in range(${FREE + 1})]
print(json.dumps([known, unknown]))`);
    expect(out[0]).toEqual(out[1]);
    expect(out[0][FREE]).toBe('429');
  });

  test('names are counted as JupyterHub normalizes them (case does not make a new account)', () => {
    const out = py(`print(json.dumps([attempt(n, "x")[0] for n in ["Final-002", "FINAL-002", "final-002", "fInAl-002", "final-002 ".strip(), "final-002"]]))`);
    expect(out).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', '429']);
  });

  test(`one device trying many names is stopped after ${ADDRESS_FREE} failures; other devices and accounts go on`, () => {
    const out = py(`
spray = [attempt("guess-%d" % i, "x", "194.95.66.66")[0] for i in range(${ADDRESS_FREE + 1})]
other_device = attempt("final-003", ${JSON.stringify(creds[2].password)}, "194.95.66.67")
print(json.dumps([spray[:${ADDRESS_FREE}].count("failed"), spray[${ADDRESS_FREE}], other_device]))`);
    expect(out).toEqual([ADDRESS_FREE, '429', ['ok', 'final-003']]);
  });

  test('a failure is answered after the delay, and a refusal after it too (no client can hammer)', () => {
    const out = py(`
for i in range(${FREE - 1}):
    attempt("final-002", "x")
HUBFLEET_THROTTLE_DELAY_SECONDS = 0.2
import time
def timed(*a):
    t = time.monotonic()
    answer = attempt(*a)[0]
    return [answer, time.monotonic() - t >= 0.2]
print(json.dumps([timed("final-002", "x"), timed("final-002", "x")]))`);
    expect(out).toEqual([['failed', true], ['429', true]]);
  });

  test('a success forgets the account\'s failures', () => {
    const out = py(`
fails = [attempt("final-001", "x")[0] for i in range(${FREE - 1})]
ok = attempt("final-001", ${JSON.stringify(creds[0].password)})
again = [attempt("final-001", "x")[0] for i in range(${FREE - 1})]
print(json.dumps([ok[0], again]))`);
    expect(out).toEqual(['ok', Array(FREE - 1).fill('failed')]);
  });

  test('the table of names stays bounded (quiet names go first)', () => {
    const out = py(`
t = HubfleetLoginThrottle(2, max_keys=100)
for i in range(1000):
    t.failed("n%d" % i, 1000.0 + i)
print(json.dumps([len(t.failures) <= 100, "n999" in t.failures, "n0" in t.failures]))`);
    expect(out).toEqual([true, true, false]);
  });

  test('scrypt checks run one at a time in their own pool; a flood beyond the queue is refused at once', () => {
    const out = py(`
HUBFLEET_HASH_QUEUE = 3
import threading
active, peak = [0], [0]
lock = threading.Lock()
def slow(x):
    with lock:
        active[0] += 1
        peak[0] = max(peak[0], active[0])
    import time; time.sleep(0.05)
    with lock:
        active[0] -= 1
    return x
async def main():
    results = await asyncio.gather(*[hubfleet_hash(slow, i) for i in range(6)], return_exceptions=True)
    return [r if isinstance(r, int) else getattr(r, "status_code", str(r)) for r in results]
print(json.dumps([asyncio.run(main()), peak[0]]))`);
    expect(out).toEqual([[0, 1, 2, 429, 429, 429], 1]);
  });
});

describe('which hubs throttle', () => {
  const throttled = (hub: CourseJupyterHub) => hub.hubConfig.includes('_HubfleetThrottleAuthenticator.get_authenticated_user = _hubfleet_throttled_get_authenticated_user');
  const ldap = (groups: string[]) => HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},dc=x'], allowedGroups: groups });

  test('exam hubs with one-time passwords or LDAP, and grading hubs with LDAP or a shared password: yes (fails before: none did)', () => {
    const app = new ClusterApp(testSpec());
    const window = { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' };
    const otp = new ExamHub(app, 'otp', { auth: OneTimePasswords.auth({ hashes: SecretKeyRef.fromName('p', 'hashes'), prefix: 'otp', seats: 5 }), image: IMAGE, students: 5, window, allowedSourceCidrs: ROOMS, nbgrader: { instructors: ['otp-s01'] }, supervisors: [] });
    const exLdap = new ExamHub(app, 'ldap', { auth: ldap(['cn=exam,dc=x']), image: IMAGE, students: 5, window, allowedSourceCidrs: ROOMS });
    expect([throttled(otp), throttled(exLdap)]).toEqual([true, true]);
    const grading = new GradingHub(app, 'grading', { auth: ldap(['cn=graders,dc=x']), image: IMAGE, students: 5, exams: [otp] });
    const shared = new GradingHub(new ClusterApp(testSpec()), 'g2', { auth: HubAuth.dummy({ password: SecretKeyRef.fromName('d', 'p') }), image: IMAGE, students: 5, exams: [], allowedSourceCidrs: ['10.0.0.0/24'] });
    expect([throttled(grading), throttled(shared)]).toEqual([true, true]);
  });

  test('logins that check no password (LTI, OAuth) and course hubs: no', () => {
    const app = new ClusterApp(testSpec());
    const lti = new ExamHub(app, 'lti', { auth: HubAuth.moodle('https://moodle.example.org', ['c'], { staffAdmins: true }), image: IMAGE, students: 5, allowedSourceCidrs: ROOMS });
    const course = new CourseJupyterHub(app, 'course', { auth: ldap(['cn=c,dc=x']), image: IMAGE, students: 5 });
    expect([throttled(lti), throttled(course)]).toEqual([false, false]);
  });
});
