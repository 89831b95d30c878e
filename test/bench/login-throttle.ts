/**
 * The login-throttle line of `npm run bench` (issue 17, item 3): 8 clients guess at one account of a
 * one-time-password exam hub while a legitimate candidate logs in with other seats' passwords, for
 * HUBFLEET_BENCH_LOGIN_SECONDS (default 120) seconds. Two numbers:
 * - admitted guesses per second after the first 5 failures (a guess is admitted when its password
 *   was checked: any answer but 429); goal at most 1 a minute;
 * - the p95 latency of the legitimate candidate's login (POST /hub/login until the answer); goal < 1 s.
 * Two ways, both when the machine can:
 * - upstream: JupyterHub itself (`python -m jupyterhub`) with the rendered exam config, when
 *   HUBFLEET_JUPYTERHUB_PYTHON names a Python with jupyterhub or python3 imports it; only the proxy
 *   is a stand-in (a few lines of HTTP that accept the hub's routes), clients send X-Forwarded-For
 *   as configurable-http-proxy would (a client in the exam rooms, then the ingress hop);
 * - the rendered authenticator class under python3 with the stand-ins of test/exam/python.ts for the
 *   JupyterHub and Tornado classes it imports, the clients as tasks on one event loop (as the hub's
 *   requests are). CI has no JupyterHub: this one always runs.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { hashList, makeCredentials, OneTimePasswords, oneTimePasswordPython } from '../../lib/exam/one-time-passwords';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { clientRangeCheck, clientRangePython } from '../../lib/hub/hub/client-range';
import { ExamHub } from '../../lib/hub/exam-hub';
import { LOGIN_THROTTLE, loginThrottlePython } from '../../lib/hub/hub/login-throttle';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { STUBS } from '../exam/python';
import { testSpec } from '../helpers';

const ATTACKERS = 8;
const ROOMS = ['194.95.66.0/24'];
const PREFIX = 'bench';

/** One answer a client got. */
interface Attempt {
  readonly sentMs: number;
  readonly doneMs: number;
  readonly status: number;
}

export interface LoginBenchResult {
  readonly how: string;
  readonly seconds: number;
  readonly attempts: number;
  readonly refused: number;
  readonly admittedAfterFree: number;
  readonly admittedPerSecond: number;
  readonly legitimateLogins: number;
  readonly legitimateFailures: number;
  readonly p95Seconds: number;
  /** The same candidate's p95 with nobody guessing (the machine's and the login's own cost). */
  readonly quietP95Seconds: number;
}

const seconds = () => Number(process.env.HUBFLEET_BENCH_LOGIN_SECONDS ?? 120);
/** Seconds the candidate logs in alone first (the baseline). */
const quietSeconds = () => Math.min(30, Math.ceil(seconds() / 4));

/** Admitted guesses after the first free failures, per second of the rest of the run. */
function p95(attempts: Attempt[]): number {
  const lat = attempts.map((a) => (a.doneMs - a.sentMs) / 1000).sort((a, b) => a - b);
  return lat.length ? lat[Math.min(lat.length - 1, Math.ceil(lat.length * 0.95) - 1)] : NaN;
}

const loggedIn = (a: Attempt) => a.status === 302 || a.status === 200;

function summarize(how: string, guesses: Attempt[], legit: Attempt[], endMs: number, quiet: Attempt[]): LoginBenchResult {
  const byDone = [...guesses].sort((a, b) => a.doneMs - b.doneMs);
  const failures = byDone.filter((a) => a.status !== 429);
  const free = failures[LOGIN_THROTTLE.accountFreeFailures - 1];
  const after = free ? byDone.filter((a) => a.sentMs > free.doneMs) : [];
  const admitted = after.filter((a) => a.status !== 429).length;
  const span = free ? (endMs - free.doneMs) / 1000 : 0;
  const ok = legit.filter(loggedIn);
  return {
    how,
    seconds: seconds(),
    attempts: guesses.length,
    refused: guesses.filter((a) => a.status === 429).length,
    admittedAfterFree: admitted,
    admittedPerSecond: span > 0 ? admitted / span : 0,
    legitimateLogins: ok.length,
    legitimateFailures: legit.length - ok.length + quiet.filter((a) => !loggedIn(a)).length,
    p95Seconds: p95(ok),
    quietP95Seconds: p95(quiet.filter(loggedIn)),
  };
}

