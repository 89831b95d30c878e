import { Cidr } from '../core/names';
import { ClusterSpec, cniOf, CniPlugin, ingressOf, NETWORK_POLICY_CNIS } from '../fleet/cluster-spec';
import { existingCertManagerMetrics, existingIssuers, monitoringOf } from '../fleet/existing-addons';
import { Package } from '../fleet/package';
import { podSpecOf, SYSTEM_NAMESPACES } from '../fleet/rules';
import { cidr } from './address-set';
import { ChartPodDecl, PackageDeclarations, RuntimeClaimDecl, RuntimePodDecl } from './declarations';
import { ContainerPort, FlowEnd, PolicyObject, PolicySet } from './netpol';
import { LabelMap, selectsMap } from './selectors';

/**
 * The cluster model: one view of the cluster the output will make, built from the ClusterSpec, every
 * object of the output, what the packages declared (runtime pods such as KubeSpawner's user servers,
 * Secrets generated in the cluster, flows) and the add-ons that run outside the output (the ingress
 * controller, the cluster DNS, cert-manager's HTTP-01 solver pods). The wiring rules
 * (lib/model/rules.ts) and the inventory (lib/model/inventory.ts) read it.
 */

/** An object of the output, as the model receives it. */
export interface ModelObject {
  readonly path: string;
  readonly pkg: Package;
  readonly json: any;
}

/** Pods that will run: from a workload object, declared by a package, or an add-on's. */
export interface ModelWorkload {
  /** Construct path of the object (or of the declaring package) for messages. */
  readonly path: string;
  /** Deployment, StatefulSet, …, `runtime` (declared), `chart` (a chart's pods), `addon` (outside the output). */
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Labels of its pods. */
  readonly labels: LabelMap;
  readonly podSpec: any;
  /** Field path of the pod spec inside the object (e.g. `spec.template.spec`). */
  readonly at: string;
  readonly source: 'object' | 'runtime' | 'chart' | 'addon';
  /** The object (source `object`). */
  readonly obj?: ModelObject;
  /** The declaration (source `runtime`). */
  readonly runtime?: RuntimePodDecl;
  /** The declaration (source `chart`, and the ingress controller when a chart of the output runs it). */
  readonly chart?: ChartPodDecl;
  /** How the evaluator sees one of its pods. */
  readonly end: FlowEnd;
  /** For messages: `Deployment course-intro/hub`. */
  readonly title: string;
}

/** A Secret the cluster will have, and what makes it. */
export interface SecretSource {
  readonly source: 'sealed-secret' | 'generated' | 'cert-manager';
  /** Keys it will hold (undefined: not known, e.g. a TLS secret's tls.crt/tls.key are fixed by cert-manager). */
  readonly keys?: ReadonlySet<string>;
  readonly by: string;
}

/** A claim the cluster will have. */
export interface ClaimSource {
  readonly namespace: string;
  readonly name: string;
  readonly storageClassName?: string;
  /** Where it is defined, for messages. */
  readonly path: string;
  readonly field: string;
  readonly source: 'object' | 'volume-claim-template' | 'runtime' | 'chart';
  readonly what: string;
  readonly accessModes: readonly string[];
  /** The PersistentVolume it is pre-bound to (`spec.volumeName`). @default undefined (dynamically provisioned) */
  readonly volumeName?: string;
}

/** A StorageClass the cluster will have. */
export interface StorageClassSource {
  readonly source: 'output' | 'cluster';
  readonly reclaimPolicy: string;
  readonly readWriteMany: boolean;
  readonly provisioner?: string;
  /** Volumes on one node's disk: a pod with such a claim runs only on that node. */
  readonly nodeLocal: boolean;
  /** Node labels the class's `allowedTopologies` require (single-valued `In` terms). @default {} */
  readonly topology?: LabelMap;
}

/** An Ingress or HTTPRoute. */
export interface ModelRoute {
  readonly obj: ModelObject;
  readonly kind: 'Ingress' | 'HTTPRoute';
  readonly namespace: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** host → paths */
  readonly rules: ReadonlyArray<{ readonly host: string; readonly path: string; readonly field: string }>;
  readonly backends: ReadonlyArray<{ readonly service: string; readonly port: number | string | undefined; readonly field: string }>;
  readonly className?: string;
}

/** Known namespaces with their labels (as namespaceSelectors see them). */
export interface ModelNamespace {
  readonly labels: LabelMap;
  /** `output`: a Namespace object; `argocd`: created by an Application (CreateNamespace); `system`: on every cluster. */
  readonly source: 'output' | 'argocd' | 'system';
}

