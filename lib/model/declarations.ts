/**
 * What a construct tells the cluster model about the cluster it expects, beyond the objects it
 * renders: pods that other software creates at run time (KubeSpawner's user servers), Secrets it
 * generates in the cluster, the network flows it needs (and those that must stay closed), and what
 * the cluster must already have. Constructs declare; only the model checks (constructs never check
 * each other). See lib/model/README.md.
 */

/** Labels that select pods (equality only, as hubfleet's own policies use them). */
export type Labels = Readonly<Record<string, string>>;

/**
 * One end of a flow.
 * - `pods`: pods of a namespace with these labels (objects of the output or runtime pods);
 * - `service`: what a Service resolves to (its selected pods; the flow's port is a Service port);
 * - `ingress-controller`: the cluster's ingress controller pods (ClusterSpec `ingress`);
 * - `dns`: the cluster DNS pods (kube-system, `k8s-app: kube-dns`);
 * - `monitoring`: the cluster's Prometheus pods (monitoringOf: hubfleet's monitoring add-on, ClusterSpec
 *   `monitoring`, or one that runs already, `existingAddons.monitoring`); a flow from it cannot be
 *   checked (and is reported) when the cluster has none;
 * - `address`: addresses outside the pod network (a CIDR or one address: metadata, a campus range),
 *   less the CIDRs in `except` (a denied range minus the destinations a hub may reach on purpose);
 * - `api-server`: the Kubernetes API as pods reach it (the control-plane nodes on 6443 after the
 *   Service's DNAT, and the `kubernetes` Service on 443 for CNIs that check before DNAT);
 * - `other-namespaces` (destinations of denied flows only): every pod outside the source's namespace
 *   except the cluster DNS and the pods named in `except` (the pods of a namespace with those
 *   labels: a peer must name all of them, in a rule limited to the entry's `ports` when it names
 *   some), including pods hubfleet does not know;
 * - `namespace-pods` (destinations of denied flows only): every pod of the namespace except those
 *   with one of the `except` label sets.
 */
export type Endpoint =
  | { readonly kind: 'pods'; readonly namespace: string; readonly labels: Labels; readonly name: string }
  | { readonly kind: 'service'; readonly namespace: string; readonly service: string }
  | { readonly kind: 'ingress-controller' }
  | { readonly kind: 'dns' }
  | { readonly kind: 'monitoring' }
  | { readonly kind: 'address'; readonly cidr: string; readonly name: string; readonly except?: readonly string[] }
  | { readonly kind: 'api-server' }
  | { readonly kind: 'other-namespaces'; readonly except?: ReadonlyArray<{ readonly namespace: string; readonly labels: Labels; readonly ports?: readonly number[] }> }
  | { readonly kind: 'namespace-pods'; readonly namespace: string; readonly except: readonly Labels[] };

/** A flow a construct needs open, or needs closed. */
export interface FlowDecl {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /**
   * Destination port: a number; for `service` destinations the Service port's name or number;
   * `any` (denied flows only): no port at all may be open.
   */
  readonly port: number | string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
  /** `allowed`: synth proves the policies of both ends let it through; `denied`: proves they do not. */
  readonly expect: 'allowed' | 'denied';
  /** Why the flow matters, for the error message ("the hub spawns user servers"). */
  readonly why: string;
}

/** A claim that software other than Argo CD creates at run time (KubeSpawner's homes). */
export interface RuntimeClaimDecl {
  /** Name pattern, e.g. `claim-{username}`. */
  readonly name: string;
  /** @default undefined (no class named: the rule reports it) */
  readonly storageClassName?: string;
  readonly sizeGiB: number;
  readonly accessMode: 'ReadWriteOnce' | 'ReadWriteMany';
  /** How many at most (one per student). */
  readonly count: number;
}

