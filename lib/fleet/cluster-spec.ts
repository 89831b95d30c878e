import { checkRules, Issue, PropRule } from '../core/errors';
import { unknownKeyIssues } from '../core/props-check';
import { cidrOverlaps, isAddressRange, isDnsLabel, isDomain, parseCidr, parseIpv4 } from '../core/names';
import { absolutePathProblem, labelProblem, valueRule } from '../core/value-rules';
import type { NodeInfrastructure } from './infrastructure-spec';
import { KUBERNETES_SUPPORT_AS_OF, kubernetesVersionProblem, kubernetesVersionVerdict, supportedMinors } from '../nodes/kubernetes-releases';
import type { ExistingAddonsSpec, IngressExposure, MonitoringSpec } from './cluster-facts';
import { EXISTING_ADDON_RULES } from './existing-addons';
import { describeNetworkDefaults, installerOf, KubernetesInstaller, networkDefaultsOf } from './kubernetes-distributions';
import { UPSTREAM_PROXY_RULES } from './upstream-proxy';

export type { ExistingAddonsSpec, IngressExposure, MonitoringSpec, UpstreamProxySpec } from './cluster-facts';

/** A CNI plugin, as far as hubfleet needs to know it. */
export type CniPlugin = 'canal' | 'calico' | 'cilium' | 'flannel' | 'kube-router' | 'antrea' | 'weave';

/** CNI plugins that enforce NetworkPolicies (ingress and egress). */
export const NETWORK_POLICY_CNIS: ReadonlySet<CniPlugin> = new Set<CniPlugin>(['canal', 'calico', 'cilium', 'kube-router', 'antrea', 'weave']);

/** A role a node can hold. A pool may combine roles (e.g. `['etcd', 'control-plane']`). */
export type NodeRole = 'etcd' | 'control-plane' | 'worker';

