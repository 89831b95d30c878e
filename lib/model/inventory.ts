import { cniOf, ingressOf } from '../fleet/cluster-spec';
import { CERT_MANAGER_DEFAULT_NAMESPACE, METALLB_DEFAULT_NAMESPACE, metallbPools } from '../fleet/existing-addons';
import { acmeChallengeOf, proxyName, upstreamProxyDuties, upstreamProxyOf } from '../fleet/upstream-proxy';
import { ClusterModel, usesCertManager } from './cluster-model';
import { localClaimsOf } from './storage-rules';
import { HubInventoryEntry } from './declarations';
import { allocatableOf, reserveOf } from './nodes';

/**
 * `dist/<cluster>/inventory.json`: the cluster model's summary, deterministic, outside the folders
 * Argo CD reads. `hubfleet capacity`, `report` and `diff` read it. The fields are documented in
 * lib/model/README.md; `version` changes when a field changes meaning.
 */
export interface Inventory {
  readonly version: 1;
  readonly cluster: string;
  readonly domain: string;
  readonly kubernetes: { readonly distribution: string; readonly version: string; readonly cni?: string; readonly networkPoliciesEnforced: boolean };
  readonly nodePools: ReadonlyArray<{
    readonly name: string;
    readonly roles: readonly string[];
    readonly count: number;
    readonly cpu: number;
    readonly memoryGiB: number;
    readonly gpus: number;
    readonly gpuResource?: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: ReadonlyArray<{ readonly key: string; readonly value?: string; readonly effect: string }>;
    /** Per node, after the reserve: what pods can get. */
    readonly allocatable: { readonly cpu: number; readonly memoryGiB: number };
    readonly reserve: { readonly cpu: number; readonly memoryGiB: number };
  }>;
  /** What the output expects the cluster to have already. */
  readonly prerequisites: {
    readonly storageClasses: ReadonlyArray<{ readonly name: string; readonly provisioner?: string; readonly usedBy: readonly string[] }>;
    readonly crds: ReadonlyArray<{ readonly group: string; readonly kinds: readonly string[]; readonly providedBy: string }>;
    readonly addons: ReadonlyArray<{ readonly name: string; readonly why: string }>;
  };
  readonly packages: ReadonlyArray<{ readonly name: string; readonly group: string; readonly namespace?: string; readonly folder: string }>;
  readonly hubs: readonly HubInventoryEntry[];
  /** Add-ons that already run on the cluster (ClusterSpec existingAddons), with their defaults resolved. Absent when none. */
  readonly existingAddons?: {
    readonly metallb?: { readonly namespace: string; readonly pools: ReadonlyArray<{ readonly name: string; readonly addresses: readonly string[]; readonly autoAssign: boolean }> };
    readonly certManager?: { readonly namespace: string; readonly issuers: ReadonlyArray<{ readonly name: string; readonly solver: string }> };
    readonly ingressController?: { readonly controller: string; readonly namespace: string; readonly className: string; readonly podLabels: Readonly<Record<string, string>>; readonly externalTrafficPolicy: string };
    readonly monitoring?: { readonly namespace: string; readonly prometheusPodLabels: Readonly<Record<string, string>> };
  };
  /**
   * Pods pinned to one node by a node-local volume (local-path-provisioner, OpenEBS LocalPV): they
   * run only on the node where the volume was made, and wait for it when it is down or drained.
   */
  readonly pinnedPods?: ReadonlyArray<{ readonly pod: string; readonly claim: string; readonly storageClass: string }>;
  /** How clients reach the ingress controller, and what an upstream proxy must do. */
  readonly ingress: {
    readonly controller: string;
    readonly className: string;
    readonly namespace: string;
    readonly installedBy: 'hubfleet' | 'the cluster';
    readonly exposure: string;
    /** The LoadBalancer address, when pinned. */
    readonly address?: string;
    /** The ACME challenge the hubs' certificates are proved with. */
    readonly acmeChallenge: 'http01' | 'dns01';
    readonly upstreamProxy?: { readonly name: string; readonly addresses: readonly string[]; readonly mode: string; readonly mustForward: { readonly to?: string; readonly tcpPorts: readonly number[]; readonly clientAddress: string } };
  };
}