/** Cert-manager issuers: of the output, or that exist on the cluster (existingAddons.certManager). */
export interface ModelIssuer {
  readonly name: string;
  readonly solvers: ReadonlySet<'http01' | 'dns01'>;
  /** @default 'output' */
  readonly source?: 'output' | 'cluster';
}

export interface ClusterModel {
  readonly spec: ClusterSpec;
  readonly cni?: CniPlugin;
  /** Does the CNI enforce NetworkPolicies? */
  readonly policiesEnforced: boolean;
  readonly podNetwork: Cidr;
  readonly nodeNetwork: Cidr;
  readonly serviceNetwork: Cidr;
  readonly objects: readonly ModelObject[];
  readonly packages: readonly Package[];
  readonly namespaces: ReadonlyMap<string, ModelNamespace>;
  readonly workloads: readonly ModelWorkload[];
  /** Workloads by namespace. */
  readonly workloadsIn: (ns: string) => readonly ModelWorkload[];
  readonly services: ReadonlyMap<string, ModelObject>;
  readonly routes: readonly ModelRoute[];
  readonly policies: PolicySet;
  readonly storageClasses: ReadonlyMap<string, StorageClassSource>;
  readonly secrets: ReadonlyMap<string, SecretSource>;
  readonly configMaps: ReadonlyMap<string, ReadonlySet<string>>;
  readonly claims: readonly ClaimSource[];
  readonly claimNames: ReadonlySet<string>;
  readonly serviceAccounts: ReadonlySet<string>;
  readonly middlewares: ReadonlySet<string>;
  readonly issuers: ReadonlyMap<string, ModelIssuer>;
  /** The ingress controller's pods (an add-on workload). */
  readonly ingressController: ModelWorkload;
  readonly dns: ModelWorkload;
  /**
   * The cluster's Prometheus (monitoringOf): the chart pods of hubfleet's monitoring add-on in the
   * output, or an add-on workload for one that runs already (existingAddons.monitoring). Absent when
   * there is none, or when the ClusterSpec names hubfleet's add-on but no app stack renders it.
   */
  readonly monitoring?: ModelWorkload;
  /** Is there a cert-manager at all: in the output (its chart or issuers) or on the cluster? */
  readonly certManager: 'output' | 'cluster' | undefined;
  /** Declarations with the package that made them. */
  readonly declarations: ReadonlyArray<{ readonly pkg: Package; readonly decl: PackageDeclarations }>;
}

/** `namespace/name`, the key of namespaced things in the model. */
export const key = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/** Labels cert-manager puts on its HTTP-01 solver pods (pkg/issuer/acme/http/pod.go). */
export const ACME_SOLVER_LABELS: LabelMap = { 'acme.cert-manager.io/http01-solver': 'true' };
/** Port the solver pods listen on (cert-manager acmesolver `--listen-port`, default 8089). */
export const ACME_SOLVER_PORT = 8089;

const COREDNS_LABELS: LabelMap = { 'k8s-app': 'kube-dns' };

function nsLabels(namespaces: ReadonlyMap<string, ModelNamespace>, ns: string): LabelMap {
  return namespaces.get(ns)?.labels ?? { 'kubernetes.io/metadata.name': ns };
}

function containerPorts(podSpec: any): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of podSpec?.containers ?? []) for (const p of c.ports ?? []) out.push({ name: p.name, containerPort: p.containerPort, protocol: p.protocol });
  return out;
}

/** True when an Ingress asks cert-manager for its certificate. */
export function usesCertManager(annotations: Readonly<Record<string, string>>): string | undefined {
  return annotations['cert-manager.io/cluster-issuer'] ?? annotations['cert-manager.io/issuer'];
}

