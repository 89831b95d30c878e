/**
 * The user servers KubeSpawner starts: their image, size and profiles, homes, volumes, environment,
 * security context and scheduling (the KubeSpawner share of jupyterhub_config.py), what the cluster
 * model learns about the pods it will create, and what each image must provide.
 */
import { PropRule } from '../../core/errors';
import { isPinnedImage } from '../../core/names';
import { absolutePathProblem, sizeGiBProblem, urlPathProblem, valueRule } from '../../core/value-rules';
import { PackageDeclarations, ServerSizeEntry } from '../../model/declarations';
import { PRIORITY } from '../../fleet/priority-classes';
import { IStorageClass } from '../../core/storage-class-ref';
import { UserServerVolume } from '../extensions';
import { HubConfigModel, profileOverride } from '../hub/hub-config';
import { PyConfig, PyValue } from '../hub/python';
import { ResolvedHub } from '../resolved';
import { ImageFeature, ImageNeed, UserImage } from '../user-image';
import { kubeSpawnerPods } from './kubespawner-pod';
import { membershipGroups } from '../course-staff';
import { ADOPTED_HOMES_CLAIM, Z2JH_CLAIM_TEMPLATE } from './home-adoption';
import { profileSlug, ServerProfile } from './profiles';

/** What a hub kind may change in the user-servers part. */
export interface UserServersExtension {
  /** PriorityClass of the user servers (KubeSpawner `priority_class_name`). @default PRIORITY.courseServer */
  readonly priorityClass?: string;
  /** KubeSpawner traits set after hubfleet's own (node selector, tolerations, hub_connect_url). @default {} */
  readonly spawnerTraits?: Readonly<Record<string, PyValue>>;
  /** Init containers get requests = limits (Guaranteed QoS needs it of every container). @default false */
  readonly guaranteedInitContainers?: boolean;
  /** May user servers resolve names (DNS egress)? The network part follows. @default true */
  readonly dns?: boolean;
  /**
   * When the servers hold their seats (capacity planning: `RuntimePodDecl.window`), for exams from
   * the placeholders' lead before the start until the culler has stopped the last idle server.
   * @default undefined (all semester)
   */
  readonly seatWindow?: { readonly start: string; readonly end: string };
  /** Volumes of every user server after the course's own `userVolumes` (the grade exporter). @default [] */
  readonly volumes?: readonly UserServerVolume[];
  /**
   * Environment of every user server, after the course's `environment`; `PYTHONPATH` is joined
   * with the course's (theirs first). @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** `Spawner.server_token_scopes` (exam servers: activity only, lib/exam/exam-access.ts). @default undefined (JupyterHub's `server` role) */
  readonly serverTokenScopes?: readonly string[];
  /** Scopes added to every server token, after `serverTokenScopes` or the `server` role's (the grade service's access). @default [] */
  readonly extraServerTokenScopes?: readonly string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function profileSizeOk(r: ResolvedHub, p: ServerProfile): boolean {
  const s = serverSize(r, p);
  return s.cpuGuarantee > 0 && s.cpuLimit >= s.cpuGuarantee && s.memoryGuaranteeGiB > 0 && s.memoryLimitGiB >= s.memoryGuaranteeGiB;
}

const groupNameOk = (g: unknown) => typeof g === 'string' && g.length > 0 && g.length <= 255 && g.trim() === g;
/** The (well-formed) groups the hub's profiles are restricted to. */
const profileGroups = (r: ResolvedHub): string[] => [...new Set(r.profiles.flatMap((p) => p.groups ?? []).filter(groupNameOk))].sort();
/** The groups of profiles that the login must fill: those the course's membership hook does not (lib/hub/course-staff.ts). */
const loginProfileGroups = (r: ResolvedHub): string[] => {
  const byHook = new Set(membershipGroups(r.props, r.props.graderGroup ?? 'graders') ?? []);
  return profileGroups(r).filter((g) => !byHook.has(g));
};

/** The user-server rules; each row has a "fails …" test (test/hub/course-jupyterhub.test.ts). */
export const USER_SERVER_RULES: readonly PropRule<ResolvedHub>[] = [
  { id: 'hub-students', field: 'students', value: (r) => r.props.students, ok: (r) => Number.isInteger(r.props.students) && r.props.students >= 1 && r.props.students <= 5000, message: 'students must be a whole number from 1 to 5000.', fix: 'set students to the expected enrolment.' },
  { id: 'hub-concurrent', field: 'maxConcurrentUsers', value: (r) => r.maxConcurrent, ok: (r) => Number.isInteger(r.maxConcurrent) && r.maxConcurrent >= 1, message: 'maxConcurrentUsers must be a whole number ≥ 1.', fix: 'set it to the most servers that may run at once.' },
  { id: 'hub-image-pinned', field: 'image', value: (r) => UserImage.from(r.props.image).ref, ok: (r) => isPinnedImage(UserImage.from(r.props.image).ref), message: 'the user image is not pinned to a tag or digest (or uses "latest").', fix: 'pin it, e.g. "quay.io/jupyter/scipy-notebook:2025-10-20".' },
  { id: 'hub-cpu', field: 'cpuLimit', value: (r) => [r.cpuGuarantee, r.cpuLimit], ok: (r) => num(r.cpuGuarantee) && num(r.cpuLimit) && r.cpuGuarantee > 0 && r.cpuLimit >= r.cpuGuarantee, message: 'the CPU limit must be at least the guarantee, and both positive.', fix: 'raise cpuLimit or lower cpuGuarantee.' },
  { id: 'hub-memory', field: 'memoryLimitGiB', value: (r) => r.memoryLimitGiB, ok: (r) => num(r.memoryGuaranteeGiB) && num(r.memoryLimitGiB) && r.memoryGuaranteeGiB > 0 && r.memoryLimitGiB >= r.memoryGuaranteeGiB, message: 'the memory limit is below the memory guarantee (or not positive).', fix: 'raise memoryLimitGiB to at least memoryGuaranteeGiB, or lower the guarantee.' },
  {
    id: 'hub-profile-sizes', field: 'profiles[].memoryLimitGiB/cpuLimit', value: (r) => r.profiles.filter((p) => !profileSizeOk(r, p)).map((p) => p.displayName),
    ok: (r) => r.profiles.every((p) => profileSizeOk(r, p)), message: 'in these profiles a limit is below its guarantee.', fix: 'make each profile\'s limits at least its guarantees.',
  },
  { id: 'hub-profile-slugs', field: 'profiles[].slug', value: (r) => r.profiles.map(profileSlug), ok: (r) => { const s = r.profiles.map(profileSlug); return s.every((x) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(x)) && new Set(s).size === s.length; }, message: 'profile slugs must be unique lowercase ids.', fix: 'give the profiles distinct displayName or slug values.' },
  { id: 'hub-profile-default', field: 'profiles[].default', value: (r) => r.profiles.filter((p) => p.default).map((p) => p.displayName), ok: (r) => r.profiles.filter((p) => p.default).length <= 1, message: 'more than one profile is the default.', fix: 'mark at most one profile default.' },
  { id: 'hub-profile-images', field: 'profiles[].image', value: (r) => r.profiles.filter((p) => p.image && !isPinnedImage(UserImage.from(p.image).ref)).map((p) => UserImage.from(p.image!).ref), ok: (r) => r.profiles.every((p) => !p.image || isPinnedImage(UserImage.from(p.image).ref)), message: 'a profile image is not pinned.', fix: 'pin every profile image to a tag or digest.' },
  { id: 'hub-profile-gpus', field: 'profiles[].gpus', value: (r) => r.profiles.map((p) => p.gpus), ok: (r) => r.profiles.every((p) => p.gpus === undefined || (Number.isInteger(p.gpus) && p.gpus >= 0 && p.gpus <= 8)), message: 'gpus must be a whole number from 0 to 8.', fix: 'set gpus per server, e.g. 1.' },
  {
    id: 'hub-profile-groups', field: 'profiles[].groups', value: (r) => r.profiles.filter((p) => p.groups?.length).map((p) => ({ profile: p.displayName, groups: p.groups })),
    ok: (r) => r.profiles.every((p) => (p.groups ?? []).every(groupNameOk)),
    message: 'group names must be non-empty (at most 255 characters, no surrounding spaces), as JupyterHub stores them.', fix: 'name the groups as the login reports them, e.g. groups: ["gpu-users"].',
  },
  {
    id: 'hub-profile-group-default', field: 'profiles[].default', value: (r) => r.profiles.filter((p) => p.default && p.groups?.length).map((p) => p.displayName),
    // A default only some users have: everyone else silently gets the first profile they may use.
    ok: (r) => !r.profiles.some((p) => p.default && (p.groups ?? []).length > 0),
    message: 'a profile for some users is the default: everyone outside its groups would silently start another profile instead.', fix: 'make a profile everyone may use the default.',
  },
  {
    id: 'hub-profile-groups-login', field: 'auth', value: (r) => loginProfileGroups(r),
    ok: (r) => r.props.auth.profileGroupsProblem(loginProfileGroups(r), r.props.graderGroup ?? 'graders') === undefined,
    message: (r) => `profiles are restricted to groups the login never fills: ${r.props.auth.profileGroupsProblem(loginProfileGroups(r), r.props.graderGroup ?? 'graders')}; nobody could start those profiles.`,
    fix: 'let the login put users in the groups: LTI roleGroups (e.g. { "gpu-users": ["Instructor"] }), LDAP allowedGroups, or an OAuth provider\'s groups claim; or name the grader group; or put the students into a group with a roster (CourseJupyterHubProps roster), and staff into course-instructors with staff.',
  },
  { id: 'hub-timeouts', field: 'startTimeoutSeconds/culling', value: (r) => [r.props.startTimeoutSeconds, r.props.culling], ok: (r) => (r.props.startTimeoutSeconds ?? 300) >= 30 && (r.props.culling === false || ((r.props.culling?.idleTimeoutMinutes ?? 60) >= 5 && (r.props.culling?.everyMinutes ?? 10) >= 1)), message: 'the start timeout must be ≥ 30 s and culling must wait ≥ 5 min, checking at least every minute.', fix: 'raise the timeouts.' },
  { id: 'hub-home-size', field: 'home.sizeGiB', value: (r) => r.homeGiB, ok: (r) => r.props.home === false || sizeGiBProblem(r.homeGiB) === undefined, message: (r) => `the home size ${sizeGiBProblem(r.homeGiB)}.`, fix: 'set home.sizeGiB, e.g. 10.' },
  valueRule('hub-home-mount-path', 'home.mountPath', (r) => [r.props.home ? r.props.home.mountPath : undefined], (v) => absolutePathProblem(v, { forMount: true }), 'write an absolute path without ":" or "..", e.g. "/home/jovyan".'),
  valueRule('hub-course-data-mount-path', 'courseData.mountPath', (r) => [r.props.courseData?.mountPath], (v) => absolutePathProblem(v, { forMount: true }), 'write an absolute path without ":" or "..", e.g. "/srv/course-data".'),
  valueRule('hub-default-url', 'defaultUrl', (r) => [r.props.defaultUrl, ...r.profiles.map((p) => p.defaultUrl)], urlPathProblem, 'write the page as a path on the hub, e.g. "/lab" or "/rstudio".'),
  valueRule('hub-nbgrader-size', 'nbgrader.sizeGiB', (r) => [r.props.nbgrader?.sizeGiB], sizeGiBProblem, 'set nbgrader.sizeGiB to whole GiB, e.g. 5.'),
  { id: 'hub-environment', field: 'environment', value: (r) => Object.keys(r.props.environment ?? {}).filter((k) => !ENV_NAME.test(k)), ok: (r) => Object.keys(r.props.environment ?? {}).every((k) => ENV_NAME.test(k)), message: 'environment variable names must be letters, digits and "_".', fix: 'rename the variables listed in the value.' },
];

/** The course's environment, then the hub kind's; path lists (`PYTHONPATH`) are joined, the course's first. */
function joinEnvironment(course: Readonly<Record<string, string>>, kind: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...course };
  for (const [k, v] of Object.entries(kind)) out[k] = k === 'PYTHONPATH' && course[k] ? `${course[k]}:${v}` : v;
  return out;
}

