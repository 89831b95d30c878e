/**
 * Issue 20: Canvas was second class. There was no Canvas login helper (the engineer typed
 * Instructure's endpoints from memory) and the report's registration sheet of a Canvas hub was
 * titled for Moodle. Instructure's values: canvas-lms doc/api/lti_launch_overview.md (issuer per
 * environment; the OIDC auth endpoint on sso.canvaslms.com) and doc/api/lti_dev_key_config.md
 * ("Configuring Canvas in the Tool": the public JWKs per environment).
 */
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { configTrait } from '../../lib/report/lti';
import { simpleSpec } from '../capacity/fixtures';
import { reportHtml } from './fixtures';

const IMAGE = 'quay.io/jupyter/minimal-notebook:2025-08-18';

function canvasHub(auth: HubAuth): { app: ClusterApp; hub: CourseJupyterHub } {
  const app = new ClusterApp(simpleSpec());
  const hub = new CourseJupyterHub(app, 'data', { auth, image: IMAGE, students: 20, home: false });
  return { app, hub };
}

describe('HubAuth.canvas', () => {
  test("Instructure-hosted Canvas: the production issuer and the sso.canvaslms.com endpoints", () => {
    const { hub } = canvasHub(HubAuth.canvas(['10000000000123'], { staffAdmins: false }));
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'issuer')).toBe('https://canvas.instructure.com');
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'authorize_url')).toBe('https://sso.canvaslms.com/api/lti/authorize_redirect');
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'jwks_endpoint')).toBe('https://sso.canvaslms.com/api/lti/security/jwks');
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'client_id')).toEqual(['10000000000123']);
  });

  test('beta and test environments have their own issuer and endpoints', () => {
    const { hub } = canvasHub(HubAuth.canvas(['10000000000123'], { environment: 'beta', staffAdmins: false }));
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'issuer')).toBe('https://canvas.beta.instructure.com');
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'authorize_url')).toBe('https://sso.beta.canvaslms.com/api/lti/authorize_redirect');
    const t = canvasHub(HubAuth.canvas(['1'], { environment: 'test', staffAdmins: false })).hub;
    expect(configTrait(t.hubConfig, 'LTI13Authenticator', 'jwks_endpoint')).toBe('https://sso.test.canvaslms.com/api/lti/security/jwks');
  });

  test('a self-hosted Canvas: its own host is issuer and endpoint base', () => {
    const { hub } = canvasHub(HubAuth.canvas(['10000000000001'], { selfHostedUrl: 'https://canvas.example.edu/', staffAdmins: false }));
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'issuer')).toBe('https://canvas.example.edu');
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'authorize_url')).toBe('https://canvas.example.edu/api/lti/authorize_redirect');
    expect(configTrait(hub.hubConfig, 'LTI13Authenticator', 'jwks_endpoint')).toBe('https://canvas.example.edu/api/lti/security/jwks');
  });
});

describe('the registration sheet per LMS', () => {
  test('a Canvas hub gets a Canvas developer-key sheet, not a Moodle one', () => {
    const html = reportHtml(canvasHub(HubAuth.canvas(['10000000000123'], { staffAdmins: false })).app);
    expect(html).toContain('<h3>data: register in Canvas (LTI 1.3 developer key)</h3>');
    expect(html).not.toMatch(/<h3>data: register in Moodle/);
    expect(html).toContain('https://data.hubs.example.org/hub/lti13/config');
    expect(html).toContain('https://data.hubs.example.org/hub/lti13/oauth_callback');
    expect(html).toMatch(/By Client ID/);
    // The JSON to paste: ltiauthenticator's, with no scopes and a public_jwk_url (Canvas requires a tool key).
    expect(html).toContain('&quot;oidc_initiation_url&quot;: &quot;https://data.hubs.example.org/hub/lti13/oauth_login&quot;');
    expect(html).toContain('&quot;scopes&quot;: []');
    expect(html).toContain('&quot;public_jwk_url&quot;: &quot;https://data.hubs.example.org/hub/lti13/jwks&quot;');
  });

  test('a Moodle hub keeps its Moodle sheet', () => {
    expect(reportHtml()).toMatch(/<h3>intro: register in Moodle \(LTI 1\.3\)<\/h3>/);
  });
});
