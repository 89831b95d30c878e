import { isProtected } from '../../lib/fleet/rules';
import { CertManager } from '../../lib/platform/cert-manager';
import { SHIPPED_CRDS } from '../../lib/platform/kept-crd';
import { IngressController } from '../../lib/platform/ingress-controller';
import { MetalLb } from '../../lib/platform/metallb';
import { SealedSecretsController } from '../../lib/platform/sealed-secrets-controller';
import { CHARTS } from '../../lib/platform/versions';
import { byFolder, find, issuesOf, objectsOf, testApp } from './test-cluster';

const GATEWAY = { ingress: { kind: 'gateway' as const, className: 'traefik', controllerNamespace: 'traefik', gateway: { namespace: 'traefik', name: 'public', sectionName: 'web' } } };

describe('CertManager', () => {
  test('installs the pinned chart with CRDs kept, and renders both Let\'s Encrypt issuers (HTTP-01 via the IngressClass)', () => {
    const app = testApp();
    new CertManager(app);
    const objs = objectsOf(app);
    expect(issuesOf(app)).toEqual([]);
    const helm = find(objs, 'Application', 'cert-manager');
    expect(helm.metadata.namespace).toBe('argocd');
    expect(helm.spec.source).toMatchObject({ repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: CHARTS.certManager.version });
    expect(helm.spec.source.helm.valuesObject).toEqual({ crds: { enabled: true, keep: true } });
    expect(helm.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
    expect(helm.metadata.finalizers).toBeUndefined();
    const prod = find(objs, 'ClusterIssuer', 'letsencrypt-prod');
    expect(prod.spec.acme).toEqual({
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'platform@example.org',
      privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
      solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }],
    });
    expect(find(objs, 'ClusterIssuer', 'letsencrypt-staging').spec.acme.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(objs).toMatchSnapshot();
  });

  test('gateway mode: HTTPRoute solver on the cluster Gateway, Gateway API enabled in the controller', () => {
    const app = testApp(GATEWAY);
    new CertManager(app);
    const objs = objectsOf(app);
    expect(issuesOf(app)).toEqual([]);
    expect(find(objs, 'ClusterIssuer', 'letsencrypt-prod').spec.acme.solvers).toEqual([
      { http01: { gatewayHTTPRoute: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'traefik', sectionName: 'web' }] } } },
    ]);
    expect(find(objs, 'Application', 'cert-manager').spec.source.helm.valuesObject.config.enableGatewayAPI).toBe(true);
  });

  describe('fails', () => {
    test('… on a bad ACME e-mail', () => {
      const app = testApp();
      new CertManager(app, 'cert-manager', { acmeEmail: 'nobody' });
      expect(issuesOf(app).map((i) => i.rule)).toContain('cert-manager-email');
    });
    test('… when tls.clusterIssuer names an issuer nobody renders', () => {
      const app = testApp({ tls: { acmeEmail: 'a@example.org', clusterIssuer: 'vault' } });
      new CertManager(app);
      expect(issuesOf(app).map((i) => i.rule)).toContain('cert-manager-issuer-known');
      const ok = testApp({ tls: { acmeEmail: 'a@example.org', clusterIssuer: 'vault' } });
      new CertManager(ok, 'cert-manager', { externalIssuers: ['vault'] });
      expect(issuesOf(ok)).toEqual([]);
    });
    test('… in gateway mode without a gateway', () => {
      const app = testApp({ ingress: { kind: 'gateway' } });
      new CertManager(app);
      expect(issuesOf(app).map((i) => i.rule)).toContain('cert-manager-gateway');
    });
  });
});

