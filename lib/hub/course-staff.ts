/**
 * Course staff as JupyterHub roles: who is an instructor, who grades, and who is a student, taken
 * from the login (LTI roles of the launch, groups of the OAuth or LDAP login) or from lists, and a
 * roster that puts students into sections and profile groups. The hub renders them as groups (set
 * at every login by a post-auth hook, `Authenticator.manage_groups`) and as roles with scopes
 * filtered to those groups (`JupyterHub.load_roles`); see lib/hub/README.md, "Course staff".
 */

/** Who belongs to one staff role. Everyone who matches any of the three is a member. */
export interface StaffMembers {
  /** Hub usernames (for LTI hubs the e-mail address, lowercase). @default [] */
  readonly users?: readonly string[];
  /**
   * Groups of the login whose members belong: the OAuth groups claim (`groupsKey`) or, for LDAP,
   * the group DNs of `allowedGroups` the user is in. @default []
   */
  readonly loginGroups?: readonly string[];
  /** LTI roles (the last part of the role URI, e.g. `Instructor`) whose launches belong. @default [] */
  readonly ltiRoles?: readonly string[];
}

/** The graders: what they reach besides grading. */
export interface GraderMembers extends StaffMembers {
  /**
   * May graders open the servers of the students they grade (`access:servers`)? Without it they
   * see the students and whether their servers run, and grade through the exchange, but cannot
   * enter a student's server or home.
   * @default false
   */
  readonly openServers?: boolean;
  /**
   * Graders who grade one section only: section name (as in the roster) → grader usernames. They
   * see only the students of their section. Graders not listed here grade every student.
   * @default {}
   */
  readonly sections?: Readonly<Record<string, readonly string[]>>;
}

/** Instructors, graders and students of a course hub. */
export interface CourseStaff {
  /**
   * Instructors: see every student, open and stop students' servers, reach the exchange; with
   * nbgrader they are ngshare's admins.
   * @default LTI role Instructor on LTI logins, nobody otherwise
   */
  readonly instructors?: StaffMembers;
  /** Graders (teaching assistants): the exchange and the students they grade. @default LTI role TeachingAssistant on LTI logins, nobody otherwise */
  readonly graders?: GraderMembers;
}

/** One student's line of a roster. */
export interface RosterEntry {
  /** The hub username (as the login names the student, lowercase). */
  readonly username: string;
  /** The section the student is in (graders of that section grade them). @default none */
  readonly section?: string;
  /** Further groups, e.g. `gpu` for the profiles only some students may start. @default [] */
  readonly groups?: readonly string[];
}

/** Names of the hub groups staff and students are put into. */
export const STAFF_GROUPS = {
  instructors: 'instructors',
  students: 'students',
} as const;

/** The hub group of a roster section. */
export function sectionGroup(section: string): string {
  return `section-${section}`;
}