/** The size of the default server (no profile) or of a profile's servers. */
export function serverSize(r: ResolvedHub, p?: ServerProfile): ServerSizeEntry {
  return {
    cpuGuarantee: p?.cpuGuarantee ?? r.cpuGuarantee,
    cpuLimit: p?.cpuLimit ?? r.cpuLimit,
    memoryGuaranteeGiB: p?.memoryGuaranteeGiB ?? r.memoryGuaranteeGiB,
    memoryLimitGiB: p?.memoryLimitGiB ?? r.memoryLimitGiB,
    ...((p?.gpus ?? 0) > 0 ? { gpus: p!.gpus } : {}),
  };
}

/** GPUs per server at most and their resource name (the first GPU profile's). */
export function userServerGpus(r: ResolvedHub): { perServer: number; resource: string } {
  return { perServer: Math.max(0, ...r.profiles.map((p) => p.gpus ?? 0)), resource: r.profiles.find((p) => (p.gpus ?? 0) > 0)?.gpuResource ?? 'nvidia.com/gpu' };
}

/** The user servers' share of the hub config: KubeSpawner's settings and JupyterHub's server limits. */
export type UserServerSettings = Pick<
  HubConfigModel,
  | 'image' | 'defaultUrl' | 'profileImages' | 'profileDefaultUrls' | 'userVolumes' | 'userInitContainers' | 'userPriorityClass' | 'spawnerTraits' | 'guaranteedInitContainers'
  | 'cpuGuarantee' | 'cpuLimit' | 'memoryGuaranteeGiB' | 'memoryLimitGiB' | 'profiles' | 'startTimeoutSeconds' | 'activeServerLimit' | 'concurrentSpawnLimit'
  | 'home' | 'courseData' | 'environment' | 'uid' | 'fsGid' | 'labels' | 'serverTokenScopes' | 'extraServerTokenScopes'
