/**
 * The portal's configuration: one JSON (or YAML) file, rendered by the CoursePortal construct into a
 * ConfigMap (lib/course-portal), with secrets only as paths of files (mounted from SealedSecrets) —
 * never as values. Every field is checked before the portal starts; an error names the field, the
 * value and the fix.
 */
import * as fs from 'fs';
import { parse } from 'yaml';

/** The portal's configuration file. */
export interface PortalConfigFile {
  /** The cluster of the app module whose catalogue the portal serves. */
  readonly cluster: string;
  /** The portal's public address, e.g. `https://portal.teaching.example.org`. */
  readonly publicUrl: string;
  /** Address and port to listen on. @default { host: '0.0.0.0', port: 8080 } */
  readonly listen?: { readonly host?: string; readonly port?: number };
  readonly oidc: {
    readonly issuer: string;
    readonly clientId: string;
    /** File with the client secret. */
    readonly clientSecretFile: string;
    /** Members of these groups may request courses. */
    readonly requesterGroups: readonly string[];
    /** @default 'groups' */
    readonly groupsClaim?: string;
    /** @default 'email' */
    readonly identityClaim?: string;
    /** @default ['openid', 'profile', 'email', 'groups'] */
    readonly scopes?: readonly string[];
  };
  readonly git: {
    /** The catalogue repository (ssh://…, git@host:path). */
    readonly url: string;
    /** @default 'main' */
    readonly branch?: string;
    /** @default 'course-requests/' */
    readonly requestPrefix?: string;
    /** The deploy key (private key file). @default none */
    readonly sshKeyFile?: string;
    /** known_hosts with the Git host's key. @default none */
    readonly knownHostsFile?: string;
    /** The bare clone's folder (an emptyDir). */
    readonly workDir: string;
    readonly committer: { readonly name: string; readonly email: string };
  };
  /** The forge that gets the merge requests. @default none (branches only) */
  readonly forge?: { readonly kind: 'github' | 'gitlab'; readonly apiUrl: string; readonly repository: string; readonly tokenFile: string };
  /** File with the session key: 32 bytes, or 64 hex characters. */
  readonly sessionKeyFile: string;
  /** The homes' StorageClass the catalogue's hubs get (as the app stack gives them). @default the cluster's default for homes */
  readonly homeStorageClass?: string;
  /**
   * Usage per course from the cluster's Prometheus (what `hubfleet usage` asks), over each course's
   * term so far. The CoursePortal construct sets it when the cluster runs hubfleet's monitoring.
   * @default none
   */
  readonly usage?: {
    /** e.g. `http://monitoring-prometheus.monitoring.svc:9090` */
    readonly prometheusUrl: string;
    /** Ask again after this many seconds. @default 300 */
    readonly refreshSeconds?: number;
    /** Resolution of the peaks and sums. @default 300 */
    readonly stepSeconds?: number;
  };
  /** Instead of `usage`: a `hubfleet usage --json` document, read again when it changes. @default none */
  readonly usageFile?: string;
  /** Proxies whose X-Forwarded-For is believed (the ingress controller's pods and nodes). @default none */
  readonly trustProxy?: readonly string[];
  /** Fetch the repository at most this often. @default 30 */
  readonly refreshSeconds?: number;
}

/** A configuration problem. */
export interface ConfigProblem {
  readonly field: string;
  readonly value?: unknown;
  readonly message: string;
  readonly fix: string;
}

const isHttpsUrl = (s: unknown) => typeof s === 'string' && /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(s);
const str = (s: unknown) => typeof s === 'string' && s.length > 0;

