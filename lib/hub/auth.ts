import { checkRules, Issue, PropRule } from '../core/errors';
import { describeOptions } from '../core/props-check';
import { httpsUrlProblem } from '../core/value-rules';
import { ISecretKeyRef, SecretKeyRef } from '../secrets/secret-ref';
import { py, PyConfig, pyEnv, PyExpr, PySet, pyString } from './hub/python';

/** LTI role names (the last part of the role URI) that make a user a hub admin and grader. */
export const DEFAULT_STAFF_ROLES: readonly string[] = ['Instructor', 'TeachingAssistant', 'ContentDeveloper', 'Administrator'];

/** Options shared by every login method. */
export interface CommonAuthOptions {
  /** Usernames that are hub admins from the start. @default [] */
  readonly adminUsers?: readonly string[];
}

/** LTI 1.3 (e.g. from Moodle): the platform's facts from "View configuration details". */
export interface Lti13Options extends CommonAuthOptions {
  /** The platform ID (`issuer`); for Moodle its wwwroot, e.g. `https://moodle.example.org`. */
  readonly issuer: string;
  /** The client ID(s) the platform gave the tool. */
  readonly clientIds: readonly string[];
  /** The platform's OIDC authentication request URL; Moodle: `<wwwroot>/mod/lti/auth.php`. */
  readonly authorizeUrl: string;
  /** The platform's public keyset URL; Moodle: `<wwwroot>/mod/lti/certs.php`. */
  readonly jwksEndpoint: string;
  /**
   * The platform's OAuth 2 access token URL, for the services the tool calls (grades); Moodle:
   * `<wwwroot>/mod/lti/token.php`, Canvas: `https://sso.canvaslms.com/login/oauth2/token`.
   * @default undefined (HubAuth.moodle sets Moodle's)
   */
  readonly tokenUrl?: string;
  /** `aud` of the tool's token requests, when the platform names one (D2L Brightspace does). @default tokenUrl */
  readonly tokenAudience?: string;
  /**
   * ID-token claim that becomes the username; `custom_<x>` reads custom parameter `x`.
   * @default 'email' (ltiauthenticator's default; `sub` when missing)
   */
  readonly usernameKey?: string;
  /** LTI roles (last part of the role URI) that become admins and graders. @default DEFAULT_STAFF_ROLES */
  readonly staffRoles?: readonly string[];
  /**
   * Do staff (by `staffRoles`) become full hub admins? Admins can open every student's server and
   * act as any user; graders only (false) get the `course-grader` role. Leaving it out keeps admins
   * and gives the warning `lti-staff-admins`: say it explicitly.
   * @default true
   */
  readonly staffAdmins?: boolean;
  /**
   * JupyterHub groups from LTI roles: group → role names (last part of the role URI) whose holders
   * join it at every launch, e.g. `{ 'gpu-users': ['Instructor', 'TeachingAssistant'] }`. Profiles
   * name these groups (ServerProfile `groups`).
   * @default {}
   */
  readonly roleGroups?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Canvas as LTI 1.3 platform. Instructure-hosted Canvas uses one issuer per environment whatever the
 * institution's domain, and serves the OIDC authorization endpoint and its public keys from
 * sso.canvaslms.com (canvas-lms doc/api/lti_launch_overview.md, Step 1 and Step 2;
 * doc/api/lti_dev_key_config.md, "Configuring Canvas in the Tool"). A self-hosted Canvas is its own
 * issuer (config/security.yml) and serves both endpoints itself.
 */
export interface CanvasOptions extends Omit<Lti13Options, 'issuer' | 'clientIds' | 'authorizeUrl' | 'jwksEndpoint'> {
  /** Instructure's environment the launches come from. @default 'production' */
  readonly environment?: 'production' | 'beta' | 'test';
  /**
   * A Canvas the university hosts itself, e.g. `https://canvas.example.edu`: issuer and endpoints
   * are its own. Leave unset for Instructure-hosted Canvas (any `*.instructure.com` domain).
   * @default undefined (Instructure-hosted)
   */
  readonly selfHostedUrl?: string;
  /**
   * The issuer a self-hosted Canvas sends (`lti_iss` in its config/security.yml).
   * @default selfHostedUrl
   */
  readonly selfHostedIssuer?: string;
}

/** Instructure-hosted Canvas per environment: issuer, OIDC authorization endpoint, public keyset. */
export const CANVAS_CLOUD: Readonly<Record<'production' | 'beta' | 'test', { readonly issuer: string; readonly authorizeUrl: string; readonly jwksEndpoint: string }>> = {
  production: { issuer: 'https://canvas.instructure.com', authorizeUrl: 'https://sso.canvaslms.com/api/lti/authorize_redirect', jwksEndpoint: 'https://sso.canvaslms.com/api/lti/security/jwks' },
  beta: { issuer: 'https://canvas.beta.instructure.com', authorizeUrl: 'https://sso.beta.canvaslms.com/api/lti/authorize_redirect', jwksEndpoint: 'https://sso.beta.canvaslms.com/api/lti/security/jwks' },
  test: { issuer: 'https://canvas.test.instructure.com', authorizeUrl: 'https://sso.test.canvaslms.com/api/lti/authorize_redirect', jwksEndpoint: 'https://sso.test.canvaslms.com/api/lti/security/jwks' },
};

/** LTI 1.1 (legacy LMS integrations). */
export interface Lti11Options extends CommonAuthOptions {
  /** Consumer key → reference to the sealed shared secret. */
  readonly consumers: Readonly<Record<string, ISecretKeyRef>>;
  /** Launch parameter that becomes the username. @default 'user_id' */
  readonly usernameKey?: string;
  /** LTI roles (last part) that become admins and graders. @default DEFAULT_STAFF_ROLES */
  readonly staffRoles?: readonly string[];
  /** As {@link Lti13Options.staffAdmins}. @default true */
  readonly staffAdmins?: boolean;
  /** As {@link Lti13Options.roleGroups}. @default {} */
  readonly roleGroups?: Readonly<Record<string, readonly string[]>>;
}

/** LDAP (ldapauthenticator 2). */
export interface LdapOptions extends CommonAuthOptions {
  /** LDAP server host name. */
  readonly serverAddress: string;
  /** @default 389 for before_bind, 636 for on_connect */
  readonly serverPort?: number;
  /** `before_bind` (StartTLS) or `on_connect` (LDAPS). @default 'before_bind' */
  readonly tlsStrategy?: 'before_bind' | 'on_connect';
  /** Look the user's DN up with a search account (needed for Active Directory and most campus LDAPs). */
  readonly lookup?: {
    readonly userSearchBase: string;
    /** @default 'uid' */
    readonly userAttribute?: string;
    /** DN of the search account. */
    readonly searchUser: string;
    /** Reference to the sealed search-account password. */
    readonly searchPassword: ISecretKeyRef;
    /** @default same as userAttribute */
    readonly userDnAttribute?: string;
  };
  /** DN template(s) when no lookup is used, e.g. `uid={username},ou=people,dc=example,dc=org`. @default [] */
  readonly bindDnTemplates?: readonly string[];
  /** Group DNs whose members may log in; empty means every LDAP account of the course. @default [] */
  readonly allowedGroups?: readonly string[];
}

/** Generic OAuth2 / OpenID Connect (oauthenticator's GenericOAuthenticator). */
export interface OAuth2Options extends CommonAuthOptions {
  readonly clientId: string;
  /** Reference to the sealed client secret. */
  readonly clientSecret: ISecretKeyRef;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly userdataUrl: string;
  /** @default 'preferred_username' */
  readonly usernameClaim?: string;
  /** @default ['openid', 'profile', 'email'] */
  readonly scope?: readonly string[];
  /**
   * Is this the university's own identity provider (accounts exist only for its members)? Only then
   * may `allowAllAccounts` admit every account. A public provider needs an allow rule.
   * @default false
   */
  readonly institutional?: boolean;
  /** Admit every account of the provider; only with `institutional: true`. @default false */
  readonly allowAllAccounts?: boolean;
  /** Usernames that may log in. @default [] */
  readonly allowedUsers?: readonly string[];
  /** Groups (from the groups claim, see `groupsKey`) whose members may log in. @default [] */
  readonly allowedGroups?: readonly string[];
  /** E-mail domains (the `email` claim, unless `email_verified` is false) whose accounts may log in. @default [] */
  readonly allowedEmailDomains?: readonly string[];
  /** Groups whose members are admins (and so may log in: oauthenticator admits admins). @default [] */
  readonly adminGroups?: readonly string[];
  /** Path of the groups list in auth_state. @default 'oauth_user.groups' */
  readonly groupsKey?: string;
  /** Name on the login button. @default 'university login' */
  readonly loginService?: string;
}

/** GitHub login (oauthenticator's GitHubOAuthenticator); GitHub is public, so an allow rule is required. */
export interface GitHubOptions extends CommonAuthOptions {
  readonly clientId: string;
  /** Reference to the sealed client secret. */
  readonly clientSecret: ISecretKeyRef;
  /** GitHub usernames that may log in. @default [] */
  readonly allowedUsers?: readonly string[];
  /** Organisations (`org`) or teams (`org:team-slug`) whose members may log in (scope read:org). @default [] */
  readonly allowedOrganizations?: readonly string[];
}

/** Google login (oauthenticator's GoogleOAuthenticator); Google is public, so an allow rule is required. */
export interface GoogleOptions extends CommonAuthOptions {
  readonly clientId: string;
  /** Reference to the sealed client secret. */
  readonly clientSecret: ISecretKeyRef;
  /** Google Workspace domains (the `hd` claim) whose accounts may log in. @default [] */
  readonly hostedDomains?: readonly string[];
  /** E-mail addresses (usernames) that may log in. @default [] */
  readonly allowedUsers?: readonly string[];
}

/** Dummy login for trials: any username, one shared password (or none). */
export interface DummyOptions extends CommonAuthOptions {
  /** Reference to a sealed shared password. @default undefined (any password) */
  readonly password?: ISecretKeyRef;
}

/** What a login method adds to the hub. */
export interface AuthContext {
  /** The hub's public URL, e.g. `https://intro.teaching.example.org/` (for callbacks). */
  readonly publicUrl: string;
  /** The group that graders join. */
  readonly graderGroup: string;
  /** Groups profiles are restricted to (the login must put users in them). @default [] */
  readonly profileGroups?: readonly string[];
}

/** An https URL without credentials, query or characters that end a string elsewhere (lib/core/value-rules.ts). */
const URL_RE = { test: (u: unknown) => httpsUrlProblem(u) === undefined };

/**
 * How users log in to a hub: one typed choice per hub. External credentials are only ever
 * {@link ISecretKeyRef}s, which reach the hub as environment variables from Secrets.
 */
export abstract class HubAuth {
  /** LTI 1.3 from any platform. */
  static lti13(o: Lti13Options): HubAuth {
    return describeOptions(new Lti13Auth(o), 'Lti13Options', o);
  }