/** Build the model. Linear in the number of objects and declarations. */
export function buildClusterModel(spec: ClusterSpec, objects: readonly ModelObject[], packages: readonly Package[]): ClusterModel {
  const cni = cniOf(spec);
  const podNetwork = cidr(spec.networks.podCidr ?? '10.42.0.0/16');
  const nodeNetwork = cidr(spec.networks.nodeCidr);
  const serviceNetwork = cidr(spec.networks.serviceCidr ?? '10.43.0.0/16');
  const ingress = ingressOf(spec);

  const namespaces = new Map<string, ModelNamespace>();
  for (const ns of SYSTEM_NAMESPACES) namespaces.set(ns, { labels: { 'kubernetes.io/metadata.name': ns }, source: 'system' });
  const services = new Map<string, ModelObject>();
  const routes: ModelRoute[] = [];
  const policies: PolicyObject[] = [];
  const storageClasses = new Map<string, StorageClassSource>();
  const secrets = new Map<string, SecretSource>();
  const configMaps = new Map<string, Set<string>>();
  const claims: ClaimSource[] = [];
  const serviceAccounts = new Set<string>();
  const middlewares = new Set<string>();
  const issuers = new Map<string, ModelIssuer>();
  const workloads: ModelWorkload[] = [];

  for (const i of existingIssuers(spec)) issuers.set(i.name, { name: i.name, solvers: new Set([i.solver]), source: 'cluster' });
  for (const sc of spec.existingStorageClasses ?? []) {
    storageClasses.set(sc.name, { source: 'cluster', reclaimPolicy: sc.reclaimPolicy ?? 'Delete', readWriteMany: sc.readWriteMany ?? false, provisioner: sc.provisioner, nodeLocal: sc.nodeLocal ?? NODE_LOCAL_PROVISIONERS.has(sc.provisioner ?? '') });
  }

  const pendingWorkloads: ModelObject[] = [];
  for (const o of objects) {
    const j = o.json;
    const md = j.metadata ?? {};
    const ns: string | undefined = md.namespace;
    switch (j.kind) {
      case 'Namespace':
        namespaces.set(md.name, { labels: { ...(md.labels ?? {}), 'kubernetes.io/metadata.name': md.name }, source: 'output' });
        break;
      case 'Service':
        services.set(key(ns, md.name), o);
        break;
      case 'Ingress':
        routes.push({
          obj: o,
          kind: 'Ingress',
          namespace: ns ?? '',
          name: md.name,
          annotations: md.annotations ?? {},
          className: j.spec?.ingressClassName,
          rules: (j.spec?.rules ?? []).flatMap((r: any, i: number) =>
            (r.http?.paths ?? []).map((p: any, k: number) => ({ host: r.host ?? '*', path: p.path ?? '/', field: `spec.rules[${i}].http.paths[${k}]` })),
          ),
          backends: [
            ...(j.spec?.defaultBackend?.service ? [{ service: j.spec.defaultBackend.service.name, port: j.spec.defaultBackend.service.port?.name ?? j.spec.defaultBackend.service.port?.number, field: 'spec.defaultBackend.service' }] : []),
            ...(j.spec?.rules ?? []).flatMap((r: any, i: number) =>
              (r.http?.paths ?? [])
                .filter((p: any) => p.backend?.service)
                .map((p: any, k: number) => ({ service: p.backend.service.name, port: p.backend.service.port?.name ?? p.backend.service.port?.number, field: `spec.rules[${i}].http.paths[${k}].backend.service` })),
            ),
          ],
        });
        for (const t of j.spec?.tls ?? []) {
          const issuer = usesCertManager(md.annotations ?? {});
          if (t.secretName && issuer) secrets.set(key(ns, t.secretName), { source: 'cert-manager', by: `cert-manager (issuer ${issuer}) for Ingress ${ns}/${md.name}` });
        }
        break;
      case 'HTTPRoute':
        routes.push({
          obj: o,
          kind: 'HTTPRoute',
          namespace: ns ?? '',
          name: md.name,
          annotations: md.annotations ?? {},
          rules: (j.spec?.hostnames ?? ['*']).flatMap((h: string) =>
            (j.spec?.rules ?? []).flatMap((r: any, i: number) => (r.matches ?? [{ path: { value: '/' } }]).map((m: any, k: number) => ({ host: h, path: m.path?.value ?? '/', field: `spec.rules[${i}].matches[${k}]` }))),
          ),
          backends: (j.spec?.rules ?? []).flatMap((r: any, i: number) =>
            (r.backendRefs ?? []).filter((b: any) => (b.kind ?? 'Service') === 'Service').map((b: any, k: number) => ({ service: b.name, port: b.port, field: `spec.rules[${i}].backendRefs[${k}]` })),
          ),
        });
        break;
      case 'NetworkPolicy':
        policies.push(j);
        break;
      case 'StorageClass':
        storageClasses.set(md.name, { source: 'output', reclaimPolicy: j.reclaimPolicy ?? 'Delete', readWriteMany: isFileProvisioner(j.provisioner), provisioner: j.provisioner, nodeLocal: NODE_LOCAL_PROVISIONERS.has(j.provisioner), topology: topologyLabels(j.allowedTopologies) });
        break;
      case 'SealedSecret': {
        const name = j.spec?.template?.metadata?.name ?? md.name;
        const keys = new Set<string>([...Object.keys(j.spec?.encryptedData ?? {}), ...Object.keys(j.spec?.template?.data ?? {})]);
        secrets.set(key(ns, name), { source: 'sealed-secret', keys, by: `SealedSecret ${ns}/${md.name} (${o.path})` });
        break;
      }
      case 'ConfigMap':
        configMaps.set(key(ns, md.name), new Set([...Object.keys(j.data ?? {}), ...Object.keys(j.binaryData ?? {})]));
        break;
      case 'PersistentVolumeClaim':
        claims.push({ namespace: ns ?? '', name: md.name, storageClassName: j.spec?.storageClassName, path: o.path, field: `PersistentVolumeClaim/${md.name} spec.storageClassName`, source: 'object', what: `PersistentVolumeClaim ${ns}/${md.name}`, accessModes: j.spec?.accessModes ?? [], ...(j.spec?.volumeName ? { volumeName: j.spec.volumeName } : {}) });
        break;
      case 'ServiceAccount':
        serviceAccounts.add(key(ns, md.name));
        break;
      case 'Middleware':
        middlewares.add(key(ns, md.name));
        break;
      case 'ClusterIssuer': {
        const solvers = new Set<'http01' | 'dns01'>();
        for (const s of j.spec?.acme?.solvers ?? []) {
          if (s.http01) solvers.add('http01');
          if (s.dns01) solvers.add('dns01');
        }
        issuers.set(md.name, { name: md.name, solvers, source: 'output' });
        break;
      }
      case 'Application': {
        // Namespaces an Application creates (CreateNamespace=true with managed metadata).
        const dest = j.spec?.destination?.namespace;
        const opts: string[] = j.spec?.syncPolicy?.syncOptions ?? [];
        if (dest && opts.includes('CreateNamespace=true') && !namespaces.has(dest)) {
          namespaces.set(dest, { labels: { ...(j.spec?.syncPolicy?.managedNamespaceMetadata?.labels ?? {}), 'kubernetes.io/metadata.name': dest }, source: 'argocd' });
        }
        break;
      }
      default:
        break;
    }
    if (podSpecOf(j)) pendingWorkloads.push(o);
  }

  // Workloads need namespace labels, so they come after the first pass.
  const endOf = (namespace: string, labels: LabelMap, podSpec: any, name: string): FlowEnd => ({
    kind: 'pod',
    name,
    namespace,
    nsLabels: nsLabels(namespaces, namespace),
    labels,
    ports: containerPorts(podSpec),
    address: podSpec?.hostNetwork ? nodeNetwork : podNetwork,
    ...(podSpec?.hostNetwork ? { hostNetwork: true } : {}),
  });
  for (const o of pendingWorkloads) {
    const j = o.json;
    const pod = podSpecOf(j)!;
    const ns = j.metadata?.namespace ?? '';
    const templateMeta = j.kind === 'CronJob' ? j.spec?.jobTemplate?.spec?.template?.metadata : j.kind === 'Pod' ? j.metadata : j.spec?.template?.metadata;
    const labels: LabelMap = templateMeta?.labels ?? {};
    const title = `${j.kind} ${ns}/${j.metadata?.name}`;
    workloads.push({ path: o.path, kind: j.kind, name: j.metadata?.name, namespace: ns, labels, podSpec: pod.spec, at: pod.at, source: 'object', obj: o, end: endOf(ns, labels, pod.spec, title), title });
    for (const [i, t] of (j.kind === 'StatefulSet' ? j.spec?.volumeClaimTemplates ?? [] : []).entries()) {
      claims.push({ namespace: ns, name: `${t.metadata?.name}-${j.metadata?.name}-*`, storageClassName: t.spec?.storageClassName, path: o.path, field: `StatefulSet/${j.metadata?.name} spec.volumeClaimTemplates[${i}].spec.storageClassName`, source: 'volume-claim-template', what: `${title} volumeClaimTemplate "${t.metadata?.name}"`, accessModes: t.spec?.accessModes ?? [] });
    }
  }

  const declarations: Array<{ pkg: Package; decl: PackageDeclarations }> = [];
  const isIngressController = (p: ChartPodDecl) => p.namespace === ingress.controllerNamespace && selectsMap(ingress.controllerPodLabels, p.labels);
  let ingressChart: ModelWorkload | undefined;
  for (const pkg of packages) {
    const decl = pkg.declarations;
    declarations.push({ pkg, decl });
    for (const s of decl.generatedSecrets) {
      const k = key(s.namespace, s.name);
      const prev = secrets.get(k);
      const keys = new Set([...(prev?.source === 'generated' ? prev.keys ?? [] : []), ...s.keys]);
      secrets.set(k, { source: 'generated', keys, by: s.by });
    }
    for (const p of decl.runtimePods) {
      const title = `${p.name} in ${p.namespace} (created by ${p.createdBy})`;
      workloads.push({ path: pkg.node.path, kind: 'runtime', name: p.name, namespace: p.namespace, labels: p.labels, podSpec: p.podSpec, at: `runtime pod "${p.name}"`, source: 'runtime', runtime: p, end: endOf(p.namespace, p.labels, p.podSpec, title), title });
      for (const c of p.claims ?? []) claims.push(runtimeClaim(pkg, p, c));
    }
    for (const p of decl.chartPods) {
      const controller = isIngressController(p);
      const title = controller ? `the ${ingress.controller} ingress controller (chart ${p.chart}, pods in ${p.namespace})` : `${p.name} (chart ${p.chart}, pods in ${p.namespace})`;
      const w: ModelWorkload = { path: pkg.node.path, kind: 'chart', name: p.name, namespace: p.namespace, labels: p.labels, podSpec: p.podSpec, at: `chart pod "${p.name}"`, source: 'chart', chart: p, end: endOf(p.namespace, p.labels, p.podSpec, title), title };
      if (controller) ingressChart ??= w;
      else workloads.push(w);
      for (const svc of p.services) {
        services.set(key(p.namespace, svc.name), { path: pkg.node.path, pkg, json: { apiVersion: 'v1', kind: 'Service', metadata: { name: svc.name, namespace: p.namespace }, spec: { selector: { ...p.labels }, ports: svc.ports.map((q) => ({ ...q })) } } });
      }
      for (const c of p.claims) claims.push({ namespace: p.namespace, name: c.name, storageClassName: c.storageClassName, path: pkg.node.path, field: `chart pod "${p.name}" claim "${c.name}" storageClassName`, source: 'chart', what: `claim ${c.name} that chart ${p.chart} creates`, accessModes: [c.accessMode] });
    }
  }

  // Add-ons outside the output.
  const addon = (namespace: string, name: string, labels: LabelMap, ports: ContainerPort[], hostNetwork = false): ModelWorkload => {
    const podSpec = { hostNetwork, containers: [{ name, ports }] };
    const title = `${name} (pods in ${namespace}, outside hubfleet's output)`;
    return { path: `cluster ${spec.name}`, kind: 'addon', name, namespace, labels, podSpec, at: '(add-on)', source: 'addon', end: endOf(namespace, labels, podSpec, title), title };
  };
  // The ingress controller: the pods of the chart that installs it, or (a controller the output
  // does not install) what the ClusterSpec says about it.
  const ingressController =
    ingressChart ??
    addon(ingress.controllerNamespace, `the ${ingress.controller} ingress controller`, ingress.controllerPodLabels, [
      { name: 'web', containerPort: 8000 },
      { name: 'websecure', containerPort: 8443 },
    ]);
  const dns = addon('kube-system', 'the cluster DNS', COREDNS_LABELS, [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
  ]);
  workloads.push(ingressController, dns);
  // The cluster's Prometheus: hubfleet's add-on is chart pods of the output; one that runs already
  // is an add-on outside it (it scrapes over HTTP; its pods' own ports do not matter to flows from it).
  const prom = monitoringOf(spec);
  const monitoring = !prom
    ? undefined
    : prom.source === 'hubfleet'
      ? workloads.find((w) => w.source === 'chart' && w.namespace === prom.namespace && selectsMap(prom.prometheusPodLabels, w.labels))
      : addon(prom.namespace, 'Prometheus', prom.prometheusPodLabels, [{ name: 'web', containerPort: 9090 }]);
  if (monitoring?.source === 'addon') workloads.push(monitoring);
  // The controller of a cert-manager that already runs, where it serves metrics (Prometheus scrapes it).
  const cmMetrics = existingCertManagerMetrics(spec);
  if (cmMetrics) workloads.push(addon(cmMetrics.namespace, "cert-manager's controller", cmMetrics.labels, [{ name: 'http-metrics', containerPort: cmMetrics.port }]));
  // cert-manager's HTTP-01 solver pods run in the namespace of each Ingress it issues for.
  const solverNamespaces = new Set<string>();
  for (const r of routes) {
    const issuer = r.kind === 'Ingress' ? usesCertManager(r.annotations) : undefined;
    if (issuer && solvesHttp01(spec, issuers, issuer)) solverNamespaces.add(r.namespace);
  }
  for (const ns of [...solverNamespaces].sort()) workloads.push(addon(ns, "cert-manager's HTTP-01 solver", ACME_SOLVER_LABELS, [{ name: 'http', containerPort: ACME_SOLVER_PORT }]));

  for (const ns of namespaces.keys()) serviceAccounts.add(key(ns, 'default'));
  const byNs = new Map<string, ModelWorkload[]>();
  for (const w of workloads) {
    const list = byNs.get(w.namespace) ?? [];
    list.push(w);
    byNs.set(w.namespace, list);
  }
  const claimNames = new Set(claims.map((c) => key(c.namespace, c.name)));
  return {
    spec,
    cni,
    policiesEnforced: cni !== undefined && NETWORK_POLICY_CNIS.has(cni),
    podNetwork,
    nodeNetwork,
    serviceNetwork,
    objects,
    packages,
    namespaces,
    workloads,
    workloadsIn: (ns) => byNs.get(ns) ?? [],
    services,
    routes,
    policies: new PolicySet(policies, cni !== undefined && NETWORK_POLICY_CNIS.has(cni)),
    storageClasses,
    secrets,
    configMaps,
    claims,
    claimNames,
    serviceAccounts,
    middlewares,
    issuers,
    ingressController,
    dns,
    ...(monitoring ? { monitoring } : {}),
    certManager: objects.some((o) => o.json.kind === 'Application' && o.json.spec?.source?.chart === 'cert-manager') || [...issuers.values()].some((i) => i.source === 'output') ? 'output' : spec.existingAddons?.certManager ? 'cluster' : undefined,
    declarations,
  };
}

