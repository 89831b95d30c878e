import { PropRule } from '../core/errors';
import { isAddressRange, isDnsLabel, isDnsSubdomain, parseCidr, parseIpv4 } from '../core/names';
import { CERT_MANAGER_CONTROLLER_LABELS } from './cluster-facts';
import type { ClusterFactsView as ClusterSpec, ExistingIssuerSpec } from './cluster-facts';

/**
 * What already runs on a cluster, installed and kept outside hubfleet: facts of the ClusterSpec
 * (`existingAddons`), never rendered. The cluster model uses them for flows (the ingress
 * controller's and Prometheus' pods), references (cert-manager's issuers, MetalLB's pools) and
 * prerequisites (inventory.json), and the add-ons hubfleet would otherwise install step aside.
 */

/** The MetalLB namespace (the chart's and the docs' default). */
export const METALLB_DEFAULT_NAMESPACE = 'metallb-system';
/** cert-manager's namespace (its chart's and docs' default). */
export const CERT_MANAGER_DEFAULT_NAMESPACE = 'cert-manager';

/**
 * hubfleet's own monitoring add-on (lib/monitoring) as the hubs see it: its default namespace and
 * the labels by which they admit its Prometheus pods (prometheus-operator's `app.kubernetes.io/name`;
 * lib/monitoring/stack-names.ts builds the pods' labels from these, so they always match).
 */
export const HUBFLEET_MONITORING = {
  namespace: 'monitoring',
  prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus' },
} as const;

/** The cluster's Prometheus as hubs and flows see it: hubfleet's own add-on or one that runs already. */
export interface MonitoringFact {
  readonly namespace: string;
  readonly prometheusPodLabels: Readonly<Record<string, string>>;
  /** `hubfleet`: hubfleet's monitoring add-on (ClusterSpec `monitoring`); `existing`: a Prometheus that runs already (existingAddons.monitoring). */
  readonly source: 'hubfleet' | 'existing';
  /** Does prometheus-operator read ServiceMonitors there (hubfleet's add-on: always; existing: `operatorCrds`)? */
  readonly operatorCrds: boolean;
}

/**
 * The cluster's Prometheus, the one place every part asks (hubs, add-ons' ServiceMonitors, the cluster
 * model's `monitoring` endpoint): hubfleet's add-on when ClusterSpec `monitoring` is set, else the
 * Prometheus of existingAddons.monitoring, else none. Both set is `cluster-monitoring-twice`.
 */
export function monitoringOf(spec: ClusterSpec): MonitoringFact | undefined {
  if (spec.monitoring) {
    return { namespace: spec.monitoring.namespace ?? HUBFLEET_MONITORING.namespace, prometheusPodLabels: { ...HUBFLEET_MONITORING.prometheusPodLabels }, source: 'hubfleet', operatorCrds: true };
  }
  const m = spec.existingAddons?.monitoring;
  return m ? { namespace: m.namespace, prometheusPodLabels: { ...m.prometheusPodLabels }, source: 'existing', operatorCrds: m.operatorCrds ?? false } : undefined;
}

/** Where an existing cert-manager's controller serves metrics (existingAddons.certManager.metrics), else undefined. */
export interface CertManagerMetricsFact {
  readonly namespace: string;
  /** Labels of the controller's pods and of its metrics Service. */
  readonly labels: Readonly<Record<string, string>>;
  /** The Service's metrics port name. */
  readonly servicePort: string;
  /** The pod's metrics port. */
  readonly port: number;
}

/** The metrics of a cert-manager that already runs, with the jetstack chart's defaults; undefined without one or with `metrics: false`. */
export function existingCertManagerMetrics(spec: ClusterSpec): CertManagerMetricsFact | undefined {
  const cm = spec.existingAddons?.certManager;
  if (!cm || cm.metrics === false) return undefined;
  const m = cm.metrics ?? {};
  return { namespace: cm.namespace ?? CERT_MANAGER_DEFAULT_NAMESPACE, labels: { ...(m.labels ?? CERT_MANAGER_CONTROLLER_LABELS) }, servicePort: m.servicePort ?? 'http-metrics', port: m.port ?? 9402 };
}

/** The ClusterIssuers that exist outside the output. */
export function existingIssuers(spec: ClusterSpec): readonly ExistingIssuerSpec[] {
  return spec.existingAddons?.certManager?.issuers ?? [];
}

