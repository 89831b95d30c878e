/**
 * The `grades` prop of a course hub (CourseJupyterHubProps.grades): on its own, so that the hub's
 * props can name it without importing the service part (lib/grades/grade-service.ts), which builds
 * on the hub's parts.
 */
import { IStorageClass } from '../core/storage-class-ref';

/** Grades from nbgrader back to the LMS (LTI 1.3 Assignment and Grade Services). */
export interface GradesOptions {
  /** The protocol: LTI 1.3 Assignment and Grade Services 2.0 (the hub's login must be LTI 1.3). */
  readonly lms: 'lti13';
  /**
   * Where the LMS is (IPv4 CIDRs): the service may reach only these on the LMS's HTTPS port.
   * @default undefined (the port anywhere but link-local and the cluster's own networks; warning `grades-lms-cidrs-open`)
   */
  readonly lmsCidrs?: readonly string[];
  /**
   * Hosts the service sends the platform's access token to (the token URL and the line item URLs
   * launches name must be on them).
   * @default the hosts of the platform's issuer and token URL
   */
  readonly serviceHosts?: readonly string[];
  /** LTI context roles (last part of the role URI) whose holders may send grades for their course. @default ['Instructor', 'TeachingAssistant'] */
  readonly senderRoles?: readonly string[];
  /** StorageClass of the service's claim (a small database; prefer the block class with Retain). @default the cluster's database class */
  readonly storageClass?: IStorageClass;
  /** Size of the service's claim. @default 1 */
  readonly sizeGiB?: number;
  /** Delay before the first retry of a failed score; it doubles per attempt. @default 60 */
  readonly firstRetrySeconds?: number;
  /** The longest delay between retries. @default 21600 (6 hours) */
  readonly maxRetrySeconds?: number;
  /** How often the service reads every user's last launch from the hub API (launches it missed). @default 30 */
  readonly catchUpMinutes?: number;
}
