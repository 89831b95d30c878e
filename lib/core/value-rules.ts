/**
 * The grammar of each place a value from props goes: a path in a container or on an NFS export, a
 * size, an https URL, a Git ref, a cron schedule, a time zone, a Kubernetes label, a user name, a
 * namespace of one's own. Each function answers with the problem in words (undefined when the value
 * is fine), so a rule row can say exactly what is wrong; the `is…` forms are for `ok:` columns.
 * The upstream check each grammar follows is named at the function. The sinks these values reach
 * and how each is protected: lib/core/README.md, "Where values go".
 */
import { PropRule } from './errors';
import { isDnsLabel, isDomain, parseIpv4 } from './names';

/** Problem with a value, or undefined when it is fine. */
export type Problem = string | undefined;

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators (they end a line in Python and
 * JavaScript source) and lone surrogates (no exec boundary or JSON document carries them): never
 * part of a name, a path or a URL.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Kubernetes' limit on a path it stores (PATH_MAX of the node). */
export const MAX_PATH = 4096;

function textProblem(v: unknown, what: string): Problem {
  if (typeof v !== 'string') return `${what} must be a string, not ${v === null ? 'null' : typeof v}`;
  if (v.length === 0) return `${what} is empty`;
  if (CONTROL.test(v)) return `${what} contains a control character (a newline, tab, NUL, a line separator, a lone surrogate …)`;
  return undefined;
}

/**
 * An absolute path in a container or on a server: `/` first, no `..` element, no control
 * characters. Kubernetes: `volumeMounts[].mountPath` must not contain ':' (the container runtime's
 * `src:dst` syntax; core/v1 types.go VolumeMount.MountPath), so `forMount` refuses it too.
 */
export function absolutePathProblem(v: unknown, o: { forMount?: boolean } = {}): Problem {
  const t = textProblem(v, 'the path');
  if (t) return t;
  const s = v as string;
  if (!s.startsWith('/')) return 'the path must be absolute (start with "/")';
  if (s.length > MAX_PATH) return `the path is longer than ${MAX_PATH} characters`;
  if (s.split('/').includes('..')) return 'the path must not contain a ".." element';
  if (o.forMount && s.includes(':')) return 'a mount path must not contain ":" (Kubernetes VolumeMount.mountPath)';
  return undefined;
}

/**
 * A relative path below a folder, as Kubernetes checks `subPath` and projected `path`s
 * (pkg/apis/core/validation/validation.go validateLocalDescendingPath): not absolute, no `..`
 * element; and no control characters.
 */
export function relativePathProblem(v: unknown): Problem {
  const t = textProblem(v, 'the path');
  if (t) return t;
  const s = v as string;
  if (s.startsWith('/')) return 'the path must be relative (not start with "/")';
  if (s.length > MAX_PATH) return `the path is longer than ${MAX_PATH} characters`;
  if (s.split('/').includes('..')) return 'the path must not contain a ".." element';
  return undefined;
}

/** Characters a URL in a page, a header or a config never needs and an attacker always wants. */
const URL_UNSAFE = /[\s"'<>\\^`{|}]/;

/**
 * An https URL a browser, Git or a server is sent to: parses as a URL (WHATWG, as Node and browsers
 * do), scheme https, a host that is a DNS name or an IPv4 address, no user or password (a secret
 * in Git), and none of the characters `"'<>\^`{|}` or whitespace (they end an attribute, a header or
 * a shell word). `http` is allowed only with `allowHttp` (a server inside the campus network).
 */
export function httpsUrlProblem(v: unknown, o: { allowHttp?: boolean; allowQuery?: boolean } = {}): Problem {
  const t = textProblem(v, 'the URL');
  if (t) return t;
  const s = v as string;
  if (s.length > 2048) return 'the URL is longer than 2048 characters';
  if (URL_UNSAFE.test(s)) return 'the URL contains whitespace or one of " \' < > \\ ^ ` { | } (percent-encode them)';
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'the URL does not parse';
  }
  if (u.protocol !== 'https:' && !(o.allowHttp && u.protocol === 'http:')) return `the URL must use https${o.allowHttp ? ' (or http)' : ''}, not ${u.protocol.replace(/:$/, '')}`;
  if (u.username || u.password) return 'the URL must not carry a user name or password (it would be in Git and in every log)';
  const host = u.hostname;
  if (!(isDomain(host) || isDnsLabel(host) || parseIpv4(host) !== undefined)) return `the URL's host "${host}" is not a DNS name or an IPv4 address`;
  if (!o.allowQuery && (u.search || u.hash)) return 'the URL must not have a query or fragment';
  return undefined;
}