/** The rules of a configuration file, each a row: the field, the check, the message and the fix. */
export const PORTAL_CONFIG_RULES: ReadonlyArray<{ readonly field: string; readonly ok: (c: any) => boolean; readonly message: string; readonly fix: string }> = [
  { field: 'cluster', ok: (c) => typeof c.cluster === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(c.cluster), message: 'is not a cluster name', fix: 'give the name of a cluster of the app module.' },
  { field: 'publicUrl', ok: (c) => isHttpsUrl(c.publicUrl) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(c.publicUrl ?? ''), message: 'is not an https:// address', fix: 'give the portal\'s public https address (sessions use Secure cookies).' },
  { field: 'oidc.issuer', ok: (c) => isHttpsUrl(c.oidc?.issuer), message: 'is not an https:// issuer', fix: 'give the provider\'s issuer URL (its discovery document is <issuer>/.well-known/openid-configuration).' },
  { field: 'oidc.clientId', ok: (c) => str(c.oidc?.clientId), message: 'is missing', fix: 'give the client ID the provider registered for the portal.' },
  { field: 'oidc.clientSecretFile', ok: (c) => str(c.oidc?.clientSecretFile), message: 'is missing', fix: 'mount the client secret as a file and name it here.' },
  { field: 'oidc.requesterGroups', ok: (c) => Array.isArray(c.oidc?.requesterGroups) && c.oidc.requesterGroups.length > 0 && c.oidc.requesterGroups.every(str), message: 'names no group', fix: 'name the IdP group(s) whose members may request courses: without one, nobody could.' },
  { field: 'git.url', ok: (c) => str(c.git?.url) && !/^https?:\/\/[^/]*@/.test(c.git.url), message: 'is missing or carries credentials', fix: 'give the repository\'s SSH address; the deploy key is a file (git.sshKeyFile).' },
  { field: 'git.workDir', ok: (c) => str(c.git?.workDir), message: 'is missing', fix: 'give a writable folder for the bare clone.' },
  { field: 'git.committer', ok: (c) => str(c.git?.committer?.name) && /^[^\s<>@]+@[^\s<>@]+$/.test(c.git?.committer?.email ?? ''), message: 'needs a name and an e-mail address', fix: 'name the portal as committer, e.g. { name: "course portal", email: "portal@example.org" }.' },
  { field: 'forge', ok: (c) => c.forge === undefined || (['github', 'gitlab'].includes(c.forge.kind) && isHttpsUrl(c.forge.apiUrl) && str(c.forge.repository) && str(c.forge.tokenFile)), message: 'needs kind github or gitlab, an https apiUrl, the repository and a tokenFile', fix: 'e.g. { kind: gitlab, apiUrl: https://gitlab.example.org/api/v4, repository: platform/teaching-clusters, tokenFile: /secrets/forge-token }.' },
  { field: 'usage', ok: (c) => c.usage === undefined || (c.usage !== null && typeof c.usage === 'object' && /^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/.test(c.usage.prometheusUrl ?? '') && [c.usage.refreshSeconds, c.usage.stepSeconds].every((n) => n === undefined || (Number.isInteger(n) && n >= 15 && n <= 86400))), message: 'needs prometheusUrl (an http(s) address without credentials) and, if given, refreshSeconds and stepSeconds between 15 and 86400', fix: 'e.g. { prometheusUrl: http://monitoring-prometheus.monitoring.svc:9090 }.' },
  { field: 'usageFile', ok: (c) => c.usageFile === undefined || (str(c.usageFile) && c.usage === undefined), message: 'is empty, or given with usage', fix: 'name one source of usage: usage (the cluster\'s Prometheus) or usageFile (a hubfleet usage --json document).' },
  { field: 'sessionKeyFile', ok: (c) => str(c.sessionKeyFile), message: 'is missing', fix: 'mount 32 random bytes (or 64 hex characters) as a file and name it here.' },
];

/** The problems of a configuration (empty: usable). */
export function checkPortalConfig(c: unknown): ConfigProblem[] {
  const cfg = (c && typeof c === 'object' ? c : {}) as Record<string, unknown>;
  const at = (field: string) => field.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), cfg);
  return PORTAL_CONFIG_RULES.filter((r) => !r.ok(cfg)).map((r) => ({ field: r.field, value: at(r.field), message: r.message, fix: r.fix }));
}

/** Read and check a configuration file. */
export function readPortalConfig(file: string): { config?: PortalConfigFile; problems: ConfigProblem[] } {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { problems: [{ field: '', message: `cannot be read: ${(e as Error).message}`, fix: 'give a JSON or YAML file.' }] };
  }
  const problems = checkPortalConfig(raw);
  return problems.length ? { problems } : { config: raw as PortalConfigFile, problems };
}

/** A secret file's content (trailing newline removed). */
export function readSecretFile(file: string): string {
  return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
}

/** The session key from its file: 32 bytes, or 64 hex characters, or 44 base64 characters. */
export function sessionKeyOf(file: string): Buffer {
  const raw = fs.readFileSync(file);
  const text = raw.toString('utf8').trim();
  const key = raw.length === 32 ? raw : /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${file}: a session key is 32 bytes (or 64 hex characters); this has ${key.length}`);
  return key;
}
