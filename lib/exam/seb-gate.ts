/**
 * Safe Exam Browser only: a gate in the exam hub, in the way of Moodle's quiz access rule
 * (mod/quiz/accessrule/seb/classes/seb_access_manager.php, external/validate_quiz_keys.php).
 *
 * What SEB proves (seb-win-refactoring SafeExamBrowser.Configuration/Cryptography/KeyGenerator.cs,
 * seb-mac Classes/BrowserComponents/SEBBrowserController.m): the Config Key of its settings, as
 * `X-SafeExamBrowser-ConfigKeyHash` = lowercase hex SHA-256 of (absolute URL without fragment +
 * Config Key in lowercase hex), and the Browser Exam Key (settings + SEB build) the same way as
 * `X-SafeExamBrowser-RequestHash`. SEB for Windows adds the headers to main-frame requests and to
 * requests to the page's own host (SafeExamBrowser.Browser/Handlers/ResourceHandler.cs
 * AppendCustomHeaders); SEB for macOS with the modern engine and for iOS send none, but every SEB
 * offers the same hashes over the page URL to JavaScript as `SafeExamBrowser.security.configKey`
 * and `.browserExamKey` (Windows: Content/Api.js, filled at context creation; macOS:
 * SEBAbstractModernWebView.swift, empty until `SafeExamBrowser.security.updateKeys(callback)` has
 * called the named `callback`).
 *
 * The gate (`<base>hub/seb-gate`, a handler the hub mounts through `JupyterHub.extra_handlers`):
 * 1. every hub request that came through the proxy (X-Forwarded-For set) and carries no valid
 *    mark is sent to the gate (GET) or refused (403);
 * 2. the gate's URL carries a nonce signed with the hub's cookie secret, valid 5 minutes, so a key
 *    hash seen once cannot be replayed for another visit;
 * 3. a valid Config Key header for the gate URL as the browser saw it (scheme from
 *    `jupyterhub.utils.get_browser_protocol`, the Host header, the path and query) marks the
 *    browser at once; else the gate page reads SEB's JavaScript API (after `updateKeys`) and posts
 *    the keys with the page URL it was loaded with; the hub checks that URL is its gate URL with a
 *    valid nonce, then checks the hash;
 * 4. the mark is a secure cookie (signed by the hub, HttpOnly, valid 12 hours, path `<base>hub/` so
 *    user servers never see it) that later hub requests are checked against; user-server traffic
 *    never passes the hub and needs no header: what opens a candidate's server is the OAuth token the
 *    hub issues at `hub/api/oauth2/authorize`, a hub request the gate checks (and the server's own
 *    token opens nothing: lib/exam/exam-access.ts).
 * The Browser Exam Key is checked only when an allow list is given (it changes with every SEB
 * release). Requests without X-Forwarded-For did not pass the proxy: the client-range check
 * (lib/hub/hub/client-range.ts) lets only probes and the calls of user servers and services through.
 * Which request is checked where: lib/hub/README-exams.md.
 */
import { pyString } from '../hub/hub/python';
import { ISecretKeyRef, SecretKeyRef } from '../secrets/secret-ref';

/** The gate's SEB settings. */
export interface SebGateOptions {
  /**
   * The Config Key(s) of the exam's SEB settings (64 hex characters each; several separated by
   * spaces or commas, e.g. one per settings file), sealed: whoever knows a Config Key can forge
   * the header. SEB Server shows it on the exam's page; SEB's configuration tool shows it too.
   */
  readonly configKeys: ISecretKeyRef;
  /**
   * Browser Exam Keys admitted in addition (an allow list of SEB builds; they change with each
   * release). @default undefined (not checked)
   */
  readonly browserExamKeys?: ISecretKeyRef;
}

/** Hub environment variables of the keys. */
export const SEB_ENV = { configKeys: 'HUBFLEET_SEB_CONFIG_KEYS', browserExamKeys: 'HUBFLEET_SEB_BROWSER_EXAM_KEYS' } as const;

/** The gate's path below the hub's base URL. */
export const SEB_GATE_PATH = 'hub/seb-gate';

/** Hub env entries for the keys. */
export function sebGateEnv(o: SebGateOptions): Array<{ name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }> {
  return [
    { name: SEB_ENV.configKeys, valueFrom: SecretKeyRef.envValueFrom(o.configKeys) },
    ...(o.browserExamKeys ? [{ name: SEB_ENV.browserExamKeys, valueFrom: SecretKeyRef.envValueFrom(o.browserExamKeys) }] : []),
  ];
}

