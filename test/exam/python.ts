import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** CI has python3 (stdlib only): no jupyterhub, no tornado. */
export const hasPython = spawnSync('python3', ['--version']).status === 0;

/**
 * Stand-ins for the parts of JupyterHub 5.5 and Tornado the rendered code touches, with the same
 * interface (names, signatures, behaviour the code relies on). Installed only when the real module
 * is missing, so the same programs run against real JupyterHub in the harness.
 * - jupyterhub/auth.py Authenticator: `normalize_username` lowercases (and applies username_map),
 *   `log` is a logger, `authenticate(handler, data)` is a coroutine, `get_authenticated_user`
 *   calls it and normalizes the name (the allow and block lists are left out).
 * - jupyterhub/handlers/base.py BaseHandler: `prepare` is a coroutine; `request.headers`,
 *   `set_status`, `set_header`, `finish`, `redirect`, `get_secure_cookie`/`set_secure_cookie`
 *   (tornado.web.RequestHandler, signed with the cookie secret), `xsrf_token`, `hub.base_url`.
 * - jupyterhub/utils.py get_browser_protocol: the first proto of X-Forwarded-Proto (or Forwarded),
 *   else the connection's (copied behaviour).
 * - tornado.web.HTTPError(status_code, log_message).
 */
export const STUBS = String.raw`
import sys, types, logging, hmac, hashlib, base64, time, json

def _ensure(name):
    try:
        __import__(name)
        return False
    except ImportError:
        return True

if _ensure("tornado.web"):
    tornado = sys.modules.setdefault("tornado", types.ModuleType("tornado"))
    web = types.ModuleType("tornado.web")
    class HTTPError(Exception):
        def __init__(self, status_code=500, log_message=None, *args, **kwargs):
            super().__init__(status_code, log_message)
            self.status_code = status_code
            self.log_message = log_message
    class RequestHandler:
        pass
    web.HTTPError = HTTPError
    web.RequestHandler = RequestHandler
    tornado.web = web
    sys.modules["tornado.web"] = web

if _ensure("jupyterhub.auth"):
    jh = sys.modules.setdefault("jupyterhub", types.ModuleType("jupyterhub"))
    auth = types.ModuleType("jupyterhub.auth")
    class Authenticator:
        username_map = {}
        allow_all = True
        def __init__(self, **kw):
            self.log = logging.getLogger("stub-authenticator")
        def normalize_username(self, username):
            username = username.lower()
            return self.username_map.get(username, username)
        async def get_authenticated_user(self, handler, data):
            # jupyterhub/auth.py 5.5: authenticate, then normalize (allow and block lists left out).
            authenticated = self.authenticate(handler, data)
            if hasattr(authenticated, "__await__"):
                authenticated = await authenticated
            if authenticated is None:
                return None
            if not isinstance(authenticated, dict):
                authenticated = {"name": authenticated}
            authenticated["name"] = self.normalize_username(authenticated["name"])
            return authenticated
    auth.Authenticator = Authenticator
    jh.auth = auth
    sys.modules["jupyterhub.auth"] = auth
    utils = types.ModuleType("jupyterhub.utils")
    def get_browser_protocol(request):
        headers = request.headers
        if "Forwarded" in headers:
            first = headers["Forwarded"].split(",", 1)[0].strip()
            for part in first.split(";"):
                k, _, v = part.partition("=")
                if k.strip().lower() == "proto":
                    return v.strip().strip('"').lower()
        if "X-Scheme" in headers:
            return headers["X-Scheme"].split(",", 1)[0].strip().lower()
        if "X-Forwarded-Proto" in headers:
            return headers["X-Forwarded-Proto"].split(",", 1)[0].strip().lower()
        return request.protocol
    utils.get_browser_protocol = get_browser_protocol
    jh.utils = utils
    sys.modules["jupyterhub.utils"] = utils
    handlers = types.ModuleType("jupyterhub.handlers")
    base = types.ModuleType("jupyterhub.handlers.base")
    class BaseHandler:
        async def prepare(self):
            return None
    base.BaseHandler = BaseHandler
    handlers.base = base
    jh.handlers = handlers
    sys.modules["jupyterhub.handlers"] = handlers
    sys.modules["jupyterhub.handlers.base"] = base
`;

/** A config object that records `c.X.y = v` (as the hub-config compile tests do). */
export const RECORDING_CONFIG = String.raw`
class _Section(dict):
    def __getattr__(self, k):
        return self[k]
    def __setattr__(self, k, v):
        self[k] = v
class _Config(dict):
    def __getattr__(self, k):
        return self.setdefault(k, _Section())
c = _Config()
def get_config():
    return c
`;

/** Run a Python program (stubs first); returns stdout. */
export function runPython(program: string, opts: { env?: Record<string, string>; args?: string[]; cwd?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-py-'));
  const file = path.join(dir, 'prog.py');
  fs.writeFileSync(file, `${STUBS}\n${program}\n`);
  try {
    return execFileSync('python3', [file, ...(opts.args ?? [])], { env: { PATH: process.env.PATH ?? '', ...opts.env }, cwd: opts.cwd ?? dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
