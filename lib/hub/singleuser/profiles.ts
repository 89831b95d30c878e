import { UserImage } from '../user-image';

/** A toleration for user pods (e.g. for a tainted GPU node pool). */
export interface PodToleration {
  readonly key: string;
  /** @default 'Exists' */
  readonly operator?: 'Exists' | 'Equal';
  /** @default undefined */
  readonly value?: string;
  /** @default 'NoSchedule' */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Size of a user server. */
export interface ServerSize {
  /** CPU cores guaranteed (the request). @default 0.5 for the course default */
  readonly cpuGuarantee?: number;
  /** CPU cores at most (the limit). @default 2 for the course default */
  readonly cpuLimit?: number;
  /** Memory guaranteed, in GiB. @default 1 for the course default */
  readonly memoryGuaranteeGiB?: number;
  /** Memory at most, in GiB. @default 2 for the course default */
  readonly memoryLimitGiB?: number;
}

/** One choice on the spawn page: an image and a size, optionally with GPUs. */
export interface ServerProfile extends ServerSize {
  /** Shown on the spawn page. */
  readonly displayName: string;
  /** Stable id (lowercase, digits, '-'); derived from displayName when missing. @default slug of displayName */
  readonly slug?: string;
  /** @default '' */
  readonly description?: string;
  /** Preselected. At most one profile may be default. @default false */
  readonly default?: boolean;
  /** A pinned image; a {@link UserImage} says what it provides. @default the course image */
  readonly image?: string | UserImage;
  /** The page the server opens, e.g. `/rstudio` (needs an image that provides 'rstudio'). @default the course's defaultUrl */
  readonly defaultUrl?: string;
  /** GPUs per server (an extended resource limit and guarantee). @default 0 */
  readonly gpus?: number;
  /** Extended resource name for GPUs. @default 'nvidia.com/gpu' */
  readonly gpuResource?: string;
  /** Node labels the server must run on. @default {} (with gpus: none either) */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default [] (with gpus > 0: a toleration for the `nvidia.com/gpu` taint) */
  readonly tolerations?: readonly PodToleration[];
  /** Extra environment for this profile. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Only members of one of these JupyterHub groups see this profile and may start it (the GPU
   * profile of a research group, a large-memory profile for staff). The login puts users in groups:
   * LTI roles (`roleGroups` of HubAuth.moodle/canvas/lti13/lti11), LDAP groups (listed in
   * `allowedGroups`), the OAuth provider's groups claim, or the grader group; with the course's
   * `staff`, `roster` or `lifecycle` also `course-instructors`, `course-students` and the roster's
   * `section-<name>` and groups (lib/hub/course-staff.ts). KubeSpawner 7's own
   * mechanism does the rest: `profile_list` is a function of the spawner, so the spawn page lists
   * only the owner's profiles, and a request for any other profile, also through the REST API, is
   * refused (kubespawner/spawner.py `load_user_options` → `_validate_user_options` → `_get_profile`).
   * @default [] (everyone)
   */
  readonly groups?: readonly string[];
}

/** Slug for a profile (kubespawner derives the same shape). */
export function profileSlug(p: ServerProfile): string {
  return p.slug ?? p.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
