/**
 * Course staff as hub roles: the membership hook, run in python3 on the rendered jupyterhub_config.py
 * with the authentication models the logins produce (LTI launch roles, OAuth groups, LDAP groups,
 * lists), the login gate of the term, and the roles' scopes. The same config ran on upstream
 * JupyterHub 5.5.0 (lib/hub/README.md, "Course staff": what a grader and an instructor could open).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { staffRoles } from '../../lib/hub/course-staff';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { hasPython, RECORDING_CONFIG, runPython } from '../exam/python';
import { issuesOf, testSpec } from '../helpers';

const IMAGE = 'quay.io/jupyter/base-notebook:2025-08-18';
const moodle = () => HubAuth.moodle('https://moodle.example.org', ['c1'], { staffAdmins: false });

function config(props: Partial<CourseJupyterHubProps>): string {
  const app = new ClusterApp(testSpec());
  return new CourseJupyterHub(app, 'intro', { auth: moodle(), image: IMAGE, students: 40, ...props }).hubConfig;
}

/** Run the rendered config, then the post-auth hook on each authentication model; prints the groups (or null). */
function logins(cfg: string, models: object[]): Array<string[] | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staff-'));
  fs.writeFileSync(path.join(dir, 'jupyterhub_config.py'), cfg);
  try {
    const out = runPython(
      `${RECORDING_CONFIG}
import json, logging, sys
exec(compile(open(sys.argv[1]).read(), "jupyterhub_config.py", "exec"))
class A:
    log = logging.getLogger("a")
hook = c.Authenticator.post_auth_hook
res = []
for m in json.loads(sys.argv[2]):
    r = hook(A(), None, m)
    res.append(None if r is None else r["groups"])
print(json.dumps(res))`,
      { args: [path.join(dir, 'jupyterhub_config.py'), JSON.stringify(models)] },
    );
    return JSON.parse(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const lti = (name: string, ...roles: string[]) => ({ name, auth_state: { 'https://purl.imsglobal.org/spec/lti/claim/roles': roles.map((r) => `http://purl.imsglobal.org/vocab/lis/v2/membership#${r}`) } });
const run = hasPython ? test : test.skip;

describe('the membership hook', () => {
  run('LTI launches: Instructor, TeachingAssistant and Learner become instructors, graders and students; the roster adds sections and groups', () => {
    const cfg = config({ staff: {}, roster: [{ username: 'ada@example.org', section: 'mon', groups: ['gpu'] }] });
    expect(logins(cfg, [lti('ines@example.org', 'Instructor'), lti('tom@example.org', 'TeachingAssistant'), lti('ada@example.org', 'Learner'), lti('alan@example.org', 'Learner')])).toEqual([
      // The LTI hook's grader group (every LTI staff role) is decided again by the course role.
      ['course-instructors'],
      ['graders'],
      ['course-students', 'gpu', 'section-mon'],
      ['course-students'],
    ]);
  });

  run('an identity provider\'s group named like a course group makes nobody an instructor', () => {
    const cfg = config({ auth: HubAuth.dummy(), staff: {} });
    expect(logins(cfg, [{ name: 'mallory', groups: ['course-instructors', 'graders', 'section-mon'] }])).toEqual([['course-students']]);
  });

  run('OAuth groups, LDAP groups and lists make staff', () => {
    const cfg = config({ auth: HubAuth.dummy(), staff: { instructors: { loginGroups: ['course-intro-staff'], users: ['prof'] }, graders: { loginGroups: ['cn=intro-ta,ou=groups,dc=example,dc=org'] } } });
    expect(
      logins(cfg, [
        { name: 'oli', groups: ['course-intro-staff', 'everyone'] },
        { name: 'lea', auth_state: { ldap_groups: ['cn=intro-ta,ou=groups,dc=example,dc=org'] } },
        { name: 'prof' },
        { name: 'sue', groups: ['everyone'] },
      ]),
    ).toEqual([['course-instructors', 'course-intro-staff', 'everyone'], ['graders'], ['course-instructors'], ['course-students', 'everyone']]);
  });

  run('before the term opens only staff log in; once it closed nobody does', () => {
    const dates = { opens: '2026-02-16', closes: '2026-06-15', archiveAfter: '2026-07-01', deleteAfter: '2027-07-01', prepareFrom: '2026-02-02', stopAfterDays: 1, retireAfter: '2026-07-01' };
    const who = [lti('ines@example.org', 'Instructor'), lti('ada@example.org', 'Learner')];
    expect(logins(config({ lifecycle: { term: 't', day: '2026-02-10', phase: 'preparing', dates } }), who)).toEqual([['course-instructors'], null]);
    expect(logins(config({ lifecycle: { term: 't', day: '2026-06-15', phase: 'closing', dates } }), who)).toEqual([null, null]);
  });

  run('names stay data: a hostile group name is a string literal that matches only itself', () => {
    const evil = 'x"), __import__("os").system("touch /tmp/hubfleet-pwned") #';
    const cfg = config({ auth: HubAuth.dummy(), staff: { graders: { loginGroups: [evil] } } });
    expect(logins(cfg, [{ name: 'g', groups: [evil] }, { name: 's', groups: ['x'] }])).toEqual([['graders', evil], ['course-students', 'x']]);
    expect(fs.existsSync('/tmp/hubfleet-pwned')).toBe(false);
  });
});

describe('the staff roles', () => {
  it('scope instructors and graders to the students (sections for section graders); graders open servers only when told', () => {
    const roles = staffRoles({ staff: { instructors: { users: ['ines'] }, graders: { users: ['tom'], sections: { mon: ['sam'] } } }, roster: [], graderGroup: 'graders', nbgrader: true, gate: 'open' });
    expect(roles.map((r) => [r.name, r.scopes, r.users, r.groups])).toEqual([
      ['course-instructor', ['admin-ui', 'list:users', 'read:users', 'servers!group=course-students', 'access:servers!group=course-students', 'access:services!service=ngshare'], ['ines'], ['course-instructors']],
      ['course-grader', ['list:users!group=course-students', 'read:users!group=course-students', 'read:servers!group=course-students', 'access:services!service=ngshare'], ['tom'], ['graders']],
      ['course-grader-mon', ['list:users!group=section-mon', 'read:users!group=section-mon', 'read:servers!group=section-mon', 'access:services!service=ngshare'], ['sam'], undefined],
    ]);
    const open = staffRoles({ staff: { graders: { openServers: true } }, roster: [], graderGroup: 'graders', nbgrader: false, gate: 'open' });
    expect(open[1].scopes).toContain('access:servers!group=course-students');
  });

  it('are gone once the term closed (JupyterHub deletes roles load_roles no longer lists)', () => {
    expect(staffRoles({ staff: { instructors: { users: ['ines'] } }, roster: [], graderGroup: 'graders', nbgrader: true, gate: 'closed' })).toEqual([]);
  });

  it('leave a hub without staff or lifecycle as it was: the plain grader role, no hook', () => {
    const cfg = config({});
    expect(cfg).toContain('"scopes": ["list:users", "read:users", "read:servers", "access:services"]');
    expect(cfg).not.toContain('hubfleet_course_members');
  });
});

describe('graders and the exchange', () => {
  it('the first instructor adds the graders to the course in ngshare (ngshareSetup)', () => {
    const app = new ClusterApp(testSpec());
    const hub = new CourseJupyterHub(app, 'intro', { auth: moodle(), image: 'ghcr.io/example/course:2025-08-18', students: 40, nbgrader: { instructors: ['ines'] }, staff: { instructors: { users: ['ines'] }, graders: { users: ['tom'], sections: { mon: ['sam'] } } } });
    expect(hub.ngshareSetup).toEqual([
      'ngshare-course-management create_course intro ines',
      'ngshare-course-management add_students intro students.csv',
      'ngshare-course-management add_instructor intro sam',
      'ngshare-course-management add_instructor intro tom',
    ]);
  });
});

describe('profiles for roster groups (on top of ServerProfile.groups)', () => {
  const gpu = { displayName: 'GPU', gpus: 1, memoryGuaranteeGiB: 4, memoryLimitGiB: 8, groups: ['gpu'] };
  const issues = (props: Partial<CourseJupyterHubProps>) => {
    const app = new ClusterApp(testSpec());
    new CourseJupyterHub(app, 'intro', { auth: HubAuth.dummy(), image: IMAGE, students: 40, profiles: [{ displayName: 'Standard', default: true }, gpu], ...props });
    return issuesOf(app).map((i) => i.rule).filter((r) => r.startsWith('hub-profile'));
  };

  it('a profile for a roster group is filled by the membership hook; without the roster nothing fills it', () => {
    expect(issues({ roster: [{ username: 'ada', groups: ['gpu'] }] })).toEqual([]);
    expect(issues({})).toEqual(['hub-profile-groups-login']);
  });

  run('the hook puts the roster\'s students into the group the profile list filters on', () => {
    const app = new ClusterApp(testSpec());
    const cfg = new CourseJupyterHub(app, 'intro', { auth: HubAuth.dummy(), image: IMAGE, students: 40, profiles: [{ displayName: 'Standard', default: true }, gpu], roster: [{ username: 'ada', groups: ['gpu'] }] }).hubConfig;
    expect(cfg).toContain('c.KubeSpawner.profile_list = hubfleet_profile_list');
    expect(logins(cfg, [{ name: 'ada' }, { name: 'alan' }])).toEqual([['course-students', 'gpu'], ['course-students']]);
  });
});
