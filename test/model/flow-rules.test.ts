import { IsolatedNamespace } from '../../lib/fleet/isolated-namespace';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { ExamHub } from '../../lib/hub/exam-hub';
import { addressPieces, FLOW_RULES } from '../../lib/model/flow-rules';
import { pods } from '../../lib/model/declarations';
import { wiringIssuesOf } from '../helpers';
import { app, deployment, IMAGE, ingress, pkg, policy, svc } from './fixtures';

const hubProps: CourseJupyterHubProps = { auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: IMAGE, students: 20 };
const web = pods('demo', { app: 'web' }, 'web');
const db = pods('demo', { app: 'db' }, 'db');

function twoPods(a: ClusterApp) {
  const p = pkg(a);
  deployment(p, 'web');
  deployment(p, 'db');
  svc(p, 'db');
  return p;
}

const CASES: Array<{ rule: string; what: string; build: () => ClusterApp; message: RegExp }> = [
  {
    rule: 'flow-declared',
    what: 'a needed flow that the default-deny blocks on both ends',
    build: () => {
      const a = app();
      twoPods(a).declarations.flow({ from: web, to: { kind: 'service', namespace: 'demo', service: 'db' }, port: 'http', expect: 'allowed', why: 'web reads db' });
      return a;
    },
    message: /Deployment demo\/web → Deployment demo\/db port 8080\/TCP is needed \(web reads db\) but blocked: no egress rule of demo\/default-deny admits it; no ingress rule of demo\/default-deny admits it/,
  },
  {
    rule: 'flow-declared',
    what: 'a needed flow open on the source only',
    build: () => {
      const a = app();
      const p = twoPods(a);
      policy(p, 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 8080 }] }] });
      p.declarations.flow({ from: web, to: db, port: 8080, expect: 'allowed', why: 'web reads db' });
      return a;
    },
    message: /is needed \(web reads db\) but blocked: no ingress rule of demo\/default-deny admits it/,
  },
  {
    rule: 'flow-declared',
    what: 'cloud metadata reachable through an open egress',
    build: () => {
      const a = app();
      const p = twoPods(a);
      policy(p, 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] });
      p.declarations.flow({ from: web, to: { kind: 'address', cidr: '169.254.169.254/32', name: 'cloud metadata' }, port: 'any', expect: 'denied', why: 'no metadata' });
      return a;
    },
    message: /Deployment demo\/web → cloud metadata \(169.254.169.254\/32\) port any\/TCP must be closed \(no metadata\) but is open: demo\/default-deny, demo\/web-out admit it for egress/,
  },
  {
    rule: 'flow-declared',
    what: 'pods of other namespaces reachable through a namespaceSelector that matches every namespace',
    build: () => {
      const a = app();
      const p = twoPods(a);
      policy(p, 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }] }] });
      p.declarations.flow({ from: web, to: { kind: 'other-namespaces' }, port: 'any', expect: 'denied', why: 'isolated' });
      return a;
    },
    message: /must not reach pods of other namespaces \(isolated\), but egress rule 0 of demo\/web-out admits every pod of namespace/,
  },
  {
    rule: 'flow-declared',
    what: 'a flow whose source matches no pod',
    build: () => {
      const a = app();
      twoPods(a).declarations.flow({ from: pods('demo', { app: 'wbe' }, 'web'), to: db, port: 8080, expect: 'allowed', why: 'typo' });
      return a;
    },
    message: /the flow cannot be checked: no pod of the output has the labels \{"app":"wbe"\} in demo/,
  },
  {
    rule: 'flow-route-backends',
    what: 'an Ingress whose backend pods do not admit the ingress controller',
    build: () => {
      const a = app();
      const p = pkg(a);
      deployment(p, 'web');
      svc(p, 'web');
      IsolatedNamespace.ensureAcmeSolverPolicy(p, 'demo', a.spec);
      ingress(p, 'web', { bare: true });
      return a;
    },
    message: /the traefik ingress controller .* → Deployment demo\/web port 8080\/TCP is needed \(Ingress demo\/web routes to it\) but blocked: no ingress rule of demo\/default-deny admits it/,
  },
  {
    rule: 'flow-acme-solver',
    what: 'an HTTP-01 Ingress in a default-deny namespace without the solver policy',
    build: () => {
      const a = app();
      const p = pkg(a);
      deployment(p, 'web');
      svc(p, 'web');
      policy(p, 'from-controller', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } } }] }] });
      ingress(p, 'web', { bare: true });
      return a;
    },
    message: /cert-manager answers the HTTP-01 challenge for Ingress demo\/web from a solver pod in demo, but no ingress rule of demo\/default-deny admits it: the certificate is never issued/,
  },
];