/** Pods that are not objects of the output but will run: what KubeSpawner creates for each profile. */
export interface RuntimePodDecl {
  /** For messages, e.g. `user server (profile "GPU")`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** The pod spec as the creator will build it (containers with ports and resources, nodeSelector, tolerations, volumes). */
  readonly podSpec: any;
  /** Who creates them, e.g. `KubeSpawner of hub "intro"`. */
  readonly createdBy: string;
  /** How many can run at once at most. */
  readonly maxCount: number;
  /** Claims created with them. @default [] */
  readonly claims?: readonly RuntimeClaimDecl[];
  /** The profile's share of the servers in a typical semester mix (0–1), for capacity. @default undefined */
  readonly expectedShare?: number;
  /** Pods the scheduler must place before the window of an exam, for capacity. @default undefined */
  readonly window?: { readonly start: string; readonly end: string };
}

/** A container port of a pod a chart runs. */
export interface ChartPodPort {
  /** Port name (NetworkPolicies and Services may refer to it). @default undefined */
  readonly name?: string;
  readonly containerPort: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** A Service a chart renders in front of some of its pods. */
export interface ChartServiceDecl {
  readonly name: string;
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly port: number; readonly targetPort: number | string; readonly protocol?: 'TCP' | 'UDP' }>;
}

/**
 * Pods an add-on's Helm chart runs (Argo CD renders the chart in the cluster, so hubfleet never sees
 * the Deployment): what the chart's templates make of the values hubfleet sets, as its add-on
 * declares them. The cluster model uses them like its own objects: flows to and from them are
 * proved on the NetworkPolicies of their namespace, Services in front of them exist, claims they
 * create need a StorageClass, and capacity counts them.
 */
export interface ChartPodDecl {
  /** For messages and the capacity plan, e.g. `prometheus`. */
  readonly name: string;
  /** The chart, e.g. `kube-prometheus-stack`. */
  readonly chart: string;
  readonly namespace: string;
  /** Labels of the pods (policies and Services select them by these). */
  readonly labels: Labels;
  /** One pod on every node that admits it (a DaemonSet), or `replicas` pods. */
  readonly perNode: boolean;
  readonly replicas: number;
  /** In the node's network namespace: NetworkPolicies neither isolate nor select it; others reach it at node addresses. */
  readonly hostNetwork: boolean;
  /** The pod spec as far as hubfleet knows it: containers with ports and resources, node selector, tolerations, and the Secrets and ConfigMaps of the output it mounts. */
  readonly podSpec: any;
  readonly services: readonly ChartServiceDecl[];
  /** Claims its StatefulSet creates (volumeClaimTemplates). */
  readonly claims: readonly RuntimeClaimDecl[];
  /** The Application that installs the chart, e.g. `kube-prometheus-stack`. */
  readonly application: string;
}

/** A Secret that a workload of the package creates in the cluster (never in Git). */
export interface GeneratedSecretDecl {
  readonly namespace: string;
  readonly name: string;
  readonly keys: readonly string[];
  /** The workload that creates it, e.g. `Deployment/hub (init container ensure-secrets)`. */
  readonly by: string;
}

/** A database a workload keeps on a claim (sqlite files, MariaDB's data directory): it needs block storage. */
export interface DatabaseDecl {
  readonly namespace: string;
  /** The claim (or volumeClaimTemplate name pattern `<template>-<statefulset>-*`). */
  readonly claim: string;
  readonly engine: 'sqlite' | 'mariadb' | 'postgres';
  /** For messages, e.g. `the hub database (jupyterhub.sqlite)`. */
  readonly what: string;
}

/** Something the cluster must have before the output can work. */
export interface PrerequisiteDecl {
  readonly kind: 'crd' | 'addon' | 'storage-class';
  readonly name: string;
  readonly why: string;
}

/** A server size: guarantees (requests) and limits. */
export interface ServerSizeEntry {
  readonly cpuGuarantee: number;
  readonly cpuLimit: number;
  readonly memoryGuaranteeGiB: number;
  readonly memoryLimitGiB: number;
  readonly gpus?: number;
}

