/**
 * The rules of the course staff and the roster (CourseJupyterHubProps `staff`, `roster`): every
 * name reaches the hub's config as a Python literal, so each must mean there what it says. Each
 * row has a "fails …" test (test/hub/course-jupyterhub.test.ts).
 */
import { PropRule } from '../core/errors';
import type { ResolvedHub } from './resolved';

/** A hub username as JupyterHub normalizes logins (lowercase, no whitespace or separators). */
const HUB_USERNAME = /^[^\sA-Z,;]{1,255}$/;
const SECTION = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LTI_ROLE = /^[A-Za-z][A-Za-z0-9]*$/;

/** The staff rules: names that reach the hub's config as literals must mean there what they say. */
export const STAFF_RULES: readonly PropRule<ResolvedHub>[] = [
  {
    // Instructors who are also nbgrader's are reported once, by nbgrader-instructors.
    id: 'hub-staff-users',
    field: (r) => staffUsers(r).find((u) => !HUB_USERNAME.test(u.name))?.field ?? 'staff',
    value: (r) => staffUsers(r).filter((u) => !HUB_USERNAME.test(u.name)).map((u) => u.name),
    ok: (r) => staffUsers(r).every((u) => HUB_USERNAME.test(u.name)),
    message: 'staff usernames must be written as JupyterHub names users (it lowercases every login), without spaces, "," or ";": another form never matches.',
    fix: 'write the usernames in lowercase, e.g. "anna.keller@example.org".',
  },
  {
    id: 'hub-staff-lti-roles',
    field: 'staff',
    value: (r) => [...(r.props.staff?.instructors?.ltiRoles ?? []), ...(r.props.staff?.graders?.ltiRoles ?? [])].filter((x) => !LTI_ROLE.test(x)),
    ok: (r) => [...(r.props.staff?.instructors?.ltiRoles ?? []), ...(r.props.staff?.graders?.ltiRoles ?? [])].every((x) => LTI_ROLE.test(x)),
    message: 'LTI roles are the last part of the role URI (e.g. "Instructor", "TeachingAssistant").',
    fix: 'write the role name only, without the URI.',
  },
  {
    id: 'hub-staff-sections',
    field: 'staff.graders.sections',
    value: (r) => Object.keys(r.props.staff?.graders?.sections ?? {}).filter((s) => !SECTION.test(s)),
    ok: (r) => Object.keys(r.props.staff?.graders?.sections ?? {}).every((s) => SECTION.test(s)),
    message: 'a section name names a hub group (section-<name>) and a role: lowercase letters, digits and "-".',
    fix: 'rename the section, e.g. "mon-a".',
  },
  {
    id: 'hub-roster',
    field: 'roster',
    value: (r) => (r.props.roster ?? []).filter((e) => !HUB_USERNAME.test(e.username) || (e.section !== undefined && !SECTION.test(e.section)) || (e.groups ?? []).some((g) => !SECTION.test(g))).map((e) => e.username),
    ok: (r) => (r.props.roster ?? []).every((e) => HUB_USERNAME.test(e.username) && (e.section === undefined || SECTION.test(e.section)) && (e.groups ?? []).every((g) => SECTION.test(g))),
    message: 'roster usernames are lowercase hub names; sections and groups lowercase letters, digits and "-" (they name hub groups).',
    fix: 'correct the roster entries listed in the value.',
  },
];

/** Every staff username with the field it is in (those nbgrader reports already left out). */
function staffUsers(r: ResolvedHub): Array<{ name: string; field: string }> {
  const s = r.props.staff;
  const nb = new Set(r.props.nbgrader?.instructors ?? []);
  return [
    ...(s?.instructors?.users ?? []).filter((u) => !nb.has(u)).map((name) => ({ name, field: 'staff.instructors.users' })),
    ...(s?.graders?.users ?? []).map((name) => ({ name, field: 'staff.graders.users' })),
    ...Object.entries(s?.graders?.sections ?? {}).flatMap(([k, us]) => us.map((name) => ({ name, field: `staff.graders.sections.${k}` }))),
  ];
}
