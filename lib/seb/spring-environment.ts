/**
 * How Spring Boot 2.6 (the version SEB Server 2.2 is built on) sees a configuration: Java
 * `.properties` files, environment variables with relaxed binding, profile-specific files and
 * `${…}` placeholders. hubfleet uses it to check, at synth, that the properties and environment it
 * renders for each SEB Server role resolve the way Spring resolves them at start (see
 * lib/seb/spring-contract.ts). Semantics follow, at the versions SEB Server 2.2 ships:
 *
 * - spring-core `PropertyPlaceholderHelper` (5.3): `${key}` and `${key:default}`, nested
 *   placeholders, the value of a placeholder resolved again, circular references are errors,
 *   unresolvable placeholders throw (`Environment.getProperty` resolves nested placeholders and
 *   does not ignore unresolvable ones).
 * - spring-core `SystemEnvironmentPropertySource.resolvePropertyName`: an environment variable
 *   matches a key as written, with `.` and/or `-` replaced by `_`, or the same upper-cased
 *   (`sebserver_feature_exam_seb_screenProctoring_enabled`, `SPS_SEBSERVER_PASSWORD`).
 * - spring-boot `SystemEnvironmentPropertyMapper` (2.6): for canonical keys (lower-case, `.`
 *   separated) any variable whose `_`-separated parts, lower-cased, give the key matches
 *   (`Sps_SebServer_Password` → `sps.sebserver.password`).
 * - Precedence: environment variables over profile-specific files (the later profile wins) over
 *   `application.properties`.
 */

/** A value from the environment: a literal, or a Secret key the kubelet puts in at start. */
export type EnvValue = string | { readonly secretKeyRef: { readonly name: string; readonly key: string } };

/** One properties file, as Spring loads it. */
export interface PropertyFile {
  /** Where it comes from, for messages, e.g. `classpath:config/application-ws.properties`. */
  readonly name: string;
  readonly values: ReadonlyMap<string, string>;
}

/** Where a property was found. */
export interface PropertyHit {
  readonly value: string;
  /** `env NAME` or the file name. */
  readonly source: string;
  /** True when the value is a Secret key (only known at run time). */
  readonly secret: boolean;
}

/** A placeholder Spring could not resolve: `key` is missing, referenced from `chain`. */
export class UnresolvedPlaceholderError extends Error {
  constructor(
    readonly key: string,
    readonly chain: readonly string[],
    readonly circular = false,
  ) {
    super(circular ? `circular placeholder reference '${key}' (${chain.join(' → ')})` : `could not resolve placeholder '${key}'${chain.length ? ` (${chain.join(' → ')})` : ''}`);
    this.name = 'UnresolvedPlaceholderError';
  }
}

const ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** Unescape a `.properties` key or value (`\t`, `\n`, `\uXXXX`, `\=` …). */
function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => (c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : ESCAPES[c] ?? c));
}

/**
 * Parse a Java `.properties` text as `java.util.Properties.load` does: `#`/`!` comments, `=`, `:`
 * or whitespace as separator, backslash line continuation, escapes; a later key wins.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^[ \t\f]+/, '');
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    // An odd number of trailing backslashes continues the line.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i].replace(/^[ \t\f]+/, '');
    let k = 0;
    while (k < line.length && !/[=: \t\f]/.test(line[k])) k += line[k] === '\\' ? 2 : 1;
    const key = line.slice(0, k);
    let rest = line.slice(k).replace(/^[ \t\f]*/, '');
    if (rest[0] === '=' || rest[0] === ':') rest = rest.slice(1).replace(/^[ \t\f]*/, '');
    out.set(unescape(key), unescape(rest));
  }
  return out;
}

/** True for Spring Boot's canonical property names (lower-case alphanumerics and `-`, `.` separated). */
export function isCanonicalName(key: string): boolean {
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(key);
}

/** The environment variable names spring-core's SystemEnvironmentPropertySource tries, in order. */
export function environmentVariants(key: string): string[] {
  const forms = (k: string) => [k, k.replace(/\./g, '_'), k.replace(/-/g, '_'), k.replace(/\./g, '_').replace(/-/g, '_')];
  return [...new Set([...forms(key), ...forms(key.toUpperCase())])];
}

