import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { ExamHub, ExamHubProps } from '../../lib/hub/exam-hub';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { find, issuesOf, objectsOf, testSpec } from '../helpers';

const ldap = HubAuth.ldap({ serverAddress: 'ldap.example.org', tlsStrategy: 'on_connect', lookup: { userSearchBase: 'ou=people,dc=example,dc=org', searchUser: 'cn=search,dc=example,dc=org', searchPassword: SecretKeyRef.fromName('ldap', 'password') }, allowedGroups: ['cn=candidates,dc=example,dc=org'] });

const base: ExamHubProps = {
  auth: ldap,
  image: 'quay.io/jupyter/scipy-notebook:2025-08-18',
  students: 100,
  allowedSourceCidrs: ['10.30.10.0/24'],
};

function exam(props: Partial<ExamHubProps> = {}) {
  const app = new ClusterApp(testSpec());
  const hub = new ExamHub(app, 'midterm', { ...base, ...props });
  return { app, hub, objects: objectsOf(app) };
}

describe('ExamHub', () => {
  test('lives under exams/ in namespace exam-<id> and passes every rule', () => {
    const { app, hub } = exam();
    expect(hub.outputDir).toBe('exams/midterm');
    expect(hub.namespaceName).toBe('exam-midterm');
    expect(issuesOf(app)).toEqual([]);
  });

  test('notebooks reach no internet: only DNS, hub and proxy', () => {
    const np = find(exam().objects, 'NetworkPolicy', 'singleuser');
    expect(np.spec.egress.some((e: any) => e.to?.some((t: any) => t.ipBlock))).toBe(false);
  });

  test('Guaranteed QoS, no culling, eviction blocked during the exam', () => {
    const { hub, objects } = exam({ cpuGuarantee: 1, memoryGuaranteeGiB: 2 });
    expect(hub.hubConfig).toContain('c.KubeSpawner.cpu_guarantee = 1\nc.KubeSpawner.cpu_limit = 1');
    expect(hub.hubConfig).toContain('c.KubeSpawner.mem_guarantee = "2048M"\nc.KubeSpawner.mem_limit = "2048M"');
    expect(hub.hubConfig).not.toContain('jupyterhub-idle-culler');
    expect(find(objects, 'PodDisruptionBudget', 'hub').spec.minAvailable).toBe(1);
  });

  test('under Traefik the allowed client networks become an ipAllowList Middleware that the Ingress uses (no nginx annotation)', () => {
    const { objects } = exam({ allowedSourceCidrs: ['10.30.10.0/24', '10.8.0.0/16'] });
    const mw = find(objects, 'Middleware', 'jupyterhub-allow-list');
    expect(mw.spec).toEqual({ ipAllowList: { sourceRange: ['10.30.10.0/24', '10.8.0.0/16'] } });
    const ing = find(objects, 'Ingress', 'jupyterhub');
    expect(ing.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toBe(`${mw.metadata.namespace}-jupyterhub-allow-list@kubernetescrd`);
    expect(Object.keys(ing.metadata.annotations).filter((a) => a.startsWith('nginx.'))).toEqual([]);
  });

  test('fails exam-source-cidrs', () => {
    expect(issuesOf(exam({ allowedSourceCidrs: ['pool room'] }).app).map((i) => i.rule)).toEqual(['exam-source-cidrs']);
  });

  test('fails exam-dummy-login (an error in an exam, where the course hub only warns)', () => {
    const issues = issuesOf(exam({ auth: HubAuth.dummy() }).app);
    expect(issues.map((i) => [i.rule, i.severity])).toEqual([['exam-dummy-login', 'error']]);
  });

  test('the hub itself checks the allowed client networks (the controller may ignore its annotations)', () => {
    const { hub } = exam({ allowedSourceCidrs: ['10.30.10.0/24', '10.8.0.0/16'] });
    expect(hub.hubConfig).toContain('HUBFLEET_CLIENT_RANGES = [ipaddress.ip_network(n) for n in ["10.30.10.0/24", "10.8.0.0/16"]]');
    expect(hub.hubConfig).toContain('_HubfleetBaseHandler.prepare = _hubfleet_prepare_checked');
  });

  test('fails exam-no-internet', () => {
    expect(issuesOf(exam({ internetAccess: true }).app).map((i) => i.rule)).toEqual(['exam-no-internet']);
  });
});
