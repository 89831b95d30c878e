/**
 * CoursePortal: what it renders, that the configuration it writes is one the portal accepts, that
 * its flows are proved by the cluster model (and a policy that breaks one fails synth), and a
 * failing test per rule of COURSE_PORTAL_RULES.
 */
import { CoursePortal, CoursePortalProps, COURSE_PORTAL_RULES } from '../../lib/course-portal/course-portal';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { collect } from '../../lib/fleet/synth';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { checkModel } from '../../lib/model/check';
import { checkPortalConfig } from '../../lib/portal/config';
import { find, issuesOf, objectsOf, SEALED_STAND_IN, testSpec } from '../helpers';

const props = (o: Partial<CoursePortalProps> = {}): CoursePortalProps => ({
  image: 'ghcr.io/example/hubfleet-portal:2026-03-01',
  oidc: { issuer: 'https://login.example.org/realms/uni', clientId: 'course-portal', requesterGroups: ['lecturers'] },
  git: { url: 'git@git.example.org:platform/teaching.git', knownHosts: 'git.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0aTN5kVyWlZ2PVu8m4WuFb1yc7k6YxWZr4pLj8l2lQ' },
  forge: { kind: 'gitlab', apiUrl: 'https://git.example.org/api/v4', repository: 'platform/teaching' },
  egress: { idp: { host: 'login.example.org', cidrs: ['192.0.2.10/32'] }, git: { host: 'git.example.org', cidrs: ['192.0.2.20/32'], ports: [22, 443] } },
  sealed: { 'oidc-client-secret': SEALED_STAND_IN, 'deploy-key': SEALED_STAND_IN, 'session-key': SEALED_STAND_IN, 'forge-token': SEALED_STAND_IN },
  ...o,
});

function build(o: Partial<CoursePortalProps> = {}) {
  const app = new ClusterApp(testSpec());
  new CoursePortal(app, 'course-portal', props(o));
  return app;
}

describe('CoursePortal', () => {
  test('renders the portal in its own namespace with no cluster credentials, its secrets as files, and a route with TLS', () => {
    const objects = objectsOf(build());
    const dep = find(objects, 'Deployment', 'course-portal', 'course-portal');
    const pod = dep.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find(objects, 'ServiceAccount', 'course-portal').automountServiceAccountToken).toBe(false);
    expect(objects.filter((o) => ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].includes(o.json.kind))).toEqual([]);
    expect(pod.containers[0].args).toEqual(['portal', '--config', '/etc/hubfleet-portal/portal.json']);
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.volumes).toContainEqual({ name: 'secrets', secret: { secretName: 'course-portal', defaultMode: 0o400 } });
    expect(Object.keys(find(objects, 'SealedSecret', 'course-portal').spec.encryptedData).sort()).toEqual(['deploy-key', 'forge-token', 'oidc-client-secret', 'session-key']);
    const ingress = find(objects, 'Ingress', 'course-portal');
    expect(ingress.spec.tls).toEqual([{ hosts: ['portal.hubs.example.org'], secretName: 'course-portal-tls' }]);
    expect(issuesOf(build())).toEqual([]);
  });

  test('writes a configuration the portal accepts, naming the secrets only as files', () => {
    const cm = find(objectsOf(build()), 'ConfigMap', 'course-portal-config');
    const config = JSON.parse(cm.data['portal.json']);
    expect(checkPortalConfig(config)).toEqual([]);
    expect(config).toMatchObject({ cluster: 'test-cluster', publicUrl: 'https://portal.hubs.example.org', git: { requestPrefix: 'course-requests/', sshKeyFile: '/var/run/hubfleet-portal/deploy-key' }, oidc: { clientSecretFile: '/var/run/hubfleet-portal/oidc-client-secret' } });
    expect(cm.data['portal.json']).not.toContain(SEALED_STAND_IN);
    expect(cm.data.known_hosts).toMatch(/^git\.example\.org ssh-ed25519 /);
  });

  test('its flows are proved: the ingress controller in; DNS, the IdP and the Git host out; not the API, no other namespace, no other address', () => {
    const app = build();
    const { objects } = collect(app);
    const flows = app.packages().flatMap((p) => p.declarations.flows);
    expect(flows.map((f) => `${f.expect} ${f.to.kind === 'address' ? f.to.name : f.to.kind} ${f.port}`)).toEqual([
      'allowed service http',
      'allowed dns 53',
      'allowed the identity provider (login.example.org) 443',
      'allowed the Git host (git.example.org) 22',
      'allowed the Git host (git.example.org) 443',
      'denied api-server any',
      'denied other-namespaces any',
      'denied any other address on the internet 443',
    ]);
    expect(checkModel(buildClusterModel(app.spec, objects, app.packages())).filter((i) => i.severity !== 'warning')).toEqual([]);
  });

  test('a policy that does not admit a declared flow fails the model', () => {
    const app = build();
    const { objects } = collect(app);
    const netpol = objects.find((o) => o.json.kind === 'NetworkPolicy' && o.json.metadata.name === 'course-portal')!;
    netpol.json.spec.egress = netpol.json.spec.egress.filter((r: any) => !(r.to ?? []).some((p: any) => p.ipBlock?.cidr === '192.0.2.10/32'));
    const errors = checkModel(buildClusterModel(app.spec, objects, app.packages())).filter((i) => i.severity !== 'warning');
    expect(errors.map((e) => e.message).join('\n')).toMatch(/identity provider/);
  });
});