/** One hub as `inventory.json` lists it (documented in lib/model/README.md). */
export interface HubInventoryEntry {
  readonly name: string;
  readonly kind: 'course' | 'exam' | 'grading';
  readonly namespace: string;
  readonly url: string;
  /** Login method: lti13, lti11, ldap, oauth2, dummy, one-time-password … */
  readonly login: string;
  readonly students: number;
  /** Servers running at once at most. */
  readonly concurrency: number;
  /** The default server size. */
  readonly size: ServerSizeEntry;
  /** Profiles offered on the spawn page, with their sizes. */
  readonly profiles: ReadonlyArray<{ readonly slug: string; readonly displayName: string; readonly default: boolean; /** Only members of these groups see and start it. */ readonly groups?: readonly string[] } & ServerSizeEntry>;
  readonly image: string;
  /** Home volumes: class and size per user (undefined: ephemeral). */
  readonly home?: { readonly storageClass?: string; readonly sizeGiB: number };
  readonly nbgrader: boolean;
  /** What a Moodle/LMS administrator registers (LTI logins only). */
  readonly lti?: { readonly version: '1.1' | '1.3'; readonly toolUrl: string; readonly initiateLoginUrl?: string; readonly redirectionUri?: string; readonly configJsonUrl?: string; readonly clientIds?: readonly string[]; readonly issuer?: string; readonly launchUrl?: string };
  /**
   * Grades to the LMS (LTI 1.3 AGS, lib/grades): the tool's public key set the LMS registers, the
   * platform's token URL the service uses, and the scopes it asks for. @default undefined (off)
   */
  readonly grades?: { readonly jwksUrl: string; readonly tokenUrl: string; readonly scopes: readonly string[] };
  /** nbgitpuller links the course publishes. @default [] */
  readonly links?: ReadonlyArray<{ readonly title: string; readonly url: string }>;
  /** Exam window (exams only). */
  readonly window?: { readonly start: string; readonly end: string; readonly timeZone: string };
  /**
   * Where the course is in its term (courses of the catalogue, lib/catalogue/lifecycle.ts): the
   * phase on `day` and the term's dates. Capacity counts only hubs whose phase is `open`.
   */
  readonly lifecycle?: {
    readonly term: string;
    readonly day: string;
    readonly phase: 'planned' | 'preparing' | 'open' | 'closing' | 'stopped' | 'archived' | 'retired';
    readonly opens: string;
    readonly closes: string;
    readonly archiveAfter: string;
    readonly deleteAfter: string;
  };
}

/** The declarations of one package. */
export class PackageDeclarations {
  readonly flows: FlowDecl[] = [];
  readonly runtimePods: RuntimePodDecl[] = [];
  /** Pods of the package's Helm charts. */
  readonly chartPods: ChartPodDecl[] = [];
  /** Applications of the package that install a chart and declared its pods (possibly none). */
  readonly charts: Array<{ readonly application: string; readonly chart: string }> = [];
  readonly generatedSecrets: GeneratedSecretDecl[] = [];
  readonly prerequisites: PrerequisiteDecl[] = [];
  /** Databases on claims (lib/model/storage-rules.ts checks their StorageClass). */
  readonly databases: DatabaseDecl[] = [];
  /** Hubs of the package, for the inventory. */
  readonly hubs: HubInventoryEntry[] = [];

  hub(h: HubInventoryEntry): this {
    this.hubs.push(h);
    return this;
  }

  flow(f: FlowDecl): this {
    this.flows.push(f);
    return this;
  }

  runtimePod(p: RuntimePodDecl): this {
    this.runtimePods.push(p);
    return this;
  }

  chart(c: { readonly application: string; readonly chart: string }): this {
    this.charts.push(c);
    return this;
  }

  chartPod(p: ChartPodDecl): this {
    this.chartPods.push(p);
    return this;
  }

  generatedSecret(s: GeneratedSecretDecl): this {
    this.generatedSecrets.push(s);
    return this;
  }

  database(d: DatabaseDecl): this {
    this.databases.push(d);
    return this;
  }

  prerequisite(p: PrerequisiteDecl): this {
    this.prerequisites.push(p);
    return this;
  }
}

/** Shorthand for a `pods` endpoint. */
export function pods(namespace: string, labels: Labels, name: string): Endpoint {
  return { kind: 'pods', namespace, labels, name };
}

/** Shorthand for a `service` endpoint. */
export function service(namespace: string, name: string): Endpoint {
  return { kind: 'service', namespace, service: name };
}
