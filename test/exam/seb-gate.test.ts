import { createHash } from 'crypto';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { SEB_GATE_PATH, sebGateCorePython, sebGateHubPython } from '../../lib/exam/seb-gate';
import { clientRangeCheck, clientRangePython } from '../../lib/hub/hub/client-range';
import { ExamHub } from '../../lib/hub/exam-hub';
import { HubAuth } from '../../lib/hub/auth';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { testSpec } from '../helpers';
import { hasPython, RECORDING_CONFIG, runPython } from './python';

const KEY = '0f'.repeat(32);
const OTHER = '1e'.repeat(32);
const HOST = 'final.hubs.example.org';
/** SEB's hash, computed here independently (KeyGenerator.cs CalculateConfigurationKeyHash). */
const sebHash = (url: string, key: string) => createHash('sha256').update(url.split('#')[0] + key).digest('hex');

/**
 * The gate with a request double: what tornado.web.RequestHandler and JupyterHub's BaseHandler give
 * the handler (headers, host, uri, path, method, arguments, secure cookies signed with the cookie
 * secret, xsrf_token, redirect, finish).
 */
function program(body: string, baseUrl = '/'): string {
  return `
import json, os
os.environ["HUBFLEET_SEB_CONFIG_KEYS"] = ${JSON.stringify(`${KEY.toUpperCase()}, ${'ab'.repeat(32)}`)}
${RECORDING_CONFIG}
${clientRangePython(clientRangeCheck(testSpec(), ['194.95.66.0/24']))}
${sebGateCorePython({ baseUrl, examId: 'final' })}
${sebGateHubPython()}
import hmac as _h, time as _t
SECRET = b"cookie-secret"

class Headers(dict):
    def get(self, k, d=None):
        for key, v in self.items():
            if key.lower() == k.lower():
                return v
        return d
    def __contains__(self, k):
        return any(key.lower() == k.lower() for key in self.keys())
    def __getitem__(self, k):
        v = self.get(k)
        if v is None:
            raise KeyError(k)
        return v

class Request:
    def __init__(self, method, uri, headers, body=None):
        self.method, self.uri, self.headers, self.body = method, uri, Headers(headers), body or {}
        self.path = uri.split("?", 1)[0]
        self.host = self.headers.get("Host", "hub:8081")
        self.protocol = "http"
        self.remote_ip = "10.42.0.9"

class Log:
    def __init__(self): self.lines = []
    def warning(self, *a): self.lines.append(a[0] % a[1:])
    info = warning

def jar_sign(name, value): return "%s|%s" % (value, _h.new(SECRET, (name + value).encode(), "sha256").hexdigest())

class Fake(HubfleetSebGateHandler):
    def __init__(self, method, uri, headers, body=None, cookies=None):
        self.request = Request(method, uri, headers, body)
        self.settings = {"cookie_secret": SECRET}
        self.cookies = dict(cookies or {})
        self.out = {"status": 200, "headers": {}, "body": None, "redirect": None, "set_cookies": {}}
        self.log = Log()
        self.xsrf_token = b"xsrf-token-1"
    def get_argument(self, k, d=None):
        import urllib.parse as u
        return u.parse_qs(u.urlsplit(self.request.uri).query).get(k, [d])[0]
    def get_body_argument(self, k, d=None): return self.request.body.get(k, d)
    def redirect(self, url): self.out["status"], self.out["redirect"] = 302, url
    def set_status(self, s): self.out["status"] = s
    def set_header(self, k, v): self.out["headers"][k] = v
    def finish(self, body=None): self.out["body"] = body
    def set_secure_cookie(self, name, value, **kw):
        self.out["set_cookies"][name] = (jar_sign(name, value), kw)
    def get_secure_cookie(self, name, max_age_days=None):
        raw = self.cookies.get(name)
        if not raw: return None
        value, _, mac = raw.partition("|")
        return value.encode() if jar_sign(name, value) == raw else None

import asyncio
def run(h, method):
    asyncio.run(getattr(h, method)())
    return h.out

${body}
`;
}

const browser = { Host: HOST, 'X-Forwarded-For': '194.95.66.10, 10.42.1.5', 'X-Forwarded-Proto': 'https,http' };

