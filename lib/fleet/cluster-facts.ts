/**
 * Facts of a cluster that several parts of the ClusterSpec share, declared once without importing
 * the ClusterSpec itself (lib/fleet/cluster-spec.ts re-exports them): how the ingress controller is
 * reached, the proxy in front of it, and the add-ons that already run. The rule tables of
 * existing-addons.ts and upstream-proxy.ts read a ClusterSpec through {@link ClusterFactsView}.
 */

/** How the ingress controller is reached from outside the cluster. */
export type IngressExposure =
  | {
      readonly type: 'load-balancer';
      /**
       * Who answers the LoadBalancer Service: `metallb` (hubfleet's MetalLB add-on, from
       * `loadBalancerRange`) or `cloud` (the cloud's controller, e.g. OpenStack Octavia).
       * @default 'metallb' when `loadBalancerRange` is set, else none (an error: the Service would stay pending)
       */
      readonly provider?: 'metallb' | 'cloud';
      /**
       * A fixed address for the LoadBalancer Service, e.g. the one an upstream proxy forwards to. With
       * MetalLB it must lie in one of its pools (`loadBalancerRange` or `existingAddons.metallb`); set
       * through MetalLB's `metallb.io/loadBalancerIPs` annotation (the cloud's: `spec.loadBalancerIP`).
       * @default undefined (any free address of the pool)
       */
      readonly address?: string;
      /**
       * A proxy outside the cluster that forwards client connections to this address (a gateway host):
       * how it passes the client address on, and which ports it forwards.
       * @default undefined (clients connect to the address directly)
       */
      readonly upstreamProxy?: UpstreamProxySpec;
    }
  | {
      readonly type: 'node-port';
      /** @default 30080 */
      readonly httpNodePort?: number;
      /** @default 30443 */
      readonly httpsNodePort?: number;
      /**
       * Addresses of the external load balancer in front of the NodePorts; the controller trusts
       * their PROXY protocol / X-Forwarded-For. @default [] (the node network)
       */
      readonly trustedProxyCidrs?: readonly string[];
    };

/**
 * A proxy outside the cluster in front of the ingress controller's LoadBalancer address: a gateway
 * host whose nginx (stream module) or HAProxy passes TLS through, or an HTTP reverse proxy that
 * terminates it. What it does decides whether the controller (and every allow list behind it) sees
 * the client's address or the proxy's, and whether ACME's HTTP-01 challenge can reach the cluster.
 */
export interface UpstreamProxySpec {
  /** For messages and the inventory, e.g. `gateway.example.edu`. @default 'the upstream proxy' */
  readonly name?: string;
  /** Addresses the proxy connects from (CIDRs; one host is `a.b.c.d/32`). Only they may send PROXY headers or X-Forwarded-For. */
  readonly addresses: readonly string[];
  /** `tcp`: passes TLS through untouched (nginx `stream`, HAProxy `mode tcp`); `http`: terminates TLS and forwards HTTP(S). */
  readonly mode: 'tcp' | 'http';
  /**
   * How it passes the client's address on: `proxy-protocol` (a PROXY v1/v2 header before the
   * connection's bytes: nginx `proxy_protocol on;`, HAProxy `send-proxy`; works in both modes),
   * `x-forwarded-for` (an HTTP header: `http` mode only), or `none` (the controller sees only the proxy).
   */
  readonly clientAddress: 'proxy-protocol' | 'x-forwarded-for' | 'none';
  /**
   * TCP ports it forwards to the controller's address (the same port numbers). 443 carries the hubs;
   * 80 is needed by ACME HTTP-01 (and redirects to https).
   * @default [443]
   */
  readonly forwardsPorts?: readonly number[];
}

/** An address pool of MetalLB (an `IPAddressPool`). */
export interface ExistingMetalLbPool {
  /** The IPAddressPool's name. */
  readonly name: string;
  /** Its address ranges: CIDRs or `first-last` IPv4 ranges. */
  readonly addresses: readonly string[];
  /** Does MetalLB hand out its addresses to Services that ask for none? @default true */
  readonly autoAssign?: boolean;
}

/** A MetalLB that already runs on the cluster. */
export interface ExistingMetalLbSpec {
  /** @default 'metallb-system' */
  readonly namespace?: string;
  /** Its IPAddressPools (`kubectl get ipaddresspools -A`). */
  readonly pools: readonly ExistingMetalLbPool[];
}

/** A ClusterIssuer that already exists on the cluster. */
export interface ExistingIssuerSpec {
  /** The ClusterIssuer's name, as routes name it in `cert-manager.io/cluster-issuer`. */
  readonly name: string;
  /**
   * How it proves control of a host: `http01` (port 80 of every host must reach the ingress
   * controller; solver pods run in the route's namespace) or `dns01` (a DNS provider; nothing
   * needs to reach the cluster).
   */
  readonly solver: 'http01' | 'dns01';
}

/** A cert-manager that already runs on the cluster. */
export interface ExistingCertManagerSpec {
  /** @default 'cert-manager' */
  readonly namespace?: string;
  /** Its ClusterIssuers (`kubectl get clusterissuers`). Routes may only name these (or issuers the output creates). */
  readonly issuers: readonly ExistingIssuerSpec[];
  /**
   * Where its controller serves Prometheus metrics (the certificate-expiry alert of hubfleet's
   * monitoring reads `certmanager_certificate_expiration_timestamp_seconds` there); `false` when
   * it serves none (the chart's `prometheus.enabled: false`): the alert is then left out.
   * @default the jetstack chart's controller: its labels, the Service port `http-metrics`
   */
  readonly metrics?: ExistingCertManagerMetrics | false;
}

