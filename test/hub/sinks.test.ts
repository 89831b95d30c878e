/**
 * Values stay data (issue 17, item 1), the hub side: every place a value from props (or a request)
 * reaches a shell, Python, KubeSpawner's str.format or HTML, driven with the hostile values of
 * test/hub/hostile-values.ts through the real interpreter, expecting the same data out. The sinks and
 * how each is protected: lib/core/README.md, "Where values go".
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, BrowserContext } from 'playwright-core';
import { examWindowCode } from '../../lib/exam/exam-window-code';
import { makeCredentials, renderSheet, resetCommand, sheetProblems } from '../../lib/exam/one-time-passwords';
import { sebGateCorePython } from '../../lib/exam/seb-gate';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { clientRangeCheck, clientRangePython, directRequestPython } from '../../lib/hub/hub/client-range';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { FETCH_TEMPLATES_SCRIPT, templatesInitContainer } from '../../lib/hub/extensions';
import { htmlText } from '../../lib/hub/hub/hub-config';
import { ngshareSetupCommands, renderNbgraderConfig } from '../../lib/hub/ngshare/nbgrader';
import { pyString } from '../../lib/hub/hub/python';
import { isHttpsUrl, isMountPath, isPlainText, isRepoPath, isSubPath, shellWord } from '../../lib/hub/value-rules';
import { testSpec } from '../helpers';
import { hasPython, RECORDING_CONFIG, runPython } from '../exam/python';
import { HOSTILE, NUL } from './hostile-values';

/** Can the value cross an exec boundary (an environment variable, an argument) as itself? */
const carriable = (v: string) => !/[\ud800-\udfff]/.test(v.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
const SHELL_VALUES = HOSTILE.filter(carriable);

/** The shells to run scripts with: sh (dash on Debian), dash and bash in POSIX mode, where installed. */
const SHELLS = [['sh'], ['dash'], ['bash', '--posix', '--norc', '--noprofile'], ['busybox', 'sh']].filter(([s]) => spawnSync(s, s === 'busybox' ? ['true'] : ['-c', 'true']).status === 0);

/** Stand-ins that record their argv (count, name, args, NUL-separated) and do what the script needs. */
function standIns(dir: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const record = 'printf \'%s\\0\' "$#" "$(basename "$0")" "$@" >> "$STANDIN_LOG"';
  fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\n${record}\nif [ "$1" = init ]; then for a; do last=$a; done; mkdir -p "$last"; fi\n`, { mode: 0o755 });
  for (const tool of ['cp', 'rm']) fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\n${record}\n`, { mode: 0o755 });
  return bin;
}

function calls(log: string): string[][] {
  const parts = fs.readFileSync(log, 'utf8').split('\0');
  const out: string[][] = [];
  for (let i = 0; i + 1 < parts.length; ) {
    const n = Number(parts[i]);
    out.push(parts.slice(i + 1, i + 2 + n));
    i += 2 + n;
  }
  return out;
}