  /**
   * LTI 1.3 from Moodle: derives issuer, authorize and keyset URLs from Moodle's address.
   * @param moodleUrl Moodle's wwwroot, e.g. `https://moodle.example.org`
   */
  static moodle(moodleUrl: string, clientIds: readonly string[], o: Omit<Lti13Options, 'issuer' | 'clientIds' | 'authorizeUrl' | 'jwksEndpoint' | 'tokenUrl' | 'tokenAudience'> = {}): HubAuth {
    const root = moodleUrl.replace(/\/+$/, '');
    return describeOptions(
      new Lti13Auth({ ...o, issuer: root, clientIds, authorizeUrl: `${root}/mod/lti/auth.php`, jwksEndpoint: `${root}/mod/lti/certs.php`, tokenUrl: `${root}/mod/lti/token.php` }),
      'Lti13Options',
      o,
    );
  }

  /**
   * LTI 1.3 from Canvas: Instructure's issuer and endpoints for the environment (or a self-hosted
   * Canvas's own). The client ID is the developer key's ID (Admin → Developer Keys, "Details").
   * @param clientIds the LTI developer key ID(s), e.g. `['10000000000123']`
   */
  static canvas(clientIds: readonly string[], o: CanvasOptions = {}): HubAuth {
    const { environment, selfHostedUrl, selfHostedIssuer, ...rest } = o;
    const root = selfHostedUrl?.replace(/\/+$/, '');
    const platform = root
      ? { issuer: selfHostedIssuer ?? root, authorizeUrl: `${root}/api/lti/authorize_redirect`, jwksEndpoint: `${root}/api/lti/security/jwks` }
      : CANVAS_CLOUD[environment ?? 'production'] ?? CANVAS_CLOUD.production;
    return describeOptions(new Lti13Auth({ ...rest, clientIds, ...platform }), 'CanvasOptions', o);
  }