/** The gate page (the hub fills in the form fields). `%(name)s` placeholders are Python's. */
const PAGE = String.raw`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Safe Exam Browser check</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}</style></head>
<body>
<h1>Checking Safe Exam Browser…</h1>
<p id="hubfleet-seb-status">This exam opens only in Safe Exam Browser with the exam's settings.</p>
<form id="hubfleet-seb-form" method="post" action="%(action)s">
<input type="hidden" name="_xsrf" value="%(xsrf)s">
<input type="hidden" name="next" value="%(next)s">
<input type="hidden" name="url" value="">
<input type="hidden" name="config_key" value="">
<input type="hidden" name="browser_exam_key" value="">
<noscript><p>JavaScript is needed for the check.</p></noscript>
</form>
<script>
var hubfleetSebSent = false;
function hubfleetSebKeysUpdated() {
  if (hubfleetSebSent) { return; }
  var s = window.SafeExamBrowser && window.SafeExamBrowser.security;
  if (!s) {
    document.getElementById("hubfleet-seb-status").textContent = "This is not Safe Exam Browser: open the exam with the SEB settings you were given.";
    return;
  }
  hubfleetSebSent = true;
  var f = document.getElementById("hubfleet-seb-form");
  f.elements["url"].value = window.location.href;
  f.elements["config_key"].value = s.configKey || "";
  f.elements["browser_exam_key"].value = s.browserExamKey || "";
  f.submit();
}
if (window.SafeExamBrowser && window.SafeExamBrowser.security && typeof window.SafeExamBrowser.security.updateKeys === "function") {
  // SEB for macOS and iOS fill the keys only after updateKeys; they call the callback by its name.
  window.SafeExamBrowser.security.updateKeys(hubfleetSebKeysUpdated);
  setTimeout(hubfleetSebKeysUpdated, 3000);
} else {
  hubfleetSebKeysUpdated();
}
</script>
</body></html>
`;

/** The pure part of the gate (stdlib only), tested on its own. */
export function sebGateCorePython(o: { readonly baseUrl: string; readonly examId: string }): string {
  return [
    'import hashlib as _hubfleet_seb_hashlib',
    'import hmac as _hubfleet_seb_hmac',
    'import html as _hubfleet_seb_html',
    'import os as _hubfleet_seb_os',
    'import re as _hubfleet_seb_re',
    'import time as _hubfleet_seb_time',
    'import urllib.parse as _hubfleet_seb_url',
    '',
    `HUBFLEET_SEB_BASE_URL = ${pyString(o.baseUrl)}`,
    `HUBFLEET_SEB_GATE = ${pyString(`${o.baseUrl}${SEB_GATE_PATH}`)}`,
    `HUBFLEET_SEB_COOKIE = ${pyString(`hubfleet-seb-${o.examId}`)}`,
    'HUBFLEET_SEB_MARK_DAYS = 0.5',
    'HUBFLEET_SEB_NONCE_SECONDS = 300',
    `HUBFLEET_SEB_PAGE = ${pyString(PAGE)}`,
    '',
    '',
    'def hubfleet_seb_keys(text):',
    '    """Keys from the sealed value: hex, separated by spaces, commas or newlines; lowercase as SEB hashes them."""',
    '    return [k.lower() for k in _hubfleet_seb_re.split(r"[\\s,;]+", text or "") if k]',
    '',
    '',
    'def hubfleet_seb_hash(url, key):',
    '    """SEB\'s hash: SHA-256 of the URL without fragment followed by the key (lowercase hex)."""',
    '    return _hubfleet_seb_hashlib.sha256((url.split("#", 1)[0] + key).encode("utf-8")).hexdigest()',
    '',
    '',
    'def hubfleet_seb_hash_ok(url, received, keys):',
    '    """Does the received hash match one of the keys for this URL?"""',
    '    received = (received or "").strip().lower()',
    '    if not received or not keys:',
    '        return False',
    '    ok = False',
    '    for key in keys:',
    '        ok = _hubfleet_seb_hmac.compare_digest(hubfleet_seb_hash(url, key), received) or ok',
    '    return ok',
    '',
    '',
    'def hubfleet_seb_accepts(url, config_key_hash, browser_exam_key_hash, config_keys, browser_exam_keys):',
    '    """The Config Key must match; the Browser Exam Key only when an allow list is set."""',
    '    if not hubfleet_seb_hash_ok(url, config_key_hash, config_keys):',
    '        return False',
    '    return not browser_exam_keys or hubfleet_seb_hash_ok(url, browser_exam_key_hash, browser_exam_keys)',
    '',
    '',
    'def hubfleet_seb_nonce(secret, now=None):',
    '    """A signed timestamp for the gate URL."""',
    '    ts = str(int(_hubfleet_seb_time.time() if now is None else now))',
    '    return ts + "." + _hubfleet_seb_hmac.new(secret, ("seb-gate:" + ts).encode(), "sha256").hexdigest()[:32]',
    '',
    '',
    'def hubfleet_seb_nonce_ok(secret, nonce, now=None):',
    '    now = _hubfleet_seb_time.time() if now is None else now',
    '    ts, _, mac = (nonce or "").partition(".")',
    '    if not ts.isdigit():',
    '        return False',
    '    good = _hubfleet_seb_hmac.new(secret, ("seb-gate:" + ts).encode(), "sha256").hexdigest()[:32]',
    '    return _hubfleet_seb_hmac.compare_digest(good, mac) and 0 <= now - int(ts) <= HUBFLEET_SEB_NONCE_SECONDS',
    '',
    '',
    'def hubfleet_seb_gate_url_ok(reported, origin, secret, now=None):',
    '    """The URL the page reports must be this hub\'s gate (same origin and path) with a valid nonce."""',
    '    u = _hubfleet_seb_url.urlsplit((reported or "").split("#", 1)[0])',
    '    if "%s://%s" % (u.scheme, u.netloc) != origin or u.path != HUBFLEET_SEB_GATE:',
    '        return False',
    '    nonce = _hubfleet_seb_url.parse_qs(u.query).get("n", [""])[0]',
    '    return hubfleet_seb_nonce_ok(secret, nonce, now)',
    '',
    '',
    'def hubfleet_seb_safe_next(next_url):',
    '    """Only paths of this hub (no other host, no scheme, no control characters)."""',
    '    u = _hubfleet_seb_url.urlsplit(next_url or "")',
    '    if u.scheme or u.netloc or not (u.path or "").startswith(HUBFLEET_SEB_BASE_URL) or "\\\\" in (next_url or "") or any(ord(ch) < 32 or ord(ch) == 127 for ch in (next_url or "")):',
    '        return HUBFLEET_SEB_BASE_URL + "hub/"',
    '    return next_url',
    '',
    '',
    'def hubfleet_seb_exempt(path):',
    '    """Paths without the mark: the gate itself, static files, health, logout and error pages, and what',
    '    the hub serves outside <base>hub/ (only redirects into it: app.py init_handlers), where the mark',
    '    cookie is not sent."""',
    '    hub = HUBFLEET_SEB_BASE_URL + "hub/"',
    '    if not path.startswith(hub):',
    '        return True',
    '    return path == HUBFLEET_SEB_GATE or path.startswith(hub + "static/") or path == hub + "health" or path.startswith(hub + "logout") or path.startswith(hub + "error/")',
    '',
    '',
    'def hubfleet_seb_page(action, xsrf, next_url):',
    '    e = _hubfleet_seb_html.escape',
    '    return HUBFLEET_SEB_PAGE % {"action": e(action), "xsrf": e(xsrf), "next": e(next_url)}',
  ].join('\n');
}

