import { Construct } from 'constructs';
import { ClusterApp } from './cluster-app';
import { ingressOf } from './cluster-spec';
import { IsolatedNamespace } from './isolated-namespace';
import { K8sObject } from '../core/k8s-object';
import { cidrPeer, namespacedPodPeer, Peer } from '../core/network-policy';
import { declareProps } from '../core/props-check';
import { upstreamProxyOf } from './upstream-proxy';

/** Props of {@link PublicRoute}. */
export interface PublicRouteProps {
  /** Namespace of the route and its Service. */
  readonly namespace: string;
  /** Name of the Ingress/HTTPRoute (and prefix of its Middlewares). */
  readonly name: string;
  /** Public host name. */
  readonly host: string;
  /** Path prefix. @default '/' */
  readonly path?: string;
  /** The Service behind the route. */
  readonly service: string;
  /** The Service port: its name (Ingress) and number (HTTPRoute). */
  readonly servicePort: { readonly name: string; readonly number: number };
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Only these client networks may use the route (exam rooms, the VPN). Enforced by the controller:
   * a Traefik `ipAllowList` Middleware (the route references it), or ingress-nginx's
   * `whitelist-source-range`. The controller must see client addresses: ClusterSpec
   * `ingress.exposure` (LoadBalancer with `externalTrafficPolicy: Local`, or NodePorts behind a
   * load balancer that speaks the PROXY protocol).
   * @default undefined (every client)
   */
  readonly allowedSourceCidrs?: readonly string[];
  /**
   * Largest request body the controller accepts, in MiB (config uploads). Only ingress-nginx limits
   * bodies by default (1 MiB); Traefik has no limit, and its buffering Middleware would hold whole
   * requests and responses in memory, so nothing is set for Traefik.
   * @default the controller's default
   */
  readonly maxBodyMiB?: number;
  /** Seconds the controller waits for an answer (long polls). @default the controller's default */
  readonly readTimeoutSeconds?: number;
  /** More annotations for the controller (the wiring rules check they are the controller's). @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Secret cert-manager writes the certificate to. @default `<name>-tls` */
  readonly tlsSecretName?: string;
}

const TRAEFIK_MIDDLEWARE = 'traefik.io/v1alpha1';

/**
 * A hub's, SEB Server's or any package's public route, the one way hubfleet exposes a Service: an
 * Ingress of the cluster's IngressClass with a cert-manager certificate (or an HTTPRoute on the
 * cluster's Gateway), the controller's own way of expressing client allow lists, body limits and
 * timeouts (Traefik Middlewares, or ingress-nginx annotations), and — for HTTP-01 certificates —
 * the NetworkPolicy that lets the controller reach cert-manager's solver pods in the namespace.
 */
export class PublicRoute extends Construct {
  /** The Ingress or HTTPRoute. */
  readonly route: K8sObject;
  /** Middlewares the route uses (Traefik). */
  readonly middlewares: readonly K8sObject[];

  constructor(scope: Construct, id: string, props: PublicRouteProps) {
    super(scope, id);
    declareProps(this, 'PublicRouteProps', props);
    const spec = ClusterApp.of(this).spec;
    const ingress = ingressOf(spec);
    const ns = props.namespace;
    const path = props.path ?? '/';
    const labels = { ...(props.labels ?? {}) };
    const traefik = ingress.controller === 'traefik';
    const middlewares: K8sObject[] = [];
    const middleware = (suffix: string, body: Record<string, unknown>) => {
      const m = new K8sObject(this, `middleware-${suffix}`, {
        apiVersion: TRAEFIK_MIDDLEWARE,
        kind: 'Middleware',
        metadata: { name: `${props.name}-${suffix}`, namespace: ns, labels },
        spec: body,
      });
      middlewares.push(m);
      return m;
    };
    const annotations: Record<string, string> = {};
    if (traefik) {
      // Traefik's ipAllowList checks the connection's remote address (no ipStrategy: forwarded
      // headers from clients are never trusted). pkg/middlewares/ipallowlist in traefik v3.
      // Behind an upstream HTTP proxy that passes the client in X-Forwarded-For (trusted by the
      // entry point only from the proxy), the allow list reads the header's last entry (depth 1:
      // the address the proxy saw; Traefik appends the proxy itself only after the middlewares).
      // Anyone else's header is dropped by the entry point, so the entry is empty and refused.
      const xff = upstreamProxyOf(ingress.exposure)?.clientAddress === 'x-forwarded-for';
      if (props.allowedSourceCidrs) middleware('allow-list', { ipAllowList: { sourceRange: [...props.allowedSourceCidrs], ...(xff ? { ipStrategy: { depth: 1 } } : {}) } });
    } else {
      if (props.allowedSourceCidrs) annotations['nginx.ingress.kubernetes.io/whitelist-source-range'] = props.allowedSourceCidrs.join(',');
      if (props.maxBodyMiB !== undefined) annotations['nginx.ingress.kubernetes.io/proxy-body-size'] = `${props.maxBodyMiB}m`;
      if (props.readTimeoutSeconds !== undefined) {
        annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'] = String(props.readTimeoutSeconds);
        annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'] = String(props.readTimeoutSeconds);
      }
    }
    this.middlewares = middlewares;

    if (ingress.kind === 'gateway' && ingress.gateway) {
      this.route = new K8sObject(this, 'route', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: props.name, namespace: ns, labels },
        spec: {
          parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: ingress.gateway.namespace, name: ingress.gateway.name, ...(ingress.gateway.sectionName ? { sectionName: ingress.gateway.sectionName } : {}) }],
          hostnames: [props.host],
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: path } }],
              // Traefik's Gateway provider applies Middlewares given as ExtensionRef filters.
              ...(middlewares.length ? { filters: middlewares.map((m) => ({ type: 'ExtensionRef', extensionRef: { group: 'traefik.io', kind: 'Middleware', name: m.manifest.metadata.name } })) } : {}),
              backendRefs: [{ name: props.service, port: props.servicePort.number }],
            },
          ],
        },
      });
      return;
    }
    if (middlewares.length) annotations['traefik.ingress.kubernetes.io/router.middlewares'] = middlewares.map((m) => `${ns}-${m.manifest.metadata.name}@kubernetescrd`).join(',');
    this.route = new K8sObject(this, 'route', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: props.name,
        namespace: ns,
        labels,
        annotations: { 'cert-manager.io/cluster-issuer': spec.tls.clusterIssuer ?? 'letsencrypt-prod', ...annotations, ...(props.annotations ?? {}) },
      },
      spec: {
        ingressClassName: ingress.className,
        tls: [{ hosts: [props.host], secretName: props.tlsSecretName ?? `${props.name}-tls` }],
        rules: [{ host: props.host, http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: props.service, port: { name: props.servicePort.name } } } }] } }],
      },
    });
    IsolatedNamespace.ensureAcmeSolverPolicy(scope, ns, spec);
  }
}

/**
 * The NetworkPolicy peers of the cluster's ingress controller: its pods, and node addresses (for
 * controllers on the host network and for traffic that kube-proxy forwards from a NodePort).
 */
export function ingressControllerPeers(scope: Construct): Peer[] {
  const spec = ClusterApp.of(scope).spec;
  const ingress = ingressOf(spec);
  return [namespacedPodPeer(ingress.controllerNamespace, { ...ingress.controllerPodLabels }), cidrPeer(spec.networks.nodeCidr)];
}
