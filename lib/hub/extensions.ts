/**
 * Supported extension points of a hub, instead of JSON patches on the rendered objects: extra hub
 * config (Python, in named sections), extra volumes and init containers for user servers, and
 * custom templates (login page) from inline files or a Git repository. Everything here changes the
 * rendered config or the hub's pod, so it is covered by `hubfleet.io/config-hash` (the hub restarts).
 */
import { PropRule } from '../core/errors';
import { isDnsLabel, isDnsSubdomain, isPinnedImage } from '../core/names';
import { absolutePathProblem, httpsUrlProblem, relativePathProblem, valueRule, wholeNumberProblem } from '../core/value-rules';
import { resources, restrictedContainerSecurity } from '../core/pod';
import { PyValue } from './hub/python';
import { PythonSyntaxProblem, pythonSyntaxProblem } from './hub/python-syntax';
import { isHttpsUrl, isRepoPath } from './value-rules';
import { IMAGES } from './versions';

/** Where a user-server volume comes from (objects in the course namespace). */
export type UserVolumeSource =
  | { readonly configMap: string }
  | { readonly secret: string }
  | { readonly persistentVolumeClaim: string }
  | { readonly emptyDir: { readonly sizeLimitMiB?: number } };

/** An extra volume mounted into every user server. */
export interface UserServerVolume {
  /** Volume name (DNS label, not one of hubfleet's own: home, course-data, nbgrader-config, hubfleet-grades). */
  readonly name: string;
  readonly source: UserVolumeSource;
  /** Absolute path in the user server. */
  readonly mountPath: string;
  /** @default true for configMap, secret and persistentVolumeClaim, false for emptyDir */
  readonly readOnly?: boolean;
  /** Mount one key or subfolder only. @default undefined (the whole volume) */
  readonly subPath?: string;
}

/** An init container that runs in every user server pod before the notebook (e.g. to seed files). */
export interface UserServerInitContainer {
  /** DNS label. */
  readonly name: string;
  /** A pinned image. */
  readonly image: string;
  readonly command: readonly string[];
  /** Names of volumes (hubfleet's or {@link UserServerVolume}s) mounted at the same paths as in the server. @default [] */
  readonly volumes?: readonly string[];
  /** @default 0.1 */
  readonly cpuLimit?: number;
  /** @default 128 */
  readonly memoryLimitMiB?: number;
}

/** Custom templates for the hub (login page, page banner): `c.JupyterHub.template_paths`. */
export type HubTemplates =
  /** Inline files (name → Jinja template), rendered into ConfigMap `hub-templates`. */
  | { readonly files: Readonly<Record<string, string>> }
  /**
   * A Git repository cloned by an init container of the hub pod (the hub image has git), pinned to a
   * commit so every restart gets the same templates. The hub needs egress to the Git host (443).
   * `repo` is a public https URL (no credentials), `commit` a full commit id, `path` the folder in
   * the repository (`name/name`, no `..`); all three reach the init container as environment
   * variables, never as script text.
   */
  | { readonly git: { readonly repo: string; readonly commit: string; readonly path?: string } };

/** The extension points of {@link CourseJupyterHubProps}. */
export interface HubExtensionProps {
  /**
   * Python appended to jupyterhub_config.py, one named section each (kept in name order), after
   * everything hubfleet writes. @default {}
   */
  readonly extraHubConfig?: Readonly<Record<string, string>>;
  /** Extra volumes of every user server. @default [] */
  readonly userVolumes?: readonly UserServerVolume[];
  /** Init containers of every user server. @default [] */
  readonly userInitContainers?: readonly UserServerInitContainer[];
  /** Custom hub templates. @default undefined (JupyterHub's own) */
  readonly templates?: HubTemplates;
}

/** Volume names hubfleet itself uses in user servers. */
export const RESERVED_USER_VOLUMES = ['home', 'course-data', 'nbgrader-config', 'hubfleet-grades'];

/** Where the hub pod gets custom templates. */
export const TEMPLATE_DIR = '/usr/local/share/jupyterhub/hubfleet-templates';

const SECTION = /^[a-z][a-z0-9-]*$/;
const COMMIT = /^[0-9a-f]{40}$/;