/**
 * A Git branch or tag name: what `git check-ref-format --branch` accepts (git refs.c
 * check_refname_component), in letters, digits and `. _ / + -` only, and not starting with "-" (an
 * option to every git command that takes it).
 */
export function gitRefProblem(v: unknown): Problem {
  const t = textProblem(v, 'the Git ref');
  if (t) return t;
  const s = v as string;
  if (s.length > 255) return 'the Git ref is longer than 255 characters';
  if (s.startsWith('-')) return 'a Git ref must not start with "-" (git would read it as an option)';
  if (!/^[A-Za-z0-9._/+-]+$/.test(s)) return 'a Git ref may hold letters, digits and . _ / + - only (git allows more, but nothing else is needed and every other character means something to a shell, a URL or a template)';
  if (s.includes('..') || s.includes('@{') || s === '@' || s.includes('//')) return 'a Git ref must not contain "..", "@{" or "//", or be "@"';
  if (s.startsWith('/') || s.endsWith('/') || s.endsWith('.')) return 'a Git ref must not start or end with "/" or end with "."';
  if (s.split('/').some((c) => c.startsWith('.') || c.endsWith('.lock'))) return 'no part of a Git ref may start with "." or end with ".lock"';
  return undefined;
}

/** A full Git commit id (SHA-1, or SHA-256 for repositories in that format), lowercase hex. */
export function isCommitId(v: unknown): boolean {
  return typeof v === 'string' && /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(v);
}

const CRON_FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: readonly string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const CRON_DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/**
 * A CronJob schedule as Kubernetes parses it (robfig/cron v3 `ParseStandard`, called from
 * pkg/apis/batch/validation/validation.go validateScheduleFormat): five fields (minute hour
 * day-of-month month day-of-week) of `*`, `?`, numbers or names, ranges `a-b`, steps `/n` and
 * lists; or a descriptor such as `@daily`. `TZ=`/`CRON_TZ=` in the schedule are refused by the
 * API server ("use timeZone field instead").
 */