>;

/** The user servers' settings from the resolved props, the home StorageClass and the hub kind's extension. */
export function userServerSettings(r: ResolvedHub, homeClass: IStorageClass | undefined, extension: UserServersExtension): UserServerSettings {
  const props = r.props;
  return {
    image: UserImage.from(props.image).ref,
    defaultUrl: props.defaultUrl,
    profileImages: Object.fromEntries(r.profiles.filter((p) => p.image).map((p) => [profileSlug(p), UserImage.from(p.image!).ref])),
    profileDefaultUrls: Object.fromEntries(r.profiles.filter((p) => p.defaultUrl).map((p) => [profileSlug(p), p.defaultUrl!])),
    userVolumes: extension.volumes?.length ? [...(props.userVolumes ?? []), ...extension.volumes] : props.userVolumes,
    userInitContainers: props.userInitContainers,
    userPriorityClass: extension.priorityClass ?? PRIORITY.courseServer,
    spawnerTraits: extension.spawnerTraits,
    guaranteedInitContainers: extension.guaranteedInitContainers,
    serverTokenScopes: extension.serverTokenScopes,
    extraServerTokenScopes: extension.extraServerTokenScopes,
    cpuGuarantee: r.cpuGuarantee,
    cpuLimit: r.cpuLimit,
    memoryGuaranteeGiB: r.memoryGuaranteeGiB,
    memoryLimitGiB: r.memoryLimitGiB,
    profiles: r.profiles,
    startTimeoutSeconds: props.startTimeoutSeconds ?? 300,
    activeServerLimit: r.maxConcurrent,
    concurrentSpawnLimit: Math.min(64, Math.max(10, Math.ceil(r.maxConcurrent / 4))),
    home: props.home === false ? undefined : homeSettings(r, homeClass),
    courseData: props.courseData ? { claimName: props.courseData.claimName, mountPath: props.courseData.mountPath ?? '/srv/course-data' } : undefined,
    environment: joinEnvironment(props.environment ?? {}, extension.environment ?? {}),
    uid: 1000,
    fsGid: 100,
    labels: { app: 'jupyterhub', release: r.id, 'hubfleet.io/course': r.id },
  };
}