(hasPython ? describe : describe.skip)('the SEB gate, run in Python (JupyterHub and Tornado stand-ins: test/exam/python.ts)', () => {
  const py = (body: string, baseUrl?: string) => JSON.parse(runPython(program(body, baseUrl)));

  test('the hash is SHA-256 of the URL without fragment followed by the Config Key, as SEB computes it', () => {
    const url = `https://${HOST}/hub/seb-gate?n=1.x&next=%2Fhub%2F`;
    const out = py(`print(json.dumps([hubfleet_seb_hash(${JSON.stringify(url + '#frag')}, ${JSON.stringify(KEY)}), hubfleet_seb_keys(" AB,cd\\nEF "), HUBFLEET_SEB_CONFIG_KEYS[0]]))`);
    expect(out).toEqual([sebHash(url, KEY), ['ab', 'cd', 'ef'], KEY]);
  });

  test('valid, wrong and missing keys; the Browser Exam Key only against an allow list', () => {
    const url = `https://${HOST}/hub/seb-gate?n=1`;
    const out = py(`print(json.dumps([
      hubfleet_seb_accepts(${JSON.stringify(url)}, ${JSON.stringify(sebHash(url, KEY).toUpperCase())}, None, HUBFLEET_SEB_CONFIG_KEYS, []),
      hubfleet_seb_accepts(${JSON.stringify(url)}, ${JSON.stringify(sebHash(url, OTHER))}, None, HUBFLEET_SEB_CONFIG_KEYS, []),
      hubfleet_seb_accepts(${JSON.stringify(url)}, None, None, HUBFLEET_SEB_CONFIG_KEYS, []),
      hubfleet_seb_accepts(${JSON.stringify(url)}, ${JSON.stringify(sebHash(`${url}&x=1`, KEY))}, None, HUBFLEET_SEB_CONFIG_KEYS, []),
      hubfleet_seb_accepts(${JSON.stringify(url)}, ${JSON.stringify(sebHash(url, KEY))}, ${JSON.stringify(sebHash(url, 'cc'.repeat(32)))}, HUBFLEET_SEB_CONFIG_KEYS, ["dd" * 32]),
      hubfleet_seb_accepts(${JSON.stringify(url)}, ${JSON.stringify(sebHash(url, KEY))}, ${JSON.stringify(sebHash(url, 'dd'.repeat(32)))}, HUBFLEET_SEB_CONFIG_KEYS, ["dd" * 32]),
    ]))`);
    expect(out).toEqual([true, false, false, false, false, true]);
  });

  test('nonces are signed and expire after 5 minutes; a reported URL must be this hub\'s gate', () => {
    const out = py(`
n = hubfleet_seb_nonce(SECRET, now=1000)
origin = "https://${HOST}"
print(json.dumps([
  hubfleet_seb_nonce_ok(SECRET, n, now=1200), hubfleet_seb_nonce_ok(SECRET, n, now=1400), hubfleet_seb_nonce_ok(b"other", n, now=1200), hubfleet_seb_nonce_ok(SECRET, "1000.forged", now=1200),
  hubfleet_seb_gate_url_ok(origin + "/hub/seb-gate?n=" + n + "#x", origin, SECRET, now=1100),
  hubfleet_seb_gate_url_ok("https://evil.example.org/hub/seb-gate?n=" + n, origin, SECRET, now=1100),
  hubfleet_seb_gate_url_ok(origin + "/hub/login?n=" + n, origin, SECRET, now=1100),
  hubfleet_seb_gate_url_ok("http://${HOST}/hub/seb-gate?n=" + n, origin, SECRET, now=1100),
]))`);
    expect(out).toEqual([true, false, false, false, true, false, false, false]);
  });

  test('next stays on the hub; the gate, static files, health, logout and error pages need no mark', () => {
    const out = py(`print(json.dumps([hubfleet_seb_safe_next("/hub/home"), hubfleet_seb_safe_next("https://evil.example.org/"), hubfleet_seb_safe_next("//evil.example.org/x"), hubfleet_seb_safe_next("/\\\\evil"),
      [hubfleet_seb_exempt(p) for p in ["/hub/seb-gate", "/hub/static/css/style.min.css", "/hub/health", "/hub/logout", "/hub/error/503", "/hub/login", "/hub/api/user", "/hub/user/x/lab"]]]))`);
    expect(out).toEqual(['/hub/home', '/hub/', '/hub/', '/hub/', [true, true, true, true, true, false, false, false]]);
  });

  test('the mark lives under <base>hub/ only: user servers never see it, and what the hub serves outside it only redirects there (app.py init_handlers: AddSlashHandler, PrefixRedirectHandler)', () => {
    const out = py(`print(json.dumps([[hubfleet_seb_exempt(p) for p in ["/", "/user/x/lab", "/user/x", "/services/ngshare/"]], hubfleet_seb_exempt("/hub"), hubfleet_seb_exempt("/hubx/")]))`);
    expect(out).toEqual([[true, true, true, true], true, true]);
  });

  test('SEB for Windows: a valid header for the gate URL as the browser saw it (through ingress and proxy) marks the browser', () => {
    const out = py(`
h = Fake("GET", "/hub/seb-gate?next=%2Fhub%2Flogin", ${JSON.stringify(browser)})
first = run(h, "get")
gate = first["redirect"]
url = "https://${HOST}" + gate
import hashlib
good = hashlib.sha256((url + ${JSON.stringify(KEY)}).encode()).hexdigest()
ok = run(Fake("GET", gate, dict(${JSON.stringify(browser)}, **{"X-SafeExamBrowser-ConfigKeyHash": good})), "get")
# The same hash computed over the URL the hub sees without the proxies' headers (http://hub:8081) is not accepted.
inner = hashlib.sha256(("http://hub:8081" + gate + ${JSON.stringify(KEY)}).encode()).hexdigest()
bad = run(Fake("GET", gate, dict(${JSON.stringify(browser)}, **{"X-SafeExamBrowser-ConfigKeyHash": inner})), "get")
print(json.dumps([gate.split("?")[0], ok["status"], ok["redirect"], list(ok["set_cookies"]), ok["set_cookies"]["hubfleet-seb-final"][1], bad["status"], bad["set_cookies"], "hubfleet-seb-form" in bad["body"]]))`);
    expect(out).toEqual(['/hub/seb-gate', 302, '/hub/login', ['hubfleet-seb-final'], { expires_days: null, path: '/hub/', httponly: true, secure: true }, 200, {}, true]);
  });

  test('SEB for macOS/iOS: no header; the page\'s JavaScript API keys are posted with the page URL and checked', () => {
    const out = py(`
import hashlib
gate = run(Fake("GET", "/hub/seb-gate?next=%2Fhub%2Fhome", ${JSON.stringify(browser)}), "get")["redirect"]
page = run(Fake("GET", gate, ${JSON.stringify(browser)}), "get")
url = "https://${HOST}" + gate
def post(key, report=None):
    report = report or url
    ck = hashlib.sha256((report.split("#")[0] + key).encode()).hexdigest() if key else ""
    return run(Fake("POST", "/hub/seb-gate", ${JSON.stringify(browser)}, {"url": report + "#top", "config_key": ck, "browser_exam_key": "", "next": "/hub/home", "_xsrf": "xsrf-token-1"}), "post")
valid, wrong, missing = post(${JSON.stringify(KEY)}), post(${JSON.stringify(OTHER)}), post(None)
other_host = post(${JSON.stringify(KEY)}, url.replace("${HOST}", "evil.example.org"))
print(json.dumps([page["status"], 'name="_xsrf" value="xsrf-token-1"' in page["body"], "updateKeys(hubfleetSebKeysUpdated)" in page["body"],
  [valid["status"], valid["redirect"], list(valid["set_cookies"])], [wrong["status"], wrong["set_cookies"]], [missing["status"]], [other_host["status"]]]))`);
    expect(out).toEqual([200, true, true, [302, '/hub/home', ['hubfleet-seb-final']], [403, {}], [403], [403]]);
  });

  test('behind a base URL the gate lives under it and hashes the full path', () => {
    const out = py(`
gate = run(Fake("GET", "/exam/hub/seb-gate", ${JSON.stringify(browser)}), "get")["redirect"]
print(json.dumps([gate.split("?")[0], HUBFLEET_SEB_COOKIE, hubfleet_seb_exempt("/exam/hub/health"), hubfleet_seb_safe_next("/hub/home")]))`, '/exam/');
    expect(out).toEqual([`/exam/${SEB_GATE_PATH}`, 'hubfleet-seb-final', true, '/exam/hub/']);
  });

  test('every hub request through the proxy needs the mark: pages go to the gate, API and form posts get 403; probes and server API calls pass; outsiders meet the range check', () => {
    const out = py(`
import asyncio
called = []
async def previous(self):
    called.append(self.request.path)
_hubfleet_seb_previous_prepare_saved = _hubfleet_seb_previous_prepare
globals()["_hubfleet_seb_previous_prepare"] = previous
def prep(method, path, headers, cookies=None):
    h = Fake(method, path, headers, cookies=cookies)
    asyncio.run(_hubfleet_seb_prepare(h))
    return [h.out["status"], h.out["redirect"]]
marked = {"hubfleet-seb-final": jar_sign("hubfleet-seb-final", "seb")}
forged = {"hubfleet-seb-final": "seb|0000"}
print(json.dumps([
  prep("GET", "/hub/home", ${JSON.stringify(browser)}),
  prep("POST", "/hub/login", ${JSON.stringify(browser)}),
  prep("GET", "/hub/api/user", ${JSON.stringify(browser)}),
  prep("GET", "/hub/home", ${JSON.stringify(browser)}, forged),
  prep("GET", "/hub/home", ${JSON.stringify(browser)}, marked),
  prep("GET", "/hub/api/users/x/activity", {"Host": "hub:8081"}),
  prep("GET", "/hub/login", {"Host": "${HOST}", "X-Forwarded-For": "203.0.113.5, 10.42.1.5"}),
  called,
]))`);
    expect(out).toEqual([
      [302, '/hub/seb-gate?next=%2Fhub%2Fhome'],
      [403, null],
      [403, null],
      [302, '/hub/seb-gate?next=%2Fhub%2Fhome'],
      [200, null],
      [200, null],
      [200, null],
      ['/hub/home', '/hub/api/users/x/activity', '/hub/login'],
    ]);
  });

  test('the hub refuses to start without a Config Key (64 hex characters) rather than admit any browser', () => {
    const p = `import os\nos.environ["HUBFLEET_SEB_CONFIG_KEYS"] = "not-a-key"\n${RECORDING_CONFIG}\n${sebGateCorePython({ baseUrl: '/', examId: 'x' })}\n${sebGateHubPython()}`;
    expect(() => runPython(p)).toThrow(/must hold one or more Config Keys/);
  });
});