export function cronProblem(v: unknown): Problem {
  const t = textProblem(v, 'the schedule');
  if (t) return t;
  const s = (v as string).trim();
  if (/TZ/.test(s)) return 'the schedule must not name a time zone (TZ= or CRON_TZ=): Kubernetes refuses it; use the timeZone setting';
  if (s.startsWith('@')) return CRON_DESCRIPTORS.has(s) ? undefined : `"${s}" is not a cron descriptor (${[...CRON_DESCRIPTORS].join(', ')})`;
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `a schedule has 5 fields (minute hour day-of-month month day-of-week), this one has ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    const f = CRON_FIELDS[i];
    const value = (x: string): number | undefined => {
      const byName = f.names?.indexOf(x.toUpperCase()) ?? -1;
      if (byName >= 0) return byName + f.min;
      return /^\d{1,2}$/.test(x) ? Number(x) : undefined;
    };
    for (const part of fields[i].split(',')) {
      const m = /^(\*|\?|([^-/]+)(?:-([^-/]+))?)(?:\/(\d{1,2}))?$/.exec(part);
      const bad = `the ${f.name} field "${fields[i]}" is not valid (${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''}, *, ranges a-b, steps /n, lists a,b)`;
      if (!m) return bad;
      if (m[1] === '?' && i !== 2 && i !== 4) return bad;
      if (m[4] !== undefined && Number(m[4]) < 1) return bad;
      if (m[2] !== undefined) {
        const lo = value(m[2]);
        const hi = m[3] !== undefined ? value(m[3]) : lo;
        if (lo === undefined || hi === undefined || lo < f.min || hi > f.max || lo > hi) return bad;
      }
    }
  }
  return undefined;
}

/**
 * An IANA time zone this Node.js knows (full ICU), written as the database names it. Kubernetes
 * refuses "Local" and names its Go time-zone database does not know (pkg/apis/batch/validation
 * validateTimeZone), so only `Area/Location` names and `UTC` pass.
 */
export function timeZoneProblem(v: unknown): Problem {
  const t = textProblem(v, 'the time zone');
  if (t) return t;
  const s = v as string;
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(s) || /^local$/i.test(s)) return `"${s}" is not an IANA time zone name (e.g. Europe/Zurich)`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s });
  } catch {
    return `"${s}" is not an IANA time zone this Node.js knows`;
  }
  return undefined;
}

/** {@link timeZoneProblem} as a predicate. */
export function isTimeZone(v: unknown): boolean {
  return timeZoneProblem(v) === undefined;
}

/**
 * A date `YYYY-MM-DD` or a date and time `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]` that exists in the
 * calendar (no 31 April, no 24:00).
 */
export function isoDateProblem(v: unknown, o: { time?: 'required' | 'optional' | 'none' } = {}): Problem {
  const t = textProblem(v, 'the date');
  if (t) return t;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/.exec(v as string);
  const time = o.time ?? 'optional';
  if (!m) return `"${v}" is not an ISO 8601 date${time === 'none' ? ' (YYYY-MM-DD)' : ' (YYYY-MM-DD or YYYY-MM-DDTHH:MM)'}`;
  if (time === 'required' && m[4] === undefined) return 'the date needs a time (YYYY-MM-DDTHH:MM)';
  if (time === 'none' && m[4] !== undefined) return 'give a date without a time (YYYY-MM-DD)';
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1, 7);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h) || back.getUTCMinutes() !== Number(mi) || Number(se) > 59) {
    return `"${v}" is not a date that exists`;
  }
  return undefined;
}

/**
 * A whole number of units from `min` to `max` (sizes in GiB or MiB, counts, seconds): rendered into
 * a Kubernetes quantity or a command-line number, where a fraction, NaN, Infinity or an exponent
 * (`1e+21Gi`) is refused or means something else.
 */
export function wholeNumberProblem(v: unknown, min: number, max: number, unit = ''): Problem {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number, not ${v === null ? 'null' : typeof v === 'number' ? String(v) : typeof v}`;
  if (!Number.isInteger(v)) return `must be a whole number${unit ? ` of ${unit}` : ''}`;
  if (v < min || v > max) return `must be from ${min} to ${max}${unit ? ` ${unit}` : ''}`;
  return undefined;
}

/** The largest volume size hubfleet renders (1 PiB): beyond any teaching storage, far inside Kubernetes' quantity range. */
export const MAX_SIZE_GIB = 1024 * 1024;

/** A volume size in whole GiB (a claim's `storage` request `<n>Gi`). */
export function sizeGiBProblem(v: unknown): Problem {
  return wholeNumberProblem(v, 1, MAX_SIZE_GIB, 'GiB');
}

/** A TCP or UDP port. */
export function portProblem(v: unknown): Problem {
  return wholeNumberProblem(v, 1, 65535);
}

/**
 * A Kubernetes label key (`[prefix/]name`) and value (apimachinery validation.go IsQualifiedName,
 * IsValidLabelValue): names of at most 63 characters of `[A-Za-z0-9._-]` starting and ending
 * alphanumeric, a DNS-subdomain prefix; values the same or empty.
 */
export function labelProblem(key: unknown, value: unknown): Problem {
  if (typeof key !== 'string') return 'a label key must be a string';
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : ['', key];
  const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
  if (slash >= 0 && !(prefix.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix))) return `the label key prefix "${prefix}" is not a DNS subdomain`;
  if (!NAME.test(name)) return `the label key "${key}" is not a qualified name (at most 63 of A-Z a-z 0-9 . _ -, alphanumeric at both ends)`;
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return `the value of label ${key} must be a string`;
  if (value !== '' && !NAME.test(value)) return `the value "${value}" of label ${key} is not a label value (at most 63 of A-Z a-z 0-9 . _ -, alphanumeric at both ends, or empty)`;
  return undefined;
}