  static lti11(o: Lti11Options): HubAuth {
    return describeOptions(new Lti11Auth(o), 'Lti11Options', o);
  }

  static ldap(o: LdapOptions): HubAuth {
    return describeOptions(new LdapAuth(o), 'LdapOptions', o);
  }

  static oauth2(o: OAuth2Options): HubAuth {
    return describeOptions(new OAuth2Auth(o), 'OAuth2Options', o);
  }

  static github(o: GitHubOptions): HubAuth {
    return new GitHubAuth(o);
  }

  static google(o: GoogleOptions): HubAuth {
    return new GoogleAuth(o);
  }

  /** Trials only: anyone can log in with any name (a synth error in exam hubs, a warning elsewhere). */
  static dummy(o: DummyOptions = {}): HubAuth {
    return describeOptions(new DummyAuth(o), 'DummyOptions', o);
  }

  /** Short name of the method (`lti13`, `lti11`, `ldap`, `oauth2`, `github`, `google`, `dummy`). */
  abstract readonly kind: string;
  protected abstract readonly common: CommonAuthOptions;

  /** Environment variables the hub container needs (from Secrets). */
  env(): Array<{ name: string; valueFrom: ReturnType<typeof SecretKeyRef.envValueFrom> }> {
    return [];
  }

  /** TCP ports the hub must reach outside the cluster for this login method. */
  egressPorts(): number[] {
    return [443];
  }

  /** The LTI 1.3 platform the hub trusts (issuer, client ids, token URL); undefined for other logins. */
  ltiPlatform(): { readonly issuer: string; readonly clientIds: readonly string[]; readonly tokenUrl?: string; readonly tokenAudience?: string } | undefined {
    return undefined;
  }

  /** Does the hub check a password itself (the login throttle applies: lib/hub/hub/login-throttle.ts)? */
  get passwordLogin(): boolean {
    return false;
  }

  /** Check the options; each rule has a test. */
  abstract validate(path: string): Issue[];

  /**
   * Why this login cannot put users in `groups` (which profiles are restricted to), or undefined
   * when it can. Logins without group information (GitHub, Google, the dummy) can put nobody in one.
   */
  profileGroupsProblem(groups: readonly string[], graderGroup: string): string | undefined {
    return groups.length ? `the ${this.kind} login puts users in no JupyterHub group (${groups.join(', ')} would stay empty)` : undefined;
  }

  /** Write the authenticator's settings. */
  abstract configure(cfg: PyConfig, ctx: AuthContext): void;

  protected configureAdmins(cfg: PyConfig): void {
    if (this.common.adminUsers?.length) cfg.set('Authenticator', 'admin_users', new PySet(this.common.adminUsers));
  }

