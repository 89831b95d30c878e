/**
 * One grade service against the stand-in platform, with a stand-in for the hub's REST API: the
 * processes the service tests drive. Everything binds to 127.0.0.1 on ephemeral ports.
 *
 * The hub stand-in answers what the service asks of JupyterHub 5.5 (hubapi.py): `GET /hub/api/user`
 * with the caller's token (the token owner's model with the token's scopes), `GET /hub/api/users`
 * (paged, jupyterhub-pagination+json) and `GET /hub/api/users/<name>` (with auth_state) for the
 * service's own token.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { gradesPython, ROOT } from './python';

export const PLATFORM_PY = path.join(ROOT, 'test', 'grades', 'platform', 'lti_platform.py');
export const SERVICE_TOKEN = 'service-token-for-tests';
export const CLIENT_ID = 'hubfleet-tool-1';
export const DEPLOYMENT = 'deployment-1';
export const ROLES = { instructor: ['Instructor'], learner: ['Learner'], ta: ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'] };

/** Who is who: hub username → LTI sub, per course (context). */
export interface People {
  readonly [context: string]: { readonly title: string; readonly members: Readonly<Record<string, { readonly username: string; readonly roles: readonly string[] }>> };
}

export const PEOPLE: People = {
  'course-a': {
    title: 'Intro A',
    members: {
      'sub-anna': { username: 'anna@uni.example', roles: ROLES.instructor },
      'sub-s1': { username: 's1@uni.example', roles: ROLES.learner },
      'sub-s2': { username: 's2@uni.example', roles: ROLES.learner },
      'sub-s3': { username: 's3@uni.example', roles: ROLES.learner },
      'sub-tom': { username: 'tom@uni.example', roles: ROLES.ta },
    },
  },
  'course-b': {
    title: 'Intro B',
    members: {
      'sub-bert': { username: 'bert@uni.example', roles: ROLES.instructor },
      'sub-anna': { username: 'anna@uni.example', roles: ROLES.instructor },
      'sub-s9': { username: 's9@uni.example', roles: ROLES.learner },
    },
  },
};

let sharedKey: string | undefined;

interface Proc {
  readonly child: ChildProcess;
  readonly port: number;
  output: string;
}

function startProcess(cmd: string, args: string[], env: Record<string, string>, marker: string): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = { child, port: 0, output: '' };
    const onData = (d: Buffer) => {
      proc.output += d.toString();
      const m = new RegExp(`${marker} (\\d+)`).exec(proc.output);
      if (m && !proc.port) {
        (proc as { port: number }).port = Number(m[1]);
        resolve(proc);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (proc.output += d.toString()));
    child.on('exit', (code) => {
      if (!proc.port) reject(new Error(`${args.join(' ')} exited ${code} before listening:\n${proc.output}`));
    });
  });
}

async function stopProcess(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    p.child.once('exit', () => resolve());
    p.child.kill('SIGTERM');
  });
}

/** The hub stand-in: tokens and auth states are set by the test. */
class FakeHub {
  readonly tokens = new Map<string, { name: string; scopes: string[] }>();
  readonly authStates = new Map<string, Record<string, unknown>>();
  readonly requests: string[] = [];
  private server?: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.push(`${req.method} ${req.url}`);
    const token = /^token (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const url = new URL(req.url ?? '/', 'http://hub');
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/hub/api/user') {
      const owner = token ? this.tokens.get(token) : undefined;
      return owner ? send(200, { kind: 'user', name: owner.name, scopes: owner.scopes }) : send(403, { status: 403, message: 'Missing or invalid credentials' });
    }
    if (token !== SERVICE_TOKEN) return send(403, { status: 403 });
    if (url.pathname === '/hub/api/users') {
      const names = [...this.authStates.keys()].sort();
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Math.min(2, Number(url.searchParams.get('limit') ?? 2));
      const items = names.slice(offset, offset + limit).map((name) => ({ kind: 'user', name }));
      const next = offset + limit < names.length ? { offset: offset + limit, limit, url: '' } : null;
      return send(200, { items, _pagination: { offset, limit, total: names.length, next } });
    }
    const m = /^\/hub\/api\/users\/([^/]+)$/.exec(url.pathname);
    if (m) {
      const name = decodeURIComponent(m[1]);
      return this.authStates.has(name) ? send(200, { kind: 'user', name, auth_state: this.authStates.get(name) }) : send(404, {});
    }
    send(404, {});
  }
}

export interface ScenarioOptions {
  /** Settings of the service beyond the defaults here (fast retries for tests). */
  readonly settings?: Record<string, unknown>;
  /** The platform's settings beyond the defaults. */
  readonly platform?: Record<string, unknown>;
}

/** A platform, a hub stand-in and a grade service, wired together. */
export class Scenario {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-grades-'));
  readonly hub = new FakeHub();
  platform?: Proc;
  service?: Proc;
  private settings: Record<string, unknown> = {};