/** Where homes are: new claims per user, adopted claims (their template), or adopted NFS directories (one shared claim). */
function homeSettings(r: ResolvedHub, homeClass: IStorageClass | undefined): NonNullable<UserServerSettings['home']> {
  const home = r.props.home === false ? undefined : r.props.home;
  const adopt = home?.adopt;
  const base = { storageClass: homeClass?.storageClassName, sizeGiB: r.homeGiB, accessMode: homeClass?.readWriteMany ? 'ReadWriteMany' : 'ReadWriteOnce', mountPath: home?.mountPath ?? '/home/jovyan' };
  if (adopt?.from === 'claims') return { ...base, claimNameTemplate: adopt.claimNameTemplate ?? Z2JH_CLAIM_TEMPLATE };
  if (adopt?.from === 'nfs-directories') return { ...base, shared: { claimName: ADOPTED_HOMES_CLAIM, subPath: adopt.pathTemplate } };
  return base;
}

/**
 * Tell the cluster model about the pods KubeSpawner will create (one per profile, from the rendered
 * traits, so what is checked is what the hub will do) and the device plugin GPU profiles need.
 */
export function declareUserServers(d: PackageDeclarations, r: ResolvedHub, o: { readonly config: PyConfig; readonly model: HubConfigModel; readonly seatWindow?: UserServersExtension['seatWindow'] }): void {
  for (const p of kubeSpawnerPods({
    namespace: r.namespace,
    createdBy: `KubeSpawner of hub "${r.id}"`,
    traits: o.config.traitsOf('KubeSpawner'),
    profiles: r.profiles.map((p) => ({ slug: profileSlug(p), displayName: p.displayName, override: profileOverride(o.model, p) })),
    maxCount: r.maxConcurrent,
    students: r.props.students,
    window: o.seatWindow,
  })) d.runtimePod(p);
  const gpus = userServerGpus(r);
  if (gpus.perServer > 0) d.prerequisite({ kind: 'addon', name: 'NVIDIA device plugin', why: `advertises ${gpus.resource} on GPU nodes for the GPU profiles of hub "${r.id}"` });
}

