/**
 * The props of CourseJupyterHub (and, extended, of ExamHub and GradingHub): what a course
 * says about its hub. Each part of the hub (lib/hub/README.md, "Parts") reads the fields it needs.
 */
import { IStorageClass } from '../core/storage-class-ref';
import type { CourseLifecycle } from '../fleet/course-lifecycle';
import { GradesOptions } from '../grades/grades-options';
import { HubAuth } from './auth';
import { CourseStaff, RosterEntry } from './course-staff';
import { HubExtensionProps } from './extensions';
import { ServerProfile } from './singleuser/profiles';
import { UserImage } from './user-image';

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
  /**
   * Take over the homes an earlier deployment (Zero to JupyterHub, a hand-made hub) left: the
   * hub mounts them instead of making new ones; nothing is moved, copied or deleted.
   * @default undefined (new homes: claims `claim-{user_server}`)
   */
  readonly adopt?: HomeAdoption;
}

/**
 * The claims of an earlier deployment in the hub's namespace (set the hub's `namespace` to the old
 * one; uninstall the old hub first, its user claims stay). Zero to JupyterHub with KubeSpawner < 7
 * named them `claim-{username}{servername}` with the "escape" scheme: `claim-alice-40example-2eorg`
 * for alice@example.org, which is KubeSpawner 7's `claim-{escaped_user_server}`.
 */
export interface AdoptClaims {
  readonly from: 'claims';
  /**
   * The earlier deployment's claim name, in KubeSpawner 7's template fields (kubespawner/spawner.py
   * `_expand_user_properties`): `{escaped_username}`, `{escaped_user_server}` (the "escape" scheme of
   * KubeSpawner < 7), `{username}`, `{user_server}`, `{safe_username}`, `{safe_user_server}`, `{userid}`.
   * @default 'claim-{escaped_user_server}'
   */
  readonly claimNameTemplate?: string;
}

/**
 * Home directories on the NFS server, one per user below `exportPath` (Zero to JupyterHub's "static"
 * storage: one shared claim with `subPath: '{username}'`, escaped by KubeSpawner < 7). The hub mounts
 * `exportPath` through one shared claim and each server its own directory (`subPath`). New users'
 * directories are made by the kubelet as root: the export must map them to the notebook user
 * (`all_squash,anonuid=1000,anongid=100`), or the directories must exist.
 */
export interface AdoptNfsDirectories {
  readonly from: 'nfs-directories';
  /** The directory on the ClusterSpec's NFS server that holds the homes, e.g. `/tank/jupyter/homes`. */
  readonly exportPath: string;
  /** One user's directory below it, in KubeSpawner 7's template fields (see {@link AdoptClaims.claimNameTemplate}), e.g. `{escaped_username}`. */
  readonly pathTemplate: string;
  /** The size the shared claim declares (NFS does not enforce it). @default 1024 */
  readonly sizeGiB?: number;
}

/** How a hub takes over existing homes. */
export type HomeAdoption = AdoptClaims | AdoptNfsDirectories;

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

/** Props of CourseJupyterHub (lib/hub/course-jupyterhub.ts). */
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
  /**
   * The fraction (0–1] of the worker pools' allocatable CPU and memory this hub's ResourceQuota
   * grants its servers (limits keep the default server's limit-to-guarantee ratio). Then the quota
   * binds at that share whatever profiles students pick.
   * @default derived from the peak: maxConcurrentUsers servers of the default size plus room for one server of each larger profile, at most the pools' allocatable
   */
  readonly quotaShare?: number;
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
  /**
   * Send nbgrader's scores to the LMS (LTI 1.3 Assignment and Grade Services): a grade service in
   * the hub's namespace (lib/grades). Needs an LTI 1.3 login and nbgrader.
   * @default undefined (off)
   */
  readonly grades?: GradesOptions;
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
  /**
   * Instructors and graders as hub roles scoped to the students (lib/hub/course-staff.ts): from
   * lists, the login's groups or LTI roles. With it (or a lifecycle), a post-auth hook puts every
   * login into the groups of its course role, and `course-instructor`/`course-grader` roles replace
   * the plain grader role.
   * @default undefined (the login's grader group with the plain `course-grader` role)
   */
  readonly staff?: CourseStaff;
  /** Students' sections and profile groups, from a roster (lib/catalogue/roster.ts reads one). @default [] */
  readonly roster?: readonly RosterEntry[];
  /**
   * Where the course is in its term on the catalogue's day (lib/catalogue/lifecycle.ts): staff only
   * before it opens; closed (logins refused, servers stopped, staff roles gone), then scaled to zero;
   * archived (no new homes); retired (only the namespace and its data claims are left).
   * @default undefined (no term: always open)
   */
  readonly lifecycle?: CourseLifecycle;
}