/** Every MetalLB pool a LoadBalancer Service can get an address from: the existing ones, or hubfleet's from `loadBalancerRange`. */
export function metallbPools(spec: ClusterSpec): ReadonlyArray<{ readonly name: string; readonly addresses: readonly string[]; readonly autoAssign: boolean; readonly existing: boolean }> {
  const existing = (spec.existingAddons?.metallb?.pools ?? []).map((p) => ({ name: p.name, addresses: [...p.addresses], autoAssign: p.autoAssign ?? true, existing: true }));
  const own = spec.loadBalancerRange ? [{ name: 'default', addresses: [spec.loadBalancerRange], autoAssign: true, existing: false }] : [];
  return [...existing, ...own];
}

/** Does an IPv4 address lie in a range (CIDR or `first-last`)? */
export function rangeContains(range: string, address: string): boolean {
  const ip = parseIpv4(address);
  if (ip === undefined) return false;
  const c = parseCidr(range);
  if (c) {
    const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
    return ((ip & mask) >>> 0) === ((c.base & mask) >>> 0);
  }
  const m = /^([0-9.]+)\s*-\s*([0-9.]+)$/.exec(range);
  if (!m) return false;
  const a = parseIpv4(m[1]);
  const b = parseIpv4(m[2]);
  return a !== undefined && b !== undefined && ip >= a && ip <= b;
}

const labelsOk = (l: unknown) => typeof l === 'object' && l !== null && Object.keys(l).length > 0 && Object.entries(l as Record<string, unknown>).every(([k, v]) => /^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/.test(k) && typeof v === 'string' && /^(([A-Za-z0-9][A-Za-z0-9_.-]{0,61})?[A-Za-z0-9])?$/.test(v));

