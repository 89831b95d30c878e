import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { isDnsLabel, parseCidr } from '../core/names';
import { ContainerResources, resources } from '../core/pod';
import { HelmChartApplication } from '../argocd/helm-chart-application';
import { ClusterApp } from '../fleet/cluster-app';
import { ingressOf } from '../fleet/cluster-spec';
import { Package } from '../fleet/package';
import { MetalLb } from './metallb';
import { CHARTS } from './versions';
import { declareProps } from '../core/props-check';
import type { UpstreamProxySpec } from '../fleet/cluster-facts';

/**
 * Which controller serves the ClusterSpec's ingress. `traefik` serves both Ingress (IngressClass
 * `ingress.className`) and the Gateway API (the Gateway `ingress.gateway`), whichever
 * `ingress.kind` says. ingress-nginx is not offered: it is retired since March 2026 (no security
 * fixes).
 */
export type IngressControllerKind = 'traefik';

/** Props of {@link IngressController}. */
export interface IngressControllerProps {
  /**
   * The controller.
   * @default 'traefik'
   */
  readonly controller?: IngressControllerKind;
  /**
   * Controller replicas (behind the LoadBalancer Service, or the NodePorts an external load
   * balancer sends to; see the ClusterSpec's `ingress.exposure`).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Make the IngressClass the cluster default.
   * @default false
   */
  readonly defaultClass?: boolean;
  /**
   * @default 100m/1 CPU, 128/512 MiB
   */
  readonly resources?: ContainerResources;
}

/** The proxy headers an entry point trusts (Traefik `entryPoints.<name>.proxyProtocol` / `forwardedHeaders`). */
export interface TraefikTrust {
  readonly trustedIPs: readonly string[];
}

/** Settings of one Traefik entry point (chart `ports.<name>`). */
export interface TraefikPortValues {
  /** Fixed NodePort of the Service port. */
  readonly nodePort?: number;
  /** Parse the PROXY protocol header, only from these addresses. */
  readonly proxyProtocol?: TraefikTrust;
  /** Keep X-Forwarded-* headers, only from these addresses (everyone else's are replaced). */
  readonly forwardedHeaders?: TraefikTrust;
}

/**
 * Helm values of the Traefik chart that hubfleet sets. Synth checks them against traefik-helm-chart
 * v37.3.0's values.yaml keys and values.schema.json (lib/argocd/chart-values.ts).
 */
export interface TraefikValues {
  readonly deployment: { readonly replicas: number };
  readonly ingressClass: { readonly enabled: boolean; readonly isDefaultClass: boolean; readonly name: string };
  readonly providers: {
    readonly kubernetesIngress: { readonly enabled: boolean };
    readonly kubernetesGateway: { readonly enabled: boolean };
  };
  /** The Gateway the chart creates when the Gateway provider is on. */
  readonly gateway: { readonly enabled: boolean; readonly name?: string; readonly namespace?: string };
  /**
   * `LoadBalancer` or `NodePort`, always `externalTrafficPolicy: Local` (chart `service.spec`: "added to
   * the service spec"): kube-proxy then neither forwards to another node nor replaces the source
   * address, so Traefik sees the client (LoadBalancer) or the external load balancer (NodePort).
   */
  readonly service: {
    readonly type: 'LoadBalancer' | 'NodePort';
    /** A pinned address: MetalLB's `metallb.io/loadBalancerIPs` annotation (MetalLB ≥ 0.13's name; hubfleet's MetalLB is 0.16.1). */
    readonly annotations?: Readonly<Record<string, string>>;
    /** `spec.loadBalancerIP` pins the address for a cloud's (or an existing MetalLB of unknown version's) controller. */
    readonly spec: { readonly externalTrafficPolicy: 'Local'; readonly loadBalancerIP?: string };
  };
  /** NodePort exposure, or an upstream proxy: fixed node ports and the trusted proxy addresses of `web` and `websecure`. */
  readonly ports?: { readonly web: TraefikPortValues; readonly websecure: TraefikPortValues };
  readonly resources: Record<string, unknown>;
}

/** The Kubernetes default `--service-node-port-range`. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** How the controller is reached, resolved from the ClusterSpec and the app. */
type ResolvedExposure =
  | { readonly type: 'load-balancer'; readonly provider?: 'metallb' | 'cloud'; readonly metallbInApp: () => boolean; readonly existingMetallb: boolean; readonly address?: string; readonly upstreamProxy?: UpstreamProxySpec }
  | { readonly type: 'node-port'; readonly httpNodePort: number; readonly httpsNodePort: number; readonly trustedProxyCidrs: readonly string[] };