function runtimeClaim(pkg: Package, p: RuntimePodDecl, c: RuntimeClaimDecl): ClaimSource {
  return { namespace: p.namespace, name: c.name, storageClassName: c.storageClassName, path: pkg.node.path, field: `runtime claim "${c.name}" storageClassName`, source: 'runtime', what: `claim ${c.name} that ${p.createdBy} creates`, accessModes: [c.accessMode] };
}

/** Provisioners whose volumes live on one node's disk (their PVs carry node affinity to it). */
export const NODE_LOCAL_PROVISIONERS: ReadonlySet<string> = new Set(['rancher.io/local-path', 'openebs.io/local']);

/** The labels a StorageClass's allowedTopologies require (single-valued In expressions of its first term). */
function topologyLabels(terms: any): LabelMap | undefined {
  const t = Array.isArray(terms) ? terms[0] : undefined;
  const exprs: any[] = t?.matchLabelExpressions ?? [];
  const out: Record<string, string> = {};
  for (const e of exprs) if (Array.isArray(e.values) && e.values.length === 1) out[e.key] = e.values[0];
  return Object.keys(out).length ? out : undefined;
}

/** Provisioners whose volumes many pods may mount at once (file storage). */
const FILE_PROVISIONERS = new Set(['k8s-sigs.io/nfs-subdir-external-provisioner', 'nfs.csi.k8s.io', 'cephfs.csi.ceph.com', 'file.csi.azure.com', 'efs.csi.aws.com', 'filestore.csi.storage.gke.io']);

/** True for provisioners of shared file storage (ReadWriteMany). */
export function isFileProvisioner(provisioner: unknown): boolean {
  return typeof provisioner === 'string' && (FILE_PROVISIONERS.has(provisioner) || /(^|[./-])nfs([./-]|$)/.test(provisioner));
}

/** Does the issuer solve ACME challenges over HTTP-01 (so solver pods must be reachable)? */
export function solvesHttp01(spec: ClusterSpec, issuers: ReadonlyMap<string, ModelIssuer>, issuer: string): boolean {
  const known = issuers.get(issuer);
  if (known) return known.solvers.has('http01');
  return (spec.tls.solver ?? 'http01') === 'http01';
}

/** The workloads of a namespace whose pods carry all `labels`. */
export function workloadsWith(model: ClusterModel, namespace: string, labels: LabelMap): ModelWorkload[] {
  return model.workloadsIn(namespace).filter((w) => selectsMap(labels, w.labels));
}
