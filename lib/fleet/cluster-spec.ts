import { checkRules, Issue, PropRule } from '../core/errors';
import { cidrOverlaps, isAddressRange, isDnsLabel, isDomain, parseCidr, parseIpv4 } from '../core/names';
import type { NodeInfrastructure } from '../nodes/infrastructure';

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
}

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
}

/** TLS certificates. */
export interface TlsSpec {
  /** The cert-manager ClusterIssuer that signs hub certificates. @default 'letsencrypt-prod' */
  readonly clusterIssuer?: string;
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
    readonly distribution: 'rke2' | 'kubespray';
    /** e.g. `v1.32.5+rke2r1` for RKE2, `v1.32.5` for Kubespray. */
    readonly version: string;
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
    id: 'cluster-k8s-version',
    field: 'kubernetes.version',
    value: (s) => s.kubernetes.version,
    ok: (s) => /^v1\.(2[89]|[3-9]\d)\.\d+(\+rke2r\d+)?$/.test(s.kubernetes.version),
    message: 'the Kubernetes version must look like v1.32.5 (or v1.32.5+rke2r1 for RKE2) and be 1.28 or newer (z2jh 4 needs 1.28+).',
    fix: 'set kubernetes.version to the exact release you install.',
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
    ok: (s) => count(s, 'control-plane') > 0,
    message: 'no node pool has the "control-plane" role.',
    fix: 'add a pool with roles: ["control-plane"] (or ["etcd", "control-plane"]).',
  },
  {
    id: 'cluster-etcd-odd',
    field: 'nodePools[etcd].count',
    value: (s) => count(s, 'etcd'),
    ok: (s) => count(s, 'etcd') % 2 === 1,
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
    id: 'cluster-cidrs-disjoint',
    field: 'networks',
    value: (s) => s.networks,
    ok: (s) => {
      const n = [s.networks.nodeCidr, s.networks.podCidr ?? '10.42.0.0/16', s.networks.serviceCidr ?? '10.43.0.0/16'].map(
        (c) => parseCidr(c),
      );
      if (n.some((c) => !c)) return true; // reported by cluster-cidrs
      return !cidrOverlaps(n[0]!, n[1]!) && !cidrOverlaps(n[0]!, n[2]!) && !cidrOverlaps(n[1]!, n[2]!);
    },
    message: 'the node, pod and service networks overlap.',
    fix: 'choose disjoint ranges (RKE2 defaults: pods 10.42.0.0/16, services 10.43.0.0/16).',
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
    ok: (s) => s.nfs === undefined || (isHost(s.nfs.server) && /^\/[^\s]*$/.test(s.nfs.exportPath)),
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
];

/** Validate a ClusterSpec against its rule table. */
export function validateClusterSpec(spec: ClusterSpec): Issue[] {
  return checkRules(`cluster ${spec.name}`, spec, CLUSTER_SPEC_RULES);
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

/** Resolved defaults for the ingress settings. */
export function ingressOf(spec: ClusterSpec): Required<Pick<IngressSpec, 'kind' | 'className' | 'controllerNamespace'>> & IngressSpec {
  return {
    kind: spec.ingress?.kind ?? 'ingress',
    className: spec.ingress?.className ?? 'traefik',
    controllerNamespace: spec.ingress?.controllerNamespace ?? 'kube-system',
    gateway: spec.ingress?.gateway,
  };
}