/** What each image of the hub must provide for the features the hub uses (`gitPullApps`: the apps nbgitpuller links open). */
export function imageNeeds(r: ResolvedHub, gitPullApps: ReadonlySet<string>): ImageNeed[] {
  const p = r.props;
  const base: Array<{ feature: ImageFeature; why: string }> = [
    ...(p.nbgrader ? [{ feature: 'nbgrader' as const, why: 'nbgrader is on' }, { feature: 'ngshare-exchange' as const, why: 'the exchange is ngshare' }] : []),
    ...(gitPullApps.size ? [{ feature: 'nbgitpuller' as const, why: 'gitPullLink() made nbgitpuller links' }] : []),
    ...(gitPullApps.has('rstudio') ? [{ feature: 'rstudio' as const, why: 'a git-pull link opens RStudio' }] : []),
  ];
  const rstudio = (url?: string) => (url?.startsWith('/rstudio') ? [{ feature: 'rstudio' as const, why: `servers open ${url}` }] : []);
  const needs: ImageNeed[] = [{ field: 'image', image: UserImage.from(p.image), needs: [...base, ...rstudio(p.defaultUrl)] }];
  r.profiles.forEach((pr, i) => {
    const url = pr.defaultUrl ?? p.defaultUrl;
    if (pr.image || pr.defaultUrl) needs.push({ field: `profiles[${i}].image`, image: UserImage.from(pr.image ?? p.image), needs: [...base, ...rstudio(url)] });
  });
  return needs;
}
