import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { checkHubContracts, HUB_CONTRACT_RULES, RenderedHubConfig } from '../../lib/hub/hub/contracts';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { renderHub } from '../../lib/hub/hub/hub-config';
import { PyExpr, pyEnv, PySet, PyValue } from '../../lib/hub/hub/python';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { issuesOf, testSpec } from '../helpers';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const ENV = ['CONFIGPROXY_AUTH_TOKEN', 'JPY_COOKIE_SECRET', 'JUPYTERHUB_CRYPT_KEY', 'HUBFLEET_NGSHARE_TOKEN'];

/** The rendered model of a hub (the function CourseJupyterHub renders with), with some traits replaced. */
function rendered(props: Partial<CourseJupyterHubProps> = {}, change: Record<string, PyValue> = {}, env = ENV): RenderedHubConfig {
  const base = renderHub({
    course: 'intro', title: 'x', publicUrl: 'https://intro.example.org/', baseUrl: '/', auth: props.auth ?? HubAuth.moodle('https://moodle.example.org', ['c1']), graderGroup: 'graders',
    image: IMAGE, cpuGuarantee: 0.5, cpuLimit: 1, memoryGuaranteeGiB: 1, memoryLimitGiB: 2, profiles: props.profiles ?? [], startTimeoutSeconds: 300, activeServerLimit: 10, concurrentSpawnLimit: 10,
    environment: {}, ngshareUrl: 'http://ngshare.course-intro.svc.cluster.local:8080', uid: 1000, fsGid: 100, labels: {},
  });
  const traits = new Map(base.traits);
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) traits.delete(k);
    else traits.set(k, v);
  }
  return { traits, hubEnv: env };
}

const rules = (c: RenderedHubConfig) => checkHubContracts('intro', c).map((i) => i.rule);

describe('upstream contracts over the rendered hub config', () => {
  test('a rendered LTI hub keeps every contract (it used to set load_groups with manage_groups and exit 1)', () => {
    expect(rules(rendered())).toEqual([]);
    const traits = rendered().traits;
    expect(traits.get('Authenticator.manage_groups')).toBe(true);
    expect(traits.has('JupyterHub.load_groups')).toBe(false);
    // The grader group comes from the course-grader role; JupyterHub creates it at start.
    expect((traits.get('JupyterHub.load_roles') as any[]).find((r) => r.name === 'course-grader').groups).toEqual(['graders']);
  });

  test('OAuth with groups keeps every contract', () => {
    const auth = HubAuth.oauth2({ clientId: 'hub', clientSecret: SecretKeyRef.fromName('o', 's'), authorizeUrl: 'https://idp.example.org/a', tokenUrl: 'https://idp.example.org/t', userdataUrl: 'https://idp.example.org/u', allowedGroups: ['course'], adminGroups: ['staff'] });
    expect(rules(rendered({ auth }, {}, [...ENV, 'HUBFLEET_OAUTH_CLIENT_SECRET']))).toEqual([]);
  });

  const failing: Record<string, () => RenderedHubConfig> = {
    'jh-groups-offloaded': () => rendered({}, { 'JupyterHub.load_groups': { graders: { users: [] } } }),
    'jh-allow-rule': () => rendered({}, { 'Authenticator.allow_all': undefined }),
    'oauth-groups-manage': () => rendered({ auth: HubAuth.oauth2({ clientId: 'hub', clientSecret: SecretKeyRef.fromName('o', 's'), authorizeUrl: 'https://idp.example.org/a', tokenUrl: 'https://idp.example.org/t', userdataUrl: 'https://idp.example.org/u', allowedGroups: ['course'] }) }, { 'GenericOAuthenticator.manage_groups': undefined, 'GenericOAuthenticator.allow_all': true }, [...ENV, 'HUBFLEET_OAUTH_CLIENT_SECRET']),
    'jh-auth-state-key': () => rendered({}, {}, ENV.filter((e) => e !== 'JUPYTERHUB_CRYPT_KEY')),
    'jh-env-read': () => rendered({}, { 'LTI13Authenticator.client_id': new PySet(['c1']), 'Authenticator.admin_users': pyEnv('HUBFLEET_MISSING') }),
    'jh-services': () => rendered({}, { 'JupyterHub.services': [{ name: 'ngshare', url: 'ngshare:8080', api_token: pyEnv('HUBFLEET_NGSHARE_TOKEN') }] }),
    'jh-role-services': () => rendered({}, { 'JupyterHub.load_roles': [{ name: 'culler', scopes: ['list:users'], services: ['jupyterhub-idle-culler'] }] }),
    'ks-resources': () => rendered({}, { 'KubeSpawner.mem_limit': '2Gi' }),
    'ks-integers': () => rendered({}, { 'KubeSpawner.start_timeout': 300.5 }),
    'ks-profiles': () => rendered({}, { 'KubeSpawner.profile_list': [{ display_name: 'A', slug: 'a', kubespawner_override: { memory_limit: '2G' } }] }),
    'ks-volumes': () => rendered({}, { 'KubeSpawner.volume_mounts': [{ name: 'nope', mountPath: '/x' }] }),
    'lti13-endpoints': () => rendered({}, { 'LTI13Authenticator.jwks_endpoint': '' }),
  };

  test('every contract rule has a failing case', () => {
    expect(Object.keys(failing).sort()).toEqual(HUB_CONTRACT_RULES.map((r) => r.id).sort());
  });

  for (const [id, make] of Object.entries(failing)) {
    test(`fails ${id}`, () => {
      const issues = checkHubContracts('intro', make());
      expect(issues.map((i) => i.rule)).toEqual([id]);
      expect(issues[0].fix.length).toBeGreaterThan(5);
    });
  }

  test('the profile resources are checked with the same units as the course', () => {
    expect(rules(rendered({}, { 'KubeSpawner.profile_list': [{ display_name: 'GPU', slug: 'gpu', kubespawner_override: { extra_resource_limits: { 'nvidia.com/gpu': 1 } } }] }))).toEqual(['ks-resources']);
  });

  test('a hook assigned as an expression is not an environment read', () => {
    expect(rules(rendered({}, { 'Authenticator.post_auth_hook': new PyExpr('hubfleet_lti_roles') }))).toEqual([]);
  });

  test('synth reports a contract only when the input rules pass (one mistake, one error)', () => {
    const app = new ClusterApp(testSpec());
    new CourseJupyterHub(app, 'stats', { auth: HubAuth.lti13({ issuer: '', clientIds: ['x'], authorizeUrl: 'https://m.example.org/a', jwksEndpoint: 'https://m.example.org/b' }), image: IMAGE, students: 10 });
    expect(issuesOf(app).map((i) => i.rule)).toEqual(['lti13-issuer']);
  });
});