interface Resolved {
  /** The cluster already runs an ingress controller (existingAddons.ingressController). */
  readonly existing?: { readonly controller: string; readonly namespace: string; readonly className: string };
  readonly controller: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly className: string;
  readonly exposure: ResolvedExposure;
}

const nodePortOk = (p: unknown) => Number.isInteger(p) && (p as number) >= NODE_PORT_RANGE.min && (p as number) <= NODE_PORT_RANGE.max;

/** The IngressController validation table; each row has a "fails …" test in test/platform/addons.test.ts or test/platform/ingress-exposure.test.ts. */
export const INGRESS_CONTROLLER_RULES: readonly PropRule<Resolved>[] = [
  {
    id: 'ingress-controller-kind',
    field: 'controller',
    value: (r) => r.controller,
    ok: (r) => r.controller === 'traefik',
    message: 'hubfleet installs Traefik (Ingress and Gateway API); ingress-nginx is retired since March 2026 and gets no security fixes.',
    fix: 'use controller: "traefik", or leave the ingress add-on out (Platform ingress: false) and install your own.',
  },
  {
    id: 'ingress-controller-existing',
    field: 'existingAddons.ingressController',
    value: (r) => r.existing,
    // Two controllers claiming one IngressClass both answer for every route (and the chart's
    // IngressClass object clashes with the one that exists).
    ok: (r) => r.existing === undefined,
    message: (r) => `the cluster already runs ${r.existing?.controller} (namespace ${r.existing?.namespace}, IngressClass ${r.existing?.className}); hubfleet would install Traefik next to it and claim the same IngressClass.`,
    fix: 'leave the ingress add-on out (Platform ingress: false, which is the default when existingAddons.ingressController is set), or remove existingAddons.ingressController if hubfleet should install Traefik instead.',
  },
  {
    id: 'ingress-controller-namespace',
    field: 'ingress.controllerNamespace',
    value: (r) => r.namespace,
    ok: (r) => isDnsLabel(r.namespace),
    message: 'the controller namespace must be a DNS-1123 label.',
    fix: 'set ingress.controllerNamespace, e.g. "traefik".',
  },
  {
    id: 'ingress-controller-replicas',
    field: 'replicas',
    value: (r) => r.replicas,
    ok: (r) => Number.isInteger(r.replicas) && r.replicas >= 1,
    message: 'replicas must be a whole number ≥ 1.',
    fix: 'use 2 for a rolling update without downtime.',
  },
  {
    id: 'ingress-exposure-load-balancer',
    field: 'ingress.exposure',
    value: (r) => (r.exposure.type === 'load-balancer' ? { type: 'load-balancer', provider: r.exposure.provider ?? '(none: no loadBalancerRange)' } : undefined),
    ok: (r) => r.exposure.type !== 'load-balancer' || r.exposure.provider === 'cloud' || (r.exposure.provider === 'metallb' && (r.exposure.existingMetallb || r.exposure.metallbInApp())),
    message: (r) =>
      r.exposure.type === 'load-balancer' && r.exposure.provider === 'metallb'
        ? 'the ingress controller gets a LoadBalancer Service from MetalLB, but this app has no MetalLB add-on (Platform metallb: false?): the Service would stay <pending> and no hub is reachable.'
        : 'the ingress controller gets a LoadBalancer Service, but the cluster has no load balancer (no loadBalancerRange for MetalLB, no existing MetalLB, no cloud load balancer declared): the Service would stay <pending> and no hub is reachable.',
    fix: 'set loadBalancerRange (MetalLB) and keep the MetalLB add-on, declare a MetalLB that already runs (existingAddons.metallb with its pools), declare ingress.exposure { type: "load-balancer", provider: "cloud" } for a cloud load balancer, or use { type: "node-port", … } behind an external load balancer.',
  },
  {
    id: 'ingress-exposure-node-ports',
    field: 'ingress.exposure.httpNodePort/httpsNodePort',
    value: (r) => (r.exposure.type === 'node-port' ? [r.exposure.httpNodePort, r.exposure.httpsNodePort] : undefined),
    ok: (r) => r.exposure.type !== 'node-port' || (nodePortOk(r.exposure.httpNodePort) && nodePortOk(r.exposure.httpsNodePort) && r.exposure.httpNodePort !== r.exposure.httpsNodePort),
    message: `NodePorts must be two different whole numbers in Kubernetes' default service-node-port-range ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}, or the Service is refused.`,
    fix: 'use e.g. httpNodePort: 30080, httpsNodePort: 30443 (the external load balancer forwards 80 and 443 to them).',
  },
  {
    id: 'ingress-exposure-trusted-proxies',
    field: 'ingress.exposure.trustedProxyCidrs',
    value: (r) => (r.exposure.type === 'node-port' ? r.exposure.trustedProxyCidrs : undefined),
    ok: (r) => r.exposure.type !== 'node-port' || (r.exposure.trustedProxyCidrs.length > 0 && r.exposure.trustedProxyCidrs.every((c) => { const p = parseCidr(c); return p !== undefined && p.prefix > 0; })),
    message: 'behind NodePorts Traefik trusts PROXY protocol and X-Forwarded-For headers only from the external load balancer; the list must name it as CIDRs, and never 0.0.0.0/0 (any client could then forge its address and pass the exam allow lists).',
    fix: 'set trustedProxyCidrs to the load balancer\'s addresses, e.g. ["10.30.0.4/32"].',
  },
  {
    id: 'ingress-controller-class',
    field: 'ingress.className',
    value: (r) => r.className,
    ok: (r) => isDnsLabel(r.className),
    message: 'the IngressClass name must be a DNS-1123 label.',
    fix: 'set ingress.className, e.g. "traefik".',
  },
];

