import { HubInventoryEntry } from '../model/declarations';
import { ClusterModel } from '../model/cluster-model';

/**
 * What an LMS administrator registers for an LTI hub, read from the hub's rendered
 * jupyterhub_config.py (the values the hub really runs with) and from ltiauthenticator 1.6.3:
 * - the tool's endpoints: `LTI13Authenticator.get_handlers` (ltiauthenticator/lti13/auth.py)
 *   registers `lti13/oauth_login`, `lti13/oauth_callback` and `lti13/config` under the hub's
 *   base URL, and nothing else: the tool has no key pair and serves no keyset (JWKS). It only
 *   verifies the platform's id_token against the platform's keyset (`jwks_endpoint`);
 * - the JSON a Canvas developer key reads ("Enter URL"): `LTI13ConfigHandler.get`
 *   (ltiauthenticator/lti13/handlers.py), reproduced by {@link canvasConfigJson}.
 * A hub with grades on (lib/grades) has a tool key after all: its grade service serves the key set
 * and calls the platform's token and AGS endpoints, so its sheet names the key set URL and the
 * services to enable ({@link LtiSheet.grades}).
 */

/** A Python literal as hubfleet's PyConfig renders it (strings, sets and lists of strings, booleans, numbers). */
export function parsePyLiteral(src: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    while (i < src.length && src[i] !== '"') {
      if (src[i] === '\\') {
        const n = src[++i];
        if (n === 'n') out += '\n';
        else if (n === 'r') out += '\r';
        else if (n === 't') out += '\t';
        else if (n === 'x') {
          out += String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16));
          i += 2;
        } else out += n;
        i++;
      } else out += src[i++];
    }
    i++;
    return out;
  };
  const value = (): unknown => {
    ws();
    const ch = src[i];
    if (ch === '"') return str();
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      const items: unknown[] = [];
      ws();
      while (i < src.length && src[i] !== close) {
        items.push(value());
        ws();
        if (src[i] === ',') i++;
        ws();
      }
      i++;
      return items;
    }
    const m = /^(True|False|None|set\(\)|-?\d+(?:\.\d+)?)/.exec(src.slice(i));
    if (!m) throw new Error(`not a literal hubfleet renders: ${src.slice(i, i + 30)}`);
    i += m[1].length;
    return m[1] === 'True' ? true : m[1] === 'False' ? false : m[1] === 'None' ? null : m[1] === 'set()' ? [] : Number(m[1]);
  };
  return value();
}

/** The last value the config assigns to `c.<cls>.<trait>`, or undefined. */
export function configTrait(configPy: string, cls: string, trait: string): unknown {
  let found: unknown;
  const prefix = `c.${cls}.${trait} = `;
  for (const line of configPy.split('\n')) if (line.startsWith(prefix)) found = parsePyLiteral(line.slice(prefix.length));
  return found;
}

/** The hub's rendered jupyterhub_config.py (ConfigMap `hub-config` of its namespace). */
export function hubConfigOf(model: ClusterModel, namespace: string): string | undefined {
  const cm = model.objects.find((o) => o.json.kind === 'ConfigMap' && o.json.metadata?.namespace === namespace && o.json.metadata?.name === 'hub-config');
  return cm?.json.data?.['jupyterhub_config.py'];
}

/** jupyterhub.utils.url_path_join: join with single slashes, keeping a leading and a trailing slash. */
export function urlPathJoin(...pieces: string[]): string {
  const initial = pieces[0].startsWith('/');
  const final = pieces[pieces.length - 1].endsWith('/');
  const stripped = pieces.map((s) => s.replace(/^\/+|\/+$/g, '')).filter((s) => s !== '');
  let out = stripped.join('/');
  if (initial) out = `/${out}`;
  if (final) out = `${out}/`;
  if (out === '//') out = '/';
  return out;
}

/** Python's json.dumps with its defaults (separators ", " and ": ", ensure_ascii), for exact bytes. */
export function pythonJsonDumps(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonJsonDumps).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(x)}`).join(', ')}}`;
}

/** ltiauthenticator 1.6.3 defaults (ltiauthenticator/lti13/auth.py). */
const TOOL_NAME = 'JupyterHub';
const TOOL_DESCRIPTION = 'Launch interactive Jupyter Notebooks with JupyterHub';

/**
 * The JSON the hub serves at `<hub>/hub/lti13/config`, as `LTI13ConfigHandler.get` in
 * ltiauthenticator 1.6.3 ltiauthenticator/lti13/handlers.py builds it for a request to the hub's
 * public host: `target_link_uri` is `<scheme>://<host>` (the request's host, no path), and
 * `oidc_initiation_url` is `login_url(url_path_join(target_link_uri, hub.server.base_url))`, where
 * the hub's server base URL is `<base_url>hub/`. The scheme is https (hubfleet sets
 * `uri_scheme = "https"`). Key order and values as in the handler; Python's json.dumps bytes.
 */
