/**
 * Course staff as JupyterHub roles: who is an instructor, who grades, and who is a student, taken
 * from the login (LTI roles of the launch, groups of the OAuth or LDAP login) or from lists, and a
 * roster that puts students into sections and profile groups. The hub renders them as groups (set
 * at every login by a post-auth hook, `Authenticator.manage_groups`) and as roles with scopes
 * filtered to those groups (`JupyterHub.load_roles`); see lib/hub/README.md, "Course staff".
 * Every name (users, groups, LTI roles, sections) reaches jupyterhub_config.py as a Python literal.
 */
import { py, PySet, pyString } from './hub/python';

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

/**
 * Names of the hub groups staff and students are put into. The hook sets them from the course's
 * own lists and roles only: a group of that name from the login (an OAuth groups claim) is dropped,
 * so an identity provider's group cannot make anyone an instructor.
 */
export const STAFF_GROUPS = {
  instructors: 'course-instructors',
  students: 'course-students',
} as const;

/** The hub group of a roster section. */
export function sectionGroup(section: string): string {
  return `section-${section}`;
}

/** Who may log in: everyone the login admits, staff only (before the term opens), or nobody (closed). */
export type LoginGate = 'open' | 'staff' | 'closed';

/** What the staff part of a hub's config is rendered from. */
export interface StaffConfigInput {
  readonly staff: CourseStaff;
  readonly roster: readonly RosterEntry[];
  /** The group graders join (CourseJupyterHubProps `graderGroup`). */
  readonly graderGroup: string;
  /** Does the hub run ngshare (graders and instructors reach it)? */
  readonly nbgrader: boolean;
  /** Further JupyterHub services of the hub instructors and graders reach (the grade service). @default [] */
  readonly services?: readonly string[];
  /** The Python name of the login's own post-auth hook, which runs first (LTI: admin flag). */
  readonly loginHook?: string;
  readonly gate: LoginGate;
}

/** A JupyterHub role as `load_roles` takes it. */
export interface HubRole {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
}

/** The LTI roles that make instructors and graders when the staff names none (LTI logins only). */
export const DEFAULT_LTI_STAFF = { instructors: ['Instructor'], graders: ['TeachingAssistant'] } as const;

const sorted = (xs: readonly string[] | undefined) => [...new Set(xs ?? [])].sort();

/**
 * The roles of the course staff, scoped to the groups the membership hook puts users into
 * (JupyterHub 5.5 jupyterhub/scopes.py: `!group=` filters): instructors see every user and may
 * start, stop and open the students' servers; graders see the students they grade (all, or their
 * section's) and whether their servers run, open them only with `openServers`, and reach the
 * exchange. Nobody here may change users, tokens or roles. None of them when the term is closed:
 * JupyterHub deletes roles that `load_roles` no longer lists at its next start (app.py
 * init_role_creation), so stale staff rights go with the term.
 */
export function staffRoles(i: StaffConfigInput): HubRole[] {
  if (i.gate === 'closed') return [];
  // The exchange and the hub's further services (the grade service: its exporter runs in the
  // grader's server, whose token holds access:services only if its owner does).
  const exchange = [...(i.nbgrader ? ['ngshare'] : []), ...(i.services ?? [])].map((s) => `access:services!service=${s}`);
  const reach = `${i.nbgrader ? ', reach the exchange' : ''}${(i.services ?? []).map((s) => `, reach service ${s}`).join('')}`;
  const graders = (group: string) => [
    `list:users!group=${group}`,
    `read:users!group=${group}`,
    `read:servers!group=${group}`,
    ...(i.staff.graders?.openServers ? [`access:servers!group=${group}`] : []),
    ...exchange,
  ];
  const students = STAFF_GROUPS.students;
  const roles: HubRole[] = [
    {
      name: 'course-instructor',
      description: `Instructors of the course: see every user, start, stop and open the students' servers${reach}.`,
      scopes: ['admin-ui', 'list:users', 'read:users', `servers!group=${students}`, `access:servers!group=${students}`, ...exchange],
      users: sorted(i.staff.instructors?.users),
      groups: [STAFF_GROUPS.instructors],
    },
    {
      name: 'course-grader',
      description: `Graders of the course: see the students and whether their servers run${i.staff.graders?.openServers ? ', open them' : ''}${reach}.`,
      scopes: graders(students),
      users: sorted(i.staff.graders?.users),
      groups: [i.graderGroup],
    },
  ];
  for (const [section, users] of Object.entries(i.staff.graders?.sections ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    roles.push({ name: `course-grader-${section}`, description: `Graders of section ${section}: its students only.`, scopes: graders(sectionGroup(section)), users: sorted(users) });
  }
  return roles;
}

/** The groups of every roster student: their section's and their own. */
export function rosterMembership(roster: readonly RosterEntry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of [...roster].sort((a, b) => (a.username < b.username ? -1 : 1))) {
    const g = [...(e.section ? [sectionGroup(e.section)] : []), ...(e.groups ?? [])];
    if (g.length) out[e.username] = [...new Set(g)].sort();
  }
  return out;
}

/** The members of a staff role as the hook reads them. */
function membersLiteral(m: StaffMembers | undefined, ltiDefault: readonly string[]): string {
  return py({ users: new PySet(sorted(m?.users)), login_groups: new PySet(sorted(m?.loginGroups)), lti_roles: new PySet(sorted(m?.ltiRoles ?? ltiDefault)) });
}