describe('MetalLb', () => {
  test('renders the pinned chart, an IPAddressPool from loadBalancerRange and an L2Advertisement', () => {
    const app = testApp();
    new MetalLb(app);
    const objs = objectsOf(app);
    expect(issuesOf(app)).toEqual([]);
    expect(find(objs, 'IPAddressPool', 'default')).toMatchObject({ metadata: { namespace: 'metallb-system' }, spec: { addresses: ['10.20.3.200-10.20.3.220'], autoAssign: true } });
    expect(find(objs, 'L2Advertisement', 'default').spec).toEqual({ ipAddressPools: ['default'] });
    const helm = find(objs, 'Application', 'metallb');
    expect(helm.spec.source.targetRevision).toBe(CHARTS.metallb.version);
    expect(helm.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(objs).toMatchSnapshot();
  });
  test('fails … without an address range', () => {
    const app = testApp({ loadBalancerRange: undefined });
    new MetalLb(app);
    expect(issuesOf(app).map((i) => i.rule)).toContain('metallb-addresses');
  });
  test('fails … on a malformed range', () => {
    const app = testApp();
    new MetalLb(app, 'metallb', { addresses: ['10.0.0.9-10.0.0.1'] });
    expect(issuesOf(app).map((i) => i.rule)).toContain('metallb-addresses');
  });
});

describe('IngressController', () => {
  test('installs Traefik in the controller namespace with the spec IngressClass', () => {
    const app = testApp();
    new MetalLb(app); // the LoadBalancer Service's provider (ingress.exposure defaults to load-balancer)
    const ing = new IngressController(app);
    const objs = byFolder(app)['platform/ingress'];
    expect(issuesOf(app)).toEqual([]);
    expect(ing.targetNamespace).toBe('traefik');
    const helm = find(objs, 'Application', 'traefik');
    expect(helm.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'traefik' });
    expect(helm.spec.source).toMatchObject({ repoURL: 'https://traefik.github.io/charts', chart: 'traefik', targetRevision: '37.3.0' });
    const v = helm.spec.source.helm.valuesObject;
    expect(v.ingressClass).toEqual({ enabled: true, isDefaultClass: false, name: 'traefik' });
    expect(v.providers.kubernetesGateway.enabled).toBe(false);
    expect(v.gateway).toEqual({ enabled: false });
    expect(helm.spec.syncOptions).toBeUndefined();
    expect(helm.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
    expect(objs).toMatchSnapshot();
  });
  test('gateway mode turns on the Gateway API provider and the chart Gateway', () => {
    const app = testApp(GATEWAY);
    new IngressController(app);
    const v = find(objectsOf(app), 'Application', 'traefik').spec.source.helm.valuesObject;
    expect(v.providers.kubernetesGateway.enabled).toBe(true);
    expect(v.gateway).toEqual({ enabled: true, name: 'public' });
  });
  describe('fails', () => {
    test('… on ingress-nginx', () => {
      const app = testApp();
      new IngressController(app, 'ingress', { controller: 'ingress-nginx' as any });
      expect(issuesOf(app).map((i) => i.rule)).toContain('ingress-controller-kind');
    });
    test('… on a bad namespace', () => {
      const app = testApp({ ingress: { controllerNamespace: 'Traefik' } });
      new IngressController(app);
      expect(issuesOf(app).map((i) => i.rule)).toContain('ingress-controller-namespace');
    });
    test('… on zero replicas', () => {
      const app = testApp();
      new IngressController(app, 'ingress', { replicas: 0 });
      expect(issuesOf(app).map((i) => i.rule)).toContain('ingress-controller-replicas');
    });
    test('… on a bad IngressClass name', () => {
      const app = testApp({ ingress: { className: 'Traefik_Public', controllerNamespace: 'traefik' } });
      new IngressController(app);
      expect(issuesOf(app).map((i) => i.rule)).toContain('ingress-controller-class');
    });
  });
});

describe('SealedSecretsController', () => {
  test('installs the chart into kube-system as sealed-secrets-controller, before other packages', () => {
    const app = testApp();
    const s = new SealedSecretsController(app);
    const objs = objectsOf(app);
    expect(issuesOf(app)).toEqual([]);
    expect(s.syncWave).toBe(-15);
    const helm = find(objs, 'Application', 'sealed-secrets');
    expect(helm.spec.source).toMatchObject({ repoURL: 'https://bitnami-labs.github.io/sealed-secrets', chart: 'sealed-secrets', targetRevision: '2.18.5' });
    expect(helm.spec.source.helm.releaseName).toBe('sealed-secrets-controller');
    expect(helm.spec.source.helm.valuesObject).toMatchObject({ fullnameOverride: 'sealed-secrets-controller', keyrenewperiod: '720h' });
    expect(helm.spec.syncPolicy.syncOptions).toContain('CreateNamespace=false');
    expect(objs).toMatchSnapshot();
  });
  test('applies the SealedSecret CRD itself, unchanged from upstream, kept on prune and Application deletion; the chart skips its copy', () => {
    const app = testApp();
    new SealedSecretsController(app);
    const objs = objectsOf(app);
    const crd = find(objs, 'CustomResourceDefinition', 'sealedsecrets.bitnami.com');
    expect(crd.spec).toEqual(SHIPPED_CRDS.sealedSecrets.crd.spec);
    expect(crd.spec.names.kind).toBe('SealedSecret');
    expect(crd.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(isProtected(crd)).toBe(true);
    expect(Number(crd.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(Number(find(objs, 'Application', 'sealed-secrets').metadata.annotations['argocd.argoproj.io/sync-wave']));
    expect(find(objs, 'Application', 'sealed-secrets').spec.source.helm.skipCrds).toBe(true);
    expect(SHIPPED_CRDS.sealedSecrets.source).toMatch(/bitnami-labs\/sealed-secrets helm\/sealed-secrets\/crds\/bitnami.com_sealedsecrets.yaml @ 86671a88/);
  });
  test('fails … on a key renew period Go cannot parse', () => {
    const app = testApp();
    new SealedSecretsController(app, 'sealed-secrets', { keyRenewPeriod: '30d' });
    expect(issuesOf(app).map((i) => i.rule)).toContain('sealed-secrets-key-renew-period');
  });
});