  /** LTI: map staff roles to admin and the grader group (JupyterHub manages the group from each login). */
  protected configureLtiRoles(cfg: PyConfig, ctx: AuthContext, staffRoles: readonly string[], staffAdmins = true, roleGroups: Readonly<Record<string, readonly string[]>> = {}): void {
    const byRole = Object.entries(roleGroups).filter(([, roles]) => roles.length > 0);
    cfg.set('Authenticator', 'manage_groups', true);
    cfg.code(
      [
        `HUBFLEET_STAFF_ROLES = ${staffRoles.length ? `{${[...staffRoles].sort().map(pyString).join(', ')}}` : 'set()'}`,
        `HUBFLEET_GRADER_GROUP = ${pyString(ctx.graderGroup)}`,
        `HUBFLEET_STAFF_ADMINS = ${staffAdmins ? 'True' : 'False'}`,
        ...(byRole.length ? [`HUBFLEET_ROLE_GROUPS = ${py(Object.fromEntries(byRole.map(([g, roles]) => [g, new PySet([...roles])])))}`] : []),
        '',
        '',
        'def hubfleet_lti_roles(authenticator, handler, authentication):',
        '    """Instructors and teaching assistants (by LTI role) become graders (and admins if chosen)."""',
        '    state = authentication.get("auth_state") or {}',
        '    roles = state.get("https://purl.imsglobal.org/spec/lti/claim/roles") or state.get("roles") or []',
        '    if isinstance(roles, str):',
        '        roles = roles.split(",")',
        '    names = {re.split(r"[#/:]", str(r).strip())[-1] for r in roles}',
        '    staff = bool(names & HUBFLEET_STAFF_ROLES)',
        '    if HUBFLEET_STAFF_ADMINS:',
        '        authentication["admin"] = staff',
        '    authentication["groups"] = [HUBFLEET_GRADER_GROUP] if staff else []',
        ...(byRole.length ? ['    authentication["groups"] += sorted(g for g, r in HUBFLEET_ROLE_GROUPS.items() if names & r and g not in authentication["groups"])'] : []),
        '    return authentication',
      ].join('\n'),
    );
    cfg.comment('The hook runs after every login: staff roles of this launch decide admin and grader.');
    cfg.set('Authenticator', 'post_auth_hook', new PyExpr('hubfleet_lti_roles'));
  }
}

/** Staff who become hub admins by default: a warning until the choice is explicit. */
function staffAdminWarning(path: string, o: { staffAdmins?: boolean; staffRoles?: readonly string[] }): Issue[] {
  if (o.staffAdmins !== undefined) return [];
  return [
    {
      path,
      field: 'auth.staffAdmins',
      value: undefined,
      message: `LTI staff (${(o.staffRoles ?? DEFAULT_STAFF_ROLES).join(', ')}) become full hub admins: they can open every student's server and act as any user.`,
      fix: 'set staffAdmins: true to keep that on purpose, or staffAdmins: false to make staff graders only.',
      rule: 'lti-staff-admins',
      severity: 'warning',
    },
  ];
}

/** LTI launches put users in the grader group and the groups of `roleGroups`; anything else stays empty. */
function ltiGroupsProblem(groups: readonly string[], graderGroup: string, roleGroups: Readonly<Record<string, readonly string[]>> = {}): string | undefined {
  const fromRoles = Object.keys(roleGroups).filter((g) => roleGroups[g].length > 0);
  const missing = groups.filter((g) => g !== graderGroup && !fromRoles.includes(g));
  return missing.length ? `LTI launches put users only in the grader group "${graderGroup}" and the groups of roleGroups (${fromRoles.join(', ') || 'none'}), so ${missing.join(', ')} would stay empty` : undefined;
}

class Lti13Auth extends HubAuth {
  readonly kind = 'lti13';
  constructor(protected readonly common: Lti13Options) {
    super();
  }

  profileGroupsProblem(groups: readonly string[], graderGroup: string): string | undefined {
    return ltiGroupsProblem(groups, graderGroup, this.common.roleGroups);
  }

  validate(path: string): Issue[] {
    const rules: PropRule<Lti13Options>[] = [
      { id: 'lti13-issuer', field: 'auth.issuer', value: (o) => o.issuer, ok: (o) => URL_RE.test(o.issuer), message: 'an LTI 1.3 hub needs the platform issuer (an https URL without query).', fix: 'set issuer to the platform ID, for Moodle its wwwroot (e.g. "https://moodle.example.org"), or use HubAuth.moodle(url, clientIds).' },
      { id: 'lti13-client-ids', field: 'auth.clientIds', value: (o) => o.clientIds, ok: (o) => Array.isArray(o.clientIds) && o.clientIds.length > 0 && o.clientIds.every((c) => typeof c === 'string' && c.trim() === c && c.length > 0), message: 'an LTI 1.3 hub needs at least one client ID.', fix: "copy the Client ID from the platform's tool configuration." },
      { id: 'lti13-urls', field: 'auth.authorizeUrl/jwksEndpoint/tokenUrl', value: (o) => [o.authorizeUrl, o.jwksEndpoint, o.tokenUrl], ok: (o) => URL_RE.test(o.authorizeUrl) && URL_RE.test(o.jwksEndpoint) && (o.tokenUrl === undefined || URL_RE.test(o.tokenUrl)), message: 'the authorize URL, the keyset URL and the token URL must be https URLs (no credentials, query or quotes).', fix: 'for Moodle: <wwwroot>/mod/lti/auth.php, <wwwroot>/mod/lti/certs.php and <wwwroot>/mod/lti/token.php.' },
    ];
    return [...checkRules(path, this.common, rules), ...staffAdminWarning(path, this.common)];
  }

