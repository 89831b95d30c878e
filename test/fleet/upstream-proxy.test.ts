/**
 * The ingress controller behind an upstream proxy: a pinned LoadBalancer address, what the
 * controller trusts from the proxy, what the proxy must forward (ACME), and what an allow list
 * sees on that path.
 */
import { ClusterSpec, validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { acmeChallengeOf, UPSTREAM_PROXY_RULES, upstreamProxyDuties } from '../../lib/fleet/upstream-proxy';
import { clientRangeCheck } from '../../lib/hub/hub/client-range';
import { IngressController } from '../../lib/platform/ingress-controller';
import { PublicRoute } from '../../lib/fleet/public-route';
import { Package } from '../../lib/fleet/package';
import { IsolatedNamespace } from '../../lib/fleet/isolated-namespace';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { collect } from '../../lib/fleet/synth';
import { bareMetal } from './bare-metal';

/** bareMetal() with the exposure's upstream proxy (and address) replaced. */
function behind(upstreamProxy: Record<string, unknown> | undefined, more: Record<string, unknown> = {}): ClusterSpec {
  const s = bareMetal();
  return { ...s, ingress: { ...s.ingress, exposure: { type: 'load-balancer', address: '10.10.0.200', ...(upstreamProxy ? { upstreamProxy } : {}), ...more } } } as unknown as ClusterSpec;
}
const GATEWAY = { name: 'gateway', addresses: ['10.10.0.2/32'], mode: 'tcp', clientAddress: 'proxy-protocol', forwardsPorts: [80, 443] };

function traefikValues(spec: ClusterSpec): any {
  const app = new ClusterApp(spec);
  new IngressController(app);
  return collect(app).objects.find((o) => o.json.kind === 'Application')!.json.spec.source.helm.valuesObject;
}

describe('behind an upstream proxy', () => {
  test('PROXY protocol: web and websecure trust the header only from the proxy; the address is pinned', () => {
    const v = traefikValues(behind(GATEWAY));
    expect(v.service).toEqual({ type: 'LoadBalancer', spec: { externalTrafficPolicy: 'Local', loadBalancerIP: '10.10.0.200' } });
    expect(v.ports).toEqual({ web: { proxyProtocol: { trustedIPs: ['10.10.0.2/32'] } }, websecure: { proxyProtocol: { trustedIPs: ['10.10.0.2/32'] } } });
  });

  test("hubfleet's own MetalLB gets the address through its annotation", () => {
    const v = traefikValues(behind(GATEWAY, {}) && ({ ...behind(GATEWAY), existingAddons: undefined, loadBalancerRange: '10.10.0.200-10.10.0.220' } as ClusterSpec));
    expect(v.service).toEqual({ type: 'LoadBalancer', annotations: { 'metallb.io/loadBalancerIPs': '10.10.0.200' }, spec: { externalTrafficPolicy: 'Local' } });
  });

  test('X-Forwarded-For from an HTTP proxy: forwarded headers trusted from it; allow lists read the last entry; the hub-side check counts its hop', () => {
    const xff = behind({ ...GATEWAY, mode: 'http', clientAddress: 'x-forwarded-for' });
    expect(traefikValues(xff).ports.websecure).toEqual({ forwardedHeaders: { trustedIPs: ['10.10.0.2/32'] } });
    const app = new ClusterApp(xff);
    const p = new Package(app, 'exam', { group: 'exams', namespace: 'exam' });
    new IsolatedNamespace(p, 'namespace', { name: 'exam' });
    new PublicRoute(p, 'route', { namespace: 'exam', name: 'exam', host: 'exam.jupyter.example.edu', service: 'proxy-public', servicePort: { name: 'http', number: 80 }, allowedSourceCidrs: ['10.20.30.0/24'] });
    const mw = collect(app).objects.find((o) => o.json.kind === 'Middleware')!.json;
    expect(mw.spec.ipAllowList).toEqual({ sourceRange: ['10.20.30.0/24'], ipStrategy: { depth: 1 } });
    expect(clientRangeCheck(xff, ['10.20.30.0/24']).trustedProxyCidrs).toEqual(['10.10.0.2/32']);
    expect(clientRangeCheck(behind(GATEWAY), ['10.20.30.0/24']).trustedProxyCidrs).toEqual([]);
  });

  test('what the proxy must forward follows the ACME challenge: 80 and 443 for HTTP-01, 443 for DNS-01', () => {
    const s = behind(GATEWAY);
    expect(acmeChallengeOf(s)).toBe('http01');
    expect(upstreamProxyDuties(s, (s.ingress as any).exposure)).toEqual({ forwardTo: '10.10.0.200', ports: [80, 443], clientAddress: 'a PROXY protocol header (v1 or v2) on every connection' });
    const dns = { ...s, existingAddons: { ...s.existingAddons, certManager: { issuers: [{ name: 'letsencrypt-prod', solver: 'dns01' }] } } } as ClusterSpec;
    expect(acmeChallengeOf(dns)).toBe('dns01');
    expect(upstreamProxyDuties(dns, (dns.ingress as any).exposure)!.ports).toEqual([443]);
    // A DNS-01 issuer needs no port 80.
    const dns443 = { ...behind({ ...GATEWAY, forwardsPorts: [443] }), existingAddons: dns.existingAddons } as ClusterSpec;
    expect(validateClusterSpec(dns443)).toEqual([]);
  });

  describe('fails', () => {
    const cases: Array<[string, ClusterSpec]> = [
      ['ingress-lb-address', behind(GATEWAY, { address: '10.10.0.250' })],
      ['ingress-lb-address', behind(GATEWAY, { address: 'gateway' })],
      ['upstream-proxy-addresses', behind({ ...GATEWAY, addresses: ['0.0.0.0/0'] })],
      ['upstream-proxy-addresses', behind({ ...GATEWAY, addresses: [] })],
      ['upstream-proxy-tcp-headers', behind({ ...GATEWAY, clientAddress: 'x-forwarded-for' })],
      ['upstream-proxy-ports', behind({ ...GATEWAY, forwardsPorts: [80, 8443] })],
      ['upstream-proxy-acme-http01', behind({ ...GATEWAY, forwardsPorts: [443] })],
    ];
    test.each(cases)('… %s', (rule, spec) => {
      expect(validateClusterSpec(spec).map((i) => i.rule)).toContain(rule);
    });
    test('every row of UPSTREAM_PROXY_RULES has a case', () => {
      expect(new Set(cases.map(([r]) => r))).toEqual(new Set(UPSTREAM_PROXY_RULES.map((r) => r.id)));
    });
  });
});