describe('shell: the fetch-templates init container (issue 17: templates.git.path was spliced into sh -c)', () => {
  test('the script is one constant whatever the values; the values travel as environment variables', () => {
    for (const v of HOSTILE) {
      const c = templatesInitContainer({ repo: v, commit: v, path: v }) as { command: string[]; env: Array<{ name: string; value: string }> };
      expect(c.command).toEqual(['sh', '-c', FETCH_TEMPLATES_SCRIPT]);
      expect(c.env.find((e) => e.name === 'TEMPLATES_REPO')!.value).toBe(v);
    }
  });

  for (const shell of SHELLS) {
    test(`run by ${shell.join(' ')}: git and cp get each hostile value as one argument, and nothing else runs`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-sink-sh-'));
      try {
        const bin = standIns(dir);
        const canary = path.join(dir, 'pwned');
        for (const raw of SHELL_VALUES) {
          const v = raw.replace(/\/tmp\/hubfleet-pwned/g, canary);
          const log = path.join(dir, 'log');
          fs.writeFileSync(log, '');
          const work = path.join(dir, 'work');
          const target = path.join(dir, 'target');
          const c = templatesInitContainer({ repo: v, commit: v, path: v }) as { env: Array<{ name: string; value: string }> };
          const env: Record<string, string> = { PATH: `${bin}:/usr/bin:/bin`, STANDIN_LOG: log, HOME: dir };
          for (const e of c.env) env[e.name] = e.value;
          Object.assign(env, { TEMPLATES_WORK: work, TEMPLATES_DIR: target });
          const r = spawnSync(shell[0], [...shell.slice(1), '-c', FETCH_TEMPLATES_SCRIPT], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          expect([v.slice(0, 40), r.status, r.stderr]).toEqual([v.slice(0, 40), 0, '']);
          const sub = env.TEMPLATES_PATH;
          expect(calls(log)).toEqual([
            ['git', 'init', '-q', '--', work],
            ['git', 'fetch', '-q', '--depth', '1', '--', v, v],
            ['git', 'checkout', '-q', 'FETCH_HEAD'],
            ['cp', '-R', '--', `${work}/${sub}/.`, `${target}/`],
            ['rm', '-rf', '--', `${target}/.git`],
          ]);
          expect(fs.existsSync(canary)).toBe(false);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test('NUL and lone surrogates cannot cross into a pod (an env value, JSON to the API server): the rules refuse them', () => {
    for (const v of [NUL, 'lone \ud800']) {
      expect(isRepoPath(v)).toBe(false);
      expect(isHttpsUrl(`https://git.example.org/${v}`)).toBe(false);
      expect(isMountPath(`/srv/${v}`)).toBe(false);
      expect(isSubPath(v)).toBe(false);
      expect(isPlainText(v)).toBe(false);
    }
  });
});

describe('shell: commands hubfleet prints for people to paste', () => {
  for (const shell of SHELLS) {
    test(`${shell.join(' ')} reads every word of ngshare's setup commands and the password reset as the value it was`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-sink-cmd-'));
      try {
        const bin = path.join(dir, 'bin');
        fs.mkdirSync(bin);
        const log = path.join(dir, 'log');
        for (const tool of ['ngshare-course-management', 'kubectl']) fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\nprintf '%s\\0' "$#" "$(basename "$0")" "$@" >> "$STANDIN_LOG"\n`, { mode: 0o755 });
        const values = SHELL_VALUES.map((v) => v.replace(/\/tmp\/hubfleet-pwned/g, path.join(dir, 'pwned')));
        fs.writeFileSync(log, '');
        const script = [...values.flatMap((v) => ngshareSetupCommands(v, [v, 'prof'])), ...values.map((v) => resetCommand(v, v))].join('\n');
        const r = spawnSync(shell[0], [...shell.slice(1), '-c', script], { env: { PATH: `${bin}:/usr/bin:/bin`, STANDIN_LOG: log }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        expect(r.status).toBe(0);
        const got = calls(log);
        const want = [
          ...values.flatMap((v) => [
            ['ngshare-course-management', 'create_course', v, v, 'prof'],
            ['ngshare-course-management', 'add_students', v, 'students.csv'],
          ]),
          ...values.map((v) => ['kubectl', '-n', v, 'exec', 'deploy/hub', '-c', 'hub', '--', 'python3', '-c', expect.stringContaining('d.pop(sys.argv[2])'), '/srv/jupyterhub/hubfleet-one-time-passwords-used.json', v]),
        ];
        expect(got).toEqual(want);
        expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
        expect(shellWord('e2x-exam-017')).toBe('e2x-exam-017');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

/** Values as Python reads them back, JSON-encoded in Python (lone surrogates survive as \\udXXX). */
const pyJson = (program: string, env: Record<string, string> = {}) => JSON.parse(runPython(`import json\n${program}`, { env }));

(hasPython ? describe : describe.skip)('python3: values in jupyterhub_config.py, compiled and executed with a stand-in get_config', () => {
  test('pyString gives back every hostile value, and NUL', () => {
    const values = [...HOSTILE, NUL];
    const out = pyJson(`print(json.dumps([${values.map(pyString).join(', ')}]))`);
    expect(out).toEqual(values);
  });

  test('a hub whose props carry hostile values: the config compiles and each value arrives as written (and through KubeSpawner\'s str.format)', () => {
    const app = new ClusterApp(testSpec());
    const env = Object.fromEntries(HOSTILE.map((v, i) => [`V${i}`, v]));
    const hub = new CourseJupyterHub(app, 'intro', {
      auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: HOSTILE.map((v) => `uid={username},ou=${v}`), allowedGroups: HOSTILE, adminUsers: HOSTILE }),
      image: 'quay.io/jupyter/scipy-notebook:2025-08-18',
      students: 10,
      title: HOSTILE.join('|'),
      graderGroup: HOSTILE.join('|'),
      environment: env,
      courseData: { claimName: HOSTILE.join('|'), mountPath: HOSTILE.join('|') },
      profiles: HOSTILE.map((v, i) => ({ displayName: v, slug: `p${i}`, description: v, environment: { X: v } })),
      userVolumes: [{ name: 'seed', source: { configMap: HOSTILE.join('|') }, mountPath: HOSTILE.join('|'), subPath: HOSTILE.join('|') }],
      userInitContainers: [{ name: 'seed', image: 'busybox:1.37.0', command: [...HOSTILE], volumes: ['seed'] }],
      // Python ends a line at CR too: before issue 17 the comment line ended there and the rest ran.
      extraHubConfig: { 'x\rHUBFLEET_INJECTED = 1  #\u2028\nHUBFLEET_INJECTED_TOO = 1': 'HUBFLEET_EXTRA_RAN = True' },
    });
    // KubeSpawner formats these with str.format(**ns) (spawner.py _expand_user_properties).
    const out = pyJson(
      `${RECORDING_CONFIG}
exec(compile(${pyString(hub.hubConfig)}, "jupyterhub_config.py", "exec"))
ks = c.KubeSpawner
ns = dict(username="alice", userid=1, unescaped_username="alice", servername="", user_server="alice", pvc_name="claim-alice", pod_name="jupyter-alice", namespace="course-intro", hubnamespace="course-intro", unescaped_servername="", safe_username="alice", safe_servername="", safe_user_server="alice", escaped_username="alice", escaped_servername="", escaped_user_server="alice--")
def fmt(v):
    if isinstance(v, str): return v.format(**ns)
    if isinstance(v, list): return [fmt(x) for x in v]
    if isinstance(v, dict): return {k: fmt(x) for k, x in v.items()}
    return v
print(json.dumps({
  "title": c.JupyterHub.template_vars["course"],
  "group": [r for r in c.JupyterHub.load_roles if r["name"] == "course-grader"][0]["groups"][0],
  "admins": sorted(c.Authenticator.admin_users),
  "ldapGroups": c.LDAPAuthenticator.allowed_groups,
  "bindDn": c.LDAPAuthenticator.bind_dn_template,
  "env": fmt(ks.environment),
  "profiles": [[p["display_name"], p["description"], fmt(p["kubespawner_override"]["environment"]["X"])] for p in ks.profile_list],
  "volumes": fmt([v for v in ks.volumes if v["name"] != "home"]),
  "mounts": fmt([m for m in ks.volume_mounts if m["name"] != "home"]),
  "init": fmt(ks.init_containers[0]["command"]),
  "extraRan": globals().get("HUBFLEET_EXTRA_RAN"),
  "otherNames": sorted(k for k in globals() if k.startswith("HUBFLEET_INJECTED")),
}))`,
      { HUBFLEET_LDAP_SEARCH_PASSWORD: 'p' },
    );
    const joined = HOSTILE.join('|');
    expect(out.title).toBe(joined);
    expect(out.group).toBe(joined);
    expect([...out.admins].sort()).toEqual([...HOSTILE].sort());
    expect(out.ldapGroups).toEqual(HOSTILE);
    expect(out.bindDn).toEqual(HOSTILE.map((v) => `uid={username},ou=${v}`));
    expect(out.env).toEqual(env);
    // Profile texts go into KubeSpawner's form as HTML that shows them as written (see the HTML sinks below).
    expect(out.profiles).toEqual(HOSTILE.map((v) => [htmlText(v), htmlText(v), v]));
    expect(out.volumes).toEqual([{ name: 'course-data', persistentVolumeClaim: { claimName: joined, readOnly: true } }, { name: 'seed', configMap: { name: joined } }]);
    expect(out.mounts).toEqual([{ name: 'course-data', mountPath: joined, readOnly: true }, { name: 'seed', mountPath: joined, subPath: joined, readOnly: true }]);
    expect(out.init).toEqual(HOSTILE);
    // A section name is a comment: whatever it holds, no line of it runs.
    expect(out.extraRan).toBe(true);
    expect(out.otherNames).toEqual([]);
    expect(fs.existsSync('/tmp/hubfleet-pwned')).toBe(false);
  });

  test('nbgrader_config.py: the course id and the exchange path arrive as written (issue 17: the path was spliced into a literal)', () => {
    const stub = `
import sys, types
m = types.ModuleType("ngshare_exchange")
seen = []
m.configureExchange = lambda c, url: seen.append(url)
sys.modules["ngshare_exchange"] = m
${RECORDING_CONFIG}`;
    for (const fromEnv of [false, true]) {
      const cfgs = HOSTILE.map((v) => renderNbgraderConfig({ courseId: v, exchangeUrl: `http://ngshare.course-x.svc.cluster.local:8080/${v}services/ngshare`, exchangeFromEnv: fromEnv }));
      const out = pyJson(
        `${stub}
courses = []
for src in ${`[${cfgs.map(pyString).join(', ')}]`}:
    c.clear()
    exec(compile(src, "nbgrader_config.py", "exec"), {"get_config": get_config})
    courses.append(c.CourseDirectory.course_id)
print(json.dumps([courses, seen]))`,
        { NGSHARE_SERVICE_HOST: '10.43.0.7', NGSHARE_SERVICE_PORT_HTTP: '8080' },
      );
      expect(out[0]).toEqual(HOSTILE);
      expect(out[1]).toEqual(HOSTILE.map((v) => `http://${fromEnv ? '10.43.0.7:8080' : 'ngshare.course-x.svc.cluster.local:8080'}/${v}services/ngshare`));
    }
  });

  test('the SEB gate, the exam window, the client ranges and the direct-request policy keep their values', () => {
    const win = { timeZone: 'Europe/Berlin', startMs: Date.UTC(2026, 1, 10, 8), endMs: Date.UTC(2026, 1, 10, 10), startIso: '2026-02-10T09:00:00+01:00', endIso: '2026-02-10T11:00:00+01:00', loginOpensMs: Date.UTC(2026, 1, 10, 7, 30), closesMs: Date.UTC(2026, 1, 10, 10, 10), earlyLoginMinutes: 30, graceMinutes: 10 };
    const programs = HOSTILE.map(
      (v) => `${sebGateCorePython({ baseUrl: v, examId: v })}\n${examWindowCode(win, [v, 'other'])}\n${directRequestPython(v)}\nimport ast\nranges = [n for n in ast.walk(ast.parse(${pyString(clientRangePython(clientRangeCheck(testSpec(), [v])))})) if isinstance(n, ast.List)]\nout.append([HUBFLEET_SEB_BASE_URL, HUBFLEET_SEB_COOKIE, sorted(HUBFLEET_EXAM_SUPERVISORS), HUBFLEET_HUB_PREFIX, ast.literal_eval(ranges[0])])`,
    );
    const stubs = `import sys, types\nt = types.ModuleType("tornado"); w = types.ModuleType("tornado.web"); t.web = w; sys.modules["tornado"] = t; sys.modules["tornado.web"] = w\n${RECORDING_CONFIG}\n`;
    const out = pyJson(`${stubs}out = []\nfor src in [${programs.map(pyString).join(', ')}]:\n    exec(compile(src, "jupyterhub_config.py", "exec"), globals())\nprint(json.dumps(out))`);
    expect(out).toEqual(HOSTILE.map((v) => [v, `hubfleet-seb-${v}`, [v, 'other'].sort(), `${v}hub/`, [v]]));
  });
});

describe('HTML: the password sheet, KubeSpawner\'s profile form, the SEB gate page, in Chromium', () => {
  const CHROMIUM = '/usr/bin/chromium';
  let ctx: BrowserContext;
  let userData: string;
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-chromium-'));
    ctx = await chromium.launchPersistentContext(userData, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(userData, { recursive: true, force: true });
  });

  /** Text that HTML keeps as written: no control characters (the parser turns CR into LF, drops NUL). */
  const TEXT = HOSTILE.filter((v) => isPlainText(v, 20000));

  test('the sheet shows every title and note as typed; texts HTML cannot keep are refused before anything is written', async () => {
    const creds = makeCredentials('exam', 1, () => 0);
    const page = await ctx.newPage();
    try {
      for (const v of TEXT) {
        await page.setContent(renderSheet(creds, { title: v.slice(0, 200), url: 'https://exam.example.org/a-b/', note: v.slice(0, 500) }));
        const got = await page.evaluate(() => [(globalThis as any).document.querySelector('title')!.textContent, (globalThis as any).document.querySelector('.slip h2')!.textContent, (globalThis as any).document.querySelector('.slip .note')!.textContent, (globalThis as any).document.querySelectorAll('script').length]);
        expect(got).toEqual([`${v.slice(0, 200)}: one-time passwords`, v.slice(0, 200), `${v.slice(0, 500)} The password works once: keep this slip until the exam ends.`, 0]);
      }
    } finally {
      await page.close();
    }
    for (const v of HOSTILE.filter((x) => !isPlainText(x, 20000))) expect(() => renderSheet(creds, { title: v, url: '' })).toThrow(/--title must be plain text/);
    expect(sheetProblems({ title: 'x', url: 'javascript:alert(1)' })).toEqual([expect.stringContaining('--url must be')]);
  });

  test('profile names and descriptions show as written in KubeSpawner\'s form (jinja2 without autoescape puts them in raw)', async () => {
    const page = await ctx.newPage();
    try {
      // kubespawner/templates/form.html: <h3>{{ profile.display_name }}</h3> <p>{{ profile.description }}</p>, substituted as is.
      await page.setContent(TEXT.map((v, i) => `<label id="p${i}"><h3>${htmlText(v)}</h3><p>${htmlText(v)}</p></label>`).join('\n'));
      const got = await page.evaluate((n) => Array.from({ length: n }, (_, i) => [(globalThis as any).document.querySelector(`#p${i} h3`)!.textContent, (globalThis as any).document.querySelector(`#p${i} p`)!.textContent]), TEXT.length);
      expect(got).toEqual(TEXT.map((v) => [v, v]));
      expect(await page.evaluate(() => (globalThis as any).document.querySelectorAll('script, b').length)).toBe(0);
    } finally {
      await page.close();
    }
  });

  (hasPython ? test : test.skip)('the SEB gate page (the hub fills it with html.escape) posts back the next URL it was given', async () => {
    const values = TEXT.map((v) => `/hub/${v}`);
    const pages: string[] = JSON.parse(runPython(`import json\n${sebGateCorePython({ baseUrl: '/', examId: 'x' })}\nprint(json.dumps([hubfleet_seb_page("/hub/seb-gate", "xsrf", v) for v in json.loads(${pyString(JSON.stringify(values))})]))`));
    const page = await ctx.newPage();
    try {
      for (let i = 0; i < values.length; i++) {
        await page.setContent(pages[i].replace(/<script>[\s\S]*<\/script>/, ''));
        expect(await page.evaluate(() => ((globalThis as any).document.querySelector('input[name=next]') as any).value)).toBe(values[i]);
      }
    } finally {
      await page.close();
    }
  });
});