/** The validation table of the extension points; each row has a "fails …" test. */
export const EXTENSION_RULES: readonly PropRule<HubExtensionProps>[] = [
  valueRule('hub-user-volume-mount-paths', 'userVolumes[].mountPath', (p) => (p.userVolumes ?? []).map((v) => v.mountPath), (v) => absolutePathProblem(v, { forMount: true }), 'write each mountPath as an absolute path without ":" or "..", e.g. "/srv/data".'),
  valueRule('hub-user-volume-sub-paths', 'userVolumes[].subPath', (p) => (p.userVolumes ?? []).map((v) => v.subPath), relativePathProblem, 'write subPath as a key or folder inside the volume, e.g. "settings.json" (Kubernetes refuses absolute paths and "..").'),
  valueRule('hub-user-volume-sizes', 'userVolumes[].source.emptyDir.sizeLimitMiB', (p) => (p.userVolumes ?? []).map((v) => ('emptyDir' in v.source ? v.source.emptyDir.sizeLimitMiB : undefined)), (v) => wholeNumberProblem(v, 1, 1024 * 1024, 'MiB'), 'give sizeLimitMiB in whole MiB, e.g. 1024.'),
  valueRule('hub-user-init-memory', 'userInitContainers[].memoryLimitMiB', (p) => (p.userInitContainers ?? []).map((c) => c.memoryLimitMiB), (v) => wholeNumberProblem(v, 16, 64 * 1024, 'MiB'), 'give memoryLimitMiB in whole MiB, e.g. 128.'),
  valueRule('hub-user-init-cpu', 'userInitContainers[].cpuLimit', (p) => (p.userInitContainers ?? []).map((c) => c.cpuLimit), (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0.001 && v <= 64 ? undefined : 'the CPU limit must be a number of CPUs from 0.001 to 64'), 'give cpuLimit in CPUs, e.g. 0.5.'),
  valueRule('hub-templates-repo', 'templates.git.repo', (p) => [p.templates && 'git' in p.templates ? p.templates.git.repo : undefined], templatesRepoProblem, 'give the repository as a plain https URL without credentials (a public repository, or one the hub reaches without a password), e.g. "https://git.example.org/course/templates.git".'),
  { id: 'hub-extra-config-names', field: 'extraHubConfig', value: (p) => Object.keys(p.extraHubConfig ?? {}), ok: (p) => Object.keys(p.extraHubConfig ?? {}).every((k) => SECTION.test(k)), message: 'extra hub config sections need lowercase names (letters, digits, "-").', fix: 'name each section, e.g. { "announcement": "c.JupyterHub.template_vars[...] = ..." }.' },
  {
    id: 'hub-extra-config-python', field: (p) => `extraHubConfig.${extraConfigProblems(p)[0]?.section ?? ''}`, value: (p) => extraConfigProblems(p).map((x) => `line ${x.line}: ${x.text}`),
    ok: (p) => extraConfigProblems(p).length === 0,
    message: (p) => `this Python would stop the hub at start (it reads jupyterhub_config.py before anything else): ${extraConfigProblems(p).map((x) => `section "${x.section}", line ${x.line}, column ${x.column}: ${x.message}`).join('; ')}.`,
    fix: 'correct the section (each section must end at the top level, with every bracket and string closed); `python3 -m py_compile` on the section shows the same place.',
  },
  {
    id: 'hub-user-volumes', field: 'userVolumes[].name', value: (p) => (p.userVolumes ?? []).map((v) => v.name),
    ok: (p) => { const n = (p.userVolumes ?? []).map((v) => v.name); return n.every((x) => isDnsLabel(x) && !RESERVED_USER_VOLUMES.includes(x)) && new Set(n).size === n.length; },
    message: `user volumes need unique DNS-label names other than ${RESERVED_USER_VOLUMES.join(', ')}.`, fix: 'rename the volume.',
  },
  {
    id: 'hub-user-volume-sources', field: 'userVolumes[].source', value: (p) => (p.userVolumes ?? []).map((v) => v.source),
    ok: (p) => (p.userVolumes ?? []).every((v) => sourceOk(v.source)),
    message: 'a user volume\'s ConfigMap, Secret or claim must be named by a DNS-1123 subdomain of the course namespace.',
    fix: 'name the object as it is in the namespace, e.g. { configMap: "course-settings" }.',
  },
  {
    id: 'hub-user-init-containers', field: 'userInitContainers', value: (p) => (p.userInitContainers ?? []).map((c) => [c.name, c.image]),
    ok: (p) => { const cs = p.userInitContainers ?? []; const vols = new Set([...RESERVED_USER_VOLUMES, ...(p.userVolumes ?? []).map((v) => v.name)]); return cs.every((c) => isDnsLabel(c.name) && isPinnedImage(c.image) && c.command.length > 0 && (c.volumes ?? []).every((v) => vols.has(v))) && new Set(cs.map((c) => c.name)).size === cs.length; },
    message: 'an init container needs a unique DNS-label name, a pinned image, a command, and only volumes the server has.', fix: 'pin the image (a tag or digest) and name volumes from userVolumes or home/course-data.',
  },
  {
    id: 'hub-templates', field: 'templates', value: (p) => p.templates,
    ok: (p) => !p.templates || ('files' in p.templates ? Object.keys(p.templates.files).length > 0 && Object.keys(p.templates.files).every((f) => /^[A-Za-z0-9_.-]+\.html$/.test(f)) : COMMIT.test(p.templates.git.commit) && (p.templates.git.path === undefined || isRepoPath(p.templates.git.path))),
    message: 'templates are inline *.html files, or a public Git https URL (no credentials, query or fragment) pinned to a full commit id (a branch would change the hub without a synth), with an optional folder path of names of letters, digits, ".", "_" and "-" (no "..", no hidden folders).',
    fix: 'set templates: { files: { "login.html": "..." } } or { git: { repo: "https://git.example.org/templates.git", commit: "<40 hex>", path: "jupyterhub" } }.',
  },
];

