import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Is python3 on this machine (the rendered configs are run in it)? */
export function hasPython(): boolean {
  return spawnSync('python3', ['--version']).status === 0;
}

/** The env the rendered configs read their secrets from. */
const CONFIG_ENV = { HUBFLEET_LTI11_SECRET_0: 's', HUBFLEET_LDAP_SEARCH_PASSWORD: 'p', HUBFLEET_OAUTH_CLIENT_SECRET: 'o', HUBFLEET_NGSHARE_TOKEN: 't', HUBFLEET_DUMMY_PASSWORD: 'd' };

/**
 * Execute a rendered jupyterhub_config.py under python3 against a recording config object `cfg`
 * (no JupyterHub needed; stand-ins for the modules hooks import when they are not installed), then
 * run `tail` (Python that prints the answer) with `sys.argv[2:]` = args. Returns what it printed.
 */
export function runConfig(config: string, tail: string, args: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubcfg-'));
  const file = path.join(dir, 'jupyterhub_config.py');
  fs.writeFileSync(file, config);
  try {
    execFileSync('python3', ['-m', 'py_compile', file]);
    const runner = `
import json, sys, types
for mod, names in {"jupyterhub.handlers.base": ["BaseHandler"], "oauthenticator.generic": ["GenericOAuthenticator"]}.items():
    try:
        __import__(mod)
    except ImportError:
        parts = mod.split(".")
        for i in range(1, len(parts) + 1):
            sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
        for n in names:
            setattr(sys.modules[mod], n, type(n, (), {"prepare": lambda self: None}))
class Section(dict):
    def __getattr__(self, k): return self.get(k)
    def __setattr__(self, k, v): self[k] = v
class Config(dict):
    def __getattr__(self, k): return self.setdefault(k, Section())
cfg = Config()
env = {"get_config": lambda: cfg, "__name__": "__config__"}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), env)
${tail}
`;
    return execFileSync('python3', ['-c', runner, file, ...args], { env: { ...process.env, ...CONFIG_ENV } }).toString();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

