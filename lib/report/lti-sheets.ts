import { CANVAS_CLOUD } from '../hub/auth';
import { esc, fields, link as a } from './html';
import { canvasConfig, canvasConfigJson, LtiSheet } from './lti';

/**
 * The registration sheet of an LTI hub, per LMS: what its administrator enters where. Which LMS is
 * read from the platform endpoints the hub really runs with (its rendered jupyterhub_config.py):
 * Moodle's `…/mod/lti/auth.php`, Canvas' `…/api/lti/authorize_redirect` (Instructure-hosted or
 * self-hosted); anything else gets the generic LTI 1.3 sheet.
 */

export type LtiPlatform = 'moodle' | 'canvas' | 'other';

/** The LMS of an LTI 1.3 hub, from its issuer and authorization endpoint. */
export function ltiPlatformOf(issuer: string | undefined, authorizeUrl: string | undefined): LtiPlatform {
  if (authorizeUrl?.endsWith('/mod/lti/auth.php')) return 'moodle';
  if (authorizeUrl?.endsWith('/api/lti/authorize_redirect') || Object.values(CANVAS_CLOUD).some((c) => c.issuer === issuer)) return 'canvas';
  return 'other';
}

const clientIdsHtml = (s: LtiSheet, where: string) =>
  s.clientIds.length ? `${s.clientIds.map((c) => `<code>${esc(c)}</code>`).join(', ')} <span class="muted">(${esc(where)})</span>` : '<span class="neg">none configured</span>';
const expects = (s: LtiSheet): [string, string] => ['The hub expects the platform at', esc(`issuer ${s.issuer ?? '?'}, authorize URL ${s.authorizeUrl ?? '?'}, keyset ${s.jwksEndpoint ?? '?'}${s.grades ? `, access token URL ${s.grades.tokenUrl}` : ''}`)];
const scopeList = (s: LtiSheet) => (s.grades?.scopes ?? []).map((x) => `<code>${esc(x)}</code>`).join(', ');
const privacy = (s: LtiSheet) => (s.usernameKey === 'email' ? 'the hub names users by the email claim (username_key = "email")' : `the hub names users by ${s.usernameKey}`);

/**
 * What to paste into a Canvas LTI developer key: the JSON the hub serves at `hub/lti13/config`
 * (ltiauthenticator's), with two changes Canvas needs. Canvas requires a tool key in every LTI 1.3
 * developer key, `public_jwk` or `public_jwk_url` (canvas-lms doc/api/lti_dev_key_config.md,
 * "Anatomy of a JSON configuration"), but ltiauthenticator 1.6.3 has none and uses no LTI Advantage
 * service; Canvas uses the key only for the client_credentials grant of those services. So the scopes
 * are emptied (no service token can be had for this key at all) and `public_jwk_url` names the hub's
 * `hub/lti13/jwks` path, which serves nothing.
 */
export function canvasPasteConfig(hubUrl: string, toolName?: string, toolDescription?: string): Record<string, unknown> {
  const c = canvasConfig(hubUrl, toolName, toolDescription);
  const oidc = String(c.oidc_initiation_url);
  return { ...c, scopes: [], public_jwk_url: oidc.replace(/oauth_login$/, 'jwks') };
}

function moodleSheet(s: LtiSheet): string {
  const h = s.hub;
  const lti = h.lti!;
  return `<div class="sheet" id="lti-${esc(h.name)}" data-lms="moodle"><h3>${esc(h.name)}: register in Moodle (LTI 1.3)</h3>
<p class="muted">Site administration → Plugins → Activity modules → External tool → Manage tools → configure a tool manually.</p>
${fields([
  ['Tool name', esc(h.name)],
  ['Tool URL', a(lti.toolUrl)],
  ['LTI version', 'LTI 1.3'],
  ['Client ID', clientIdsHtml(s, 'Moodle makes the Client ID when the tool is saved; the hub accepts only the ones listed: put a new one into HubAuth.moodle(url, [clientId])')],
  ['Public key type', 'Keyset URL'],
  s.grades
    ? ['Public keyset', `${a(s.grades.jwksUrl)} <span class="muted">(the hub's grade service: its key is made in the cluster and never leaves it; Moodle checks the service's token requests against this key set)</span>`]
    : ['Public keyset', 'leave empty: ltiauthenticator 1.6.3 has no key pair and serves no keyset (its only routes are lti13/oauth_login, lti13/oauth_callback and lti13/config); Moodle uses a tool key only to check messages the tool signs (deep-linking answers, service tokens), which this tool never sends'],
  ['Initiate login URL', a(lti.initiateLoginUrl ?? '')],
  ['Redirection URI(s)', a(lti.redirectionUri ?? '')],
  ['Supports Deep Linking', 'no'],
  ['Default launch container', 'New window (the login needs the hub\'s own cookies; inside a frame browsers may block them)'],
  ['Privacy: share launcher\'s email', esc(s.usernameKey === 'email' ? `Always (${privacy(s)})` : `as needed: ${privacy(s)}`)],
  ...(s.grades
    ? ([
        ['Services: IMS LTI Assignment and Grade Services', '<strong>Use this service for grade sync and column management</strong> <span class="muted">(the grade service makes one grade column per nbgrader assignment and posts a score per student; "grade sync only" gives one column per link and the service holds the scores with that reason)</span>'],
        ['Services: IMS LTI Names and Role Provisioning, Tool Settings', 'do not use'],
      ] as [string, string][])
    : ([['Services (grades, names and roles)', 'do not use: ltiauthenticator passes no grades and reads no rosters']] as [string, string][])),
  expects(s),
])}</div>`;
}

