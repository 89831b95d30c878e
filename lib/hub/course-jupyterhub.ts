import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { checkRules, isError, PropRule } from '../core/errors';
import { IsolatedNamespace } from '../core/isolated-namespace';
import { K8sObject } from '../core/k8s-object';
import { ingressControllerPeers, PublicRoute } from '../core/public-route';
import { isDnsLabel, isDomain, isPinnedImage, parseCidr } from '../core/names';
import { parseAnyCidr } from '../core/ip-ranges';
import { cidrPeer, DNS_RULE, networkPolicy, podPeer, Rule, tcp } from '../core/network-policy';
import { cpuQuantity, KEEP_ON_REMOVAL, memQuantityGiB, resources, restrictedContainerSecurity, restrictedPodSecurity } from '../core/pod';
import { ClusterApp } from '../fleet/cluster-app';
import { forbiddenCidrs } from '../fleet/cluster-spec';
import { Package, PackageGroup } from '../fleet/package';
import { IStorageClass } from '../storage/storage-class-ref';
import { dummyLoginIssues, HubAuth } from './auth';
import { clientRangeCheck } from './client-range';
import { checkHubContracts } from './contracts';
import { EXTENSION_RULES, HubExtensionProps, TEMPLATE_DIR, templatesInitContainer } from './extensions';
import { ENSURE_SECRETS_PY, GENERATED_KEYS, GENERATED_SECRET_NAME } from './generated-secrets';
import { buildHubConfig, HubConfigModel, profileOverride } from './hub-config';
import { HUB_PORTS, hubFlows } from './hub-flows';
import { HubInternals, hubPriorities } from './hub-internals';
import { kubeSpawnerPods } from './kubespawner-pod';
import { clusterGpus } from '../model/nodes';
import { NBGRADER_CONFIG_PATH, NBGRADER_CONFIGMAP, NBGRADER_RULES, ngshareSetupCommands, ngshareUrl, renderNbgraderConfig } from './nbgrader';
import { nbgitpullerLink, NbgitpullerLinkOptions } from './nbgitpuller';
import { profileSlug, ServerProfile } from './profiles';
import { ImageFeature, imageFeatureIssues, ImageNeed, UserImage } from './user-image';
import { IMAGES } from './versions';
import { declareProps } from '../core/props-check';
import { PriorityClasses } from '../platform/priority-classes';

/** Idle culling of user servers. */
export interface CullingOptions {
  /** Stop servers idle this long. @default 60 */
  readonly idleTimeoutMinutes?: number;
  /** How often to check. @default 10 */
  readonly everyMinutes?: number;
  /** Stop servers older than this even when active; 0 = never. @default 0 */
  readonly maxAgeHours?: number;
}

/** A persistent home per user. */
export interface HomeStorage {
  /** Where homes live (e.g. an NfsProvisioner's homes class). @default the cluster's default StorageClass */
  readonly storageClass?: IStorageClass;
  /** Size per user. @default 10 */
  readonly sizeGiB?: number;
  /** @default '/home/jovyan' */
  readonly mountPath?: string;
}

/** nbgrader on Kubernetes with ngshare as the exchange (the image must provide nbgrader and ngshare-exchange). */
export interface NbgraderOptions {
  /**
   * Hub usernames of the course's instructors (for LTI hubs their e-mail address). They are
   * ngshare's admins: the first of them creates the course in ngshare (see README). At least one.
   */
  readonly instructors?: readonly string[];
  /** Further ngshare admins (e.g. the platform team). @default [] */
  readonly ngshareAdmins?: readonly string[];
  /** The course id in nbgrader and ngshare. @default the hub's id */
  readonly courseId?: string;
  /** StorageClass of ngshare's volume (database and files). @default the home storage class */
  readonly storageClass?: IStorageClass;
  /** @default 5 */
  readonly sizeGiB?: number;
}

/** An extra destination user pods may reach (a package mirror, a licence server, …). */
export interface EgressAllowance {
  /** IPv4 CIDR. */
  readonly cidr: string;
  /** TCP ports; empty means all ports. @default [] */
  readonly tcpPorts?: readonly number[];
  /** Why (kept in the NetworkPolicy's annotations). */
  readonly reason: string;
}