describe('SEB mode of the exam hub', () => {
  test('the gate is rendered, the keys come from the sealed Secret, and the setup names the SEB Server and the start URL', () => {
    const app = new ClusterApp(testSpec());
    const hub = new ExamHub(app, 'final', {
      auth: HubAuth.lti13({ issuer: 'https://moodle.example.org', clientIds: ['x'], authorizeUrl: 'https://moodle.example.org/mod/lti/auth.php', jwksEndpoint: 'https://moodle.example.org/mod/lti/certs.php' }),
      image: 'quay.io/jupyter/scipy-notebook:2025-08-18',
      students: 10,
      allowedSourceCidrs: ['10.30.10.0/24'],
      seb: { configKeys: SecretKeyRef.fromName('seb-keys', 'config-keys'), server: { url: 'https://seb.hubs.example.org' } },
    });
    expect(hub.hubConfig).toContain('c.JupyterHub.extra_handlers = [(r"/seb-gate", HubfleetSebGateHandler)]');
    expect(hub.hubConfig).toContain('_HubfleetSebBaseHandler.prepare = _hubfleet_seb_prepare');
    const env = (hub as any).node.findChild('hub-deployment').manifest.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'HUBFLEET_SEB_CONFIG_KEYS', valueFrom: { secretKeyRef: { name: 'seb-keys', key: 'config-keys' } } });
    expect(hub.sebStartUrl).toBe('https://final.hubs.example.org/');
    expect(hub.sebSetup!.join('\n')).toContain('https://seb.hubs.example.org');
    // The range check comes first in the file; the SEB prepare wraps it and lets it refuse outsiders.
    expect(hub.hubConfig.indexOf('_HubfleetBaseHandler.prepare = _hubfleet_prepare_checked')).toBeLessThan(hub.hubConfig.indexOf('_HubfleetSebBaseHandler.prepare = _hubfleet_seb_prepare'));
  });
});