/** Tokenizer-level problems of each extra config section (lib/hub/hub/python-syntax.ts). */
export function extraConfigProblems(p: HubExtensionProps): Array<PythonSyntaxProblem & { section: string; text: string }> {
  return Object.keys(p.extraHubConfig ?? {})
    .sort()
    .flatMap((section) => {
      const code = p.extraHubConfig![section];
      const problem = typeof code === 'string' ? pythonSyntaxProblem(code) : { line: 1, column: 1, message: 'not a string' };
      return problem ? [{ ...problem, section, text: (typeof code === 'string' ? code.split(/\r\n?|\n/)[problem.line - 1] ?? '' : '').slice(0, 120) }] : [];
    });
}


function sourceOk(s: UserVolumeSource): boolean {
  if ('emptyDir' in s) return true; // its size: rule hub-user-volume-sizes
  const name = 'configMap' in s ? s.configMap : 'secret' in s ? s.secret : s.persistentVolumeClaim;
  return isDnsSubdomain(name);
}

/**
 * The templates repository: an https URL (httpsUrlProblem) whose path holds only RFC 3986 unreserved
 * characters, `%XX` and `/` (isHttpsUrl): it reaches `git clone` in the fetch-templates script.
 */
function templatesRepoProblem(v: unknown): string | undefined {
  return httpsUrlProblem(v) ?? (isHttpsUrl(v) ? undefined : 'the URL\'s path may hold only letters, digits, ".", "_", "~", "+", "-", "/" and %XX escapes');
}

/** KubeSpawner `volumes` entries of the extra user volumes. */
export function userVolumeSpecs(vs: readonly UserServerVolume[]): { volumes: PyValue[]; mounts: PyValue[] } {
  const volumes: PyValue[] = [];
  const mounts: PyValue[] = [];
  for (const v of vs) {
    const s = v.source;
    const ro = v.readOnly ?? !('emptyDir' in s);
    if ('configMap' in s) volumes.push({ name: v.name, configMap: { name: s.configMap } });
    else if ('secret' in s) volumes.push({ name: v.name, secret: { secretName: s.secret } });
    else if ('persistentVolumeClaim' in s) volumes.push({ name: v.name, persistentVolumeClaim: { claimName: s.persistentVolumeClaim, readOnly: ro } });
    else volumes.push({ name: v.name, emptyDir: s.emptyDir.sizeLimitMiB ? { sizeLimit: `${s.emptyDir.sizeLimitMiB}Mi` } : {} });
    mounts.push({ name: v.name, mountPath: v.mountPath, ...(v.subPath ? { subPath: v.subPath } : {}), ...(ro ? { readOnly: true } : {}) });
  }
  return { volumes, mounts };
}

/**
 * The init container's script: a constant. Every value (repository, commit, folder, the two
 * directories) comes from the environment and is expanded inside double quotes, so the shell never
 * reads it as code; `--` ends the options of git and cp before any value.
 */
export const FETCH_TEMPLATES_SCRIPT = [
  'set -eu',
  'git init -q -- "$TEMPLATES_WORK"',
  'cd -- "$TEMPLATES_WORK"',
  'git fetch -q --depth 1 -- "$TEMPLATES_REPO" "$TEMPLATES_COMMIT"',
  'git checkout -q FETCH_HEAD',
  'cp -R -- "$TEMPLATES_WORK/$TEMPLATES_PATH/." "$TEMPLATES_DIR/"',
  'rm -rf -- "$TEMPLATES_DIR/.git"',
].join('\n');

/** The hub pod's init container that clones templates from Git (the z2jh hub image has git). */
export function templatesInitContainer(g: { readonly repo: string; readonly commit: string; readonly path?: string }): Record<string, unknown> {
  return {
    name: 'fetch-templates',
    image: IMAGES.hub,
    command: ['sh', '-c', FETCH_TEMPLATES_SCRIPT],
    env: [
      { name: 'TEMPLATES_REPO', value: g.repo },
      { name: 'TEMPLATES_COMMIT', value: g.commit },
      { name: 'TEMPLATES_PATH', value: (g.path ?? '').replace(/^\/+|\/+$/g, '') },
      { name: 'TEMPLATES_WORK', value: '/tmp/templates' },
      { name: 'TEMPLATES_DIR', value: TEMPLATE_DIR },
      { name: 'HOME', value: '/tmp' },
    ],
    resources: resources({ cpuRequest: 0.05, cpuLimit: 0.5, memoryRequestMiB: 64, memoryLimitMiB: 256 }),
    securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
    volumeMounts: [
      { name: 'templates', mountPath: TEMPLATE_DIR },
      { name: 'templates-tmp', mountPath: '/tmp' },
    ],
  };
}