/** Trust PROXY protocol and X-Forwarded-* only from these addresses. */
function trustFrom(cidrs: readonly string[]): Pick<TraefikPortValues, 'proxyProtocol' | 'forwardedHeaders'> {
  return { proxyProtocol: { trustedIPs: [...cidrs] }, forwardedHeaders: { trustedIPs: [...cidrs] } };
}

/**
 * Behind an upstream proxy Traefik trusts exactly what the proxy sends, only from its addresses:
 * the PROXY protocol header (the connection's source becomes the client; traefik v3
 * `entryPoints.<name>.proxyProtocol.trustedIPs`) or X-Forwarded-For (`forwardedHeaders.trustedIPs`;
 * from anyone else Traefik drops the header).
 */
function trustUpstream(p: UpstreamProxySpec): TraefikPortValues {
  const trust = { trustedIPs: [...p.addresses] };
  return p.clientAddress === 'proxy-protocol' ? { proxyProtocol: trust } : { forwardedHeaders: trust };
}

/**
 * The Service: NodePort or LoadBalancer, always `externalTrafficPolicy: Local`; a pinned address
 * through MetalLB's annotation (hubfleet's MetalLB 0.16.1 reads `metallb.io/loadBalancerIPs`) or,
 * for a cloud's controller or a MetalLB of unknown version that already runs, `spec.loadBalancerIP`
 * (deprecated in Kubernetes since 1.24 but still served, and read by every MetalLB release).
 */
function serviceValues(exposure: ResolvedExposure): TraefikValues['service'] {
  if (exposure.type === 'node-port') return { type: 'NodePort', spec: { externalTrafficPolicy: 'Local' } };
  if (!exposure.address) return { type: 'LoadBalancer', spec: { externalTrafficPolicy: 'Local' } };
  if (exposure.provider === 'metallb' && !exposure.existingMetallb) return { type: 'LoadBalancer', annotations: { 'metallb.io/loadBalancerIPs': exposure.address }, spec: { externalTrafficPolicy: 'Local' } };
  return { type: 'LoadBalancer', spec: { externalTrafficPolicy: 'Local', loadBalancerIP: exposure.address } };
}

/**
 * The cluster's ingress controller (Traefik) from its upstream chart, in
 * `ingress.controllerNamespace` (hubs allow traffic from there). With `ingress.kind: 'gateway'`
 * Traefik's Gateway API provider is on and the chart creates the Gateway named in
 * `ingress.gateway`. Its Service follows `ingress.exposure`: a LoadBalancer (MetalLB or the cloud's)
 * or NodePorts behind an external load balancer, always with `externalTrafficPolicy: Local` so the
 * client address reaches Traefik (exam allow lists and SEB Server read it).
 */
export class IngressController extends Package {
  readonly helm: HelmChartApplication;
  readonly controllerNamespace: string;