  ltiPlatform() {
    const o = this.common;
    return { issuer: o.issuer, clientIds: o.clientIds, tokenUrl: o.tokenUrl, tokenAudience: o.tokenAudience };
  }

  configure(cfg: PyConfig, ctx: AuthContext): void {
    const o = this.common;
    cfg.set('JupyterHub', 'authenticator_class', 'ltiauthenticator.lti13.auth.LTI13Authenticator');
    cfg.set('LTI13Authenticator', 'issuer', o.issuer);
    cfg.set('LTI13Authenticator', 'client_id', new PySet(o.clientIds));
    cfg.set('LTI13Authenticator', 'authorize_url', o.authorizeUrl);
    cfg.set('LTI13Authenticator', 'jwks_endpoint', o.jwksEndpoint);
    cfg.set('LTI13Authenticator', 'username_key', o.usernameKey ?? 'email');
    cfg.set('LTI13Authenticator', 'uri_scheme', 'https');
    // JupyterHub 5 admits nobody unless an allow rule is set; every launch the platform signs may enter.
    cfg.set('Authenticator', 'allow_all', true);
    this.configureAdmins(cfg);
    this.configureLtiRoles(cfg, ctx, o.staffRoles ?? DEFAULT_STAFF_ROLES, o.staffAdmins ?? true, o.roleGroups);
  }
}

class Lti11Auth extends HubAuth {
  readonly kind = 'lti11';
  constructor(protected readonly common: Lti11Options) {
    super();
  }

  profileGroupsProblem(groups: readonly string[], graderGroup: string): string | undefined {
    return ltiGroupsProblem(groups, graderGroup, this.common.roleGroups);
  }

  private envName(i: number): string {
    return `HUBFLEET_LTI11_SECRET_${i}`;
  }

  env() {
    return Object.values(this.common.consumers).map((ref, i) => ({ name: this.envName(i), valueFrom: SecretKeyRef.envValueFrom(ref) }));
  }

  validate(path: string): Issue[] {
    return checkRules(path, this.common, [
      { id: 'lti11-consumers', field: 'auth.consumers', value: (o) => Object.keys(o.consumers ?? {}), ok: (o) => Object.keys(o.consumers ?? {}).length > 0, message: 'an LTI 1.1 hub needs at least one consumer key with its sealed secret.', fix: 'set consumers: { "<key>": SecretKeyRef or sealedSecret.key("<key>") }.' },
    ]).concat(staffAdminWarning(path, this.common));
  }

  configure(cfg: PyConfig, ctx: AuthContext): void {
    const o = this.common;
    cfg.set('JupyterHub', 'authenticator_class', 'ltiauthenticator.lti11.auth.LTI11Authenticator');
    const consumers: Record<string, ReturnType<typeof pyEnv>> = {};
    Object.keys(o.consumers).forEach((key, i) => (consumers[key] = pyEnv(this.envName(i))));
    cfg.set('LTI11Authenticator', 'consumers', consumers);
    cfg.set('LTI11Authenticator', 'username_key', o.usernameKey ?? 'user_id');
    cfg.set('LTI11Authenticator', 'uri_scheme', 'https');
    cfg.set('Authenticator', 'allow_all', true);
    this.configureAdmins(cfg);
    this.configureLtiRoles(cfg, ctx, o.staffRoles ?? DEFAULT_STAFF_ROLES, o.staffAdmins ?? true, o.roleGroups);
  }
}

class LdapAuth extends HubAuth {
  readonly kind = 'ldap';
  constructor(protected readonly common: LdapOptions) {
    super();
  }

  /** ldapauthenticator 2.0.2 looks up only the groups of `allowed_groups` (auth_state `ldap_groups`, ldapauthenticator.py). */
  profileGroupsProblem(groups: readonly string[]): string | undefined {
    const allowed = this.common.allowedGroups ?? [];
    const missing = groups.filter((g) => !allowed.includes(g));
    return missing.length ? `ldapauthenticator 2.0.2 looks up only the groups of allowedGroups, so ${missing.join(', ')} would stay empty (list their DNs in allowedGroups; their members may then log in too)` : undefined;
  }

  env() {
    return this.common.lookup ? [{ name: 'HUBFLEET_LDAP_SEARCH_PASSWORD', valueFrom: SecretKeyRef.envValueFrom(this.common.lookup.searchPassword) }] : [];
  }

  egressPorts(): number[] {
    return [this.port()];
  }

  get passwordLogin(): boolean {
    return true;
  }

  private port(): number {
    return this.common.serverPort ?? (this.common.tlsStrategy === 'on_connect' ? 636 : 389);
  }

  validate(path: string): Issue[] {
    return checkRules(path, this.common, [
      { id: 'ldap-server', field: 'auth.serverAddress', value: (o) => o.serverAddress, ok: (o) => /^[a-z0-9.-]+$/i.test(o.serverAddress ?? ''), message: 'the LDAP server must be a host name or IP address (no scheme).', fix: 'set serverAddress: "ldap.example.org".' },
      { id: 'ldap-dn', field: 'auth.lookup/bindDnTemplates', value: (o) => o.bindDnTemplates, ok: (o) => o.lookup !== undefined || (o.bindDnTemplates ?? []).some((t) => t.includes('{username}')), message: 'LDAP needs either a DN lookup or a bind DN template containing {username}.', fix: 'set lookup: { userSearchBase, searchUser, searchPassword } or bindDnTemplates: ["uid={username},ou=people,dc=example,dc=org"].' },
    ]);
  }

