import { IsolatedNamespace } from '../../lib/fleet/isolated-namespace';
import { K8sObject } from '../../lib/core/k8s-object';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { Package } from '../../lib/fleet/package';
import { testSpec } from '../helpers';

/** Hand-built packages for the wiring-rule tests: a namespace and plain objects. */

export const IMAGE = 'quay.io/jupyter/minimal-notebook:2025-08-18';

export function app(overrides: Partial<ClusterSpec> = {}): ClusterApp {
  return new ClusterApp(testSpec(overrides));
}

/** A package with its own default-deny namespace `ns`. */
export function pkg(a: ClusterApp, ns = 'demo'): Package {
  const p = new Package(a, ns, { group: 'courses', namespace: ns });
  new IsolatedNamespace(p, 'namespace', { name: ns });
  return p;
}

const container = (extra: Record<string, unknown> = {}) => ({
  name: 'app',
  image: IMAGE,
  ports: [{ name: 'http', containerPort: 8080 }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  ...extra,
});

/** A Deployment whose pods carry `app: <name>`. */
export function deployment(p: Package, name: string, spec: { container?: Record<string, unknown>; pod?: Record<string, unknown> } = {}): K8sObject {
  return new K8sObject(p, `deploy-${name}`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: p.targetNamespace! },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } }, containers: [container(spec.container)], ...(spec.pod ?? {}) } },
    },
  });
}

export function svc(p: Package, name: string, selector: Record<string, string> = { app: name }): K8sObject {
  return new K8sObject(p, `svc-${name}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: p.targetNamespace! },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  });
}

/**
 * An Ingress written by hand (not through PublicRoute). Unless `bare`, the namespace also gets the
 * ACME solver policy and a policy that admits the ingress controller to the backend pods, as
 * PublicRoute users have.
 */
export function ingress(p: Package, name: string, o: { service?: string; host?: string; className?: string; annotations?: Record<string, string>; tls?: boolean; bare?: boolean } = {}): K8sObject {
  const host = o.host ?? `${name}.hubs.example.org`;
  if (!o.bare) {
    IsolatedNamespace.ensureAcmeSolverPolicy(p, p.targetNamespace!, ClusterApp.of(p).spec);
    policy(p, `${name}-from-controller`, { podSelector: { matchLabels: { app: o.service ?? name } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } } }] }] });
  }
  return new K8sObject(p, `ingress-${name}`, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: p.targetNamespace!, annotations: o.annotations ?? { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } },
    spec: {
      ingressClassName: o.className ?? 'traefik',
      ...(o.tls === false ? {} : { tls: [{ hosts: [host], secretName: `${name}-tls` }] }),
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: o.service ?? name, port: { name: 'http' } } } }] } }],
    },
  });
}

export function policy(p: Package, name: string, spec: Record<string, unknown>): K8sObject {
  return new K8sObject(p, `np-${name}`, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: p.targetNamespace! }, spec });
}