/** A Kubernetes node taint. */
export interface NodeTaint {
  readonly key: string;
  /** @default '' */
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A group of identical VMs. */
export interface NodePoolSpec {
  /** Pool name, a DNS label; VM names are `<cluster>-<pool>-<n>`. */
  readonly name: string;
  /** What the nodes run. */
  readonly roles: readonly NodeRole[];
  /** How many VMs. */
  readonly count: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Root disk size. */
  readonly diskGiB: number;
  /** Kubernetes node labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes node taints. @default [] */
  readonly taints?: readonly NodeTaint[];
  /**
   * GPUs per node, advertised by the device plugin as `gpuResource` (the NVIDIA device plugin must
   * run on these nodes: see lib/platform/README.md). GPU profiles may only land on pools with GPUs.
   * @default 0
   */
  readonly gpus?: number;
  /** Extended resource name of the GPUs. @default 'nvidia.com/gpu' */
  readonly gpuResource?: string;
  /**
   * What each node of the pool keeps for itself (kubelet and system reserve plus the eviction
   * threshold) and so cannot give to pods. Capacity planning subtracts it.
   * @default the cluster's `capacity.nodeReserve`
   */
  readonly reserved?: NodeReserve;
}

/** Resources a node keeps for the kubelet, the OS and the eviction threshold. */
export interface NodeReserve {
  /** CPU cores. @default see `capacity.nodeReserve` */
  readonly cpu?: number;
  /** Memory in GiB. @default see `capacity.nodeReserve` */
  readonly memoryGiB?: number;
}

/** A DaemonSet-like system add-on that runs on every node but is not in hubfleet's output (CNI, CSI node plugin, log shipper …). */
export interface SystemDaemonSpec {
  /** Name, for reports. */
  readonly name: string;
  /** CPU request per node in cores. */
  readonly cpu: number;
  /** Memory request per node in MiB. */
  readonly memoryMiB: number;
  /** Pools it runs on. @default every pool */
  readonly pools?: readonly string[];
}

/** Facts for capacity planning (`hubfleet capacity`, the exam check at synth). */
export interface CapacitySpec {
  /**
   * Reserve per node unless a pool sets its own `reserved`.
   * @default { cpu: 0.5, memoryGiB: 0.85 + 2 % of the node's memory } (1.81 GiB on 48 GiB; see "Node reserve" in lib/capacity/README.md for where this comes from)
   */
  readonly nodeReserve?: NodeReserve;
  /**
   * System add-ons on every node that the output does not contain (a pool's own list replaces
   * nothing: each entry names its pools or runs on all).
   * @default the distribution's and CNI's own per-node pods: RKE2 kube-proxy + canal (0.5 CPU, 128 MiB), Kubespray calico-node + nodelocaldns (0.25 CPU, 131 MiB); see lib/capacity/system-daemons.ts
   */
  readonly systemDaemons?: readonly SystemDaemonSpec[];
  /**
   * The share of its limit a typical notebook really uses, for the statistical seat estimate
   * (between 0 and 1; see "Seats" in lib/capacity/README.md).
   * @default 0.75
   */
  readonly typicalUseFraction?: number;
}

/** A StorageClass that the cluster provides itself (a CSI driver's class, a class made by hand). */
export interface ExistingStorageClassSpec {
  /** Its name, as claims name it. */
  readonly name: string;
  /** May many pods mount one volume at once (NFS, CephFS)? @default false */
  readonly readWriteMany?: boolean;
  /** Its reclaim policy on the cluster. @default 'Delete' (what most CSI drivers install) */
  readonly reclaimPolicy?: 'Retain' | 'Delete';
  /** What provides it (for the inventory), e.g. `csi.vsphere.vmware.com`. @default undefined */
  readonly provisioner?: string;
  /**
   * What hubfleet's constructs use it for when they are not given a class: `database` (hub
   * databases, MariaDB, ngshare: block storage), `homes`, `course-data`, `exchange`, `backup`.
   * @default [] (only where named explicitly)
   */
  readonly usedFor?: readonly StoragePurpose[];
  /**
   * Are its volumes on one node's own disk (local-path-provisioner, OpenEBS LocalPV, static local
   * PVs)? Then a pod with such a claim runs only on that node. Known provisioners
   * (`rancher.io/local-path`, `openebs.io/local`) imply it; static local PVs (`kubernetes.io/no-provisioner`) need it stated.
   * @default from the provisioner, else false
   */
  readonly nodeLocal?: boolean;
}

/** What a volume is for; constructs pick their default StorageClass by it. */
export type StoragePurpose = 'database' | 'homes' | 'course-data' | 'exchange' | 'backup';

/** The cluster's IP ranges. */
export interface ClusterNetworks {
  /** The subnet the node VMs live in, e.g. `10.10.0.0/24`. Notebooks may never reach it. */
  readonly nodeCidr: string;
  /** Pod network. @default '10.42.0.0/16' (RKE2's default) */
  readonly podCidr?: string;
  /** Service network. @default '10.43.0.0/16' (RKE2's default) */
  readonly serviceCidr?: string;
}

/** Where the NFS server is. */
export interface NfsServerSpec {
  /** Host name or IP of the NFS server. */
  readonly server: string;
  /** Exported directory, an absolute path. */
  readonly exportPath: string;
  /** NFS mount options. @default ['nfsvers=4.1', 'hard'] */
  readonly mountOptions?: readonly string[];
}

/** How hubs are exposed to the outside. */
export interface IngressSpec {
  /**
   * `ingress`: a networking.k8s.io Ingress with `className`; `gateway`: a Gateway API HTTPRoute
   * attached to `gateway`.
   * @default 'ingress'
   */
  readonly kind?: 'ingress' | 'gateway';
  /** IngressClass name. @default 'traefik' */
  readonly className?: string;
  /** For `kind: 'gateway'`: the Gateway's namespace and name. @default undefined */
  readonly gateway?: { readonly namespace: string; readonly name: string; readonly sectionName?: string };
  /** Namespace of the ingress controller, allowed to reach hub proxies. @default 'kube-system' */
  readonly controllerNamespace?: string;
  /**
   * Which controller serves the IngressClass: it decides which Ingress annotations take effect
   * (`nginx.ingress.kubernetes.io/*` under ingress-nginx, `traefik.ingress.kubernetes.io/*` and
   * Middlewares under Traefik).
   * @default 'traefik'
   */
  readonly controller?: 'traefik' | 'ingress-nginx';
  /**
   * Labels of the controller's pods (NetworkPolicies admit them).
   * @default { 'app.kubernetes.io/name': 'traefik' } for Traefik, { 'app.kubernetes.io/name': 'ingress-nginx' } for ingress-nginx
   */
  readonly controllerPodLabels?: Readonly<Record<string, string>>;
  /**
   * How traffic from outside reaches the controller:
   * `load-balancer`: a LoadBalancer Service (MetalLB from `loadBalancerRange`, or the cloud's, see
   * `cloudLoadBalancer`), with `externalTrafficPolicy: Local` so client addresses survive;
   * `node-port`: NodePorts that an external load balancer forwards to (it must keep or forward the
   * client address, e.g. with the PROXY protocol).
   * @default { type: 'load-balancer' }
   */
  readonly exposure?: IngressExposure;
}


/** TLS certificates. */
export interface TlsSpec {
  /** The cert-manager ClusterIssuer that signs hub certificates. @default 'letsencrypt-prod' */
  readonly clusterIssuer?: string;
  /**
   * How the ACME issuer proves control of a host: `http01` (the host must resolve publicly and port
   * 80 must reach the ingress controller) or `dns01` (for campus-only hosts; the issuer's DNS
   * provider is configured on the CertManager add-on).
   * @default 'http01'
   */
  readonly solver?: 'http01' | 'dns01';
  /** ACME account e-mail for the issuers hubfleet renders. */
  readonly acmeEmail: string;
}

/** The GitOps repo ArgoCD syncs from. */
export interface GitOpsSpec {
  /** Repo URL, e.g. `https://git.example.org/platform/teaching-gitops.git`. */
  readonly repoUrl: string;
  /** Branch, tag or commit. @default 'main' */
  readonly revision?: string;
  /** Folder in the repo that holds hubfleet's `--out` output. @default 'dist' */
  readonly pathPrefix?: string;
}

/** The facts of one cluster, read by both the node stack and the app stack. */
export interface ClusterSpec {
  /** Cluster name, a DNS label; the output folder is `dist/<name>/`. */
  readonly name: string;
  /** Base domain; a course hub is served at `<course>.<domain>` unless it sets its own host. */
  readonly domain: string;
  /** Kubernetes distribution and version. */
  readonly kubernetes: {
    /**
     * Who installs Kubernetes: `rke2` and `kubespray` on the VMs of the node stack; `existing` for a
     * cluster hubfleet does not create (bare metal, an existing RKE2/kubeadm/k3s cluster): its node
     * pools are facts for capacity and scheduling, and there is no node stack.
     */
    readonly distribution: 'rke2' | 'kubespray' | 'existing';
    /**
     * e.g. `v1.35.7+rke2r1` for RKE2, `v1.35.4` for Kubespray and existing clusters (an existing
     * cluster may also say `v1.35.4+k3s1`). The minor must be supported: see lib/nodes/kubernetes-releases.ts.
     */
    readonly version: string;
    /**
     * The CNI plugin: it decides whether NetworkPolicies are enforced at all (flannel alone does
     * not enforce them) and how pods reach the API server.
     * @default 'canal' for rke2 (RKE2's default), 'calico' for kubespray (Kubespray's default); required for existing
     */
    readonly cni?: CniPlugin;
    /**
     * For an existing cluster: what installed it (kubeadm, k3s, RKE2, Kubespray, MicroK8s). Messages
     * then name its own defaults (networks) and capacity counts its own per-node pods.
     * @default from the version's build suffix (`+k3s1` k3s, `+rke2r1` RKE2), else unknown
     */
    readonly installedWith?: KubernetesInstaller;
    /**
     * The cluster has been bootstrapped already (its first server runs): nodes created now join it
     * instead of starting a new etcd. Set it after the first successful apply.
     * @default false
     */
    readonly bootstrapped?: boolean;
  };
  /** The VMs. Both the node stack and capacity checks read them. */
  readonly nodePools: readonly NodePoolSpec[];
  readonly networks: ClusterNetworks;
  /** Where the VMs are made (vSphere or OpenStack settings). @default undefined (no node stack) */
  readonly infrastructure?: NodeInfrastructure;
  /** NFS server for homes, course data and exchange. @default undefined (no NFS) */
  readonly nfs?: NfsServerSpec;
  /** Address range MetalLB hands out, e.g. `10.10.0.240-10.10.0.250`. @default undefined (no MetalLB) */
  readonly loadBalancerRange?: string;
  /**
   * CIDRs notebooks must never reach (campus LAN, management zone, …), in addition to private
   * ranges, link-local (cloud metadata), the node network and the service network.
   * @default []
   */
  readonly blockedCidrs?: readonly string[];
  /** @default { kind: 'ingress', className: 'traefik' } */
  readonly ingress?: IngressSpec;
  /**
   * StorageClasses the cluster already has (a CSI driver's block class for hub databases and
   * MariaDB, …). Claims may only name classes of the output or of this list.
   * @default []
   */
  readonly existingStorageClasses?: readonly ExistingStorageClassSpec[];
  /**
   * Add-ons that already run on the cluster, installed and kept outside hubfleet (MetalLB with its
   * pools, cert-manager with its issuers, an ingress controller, Prometheus): facts the cluster
   * model uses for flows, references and prerequisites; hubfleet installs none of them again.
   * @default {}
   */
  readonly existingAddons?: ExistingAddonsSpec;
  /** Capacity planning facts. @default {} */
  readonly capacity?: CapacitySpec;
  /**
   * hubfleet's monitoring add-on runs here (rendered by the Platform's `monitoring` prop) and every hub
   * exposes its metrics to it. A Prometheus that runs already: `existingAddons.monitoring` instead.
   * @default undefined (hubs expose no metrics, unless existingAddons.monitoring names a Prometheus)
   */
  readonly monitoring?: MonitoringSpec;
  readonly tls: TlsSpec;
  readonly gitops: GitOpsSpec;
  /**
   * The sealed-secrets controller's certificate (PEM), as `hubfleet seal --cert` takes it; the path
   * is relative to the project root. Used only by `hubfleet seal`, never at synth.
   * @default `clusters/<name>/sealed-secrets.pem`
   */
  readonly sealedSecretsCert?: string;
}

const ROLE_OK = new Set<NodeRole>(['etcd', 'control-plane', 'worker']);

function count(spec: ClusterSpec, role: NodeRole): number {
  return spec.nodePools.filter((p) => p.roles.includes(role)).reduce((n, p) => n + p.count, 0);
}

function isHost(s: unknown): boolean {
  return typeof s === 'string' && (parseIpv4(s) !== undefined || isDomain(s) || isDnsLabel(s));
}

/** The ClusterSpec's validation table; each row has a test in test/fleet/cluster-spec.test.ts. */
export const CLUSTER_SPEC_RULES: readonly PropRule<ClusterSpec>[] = [
  {
    id: 'cluster-name-dns',
    field: 'name',
    value: (s) => s.name,
    ok: (s) => isDnsLabel(s.name),
    message: 'the cluster name must be a DNS-1123 label (lowercase letters, digits and "-", at most 63).',
    fix: 'rename the cluster, e.g. "eth-teaching".',
  },
  {
    id: 'cluster-domain',
    field: 'domain',
    value: (s) => s.domain,
    ok: (s) => isDomain(s.domain),
    message: 'the domain must be a lowercase DNS name with at least two labels.',
    fix: 'set domain to the zone hubs are served under, e.g. "teaching.example.org".',
  },
  {
    // Supported = the minor is in lib/nodes/kubernetes-releases.ts and its end of life lies after
    // KUBERNETES_SUPPORT_AS_OF (a constant, so the verdict is the same on every day; see there).
    // On a cluster hubfleet creates it is an error (hubfleet would install it); on an existing
    // cluster the version is a fact hubfleet cannot change: a warning with the end of life and what
    // stops, unless the string is no Kubernetes version at all. What the output needs from the API
    // server is checked against the minor by the wiring rule `wiring-kubernetes-api`.
    id: 'cluster-k8s-version',
    field: 'kubernetes.version',
    value: (s) => s.kubernetes.version,
    ok: (s) => kubernetesVersionProblem(s.kubernetes.version) === undefined,
    message: (s) => (s.kubernetes.distribution === 'existing' ? existingVersionMessage(s.kubernetes.version) : undefined) ?? kubernetesVersionProblem(s.kubernetes.version) ?? '',
    fix: (s) =>
      s.kubernetes.distribution === 'existing' && kubernetesVersionVerdict(s.kubernetes.version).kind !== 'unparseable'
        ? `upgrade the cluster to a supported minor (${supportedMinors().join(', ')} as of ${KUBERNETES_SUPPORT_AS_OF}) with the tool that installed it (kubeadm: \`kubeadm upgrade plan\`, one minor at a time), then set kubernetes.version to what \`kubectl version\` reports; hubfleet synthesizes meanwhile.`
        : `set kubernetes.version to a release of a supported minor (${supportedMinors().join(', ')} as of ${KUBERNETES_SUPPORT_AS_OF}), e.g. "v1.35.4" (Kubespray, existing) or "v1.35.7+rke2r1" (RKE2); see the table in lib/nodes/kubernetes-releases.ts.`,
    severity: (s) => (s.kubernetes.distribution === 'existing' && kubernetesVersionVerdict(s.kubernetes.version).kind !== 'unparseable' ? 'warning' : 'error'),
  },
  {
    id: 'cluster-pools-present',
    field: 'nodePools',
    value: (s) => s.nodePools.map((p) => p.name),
    ok: (s) => count(s, 'worker') > 0,
    message: 'no node pool has the "worker" role, so no hub could be scheduled.',
    fix: 'add a pool with roles: ["worker"].',
  },
  {
    id: 'cluster-control-plane',
    field: 'nodePools',
    value: (s) => count(s, 'control-plane'),
    // An existing cluster's control plane is not hubfleet's to place (it may be hidden, or k3s servers).
    ok: (s) => s.kubernetes.distribution === 'existing' || count(s, 'control-plane') > 0,
    message: 'no node pool has the "control-plane" role.',
    fix: 'add a pool with roles: ["control-plane"] (or ["etcd", "control-plane"]).',
  },
  {
    id: 'cluster-etcd-odd',
    field: 'nodePools[etcd].count',
    value: (s) => count(s, 'etcd'),
    ok: (s) => s.kubernetes.distribution === 'existing' || count(s, 'etcd') % 2 === 1,
    message: 'etcd needs an odd number of members (1, 3 or 5) to keep quorum; an even count adds a failure point without adding tolerance.',
    fix: 'use 3 etcd nodes (tolerates one failure) or 5 (tolerates two).',
  },
  {
    id: 'cluster-pool-names',
    field: 'nodePools[].name',
    value: (s) => s.nodePools.map((p) => p.name),
    ok: (s) =>
      s.nodePools.every((p) => isDnsLabel(p.name)) && new Set(s.nodePools.map((p) => p.name)).size === s.nodePools.length,
    message: 'node pool names must be unique DNS-1123 labels.',
    fix: 'rename the pools, e.g. "etcd", "cp", "worker".',
  },
  {
    id: 'cluster-pool-sizes',
    field: 'nodePools[].{count,vcpus,memoryGiB,diskGiB}',
    value: (s) =>
      s.nodePools
        .filter((p) => !(p.count >= 1 && p.vcpus >= 1 && p.memoryGiB >= 1 && p.diskGiB >= 10))
        .map((p) => p.name),
    ok: (s) =>
      s.nodePools.every(
        (p) =>
          Number.isInteger(p.count) && p.count >= 1 && Number.isInteger(p.vcpus) && p.vcpus >= 1 && p.memoryGiB >= 1 && p.diskGiB >= 10,
      ),
    message: 'every pool needs a whole count ≥ 1, whole vcpus ≥ 1, memoryGiB ≥ 1 and diskGiB ≥ 10.',
    fix: 'fix the sizes of the pools named in the value.',
  },
  {
    id: 'cluster-pool-gpus',
    field: 'nodePools[].gpus/gpuResource',
    value: (s) => s.nodePools.filter((p) => p.gpus !== undefined || p.gpuResource !== undefined).map((p) => ({ pool: p.name, gpus: p.gpus, gpuResource: p.gpuResource })),
    ok: (s) =>
      s.nodePools.every(
        (p) => (p.gpus === undefined || (Number.isInteger(p.gpus) && p.gpus >= 0 && p.gpus <= 16)) && (p.gpuResource === undefined || /^[a-z0-9.-]+\/[a-z0-9.-]+$/.test(p.gpuResource)),
      ),
    message: 'gpus must be a whole number of GPUs per node (0 to 16) and gpuResource an extended resource name such as nvidia.com/gpu.',
    fix: 'e.g. { gpus: 2, gpuResource: "nvidia.com/gpu" } on the GPU pool.',
  },
  // Labels and taints reach the kubelet (RKE2 node-label/node-taint), Kubespray's inventory (where
  // Ansible would template "{{ … }}") and node selectors: Kubernetes' own grammar, nothing else.
  valueRule(
    'cluster-pool-labels',
    'nodePools[].labels/taints',
    (s) => s.nodePools.flatMap((p) => [...Object.entries(p.labels ?? {}).map(([k, v]) => ({ k, v })), ...(p.taints ?? []).map((t) => ({ k: t.key, v: t.value ?? '', effect: t.effect }))]),
    (e) => {
      const { k, v, effect } = e as { k: string; v: string; effect?: string };
      return labelProblem(k, v) ?? (effect === undefined || ['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect) ? undefined : `taint effect "${effect}" is not NoSchedule, PreferNoSchedule or NoExecute`);
    },
    'write labels and taints as Kubernetes takes them, e.g. labels: { "hub.jupyter.org/node-purpose": "exam" }, taints: [{ key: "hub.jupyter.org/dedicated", value: "exam", effect: "NoSchedule" }].',
  ),
  {
    id: 'cluster-pool-roles',
    field: 'nodePools[].roles',
    value: (s) => s.nodePools.map((p) => p.roles),
    ok: (s) => s.nodePools.every((p) => p.roles.length > 0 && p.roles.every((r) => ROLE_OK.has(r))),
    message: 'every pool needs at least one role out of etcd, control-plane, worker.',
    fix: 'set roles on each pool.',
  },
  {
    id: 'cluster-cidrs',
    field: 'networks',
    value: (s) => s.networks,
    ok: (s) =>
      parseCidr(s.networks.nodeCidr) !== undefined &&
      (s.networks.podCidr === undefined || parseCidr(s.networks.podCidr) !== undefined) &&
      (s.networks.serviceCidr === undefined || parseCidr(s.networks.serviceCidr) !== undefined),
    message: 'a network CIDR does not parse (IPv4 a.b.c.d/n with zero host bits).',
    fix: 'write each range as e.g. "10.10.0.0/24".',
  },
  {
    // hubfleet chooses the ranges of the clusters it creates (an error: it would install them); an
    // existing cluster's ranges are facts (a warning: the cluster runs with them, and where they
    // make the output's NetworkPolicies fail, the flow rules say so).
    id: 'cluster-cidrs-disjoint',
    field: 'networks',
    value: (s) => s.networks,
    ok: (s) => overlappingNetworks(s).length === 0,
    message: (s) => {
      const d = networkDefaultsOf(installerOf(s.kubernetes));
      const pairs = overlappingNetworks(s).map(([a, b]) => `the ${a.name} network ${a.cidr}${a.defaulted ? ' (hubfleet\'s default, RKE2\'s)' : ''} overlaps the ${b.name} network ${b.cidr}${b.defaulted ? ' (hubfleet\'s default, RKE2\'s)' : ''}`);
      const tail = s.kubernetes.distribution === 'existing' ? ' On an existing cluster these are facts: hubfleet uses them in every NetworkPolicy (the node and service ranges are how hubs reach the API server, and what notebooks are kept from), so overlapping ranges widen what the policies admit.' : ' Pods or Services would get addresses of the other network and traffic to them would be misrouted.';
      return `${pairs.join('; ')}.${tail}${d ? ` (${describeNetworkDefaults(d)}.)` : ''}`;
    },
    fix: (s) => {
      const d = networkDefaultsOf(installerOf(s.kubernetes));
      if (s.kubernetes.distribution === 'existing') return `state the ranges the cluster really uses (${d ? d.readFrom : 'the API server\'s --service-cluster-ip-range and the CNI\'s IP pool'}); narrow nodeCidr to the subnet the nodes are in${d ? '' : ' (set kubernetes.installedWith so this message can name your distribution\'s defaults)'}.`;
      return `choose disjoint ranges${d ? ` (${d.title}'s defaults: pods ${d.podCidr}, services ${d.serviceCidr})` : ''} and a node subnet outside both.`;
    },
    severity: (s) => (s.kubernetes.distribution === 'existing' ? 'warning' : 'error'),
  },
  {
    id: 'cluster-blocked-cidrs',
    field: 'blockedCidrs',
    value: (s) => (s.blockedCidrs ?? []).filter((c) => !parseCidr(c)),
    ok: (s) => (s.blockedCidrs ?? []).every((c) => parseCidr(c) !== undefined),
    message: 'a blocked CIDR does not parse (IPv4 a.b.c.d/n with zero host bits).',
    fix: 'write each blocked range as e.g. "129.132.0.0/16".',
  },
  {
    id: 'cluster-lb-range',
    field: 'loadBalancerRange',
    value: (s) => s.loadBalancerRange,
    ok: (s) => s.loadBalancerRange === undefined || isAddressRange(s.loadBalancerRange),
    message: 'the load-balancer range must be a CIDR or "first-last" IPv4 range.',
    fix: 'write it as e.g. "10.10.0.240-10.10.0.250".',
  },
  {
    id: 'cluster-nfs',
    field: 'nfs',
    value: (s) => s.nfs,
    ok: (s) => s.nfs === undefined || (isHost(s.nfs.server) && absolutePathProblem(s.nfs.exportPath) === undefined && !/\s/.test(s.nfs.exportPath)),
    message: 'the NFS server must be a host name or IPv4 address and the export an absolute path.',
    fix: 'set nfs: { server: "nfs.example.org", exportPath: "/export/teaching" }.',
  },
  {
    id: 'cluster-acme-email',
    field: 'tls.acmeEmail',
    value: (s) => s.tls.acmeEmail,
    ok: (s) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s.tls.acmeEmail),
    message: 'the ACME account e-mail is not an e-mail address.',
    fix: "set tls.acmeEmail to the platform team's address.",
  },
  {
    id: 'cluster-gitops',
    field: 'gitops.repoUrl',
    value: (s) => s.gitops.repoUrl,
    ok: (s) => /^(https:\/\/|ssh:\/\/|git@)[^\s]+$/.test(s.gitops.repoUrl),
    message: 'the GitOps repo URL must be an https://, ssh:// or git@ URL.',
    fix: 'set gitops.repoUrl to the repo ArgoCD syncs from.',
  },
  {
    id: 'cluster-gateway',
    field: 'ingress.gateway',
    value: (s) => s.ingress?.gateway,
    ok: (s) => s.ingress?.kind !== 'gateway' || s.ingress.gateway !== undefined,
    message: 'ingress.kind is "gateway" but no gateway is named.',
    fix: 'set ingress.gateway: { namespace, name } of the Gateway hubs attach to.',
  },
  {
    id: 'cluster-cni-network-policies',
    field: 'kubernetes.cni',
    value: (s) => cniOf(s),
    // Every isolation guarantee (default-deny, notebooks kept off the API server, metadata and campus
    // networks, exam hubs without internet) is a NetworkPolicy; flannel alone accepts and ignores them.
    ok: (s) => cniOf(s) === undefined || NETWORK_POLICY_CNIS.has(cniOf(s)!),
    message: `the CNI does not enforce NetworkPolicies (flannel alone accepts them and ignores them), so no namespace would be isolated; CNIs that enforce them: ${[...NETWORK_POLICY_CNIS].join(', ')}.`,
    fix: 'use a CNI that enforces NetworkPolicies: canal (flannel + Calico policy, RKE2\'s default), calico or cilium.',
  },
  {
    id: 'cluster-monitoring',
    field: 'monitoring.namespace',
    value: (s) => s.monitoring?.namespace,
    ok: (s) => s.monitoring?.namespace === undefined || isDnsLabel(s.monitoring.namespace),
    message: "monitoring.namespace must be a DNS-1123 label (the monitoring add-on's namespace, which hub NetworkPolicies admit Prometheus from).",
    fix: 'e.g. monitoring: { namespace: "monitoring" } (or monitoring: {} for that default).',
  },
  {
    id: 'cluster-monitoring-twice',
    field: 'monitoring',
    value: (s) => ({ monitoring: s.monitoring, existingAddons: { monitoring: s.existingAddons?.monitoring } }),
    // One Prometheus scrapes the hubs: both would install prometheus-operator's CRDs and a second
    // operator, and the hubs admit one set of pods only (monitoringOf).
    ok: (s) => !(s.monitoring && s.existingAddons?.monitoring),
    message: (s) => `the cluster already runs a Prometheus (existingAddons.monitoring in ${s.existingAddons?.monitoring?.namespace}), but monitoring asks for hubfleet's monitoring add-on as well: two prometheus-operators would own the same CRDs, and the hubs admit only one Prometheus.`,
    fix: "keep one: remove monitoring (and the Platform's monitoring prop) to let the existing Prometheus scrape the hubs, or remove existingAddons.monitoring when hubfleet's add-on replaces it.",
  },
  // --- clusters hubfleet does not create (distribution 'existing') ---------------------------------
  {
    id: 'cluster-existing-cni',
    field: 'kubernetes.cni',
    value: (s) => s.kubernetes.cni,
    ok: (s) => s.kubernetes.distribution !== 'existing' || s.kubernetes.cni !== undefined,
    message: 'an existing cluster must name its CNI: it decides whether NetworkPolicies are enforced at all and how pods reach the API server, and hubfleet cannot guess it.',
    fix: 'set kubernetes.cni to what the cluster runs (`kubectl get pods -n kube-system` shows calico-node, cilium, canal …).',
  },
  {
    id: 'cluster-existing-no-infrastructure',
    field: 'infrastructure',
    value: (s) => s.infrastructure?.provider,
    ok: (s) => s.kubernetes.distribution !== 'existing' || s.infrastructure === undefined,
    message: 'an existing cluster has no node stack: hubfleet does not create its machines, but `infrastructure` would write Terraform for new VMs.',
    fix: 'remove infrastructure, or set kubernetes.distribution to "rke2" or "kubespray" if hubfleet should create the VMs.',
  },
  {
    id: 'cluster-existing-networks',
    field: 'networks.{podCidr,serviceCidr}',
    value: (s) => [s.networks.podCidr, s.networks.serviceCidr],
    // The defaults are RKE2's (10.42/16, 10.43/16); kubeadm's service range is 10.96.0.0/12 and pod
    // ranges depend on the CNI. The service range is how hubs reach the API server (egress rule).
    ok: (s) => s.kubernetes.distribution !== 'existing' || (s.networks.podCidr !== undefined && s.networks.serviceCidr !== undefined),
    message: "an existing cluster must state its pod and service ranges: hubfleet's defaults are RKE2's, and a wrong service range blocks the hubs' way to the API server in their NetworkPolicies.",
    fix: 'set networks.podCidr and networks.serviceCidr as the cluster was installed (kubeadm: `kubectl -n kube-system get cm kubeadm-config -o yaml`; k3s/RKE2: --cluster-cidr and --service-cidr).',
  },
  {
    id: 'cluster-existing-pool-roles',
    field: 'nodePools[].taints',
    value: (s) => s.nodePools.filter((p) => !p.roles.includes('worker') && !(p.taints ?? []).some((t) => t.effect !== 'PreferNoSchedule')).map((p) => p.name),
    // On an existing cluster the pools are facts: which nodes take user pods. A node without the
    // worker role takes them anyway unless a taint keeps them off (k3s servers, and RKE2 servers
    // without node-taint, are schedulable): then the capacity the spec states is wrong.
    ok: (s) => s.kubernetes.distribution !== 'existing' || s.nodePools.every((p) => p.roles.includes('worker') || (p.taints ?? []).some((t) => t.effect !== 'PreferNoSchedule')),
    message: 'on an existing cluster a pool without the "worker" role must say which taint keeps pods off its nodes; untainted control-plane or etcd nodes take user pods like workers.',
    fix: 'add the taint the nodes carry (e.g. { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }), or give the pool roles ["control-plane", "worker"] if its nodes do run workloads (k3s servers).',
  },
];

/** Validate a ClusterSpec against its rule table. */
export function validateClusterSpec(spec: ClusterSpec): Issue[] {
  const path = `cluster ${spec.name}`;
  return [...checkRules(path, spec, CLUSTER_SPEC_RULES), ...checkRules(path, spec, EXISTING_ADDON_RULES), ...checkRules(path, spec, UPSTREAM_PROXY_RULES), ...unknownKeyIssues(path, 'ClusterSpec', spec)];
}

/** Private and special-use IPv4 ranges notebooks never reach. */
export const PRIVATE_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
];

/**
 * Every range a notebook must not reach: private and link-local ranges (cloud metadata lives at
 * 169.254.169.254), the node and service networks, and the cluster's own blocked CIDRs. Ranges that
 * lie inside an earlier one are dropped, so the list is minimal and stable.
 */
export function forbiddenCidrs(spec: ClusterSpec): string[] {
  const all = [
    ...PRIVATE_RANGES,
    spec.networks.nodeCidr,
    spec.networks.serviceCidr ?? '10.43.0.0/16',
    spec.networks.podCidr ?? '10.42.0.0/16',
    ...(spec.blockedCidrs ?? []),
  ];
  const kept: ReturnType<typeof parseCidr>[] = [];
  for (const text of all) {
    const c = parseCidr(text);
    if (!c) continue;
    if (kept.some((k) => k && (k.text === c.text || (k.prefix <= c.prefix && cidrOverlaps(k, c))))) continue;
    // drop earlier ones the new range contains
    for (let i = kept.length - 1; i >= 0; i--) if (cidrOverlaps(c, kept[i]!) && c.prefix < kept[i]!.prefix) kept.splice(i, 1);
    kept.push(c);
  }
  return kept.map((c) => c!.text);
}

/**
 * Resolved defaults for the ingress settings. An ingress controller that already runs
 * (`existingAddons.ingressController`) supplies its own class, namespace, pod labels and exposure.
 */
export function ingressOf(
  spec: ClusterSpec,
): Required<Pick<IngressSpec, 'kind' | 'className' | 'controllerNamespace' | 'controller' | 'controllerPodLabels' | 'exposure'>> & IngressSpec & { readonly existing: boolean } {
  const e = spec.existingAddons?.ingressController;
  const controller = e?.controller ?? spec.ingress?.controller ?? 'traefik';
  return {
    kind: spec.ingress?.kind ?? 'ingress',
    className: e?.className ?? spec.ingress?.className ?? 'traefik',
    controllerNamespace: e?.namespace ?? spec.ingress?.controllerNamespace ?? 'kube-system',
    gateway: spec.ingress?.gateway,
    controller,
    controllerPodLabels: e?.podLabels ?? spec.ingress?.controllerPodLabels ?? { 'app.kubernetes.io/name': controller },
    exposure: e?.exposure ?? spec.ingress?.exposure ?? { type: 'load-balancer' },
    existing: e !== undefined,
  };
}

/** The CNI plugin of a cluster, with the distribution's default. */
export function cniOf(spec: ClusterSpec): CniPlugin | undefined {
  return spec.kubernetes.cni ?? (spec.kubernetes.distribution === 'rke2' ? 'canal' : spec.kubernetes.distribution === 'kubespray' ? 'calico' : undefined);
}

/** The node, pod and service networks as the spec states them (pod and service with hubfleet's RKE2 defaults). */
function namedNetworks(s: ClusterSpec): Array<{ name: string; cidr: string; defaulted: boolean }> {
  return [
    { name: 'node', cidr: s.networks.nodeCidr, defaulted: false },
    { name: 'pod', cidr: s.networks.podCidr ?? '10.42.0.0/16', defaulted: s.networks.podCidr === undefined },
    { name: 'service', cidr: s.networks.serviceCidr ?? '10.43.0.0/16', defaulted: s.networks.serviceCidr === undefined },
  ];
}

/** Every pair of the node, pod and service networks that overlap (unparseable ones are cluster-cidrs' to report). */
export function overlappingNetworks(s: ClusterSpec): Array<[{ name: string; cidr: string; defaulted: boolean }, { name: string; cidr: string; defaulted: boolean }]> {
  const n = namedNetworks(s);
  const out: Array<[(typeof n)[number], (typeof n)[number]]> = [];
  for (let i = 0; i < n.length; i++) {
    for (let j = i + 1; j < n.length; j++) {
      const a = parseCidr(n[i].cidr);
      const b = parseCidr(n[j].cidr);
      if (a && b && cidrOverlaps(a, b)) out.push([n[i], n[j]]);
    }
  }
  return out;
}

/** The warning text for an existing cluster's version: its end of life and what that stops. */
function existingVersionMessage(version: string): string | undefined {
  const v = kubernetesVersionVerdict(version);
  const facts = 'hubfleet installs nothing on this cluster; its output is validated against the Kubernetes API of the minors it supports, and what the output needs from the API server is checked against this minor (rule wiring-kubernetes-api)';
  switch (v.kind) {
    case 'end-of-life':
      return `Kubernetes ${v.minor} reached its end of life on ${v.endOfLife}: no patch releases since, so security fixes for the API server, kubelet, kube-proxy and etcd client code stop, and Kubernetes' own version skew policy lets the next upgrade move only one minor at a time. ${facts}.`;
    case 'unknown-older':
      return `Kubernetes ${v.minor} is long past its end of life (older than hubfleet's release table): no security fixes for years. ${facts}.`;
    case 'unknown-newer':
      return `Kubernetes ${v.minor} is newer than hubfleet's release table (as of ${KUBERNETES_SUPPORT_AS_OF}): APIs the output uses may have changed (removed beta APIs are refused). ${facts}.`;
    default:
      return undefined;
  }
}