/** Spring Boot's SystemEnvironmentPropertyMapper: the canonical name an environment variable binds to. */
export function canonicalNameOfVariable(variable: string): string {
  return variable
    .split('_')
    .filter((p) => p !== '')
    .map((p) => p.toLowerCase())
    .join('.');
}

/** Boot compares names in "uniform" form: lower-case, without dashes. */
const uniform = (key: string) => key.replace(/-/g, '').toLowerCase();

/** BooleanUtils.toBoolean (commons-lang3), as SEB Server reads its feature switches. */
export function toBoolean(v: string | undefined): boolean {
  return v !== undefined && ['true', 'on', 'yes', 'y', 't'].includes(v.trim().toLowerCase());
}

/**
 * A Spring Environment over environment variables and properties files (highest precedence
 * first). `getProperty` resolves placeholders like Spring and throws
 * {@link UnresolvedPlaceholderError} where Spring would fail.
 */
export class SpringEnvironment {
  private readonly envByCanonical = new Map<string, string>();

  constructor(
    readonly env: ReadonlyMap<string, EnvValue>,
    /** Properties files, highest precedence first. */
    readonly files: readonly PropertyFile[],
  ) {
    for (const name of [...env.keys()].sort()) {
      const canonical = uniform(canonicalNameOfVariable(name));
      if (!this.envByCanonical.has(canonical)) this.envByCanonical.set(canonical, name);
    }
  }

  /** The raw (unresolved) value of a key and where it comes from, or undefined. */
  raw(key: string): PropertyHit | undefined {
    const variable = environmentVariants(key).find((v) => this.env.has(v)) ?? (isCanonicalName(key) ? this.envByCanonical.get(uniform(key)) : undefined);
    if (variable !== undefined) {
      const v = this.env.get(variable)!;
      return typeof v === 'string' ? { value: v, source: `env ${variable}`, secret: false } : { value: `<Secret ${v.secretKeyRef.name}/${v.secretKeyRef.key}>`, source: `env ${variable}`, secret: true };
    }
    for (const f of this.files) {
      const v = f.values.get(key);
      if (v !== undefined) return { value: v, source: f.name, secret: false };
    }
    return undefined;
  }

  /** `Environment.getProperty(key)`: undefined when absent; throws when a nested placeholder cannot be resolved. */
  getProperty(key: string): string | undefined {
    const hit = this.raw(key);
    return hit === undefined ? undefined : this.resolve(hit.value, [key]);
  }

  /** Resolve every `${…}` in a text (PropertyPlaceholderHelper.parseStringValue). */
  resolve(text: string, chain: readonly string[] = [], visiting: ReadonlySet<string> = new Set()): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const start = text.indexOf('${', i);
      if (start < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, start);
      const end = matchingEnd(text, start + 2);
      if (end < 0) {
        out += text.slice(start);
        break;
      }
      const placeholder = this.resolve(text.slice(start + 2, end), chain, visiting);
      if (visiting.has(placeholder)) throw new UnresolvedPlaceholderError(placeholder, [...chain, placeholder], true);
      let key = placeholder;
      let hit = this.raw(placeholder);
      let fallback: string | undefined;
      if (hit === undefined) {
        const colon = placeholder.indexOf(':');
        if (colon >= 0) {
          key = placeholder.slice(0, colon);
          fallback = placeholder.slice(colon + 1);
          hit = this.raw(key);
        }
      }
      if (hit !== undefined) {
        out += this.resolve(hit.value, [...chain, key], new Set([...visiting, placeholder]));
      } else if (fallback !== undefined) {
        out += this.resolve(fallback, chain, visiting);
      } else {
        throw new UnresolvedPlaceholderError(key, chain);
      }
      i = end + 1;
    }
    return out;
  }
}

/** Index of the `}` closing the placeholder whose content starts at `from` (nested `${…}` and `{…}` counted). */
function matchingEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '{') {
      depth++;
    } else if (text[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