/** The JupyterHub glue: the gate handler and the check on every hub request. */
export function sebGateHubPython(): string {
  return [
    'from jupyterhub.handlers.base import BaseHandler as _HubfleetSebBaseHandler',
    'from jupyterhub.utils import get_browser_protocol as _hubfleet_seb_protocol',
    'from tornado import web as _hubfleet_seb_web',
    '',
    `HUBFLEET_SEB_CONFIG_KEYS = hubfleet_seb_keys(_hubfleet_seb_os.environ.get(${pyString(SEB_ENV.configKeys)}, ""))`,
    `HUBFLEET_SEB_BROWSER_EXAM_KEYS = hubfleet_seb_keys(_hubfleet_seb_os.environ.get(${pyString(SEB_ENV.browserExamKeys)}, ""))`,
    'if not HUBFLEET_SEB_CONFIG_KEYS or any(not _hubfleet_seb_re.fullmatch(r"[0-9a-f]{64}", k) for k in HUBFLEET_SEB_CONFIG_KEYS + HUBFLEET_SEB_BROWSER_EXAM_KEYS):',
    `    raise ValueError("hubfleet SEB gate: ${SEB_ENV.configKeys} must hold one or more Config Keys (64 hex characters each)")`,
    '',
    '',
    'def _hubfleet_seb_origin(handler):',
    '    return "%s://%s" % (_hubfleet_seb_protocol(handler.request), handler.request.host)',
    '',
    '',
    'def _hubfleet_seb_marked(handler):',
    '    return handler.get_secure_cookie(HUBFLEET_SEB_COOKIE, max_age_days=HUBFLEET_SEB_MARK_DAYS) == b"seb"',
    '',
    '',
    'def _hubfleet_seb_mark(handler):',
    '    # Path <base>hub/, as JupyterHub\'s own login cookie: the browser never sends it to user servers.',
    '    handler.set_secure_cookie(HUBFLEET_SEB_COOKIE, "seb", expires_days=None, path=HUBFLEET_SEB_BASE_URL + "hub/", httponly=True, secure=_hubfleet_seb_protocol(handler.request) == "https")',
    '',
    '',
    'class HubfleetSebGateHandler(_HubfleetSebBaseHandler):',
    '    """The gate: checks the Config Key (header, or SEB\'s JavaScript API) and marks the browser."""',
    '',
    '    def _secret(self):',
    '        return self.settings["cookie_secret"]',
    '',
    '    def _refuse(self, why):',
    '        self.log.warning("SEB gate refused %s: %s", self.request.headers.get("X-Forwarded-For", self.request.remote_ip), why)',
    '        self.set_status(403)',
    '        self.set_header("Content-Type", "text/plain; charset=utf-8")',
    '        self.set_header("Cache-Control", "no-store")',
    '        self.finish("403: this exam opens only in Safe Exam Browser with the exam\'s settings (%s).\\n" % why)',
    '',
    '    async def get(self):',
    '        next_url = hubfleet_seb_safe_next(self.get_argument("next", ""))',
    '        if not hubfleet_seb_nonce_ok(self._secret(), self.get_argument("n", "")):',
    '            self.redirect(HUBFLEET_SEB_GATE + "?" + _hubfleet_seb_url.urlencode({"n": hubfleet_seb_nonce(self._secret()), "next": next_url}))',
    '            return',
    '        url = _hubfleet_seb_origin(self) + self.request.uri',
    '        headers = self.request.headers',
    '        if hubfleet_seb_accepts(url, headers.get("X-SafeExamBrowser-ConfigKeyHash"), headers.get("X-SafeExamBrowser-RequestHash"), HUBFLEET_SEB_CONFIG_KEYS, HUBFLEET_SEB_BROWSER_EXAM_KEYS):',
    '            _hubfleet_seb_mark(self)',
    '            self.log.info("SEB gate: keys in the headers are valid for %s", url)',
    '            self.redirect(next_url)',
    '            return',
    '        # No header (SEB for macOS/iOS, or a request that did not carry it): ask the JavaScript API.',
    '        self.set_header("Content-Type", "text/html; charset=utf-8")',
    '        self.set_header("Cache-Control", "no-store")',
    '        self.finish(hubfleet_seb_page(HUBFLEET_SEB_GATE, self.xsrf_token.decode("ascii"), next_url))',
    '',
    '    async def post(self):',
    '        reported = self.get_body_argument("url", "")',
    '        if not hubfleet_seb_gate_url_ok(reported, _hubfleet_seb_origin(self), self._secret()):',
    '            return self._refuse("the page URL is not this hub\'s gate, or it expired: reload the exam")',
    '        if not hubfleet_seb_accepts(reported, self.get_body_argument("config_key", ""), self.get_body_argument("browser_exam_key", ""), HUBFLEET_SEB_CONFIG_KEYS, HUBFLEET_SEB_BROWSER_EXAM_KEYS):',
    '            return self._refuse("the Safe Exam Browser keys do not match this exam")',
    '        _hubfleet_seb_mark(self)',
    '        self.log.info("SEB gate: keys from the JavaScript API are valid for %s", reported.split("?", 1)[0])',
    '        self.redirect(hubfleet_seb_safe_next(self.get_body_argument("next", "")))',
    '',
    '',
    '_hubfleet_seb_previous_prepare = _HubfleetSebBaseHandler.prepare',
    '',
    '',
    'async def _hubfleet_seb_prepare(self):',
    '    forwarded = self.request.headers.get("X-Forwarded-For")',
    '    checked = forwarded is not None and not hubfleet_seb_exempt(self.request.path)',
    '    # Clients outside the exam ranges are refused by the range check first (lib/hub/hub/client-range.ts).',
    '    if checked and "hubfleet_client_allowed" in globals() and not hubfleet_client_allowed(forwarded):',
    '        checked = False',
    '    if checked and not _hubfleet_seb_marked(self):',
    '        if self.request.method in ("GET", "HEAD") and not self.request.path.startswith(HUBFLEET_SEB_BASE_URL + "hub/api/"):',
    '            self.redirect(HUBFLEET_SEB_GATE + "?" + _hubfleet_seb_url.urlencode({"next": self.request.uri}))',
    '            return',
    '        self.set_status(403)',
    '        self.set_header("Content-Type", "text/plain; charset=utf-8")',
    '        self.finish("403: this exam opens only in Safe Exam Browser.\\n")',
    '        return',
    '    return await _hubfleet_seb_previous_prepare(self)',
    '',
    '',
    '_HubfleetSebBaseHandler.prepare = _hubfleet_seb_prepare',
    '# JupyterHub 5.5 app.py init_handlers mounts extra_handlers under /hub/ (deprecated since 3.1, still supported: it logs a warning).',
    'c.JupyterHub.extra_handlers = [(r"/seb-gate", HubfleetSebGateHandler)]',
  ].join('\n');
}