  constructor(scope: Construct, id = 'ingress', props: IngressControllerProps = {}) {
    const ingress = ingressOf(ClusterApp.of(scope).spec);
    super(scope, id, { group: 'platform', namespace: ingress.controllerNamespace });
    declareProps(this, 'IngressControllerProps', props);
    const spec = ClusterApp.of(scope).spec;
    const app = ClusterApp.of(scope);
    const ex = ingress.exposure;
    const exposure: ResolvedExposure =
      ex.type === 'node-port'
        ? { type: 'node-port', httpNodePort: ex.httpNodePort ?? 30080, httpsNodePort: ex.httpsNodePort ?? 30443, trustedProxyCidrs: ex.trustedProxyCidrs?.length ? ex.trustedProxyCidrs : [spec.networks.nodeCidr] }
        : {
            type: 'load-balancer',
            provider: ex.provider ?? (spec.loadBalancerRange || spec.existingAddons?.metallb ? 'metallb' : undefined),
            metallbInApp: () => app.packages().some((p) => MetalLb.isMetalLb(p)),
            existingMetallb: spec.existingAddons?.metallb !== undefined,
            address: ex.address,
            upstreamProxy: ex.upstreamProxy,
          };
    const e = spec.existingAddons?.ingressController;
    const r: Resolved = {
      ...(e ? { existing: { controller: e.controller, namespace: e.namespace, className: e.className } } : {}),
      controller: props.controller ?? 'traefik',
      namespace: ingress.controllerNamespace,
      replicas: props.replicas ?? 2,
      className: ingress.className,
      exposure,
    };
    const path = this.node.path;
    this.addIssues(() => checkRules(path, r, INGRESS_CONTROLLER_RULES));
    this.controllerNamespace = r.namespace;

    const gatewayMode = ingress.kind === 'gateway';
    const gw = ingress.gateway;
    const values: TraefikValues = {
      deployment: { replicas: r.replicas },
      ingressClass: { enabled: true, isDefaultClass: props.defaultClass ?? false, name: r.className },
      providers: { kubernetesIngress: { enabled: true }, kubernetesGateway: { enabled: gatewayMode } },
      gateway: gatewayMode && gw ? { enabled: true, name: gw.name, ...(gw.namespace !== r.namespace ? { namespace: gw.namespace } : {}) } : { enabled: false },
      service: serviceValues(exposure),
      ...(exposure.type === 'node-port'
        ? {
            ports: {
              web: { nodePort: exposure.httpNodePort, ...trustFrom(exposure.trustedProxyCidrs) },
              websecure: { nodePort: exposure.httpsNodePort, ...trustFrom(exposure.trustedProxyCidrs) },
            },
          }
        : exposure.upstreamProxy && exposure.upstreamProxy.clientAddress !== 'none'
          ? { ports: { web: trustUpstream(exposure.upstreamProxy), websecure: trustUpstream(exposure.upstreamProxy) } }
          : {}),
      resources: resources(props.resources ?? { cpuRequest: 0.1, cpuLimit: 1, memoryRequestMiB: 128, memoryLimitMiB: 512 }),
    };
    this.helm = new HelmChartApplication(this, 'chart', {
      ...CHARTS.traefik,
      // traefik-helm-chart v37.3.0: templates/_helpers.tpl (traefik.labelselector: name, and instance
      // "<release>-<namespace>"), values.yaml ports (traefik 8080, web 8000, websecure 8443, metrics
      // 9100), templates/service.yaml (Service "<release>" with the exposed ports web 80, websecure 443).
      pods: [
        {
          name: 'traefik',
          labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': `traefik-${r.namespace}` },
          ports: [
            { name: 'traefik', containerPort: 8080 },
            { name: 'web', containerPort: 8000 },
            { name: 'websecure', containerPort: 8443 },
            { name: 'metrics', containerPort: 9100 },
          ],
          replicas: r.replicas,
          containers: [{ name: 'traefik', resources: values.resources }],
          services: [{ name: 'traefik', ports: [{ name: 'web', port: 80, targetPort: 'web' }, { name: 'websecure', port: 443, targetPort: 'websecure' }] }],
        },
      ],
      namespace: r.namespace,
      createNamespace:
        r.namespace === 'kube-system'
          ? undefined
          : { labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' } },
      values: { ...values },
    });
  }
}