describe('COURSE_PORTAL_RULES', () => {
  const fails = (id: string, o: Partial<CoursePortalProps>) => {
    const ids = issuesOf(build(o)).map((i) => i.rule);
    expect(ids).toContain(id);
  };
  test('every row has a test below', () => {
    expect(COURSE_PORTAL_RULES.map((r) => r.id)).toEqual(['portal-image-pinned', 'portal-oidc-issuer', 'portal-requester-groups', 'portal-git-ssh', 'portal-known-hosts', 'portal-request-prefix', 'portal-egress-cidrs', 'portal-egress-ports', 'portal-sealed-keys']);
  });
  test('fails on an unpinned image', () => {
    fails('portal-image-pinned', { image: 'ghcr.io/example/hubfleet-portal:latest' });
    fails('portal-image-pinned', { image: 'ghcr.io/example/hubfleet-portal' });
  });
  test('fails on a plain-HTTP issuer', () => fails('portal-oidc-issuer', { oidc: { ...props().oidc, issuer: 'http://login.example.org' } }));
  test('fails without a requester group', () => fails('portal-requester-groups', { oidc: { ...props().oidc, requesterGroups: [] } }));
  test('fails on an HTTPS repository address (the deploy key is SSH)', () => fails('portal-git-ssh', { git: { ...props().git, url: 'https://git.example.org/platform/teaching.git' } }));
  test('fails without the Git host key', () => fails('portal-known-hosts', { git: { ...props().git, knownHosts: 'git.example.org' } }));
  test('fails on a request prefix that is not a folder of branches', () => fails('portal-request-prefix', { git: { ...props().git, requestPrefix: 'main' } }));
  test('fails on egress to the whole internet or a bad address', () => {
    fails('portal-egress-cidrs', { egress: { ...props().egress, idp: { host: 'login.example.org', cidrs: ['0.0.0.0/0'] } } });
    fails('portal-egress-cidrs', { egress: { ...props().egress, git: { host: 'git.example.org', cidrs: ['git.example.org'] } } });
  });
  test('fails on a port that is not a TCP port', () => fails('portal-egress-ports', { egress: { ...props().egress, git: { host: 'git.example.org', cidrs: ['192.0.2.20/32'], ports: [0] } } }));
  test('fails when a sealed value is missing', () => fails('portal-sealed-keys', { sealed: { 'oidc-client-secret': SEALED_STAND_IN, 'session-key': SEALED_STAND_IN } }));
});
