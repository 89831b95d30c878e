import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { isDnsLabel } from '../core/names';
import { ContainerResources, resources } from '../core/pod';
import { HelmChartApplication } from '../argocd/helm-chart-application';
import { ClusterApp } from '../fleet/cluster-app';
import { ingressOf } from '../fleet/cluster-spec';
import { Package } from '../fleet/package';
import { CHARTS } from './versions';

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
   * Controller replicas (behind a MetalLB LoadBalancer Service).
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

/** Helm values of the Traefik chart that hubfleet sets. */
export interface TraefikValues {
  readonly deployment: { readonly replicas: number };
  readonly ingressClass: { readonly enabled: boolean; readonly isDefaultClass: boolean; readonly name: string };
  readonly providers: {
    readonly kubernetesIngress: { readonly enabled: boolean };
    readonly kubernetesGateway: { readonly enabled: boolean };
  };
  /** The Gateway the chart creates when the Gateway provider is on. */
  readonly gateway: { readonly enabled: boolean; readonly name?: string; readonly namespace?: string };
  readonly service: { readonly type: 'LoadBalancer' };
  readonly resources: Record<string, unknown>;
}

interface Resolved {
  readonly controller: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly className: string;
}

/** The IngressController validation table; each row has a "fails …" test in test/platform/ingress-controller.test.ts. */
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
    id: 'ingress-controller-class',
    field: 'ingress.className',
    value: (r) => r.className,
    ok: (r) => isDnsLabel(r.className),
    message: 'the IngressClass name must be a DNS-1123 label.',
    fix: 'set ingress.className, e.g. "traefik".',
  },
];

/**
 * The cluster's ingress controller (Traefik) from its upstream chart, in
 * `ingress.controllerNamespace` (hubs allow traffic from there). With `ingress.kind: 'gateway'`
 * Traefik's Gateway API provider is on and the chart creates the Gateway named in
 * `ingress.gateway`.
 */
export class IngressController extends Package {
  readonly helm: HelmChartApplication;
  readonly controllerNamespace: string;

  constructor(scope: Construct, id = 'ingress', props: IngressControllerProps = {}) {
    const ingress = ingressOf(ClusterApp.of(scope).spec);
    super(scope, id, { group: 'platform', namespace: ingress.controllerNamespace });
    const r: Resolved = {
      controller: props.controller ?? 'traefik',
      namespace: ingress.controllerNamespace,
      replicas: props.replicas ?? 2,
      className: ingress.className,
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
      service: { type: 'LoadBalancer' },
      resources: resources(props.resources ?? { cpuRequest: 0.1, cpuLimit: 1, memoryRequestMiB: 128, memoryLimitMiB: 512 }),
    };
    this.helm = new HelmChartApplication(this, 'chart', {
      ...CHARTS.traefik,
      namespace: r.namespace,
      createNamespace:
        r.namespace === 'kube-system'
          ? undefined
          : { labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' } },
      values: { ...values },
    });
  }
}
