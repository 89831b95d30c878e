/**
 * The contracts of upstream JupyterHub, its authenticators and KubeSpawner, as rules over the
 * rendered hub config: what a real hub enforces at start (and exits 1 on), at login, or at spawn.
 * Each rule names the upstream file (at the versions the z2jh 4.4.0 hub image pins: jupyterhub
 * 5.5.0, kubespawner 7.0.0, ltiauthenticator 1.6.3, ldapauthenticator 2.0.2, oauthenticator
 * 17.4.0) and has a "fails …" test in test/hub/contracts.test.ts.
 */
import { checkRules, Issue, PropRule } from '../../core/errors';
import { envReads, PyExpr, PySet, PyValue } from './python';

/** The hub config as rendered: what each `c.Class.trait` is set to, and what the hub pod provides. */
export interface RenderedHubConfig {
  /** `Class.trait` → value (last assignment wins). */
  readonly traits: ReadonlyMap<string, PyValue>;
  /** Environment variables of the hub container. */
  readonly hubEnv: readonly string[];
}

/** Config sections that apply to an authenticator class, most specific first (traitlets follows the MRO). */
const AUTH_SECTIONS: Record<string, readonly string[]> = {
  'ltiauthenticator.lti13.auth.LTI13Authenticator': ['LTI13Authenticator'],
  'ltiauthenticator.lti11.auth.LTI11Authenticator': ['LTI11Authenticator'],
  'ldapauthenticator.LDAPAuthenticator': ['LDAPAuthenticator'],
  'oauthenticator.generic.GenericOAuthenticator': ['GenericOAuthenticator', 'OAuthenticator'],
  HubfleetGenericOAuthenticator: ['HubfleetGenericOAuthenticator', 'GenericOAuthenticator', 'OAuthenticator'],
  'oauthenticator.github.GitHubOAuthenticator': ['GitHubOAuthenticator', 'OAuthenticator'],
  'oauthenticator.google.GoogleOAuthenticator': ['GoogleOAuthenticator', 'OAuthenticator'],
  dummy: ['DummyAuthenticator'],
  'shared-password': ['SharedPasswordAuthenticator'],
};

function authClass(c: RenderedHubConfig): string {
  const v = c.traits.get('JupyterHub.authenticator_class');
  return v instanceof PyExpr ? v.code : String(v ?? '');
}

/** The effective value of an authenticator trait (subclass sections override `Authenticator`). */
export function authTrait(c: RenderedHubConfig, trait: string): PyValue {
  for (const s of [...(AUTH_SECTIONS[authClass(c)] ?? []), 'Authenticator']) {
    const v = c.traits.get(`${s}.${trait}`);
    if (v !== undefined) return v;
  }
  return undefined;
}

function size(v: PyValue): number {
  if (v instanceof PySet) return v.items.length;
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === 'object' && !(v instanceof PyExpr)) return Object.keys(v).length;
  return 0;
}

const isOAuth = (c: RenderedHubConfig) => (AUTH_SECTIONS[authClass(c)] ?? []).includes('OAuthenticator');
const services = (c: RenderedHubConfig) => (c.traits.get('JupyterHub.services') as Array<Record<string, PyValue>> | undefined) ?? [];
const roles = (c: RenderedHubConfig) => (c.traits.get('JupyterHub.load_roles') as Array<Record<string, PyValue>> | undefined) ?? [];
const ks = (c: RenderedHubConfig, t: string) => c.traits.get(`KubeSpawner.${t}`);
const BYTES = /^\d+(\.\d+)?[KMGT]$/;
const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const isInt = (v: PyValue) => typeof v === 'number' && Number.isInteger(v);

/** Whether some allow rule can admit a user (JupyterHub 5 admits nobody otherwise). */
function hasAllowRule(c: RenderedHubConfig): boolean {
  if (authTrait(c, 'allow_all') === true || authTrait(c, 'allow_existing_users') === true) return true;
  if (size(authTrait(c, 'allowed_users')) > 0) return true;
  const cls = authClass(c);
  if (cls === 'ldapauthenticator.LDAPAuthenticator') return size(authTrait(c, 'allowed_groups')) > 0;
  if (cls === 'oauthenticator.github.GitHubOAuthenticator' && size(authTrait(c, 'allowed_organizations')) > 0) return true;
  // oauthenticator/oauth2.py check_allowed: members of allowed_groups, and admins (admin_groups), get in.
  if (isOAuth(c) && authTrait(c, 'manage_groups') === true && (size(authTrait(c, 'allowed_groups')) > 0 || size(authTrait(c, 'admin_groups')) > 0)) return true;
  // oauthenticator/oauth2.py update_auth_model sets admin from admin_users before check_allowed admits admins.
  if (isOAuth(c) && size(authTrait(c, 'admin_users')) > 0) return true;
  // hubfleet's subclass (auth.ts) admits its e-mail domains in check_allowed; it exists only with domains.
  if (cls === 'HubfleetGenericOAuthenticator') return true;
  // dummy and shared-password default allow_all to True (jupyterhub/auth.py DummyAuthenticator._allow_all_default).
  return cls === 'dummy' || cls === 'shared-password';
}