  configure(cfg: PyConfig, ctx?: AuthContext): void {
    const o = this.common;
    cfg.set('JupyterHub', 'authenticator_class', 'ldapauthenticator.LDAPAuthenticator');
    cfg.set('LDAPAuthenticator', 'server_address', o.serverAddress);
    cfg.set('LDAPAuthenticator', 'server_port', this.port());
    cfg.set('LDAPAuthenticator', 'tls_strategy', o.tlsStrategy ?? 'before_bind');
    if (o.lookup) {
      cfg.set('LDAPAuthenticator', 'lookup_dn', true);
      cfg.set('LDAPAuthenticator', 'user_search_base', o.lookup.userSearchBase);
      cfg.set('LDAPAuthenticator', 'user_attribute', o.lookup.userAttribute ?? 'uid');
      cfg.set('LDAPAuthenticator', 'lookup_dn_search_user', o.lookup.searchUser);
      cfg.set('LDAPAuthenticator', 'lookup_dn_search_password', pyEnv('HUBFLEET_LDAP_SEARCH_PASSWORD'));
      cfg.set('LDAPAuthenticator', 'lookup_dn_user_dn_attribute', o.lookup.userDnAttribute ?? o.lookup.userAttribute ?? 'uid');
    }
    if (o.bindDnTemplates?.length) cfg.set('LDAPAuthenticator', 'bind_dn_template', [...o.bindDnTemplates]);
    if (o.allowedGroups?.length) cfg.set('LDAPAuthenticator', 'allowed_groups', [...o.allowedGroups]);
    else cfg.set('Authenticator', 'allow_all', true);
    this.configureAdmins(cfg);
    if (ctx?.profileGroups?.length) {
      // Profiles for some users: the LDAP groups found at login become the user's JupyterHub groups.
      cfg.set('Authenticator', 'manage_groups', true);
      cfg.code(
        [
          'def hubfleet_ldap_groups(authenticator, handler, authentication):',
          '    """The groups of allowed_groups the user is in (ldapauthenticator\'s auth_state) become JupyterHub groups."""',
          '    state = authentication.get("auth_state") or {}',
          '    authentication["groups"] = sorted(state.get("ldap_groups") or [])',
          '    return authentication',
        ].join('\n'),
      );
      cfg.set('Authenticator', 'post_auth_hook', new PyExpr('hubfleet_ldap_groups'));
    }
  }
}

/** Client id, secret and callback of every OAuthenticator. */
function configureOAuthClient(cfg: PyConfig, cls: string, clientId: string, ctx: AuthContext): void {
  cfg.set(cls, 'client_id', clientId);
  cfg.set(cls, 'client_secret', pyEnv('HUBFLEET_OAUTH_CLIENT_SECRET'));
  cfg.set(cls, 'oauth_callback_url', `${ctx.publicUrl}hub/oauth_callback`);
}

const oauthClientRule = <T extends { clientId: string }>(id: string): PropRule<T> => ({ id, field: 'auth.clientId', value: (o) => o.clientId, ok: (o) => typeof o.clientId === 'string' && o.clientId.length > 0, message: 'the OAuth client ID is empty.', fix: 'register the hub with the identity provider and set clientId.' });
const nonEmpty = (xs?: readonly string[]) => (xs?.length ?? 0) > 0;

/** The e-mail domain allow rule: GenericOAuthenticator has none, so a subclass adds it to check_allowed. */
const EMAIL_DOMAIN_CLASS = [
  'from oauthenticator.generic import GenericOAuthenticator',
  '',
  '',
  'class HubfleetGenericOAuthenticator(GenericOAuthenticator):',
  '    """GenericOAuthenticator that also admits verified e-mail addresses of HUBFLEET_EMAIL_DOMAINS."""',
  '',
  '    async def check_allowed(self, username, auth_model):',
  '        if await super().check_allowed(username, auth_model):',
  '            return True',
  '        info = (auth_model.get("auth_state") or {}).get(self.user_auth_state_key) or {}',
  '        email = str(info.get("email") or "").lower()',
  '        if info.get("email_verified") is False or "@" not in email:',
  '            return False',
  '        return email.rsplit("@", 1)[1] in HUBFLEET_EMAIL_DOMAINS',
].join('\n');

/** An OAuthenticator login: its client secret reaches the hub as HUBFLEET_OAUTH_CLIENT_SECRET. */
abstract class OAuthClientAuth<O extends CommonAuthOptions & { readonly clientSecret: ISecretKeyRef }> extends HubAuth {
  constructor(protected readonly common: O) {
    super();
  }

  env() {
    return [{ name: 'HUBFLEET_OAUTH_CLIENT_SECRET', valueFrom: SecretKeyRef.envValueFrom(this.common.clientSecret) }];
  }
}

class OAuth2Auth extends OAuthClientAuth<OAuth2Options> {
  readonly kind = 'oauth2';

  /** The provider's groups claim (`groupsKey`) decides; hubfleet cannot know its group names. */
  profileGroupsProblem(): string | undefined {
    return undefined;
  }

