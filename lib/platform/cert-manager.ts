import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { isDnsSubdomain } from '../core/names';
import { SYNC_OPTIONS_ANNOTATION } from '../argocd/argocd';
import { HelmChartApplication } from '../argocd/helm-chart-application';
import { ClusterApp } from '../fleet/cluster-app';
import { ingressOf } from '../fleet/cluster-spec';
import { Package } from '../fleet/package';
import { CHARTS } from './versions';
import { declareProps } from '../core/props-check';
import { pods } from '../model/declarations';
import { CERT_MANAGER_DEFAULT_NAMESPACE, monitoringOf } from '../fleet/existing-addons';

/** An issuer hubs can ask certificates from (by name, through the ingress-shim annotation). */
export interface IIssuer {
  readonly issuerName: string;
  readonly kind: 'ClusterIssuer' | 'Issuer';
}

/** Let's Encrypt's ACME directories. */
export const LETSENCRYPT = {
  'letsencrypt-prod': 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

const LETSENCRYPT_NAMES: readonly string[] = Object.keys(LETSENCRYPT);

/** Props of {@link CertManager}. */
export interface CertManagerProps {
  /**
   * ACME account e-mail.
   * @default the ClusterSpec's `tls.acmeEmail`
   */
  readonly acmeEmail?: string;
  /**
   * ClusterIssuers that exist outside hubfleet and that `tls.clusterIssuer` may name.
   * @default []
   */
  readonly externalIssuers?: readonly string[];
}

/** Helm values of the cert-manager chart that hubfleet sets. */
export interface CertManagerValues {
  /** Install the CRDs with the chart and keep them when the chart goes. */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  /** Controller configuration; Gateway API support for HTTP-01 through HTTPRoutes. */
  readonly config?: { readonly apiVersion: string; readonly kind: string; readonly enableGatewayAPI: boolean };
  /**
   * A ServiceMonitor for the controller's metrics (certificate expiry: alert CertificateExpiresSoon),
   * when the cluster's Prometheus (monitoringOf) reads ServiceMonitors (prometheus-operator).
   */
  readonly prometheus?: { readonly enabled: boolean; readonly servicemonitor: { readonly enabled: boolean } };
}

interface Resolved {
  /** The cluster already runs cert-manager (existingAddons.certManager). */
  readonly existingNamespace?: string;
  readonly solver: 'http01' | 'dns01';
  readonly acmeEmail: string;
  readonly clusterIssuer: string;
  readonly known: readonly string[];
  readonly gateway: boolean;
  readonly gatewayRef?: { readonly namespace: string; readonly name: string; readonly sectionName?: string };
}

/** The CertManager validation table; each row has a "fails …" test in test/platform/cert-manager.test.ts. */
export const CERT_MANAGER_RULES: readonly PropRule<Resolved>[] = [
  {
    id: 'cert-manager-existing',
    field: 'existingAddons.certManager',
    value: (r) => r.existingNamespace,
    // A second cert-manager installs the same CRDs and webhooks again: the chart fails on objects it
    // does not own, or two controllers issue every certificate.
    ok: (r) => r.existingNamespace === undefined,
    message: (r) => `the cluster already runs cert-manager (namespace ${r.existingNamespace}); hubfleet would install a second one with the same CRDs and webhooks.`,
    fix: 'leave the add-on out (Platform certManager: false, the default when existingAddons.certManager is set) and name the issuers the cluster has in existingAddons.certManager.issuers.',
  },
  {
    id: 'cert-manager-dns01',
    field: 'tls.solver',
    value: (r) => r.solver,
    // hubfleet's issuers solve HTTP-01 only; a DNS-01 issuer needs the DNS provider's credentials.
    ok: (r) => r.solver === 'http01' || !LETSENCRYPT_NAMES.includes(r.clusterIssuer),
    message: 'tls.solver is "dns01", but the ClusterIssuers hubfleet renders (letsencrypt-prod, letsencrypt-staging) solve HTTP-01: the hubs would wait for certificates that are proved the wrong way.',
    fix: 'for DNS-01 create the issuer with its DNS provider outside hubfleet and name it: existingAddons.certManager.issuers [{ name, solver: "dns01" }] (with Platform certManager: false) and tls.clusterIssuer; or use HTTP-01.',
  },
  {
    id: 'cert-manager-email',
    field: 'acmeEmail',
    value: (r) => r.acmeEmail,
    ok: (r) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.acmeEmail),
    message: "the ACME account e-mail is not an e-mail address (Let's Encrypt sends expiry warnings there).",
    fix: "set tls.acmeEmail to the platform team's address.",
  },
  {
    id: 'cert-manager-issuer-known',
    field: 'tls.clusterIssuer',
    value: (r) => r.clusterIssuer,
    ok: (r) => r.known.includes(r.clusterIssuer),
    message: (r) => `hubs ask for certificates from ClusterIssuer "${r.clusterIssuer}", which neither hubfleet renders (${Object.keys(LETSENCRYPT).join(', ')}) nor is listed in externalIssuers.`,
    fix: 'set tls.clusterIssuer to letsencrypt-prod (or letsencrypt-staging while testing), or list your own issuer in externalIssuers.',
  },
  {
    id: 'cert-manager-gateway',
    field: 'ingress.gateway',
    value: (r) => r.gatewayRef,
    ok: (r) => !r.gateway || (r.gatewayRef !== undefined && isDnsSubdomain(r.gatewayRef.name)),
    message: 'HTTP-01 through the Gateway API needs the Gateway the challenge routes attach to.',
    fix: 'set ingress.gateway: { namespace, name } in the ClusterSpec.',
  },
];