/** The controller's metrics as the jetstack cert-manager chart exposes them (`kubectl -n cert-manager get svc,pods --show-labels`). */
export interface ExistingCertManagerMetrics {
  /**
   * Labels of the controller's pods and of its metrics Service.
   * @default { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' }
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Name of the Service's metrics port: `http-metrics` since cert-manager 1.21,
   * `tcp-prometheus-servicemonitor` before (cert-manager 1.21 release notes).
   * @default 'http-metrics'
   */
  readonly servicePort?: string;
  /** The controller's metrics port in the pod. @default 9402 */
  readonly port?: number;
}

/** The jetstack chart's controller labels (its templates' `app.kubernetes.io/name` and `component`). */
export const CERT_MANAGER_CONTROLLER_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' };

/** An ingress controller that already runs on the cluster and serves hubfleet's routes. */
export interface ExistingIngressControllerSpec {
  /** Which controller it is: it decides which Ingress annotations take effect. */
  readonly controller: 'traefik' | 'ingress-nginx';
  /** Its namespace (NetworkPolicies admit its pods from there). */
  readonly namespace: string;
  /** Labels of its pods (`kubectl get pods -n <namespace> --show-labels`). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The IngressClass it serves. */
  readonly className: string;
  /**
   * How clients reach it (its Service): the same shape as `ingress.exposure`; hubfleet checks the
   * facts but changes nothing.
   * @default { type: 'load-balancer' }
   */
  readonly exposure?: IngressExposure;
  /**
   * Its Service's `externalTrafficPolicy`. With `Cluster` (Kubernetes' default) kube-proxy may forward
   * a connection to another node and replace the client address with a node's, so allow lists see
   * nodes, not clients.
   * @default 'Cluster'
   */
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
  /**
   * Is it configured to take the client address from the upstream proxy of `exposure` (ingress-nginx:
   * `use-proxy-protocol`, or `use-forwarded-headers` with `proxy-real-ip-cidr`; Traefik: the entry
   * points' `proxyProtocol.trustedIPs` / `forwardedHeaders.trustedIPs`)? Without it, allow lists see the proxy.
   * @default false
   */
  readonly trustsUpstreamProxy?: boolean;
}

/**
 * hubfleet's own monitoring add-on runs on the cluster (lib/monitoring, the Platform's `monitoring`
 * prop renders it): kube-prometheus-stack with prometheus-operator. Every hub exposes its metrics to
 * its Prometheus (lib/hub/hub/metrics.ts): a token with the `read:metrics` scope only, generated in
 * the cluster, a ServiceMonitor, and a NetworkPolicy that admits the Prometheus pods to the hub's
 * port. A Prometheus that runs already is `existingAddons.monitoring` instead (never both).
 */
export interface MonitoringSpec {
  /**
   * Namespace of the add-on (Prometheus, Alertmanager, Grafana, kube-state-metrics).
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

/**
 * A Prometheus that already runs on the cluster and scrapes it (installed and kept outside
 * hubfleet): where its pods are, so hubs can admit them, and whether prometheus-operator's CRDs are
 * there for the hubs' ServiceMonitors. hubfleet's own add-on is ClusterSpec `monitoring` instead.
 */
export interface ExistingMonitoringSpec {
  /** Namespace of the Prometheus pods, e.g. `monitoring`. */
  readonly namespace: string;
  /** Labels of the Prometheus pods (NetworkPolicies admit them to metrics ports; flows are proved from them). */
  readonly prometheusPodLabels: Readonly<Record<string, string>>;
  /** Does the cluster have the Prometheus Operator's CRDs (ServiceMonitor, PodMonitor, PrometheusRule)? @default false */
  readonly operatorCrds?: boolean;
}

/** Add-ons that already run on the cluster. */
export interface ExistingAddonsSpec {
  /** @default undefined (no MetalLB, unless the app installs it) */
  readonly metallb?: ExistingMetalLbSpec;
  /** @default undefined (no cert-manager, unless the app installs it) */
  readonly certManager?: ExistingCertManagerSpec;
  /** @default undefined (the app installs Traefik, or nothing serves the routes) */
  readonly ingressController?: ExistingIngressControllerSpec;
  /** @default undefined (no Prometheus) */
  readonly monitoring?: ExistingMonitoringSpec;
}

/** The part of a ClusterSpec the existing-add-on and upstream-proxy rules read (a ClusterSpec is one). */
export interface ClusterFactsView {
  readonly loadBalancerRange?: string;
  readonly monitoring?: MonitoringSpec;
  readonly existingAddons?: ExistingAddonsSpec;
  readonly ingress?: { readonly className?: string; readonly controllerNamespace?: string; readonly controller?: string; readonly controllerPodLabels?: Readonly<Record<string, string>>; readonly exposure?: IngressExposure };
  readonly tls: { readonly clusterIssuer?: string; readonly solver?: 'http01' | 'dns01' };
}