/** The sheet for the bench: seat 1 is attacked, the others log in legitimately. */
function sheet(seats: number) {
  const creds = makeCredentials(PREFIX, seats);
  return { creds, hashes: hashList(creds) };
}

// --- the rendered class under python3 ------------------------------------------------------------

/** The rendered authenticator, client ranges and throttle, driven by asyncio tasks; prints JSON. */
function renderedProgram(hashes: string, legit: ReadonlyArray<{ user: string; password: string }>, quiet: ReadonlyArray<{ user: string; password: string }>, runSeconds: number, quietSeconds: number): string {
  return `${STUBS}
import asyncio, json, os, tempfile, time
os.environ["HUBFLEET_OTP_HASHES"] = ${JSON.stringify(hashes)}
${oneTimePasswordPython()}
${clientRangePython(clientRangeCheck(testSpec(), ROOMS))}
${loginThrottlePython()}
HubfleetOneTimePasswordAuthenticator.hubfleet_hashes = hubfleet_otp_parse(os.environ["HUBFLEET_OTP_HASHES"])
HubfleetOneTimePasswordAuthenticator.hubfleet_store = HubfleetOtpStore(os.path.join(tempfile.mkdtemp(), "used.json"))
auth = HubfleetOneTimePasswordAuthenticator()
class Req:
    def __init__(self, ip): self.headers = {"X-Forwarded-For": ip + ", 10.42.1.5"}
class Handler:
    def __init__(self, ip): self.request = Req(ip)
t0 = time.monotonic()
ms = lambda: (time.monotonic() - t0) * 1000
guesses, legit = [], []
async def login(out, ip, user, password, ok_status):
    sent = ms()
    try:
        got = await auth.get_authenticated_user(Handler(ip), {"username": user, "password": password})
        status = ok_status if got else 403
    except Exception as e:
        status = getattr(e, "status_code", 500)
    out.append([sent, ms(), status])
async def attacker(i):
    while ms() < ${runSeconds * 1000}:
        await login(guesses, "194.95.66.%d" % (10 + i), "${PREFIX}-001", "wrong-guess-%d" % i, 200)
async def candidate():
    for user, password in json.loads(${JSON.stringify(JSON.stringify(legit.map((c) => [c.user, c.password])))}):
        if ms() >= ${runSeconds * 1000}:
            break
        await login(legit, "194.95.66.200", user, password, 302)
        await asyncio.sleep(0.5)
quiet = []
async def alone():
    global t0
    users = json.loads(${JSON.stringify(JSON.stringify(quiet.map((c) => [c.user, c.password])))})
    for user, password in users:
        if ms() >= ${quietSeconds * 1000}:
            break
        await login(quiet, "194.95.66.201", user, password, 302)
        await asyncio.sleep(0.5)
async def main():
    global t0
    await alone()
    t0 = time.monotonic()
    await asyncio.gather(*[attacker(i) for i in range(${ATTACKERS})], candidate())
asyncio.run(main())
print(json.dumps({"guesses": guesses, "legit": legit, "quiet": quiet, "end": ms()}))
`;
}

export function measureRenderedClass(): LoginBenchResult {
  const run = seconds();
  const quietRun = quietSeconds();
  const { creds, hashes } = sheet(Math.ceil((run + quietRun) * 2) + 2);
  const split = 1 + Math.ceil(quietRun * 2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-bench-login-'));
  try {
    const file = path.join(dir, 'bench.py');
    fs.writeFileSync(file, renderedProgram(hashes, creds.slice(split), creds.slice(1, split), run, quietRun));
    const r = spawnSync('python3', [file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: (run + 120) * 1000 });
    if (r.status !== 0) throw new Error(`the rendered class did not run: ${r.stderr.slice(-2000)}`);
    const out = JSON.parse(r.stdout) as { guesses: number[][]; legit: number[][]; quiet: number[][]; end: number };
    const at = (x: number[]): Attempt => ({ sentMs: x[0], doneMs: x[1], status: x[2] });
    return summarize('the rendered authenticator class under python3 with stand-ins for JupyterHub and Tornado', out.guesses.map(at), out.legit.map(at), out.end, out.quiet.map(at));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// --- upstream JupyterHub -----------------------------------------------------------------------

/** A Python with JupyterHub, or undefined. */
export function jupyterhubPython(): string | undefined {
  for (const py of [process.env.HUBFLEET_JUPYTERHUB_PYTHON, 'python3'].filter((x): x is string => !!x)) {
    const r = spawnSync(py, ['-c', 'import jupyterhub; print(jupyterhub.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** What the hub needs of configurable-http-proxy's REST API at start: it takes every route. */
function fakeProxyApi(): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'GET' ? 200 : req.method === 'POST' ? 201 : 204, { 'Content-Type': 'application/json' });
      res.end(req.method === 'GET' ? '{}' : '');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port })));
}

function request(port: number, method: string, pathAndQuery: string, headers: Record<string, string>, body?: string): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: pathAndQuery, headers: { ...headers, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) } : {}) }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    req.setTimeout(120000, () => req.destroy(new Error(`${method} ${pathAndQuery}: no answer in 120 s`)));
    if (body) req.write(body);
    req.end();
  });
}