/** API groups whose CRDs come with an add-on chart of the output, and the chart that brings them. */
const CRD_PROVIDERS: Record<string, string> = {
  'bitnami.com': 'sealed-secrets',
  'cert-manager.io': 'cert-manager',
  'metallb.io': 'metallb',
  'traefik.io': 'traefik',
  'gateway.networking.k8s.io': 'traefik',
};

const round = (n: number) => Math.round(n * 1000) / 1000;

export function buildInventory(m: ClusterModel): Inventory {
  const spec = m.spec;
  const charts = new Set(m.objects.filter((o) => o.json.kind === 'Application' && o.json.spec?.source?.chart).map((o) => String(o.json.spec.source.chart)));
  const crdsInOutput = new Set(m.objects.filter((o) => o.json.kind === 'CustomResourceDefinition').map((o) => String(o.json.spec?.group)));
  const groups = new Map<string, Set<string>>();
  for (const o of m.objects) {
    const av = String(o.json.apiVersion);
    if (!av.includes('/')) continue;
    const group = av.split('/')[0];
    if (group.endsWith('.k8s.io') && group !== 'gateway.networking.k8s.io') continue;
    if (['apps', 'batch', 'policy', 'autoscaling'].includes(group)) continue;
    const kinds = groups.get(group) ?? new Set<string>();
    kinds.add(o.json.kind);
    groups.set(group, kinds);
  }
  const crds = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, kinds]) => ({
      group,
      kinds: [...kinds].sort(),
      providedBy: crdsInOutput.has(group) ? 'the output' : CRD_PROVIDERS[group] && charts.has(CRD_PROVIDERS[group]) ? `the ${CRD_PROVIDERS[group]} chart of the output` : group === 'argoproj.io' ? 'Argo CD (installed first: lib/argocd/README.md)' : 'the cluster (install it first)',
    }));
  const usedBy = new Map<string, Set<string>>();
  for (const c of m.claims) if (c.storageClassName) (usedBy.get(c.storageClassName) ?? usedBy.set(c.storageClassName, new Set()).get(c.storageClassName)!).add(c.namespace);
  const storageClasses = [...m.storageClasses.entries()]
    .filter(([, s]) => s.source === 'cluster')
    .map(([name, s]) => ({ name, ...(s.provisioner ? { provisioner: s.provisioner } : {}), usedBy: [...(usedBy.get(name) ?? [])].sort() }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const addons = new Map<string, string>();
  for (const { decl } of m.declarations) for (const p of decl.prerequisites) if (p.kind !== 'crd' && p.kind !== 'storage-class') addons.set(p.name, addons.get(p.name) ?? p.why);
  if (!charts.has('traefik') && m.routes.length) addons.set(`${m.ingressController.name.replace(/^the /, '')}`, `serves the routes of the output (namespace ${m.ingressController.namespace})`);
  const ingress = ingressOf(spec);
  const challenge = acmeChallengeOf(spec);
  const issuersUsed = [...new Set(m.routes.map((r) => usesCertManager(r.annotations)).filter((x): x is string => !!x))].sort();
  if (issuersUsed.length && !charts.has('cert-manager')) addons.set('cert-manager', `issues the routes' certificates (ClusterIssuer ${issuersUsed.join(', ')}; ACME ${challenge === 'http01' ? 'HTTP-01' : 'DNS-01'})${spec.existingAddons?.certManager ? ` — runs already in ${spec.existingAddons.certManager.namespace ?? CERT_MANAGER_DEFAULT_NAMESPACE}` : ''}`);
  const ex = ingress.exposure;
  if (ex.type === 'load-balancer' && (ex.provider ?? (spec.loadBalancerRange || spec.existingAddons?.metallb ? 'metallb' : undefined)) === 'metallb' && !charts.has('metallb')) {
    addons.set('MetalLB', `answers the ingress controller's LoadBalancer Service${ex.address ? ` with ${ex.address}` : ''} (pools ${metallbPools(spec).map((p) => p.name).join(', ') || 'none declared'})${spec.existingAddons?.metallb ? ` — runs already in ${spec.existingAddons.metallb.namespace ?? METALLB_DEFAULT_NAMESPACE}` : ''}`);
  }
  const duties = upstreamProxyDuties(spec, ex);
  const proxy = upstreamProxyOf(ex);
  const e = spec.existingAddons;
  const pinned = m.workloads.filter((w) => w.source !== 'addon').flatMap((w) => localClaimsOf(m, w.namespace, w.podSpec).map((l) => ({ pod: w.title, claim: l.claim, storageClass: l.storageClass })));
  return {
    version: 1,
    cluster: spec.name,
    domain: spec.domain,
    kubernetes: { distribution: spec.kubernetes.distribution, version: spec.kubernetes.version, ...(cniOf(spec) ? { cni: cniOf(spec) } : {}), networkPoliciesEnforced: m.policiesEnforced },
    nodePools: spec.nodePools.map((p) => {
      const a = allocatableOf(spec, p);
      const r = reserveOf(spec, p);
      return {
        name: p.name,
        roles: [...p.roles],
        count: p.count,
        cpu: p.vcpus,
        memoryGiB: p.memoryGiB,
        gpus: p.gpus ?? 0,
        ...((p.gpus ?? 0) > 0 ? { gpuResource: p.gpuResource ?? 'nvidia.com/gpu' } : {}),
        labels: { ...(p.labels ?? {}) },
        taints: (p.taints ?? []).map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect })),
        allocatable: { cpu: round(a.cpuMillis / 1000), memoryGiB: round(a.memoryBytes / 1024 ** 3) },
        reserve: { cpu: r.cpu, memoryGiB: r.memoryGiB },
      };
    }),
    prerequisites: { storageClasses, crds, addons: [...addons.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, why]) => ({ name, why })) },
    packages: m.packages.map((p) => ({ name: p.packageName, group: p.group, ...(p.targetNamespace ? { namespace: p.targetNamespace } : {}), folder: `k8s/${p.outputDir}` })),
    hubs: m.declarations.flatMap(({ decl }) => decl.hubs),
    ...(e && Object.keys(e).length
      ? {
          existingAddons: {
            ...(e.metallb ? { metallb: { namespace: e.metallb.namespace ?? METALLB_DEFAULT_NAMESPACE, pools: e.metallb.pools.map((p) => ({ name: p.name, addresses: [...p.addresses], autoAssign: p.autoAssign ?? true })) } } : {}),
            ...(e.certManager ? { certManager: { namespace: e.certManager.namespace ?? CERT_MANAGER_DEFAULT_NAMESPACE, issuers: e.certManager.issuers.map((i) => ({ name: i.name, solver: i.solver })) } } : {}),
            ...(e.ingressController ? { ingressController: { controller: e.ingressController.controller, namespace: e.ingressController.namespace, className: e.ingressController.className, podLabels: { ...e.ingressController.podLabels }, externalTrafficPolicy: e.ingressController.externalTrafficPolicy ?? 'Cluster' } } : {}),
            ...(e.monitoring ? { monitoring: { namespace: e.monitoring.namespace, prometheusPodLabels: { ...e.monitoring.prometheusPodLabels } } } : {}),
          },
        }
      : {}),
    ...(pinned.length ? { pinnedPods: pinned } : {}),
    ingress: {
      controller: ingress.controller,
      className: ingress.className,
      namespace: ingress.controllerNamespace,
      installedBy: ingress.existing ? 'the cluster' : 'hubfleet',
      exposure: ex.type === 'node-port' ? 'node-port' : `load-balancer (${ex.provider ?? (spec.loadBalancerRange || spec.existingAddons?.metallb ? 'metallb' : 'none')})`,
      ...(ex.type === 'load-balancer' && ex.address ? { address: ex.address } : {}),
      acmeChallenge: challenge,
      ...(proxy && duties ? { upstreamProxy: { name: proxyName(proxy), addresses: [...proxy.addresses], mode: proxy.mode, mustForward: { ...(duties.forwardTo ? { to: duties.forwardTo } : {}), tcpPorts: [...duties.ports], clientAddress: duties.clientAddress } } } : {}),
    },
  };
}

/** The inventory as the file's text: two-space JSON with a trailing newline (key order as built). */
export function inventoryJson(inv: Inventory): string {
  return `${JSON.stringify(inv, null, 2)}\n`;
}
