import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth, OAuth2Options } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { issuesOf, warningsOf, testSpec } from '../helpers';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const secret = SecretKeyRef.fromName('oauth', 'client-secret');
const idp: OAuth2Options = { clientId: 'hub', clientSecret: secret, authorizeUrl: 'https://idp.example.org/a', tokenUrl: 'https://idp.example.org/t', userdataUrl: 'https://idp.example.org/u' };

function render(auth: HubAuth) {
  const app = new ClusterApp(testSpec());
  const hub = new CourseJupyterHub(app, 'intro', { auth, image: IMAGE, students: 10 });
  return { app, text: hub.hubConfig };
}

describe('OAuth logins admit only whom an allow rule names', () => {
  test('a public provider without an allow rule fails synth (it used to render allow_all = True)', () => {
    const { app, text } = render(HubAuth.oauth2(idp));
    expect(issuesOf(app).map((i) => i.rule)).toEqual(['oauth2-allow-rule']);
    expect(text).not.toContain('allow_all = True');
  });

  test('allow_all only for the university\'s own identity provider, when chosen', () => {
    expect(render(HubAuth.oauth2({ ...idp, institutional: true, allowAllAccounts: true })).text).toContain('c.GenericOAuthenticator.allow_all = True');
    expect(issuesOf(render(HubAuth.oauth2({ ...idp, allowAllAccounts: true })).app).map((i) => i.rule)).toEqual(['oauth2-allow-all-public']);
    expect(render(HubAuth.oauth2({ ...idp, institutional: true, allowedUsers: ['a'] })).text).not.toContain('allow_all');
  });

  test('groups from a claim: manage_groups, the claim path and the allowed groups (no load_groups)', () => {
    const { app, text } = render(HubAuth.oauth2({ ...idp, allowedGroups: ['course-intro'], adminGroups: ['staff'], groupsKey: 'oauth_user.memberOf' }));
    expect(text).toContain('c.GenericOAuthenticator.manage_groups = True');
    expect(text).toContain('c.GenericOAuthenticator.auth_state_groups_key = "oauth_user.memberOf"');
    expect(text).toContain('c.GenericOAuthenticator.allowed_groups = {"course-intro"}');
    expect(text).not.toContain('load_groups');
    expect(issuesOf(app)).toEqual([]);
  });

  test('e-mail domains: a subclass of GenericOAuthenticator adds the domain to check_allowed', () => {
    const { app, text } = render(HubAuth.oauth2({ ...idp, allowedEmailDomains: ['example.org', 'students.example.org'] }));
    expect(text).toContain('HUBFLEET_EMAIL_DOMAINS = {"example.org", "students.example.org"}');
    expect(text).toContain('class HubfleetGenericOAuthenticator(GenericOAuthenticator):');
    expect(text).toContain('c.JupyterHub.authenticator_class = HubfleetGenericOAuthenticator');
    expect(issuesOf(app)).toEqual([]);
  });

  test('GitHub organisations and teams need read:org', () => {
    const { text } = render(HubAuth.github({ clientId: 'gh', clientSecret: secret, allowedOrganizations: ['uni', 'uni:course-staff'] }));
    expect(text).toContain('c.GitHubOAuthenticator.allowed_organizations = {"uni", "uni:course-staff"}');
    expect(text).toContain('c.GitHubOAuthenticator.scope = ["read:user", "read:org"]');
    expect(text).not.toContain('allow_all');
  });

  test('Google Workspace domains: hosted_domain blocks other accounts before allow_all admits the rest', () => {
    const { text } = render(HubAuth.google({ clientId: 'g', clientSecret: secret, hostedDomains: ['example.org'] }));
    expect(text).toContain('c.GoogleOAuthenticator.hosted_domain = ["example.org"]');
    expect(text).toContain('c.GoogleOAuthenticator.allow_all = True');
  });

  test('the dummy login is a warning in a course hub, and a password uses the shared-password authenticator', () => {
    const { app } = render(HubAuth.dummy());
    expect(warningsOf(app).map((i) => [i.rule, i.severity])).toEqual([['hub-dummy-login', 'warning']]);
    const pw = render(HubAuth.dummy({ password: SecretKeyRef.fromName('trial', 'password') })).text;
    expect(pw).toContain('c.JupyterHub.authenticator_class = "shared-password"');
    expect(pw).toContain('c.SharedPasswordAuthenticator.user_password = os.environ["HUBFLEET_DUMMY_PASSWORD"]');
  });
});