/** KubeSpawner traits a profile may override (the ones hubfleet renders); an unknown key is set silently and does nothing. */
const OVERRIDABLE = new Set(['image', 'cpu_guarantee', 'cpu_limit', 'mem_guarantee', 'mem_limit', 'extra_resource_limits', 'extra_resource_guarantees', 'node_selector', 'tolerations', 'environment', 'default_url', 'volumes', 'volume_mounts', 'init_containers']);

function kubeSpawnerValuesOk(o: (t: string) => PyValue): boolean {
  const floats = ['cpu_guarantee', 'cpu_limit'].map(o).filter((v) => v !== undefined);
  const bytes = ['mem_guarantee', 'mem_limit'].map(o).filter((v) => v !== undefined);
  const extra = ['extra_resource_limits', 'extra_resource_guarantees'].map(o).filter((v) => v !== undefined) as Array<Record<string, PyValue>>;
  return (
    floats.every((v) => typeof v === 'number' && v > 0) &&
    bytes.every((v) => (typeof v === 'number' && Number.isInteger(v) && v > 0) || (typeof v === 'string' && BYTES.test(v))) &&
    extra.every((e) => Object.values(e).every((q) => typeof q === 'string' && QUANTITY.test(q)))
  );
}

function volumeNames(c: RenderedHubConfig): { volumes: string[]; mounts: string[]; init: string[] } {
  const names = (v: PyValue) => ((v as Array<Record<string, PyValue>> | undefined) ?? []).map((x) => String(x.name));
  const initMounts = ((ks(c, 'init_containers') as Array<Record<string, PyValue>> | undefined) ?? []).flatMap((i) => names(i.volumeMounts));
  return { volumes: names(ks(c, 'volumes')), mounts: [...names(ks(c, 'volume_mounts')), ...initMounts], init: names(ks(c, 'init_containers')) };
}

