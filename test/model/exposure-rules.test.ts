/**
 * EXPOSURE_RULES (lib/model/exposure-rules.ts) and the model's facts of what runs on the cluster:
 * an allow list sees the client's own address on the cluster's path; Prometheus (existingAddons.monitoring)
 * is a flow endpoint.
 */
import { PublicRoute } from '../../lib/fleet/public-route';
import { K8sObject } from '../../lib/core/k8s-object';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { EXPOSURE_RULES } from '../../lib/model/exposure-rules';
import { pods } from '../../lib/model/declarations';
import { wiringIssuesOf } from '../helpers';
import { app, deployment, pkg, policy, svc } from './fixtures';

const ISSUERS = { certManager: { issuers: [{ name: 'letsencrypt-prod', solver: 'http01' as const }] } };
const NGINX = { controller: 'ingress-nginx' as const, namespace: 'ingress-nginx', className: 'nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
const GATEWAY = { addresses: ['10.0.0.2/32'], mode: 'tcp' as const, clientAddress: 'proxy-protocol' as const, forwardsPorts: [80, 443] };

/** A web app behind a PublicRoute restricted to the exam room 10.20.30.0/24. */
function allowListed(overrides: Partial<ClusterSpec>): ClusterApp {
  const a = app(overrides);
  const p = pkg(a);
  deployment(p, 'web');
  svc(p, 'web');
  new PublicRoute(p, 'route', { namespace: 'demo', name: 'web', host: 'web.hubs.example.org', service: 'web', servicePort: { name: 'http', number: 80 }, allowedSourceCidrs: ['10.20.30.0/24'] });
  return a;
}
const clientAddress = (a: ClusterApp) => wiringIssuesOf(a).filter((i) => i.rule === 'wiring-client-address');

describe('wiring-client-address', () => {
  test("hubfleet's Traefik (externalTrafficPolicy Local), directly or behind a PROXY-protocol gateway, sees clients", () => {
    expect(clientAddress(allowListed({ existingAddons: ISSUERS }))).toEqual([]);
    expect(clientAddress(allowListed({ existingAddons: ISSUERS, ingress: { exposure: { type: 'load-balancer', provider: 'cloud', upstreamProxy: GATEWAY } } }))).toEqual([]);
    expect(clientAddress(allowListed({ existingAddons: ISSUERS, ingress: { exposure: { type: 'load-balancer', provider: 'cloud', upstreamProxy: { ...GATEWAY, mode: 'http', clientAddress: 'x-forwarded-for' } } } }))).toEqual([]);
  });

  test('an existing controller with Local traffic policy that trusts the gateway sees clients', () => {
    const a = allowListed({ existingAddons: { ...ISSUERS, ingressController: { ...NGINX, externalTrafficPolicy: 'Local', trustsUpstreamProxy: true, exposure: { type: 'load-balancer', provider: 'cloud', upstreamProxy: GATEWAY } } }, ingress: { kind: 'ingress' } });
    expect(clientAddress(a)).toEqual([]);
  });

  describe('fails', () => {
    test('… behind a gateway that passes no client address', () => {
      const f = clientAddress(allowListed({ existingAddons: ISSUERS, ingress: { exposure: { type: 'load-balancer', provider: 'cloud', upstreamProxy: { ...GATEWAY, clientAddress: 'none' } } } }));
      expect(f).toHaveLength(1);
      expect(f[0].message).toMatch(/every request comes from 10\.0\.0\.2\/32/);
    });
    test('… on an existing controller whose Service keeps externalTrafficPolicy Cluster', () => {
      const f = clientAddress(allowListed({ existingAddons: { ...ISSUERS, ingressController: NGINX }, ingress: { kind: 'ingress' } }));
      expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/externalTrafficPolicy Cluster/)]);
    });
    test('… on an existing controller not declared to read the gateway\'s PROXY header', () => {
      const f = clientAddress(allowListed({ existingAddons: { ...ISSUERS, ingressController: { ...NGINX, externalTrafficPolicy: 'Local', exposure: { type: 'load-balancer', provider: 'cloud', upstreamProxy: GATEWAY } } }, ingress: { kind: 'ingress' } }));
      expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/trustsUpstreamProxy/)]);
    });
    test('… on a Traefik allow list that checks the connection behind an X-Forwarded-For proxy', () => {
      const a = app({ existingAddons: ISSUERS, ingress: { exposure: { type: 'load-balancer', provider: 'cloud', upstreamProxy: { ...GATEWAY, mode: 'http', clientAddress: 'x-forwarded-for' } } } });
      const p = pkg(a);
      deployment(p, 'web');
      svc(p, 'web');
      new K8sObject(p, 'mw', { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'rooms', namespace: 'demo' }, spec: { ipAllowList: { sourceRange: ['10.20.30.0/24'] } } });
      const r = new PublicRoute(p, 'route', { namespace: 'demo', name: 'web', host: 'web.hubs.example.org', service: 'web', servicePort: { name: 'http', number: 80 }, annotations: { 'traefik.ingress.kubernetes.io/router.middlewares': 'demo-rooms@kubernetescrd' } });
      expect(r.middlewares).toEqual([]);
      expect(clientAddress(a).map((x) => x.message)).toEqual([expect.stringMatching(/Middleware demo\/rooms checks the connection's address \(no ipStrategy\)/)]);
    });
  });

  test('EXPOSURE_RULES has exactly the rows tested here', () => {
    expect(EXPOSURE_RULES.map((r) => r.id)).toEqual(['wiring-client-address']);
  });
});

describe('Prometheus that already runs is a flow endpoint', () => {
  const PROM = { monitoring: { namespace: 'monitoring', prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus' } } };
  const scrape = { from: { kind: 'monitoring' as const }, to: pods('demo', { app: 'web' }, 'web'), port: 8080, expect: 'allowed' as const, why: 'Prometheus scrapes web' };

  test('a flow from it is proved against the policies of both ends', () => {
    const a = app({ existingAddons: PROM });
    const p = pkg(a);
    deployment(p, 'web');
    p.declarations.flow(scrape);
    expect(wiringIssuesOf(a).filter((i) => i.rule === 'flow-declared').map((i) => i.message)).toEqual([expect.stringMatching(/^Prometheus \(pods in monitoring, outside hubfleet's output\) → Deployment demo\/web port 8080\/TCP is needed \(Prometheus scrapes web\) but blocked/)]);
    policy(p, 'from-prometheus', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [{ port: 8080 }] }] });
    expect(wiringIssuesOf(a).filter((i) => i.rule === 'flow-declared')).toEqual([]);
  });

  test('without one, the flow cannot be checked, and says why', () => {
    const a = app();
    const p = pkg(a);
    deployment(p, 'web');
    p.declarations.flow(scrape);
    expect(wiringIssuesOf(a).filter((i) => i.rule === 'flow-declared').map((i) => i.message)).toEqual([expect.stringContaining('the cluster has no Prometheus (ClusterSpec monitoring for hubfleet\'s add-on, or existingAddons.monitoring for one that runs already)')]);
  });
});