describe('FLOW_RULES', () => {
  for (const c of CASES) {
    test(`fails ${c.rule} on ${c.what}`, () => {
      const issues = wiringIssuesOf(c.build());
      expect([...new Set(issues.map((i) => i.rule))]).toEqual([c.rule]);
      expect(issues.map((i) => i.message).join('\n')).toMatch(c.message);
    });
  }

  test('every rule in the table has a failing case here', () => {
    expect([...new Set(CASES.map((c) => c.rule))].sort()).toEqual(FLOW_RULES.map((r) => r.id).sort());
  });

  test('the needed flow passes once both ends allow it', () => {
    const a = app();
    const p = twoPods(a);
    policy(p, 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 8080 }] }] });
    policy(p, 'db-in', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'http' }] }] });
    p.declarations.flow({ from: web, to: { kind: 'service', namespace: 'demo', service: 'db' }, port: 'http', expect: 'allowed', why: 'web reads db' });
    expect(wiringIssuesOf(a)).toEqual([]);
  });

  test('a course hub proves every flow it declares: hub, proxy, users, ngshare, DNS, API; closed: metadata, API, private ranges, other namespaces', () => {
    const a = app();
    const hub = new CourseJupyterHub(a, 'intro', { ...hubProps, nbgrader: {} });
    const flows = hub.declarations.flows;
    expect(flows.filter((f) => f.expect === 'allowed').length).toBeGreaterThanOrEqual(12);
    expect(flows.filter((f) => f.expect === 'denied').map((f) => (f.to.kind === 'address' ? f.to.cidr : f.to.kind))).toEqual(
      expect.arrayContaining(['169.254.169.254/32', 'api-server', 'other-namespaces', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '131.152.0.0/16']),
    );
    expect(wiringIssuesOf(a)).toEqual([]);
  });

  test('an exam hub proves its notebooks reach nothing but hub, proxy and DNS (no internet, no other pod of the namespace)', () => {
    const a = app();
    const exam = new ExamHub(a, 'final', { ...hubProps, allowedSourceCidrs: ['10.30.10.0/24'] });
    const denied = exam.declarations.flows.filter((f) => f.expect === 'denied').map((f) => (f.to.kind === 'address' ? f.to.cidr : f.to.kind));
    expect(denied).toEqual(expect.arrayContaining(['0.0.0.0/0', 'namespace-pods', 'other-namespaces']));
    expect(wiringIssuesOf(a)).toEqual([]);
  });

  test('an allowance to a campus range is cut out of the private-range proof, and nothing else', () => {
    const a = app();
    const hub = new CourseJupyterHub(a, 'intro', { ...hubProps, egressAllowances: [{ cidr: '10.1.2.3/32', tcpPorts: [443], reason: 'package mirror' }] });
    const denied = hub.declarations.flows.filter((f) => f.expect === 'denied' && f.to.kind === 'address').map((f) => f.to as { cidr: string; except?: string[] });
    expect(denied).toContainEqual(expect.objectContaining({ cidr: '10.0.0.0/8', except: ['10.1.2.3/32'] }));
    expect(denied).toContainEqual({ kind: 'address', cidr: '192.168.0.0/16', name: 'a private or blocked range' });
    // The rest of 10.0.0.0/8 is proved piece by piece: 10.1.2.3 alone is left out.
    expect(addressPieces('10.0.0.0/8', ['10.1.2.3/32'])).toHaveLength(24);
    expect(addressPieces('10.0.0.0/8', ['10.1.2.3/32'])).toEqual(expect.arrayContaining(['10.128.0.0/9', '10.1.2.2/32', '10.1.2.0/31', '10.1.2.4/30']));
    expect(wiringIssuesOf(a)).toEqual([]);
  });

  test('on a CNI that does not enforce NetworkPolicies every isolation proof fails, and says why', () => {
    const a = app({ kubernetes: { distribution: 'rke2', version: 'v1.33.5+rke2r1', cni: 'flannel' } });
    new CourseJupyterHub(a, 'intro', hubProps);
    const msgs = wiringIssuesOf(a).map((i) => i.message);
    expect(msgs.some((m) => /must be closed .* \(the CNI flannel does not enforce NetworkPolicies\)/.test(m))).toBe(true);
    expect(msgs.some((m) => /the CNI flannel does not enforce NetworkPolicies/.test(m) && /other namespaces/.test(m))).toBe(true);
  });
});
