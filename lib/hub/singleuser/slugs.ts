import { createHash } from 'crypto';

/**
 * KubeSpawner 7.0.0's names for a user's objects, as hubfleet needs them to find the homes an
 * earlier deployment left: a port of kubespawner/slugs.py (`escape_slug`, `safe_slug`,
 * `multi_slug`) and of the template fields of `KubeSpawner._expand_user_properties`
 * (kubespawner/spawner.py), with escapism 1.x's `escape`. The port is checked against the real
 * functions for tricky names (lib/hub/README.md, "Adopting homes").
 */

const ESCAPE_SAFE = /^[a-z0-9]$/;
const HASH_LENGTH = 8;

/** kubespawner `escape_slug`: escapism.escape(name, safe=[a-z0-9], escape_char='-').lower() (each UTF-8 byte as `-` + uppercase hex, unpadded). */
export function escapeSlug(name: string): string {
  let out = '';
  for (const ch of name) {
    if (ESCAPE_SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `-${byte.toString(16).toUpperCase()}`;
  }
  return out.toLowerCase();
}

/** kubespawner `is_valid_object_name`: a DNS label that starts with a letter. */
function isValidObjectName(s: string): boolean {
  return s.length >= 1 && s.length <= 63 && /^[a-z]/.test(s) && /[a-z0-9]$/.test(s) && /^[a-z0-9-]+$/.test(s);
}

/** kubespawner `_extract_safe_name`. */
function extractSafeName(name: string, maxLength: number): string {
  let safe = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  safe = safe.replace(/^-+/, '').slice(0, maxLength).replace(/-+$/, '');
  if (safe && !/^[a-z]/.test(safe)) safe = `x-${safe.slice(0, maxLength - 2)}`;
  return safe || 'x';
}

/** kubespawner `strip_and_hash`. */
function stripAndHash(name: string, maxLength = 32): string {
  const nameLength = maxLength - (HASH_LENGTH + 3);
  if (nameLength < 1) throw new Error(`Cannot make safe names shorter than ${HASH_LENGTH + 4}`);
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  return `${extractSafeName(name, nameLength)}---${hash}`;
}

/** kubespawner `safe_slug` (with its default `is_valid_default`). */
export function safeSlug(name: string, maxLength?: number): string {
  if (name.includes('--')) return stripAndHash(name, maxLength ?? 32);
  if (isValidObjectName(name) && (maxLength === undefined || name.length <= maxLength)) return name;
  return stripAndHash(name, maxLength ?? 32);
}

/** kubespawner `multi_slug`. */
export function multiSlug(names: readonly string[], maxLength = 48): string {
  const h = createHash('sha256');
  h.update(names[0], 'utf8');
  for (const n of names.slice(1)) {
    h.update(Buffer.from([0xff]));
    h.update(n, 'utf8');
  }
  const hash = h.digest('hex').slice(0, HASH_LENGTH);
  const perName = Math.floor((maxLength - (HASH_LENGTH + 1)) / names.length);
  const nameMax = perName - 2;
  if (nameMax < 2) throw new Error(`Not enough characters for ${names.length} names: ${maxLength}`);
  return `${names.map((n) => extractSafeName(n, nameMax)).join('--')}---${hash}`;
}

/** The template fields KubeSpawner 7 fills for a user's server (only those that are safe in names and paths). */
export function userTemplateFields(o: { readonly username: string; readonly servername?: string; readonly userid?: number; readonly scheme?: 'safe' | 'escape' }): Record<string, string> {
  const raw = o.servername ?? '';
  const max = 48;
  const safeUser = safeSlug(o.username, max);
  const safeServer = raw ? safeSlug(raw, max) : '';
  const safeUserServer = safeUser.length + safeServer.length + 2 > max ? multiSlug([o.username, raw], max) : raw ? `${safeUser}--${safeServer}` : safeUser;
  const escUser = escapeSlug(o.username);
  const escServer = escapeSlug(raw);
  const escUserServer = escServer ? `${escUser}--${escServer}` : escUser;
  const escape = o.scheme === 'escape';
  return {
    userid: String(o.userid ?? 1),
    username: escape ? escUser : safeUser,
    servername: escape ? escServer : safeServer,
    user_server: escape ? escUserServer : safeUserServer,
    safe_username: safeUser,
    safe_servername: safeServer,
    safe_user_server: safeUserServer,
    escaped_username: escUser,
    escaped_servername: escServer,
    escaped_user_server: `${escUser}--${escServer}`,
  };
}

/** The fields a home template may use: every one of them is made of [a-z0-9-] for any username. */
export const HOME_TEMPLATE_FIELDS: readonly string[] = ['userid', 'username', 'servername', 'user_server', 'safe_username', 'safe_servername', 'safe_user_server', 'escaped_username', 'escaped_servername', 'escaped_user_server'];

/** Expand a template as `_expand_user_properties` does (trailing `-` the fields leave is stripped). */
export function expandUserTemplate(template: string, fields: Readonly<Record<string, string>>): string {
  const rendered = template.replace(/\{([a-z_]+)\}/g, (m, k: string) => (k in fields ? fields[k] : m));
  return template.endsWith('-') ? rendered : rendered.replace(/-+$/, '');
}