/** Props of {@link CourseJupyterHub}. */
export interface CourseJupyterHubProps extends HubExtensionProps {
  /** How users log in. */
  readonly auth: HubAuth;
  /**
   * The course's user image, pinned; a {@link UserImage} says what it provides (nbgrader, nbgitpuller,
   * RStudio), a plain string provides nothing beyond a Jupyter server.
   */
  readonly image: string | UserImage;
  /** The page a server opens (`/lab`, `/tree`, `/rstudio`). @default '/lab' */
  readonly defaultUrl?: string;
  /**
   * Client networks the hub itself admits (checked on every request that came through the ingress;
   * exam hubs set it from allowedSourceCidrs). @default undefined (no hub-side check)
   */
  readonly clientCidrs?: readonly string[];
  /** Enrolled students (sizes the quota and volume counts). */
  readonly students: number;
  /** Human title, shown in templates. @default the construct id */
  readonly title?: string;
  /** Servers running at once at most (the hub's active_server_limit and the quota). @default students */
  readonly maxConcurrentUsers?: number;
  /** @default 0.5 */
  readonly cpuGuarantee?: number;
  /** @default 2 */
  readonly cpuLimit?: number;
  /** @default 1 */
  readonly memoryGuaranteeGiB?: number;
  /** @default 2 */
  readonly memoryLimitGiB?: number;
  /** Choices on the spawn page (images, sizes, GPUs). @default [] (the course image and size only) */
  readonly profiles?: readonly ServerProfile[];
  /** @default 300 */
  readonly startTimeoutSeconds?: number;
  /** Idle culling; false turns it off. @default { idleTimeoutMinutes: 60, everyMinutes: 10 } */
  readonly culling?: CullingOptions | false;
  /** Persistent homes; false gives ephemeral servers. @default { sizeGiB: 10 } on the default StorageClass */
  readonly home?: HomeStorage | false;
  /** A read-only volume (an existing PVC in the course namespace) mounted into every server. @default undefined */
  readonly courseData?: { readonly claimName: string; readonly mountPath?: string };
  /** Environment of user servers. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** nbgrader with an ngshare exchange. @default undefined (off) */
  readonly nbgrader?: NbgraderOptions;
  /** Public host. @default `<id>.<cluster domain>` */
  readonly host?: string;
  /**
   * Serve under a path of a shared host instead (e.g. `/intro/`); base_url follows.
   * @default '/' (the hub owns its host)
   */
  readonly basePath?: string;
  /** Namespace. @default `course-<id>` */
  readonly namespace?: string;
  /** StorageClass for the hub database (sqlite; prefer a block StorageClass over NFS). @default the cluster default */
  readonly hubDatabaseStorageClass?: IStorageClass;
  /** May user servers reach the public internet (minus every blocked range)? @default true */
  readonly internetAccess?: boolean;
  /** Extra destinations user servers may reach. @default [] */
  readonly egressAllowances?: readonly EgressAllowance[];
  /**
   * Keep a PodDisruptionBudget that blocks voluntary eviction of the hub and proxy (node drains wait
   * until an operator moves them). Turn on for exams.
   * @default false (the PDB allows one disruption)
   */
  readonly blockEviction?: boolean;
  /** Name of the group graders join (LTI staff roles map into it). @default 'graders' */
  readonly graderGroup?: string;
  /** Extra annotations for the cluster's ingress controller on the hub's Ingress. @default {} */
  readonly exposureAnnotations?: Readonly<Record<string, string>>;
  /**
   * Only these client networks may reach the hub (exam rooms, the VPN, staff networks), enforced by
   * the ingress controller (see PublicRoute).
   * @default undefined (every client)
   */
  readonly allowedSourceCidrs?: readonly string[];
}

interface ResolvedProps {
  readonly id: string;
  readonly namespace: string;
  readonly title: string;
  readonly maxConcurrent: number;
  readonly cpuGuarantee: number;
  readonly cpuLimit: number;
  readonly memoryGuaranteeGiB: number;
  readonly memoryLimitGiB: number;
  readonly profiles: readonly ServerProfile[];
  readonly host: string;
  readonly basePath: string;
  readonly homeGiB: number;
  readonly props: CourseJupyterHubProps;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** The validation table of CourseJupyterHub props; each row has a "fails …" test. */
export const COURSE_HUB_RULES: readonly PropRule<ResolvedProps>[] = [
  { id: 'hub-name-dns', field: 'id', value: (r) => r.id, ok: (r) => isDnsLabel(r.id) && r.id.length <= 40, message: 'the course name must be a DNS-1123 label of at most 40 characters (it names the namespace, host and volumes).', fix: 'use lowercase letters, digits and "-", e.g. "intro-programming".' },
  { id: 'hub-namespace-dns', field: 'namespace', value: (r) => r.namespace, ok: (r) => isDnsLabel(r.namespace) || (r.props.namespace === undefined && !isDnsLabel(r.id)), message: 'the namespace must be a DNS-1123 label.', fix: 'choose a shorter lowercase name.' },
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
  { id: 'hub-host', field: 'host', value: (r) => r.host, ok: (r) => isDomain(r.host) || (r.props.host === undefined && !isDnsLabel(r.id)), message: 'the public host is not a DNS name.', fix: 'set host, or the cluster domain, to a lowercase DNS name.' },
  { id: 'hub-base-path', field: 'basePath', value: (r) => r.basePath, ok: (r) => /^\/([a-z0-9-]+\/)*$/.test(r.basePath), message: 'basePath must start and end with "/" and contain lowercase path segments.', fix: 'write it like "/intro/".' },
  { id: 'hub-timeouts', field: 'startTimeoutSeconds/culling', value: (r) => [r.props.startTimeoutSeconds, r.props.culling], ok: (r) => (r.props.startTimeoutSeconds ?? 300) >= 30 && (r.props.culling === false || ((r.props.culling?.idleTimeoutMinutes ?? 60) >= 5 && (r.props.culling?.everyMinutes ?? 10) >= 1)), message: 'the start timeout must be ≥ 30 s and culling must wait ≥ 5 min, checking at least every minute.', fix: 'raise the timeouts.' },
  { id: 'hub-home-size', field: 'home.sizeGiB', value: (r) => r.homeGiB, ok: (r) => r.props.home === false || (Number.isInteger(r.homeGiB) && r.homeGiB >= 1), message: 'the home size must be a whole number of GiB ≥ 1.', fix: 'set home.sizeGiB, e.g. 10.' },
  { id: 'hub-environment', field: 'environment', value: (r) => Object.keys(r.props.environment ?? {}).filter((k) => !ENV_NAME.test(k)), ok: (r) => Object.keys(r.props.environment ?? {}).every((k) => ENV_NAME.test(k)), message: 'environment variable names must be letters, digits and "_".', fix: 'rename the variables listed in the value.' },
  { id: 'hub-client-cidrs', field: 'clientCidrs', value: (r) => r.props.clientCidrs, ok: (r) => (r.props.clientCidrs ?? []).every((c) => parseAnyCidr(c) !== undefined), message: 'the hub-side client ranges must be parseable IPv4 or IPv6 CIDRs (an empty list refuses every client).', fix: 'set clientCidrs, e.g. ["10.30.10.0/24"].' },
  { id: 'hub-egress', field: 'egressAllowances[].cidr', value: (r) => (r.props.egressAllowances ?? []).map((e) => e.cidr), ok: (r) => (r.props.egressAllowances ?? []).every((e) => parseCidr(e.cidr) !== undefined && e.reason.length > 0), message: 'an egress allowance has a CIDR that does not parse or no reason.', fix: 'write each as { cidr: "10.1.2.3/32", tcpPorts: [443], reason: "package mirror" }.' },
];

function profileSizeOk(r: ResolvedProps, p: ServerProfile): boolean {
  const cg = p.cpuGuarantee ?? r.cpuGuarantee;
  const cl = p.cpuLimit ?? r.cpuLimit;
  const mg = p.memoryGuaranteeGiB ?? r.memoryGuaranteeGiB;
  const ml = p.memoryLimitGiB ?? r.memoryLimitGiB;
  return cg > 0 && cl >= cg && mg > 0 && ml >= mg;
}

/** Ports of the hub's components. */
const PORT = HUB_PORTS;

/**
 * A JupyterHub for one course, in its own namespace, rendered natively (no Helm): hub, proxy,
 * ingress, login, user-server settings, idle culling, homes, optional nbgrader with ngshare, quota,
 * and NetworkPolicies that keep notebooks away from cloud metadata, the Kubernetes API, private
 * ranges and the cluster's blocked CIDRs.
 *
 * Object names follow Zero-to-JupyterHub (`hub`, `proxy`, `proxy-api`, `proxy-public`,
 * `hub-db-dir`, …) and its `component`/`app`/`release` labels.
 */
export class CourseJupyterHub extends Package {
  /** The namespace the hub lives in. */
  readonly namespaceName: string;
  /** The public URL, ending in "/". */
  readonly url: string;
  /** The public host. */
  readonly host: string;
  /** The hub's database volume claim. */
  readonly hubDatabaseClaim: K8sObject;
  /** The rendered jupyterhub_config.py. */
  readonly hubConfig: string;
  /** Resolved settings (after defaults). */
  protected readonly resolved: ResolvedProps;
  /** With nbgrader: the commands the first instructor runs once to create the course in ngshare. */
  readonly ngshareSetup?: readonly string[];
  /** nbgitpuller apps links were made for (they need nbgitpuller, and 'rstudio' RStudio, in the image). */
  private readonly gitPullApps = new Set<string>();