/** A POSIX user name as useradd and cloud-init take it (shadow-utils' default NAME_REGEX). */
export function unixUserProblem(v: unknown): Problem {
  const t = textProblem(v, 'the user name');
  if (t) return t;
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(v as string) ? undefined : `"${v}" is not a user name (lowercase letters, digits, "_" and "-", starting with a letter or "_", at most 32)`;
}

/** Namespaces Kubernetes itself uses: nothing of hubfleet's may live there. */
export const KUBERNETES_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Why a course, exam or SEB Server may not use a namespace, or undefined: Kubernetes' own
 * (`default`, every `kube-*`: their pods are not isolated by hubfleet's policies and hold the cluster's
 * credentials) and those of the platform (add-ons, Argo CD), which `platform` lists.
 */
export function reservedNamespaceProblem(ns: unknown, platform: readonly string[] = []): Problem {
  if (typeof ns !== 'string') return undefined;
  if (ns === 'default' || ns.startsWith('kube-')) return `"${ns}" is Kubernetes' own namespace`;
  if (platform.includes(ns)) return `"${ns}" belongs to the platform (an add-on or Argo CD)`;
  return undefined;
}

/**
 * A path a browser is sent to on the same host (`/lab`, `/tree/notes`): starts with one "/", no
 * "//" (another host to a browser), no "..", no control characters, whitespace or quotes.
 */
export function urlPathProblem(v: unknown): Problem {
  const t = textProblem(v, 'the URL path');
  if (t) return t;
  const s = v as string;
  if (!s.startsWith('/') || s.startsWith('//')) return 'the URL path must start with a single "/" (it stays on the hub\'s host)';
  if (URL_UNSAFE.test(s)) return 'the URL path contains whitespace or one of " \' < > \\ ^ ` { | } (percent-encode them)';
  if (s.split(/[/?#]/).includes('..')) return 'the URL path must not contain a ".." element';
  return undefined;
}

/**
 * A rule row that checks every value `values` picks with a grammar of this file and reports the
 * first problem: `valueRule('hub-home-mount-path', 'home.mountPath', (r) => [r.props.home?.mountPath], (v) => absolutePathProblem(v, { forMount: true }), 'write …')`.
 * Undefined values (props left out) are not checked.
 */
export function valueRule<P>(id: string, field: string, values: (p: P) => readonly unknown[], problem: (v: unknown) => Problem, fix: string): PropRule<P> {
  const bad = (p: P) => values(p).filter((v) => v !== undefined && problem(v) !== undefined);
  return {
    id,
    field,
    value: (p) => bad(p)[0],
    ok: (p) => bad(p).length === 0,
    message: (p) => `${problem(bad(p)[0])}.`,
    fix,
  };
}

/**
 * An annotation a hub passes to the ingress controller: a qualified name as Kubernetes takes it, a
 * one-line value, and none of ingress-nginx's `*-snippet` annotations, which paste their value into
 * the controller's nginx.conf (a configuration every tenant shares: CVE-2021-25742, CVE-2025-1974).
 */
export function exposureAnnotationProblem(key: unknown, value: unknown): Problem {
  const k = labelProblem(key, undefined);
  if (k) return k.replace('label key', 'annotation key');
  if (typeof value !== 'string' || CONTROL.test(value)) return `the value of ${String(key)} must be one line of text`;
  if (/-snippet$/.test(String(key))) return `${String(key)} pastes its value into the ingress controller's configuration for every tenant; hubfleet never passes snippets`;
  return undefined;
}

/**
 * A string that goes into Terraform JSON (the node stack): Terraform reads `${…}` and `%{…}` in any
 * string as template code (it could read files of the machine that runs `terraform apply`), so a
 * value from the spec must not hold them.
 */
export function terraformLiteralProblem(v: unknown): Problem {
  if (typeof v !== 'string') return undefined;
  if (/[$%]\{/.test(v)) return 'the value contains "${" or "%{", which Terraform would run as a template';
  return undefined;
}

/** Every string inside a value (objects and arrays walked), for rules over whole option trees. */
export function stringsIn(v: unknown, depth = 0): string[] {
  if (typeof v === 'string') return [v];
  if (depth > 16 || v === null || typeof v !== 'object') return [];
  return (Array.isArray(v) ? v : Object.values(v)).flatMap((x) => stringsIn(x, depth + 1));
}
