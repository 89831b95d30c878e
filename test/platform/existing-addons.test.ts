/**
 * Add-ons that already run on the cluster (ClusterSpec existingAddons): the Platform leaves them
 * out, and installing one anyway is an error that names the clash.
 */
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { CertManager } from '../../lib/platform/cert-manager';
import { IngressController } from '../../lib/platform/ingress-controller';
import { MetalLb } from '../../lib/platform/metallb';
import { Platform } from '../../lib/platform/platform';
import { issuesOf, objectsOf, testApp } from './test-cluster';

const EXISTING: Partial<ClusterSpec> = {
  loadBalancerRange: undefined,
  existingAddons: {
    metallb: { pools: [{ name: 'campus', addresses: ['10.20.3.200-10.20.3.220'] }] },
    certManager: { issuers: [{ name: 'letsencrypt-prod', solver: 'http01' }] },
    ingressController: { controller: 'ingress-nginx', namespace: 'ingress-nginx', className: 'nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' }, externalTrafficPolicy: 'Local' },
  },
  ingress: { kind: 'ingress' },
};

describe('Platform on a cluster with existing add-ons', () => {
  test('installs none of them again', () => {
    const app = testApp(EXISTING);
    const p = new Platform(app);
    expect(issuesOf(app)).toEqual([]);
    expect([p.metallb, p.ingress, p.certManager]).toEqual([undefined, undefined, undefined]);
    const kinds = new Set(objectsOf(app).map((o) => `${o.kind}/${o.metadata.name}`));
    for (const k of ['Application/metallb', 'Application/traefik', 'Application/cert-manager', 'ClusterIssuer/letsencrypt-prod']) expect(kinds.has(k)).toBe(false);
  });

  describe('fails', () => {
    test('… metallb-existing when MetalLB is added anyway', () => {
      const app = testApp(EXISTING);
      new MetalLb(app, 'metallb', { addresses: ['10.20.3.230-10.20.3.240'] });
      expect(issuesOf(app).map((i) => i.rule)).toContain('metallb-existing');
    });
    test('… ingress-controller-existing when Traefik is added next to the existing controller', () => {
      const app = testApp(EXISTING);
      new IngressController(app);
      expect(issuesOf(app).map((i) => i.rule)).toContain('ingress-controller-existing');
    });
    test('… cert-manager-existing when a second cert-manager is added', () => {
      const app = testApp(EXISTING);
      new CertManager(app);
      expect(issuesOf(app).map((i) => i.rule)).toContain('cert-manager-existing');
    });
    test("… cert-manager-dns01 when DNS-01 is asked of hubfleet's HTTP-01 issuers", () => {
      const app = testApp({ tls: { acmeEmail: 'a@example.org', solver: 'dns01' } });
      new CertManager(app);
      expect(issuesOf(app).map((i) => i.rule)).toContain('cert-manager-dns01');
    });
  });
});
