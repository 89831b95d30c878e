/**
 * The files of a course catalogue, as TypeScript types. scripts/gen-props-schema.js turns
 * `CourseFile`, `CatalogueFile` and `LifecycleFile` into JSON Schemas (schemas/*.schema.json and
 * lib/catalogue/schemas.generated.ts) from these declarations, the same way it reads the constructs'
 * props: the fields a course file shares with the hub are the hub's own prop types (`Pick` of
 * CourseJupyterHubProps, ServerProfile, CourseStaff), so a course file can say exactly what the
 * construct accepts, with the construct's descriptions.
 *
 * JSDoc tags the generator reads besides the description: `@default` (a JSON literal becomes the
 * schema's default, prose stays in the description), `@minimum`, `@maximum`, `@exclusiveMinimum`,
 * `@minLength`, `@maxLength`, `@minItems`, `@maxItems`, `@pattern`, `@format`, `@integer` and
 * `@examples`. Everything here is data: a class or function type fails the generator.
 */
import type { CourseJupyterHubProps, NbgraderOptions } from '../hub/course-jupyterhub';
import type { CourseStaff } from '../hub/course-staff';
import type { Lti13Options } from '../hub/auth';
import type { ServerProfile } from '../hub/singleuser/profiles';
import type { ImageFeature } from '../hub/user-image';
import type { ArchiveRecord, TermDateOverrides, TermSpec } from '../fleet/course-lifecycle';
import type { GradesOptions } from '../grades/grades-options';

export type { ArchiveRecord, TermDateOverrides, TermSpec };

/** The hub's own props a course file sets as they are. */
export type CourseHubFields = Pick<
  CourseJupyterHubProps,
  'maxConcurrentUsers' | 'cpuGuarantee' | 'cpuLimit' | 'memoryGuaranteeGiB' | 'memoryLimitGiB' | 'defaultUrl' | 'startTimeoutSeconds' | 'culling' | 'environment' | 'internetAccess'
>;

/** A course's persistent homes. */
export interface CourseHome {
  /**
   * Size per student, in GiB.
   * @default 10
   * @integer
   * @minimum 1
   * @maximum 1000
   */
  readonly sizeGiB?: number;
}

/** A choice on the spawn page of one course: a size, an image of the catalogue, GPUs. */
export interface CourseProfile extends Pick<ServerProfile, 'displayName' | 'slug' | 'description' | 'default' | 'defaultUrl' | 'gpus' | 'cpuGuarantee' | 'cpuLimit' | 'memoryGuaranteeGiB' | 'memoryLimitGiB' | 'environment' | 'groups'> {
  /**
   * An image of the catalogue (a key of `images` in catalogue.yaml), or a pinned reference when the
   * catalogue lists no images.
   * @default the course's image
   * @maxLength 200
   */
  readonly image?: string;
}

/** nbgrader with the ngshare exchange; the instructors are the course's `staff.instructors.users`. */
export type CourseNbgrader = Pick<NbgraderOptions, 'courseId' | 'ngshareAdmins' | 'sizeGiB'>;

/**
 * Scores from nbgrader back to the LMS of the course's login (LTI 1.3 Assignment and Grade
 * Services, lib/grades); where the LMS is comes from the login (`lmsCidrs` in catalogue.yaml).
 */
export type CourseGrades = Pick<GradesOptions, 'senderRoles' | 'serviceHosts' | 'sizeGiB' | 'firstRetrySeconds' | 'maxRetrySeconds' | 'catchUpMinutes'>;

/** Which login of the catalogue the course uses, and what the course adds to it. */
export interface CourseLogin {
  /**
   * A login of the catalogue: a key of `logins` in catalogue.yaml.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   */
  readonly use: string;
  /**
   * LTI 1.3: the client ID(s) the LMS gave this course's tool registration (Moodle makes one when
   * the tool is saved).
   * @minItems 1
   * @examples [["Xq3t9VwJ2m1aKpL"]]
   */
  readonly clientIds?: readonly string[];
}


/** A course roster: which student is in which section and profile groups. */
export interface CourseRoster {
  /**
   * A CSV file next to the course file, with a header line and the columns `username`, `section`
   * (optional) and `groups` (optional, separated by ";").
   * @pattern ^[A-Za-z0-9_.-]+\.csv$
   */
  readonly file: string;
}

/**
 * One course of the catalogue: `courses/<cluster>/<term>/<course>.yaml`. The file name (without
 * `.yaml`) is the course's id: it names the hub, its namespace `course-<id>` and its host.
 */
export interface CourseFile extends CourseHubFields {
  /**
   * The JSON Schema of this file, for editors (the YAML language server completes and checks with it).
   * @examples ["../../../schemas/course.schema.json"]
   */
  readonly $schema?: string;
  /**
   * The course's title, shown on the hub's pages, in the report and the portal.
   * @minLength 1
   * @maxLength 120
   */
  readonly title: string;
  /**
   * The term the course runs in: a key of `terms` in catalogue.yaml.
   * @default the name of the folder the file is in
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   */
  readonly term?: string;
  /** Term dates of this course that differ from its term's. @default {} */
  readonly dates?: TermDateOverrides;
  /**
   * Who may request changes to the course (identities of the university's login, e.g. e-mail
   * addresses): the course portal shows the course to them only.
   * @default []
   */
  readonly owners?: readonly string[];
  /** How students and staff log in. */
  readonly login: CourseLogin;
  /**
   * The user image: a key of `images` in catalogue.yaml (or a pinned reference when the catalogue
   * lists no images).
   * @maxLength 200
   */
  readonly image: string;
  /**
   * Students enrolled (sizes the quota and the homes).
   * @integer
   * @minimum 1
   * @maximum 5000
   */
  readonly students: number;
  /** Persistent homes; false gives ephemeral servers. @default the catalogue's defaults */
  readonly home?: CourseHome | false;
  /** Choices on the spawn page. @default [] (the course image and size only) */
  readonly profiles?: readonly CourseProfile[];
  /** nbgrader with the ngshare exchange (true: with its defaults). @default false */
  readonly nbgrader?: boolean | CourseNbgrader;
  /** Instructors and graders, and what graders reach. @default the login's defaults */
  readonly staff?: CourseStaff;
  /** Sections and profile groups of the students. @default none */
  readonly roster?: CourseRoster;
  /**
   * Send nbgrader's scores to the LMS the course is opened from (true: with the defaults): a grade
   * service in the course's namespace. Needs nbgrader.
   * @default false
   */
  readonly grades?: boolean | CourseGrades;
}