/** The validation table of `existingAddons`; each row has a "fails …" test in test/fleet/existing-addons.test.ts. */
export const EXISTING_ADDON_RULES: readonly PropRule<ClusterSpec>[] = [
  {
    id: 'existing-metallb-pools',
    field: 'existingAddons.metallb.pools',
    value: (s) => s.existingAddons?.metallb?.pools,
    ok: (s) => {
      const m = s.existingAddons?.metallb;
      if (!m) return true;
      return m.pools.length > 0 && m.pools.every((p) => isDnsSubdomain(p.name) && p.addresses.length > 0 && p.addresses.every(isAddressRange)) && new Set(m.pools.map((p) => p.name)).size === m.pools.length && (m.namespace === undefined || isDnsLabel(m.namespace));
    },
    message: 'an existing MetalLB needs its address pools: unique names, each with at least one CIDR or "first-last" IPv4 range (and a namespace that is a DNS label).',
    fix: 'copy them from `kubectl get ipaddresspools -A -o yaml`, e.g. pools: [{ name: "campus", addresses: ["10.0.5.10-10.0.5.40"] }].',
  },
  {
    id: 'existing-metallb-twice',
    field: 'loadBalancerRange',
    value: (s) => s.loadBalancerRange,
    // hubfleet's MetalLB add-on comes from loadBalancerRange: two MetalLBs would install the same CRDs
    // and speakers twice and fight over the addresses.
    ok: (s) => !(s.existingAddons?.metallb && s.loadBalancerRange),
    message: 'the cluster already runs MetalLB (existingAddons.metallb), but loadBalancerRange asks hubfleet to install a second one: two controllers and speaker DaemonSets would fight over the same CRDs and addresses.',
    fix: 'remove loadBalancerRange and list the range as a pool of existingAddons.metallb.',
  },
  {
    id: 'existing-cert-manager-issuers',
    field: 'existingAddons.certManager.issuers',
    value: (s) => s.existingAddons?.certManager?.issuers,
    ok: (s) => {
      const c = s.existingAddons?.certManager;
      if (!c) return true;
      return c.issuers.length > 0 && c.issuers.every((i) => isDnsSubdomain(i.name) && (i.solver === 'http01' || i.solver === 'dns01')) && new Set(c.issuers.map((i) => i.name)).size === c.issuers.length && (c.namespace === undefined || isDnsLabel(c.namespace));
    },
    message: 'an existing cert-manager needs its ClusterIssuers, each with a unique name and its ACME solver ("http01" or "dns01").',
    fix: 'copy them from `kubectl get clusterissuers -o yaml` (spec.acme.solvers), e.g. issuers: [{ name: "letsencrypt-prod", solver: "http01" }].',
  },
  {
    id: 'existing-cert-manager-issuer',
    field: 'tls.clusterIssuer',
    value: (s) => s.tls.clusterIssuer ?? 'letsencrypt-prod',
    // Routes carry tls.clusterIssuer; with an existing cert-manager (and none in the output, which the
    // CertManager add-on refuses), it must be one the cluster has or no certificate is ever issued.
    ok: (s) => !s.existingAddons?.certManager || existingIssuers(s).some((i) => i.name === (s.tls.clusterIssuer ?? 'letsencrypt-prod')),
    message: (s) => `routes ask ClusterIssuer "${s.tls.clusterIssuer ?? 'letsencrypt-prod'}" for their certificates, but the cluster's cert-manager has ${existingIssuers(s).map((i) => `"${i.name}"`).join(', ') || 'none'}: no certificate would be issued and the controller serves its default one.`,
    fix: (s) => `set tls.clusterIssuer to one of ${existingIssuers(s).map((i) => i.name).join(', ') || 'the cluster\'s issuers'}, or list the issuer in existingAddons.certManager.issuers if it exists.`,
  },
  {
    id: 'existing-ingress-controller',
    field: 'existingAddons.ingressController',
    value: (s) => s.existingAddons?.ingressController,
    ok: (s) => {
      const i = s.existingAddons?.ingressController;
      if (!i) return true;
      return (i.controller === 'traefik' || i.controller === 'ingress-nginx') && isDnsLabel(i.namespace) && isDnsLabel(i.className) && labelsOk(i.podLabels);
    },
    message: 'an existing ingress controller needs its kind (traefik or ingress-nginx), namespace, IngressClass (DNS labels) and the labels of its pods (at least one; NetworkPolicies admit the pods by them).',
    fix: 'read them with `kubectl get ingressclass` and `kubectl get pods -n <namespace> --show-labels`, e.g. { controller: "ingress-nginx", namespace: "ingress-nginx", className: "nginx", podLabels: { "app.kubernetes.io/name": "ingress-nginx" } }.',
  },
  {
    id: 'existing-ingress-duplicate',
    field: 'ingress',
    value: (s) => ({ className: s.ingress?.className, controllerNamespace: s.ingress?.controllerNamespace, controller: s.ingress?.controller, controllerPodLabels: s.ingress?.controllerPodLabels, exposure: s.ingress?.exposure }),
    // One place states the controller's facts; a second, different one would be silently ignored.
    ok: (s) => {
      const e = s.existingAddons?.ingressController;
      const i = s.ingress;
      if (!e || !i) return true;
      const same = (a: unknown, b: unknown) => a === undefined || JSON.stringify(a) === JSON.stringify(b);
      return same(i.className, e.className) && same(i.controllerNamespace, e.namespace) && same(i.controller, e.controller) && same(i.controllerPodLabels, e.podLabels) && same(i.exposure, e.exposure ?? { type: 'load-balancer' });
    },
    message: 'ingress.className/controllerNamespace/controller/controllerPodLabels/exposure contradict existingAddons.ingressController, which states the facts of the controller that runs.',
    fix: 'state the controller once, in existingAddons.ingressController; keep only ingress.kind (and gateway) in ingress.',
  },
  {
    id: 'existing-monitoring',
    field: 'existingAddons.monitoring',
    value: (s) => s.existingAddons?.monitoring,
    ok: (s) => {
      const m = s.existingAddons?.monitoring;
      return !m || (isDnsLabel(m.namespace) && labelsOk(m.prometheusPodLabels));
    },
    message: 'an existing Prometheus needs its namespace (a DNS label) and the labels of its pods (at least one; hubs admit the pods by them).',
    fix: 'e.g. monitoring: { namespace: "monitoring", prometheusPodLabels: { "app.kubernetes.io/name": "prometheus" } } (`kubectl get pods -n monitoring --show-labels`).',
  },
  {
    id: 'existing-cert-manager-metrics',
    field: 'existingAddons.certManager.metrics',
    value: (s) => s.existingAddons?.certManager?.metrics,
    ok: (s) => {
      const m = s.existingAddons?.certManager?.metrics;
      if (m === undefined || m === false) return true;
      const port = m.port ?? 9402;
      return (m.labels === undefined || labelsOk(m.labels)) && (m.servicePort === undefined || isDnsLabel(m.servicePort)) && Number.isInteger(port) && port >= 1 && port <= 65535;
    },
    message: "an existing cert-manager's metrics need the controller's labels (at least one), the Service's port name (a DNS label, as Kubernetes checks Service port names: validation.go validateServicePort) and a port 1-65535.",
    fix: 'e.g. metrics: { servicePort: "tcp-prometheus-servicemonitor" } for cert-manager before 1.21 (`kubectl -n cert-manager get svc --show-labels -o wide`), or metrics: false when it serves none.',
  },
];