/** The contract rules over the rendered config; each has a "fails …" test. */
export const HUB_CONTRACT_RULES: readonly PropRule<RenderedHubConfig>[] = [
  // jupyterhub 5.5.0 jupyterhub/app.py init_groups(): raises ValueError("Group management has been
  // offloaded to the authenticator") and the hub exits 1.
  {
    id: 'jh-groups-offloaded', field: 'JupyterHub.load_groups', value: (c) => c.traits.get('JupyterHub.load_groups'),
    ok: (c) => !(authTrait(c, 'manage_groups') === true && size(c.traits.get('JupyterHub.load_groups')) > 0),
    message: 'the authenticator manages groups (manage_groups) and load_groups is set too: JupyterHub 5.5 refuses to start ("Group management has been offloaded to the authenticator").',
    fix: 'create groups through a role\'s "groups" in load_roles (JupyterHub creates them) and drop load_groups.',
  },
  // jupyterhub 5.5.0 jupyterhub/auth.py get_authenticated_user(): allow_all, then check_allowed; with
  // no allow rule every login is refused (check_allow_config only warns).
  {
    id: 'jh-allow-rule', field: 'Authenticator.allow_*', value: (c) => authClass(c), ok: hasAllowRule,
    message: 'no allow rule admits anyone: JupyterHub 5 refuses every login.',
    fix: 'give the login method an allow rule (users, groups, organisations, domains), or allowAllAccounts for the university\'s own identity provider.',
  },
  // oauthenticator 17.4.0 oauthenticator/oauth2.py _requires_manage_groups(): allowed_groups,
  // admin_groups and auth_state_groups_key raise ValueError at config load without manage_groups.
  {
    id: 'oauth-groups-manage', field: 'OAuthenticator.manage_groups', value: (c) => authTrait(c, 'manage_groups'),
    ok: (c) => !isOAuth(c) || authTrait(c, 'manage_groups') === true || ['allowed_groups', 'admin_groups', 'auth_state_groups_key'].every((t) => { const v = authTrait(c, t); return v === undefined || (typeof v !== 'string' && size(v) === 0); }),
    message: 'allowed_groups, admin_groups or auth_state_groups_key is set without manage_groups: oauthenticator raises at start.',
    fix: 'set manage_groups = True on the authenticator (hubfleet does when groups are used).',
  },
  // jupyterhub 5.5.0 jupyterhub/app.py init_users(): enable_auth_state without an encryption key
  // exits ("auth_state is enabled, but encryption is not available"); jupyterhub/crypto.py reads
  // JUPYTERHUB_CRYPT_KEY.
  {
    id: 'jh-auth-state-key', field: 'Authenticator.enable_auth_state', value: (c) => c.hubEnv.includes('JUPYTERHUB_CRYPT_KEY'),
    ok: (c) => authTrait(c, 'enable_auth_state') !== true || c.hubEnv.includes('JUPYTERHUB_CRYPT_KEY') || c.traits.has('CryptKeeper.keys'),
    message: 'auth state is enabled but the hub has no JUPYTERHUB_CRYPT_KEY: the hub exits at start.',
    fix: 'give the hub container JUPYTERHUB_CRYPT_KEY (hubfleet generates it in Secret hub-generated).',
  },
  // Python: os.environ["X"] in jupyterhub_config.py raises KeyError while the config loads.
  {
    id: 'jh-env-read', field: 'env', value: (c) => [...c.traits.values()].flatMap(envReads).filter((e) => !c.hubEnv.includes(e)),
    ok: (c) => [...c.traits.values()].flatMap(envReads).every((e) => c.hubEnv.includes(e)),
    message: 'the config reads environment variables the hub container does not have (KeyError at start).',
    fix: 'add the variables to the hub container (from a Secret) or stop reading them.',
  },
  // jupyterhub 5.5.0 jupyterhub/app.py init_services() / service_from_spec(): a name is required,
  // URLs must be http[s], names are unique; an external service (url, no command) authenticates
  // with the api_token it is given.
  {
    id: 'jh-services', field: 'JupyterHub.services', value: (c) => services(c).map((s) => s.name),
    ok: (c) => {
      const ss = services(c);
      const names = ss.map((s) => s.name);
      return new Set(names).size === names.length && ss.every((s) => typeof s.name === 'string' && s.name.length > 0 && (s.url === undefined || (typeof s.url === 'string' && /^https?:\/\/[^/\s]+/.test(s.url))) && (s.command !== undefined || s.url === undefined || s.api_token !== undefined));
    },
    message: 'a service has no name, a duplicate name, a URL that is not http[s], or is external without an api_token.',
    fix: 'give each service a unique name, an http(s) URL, and external ones an api_token from a Secret.',
  },
  // jupyterhub 5.5.0 jupyterhub/app.py init_role_assignment(): "Found undefined service … in role".
  {
    id: 'jh-role-services', field: 'JupyterHub.load_roles[].services', value: (c) => roles(c).flatMap((r) => (r.services as string[] | undefined) ?? []),
    ok: (c) => { const known = new Set(services(c).map((s) => s.name)); return roles(c).every((r) => ((r.services as string[] | undefined) ?? []).every((s) => known.has(s))); },
    message: 'a role names a service that is not defined: the hub exits at start.',
    fix: 'define the service in JupyterHub.services, or remove it from the role.',
  },
  // jupyterhub 5.5.0 jupyterhub/spawner.py (cpu_* Float, mem_* ByteSpecification in
  // jupyterhub/traitlets.py: an int, or a number with K, M, G or T; "2Gi" is a TraitError at spawn);
  // kubespawner 7.0.0 kubespawner/spawner.py extra_resource_limits go into the pod as quantities.
  {
    id: 'ks-resources', field: 'KubeSpawner.cpu_*/mem_*/extra_resource_*', value: (c) => ['cpu_guarantee', 'cpu_limit', 'mem_guarantee', 'mem_limit'].map((t) => ks(c, t)),
    ok: (c) => kubeSpawnerValuesOk((t) => ks(c, t)) && ((ks(c, 'profile_list') as Array<Record<string, PyValue>> | undefined) ?? []).every((p) => kubeSpawnerValuesOk((t) => (p.kubespawner_override as Record<string, PyValue>)?.[t])),
    message: 'a KubeSpawner resource has the wrong type or unit: CPU is a number, memory an int or "<n>K|M|G|T" (not "Gi"), extended resources quantity strings.',
    fix: 'write cpu as 0.5, memory as "2048M", GPUs as {"nvidia.com/gpu": "1"}.',
  },
  // kubespawner 7.0.0 kubespawner/spawner.py: uid, fs_gid Union(Int, Callable); start_timeout and
  // http_timeout Integer (jupyterhub/spawner.py); storage_capacity goes into the PVC as a quantity.
  {
    id: 'ks-integers', field: 'KubeSpawner.uid/fs_gid/start_timeout/http_timeout/storage_capacity', value: (c) => ['uid', 'fs_gid', 'start_timeout', 'http_timeout', 'storage_capacity'].map((t) => ks(c, t)),
    ok: (c) => ['uid', 'fs_gid', 'start_timeout', 'http_timeout'].every((t) => ks(c, t) === undefined || isInt(ks(c, t))) && (ks(c, 'storage_capacity') === undefined || (typeof ks(c, 'storage_capacity') === 'string' && QUANTITY.test(ks(c, 'storage_capacity') as string))),
    message: 'uid, fs_gid and the timeouts must be whole numbers and storage_capacity a quantity such as "10Gi".',
    fix: 'render whole numbers and a Kubernetes quantity.',
  },
  // kubespawner 7.0.0 kubespawner/spawner.py _init_profile_list / _apply_overrides: slugs identify
  // profiles; an override key that is not a trait is set with setattr and silently does nothing.
  {
    id: 'ks-profiles', field: 'KubeSpawner.profile_list', value: (c) => ((ks(c, 'profile_list') as Array<Record<string, PyValue>> | undefined) ?? []).map((p) => p.slug),
    ok: (c) => {
      const ps = (ks(c, 'profile_list') as Array<Record<string, PyValue>> | undefined) ?? [];
      const slugs = ps.map((p) => p.slug);
      return new Set(slugs).size === slugs.length && ps.filter((p) => p.default === true).length <= 1 && ps.every((p) => Object.keys((p.kubespawner_override as Record<string, PyValue>) ?? {}).every((k) => OVERRIDABLE.has(k)));
    },
    message: 'profiles have duplicate slugs, more than one default, or override keys that are not KubeSpawner traits.',
    fix: 'give each profile a unique slug, one default, and override only KubeSpawner traits.',
  },
  // Kubernetes pod validation (KubeSpawner creates the pod; the API server rejects it with 422 and
  // the spawn fails): volume names unique, every mount names a volume, init container names unique.
  {
    id: 'ks-volumes', field: 'KubeSpawner.volumes/volume_mounts/init_containers', value: (c) => volumeNames(c),
    ok: (c) => { const n = volumeNames(c); return new Set(n.volumes).size === n.volumes.length && n.mounts.every((m) => n.volumes.includes(m)) && new Set(n.init).size === n.init.length; },
    message: 'user-server volumes have duplicate names, a mount names no volume, or init containers share a name: Kubernetes rejects the pod.',
    fix: 'give volumes and init containers unique names and mount only declared volumes.',
  },
  // ltiauthenticator 1.6.3 ltiauthenticator/lti13/handlers.py: the callback verifies the id_token
  // against issuer, client_id (audience) and the keyset from jwks_endpoint; the login handler
  // redirects to authorize_url. Empty values refuse every launch.
  {
    id: 'lti13-endpoints', field: 'LTI13Authenticator.*', value: (c) => ['issuer', 'client_id', 'authorize_url', 'jwks_endpoint'].map((t) => c.traits.get(`LTI13Authenticator.${t}`)),
    ok: (c) => authClass(c) !== 'ltiauthenticator.lti13.auth.LTI13Authenticator' || (['issuer', 'authorize_url', 'jwks_endpoint'].every((t) => typeof c.traits.get(`LTI13Authenticator.${t}`) === 'string' && (c.traits.get(`LTI13Authenticator.${t}`) as string).length > 0) && size(c.traits.get('LTI13Authenticator.client_id')) > 0),
    message: 'an LTI 1.3 hub needs issuer, client_id, authorize_url and jwks_endpoint.',
    fix: 'use HubAuth.moodle(url, clientIds) or set every LTI 1.3 field.',
  },
];

/** Check a rendered hub config against the upstream contracts. */
export function checkHubContracts(path: string, c: RenderedHubConfig): Issue[] {
  return checkRules(path, c, HUB_CONTRACT_RULES);
}
