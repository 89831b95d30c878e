/**
 * Exam networks stay narrow (lib/exam/exam-network-rules.ts), and the exam's no-internet and
 * private-range flows are proved whatever egress allowances exist (lib/hub/hub-flows.ts).
 */
import { K8sObject } from '../../lib/core/k8s-object';
import { EXAM_NETWORK_RULES, publicSourceExcess } from '../../lib/exam/exam-network-rules';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { ExamHub, ExamHubProps } from '../../lib/hub/exam-hub';
import { SealedSecret } from '../../lib/secrets/sealed-secret';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { issuesOf, SEALED_STAND_IN, testSpec, wiringIssuesOf } from '../helpers';

const props: ExamHubProps = {
  auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', tlsStrategy: 'on_connect', lookup: { userSearchBase: 'ou=people,dc=example,dc=org', searchUser: 'cn=search,dc=example,dc=org', searchPassword: SecretKeyRef.fromName('ldap', 'password') }, allowedGroups: ['cn=candidates,dc=example,dc=org'] }),
  image: 'quay.io/jupyter/scipy-notebook:2025-08-18',
  students: 10,
  allowedSourceCidrs: ['10.30.10.0/24'],
  window: { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' },
};

function examApp(over: Partial<ExamHubProps>) {
  const app = new ClusterApp(testSpec());
  const hub = new ExamHub(app, 'final', { ...props, ...over });
  new SealedSecret(hub, 'ldap', { encryptedData: { password: SEALED_STAND_IN } });
  return { app, hub };
}
const rules = (over: Partial<ExamHubProps>) => issuesOf(examApp(over).app).filter((i) => i.rule.startsWith('exam-source') || i.rule.startsWith('exam-egress') || i.rule === 'exam-network-bounds');
const ruleIds = (over: Partial<ExamHubProps>) => rules(over).map((i) => i.rule);

describe('allowed source ranges of an exam', () => {
  const public256 = Array.from({ length: 256 }, (_, i) => `44.${i}.0.0/16`);
  test.each([
    ['0.0.0.0/0', ['0.0.0.0/0'], ['exam-source-narrow', 'exam-source-public']],
    ['the two /1 halves', ['0.0.0.0/1', '128.0.0.0/1'], ['exam-source-narrow', 'exam-source-public']],
    ['a private /8', ['10.0.0.0/8'], ['exam-source-narrow']],
    ['a public IPv6 /32', ['2001:db8::/32'], ['exam-source-narrow', 'exam-source-public']],
    ['a private IPv6 /32', ['fd00:1234::/32'], ['exam-source-narrow']],
    // Each of them narrow, together a /8 of public space: the union counts.
    ['256 public /16s', public256, ['exam-source-public']],
    ['two public /24s', ['198.51.100.0/24', '203.0.113.0/24'], []],
    ['rooms, VPN and an IPv6 /48', ['10.30.10.0/24', '10.8.0.0/16', '2001:db8:1::/48'], []],
    ["the university's public /16", ['131.152.0.0/16'], []],
  ])('%s', (_label, cidrs, expected) => {
    expect(ruleIds({ allowedSourceCidrs: cidrs as string[] })).toEqual(expected);
  });

  test('the message says how much public space the ranges cover and what to do', () => {
    const [i] = rules({ allowedSourceCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }).filter((x) => x.rule === 'exam-source-public');
    expect(i.message).toContain('together the allowed ranges cover 4,256,038,912 public IPv4 addresses (99.09 % of all), more than one /16 (65,536)');
    expect(i.fix).toMatch(/exam rooms and the VPN/);
  });

  test('a wider bound is a prop', () => {
    expect(ruleIds({ allowedSourceCidrs: ['10.0.0.0/12'], networkBounds: { sourcePrefixIpv4: 12 } })).toEqual([]);
    expect(ruleIds({ networkBounds: { sourcePrefixIpv4: 0 } })).toEqual(['exam-network-bounds']);
  });

  test('public space is counted per family and without private ranges', () => {
    const spec = testSpec();
    const input = (c: string[]) => ({ allowedSourceCidrs: c, egressAllowances: [], spec });
    expect(publicSourceExcess(input(['10.0.0.0/8', '172.16.0.0/12']))).toEqual([]);
    expect(publicSourceExcess(input(['::/0'])).map((x) => x.family)).toEqual([6]);
    expect(EXAM_NETWORK_RULES.map((r) => r.id)).toEqual(['exam-source-narrow', 'exam-source-public', 'exam-egress-narrow', 'exam-egress-private', 'exam-network-bounds']);
  });
});

describe('egress allowances of an exam', () => {
  const allow = (cidr: string) => ({ egressAllowances: [{ cidr, tcpPorts: [443], reason: 'licence server' }] });
  test.each([
    ['64.0.0.0/2', ['exam-egress-narrow', 'exam-egress-private']],
    ['32.0.0.0/3', ['exam-egress-narrow']],
    ['198.51.100.0/23', ['exam-egress-narrow']],
    ['10.20.0.5/32', ['exam-egress-private']],
    ['131.152.4.0/24', ['exam-egress-private']], // a blocked range of the cluster
    ['10.0.0.7/32', ['exam-egress-private']], // the node network
    ['198.51.100.10/32', []],
    ['198.51.100.0/24', []],
  ])('%s → %j', (cidr, expected) => {
    expect(ruleIds(allow(cidr))).toEqual(expected);
  });
});

describe('the flows hold whatever allowances exist', () => {
  /** A policy that opens every destination to the exam's notebooks: the proof must catch it. */
  const leak = (hub: CourseJupyterHub) =>
    new K8sObject(hub, 'leak', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'leak', namespace: hub.namespaceName }, spec: { podSelector: { matchLabels: { component: 'singleuser-server' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } });
  const flowFindings = (app: ClusterApp) => wiringIssuesOf(app).filter((i) => i.rule === 'flow-declared').map((i) => i.field);

  test('with an allowance, a policy that opens the internet is still found', () => {
    const { app, hub } = examApp({ egressAllowances: [{ cidr: '198.51.100.10/32', tcpPorts: [443], reason: 'licence server' }] });
    expect(flowFindings(app)).toEqual([]);
    leak(hub);
    const found = flowFindings(app);
    expect(found.some((f) => f.includes('the internet (0.0.0.0/0 except 198.51.100.10/32)'))).toBe(true);
  });

  test('a course hub allowed one private server still has the rest of the private range proved closed', () => {
    const app = new ClusterApp(testSpec());
    const hub = new CourseJupyterHub(app, 'intro', { auth: HubAuth.dummy(), image: props.image, students: 5, egressAllowances: [{ cidr: '10.20.0.5/32', tcpPorts: [443], reason: 'licence server' }] });
    expect(flowFindings(app)).toEqual([]);
    new K8sObject(hub, 'leak', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'leak', namespace: hub.namespaceName }, spec: { podSelector: { matchLabels: { component: 'singleuser-server' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] }] } });
    expect(flowFindings(app).some((f) => f.includes('a private or blocked range (10.0.0.0/8 except 10.20.0.5/32)'))).toBe(true);
  });
});
