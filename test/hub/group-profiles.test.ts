/**
 * Issue 20: a profile for some users only (the GPU profile of a group). KubeSpawner 7 has no group
 * setting of its own (7.0.0's spawner.py has no group_overrides), but `profile_list` may be a
 * callable of the spawner, evaluated for the spawn page (`_render_options_form_dynamically`) and
 * again when the server starts (`load_user_options` → `_validate_user_options` → `_get_profile`,
 * which raises "No such profile" for a slug outside the list). hubfleet renders that callable; the
 * login fills the groups. The proof on upstream JupyterHub 5.5.0 + KubeSpawner 7.0.0 (spawn page and
 * REST API) is described in lib/hub/README.md, "Profiles for some users".
 */
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { ServerProfile } from '../../lib/hub/singleuser/profiles';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { issuesOf, testSpec } from '../helpers';
import { hasPython, runConfig } from './run-config';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const GPU: ServerProfile = { displayName: 'GPU', gpus: 1, cpuGuarantee: 2, cpuLimit: 4, memoryGuaranteeGiB: 8, memoryLimitGiB: 16, groups: ['gpu-users'] };
const PROFILES: ServerProfile[] = [{ displayName: 'CPU', default: true }, GPU, { displayName: 'Staff large', memoryLimitGiB: 8, groups: ['graders'] }];

function hub(o: Partial<CourseJupyterHubProps> = {}) {
  const app = new ClusterApp(testSpec({ nodePools: [...testSpec().nodePools, { name: 'gpu', roles: ['worker'], count: 1, vcpus: 16, memoryGiB: 64, diskGiB: 100, gpus: 2 }] }));
  const h = new CourseJupyterHub(app, 'ml', { auth: HubAuth.canvas(['10000000000001'], { staffAdmins: false, roleGroups: { 'gpu-users': ['Instructor', 'TeachingAssistant', 'Mentor'] } }), image: IMAGE, students: 40, home: false, profiles: PROFILES, ...o });
  return { app, hub: h };
}

/** Run the rendered config and ask its profile_list for a user in `groups`; prints the slugs. */
const SLUGS_FOR = [
  'import types',
  'pl = cfg.KubeSpawner.profile_list',
  'user = types.SimpleNamespace(groups=[types.SimpleNamespace(name=g) for g in sys.argv[2:]])',
  'print(json.dumps([p["slug"] for p in (pl(types.SimpleNamespace(user=user)) if callable(pl) else pl)]))',
].join('\n');

describe('profiles for some users', () => {
  (hasPython() ? test : test.skip)('profile_list is a function of the owner\'s groups: each user gets only the profiles of the groups they are in', () => {
    const { app, hub: h } = hub();
    expect(issuesOf(app)).toEqual([]);
    const slugs = (...groups: string[]) => JSON.parse(runConfig(h.hubConfig, SLUGS_FOR, groups));
    expect(slugs()).toEqual(['cpu']);
    expect(slugs('gpu-users')).toEqual(['cpu', 'gpu']);
    expect(slugs('graders', 'gpu-users')).toEqual(['cpu', 'gpu', 'staff-large']);
    expect(slugs('another-course')).toEqual(['cpu']);
  });

  (hasPython() ? test : test.skip)('LTI roles fill the groups at every launch: a TeachingAssistant joins gpu-users, a Learner joins nothing', () => {
    const { hub: h } = hub();
    const tail = 'auth = {"name": "u", "auth_state": {"https://purl.imsglobal.org/spec/lti/claim/roles": sys.argv[2:]}}\nprint(json.dumps(cfg.Authenticator.post_auth_hook(None, None, auth)["groups"]))';
    const groups = (...roles: string[]) => JSON.parse(runConfig(h.hubConfig, tail, roles.map((r) => `http://purl.imsglobal.org/vocab/lis/v2/membership#${r}`)));
    expect(groups('TeachingAssistant')).toEqual(['graders', 'gpu-users']);
    expect(groups('Mentor')).toEqual(['gpu-users']);
    expect(groups('Learner')).toEqual([]);
  });

  test('without restricted profiles the config is as before (a list, no function)', () => {
    const { hub: h } = hub({ profiles: [{ displayName: 'CPU', default: true }, { ...GPU, groups: undefined }] });
    expect(h.hubConfig).not.toContain('hubfleet_profile_list');
  });

  test('LDAP groups (of allowedGroups) and OAuth groups claims fill groups too', () => {
    const ldap = HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'], allowedGroups: ['cn=course,ou=groups,dc=example,dc=org', 'cn=gpu,ou=groups,dc=example,dc=org'] });
    const { app, hub: h } = hub({ auth: ldap, profiles: [{ displayName: 'CPU', default: true }, { ...GPU, groups: ['cn=gpu,ou=groups,dc=example,dc=org'] }] });
    expect(issuesOf(app)).toEqual([]);
    expect(h.hubConfig).toContain('c.Authenticator.manage_groups = True');
    expect(h.hubConfig).toContain('authentication["groups"] = sorted(state.get("ldap_groups") or [])');
    const oauth = HubAuth.oauth2({ clientId: 'hub', clientSecret: SecretKeyRef.fromName('oauth', 'secret'), authorizeUrl: 'https://id.example.org/auth', tokenUrl: 'https://id.example.org/token', userdataUrl: 'https://id.example.org/userinfo', institutional: true, allowAllAccounts: true });
    const o = hub({ auth: oauth });
    expect(o.hub.hubConfig).toContain('c.GenericOAuthenticator.manage_groups = True');
    expect(o.hub.hubConfig).toContain('c.GenericOAuthenticator.auth_state_groups_key = "oauth_user.groups"');
  });

  describe('fails', () => {
    const rules = (o: Partial<CourseJupyterHubProps>) => issuesOf(hub(o).app).map((i) => i.rule);
    test('… hub-profile-groups on an empty group name', () => expect(rules({ profiles: [{ displayName: 'CPU', default: true }, { ...GPU, groups: [' '] }] })).toContain('hub-profile-groups'));
    test('… hub-profile-group-default when the default is for some users only', () => expect(rules({ profiles: [{ displayName: 'CPU' }, { ...GPU, default: true }] })).toContain('hub-profile-group-default'));
    test('… hub-profile-groups-login when the login never fills the group', () => {
      expect(rules({ auth: HubAuth.canvas(['1'], { staffAdmins: false }) })).toContain('hub-profile-groups-login');
      const ldap = HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'] });
      expect(rules({ auth: ldap, profiles: [{ displayName: 'CPU', default: true }, GPU] })).toContain('hub-profile-groups-login');
      expect(rules({ auth: HubAuth.dummy(), profiles: [{ displayName: 'CPU', default: true }, GPU] })).toContain('hub-profile-groups-login');
    });
  });
});
