/**
 * Supported extension points of a hub, instead of JSON patches on the rendered objects: extra hub
 * config (Python, in named sections), extra volumes and init containers for user servers, and
 * custom templates (login page) from inline files or a Git repository. Everything here changes the
 * rendered config or the hub's pod, so it is covered by `hubfleet.io/config-hash` (the hub restarts).
 */
import { PropRule } from '../core/errors';
import { isDnsLabel, isPinnedImage } from '../core/names';
import { resources, restrictedContainerSecurity } from '../core/pod';
import { PyValue } from './hub/python';
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
  { id: 'hub-extra-config-names', field: 'extraHubConfig', value: (p) => Object.keys(p.extraHubConfig ?? {}), ok: (p) => Object.keys(p.extraHubConfig ?? {}).every((k) => SECTION.test(k)), message: 'extra hub config sections need lowercase names (letters, digits, "-").', fix: 'name each section, e.g. { "announcement": "c.JupyterHub.template_vars[...] = ..." }.' },
  {
    id: 'hub-user-volumes', field: 'userVolumes[].name', value: (p) => (p.userVolumes ?? []).map((v) => v.name),
    ok: (p) => { const n = (p.userVolumes ?? []).map((v) => v.name); return n.every((x) => isDnsLabel(x) && !RESERVED_USER_VOLUMES.includes(x)) && new Set(n).size === n.length && (p.userVolumes ?? []).every((v) => v.mountPath.startsWith('/')); },
    message: `user volumes need unique DNS-label names other than ${RESERVED_USER_VOLUMES.join(', ')}, and absolute mount paths.`, fix: 'rename the volume or fix its mountPath.',
  },
  {
    id: 'hub-user-init-containers', field: 'userInitContainers', value: (p) => (p.userInitContainers ?? []).map((c) => [c.name, c.image]),
    ok: (p) => { const cs = p.userInitContainers ?? []; const vols = new Set([...RESERVED_USER_VOLUMES, ...(p.userVolumes ?? []).map((v) => v.name)]); return cs.every((c) => isDnsLabel(c.name) && isPinnedImage(c.image) && c.command.length > 0 && (c.volumes ?? []).every((v) => vols.has(v))) && new Set(cs.map((c) => c.name)).size === cs.length; },
    message: 'an init container needs a unique DNS-label name, a pinned image, a command, and only volumes the server has.', fix: 'pin the image (a tag or digest) and name volumes from userVolumes or home/course-data.',
  },
  {
    id: 'hub-templates', field: 'templates', value: (p) => p.templates,
    ok: (p) => !p.templates || ('files' in p.templates ? Object.keys(p.templates.files).length > 0 && Object.keys(p.templates.files).every((f) => /^[A-Za-z0-9_.-]+\.html$/.test(f)) : /^https:\/\/\S+$/.test(p.templates.git.repo) && COMMIT.test(p.templates.git.commit)),
    message: 'templates are inline *.html files, or a Git https URL pinned to a full commit id (a branch would change the hub without a synth).', fix: 'set templates: { files: { "login.html": "..." } } or { git: { repo: "https://...", commit: "<40 hex>" } }.',
  },
];

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

/** The hub pod's init container that clones templates from Git (the z2jh hub image has git). */
export function templatesInitContainer(g: { readonly repo: string; readonly commit: string; readonly path?: string }): Record<string, unknown> {
  const sub = (g.path ?? '').replace(/^\/+|\/+$/g, '');
  const script = [
    'set -eu',
    'git init -q /tmp/templates',
    'cd /tmp/templates',
    'git fetch -q --depth 1 "$TEMPLATES_REPO" "$TEMPLATES_COMMIT"',
    'git checkout -q FETCH_HEAD',
    `cp -R /tmp/templates/${sub ? `${sub}/` : ''}. ${TEMPLATE_DIR}/`,
    `rm -rf ${TEMPLATE_DIR}/.git`,
  ].join('\n');
  return {
    name: 'fetch-templates',
    image: IMAGES.hub,
    command: ['sh', '-c', script],
    env: [
      { name: 'TEMPLATES_REPO', value: g.repo },
      { name: 'TEMPLATES_COMMIT', value: g.commit },
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