/**
 * The membership hook: after the login's own hook, it puts each login into the hub groups of its
 * course role (instructors, the grader group, or students) and its roster groups, and refuses the
 * login when the term is closed, or before it opens unless the user is staff. Section graders are
 * staff without a group (their role names them).
 */
export function staffHookCode(i: StaffConfigInput, lti: boolean): string {
  const sectionGraders = sorted(Object.values(i.staff.graders?.sections ?? {}).flat());
  return [
    `HUBFLEET_INSTRUCTORS = ${membersLiteral(i.staff.instructors, lti ? DEFAULT_LTI_STAFF.instructors : [])}`,
    `HUBFLEET_GRADERS = ${membersLiteral(i.staff.graders, lti ? DEFAULT_LTI_STAFF.graders : [])}`,
    `HUBFLEET_SECTION_GRADERS = ${py(new PySet(sectionGraders))}`,
    `HUBFLEET_GROUPS = ${py({ instructors: STAFF_GROUPS.instructors, graders: i.graderGroup, students: STAFF_GROUPS.students })}`,
    `HUBFLEET_ROSTER = ${py(rosterMembership(i.roster))}`,
    `HUBFLEET_LOGINS = ${pyString(i.gate)}`,
    '',
    '',
    'def hubfleet_course_members(authenticator, handler, authentication):',
    '    """The course role of this login (instructor, grader, student), its roster groups, and the term\'s gate."""',
    '    state = authentication.get("auth_state") or {}',
    '    login_groups = set(authentication.get("groups") or []) | set(state.get("ldap_groups") or [])',
    ...(i.loginHook
      ? [
          `    authentication = ${i.loginHook}(authenticator, handler, authentication)`,
          '    if authentication is None:',
          '        return None',
        ]
      : []),
    '    roles = state.get("https://purl.imsglobal.org/spec/lti/claim/roles") or state.get("roles") or []',
    '    if isinstance(roles, str):',
    '        roles = roles.split(",")',
    '    lti = {re.split(r"[#/:]", str(r).strip())[-1] for r in roles}',
    '    name = authentication["name"]',
    '',
    '    def member(spec):',
    '        return name in spec["users"] or bool(lti & spec["lti_roles"]) or bool(login_groups & spec["login_groups"])',
    '',
    '    # The login\'s own groups stay (profiles may name them), except the names the course role decides.',
    '    reserved = set(HUBFLEET_GROUPS.values())',
    '    groups = {g for g in authentication.get("groups") or [] if g not in reserved and not g.startswith("section-")}',
    '    staff_groups = set()',
    '    if member(HUBFLEET_INSTRUCTORS):',
    '        staff_groups.add(HUBFLEET_GROUPS["instructors"])',
    '    if member(HUBFLEET_GRADERS):',
    '        staff_groups.add(HUBFLEET_GROUPS["graders"])',
    '    staff = bool(staff_groups) or name in HUBFLEET_SECTION_GRADERS',
    '    if HUBFLEET_LOGINS == "closed" or (HUBFLEET_LOGINS == "staff" and not staff):',
    '        authenticator.log.warning("Login of %s refused: the course is %s", name, "closed" if HUBFLEET_LOGINS == "closed" else "open to staff only")',
    '        return None',
    '    groups |= staff_groups',
    '    if not staff:',
    '        groups.add(HUBFLEET_GROUPS["students"])',
    '    groups.update(HUBFLEET_ROSTER.get(name, ()))',
    '    authentication["groups"] = sorted(groups)',
    '    return authentication',
  ].join('\n');
}

/** The login gate of a lifecycle phase: staff only before the term opens, nobody once it closed. */
export function gateOf(phase: string | undefined): LoginGate {
  if (phase === 'preparing' || phase === 'planned') return 'staff';
  if (phase === undefined || phase === 'open') return 'open';
  return 'closed';
}

/** The staff part of a hub's config, when the course names its staff or has a lifecycle. */
export function staffSettings(o: { readonly staff?: CourseStaff; readonly roster?: readonly RosterEntry[]; readonly lifecycle?: { readonly phase: string } }): { staff: CourseStaff; roster: readonly RosterEntry[]; gate: LoginGate } | undefined {
  if (!o.staff && !o.lifecycle && !o.roster?.length) return undefined;
  return { staff: o.staff ?? {}, roster: o.roster ?? [], gate: gateOf(o.lifecycle?.phase) };
}

/**
 * The groups the membership hook fills (course-instructors, the grader group, course-students, the
 * roster's sections and groups), or undefined when the hub has no hook (no staff, roster or lifecycle).
 */
export function membershipGroups(o: { readonly staff?: CourseStaff; readonly roster?: readonly RosterEntry[]; readonly lifecycle?: { readonly phase: string } }, graderGroup: string): string[] | undefined {
  if (!staffSettings(o)) return undefined;
  const roster = o.roster ?? [];
  return [...new Set([STAFF_GROUPS.instructors, STAFF_GROUPS.students, graderGroup, ...roster.flatMap((e) => [...(e.section ? [sectionGroup(e.section)] : []), ...(e.groups ?? [])])])].sort();
}
