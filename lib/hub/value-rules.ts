/**
 * The grammars of the places hub values go (paths, URLs, shell words for people to paste), as
 * predicates for rule tables, and the quoting of a word for a POSIX shell. Each predicate is tested
 * with the hostile values of test/hub/hostile-values.ts (test/hub/sinks.test.ts).
 */
import { absolutePathProblem, relativePathProblem } from '../core/value-rules';

/** Characters no value that crosses an exec boundary or a YAML file can carry as itself. */
const UNCARRIABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text for people (titles, notes): no control characters, line breaks or lone surrogates, at most `max` characters. */
export function isPlainText(s: unknown, max = 200): s is string {
  return typeof s === 'string' && s.length <= max && !UNCARRIABLE.test(s);
}

/** A path inside a Git repository: `name(/name)*`, names of letters, digits, `.`, `_`, `-` not starting with `.` or `-` (no `..`, no hidden folders). */
export function isRepoPath(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 255 && /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*\/?$/.test(s);
}

/**
 * A public https URL: a DNS host (or IPv4), optional port, a path of RFC 3986 unreserved
 * characters, `%XX` and `/`; no user name or password (a secret in Git), no query or fragment.
 */
export function isHttpsUrl(s: unknown): s is string {
  if (typeof s !== 'string' || s.length > 2048) return false;
  const m = /^https:\/\/([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\d{1,5}))?(\/([A-Za-z0-9._~+-]|%[0-9A-Fa-f]{2})*)*$/i.exec(s);
  return m !== null && (m[6] === undefined || (Number(m[6]) >= 1 && Number(m[6]) <= 65535));
}

/** An absolute path in a container (a mountPath): lib/core/value-rules.ts absolutePathProblem (no `..`, no `:`, no control characters). */
export function isMountPath(s: unknown): s is string {
  return absolutePathProblem(s, { forMount: true }) === undefined;
}

/** A relative path inside a volume (a subPath): Kubernetes refuses absolute ones and `..` (validation.go validateSubPath; relativePathProblem). */
export function isSubPath(s: unknown): s is string {
  return relativePathProblem(s) === undefined;
}

/** A word for a POSIX shell, quoted only when it must be (commands hubfleet prints for people to paste). */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