  static async start(o: ScenarioOptions = {}): Promise<Scenario> {
    const s = new Scenario();
    await s.hub.start();
    const members = (ctx: string) => Object.fromEntries(Object.entries(PEOPLE[ctx].members).map(([sub, m]) => [sub, { roles: m.roles, email: m.username }]));
    fs.writeFileSync(
      path.join(s.dir, 'platform.json'),
      JSON.stringify({
        issuer: 'auto',
        tool: { clientId: CLIENT_ID, deploymentId: DEPLOYMENT, jwksUrl: '', loginUrl: '', redirectUris: [] },
        contexts: Object.fromEntries(Object.keys(PEOPLE).map((c) => [c, { title: PEOPLE[c].title, members: members(c) }])),
        ...o.platform,
      }),
    );
    const py = gradesPython();
    s.platform = await startProcess(py.cmd, [PLATFORM_PY, '--config', path.join(s.dir, 'platform.json')], py.env, 'LTI_PLATFORM_LISTENING');
    s.settings = {
      issuer: s.platformUrl,
      clientIds: [CLIENT_ID],
      tokenUrl: `${s.platformUrl}/token`,
      firstRetrySeconds: 0.2,
      maxRetrySeconds: 1.6,
      requestTimeoutSeconds: 2,
      tickSeconds: 0.05,
      syncSeconds: 0,
      ...o.settings,
    };
    await s.startService();
    // Graders' server tokens hold access:services!service=grades (the hub gives it through server_token_scopes); students' do not.
    for (const c of Object.values(PEOPLE)) for (const m of Object.values(c.members)) s.hub.tokens.set(`tok-${m.username}`, { name: m.username, scopes: m.roles === ROLES.learner ? [] : ['access:services!service=grades'] });
    return s;
  }

  get platformUrl(): string {
    return `http://127.0.0.1:${this.platform!.port}`;
  }

  get serviceUrl(): string {
    return `http://127.0.0.1:${this.service!.port}/services/grades/`;
  }

  /** (Re)start the service on the same database and key. */
  async startService(): Promise<void> {
    fs.writeFileSync(path.join(this.dir, 'settings.json'), JSON.stringify(this.settings));
    // One tool key per test file (a 3072-bit key costs seconds of CPU on a loaded machine); the
    // first service of the file makes it itself (keys.load_or_create), the others start with a copy.
    const keyFile = path.join(this.dir, 'tool-key.pem');
    if (sharedKey && !fs.existsSync(keyFile)) fs.writeFileSync(keyFile, sharedKey, { mode: 0o600 });
    const py = gradesPython();
    this.service = await startProcess(
      py.cmd,
      ['-m', 'hubfleet_grades'],
      {
        ...py.env,
        HUBFLEET_GRADES_SETTINGS: path.join(this.dir, 'settings.json'),
        HUBFLEET_GRADES_ALLOW_HTTP: '1',
        HUBFLEET_GRADES_DB: `sqlite:///${path.join(this.dir, 'grades.sqlite')}`,
        HUBFLEET_GRADES_KEY_FILE: path.join(this.dir, 'tool-key.pem'),
        HUBFLEET_GRADES_PORT: '0',
        HUBFLEET_GRADES_BIND: '127.0.0.1',
        JUPYTERHUB_API_TOKEN: SERVICE_TOKEN,
        JUPYTERHUB_API_URL: `http://127.0.0.1:${this.hub.port}/hub/api`,
        JUPYTERHUB_SERVICE_PREFIX: '/services/grades/',
        JUPYTERHUB_SERVICE_NAME: 'grades',
      },
      'HUBFLEET_GRADES_LISTENING',
    );
    sharedKey ??= fs.readFileSync(keyFile, 'utf8');
    await this.control('config', { tool: { clientId: CLIENT_ID, deploymentId: DEPLOYMENT, jwksUrl: `${this.serviceUrl}.well-known/jwks.json`, loginUrl: '', redirectUris: [] } });
  }

  async stopService(): Promise<void> {
    await stopProcess(this.service);
  }

  async stop(): Promise<void> {
    await stopProcess(this.service);
    await stopProcess(this.platform);
    await this.hub.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The platform's test controls (`/_control/<what>`). */
  async control(what: string, body?: unknown): Promise<any> {
    const r = await fetch(`${this.platformUrl}/_control/${what}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    return r.json();
  }

  /** What the platform holds. */
  state(): Promise<{ lineitems: any[]; scores: any[]; results: any[]; refusals: any[]; tokens: number; requests: [string, string][] }> {
    return this.control('state');
  }

  /** A launch of `sub` from course `context`, reported by the hub's hook (the claims the platform signs). */
  async launch(context: string, sub: string, username = PEOPLE[context].members[sub].username): Promise<{ status: number; body: any }> {
    const claims = await this.control('claims', { sub, context });
    return this.call('POST', 'api/launches', SERVICE_TOKEN, { username, claims });
  }

  /** The same launch left in the hub's auth_state only (what the catch-up reads). */
  async authStateOnly(context: string, sub: string): Promise<void> {
    const claims = await this.control('claims', { sub, context });
    this.hub.authStates.set(PEOPLE[context].members[sub].username, claims);
  }

  /** A call to the service's API. */
  async call(method: string, rel: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: any }> {
    const r = await fetch(this.serviceUrl + rel, {
      method,
      headers: { ...(token ? { Authorization: `token ${token}` } : {}), 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed };
  }

  /** Scores as the exporter sends them: one assignment, rows of {student, score, maxScore, …}. */
  send(username: string, assignment: string, rows: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
    return this.call('POST', 'api/scores', `tok-${username}`, { assignments: [{ name: assignment, rows }], ...extra });
  }

  status(username: string, query = '') {
    return this.call('GET', `api/status${query}`, `tok-${username}`);
  }

  /** Wait until `check` holds (polls; generous timeout, no timing is asserted). */
  async until<T>(what: string, probe: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 30000): Promise<T> {
    const end = Date.now() + timeoutMs;
    let last: T = await probe();
    while (!check(last)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 2000)}\nservice log:\n${this.service?.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await probe();
    }
    return last;
  }

  /** The current rows of an assignment, once none is queued any more. */
  async settled(username: string, assignment: string): Promise<any[]> {
    const st = await this.until(
      `the scores of ${assignment} to settle`,
      () => this.status(username, `?assignment=${encodeURIComponent(assignment)}&history=1`),
      (s) => s.status === 200 && s.body.scores.length > 0 && s.body.scores.every((r: any) => r.state !== 'queued'),
    );
    return st.body.scores;
  }
}
