/**
 * The props of CourseJupyterHub (and, extended, of ExamHub and GradingHub): what a course
 * says about its hub. Each part of the hub (lib/hub/README.md, "Parts") reads the fields it needs.
 */
import { IStorageClass } from '../core/storage-class-ref';
import { HubAuth } from './auth';
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