/** An image courses may choose. */
export interface CatalogueImage {
  /**
   * The pinned image reference.
   * @maxLength 200
   * @examples ["ghcr.io/example-university/hubfleet-course-scipy:2025-08-18"]
   */
  readonly ref: string;
  /** What the image contains beyond a Jupyter server. @default [] */
  readonly provides?: readonly ImageFeature[];
  /** Shown in the portal. @default '' */
  readonly description?: string;
}

/** An LMS login over LTI 1.3 from Moodle: the platform's address; each course adds its client ID. */
export interface MoodleLogin extends Pick<Lti13Options, 'usernameKey' | 'staffRoles' | 'staffAdmins' | 'roleGroups'>, Pick<GradesOptions, 'lmsCidrs'> {
  /**
   * Moodle's wwwroot.
   * @examples ["https://moodle.example.org"]
   * @pattern ^https://[^\s/?#]+(/[^\s?#]*)?$
   */
  readonly url: string;
}

/** An LMS login over LTI 1.3 from any platform; each course adds its client IDs. */
export interface Lti13Login extends Pick<Lti13Options, 'issuer' | 'authorizeUrl' | 'jwksEndpoint' | 'usernameKey' | 'staffRoles' | 'staffAdmins' | 'roleGroups'>, Pick<GradesOptions, 'lmsCidrs'> {}

/** A login courses may use: exactly one kind. */
export type CatalogueLogin = { readonly moodle: MoodleLogin } | { readonly lti13: Lti13Login };

/** Values every course starts from; a course file overrides them. */
export interface CourseDefaults extends CourseHubFields {
  /** @default { sizeGiB: 10 } */
  readonly home?: CourseHome | false;
}

/** Bounds no course may exceed (the portal offers only what they allow). */
export interface CataloguePolicy {
  /**
   * @integer
   * @minimum 1
   * @default 5000
   */
  readonly maxStudents?: number;
  /**
   * Servers at once per course.
   * @integer
   * @minimum 1
   * @default no bound
   */
  readonly maxConcurrentUsers?: number;
  /**
   * CPU limit per server (course default and profiles).
   * @exclusiveMinimum 0
   * @default no bound
   */
  readonly maxCpuLimit?: number;
  /**
   * Memory limit per server in GiB (course default and profiles).
   * @exclusiveMinimum 0
   * @default no bound
   */
  readonly maxMemoryLimitGiB?: number;
  /**
   * Home size per student in GiB.
   * @integer
   * @minimum 1
   * @default no bound
   */
  readonly maxHomeSizeGiB?: number;
  /**
   * GPUs per server; 0 allows no GPU profiles.
   * @integer
   * @minimum 0
   * @default 0
   */
  readonly maxGpus?: number;
}

/** Where GPU profiles run. */
export interface CatalogueGpus {
  /** Node labels of the GPU nodes. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default 'nvidia.com/gpu' */
  readonly resource?: string;
}

/** A cluster's catalogue settings: `courses/<cluster>/catalogue.yaml`. */
export interface CatalogueFile {
  /**
   * The JSON Schema of this file, for editors.
   * @examples ["../../schemas/catalogue.schema.json"]
   */
  readonly $schema?: string;
  /** The terms, by name (the folder names of the course files), e.g. `2025-autumn`. */
  readonly terms: Readonly<Record<string, TermSpec>>;
  /** The logins courses may use, by name. */
  readonly logins: Readonly<Record<string, CatalogueLogin>>;
  /** The images courses may choose, by name. Without it, courses name pinned references. @default {} */
  readonly images?: Readonly<Record<string, CatalogueImage>>;
  /** Values every course starts from. @default {} */
  readonly defaults?: CourseDefaults;
  /** Bounds no course may exceed. @default {} */
  readonly policy?: CataloguePolicy;
  /** Where GPU profiles run. @default {} */
  readonly gpus?: CatalogueGpus;
}


/**
 * The catalogue's lifecycle record: `courses/<cluster>/lifecycle.yaml`, written by
 * `hubfleet lifecycle advance` and `hubfleet lifecycle record-archive` and reviewed like any change.
 */
export interface LifecycleFile {
  /**
   * The JSON Schema of this file, for editors.
   * @examples ["../../schemas/lifecycle.schema.json"]
   */
  readonly $schema?: string;
  /**
   * The day the catalogue is at: synth renders every course in its state on this day.
   * @format date
   */
  readonly date: string;
  /** Archive runs hubfleet checked, oldest first. @default [] */
  readonly archives?: readonly ArchiveRecord[];
}