/** A browser in the rooms (its X-Forwarded-For as the ingress and configurable-http-proxy make it) with the hub's XSRF cookie. */
async function browser(port: number, ip: string) {
  const xff = `${ip}, 10.42.1.5`;
  const first = await request(port, 'GET', '/hub/login', { 'X-Forwarded-For': xff });
  const xsrf = first.setCookie.map((c) => /^_xsrf=([^;]+)/.exec(c)?.[1]).find(Boolean);
  if (!xsrf) throw new Error(`GET /hub/login from ${ip}: ${first.status}, no _xsrf cookie`);
  return async (user: string, password: string): Promise<number> => {
    const body = new URLSearchParams({ username: user, password, _xsrf: xsrf }).toString();
    return (await request(port, 'POST', '/hub/login?next=', { 'X-Forwarded-For': xff, Cookie: `_xsrf=${xsrf}` }, body)).status;
  };
}

export async function measureUpstream(py: string): Promise<LoginBenchResult & { version: string }> {
  const run = seconds();
  const quietRun = quietSeconds();
  const { creds, hashes } = sheet(Math.ceil((run + quietRun) * 2) + 2);
  const version = spawnSync(py, ['-c', 'import jupyterhub; print(jupyterhub.__version__)'], { encoding: 'utf8' }).stdout.trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-bench-hub-'));
  const proxy = await fakeProxyApi();
  const port = await freePort();
  let hub: ChildProcess | undefined;
  try {
    const now = Date.now();
    const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const app = new ClusterApp(testSpec());
    const exam = new ExamHub(app, 'bench', {
      auth: OneTimePasswords.auth({ hashes: SecretKeyRef.fromName('p', 'hashes'), prefix: PREFIX, seats: creds.length }),
      image: 'quay.io/jupyter/scipy-notebook:2025-08-18',
      students: creds.length,
      window: { start: fmt(now - 10 * 60000), end: fmt(now + 3 * 3600000), timeZone: 'UTC' },
      allowedSourceCidrs: ROOMS,
      culling: false,
    });
    fs.writeFileSync(path.join(dir, 'rendered.py'), exam.hubConfig);
    // The rendered config as synthesized; only what needs a cluster is replaced.
    fs.writeFileSync(
      path.join(dir, 'jupyterhub_config.py'),
      [
        'import os',
        `exec(compile(open(${JSON.stringify(path.join(dir, 'rendered.py'))}).read(), "jupyterhub_config.py", "exec"))`,
        `c.JupyterHub.hub_bind_url = "http://127.0.0.1:${port}"`,
        `c.JupyterHub.hub_connect_url = "http://127.0.0.1:${port}"`,
        `c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${proxy.port}"`,
        `c.JupyterHub.db_url = "sqlite:///${path.join(dir, 'jupyterhub.sqlite')}"`,
        `c.JupyterHub.pid_file = ${JSON.stringify(path.join(dir, 'hub.pid'))}`,
        'c.JupyterHub.spawner_class = "simple"',
        'c.JupyterHub.log_level = "WARN"',
        `HubfleetOneTimePasswordAuthenticator.hubfleet_store = HubfleetOtpStore(${JSON.stringify(path.join(dir, 'used.json'))})`,
        '',
      ].join('\n'),
    );
    const env = { ...process.env, HUBFLEET_OTP_HASHES: hashes, CONFIGPROXY_AUTH_TOKEN: 'bench-proxy-token', JPY_COOKIE_SECRET: 'ab'.repeat(32), JUPYTERHUB_CRYPT_KEY: 'cd'.repeat(32) };
    const log = fs.openSync(path.join(dir, 'hub.log'), 'w');
    hub = spawn(py, ['-m', 'jupyterhub', '-f', path.join(dir, 'jupyterhub_config.py')], { cwd: dir, env, stdio: ['ignore', log, log] });
    const deadline = Date.now() + 180000;
    for (;;) {
      if (hub.exitCode !== null) throw new Error(`JupyterHub exited: ${fs.readFileSync(path.join(dir, 'hub.log'), 'utf8').slice(-3000)}`);
      const up = await request(port, 'GET', '/hub/health', {}).then((r) => r.status === 200, () => false);
      if (up) break;
      if (Date.now() > deadline) throw new Error(`JupyterHub did not start: ${fs.readFileSync(path.join(dir, 'hub.log'), 'utf8').slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    let t0 = Date.now();
    let end = t0 + quietRun * 1000;
    const guesses: Attempt[] = [];
    const legit: Attempt[] = [];
    const quiet: Attempt[] = [];
    const seats = creds.slice(1);
    const candidate = async (out: Attempt[], ip: string) => {
      while (seats.length && Date.now() < end) {
        const c = seats.shift()!;
        const post = await browser(port, ip);
        const sent = Date.now() - t0;
        const status = await post(c.user, c.password);
        out.push({ sentMs: sent, doneMs: Date.now() - t0, status });
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    await candidate(quiet, '194.95.66.201');
    t0 = Date.now();
    end = t0 + run * 1000;
    const attacker = async (i: number) => {
      const post = await browser(port, `194.95.66.${10 + i}`);
      while (Date.now() < end) {
        const sent = Date.now() - t0;
        const status = await post(`${PREFIX}-001`, `wrong-guess-${i}`);
        guesses.push({ sentMs: sent, doneMs: Date.now() - t0, status });
      }
    };
    await Promise.all([...Array.from({ length: ATTACKERS }, (_, i) => attacker(i)), candidate(legit, '194.95.66.200')]);
    return { ...summarize(`upstream JupyterHub ${version} (python -m jupyterhub, the rendered exam config)`, guesses, legit, Date.now() - t0, quiet), version };
  } finally {
    if (hub && hub.exitCode === null) {
      hub.kill('SIGTERM');
      await new Promise((r) => {
        const timer = setTimeout(() => {
          hub!.kill('SIGKILL');
          r(undefined);
        }, 20000);
        hub!.once('exit', () => {
          clearTimeout(timer);
          r(undefined);
        });
      });
    }
    proxy.server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench's lines for the throttle. */
export function loginBenchLines(results: readonly LoginBenchResult[]): string[] {
  return results.map(
    (r) =>
      `bench: login throttle, ${r.how}: ${ATTACKERS} clients guessing at one account for ${r.seconds} s: ${r.attempts} attempts, ${r.refused} refused (429); admitted guesses after the first ${LOGIN_THROTTLE.accountFreeFailures} failures ${r.admittedPerSecond.toFixed(4)}/s = ${(r.admittedPerSecond * 60).toFixed(2)} a minute (goal ≤ 1: ${r.admittedPerSecond * 60 <= 1 ? 'met' : 'MISSED'}); legitimate candidate's login p95 ${r.p95Seconds.toFixed(3)} s over ${r.legitimateLogins} logins${r.legitimateFailures ? ` (${r.legitimateFailures} failed)` : ''} (goal < 1 s: ${r.p95Seconds < 1 && !r.legitimateFailures ? 'met' : 'MISSED'}; alone before the attack ${r.quietP95Seconds.toFixed(3)} s; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
  );
}

/** Both measurements (upstream only where the machine has JupyterHub). */
export async function loginThrottleBench(): Promise<string[]> {
  const results: LoginBenchResult[] = [];
  const py = jupyterhubPython();
  if (py) results.push(await measureUpstream(py));
  results.push(measureRenderedClass());
  return [...(py ? [] : ['login throttle: no JupyterHub on this machine (set HUBFLEET_JUPYTERHUB_PYTHON to a Python that has it): the rendered class only']), ...loginBenchLines(results)];
}