  validate(path: string): Issue[] {
    return checkRules(path, this.common, [
      { id: 'oauth2-urls', field: 'auth.authorizeUrl/tokenUrl/userdataUrl', value: (o) => [o.authorizeUrl, o.tokenUrl, o.userdataUrl], ok: (o) => [o.authorizeUrl, o.tokenUrl, o.userdataUrl].every((u) => URL_RE.test(u)), message: 'the OAuth2 endpoints must be https URLs.', fix: "copy them from the identity provider's .well-known/openid-configuration." },
      oauthClientRule<OAuth2Options>('oauth2-client-id'),
      {
        id: 'oauth2-allow-rule', field: 'auth.allowedUsers/allowedGroups/allowedEmailDomains', value: (o) => ({ users: o.allowedUsers, groups: o.allowedGroups, domains: o.allowedEmailDomains }),
        ok: (o) => o.allowAllAccounts === true || nonEmpty(o.allowedUsers) || nonEmpty(o.allowedGroups) || nonEmpty(o.adminGroups) || nonEmpty(o.allowedEmailDomains) || nonEmpty(o.adminUsers),
        message: 'the OAuth login has no allow rule: JupyterHub 5 admits nobody, and admitting everyone would admit every account of the provider.',
        fix: 'set allowedUsers, allowedGroups or allowedEmailDomains; for the university\'s own identity provider, institutional: true with allowAllAccounts: true.',
      },
      {
        id: 'oauth2-allow-all-public', field: 'auth.allowAllAccounts', value: (o) => o.allowAllAccounts,
        ok: (o) => o.allowAllAccounts !== true || o.institutional === true,
        message: 'allowAllAccounts on a provider that is not marked institutional would admit every account anyone can create there.',
        fix: 'use an allow rule (users, groups, e-mail domains), or mark the university\'s own identity provider institutional: true.',
      },
      { id: 'oauth2-email-domains', field: 'auth.allowedEmailDomains', value: (o) => o.allowedEmailDomains, ok: (o) => (o.allowedEmailDomains ?? []).every((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d)), message: 'an e-mail domain is not a lowercase DNS name.', fix: 'write domains like "example.org" (no "@").' },
    ]);
  }

  configure(cfg: PyConfig, ctx: AuthContext): void {
    const o = this.common;
    const domains = o.allowedEmailDomains ?? [];
    if (domains.length) {
      cfg.code(`HUBFLEET_EMAIL_DOMAINS = {${[...domains].sort().map(pyString).join(', ')}}`);
      cfg.code(EMAIL_DOMAIN_CLASS);
      cfg.comment('Sections of GenericOAuthenticator apply to the subclass too (traitlets follows the class hierarchy).');
      cfg.set('JupyterHub', 'authenticator_class', new PyExpr('HubfleetGenericOAuthenticator'));
    } else {
      cfg.set('JupyterHub', 'authenticator_class', 'oauthenticator.generic.GenericOAuthenticator');
    }
    configureOAuthClient(cfg, 'GenericOAuthenticator', o.clientId, ctx);
    cfg.set('GenericOAuthenticator', 'authorize_url', o.authorizeUrl);
    cfg.set('GenericOAuthenticator', 'token_url', o.tokenUrl);
    cfg.set('GenericOAuthenticator', 'userdata_url', o.userdataUrl);
    cfg.set('GenericOAuthenticator', 'username_claim', o.usernameClaim ?? 'preferred_username');
    cfg.set('GenericOAuthenticator', 'scope', [...(o.scope ?? ['openid', 'profile', 'email'])]);
    cfg.set('GenericOAuthenticator', 'login_service', o.loginService ?? 'university login');
    if (nonEmpty(o.allowedGroups) || nonEmpty(o.adminGroups) || nonEmpty(ctx.profileGroups)) {
      // oauthenticator/oauth2.py _requires_manage_groups: the group traits need manage_groups.
      cfg.set('GenericOAuthenticator', 'manage_groups', true);
      cfg.set('GenericOAuthenticator', 'auth_state_groups_key', o.groupsKey ?? 'oauth_user.groups');
      if (nonEmpty(o.allowedGroups)) cfg.set('GenericOAuthenticator', 'allowed_groups', new PySet(o.allowedGroups!));
      if (nonEmpty(o.adminGroups)) cfg.set('GenericOAuthenticator', 'admin_groups', new PySet(o.adminGroups!));
    }
    if (nonEmpty(o.allowedUsers)) cfg.set('GenericOAuthenticator', 'allowed_users', new PySet(o.allowedUsers!));
    if (o.allowAllAccounts === true && o.institutional === true) cfg.set('GenericOAuthenticator', 'allow_all', true);
    this.configureAdmins(cfg);
  }
}

class GitHubAuth extends OAuthClientAuth<GitHubOptions> {
  readonly kind = 'github';