function canvasSheet(s: LtiSheet): string {
  const h = s.hub;
  const lti = h.lti!;
  const g = s.grades;
  // With grades on, the tool has a key after all (the grade service's key set) and needs the AGS scopes.
  const pasteJson = g ? { ...canvasConfig(h.url, s.toolName, s.toolDescription), public_jwk_url: g.jwksUrl, scopes: [...g.scopes] } : canvasPasteConfig(h.url, s.toolName, s.toolDescription);
  const paste = JSON.stringify(pasteJson, null, 2);
  const hosted = Object.entries(CANVAS_CLOUD).find(([, c]) => c.issuer === s.issuer)?.[0];
  return `<div class="sheet" id="lti-${esc(h.name)}" data-lms="canvas"><h3>${esc(h.name)}: register in Canvas (LTI 1.3 developer key)</h3>
<p class="muted">${esc(hosted ? `Instructure-hosted Canvas (${hosted} environment).` : 'Self-hosted Canvas.')} Admin → Developer Keys → + Developer Key → + LTI Key; then deploy it: Settings → Apps → + App → Configuration Type “By Client ID” (account, sub-account or course).</p>
${fields([
  ['Key Name', esc(h.name)],
  ['Redirect URIs', a(lti.redirectionUri ?? '')],
  ['Method', `Paste JSON (below). The hub serves its own JSON at ${a(lti.configJsonUrl ?? '')} (ltiauthenticator/lti13/handlers.py, ${esc(canvasConfigJson(h.url, s.toolName, s.toolDescription).length)} bytes), but Canvas refuses a key without <code>public_jwk</code> or <code>public_jwk_url</code>, which that JSON lacks`],
  g
    ? ['Tool key (public_jwk_url)', `${a(g.jwksUrl)} <span class="muted">(the hub's grade service; its key is made in the cluster and never leaves it)</span>`]
    : ['Tool key (public_jwk_url)', 'the hub has none and uses no LTI Advantage service: the pasted JSON asks for no scopes, so Canvas grants no service token for this key, and its public_jwk_url serves nothing'],
  ...(g ? ([['LTI Advantage services', `keep these scopes of the developer key on: ${scopeList(s)} (Assignment and Grade Services: line items and scores)`]] as [string, string][]) : []),
  ['After saving', 'switch the key ON; its ID (the “Details” column, e.g. 10000000000123) is the Client ID'],
  ['Client ID', clientIdsHtml(s, 'the hub accepts only the developer key IDs listed: put a new one into HubAuth.canvas([id])')],
  ['Privacy level', esc(`public (in the JSON): ${privacy(s)}`)],
  ['Placements', 'course navigation (opens in a new tab) and assignment selection, from the JSON'],
  expects(s),
])}
<pre class="canvas-json">${esc(paste)}</pre></div>`;
}

function genericSheet(s: LtiSheet): string {
  const h = s.hub;
  const lti = h.lti!;
  return `<div class="sheet" id="lti-${esc(h.name)}" data-lms="other"><h3>${esc(h.name)}: register in the LMS (LTI 1.3)</h3>
${fields([
  ['Tool / target link URL', a(lti.toolUrl)],
  ['OIDC login initiation URL', a(lti.initiateLoginUrl ?? '')],
  ['Redirect URI', a(lti.redirectionUri ?? '')],
  s.grades
    ? ['Tool keyset', `${a(s.grades.jwksUrl)}; enable Assignment and Grade Services with the scopes ${scopeList(s)}`]
    : ['Tool keyset', 'none: ltiauthenticator 1.6.3 has no key pair; register no LTI Advantage services'],
  ['Client ID', clientIdsHtml(s, 'the hub accepts only the client IDs listed: HubAuth.lti13({ clientIds })')],
  ['User data', esc(privacy(s))],
  expects(s),
])}</div>`;
}

function lti11Sheet(s: LtiSheet): string {
  const h = s.hub;
  return `<div class="sheet" id="lti-${esc(h.name)}" data-lms="lti11"><h3>${esc(h.name)}: LTI 1.1</h3>${fields([
    ['Launch URL', a(h.lti!.launchUrl ?? h.lti!.toolUrl)],
    ['Consumer keys the hub accepts', esc(s.consumerKeys!.join(', ') || '(none)')],
    ['Shared secrets', 'sealed in the cluster; get them from the platform team'],
    ['Username', esc(`from ${s.usernameKey}`)],
  ])}</div>`;
}

/** The sheet of one hub, for its LMS. */
export function registrationSheet(s: LtiSheet): string {
  if (s.version === '1.1') return lti11Sheet(s);
  const p = ltiPlatformOf(s.issuer, s.authorizeUrl);
  return p === 'moodle' ? moodleSheet(s) : p === 'canvas' ? canvasSheet(s) : genericSheet(s);
}