  /**
   * @param internals what hubfleet's own hub kinds (lib/exam) add; apps leave it out
   */
  constructor(scope: Construct, id: string, props: CourseJupyterHubProps, group: PackageGroup = 'courses', internals: HubInternals = {}) {
    const namespace = props.namespace ?? `${group === 'exams' ? 'exam' : 'course'}-${id}`;
    super(scope, id, { group, namespace });
    declareProps(this, 'CourseJupyterHubProps', props);
    const app = ClusterApp.of(this);
    // PriorityClasses are cluster-scoped: a platform package holds them (lib/platform/priority-classes.ts).
    PriorityClasses.of(app);
    const priority = hubPriorities(internals);
    const extra = internals.quotaExtra ?? { pods: 0, cpu: 0, memoryGiB: 0 };
    const spec = app.spec;
    const r: ResolvedProps = {
      id,
      namespace,
      title: props.title ?? id,
      maxConcurrent: props.maxConcurrentUsers ?? props.students,
      cpuGuarantee: props.cpuGuarantee ?? 0.5,
      cpuLimit: props.cpuLimit ?? 2,
      memoryGuaranteeGiB: props.memoryGuaranteeGiB ?? 1,
      memoryLimitGiB: props.memoryLimitGiB ?? 2,
      profiles: props.profiles ?? [],
      host: props.host ?? `${id}.${spec.domain}`,
      basePath: props.basePath ?? '/',
      homeGiB: props.home === false ? 0 : props.home?.sizeGiB ?? 10,
      props,
    };
    this.resolved = r;
    this.namespaceName = namespace;
    this.host = r.host;
    this.url = `https://${r.host}${r.basePath}`;
    const path = this.node.path;
    const nbAdmins = [...new Set([...(props.nbgrader?.instructors ?? []), ...(props.nbgrader?.ngshareAdmins ?? [])])];
    const nbCourse = props.nbgrader?.courseId ?? id;
    // Input rules first; the contract rules over the rendered config (added below) are a safety net
    // that only speaks when the input passed, so one mistake is reported once.
    const inputIssues = () => [
      ...checkRules(path, r, COURSE_HUB_RULES),
      ...props.auth.validate(path),
      ...dummyLoginIssues(path, props.auth, group === 'exams'),
      ...checkRules(path, props, EXTENSION_RULES),
      ...(props.nbgrader ? checkRules(path, { admins: nbAdmins, courseId: nbCourse }, NBGRADER_RULES) : []),
      ...imageFeatureIssues(path, this.imageNeeds()),
    ];

    const labels = (component: string) => ({ component, app: 'jupyterhub', release: id, 'app.kubernetes.io/part-of': 'hubfleet', 'hubfleet.io/course': id });
    const select = (component: string) => ({ component, app: 'jupyterhub', release: id });
    const ns = namespace;

    // --- namespace, quota, limits -------------------------------------------------------------
    const sizes = [r, ...r.profiles.map((p) => ({ cpuGuarantee: p.cpuGuarantee ?? r.cpuGuarantee, cpuLimit: p.cpuLimit ?? r.cpuLimit, memoryGuaranteeGiB: p.memoryGuaranteeGiB ?? r.memoryGuaranteeGiB, memoryLimitGiB: p.memoryLimitGiB ?? r.memoryLimitGiB }))];
    const max = (f: (s: (typeof sizes)[number]) => number) => Math.max(...sizes.map(f));
    const maxGpus = Math.max(0, ...r.profiles.map((p) => p.gpus ?? 0));
    const gpuResource = r.profiles.find((p) => (p.gpus ?? 0) > 0)?.gpuResource ?? 'nvidia.com/gpu';
    const nb = props.nbgrader;
    // Core pods: hub 0.2/1 cpu 512Mi/1Gi + init, proxy 0.1/0.5 cpu 128/512Mi, ngshare 0.1/0.5 256/512Mi.
    const core = { reqCpu: 0.4 + (nb ? 0.1 : 0), limCpu: 1.5 + (nb ? 0.5 : 0), reqMemGiB: 0.75 + (nb ? 0.25 : 0), limMemGiB: 1.5 + (nb ? 0.5 : 0) };
    const homesGiB = r.homeGiB * props.students;
    const isolated = new IsolatedNamespace(this, 'namespace', {
      name: ns,
      labels: { 'hubfleet.io/course': id, 'hubfleet.io/kind': internals.inventoryKind ?? (group === 'exams' ? 'exam' : 'course') },
      quota: {
        requestsCpu: cpuQuantity(r.maxConcurrent * max((s) => s.cpuGuarantee) + core.reqCpu + extra.cpu),
        limitsCpu: cpuQuantity(r.maxConcurrent * max((s) => s.cpuLimit) + core.limCpu + extra.cpu),
        requestsMemory: memQuantityGiB(r.maxConcurrent * max((s) => s.memoryGuaranteeGiB) + core.reqMemGiB + extra.memoryGiB),
        limitsMemory: memQuantityGiB(r.maxConcurrent * max((s) => s.memoryLimitGiB) + core.limMemGiB + extra.memoryGiB),
        pods: r.maxConcurrent + 6 + extra.pods,
        persistentVolumeClaims: (props.home === false ? 0 : props.students) + 4,
        requestsStorage: `${homesGiB + 1 + (nb ? nb.sizeGiB ?? 5 : 0)}Gi`,
        // GPUs: what the servers could ask for, but never more than the cluster's pools have.
        extended: maxGpus > 0 ? { [`requests.${gpuResource}`]: String(Math.min(maxGpus * r.maxConcurrent, clusterGpus(spec, gpuResource))) } : undefined,
      },
      limits: {
        defaultRequest: { cpu: '100m', memory: '128Mi' },
        default: { cpu: '500m', memory: '512Mi' },
        max: { cpu: cpuQuantity(Math.max(max((s) => s.cpuLimit), 1)), memory: memQuantityGiB(Math.max(max((s) => s.memoryLimitGiB), 1)) },
      },
    });

    if (internals.namespaceAnnotations) isolated.namespace.addAnnotations({ ...internals.namespaceAnnotations });

    // --- hub RBAC: only what KubeSpawner and the secret init need, in this namespace -----------
    new K8sObject(this, 'hub-sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'hub', namespace: ns, labels: labels('hub') } });
    new K8sObject(this, 'hub-role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'hub', namespace: ns, labels: labels('hub') },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
        // No delete: the hub can never remove a student's home.
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'watch', 'list', 'create'] },
        { apiGroups: [''], resources: ['events'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [GENERATED_SECRET_NAME], verbs: ['get', 'patch'] },
      ],
    });
    new K8sObject(this, 'hub-rolebinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'hub', namespace: ns, labels: labels('hub') },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'hub' },
      subjects: [{ kind: 'ServiceAccount', name: 'hub', namespace: ns }],
    });

    // --- hub config -----------------------------------------------------------------------------
    const culling = props.culling === false ? undefined : props.culling ?? {};
    const homeClass = props.home === false ? undefined : props.home?.storageClass ?? app.storageFor('homes');
    const databaseClass = props.hubDatabaseStorageClass ?? app.storageFor('database');
    const cfgModel: HubConfigModel = {
      course: id,
      title: r.title,
      publicUrl: this.url,
      baseUrl: r.basePath,
      auth: props.auth,
      graderGroup: props.graderGroup ?? 'graders',
      image: UserImage.from(props.image).ref,
      defaultUrl: props.defaultUrl,
      profileImages: Object.fromEntries(r.profiles.filter((p) => p.image).map((p) => [profileSlug(p), UserImage.from(p.image!).ref])),
      profileDefaultUrls: Object.fromEntries(r.profiles.filter((p) => p.defaultUrl).map((p) => [profileSlug(p), p.defaultUrl!])),
      nbgraderConfig: nb ? { configMap: NBGRADER_CONFIGMAP, key: 'nbgrader_config.py', mountPath: NBGRADER_CONFIG_PATH } : undefined,
      userVolumes: props.userVolumes,
      userInitContainers: props.userInitContainers,
      templatePaths: props.templates ? [TEMPLATE_DIR] : undefined,
      clientRange: props.clientCidrs ? clientRangeCheck(spec, props.clientCidrs) : undefined,
      extraConfig: props.extraHubConfig,
      hubfleetCode: internals.hubCode,
      userPriorityClass: priority.users,
      spawnerTraits: internals.spawnerTraits,
      guaranteedInitContainers: internals.guaranteedInitContainers,
      cpuGuarantee: r.cpuGuarantee,
      cpuLimit: r.cpuLimit,
      memoryGuaranteeGiB: r.memoryGuaranteeGiB,
      memoryLimitGiB: r.memoryLimitGiB,
      profiles: r.profiles,
      startTimeoutSeconds: props.startTimeoutSeconds ?? 300,
      activeServerLimit: r.maxConcurrent,
      concurrentSpawnLimit: Math.min(64, Math.max(10, Math.ceil(r.maxConcurrent / 4))),
      culling: culling
        ? { timeoutSeconds: (culling.idleTimeoutMinutes ?? 60) * 60, everySeconds: (culling.everyMinutes ?? 10) * 60, maxAgeSeconds: (culling.maxAgeHours ?? 0) * 3600, concurrency: 10, notBeforeSeconds: internals.cullingNotBeforeSeconds }
        : undefined,
      home: props.home === false ? undefined : { storageClass: homeClass?.storageClassName, sizeGiB: r.homeGiB, accessMode: homeClass?.readWriteMany ? 'ReadWriteMany' : 'ReadWriteOnce', mountPath: props.home?.mountPath ?? '/home/jovyan' },
      courseData: props.courseData ? { claimName: props.courseData.claimName, mountPath: props.courseData.mountPath ?? '/srv/course-data' } : undefined,
      environment: { ...(props.environment ?? {}) },
      ngshareUrl: nb ? `http://ngshare.${ns}.svc.cluster.local:${PORT.ngshare}` : undefined,
      uid: 1000,
      fsGid: 100,
      labels: { app: 'jupyterhub', release: id, 'hubfleet.io/course': id },
    };
    const hubCfg = buildHubConfig(cfgModel);
    this.hubConfig = hubCfg.render();
    new K8sObject(this, 'hub-config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'hub-config', namespace: ns, labels: labels('hub') },
      data: { 'jupyterhub_config.py': this.hubConfig, 'ensure_secrets.py': ENSURE_SECRETS_PY },
    });
    const templateFiles = props.templates && 'files' in props.templates ? Object.fromEntries(Object.keys(props.templates.files).sort().map((k) => [k, (props.templates as { files: Record<string, string> }).files[k]])) : undefined;
    if (templateFiles) {
      new K8sObject(this, 'hub-templates', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hub-templates', namespace: ns, labels: labels('hub') }, data: templateFiles });
    }
    if (nb) {
      const nbConfig = renderNbgraderConfig({ courseId: nbCourse, exchangeUrl: ngshareUrl(ns, r.basePath), exchangeFromEnv: internals.exchangeFromEnv, extra: internals.nbgraderExtra });
      new K8sObject(this, 'nbgrader-config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NBGRADER_CONFIGMAP, namespace: ns, labels: labels('singleuser') }, data: { 'nbgrader_config.py': nbConfig } });
      this.ngshareSetup = ngshareSetupCommands(nbCourse, nb.instructors ?? []);
    }

    // --- hub database ---------------------------------------------------------------------------
    this.hubDatabaseClaim = new K8sObject(this, 'hub-db', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'hub-db-dir', namespace: ns, labels: labels('hub'), annotations: { ...KEEP_ON_REMOVAL } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(databaseClass ? { storageClassName: databaseClass.storageClassName } : {}),
        resources: { requests: { storage: '1Gi' } },
      },
    });

    // --- hub deployment -------------------------------------------------------------------------
    const secretEnv = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: GENERATED_SECRET_NAME, key } } });
    const secretKeys = [GENERATED_KEYS.proxyToken, GENERATED_KEYS.cookieSecret, GENERATED_KEYS.cryptKey, ...(nb ? [GENERATED_KEYS.ngshareToken] : [])];
    // Everything the hub reads from files at start; the pod spec itself (env, image, init containers) rolls the pod anyway.
    const configHash = createHash('sha256').update(this.hubConfig).update(ENSURE_SECRETS_PY).update(JSON.stringify(templateFiles ?? props.templates ?? null)).digest('hex').slice(0, 16);
    const hubEnv = [
      { name: 'PYTHONUNBUFFERED', value: '1' },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      secretEnv('CONFIGPROXY_AUTH_TOKEN', GENERATED_KEYS.proxyToken),
      secretEnv('JPY_COOKIE_SECRET', GENERATED_KEYS.cookieSecret),
      secretEnv('JUPYTERHUB_CRYPT_KEY', GENERATED_KEYS.cryptKey),
      ...(nb ? [secretEnv('HUBFLEET_NGSHARE_TOKEN', GENERATED_KEYS.ngshareToken)] : []),
      ...props.auth.env(),
      ...(internals.hubEnv ?? []),
    ];
    this.addIssues(() => {
      const input = inputIssues();
      return input.some(isError) ? input : [...input, ...checkHubContracts(path, { traits: hubCfg.traits(), hubEnv: hubEnv.map((e) => e.name) })];
    });
    const templateInit = props.templates && 'git' in props.templates ? props.templates.git : undefined;
    new K8sObject(this, 'hub-deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hub', namespace: ns, labels: labels('hub') },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: select('hub') },
        template: {
          metadata: {
            labels: { ...labels('hub'), 'hub.jupyter.org/network-access-proxy-api': 'true', 'hub.jupyter.org/network-access-singleuser': 'true' },
            annotations: { 'hubfleet.io/config-hash': configHash },
          },
          spec: {
            serviceAccountName: 'hub',
            priorityClassName: priority.hub,
            automountServiceAccountToken: true,
            securityContext: restrictedPodSecurity({ runAsUser: 1000, fsGroup: 1000 }),
            initContainers: [
              {
                name: 'ensure-secrets',
                image: IMAGES.hub,
                command: ['python3', '/usr/local/etc/jupyterhub/ensure_secrets.py'],
                env: [
                  { name: 'SECRET_NAME', value: GENERATED_SECRET_NAME },
                  { name: 'SECRET_KEYS', value: secretKeys.join(',') },
                ],
                resources: resources({ cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 128 }),
                securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
                volumeMounts: [{ name: 'config', mountPath: '/usr/local/etc/jupyterhub/ensure_secrets.py', subPath: 'ensure_secrets.py' }],
              },
              ...(templateInit ? [templatesInitContainer(templateInit)] : []),
            ],
            containers: [
              {
                name: 'hub',
                image: IMAGES.hub,
                args: ['jupyterhub', '--config', '/usr/local/etc/jupyterhub/jupyterhub_config.py', '--upgrade-db'],
                ports: [{ name: 'http', containerPort: PORT.hub }],
                env: hubEnv,
                resources: resources({ cpuRequest: 0.2, cpuLimit: 1, memoryRequestMiB: 512, memoryLimitMiB: 1024 }),
                securityContext: restrictedContainerSecurity(),
                volumeMounts: [
                  { name: 'config', mountPath: '/usr/local/etc/jupyterhub/jupyterhub_config.py', subPath: 'jupyterhub_config.py' },
                  { name: 'hub-db-dir', mountPath: '/srv/jupyterhub' },
                  ...(props.templates ? [{ name: 'templates', mountPath: TEMPLATE_DIR, readOnly: true }] : []),
                ],
                startupProbe: { httpGet: { path: `${r.basePath}hub/health`, port: 'http' }, periodSeconds: 5, failureThreshold: 120 },
                livenessProbe: { httpGet: { path: `${r.basePath}hub/health`, port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 30 },
                readinessProbe: { httpGet: { path: `${r.basePath}hub/health`, port: 'http' }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 1000 },
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'hub-config' } },
              { name: 'hub-db-dir', persistentVolumeClaim: { claimName: 'hub-db-dir' } },
              ...(templateFiles ? [{ name: 'templates', configMap: { name: 'hub-templates' } }] : []),
              ...(templateInit ? [{ name: 'templates', emptyDir: { sizeLimit: '64Mi' } }, { name: 'templates-tmp', emptyDir: { sizeLimit: '256Mi' } }] : []),
            ],
          },
        },
      },
    });
    new K8sObject(this, 'hub-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'hub', namespace: ns, labels: labels('hub') },
      spec: { type: 'ClusterIP', selector: select('hub'), ports: [{ name: 'hub', port: PORT.hub, targetPort: 'http', protocol: 'TCP' }] },
    });

    // --- proxy ----------------------------------------------------------------------------------
    new K8sObject(this, 'proxy-deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'proxy', namespace: ns, labels: labels('proxy') },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: select('proxy') },
        template: {
          metadata: { labels: { ...labels('proxy'), 'hub.jupyter.org/network-access-hub': 'true', 'hub.jupyter.org/network-access-singleuser': 'true' } },
          spec: {
            automountServiceAccountToken: false,
            priorityClassName: priority.hub,
            terminationGracePeriodSeconds: 60,
            securityContext: restrictedPodSecurity({ runAsUser: 65534 }),
            containers: [
              {
                name: 'chp',
                image: IMAGES.proxy,
                command: [
                  'configurable-http-proxy',
                  '--ip=',
                  '--api-ip=',
                  `--api-port=${PORT.proxyApi}`,
                  `--default-target=http://hub:${PORT.hub}`,
                  `--error-target=http://hub:${PORT.hub}${r.basePath}hub/error`,
                  `--port=${PORT.proxyHttp}`,
                ],
                env: [secretEnv('CONFIGPROXY_AUTH_TOKEN', GENERATED_KEYS.proxyToken)],
                ports: [
                  { name: 'http', containerPort: PORT.proxyHttp },
                  { name: 'api', containerPort: PORT.proxyApi },
                ],
                resources: resources({ cpuRequest: 0.1, cpuLimit: 0.5, memoryRequestMiB: 128, memoryLimitMiB: 512 }),
                securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
                livenessProbe: { httpGet: { path: '/_chp_healthz', port: 'http' }, initialDelaySeconds: 60, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 30 },
                readinessProbe: { httpGet: { path: '/_chp_healthz', port: 'http' }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 1000 },
              },
            ],
          },
        },
      },
    });
    new K8sObject(this, 'proxy-api-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'proxy-api', namespace: ns, labels: labels('proxy-api') },
      spec: { type: 'ClusterIP', selector: select('proxy'), ports: [{ name: 'api', port: PORT.proxyApi, targetPort: 'api', protocol: 'TCP' }] },
    });
    new K8sObject(this, 'proxy-public-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'proxy-public', namespace: ns, labels: labels('proxy-public') },
      spec: { type: 'ClusterIP', selector: select('proxy'), ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    });
    for (const component of ['hub', 'proxy']) {
      new K8sObject(this, `${component}-pdb`, {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: component, namespace: ns, labels: labels(component) },
        spec: { ...(props.blockEviction ? { minAvailable: 1 } : { maxUnavailable: 1 }), selector: { matchLabels: select(component) } },
      });
    }

    // --- exposure -------------------------------------------------------------------------------
    new PublicRoute(this, 'route', {
      namespace: ns,
      name: 'jupyterhub',
      host: r.host,
      path: r.basePath,
      service: 'proxy-public',
      servicePort: { name: 'http', number: 80 },
      labels: labels('ingress'),
      tlsSecretName: `${r.host.split('.')[0]}-tls`,
      allowedSourceCidrs: props.allowedSourceCidrs,
      annotations: props.exposureAnnotations,
    });

    // --- nbgrader exchange ----------------------------------------------------------------------
    if (nb) {
      // ngshare keeps a sqlite database: block storage, like the hub's.
      const cls = nb.storageClass ?? databaseClass ?? homeClass;
      new K8sObject(this, 'ngshare-pvc', {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'ngshare-data', namespace: ns, labels: labels('ngshare'), annotations: { ...KEEP_ON_REMOVAL } },
        spec: { accessModes: ['ReadWriteOnce'], ...(cls ? { storageClassName: cls.storageClassName } : {}), resources: { requests: { storage: `${nb.sizeGiB ?? 5}Gi` } } },
      });
      new K8sObject(this, 'ngshare-deployment', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ngshare', namespace: ns, labels: labels('ngshare') },
        spec: {
          replicas: 1,
          strategy: { type: 'Recreate' },
          selector: { matchLabels: select('ngshare') },
          template: {
            metadata: { labels: { ...labels('ngshare'), 'hub.jupyter.org/network-access-hub': 'true' } },
            spec: {
              automountServiceAccountToken: false,
              priorityClassName: priority.hub,
              securityContext: restrictedPodSecurity({ runAsUser: 65535, fsGroup: 1000 }),
              containers: [
                {
                  name: 'ngshare',
                  image: IMAGES.ngshare,
                  args: ['--admins', nbAdmins.join(','), '--database', 'sqlite:////srv/ngshare/ngshare.db', '--storage', '/srv/ngshare/files/'],
                  env: [
                    { name: 'JUPYTERHUB_SERVICE_NAME', value: 'ngshare' },
                    secretEnv('JUPYTERHUB_API_TOKEN', GENERATED_KEYS.ngshareToken),
                    { name: 'JUPYTERHUB_API_URL', value: `http://hub.${ns}.svc.cluster.local:${PORT.hub}${r.basePath}hub/api` },
                    { name: 'JUPYTERHUB_BASE_URL', value: r.basePath },
                    { name: 'JUPYTERHUB_SERVICE_PREFIX', value: `${r.basePath}services/ngshare/` },
                    { name: 'JUPYTERHUB_SERVICE_URL', value: `http://0.0.0.0:${PORT.ngshare}/` },
                    { name: 'JUPYTERHUB_CLIENT_ID', value: 'service-ngshare' },
                  ],
                  ports: [{ name: 'http', containerPort: PORT.ngshare }],
                  resources: resources({ cpuRequest: 0.1, cpuLimit: 0.5, memoryRequestMiB: 256, memoryLimitMiB: 512 }),
                  securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
                  livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 6 },
                  readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
                  volumeMounts: [{ name: 'data', mountPath: '/srv/ngshare' }, { name: 'tmp', mountPath: '/tmp' }],
                },
              ],
              volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'ngshare-data' } }, { name: 'tmp', emptyDir: {} }],
            },
          },
        },
      });
      new K8sObject(this, 'ngshare-service', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'ngshare', namespace: ns, labels: labels('ngshare') },
        spec: { type: 'ClusterIP', selector: select('ngshare'), ports: [{ name: 'http', port: PORT.ngshare, targetPort: 'http', protocol: 'TCP' }] },
      });
    }

    // --- network policies -----------------------------------------------------------------------
    const forbidden = forbiddenCidrs(spec);
    const hub = podPeer(select('hub'));
    const proxy = podPeer(select('proxy'));
    const users = podPeer({ component: 'singleuser-server', release: id });
    const ngshare = podPeer(select('ngshare'));
    const apiServer: Rule[] = [
      { peers: [cidrPeer(spec.networks.nodeCidr)], ports: tcp(6443) },
      { peers: [cidrPeer(spec.networks.serviceCidr ?? '10.43.0.0/16')], ports: tcp(443) },
    ];
    const authPorts = [...new Set([...props.auth.egressPorts(), ...(templateInit ? [443] : [])])].sort((a, b) => a - b);
    networkPolicy(this, 'hub-netpol', {
      name: 'hub',
      namespace: ns,
      labels: labels('hub'),
      podSelector: select('hub'),
      ingress: [{ peers: [proxy, users, ...(nb ? [ngshare] : [])], ports: tcp(PORT.hub) }],
      egress: [
        DNS_RULE,
        { peers: [proxy], ports: tcp(PORT.proxyApi) },
        { peers: [users], ports: tcp(PORT.singleuser) },
        ...(nb ? [{ peers: [ngshare], ports: tcp(PORT.ngshare) }] : []),
        ...apiServer,
        // The login provider (LMS keyset, LDAP, IdP) may sit on campus; only link-local stays closed.
        ...(authPorts.length ? [{ peers: [cidrPeer('0.0.0.0/0', ['169.254.0.0/16'])], ports: tcp(...authPorts) }] : []),
      ],
    });
    networkPolicy(this, 'proxy-netpol', {
      name: 'proxy',
      namespace: ns,
      labels: labels('proxy'),
      podSelector: select('proxy'),
      ingress: [
        { peers: ingressControllerPeers(this), ports: tcp(PORT.proxyHttp) },
        { peers: [hub], ports: tcp(PORT.proxyApi) },
      ],
      egress: [DNS_RULE, { peers: [hub], ports: tcp(PORT.hub) }, { peers: [users], ports: tcp(PORT.singleuser) }, ...(nb ? [{ peers: [ngshare], ports: tcp(PORT.ngshare) }] : [])],
    });
    const internet = props.internetAccess ?? true;
    const allowances = props.egressAllowances ?? [];
    const userNp = networkPolicy(this, 'singleuser-netpol', {
      name: 'singleuser',
      namespace: ns,
      labels: labels('singleuser'),
      podSelector: { component: 'singleuser-server', release: id },
      ingress: [{ peers: [hub, proxy], ports: tcp(PORT.singleuser) }],
      egress: [
        // Exam servers reach hub and exchange by Service address (no DNS: no way out through the resolver).
        ...(internals.userDns === false ? [] : [DNS_RULE]),
        { peers: [hub], ports: tcp(PORT.hub) },
        { peers: [proxy], ports: tcp(PORT.proxyHttp) },
        ...(nb ? [{ peers: [ngshare], ports: tcp(PORT.ngshare) }] : []),
        ...(internet ? [{ peers: [cidrPeer('0.0.0.0/0', forbidden)] }] : []),
        ...allowances.map((a) => ({ peers: [cidrPeer(a.cidr)], ...(a.tcpPorts?.length ? { ports: tcp(...a.tcpPorts) } : {}) })),
      ],
    });
    if (allowances.length) userNp.addAnnotations({ 'hubfleet.io/egress-allowances': allowances.map((a) => `${a.cidr}: ${a.reason}`).join('; ') });
    if (nb) {
      networkPolicy(this, 'ngshare-netpol', {
        name: 'ngshare',
        namespace: ns,
        labels: labels('ngshare'),
        podSelector: select('ngshare'),
        ingress: [{ peers: [users, proxy, hub], ports: tcp(PORT.ngshare) }],
        egress: [DNS_RULE, { peers: [hub], ports: tcp(PORT.hub) }],
      });
    }

    // --- what the cluster model checks ------------------------------------------------------------
    const d = this.declarations;
    d.generatedSecret({ namespace: ns, name: GENERATED_SECRET_NAME, keys: secretKeys, by: `Deployment ${ns}/hub (init container ensure-secrets)` });
    const kubespawner = hubCfg.traitsOf('KubeSpawner');
    for (const p of kubeSpawnerPods({
      namespace: ns,
      createdBy: `KubeSpawner of hub "${id}"`,
      traits: kubespawner,
      profiles: r.profiles.map((p) => ({ slug: profileSlug(p), displayName: p.displayName, override: profileOverride(cfgModel, p) })),
      maxCount: r.maxConcurrent,
      students: props.students,
      window: internals.runtimeWindow,
    })) d.runtimePod(p);
    for (const f of hubFlows(spec, {
      namespace: ns,
      select: { hub: select('hub'), proxy: select('proxy'), ngshare: select('ngshare'), users: { component: 'singleuser-server', release: id } },
      nbgrader: !!nb,
      internet,
      allowances: allowances.map((a) => a.cidr),
      exam: group === 'exams',
      userDns: internals.userDns !== false,
    })) d.flow(f);
    if (maxGpus > 0) d.prerequisite({ kind: 'addon', name: 'NVIDIA device plugin', why: `advertises ${r.profiles.find((p) => (p.gpus ?? 0) > 0)?.gpuResource ?? 'nvidia.com/gpu'} on GPU nodes for the GPU profiles of hub "${id}"` });
    const size = (p?: ServerProfile) => ({
      cpuGuarantee: p?.cpuGuarantee ?? r.cpuGuarantee,
      cpuLimit: p?.cpuLimit ?? r.cpuLimit,
      memoryGuaranteeGiB: p?.memoryGuaranteeGiB ?? r.memoryGuaranteeGiB,
      memoryLimitGiB: p?.memoryLimitGiB ?? r.memoryLimitGiB,
      ...((p?.gpus ?? 0) > 0 ? { gpus: p!.gpus } : {}),
    });
    const lti = props.auth.kind === 'lti13' ? this.ltiToolUrls() : undefined;
    d.hub({
      name: id,
      kind: internals.inventoryKind ?? (group === 'exams' ? 'exam' : 'course'),
      namespace: ns,
      url: this.url,
      login: props.auth.kind,
      students: props.students,
      concurrency: r.maxConcurrent,
      size: size(),
      profiles: r.profiles.map((p) => ({ slug: profileSlug(p), displayName: p.displayName, default: p.default === true, ...size(p) })),
      image: UserImage.from(props.image).ref,
      ...(props.home === false ? {} : { home: { ...(homeClass ? { storageClass: homeClass.storageClassName } : {}), sizeGiB: r.homeGiB } }),
      nbgrader: !!nb,
      ...(internals.window ? { window: { ...internals.window } } : {}),
      ...(lti ? { lti: { version: '1.3' as const, toolUrl: lti.toolUrl, initiateLoginUrl: lti.initiateLoginUrl, redirectionUri: lti.redirectionUri, configJsonUrl: lti.configJson } } : {}),
      ...(props.auth.kind === 'lti11' ? { lti: { version: '1.1' as const, toolUrl: `${this.url}hub/lti/launch`, launchUrl: `${this.url}hub/lti/launch` } } : {}),
    });
  }

  /** A link that pulls course material from Git into each student's home and opens it. */
  gitPullLink(o: Omit<NbgitpullerLinkOptions, 'hubUrl'>): string {
    this.gitPullApps.add(o.app ?? 'lab');
    return nbgitpullerLink({ ...o, hubUrl: this.url });
  }

  /** What each image of the hub must provide for the features the hub uses. */
  private imageNeeds(): ImageNeed[] {
    const p = this.resolved.props;
    const base: Array<{ feature: ImageFeature; why: string }> = [
      ...(p.nbgrader ? [{ feature: 'nbgrader' as const, why: 'nbgrader is on' }, { feature: 'ngshare-exchange' as const, why: 'the exchange is ngshare' }] : []),
      ...(this.gitPullApps.size ? [{ feature: 'nbgitpuller' as const, why: 'gitPullLink() made nbgitpuller links' }] : []),
      ...(this.gitPullApps.has('rstudio') ? [{ feature: 'rstudio' as const, why: 'a git-pull link opens RStudio' }] : []),
    ];
    const rstudio = (url?: string) => (url?.startsWith('/rstudio') ? [{ feature: 'rstudio' as const, why: `servers open ${url}` }] : []);
    const needs: ImageNeed[] = [{ field: 'image', image: UserImage.from(p.image), needs: [...base, ...rstudio(p.defaultUrl)] }];
    this.resolved.profiles.forEach((pr, i) => {
      const url = pr.defaultUrl ?? p.defaultUrl;
      if (pr.image || pr.defaultUrl) needs.push({ field: `profiles[${i}].image`, image: UserImage.from(pr.image ?? p.image), needs: [...base, ...rstudio(url)] });
    });
    return needs;
  }

  /** What a Moodle admin enters for this hub (LTI 1.3 tool registration). */
  ltiToolUrls(): { toolUrl: string; initiateLoginUrl: string; redirectionUri: string; configJson: string } {
    return {
      toolUrl: `${this.url}hub/`,
      initiateLoginUrl: `${this.url}hub/lti13/oauth_login`,
      redirectionUri: `${this.url}hub/lti13/oauth_callback`,
      configJson: `${this.url}hub/lti13/config`,
    };
  }
}