export function canvasConfig(hubUrl: string, toolName = TOOL_NAME, toolDescription = TOOL_DESCRIPTION): Record<string, unknown> {
  const u = new URL(hubUrl);
  const targetLinkUrl = `https://${u.host}`;
  const hubBase = `${u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`}hub/`;
  const custom = { email: '$Person.email.primary', lms_user_id: '$User.id' };
  return {
    title: toolName,
    scopes: [
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
      'https://canvas.instructure.com/lti/public_jwk/scope/update',
      'https://canvas.instructure.com/lti/data_services/scope/create',
      'https://canvas.instructure.com/lti/data_services/scope/show',
      'https://canvas.instructure.com/lti/data_services/scope/update',
      'https://canvas.instructure.com/lti/data_services/scope/list',
      'https://canvas.instructure.com/lti/data_services/scope/destroy',
      'https://canvas.instructure.com/lti/data_services/scope/list_event_types',
      'https://canvas.instructure.com/lti/feature_flags/scope/show',
      'https://canvas.instructure.com/lti/account_lookup/scope/show',
    ],
    extensions: [
      {
        platform: 'canvas.instructure.com',
        settings: {
          platform: 'canvas.instructure.com',
          placements: [
            { placement: 'course_navigation', message_type: 'LtiResourceLinkRequest', windowTarget: '_blank', target_link_uri: targetLinkUrl, custom_fields: { ...custom } },
            { placement: 'assignment_selection', message_type: 'LtiResourceLinkRequest', target_link_uri: targetLinkUrl },
          ],
        },
        privacy_level: 'public',
      },
    ],
    description: toolDescription,
    custom_fields: { ...custom },
    target_link_uri: targetLinkUrl,
    oidc_initiation_url: urlPathJoin(urlPathJoin(targetLinkUrl, hubBase), 'lti13', 'oauth_login'),
  };
}

/** The bytes the config endpoint writes. */
export function canvasConfigJson(hubUrl: string, toolName?: string, toolDescription?: string): string {
  return pythonJsonDumps(canvasConfig(hubUrl, toolName, toolDescription));
}

/** One hub's registration facts. */
export interface LtiSheet {
  /** Grades to the LMS (lib/grades): the key set URL and what the platform must enable. @default undefined */
  readonly grades?: { readonly jwksUrl: string; readonly tokenUrl: string; readonly scopes: readonly string[] };
  readonly hub: HubInventoryEntry;
  readonly version: '1.1' | '1.3';
  readonly clientIds: readonly string[];
  readonly issuer?: string;
  readonly authorizeUrl?: string;
  readonly jwksEndpoint?: string;
  readonly usernameKey?: string;
  readonly toolName: string;
  readonly toolDescription: string;
  /** LTI 1.1: consumer keys the hub accepts (secrets stay sealed). */
  readonly consumerKeys?: readonly string[];
}

export function ltiSheet(model: ClusterModel, hub: HubInventoryEntry): LtiSheet | undefined {
  if (!hub.lti) return undefined;
  const cfg = hubConfigOf(model, hub.namespace) ?? '';
  const t = (cls: string, trait: string) => configTrait(cfg, cls, trait);
  const strs = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
  if (hub.lti.version === '1.3') {
    return {
      hub,
      version: '1.3',
      clientIds: hub.lti.clientIds ?? strs(t('LTI13Authenticator', 'client_id')),
      issuer: hub.lti.issuer ?? (t('LTI13Authenticator', 'issuer') as string | undefined),
      authorizeUrl: t('LTI13Authenticator', 'authorize_url') as string | undefined,
      jwksEndpoint: t('LTI13Authenticator', 'jwks_endpoint') as string | undefined,
      usernameKey: (t('LTI13Authenticator', 'username_key') as string | undefined) ?? 'email',
      toolName: (t('LTI13Authenticator', 'tool_name') as string | undefined) ?? TOOL_NAME,
      toolDescription: (t('LTI13Authenticator', 'tool_description') as string | undefined) ?? TOOL_DESCRIPTION,
      ...(hub.grades ? { grades: hub.grades } : {}),
    };
  }
  const consumers = t('LTI11Authenticator', 'consumers');
  return {
    hub,
    version: '1.1',
    clientIds: [],
    consumerKeys: consumers && typeof consumers === 'object' && !Array.isArray(consumers) ? Object.keys(consumers as object) : [],
    usernameKey: (t('LTI11Authenticator', 'username_key') as string | undefined) ?? 'custom_canvas_user_id',
    toolName: TOOL_NAME,
    toolDescription: TOOL_DESCRIPTION,
  };
}