  validate(path: string): Issue[] {
    return checkRules(path, this.common, [
      oauthClientRule<GitHubOptions>('github-client-id'),
      { id: 'github-allow-rule', field: 'auth.allowedUsers/allowedOrganizations', value: (o) => [o.allowedUsers, o.allowedOrganizations], ok: (o) => nonEmpty(o.allowedUsers) || nonEmpty(o.allowedOrganizations), message: 'a GitHub login without an allow rule would admit nobody (JupyterHub 5), and allowing all would admit every GitHub account.', fix: 'set allowedOrganizations (e.g. ["my-university:course-staff"]) or allowedUsers.' },
      { id: 'github-organizations', field: 'auth.allowedOrganizations', value: (o) => o.allowedOrganizations, ok: (o) => (o.allowedOrganizations ?? []).every((x) => /^[A-Za-z0-9-]+(:[A-Za-z0-9_.-]+)?$/.test(x)), message: 'organisations are "org" or "org:team-slug", as in the GitHub URL.', fix: 'write e.g. "jupyterhub:mybinder-org-operators".' },
    ]);
  }

  configure(cfg: PyConfig, ctx: AuthContext): void {
    const o = this.common;
    cfg.set('JupyterHub', 'authenticator_class', 'oauthenticator.github.GitHubOAuthenticator');
    configureOAuthClient(cfg, 'GitHubOAuthenticator', o.clientId, ctx);
    // oauthenticator/github.py: private organisation and team membership needs read:org.
    cfg.set('GitHubOAuthenticator', 'scope', nonEmpty(o.allowedOrganizations) ? ['read:user', 'read:org'] : ['read:user']);
    if (nonEmpty(o.allowedOrganizations)) cfg.set('GitHubOAuthenticator', 'allowed_organizations', new PySet(o.allowedOrganizations!));
    if (nonEmpty(o.allowedUsers)) cfg.set('GitHubOAuthenticator', 'allowed_users', new PySet(o.allowedUsers!));
    this.configureAdmins(cfg);
  }
}

class GoogleAuth extends OAuthClientAuth<GoogleOptions> {
  readonly kind = 'google';

  validate(path: string): Issue[] {
    return checkRules(path, this.common, [
      oauthClientRule<GoogleOptions>('google-client-id'),
      { id: 'google-allow-rule', field: 'auth.hostedDomains/allowedUsers', value: (o) => [o.hostedDomains, o.allowedUsers], ok: (o) => nonEmpty(o.hostedDomains) || nonEmpty(o.allowedUsers), message: 'a Google login without an allow rule would admit nobody (JupyterHub 5), and allowing all would admit every Google account.', fix: 'set hostedDomains to the university\'s Workspace domain(s), or allowedUsers.' },
    ]);
  }

  configure(cfg: PyConfig, ctx: AuthContext): void {
    const o = this.common;
    cfg.set('JupyterHub', 'authenticator_class', 'oauthenticator.google.GoogleOAuthenticator');
    configureOAuthClient(cfg, 'GoogleOAuthenticator', o.clientId, ctx);
    if (nonEmpty(o.hostedDomains)) {
      // oauthenticator/google.py check_blocked_users refuses accounts outside hosted_domain (the hd
      // claim) before any allow rule, so allow_all admits exactly the Workspace's accounts.
      cfg.set('GoogleOAuthenticator', 'hosted_domain', [...o.hostedDomains!]);
      cfg.set('GoogleOAuthenticator', 'allow_all', true);
    }
    if (nonEmpty(o.allowedUsers)) cfg.set('GoogleOAuthenticator', 'allowed_users', new PySet(o.allowedUsers!));
    this.configureAdmins(cfg);
  }
}

class DummyAuth extends HubAuth {
  readonly kind = 'dummy';
  constructor(protected readonly common: DummyOptions) {
    super();
  }

  env() {
    return this.common.password ? [{ name: 'HUBFLEET_DUMMY_PASSWORD', valueFrom: SecretKeyRef.envValueFrom(this.common.password) }] : [];
  }

  egressPorts(): number[] {
    return [];
  }

  /** The shared-password login checks a password; the dummy without one does not. */
  get passwordLogin(): boolean {
    return this.common.password !== undefined;
  }

  validate(): Issue[] {
    return [];
  }

  configure(cfg: PyConfig): void {
    if (this.common.password) {
      // jupyterhub 5.5 jupyterhub/auth.py: DummyAuthenticator.password is deprecated since 5.3; the
      // shared-password authenticator (jupyterhub/authenticators/shared.py) takes over (≥ 8 characters).
      cfg.set('JupyterHub', 'authenticator_class', 'shared-password');
      cfg.set('SharedPasswordAuthenticator', 'user_password', pyEnv('HUBFLEET_DUMMY_PASSWORD'));
    } else {
      cfg.set('JupyterHub', 'authenticator_class', 'dummy');
    }
    cfg.set('Authenticator', 'allow_all', true);
    this.configureAdmins(cfg);
  }
}

/**
 * The dummy login admits anyone with any name: a synth error in an exam hub, a warning elsewhere
 * (it is meant for trials).
 */
export function dummyLoginIssues(path: string, auth: HubAuth, exam: boolean): Issue[] {
  if (auth.kind !== 'dummy') return [];
  return [
    {
      path,
      field: 'auth',
      value: 'dummy',
      message: exam ? 'an exam hub with the dummy login lets anyone in under any name.' : 'the dummy login lets anyone in under any name (trials only).',
      fix: 'use HubAuth.ldap, HubAuth.moodle/lti13 or an OAuth login with allow rules.',
      rule: exam ? 'exam-dummy-login' : 'hub-dummy-login',
      severity: exam ? 'error' : 'warning',
    },
  ];
}