/**
 * cert-manager from its upstream chart (CRDs included and kept), plus the ClusterIssuers
 * `letsencrypt-prod` and `letsencrypt-staging` (ACME HTTP-01). The solver follows the ClusterSpec's
 * ingress: an Ingress with the cluster's IngressClass, or an HTTPRoute on the cluster's Gateway.
 */
export class CertManager extends Package {
  /** The issuer hubs use (the ClusterSpec's `tls.clusterIssuer`). */
  readonly issuer: IIssuer;
  readonly helm: HelmChartApplication;

  constructor(scope: Construct, id = 'cert-manager', props: CertManagerProps = {}) {
    super(scope, id, { group: 'platform', namespace: 'cert-manager' });
    declareProps(this, 'CertManagerProps', props);
    const spec = ClusterApp.of(this).spec;
    const ingress = ingressOf(spec);
    const gateway = ingress.kind === 'gateway';
    const r: Resolved = {
      ...(spec.existingAddons?.certManager ? { existingNamespace: spec.existingAddons.certManager.namespace ?? CERT_MANAGER_DEFAULT_NAMESPACE } : {}),
      solver: spec.tls.solver ?? 'http01',
      acmeEmail: props.acmeEmail ?? spec.tls.acmeEmail,
      clusterIssuer: spec.tls.clusterIssuer ?? 'letsencrypt-prod',
      known: [...Object.keys(LETSENCRYPT), ...(props.externalIssuers ?? [])],
      gateway,
      gatewayRef: ingress.gateway,
    };
    const path = this.node.path;
    this.addIssues(() => checkRules(path, r, CERT_MANAGER_RULES));
    this.issuer = { issuerName: r.clusterIssuer, kind: 'ClusterIssuer' };

    const values: CertManagerValues = {
      crds: { enabled: true, keep: true },
      ...(monitoringOf(spec)?.operatorCrds ? { prometheus: { enabled: true, servicemonitor: { enabled: true } } } : {}),
      ...(gateway ? { config: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', enableGatewayAPI: true } } : {}),
    };
    const cm = (component: string, name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': component });
    this.helm = new HelmChartApplication(this, 'chart', {
      ...CHARTS.certManager,
      // cert-manager v1.21.1 deploy/charts/cert-manager/templates/{deployment,webhook-deployment,
      // cainjector-deployment}.yaml: one replica each (replicaCount), resources {} (no requests),
      // selector labels name/instance/component; ports http-metrics 9402 (controller, cainjector),
      // https 10250 (webhook).
      pods: [
        { name: 'cert-manager', labels: cm('controller', 'cert-manager'), ports: [{ name: 'http-metrics', containerPort: 9402 }] },
        { name: 'cert-manager-webhook', labels: cm('webhook', 'webhook'), ports: [{ name: 'https', containerPort: 10250 }, { name: 'http-metrics', containerPort: 9402 }] },
        { name: 'cert-manager-cainjector', labels: cm('cainjector', 'cainjector'), ports: [{ name: 'http-metrics', containerPort: 9402 }] },
      ],
      flows: [
        { from: pods('cert-manager', cm('controller', 'cert-manager'), 'cert-manager'), to: { kind: 'api-server' }, port: 443, expect: 'allowed', why: 'cert-manager watches Certificates and writes the TLS Secrets' },
        { from: pods('cert-manager', cm('cainjector', 'cainjector'), 'cert-manager\'s cainjector'), to: { kind: 'api-server' }, port: 443, expect: 'allowed', why: 'the cainjector writes CA bundles into webhooks' },
      ],
      namespace: 'cert-manager',
      // cert-manager's pods meet "restricted" (non-root, no capabilities, RuntimeDefault seccomp).
      createNamespace: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } },
      values: { ...values },
    });

    const g = r.gatewayRef;
    const solver = gateway
      ? { http01: { gatewayHTTPRoute: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: g?.name ?? '', namespace: g?.namespace ?? '', ...(g?.sectionName ? { sectionName: g.sectionName } : {}) }] } } }
      : { http01: { ingress: { ingressClassName: ingress.className } } };
    for (const [name, server] of Object.entries(LETSENCRYPT)) {
      new K8sObject(this, name, {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: {
          name,
          labels: { 'app.kubernetes.io/part-of': 'hubfleet' },
          // The CRD comes with the chart in the same sync: skip the dry run that would fail before it exists.
          annotations: { [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true' },
        },
        spec: {
          acme: {
            server,
            email: r.acmeEmail,
            privateKeySecretRef: { name: `${name}-account-key` },
            solvers: [solver],
          },
        },
      });
    }
  }
}
