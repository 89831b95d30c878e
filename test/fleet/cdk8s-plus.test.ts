/**
 * A small service of one's own next to the hubs, written with cdk8s-plus (lib/fleet/README.md):
 * a cdk8s-plus Deployment and Service placed in a hubfleet Package are collected like hubfleet's own
 * objects and held to the same rules (Pod Security "restricted", requests and limits, pinned images,
 * default-deny NetworkPolicies, proved flows). With cdk8s-plus's defaults the Deployment is refused
 * with the fix; with the settings the README shows it passes, and its flows are proved.
 */
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
// What the README's example imports from 'hubfleet' (lib/index.ts).
import { ClusterApp, DNS_RULE, IsolatedNamespace, networkPolicy, Package, podPeer, pods, service, tcp } from '../../lib';
import { isError } from '../../lib/core/errors';
import { find, issuesOf, objectsOf, testSpec, wiringIssuesOf } from '../helpers';

const NS = 'whoami';

/** What cdk8s-plus needs beyond its defaults to meet Pod Security "restricted" (and hubfleet's requests and limits). */
const SECURE_CONTAINER = {
  securityContext: { ensureNonRoot: true, user: 65532, group: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
  resources: { cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) } },
};
/** cdk8s-plus sets no seccomp profile and drops no capabilities: "restricted" needs both. */
function restrict(workload: kplus.Deployment): void {
  ApiObject.of(workload).addJsonPatch(
    JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
    JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
  );
}

/** The package: a namespace, the cdk8s-plus Deployment and Service, and (when `secure`) what the README adds. */
function whoami(secure: boolean, probePolicy = true): ClusterApp {
  const app = new ClusterApp(testSpec());
  const pkg = new Package(app, 'whoami', { group: 'platform', namespace: NS, clusterScoped: false });
  new IsolatedNamespace(pkg, 'namespace', { name: NS });
  const deployment = new kplus.Deployment(pkg, 'web', {
    metadata: { name: 'web', namespace: NS },
    replicas: 2,
    podMetadata: { labels: { app: 'whoami' } },
    ...(secure ? { securityContext: { ensureNonRoot: true, user: 65532, group: 65532 } } : {}),
    containers: [{ name: 'web', image: 'traefik/whoami:v1.11.0', args: ['--port', '8080'], ports: [{ number: 8080, name: 'http' }], ...(secure ? SECURE_CONTAINER : {}) }],
  });
  deployment.exposeViaService({ name: 'web', ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
  if (!secure) return app;
  restrict(deployment);
  // Its client: a probe in the namespace that calls it every few seconds.
  const probe = new kplus.Deployment(pkg, 'probe', {
    metadata: { name: 'probe', namespace: NS },
    podMetadata: { labels: { app: 'whoami-probe' } },
    securityContext: { ensureNonRoot: true, user: 65532, group: 65532 },
    containers: [{ name: 'probe', image: 'curlimages/curl:8.17.0', command: ['sh', '-c', 'while true; do curl -fsS http://web/ >/dev/null; sleep 30; done'], ...SECURE_CONTAINER }],
  });
  restrict(probe);
  // Who may talk to whom: the probe to the service, both to DNS; the model proves both ends.
  networkPolicy(pkg, 'allow-web', { name: 'web', namespace: NS, podSelector: { app: 'whoami' }, ingress: [{ peers: [podPeer({ app: 'whoami-probe' })], ports: tcp(8080) }], egress: [DNS_RULE] });
  if (probePolicy) networkPolicy(pkg, 'allow-probe', { name: 'probe', namespace: NS, podSelector: { app: 'whoami-probe' }, egress: [DNS_RULE, { peers: [podPeer({ app: 'whoami' })], ports: tcp(8080) }] });
  pkg.declarations.flow({ from: pods(NS, { app: 'whoami-probe' }, 'the probe'), to: service(NS, 'web'), port: 'http', expect: 'allowed', why: 'the probe checks the service' });
  pkg.declarations.flow({ from: pods(NS, { app: 'whoami' }, 'whoami'), to: { kind: 'other-namespaces' }, port: 'any', expect: 'denied', why: 'it calls nothing else' });
  return app;
}

test('a cdk8s-plus Deployment with its defaults is collected and refused for Pod Security "restricted", with the fix', () => {
  // cdk8s-plus's defaults give non-root, a read-only root, no privilege escalation, requests and
  // limits; "restricted" also wants every capability dropped and a seccomp profile.
  const issues = issuesOf(whoami(false));
  expect(issues.map((i) => [i.rule, i.path, i.field])).toEqual([
    ['pod-security-restricted', expect.stringContaining('whoami/web'), expect.stringMatching(/capabilities\.drop/)],
    ['pod-security-restricted', expect.stringContaining('whoami/web'), expect.stringMatching(/seccompProfile/)],
  ]);
  expect(issues.every((i) => i.fix.length > 0)).toBe(true);
});

test('with the README settings it passes every rule, lands in the package, and its flows are proved', () => {
  const app = whoami(true);
  expect(issuesOf(app)).toEqual([]);
  expect(wiringIssuesOf(app).filter(isError)).toEqual([]);
  const objects = objectsOf(app);
  const dep = find(objects, 'Deployment', 'web', NS);
  expect(dep.spec.template.spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  expect(find(objects, 'Service', 'web', NS).spec.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 8080, name: 'http' })]);
});

test('without the policy that lets the probe out, the declared flow fails (default-deny holds)', () => {
  const issues = wiringIssuesOf(whoami(true, false)).filter(isError);
  expect(issues.map((i) => [i.rule, i.field])).toEqual([['flow-declared', expect.stringMatching(/the probe \(whoami\) → Service whoami\/web port http \(allowed\)/)]]);
});
