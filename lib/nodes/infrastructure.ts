/**
 * Where a cluster's VMs are made. The node-layer constructs (VsphereNodePool, OpenStackNodePool)
 * read these settings from the ClusterSpec; INFRASTRUCTURE_RULES checks them.
 */
import { checkRules, Issue, PropRule } from '../core/errors';
import { isDnsLabel, isDomain, parseCidr, parseIpv4 } from '../core/names';
import { stringsIn, terraformLiteralProblem, unixUserProblem, valueRule } from '../core/value-rules';
import type { ClusterSpec, NodePoolSpec } from '../fleet/cluster-spec';
import type { Rke2InstallSpec, VsphereInfrastructure, OpenStackInfrastructure } from '../fleet/infrastructure-spec';
import { installProblem, KUBESPRAY_RELEASE } from './kubernetes-releases';

// The settings' types are declared with the ClusterSpec (lib/fleet/infrastructure-spec.ts) and re-exported here.
export type { NodeAddressing, LocalBackendSpec, S3BackendSpec, HttpBackendSpec, TerraformBackendSpec, Rke2InstallSpec, NodeInfrastructureBase, VsphereInfrastructure, OpenStackInfrastructure, NodeInfrastructure } from '../fleet/infrastructure-spec';

// ---------------------------------------------------------------------------------------------
// Resolved defaults and address helpers (shared by the constructs and the rules)

/** The API registration host: `apiHost`, or `api.<domain>`. */
export function apiHostOf(spec: ClusterSpec): string {
  return spec.infrastructure?.apiHost ?? `api.${spec.domain}`;
}

/** The login user of the image. */
export function sshUserOf(spec: ClusterSpec): string {
  return spec.infrastructure?.sshUser ?? 'ubuntu';
}

/** The vSphere VM folder. */
export function vsphereFolderOf(spec: ClusterSpec, infra: VsphereInfrastructure): string {
  return infra.folder ?? `hubfleet-${spec.name}`;
}

/** Name of a node VM: `<cluster>-<pool>-<n>`, n from 1. */
export function nodeName(spec: ClusterSpec, pool: NodePoolSpec, index: number): string {
  return `${spec.name}-${pool.name}-${index + 1}`;
}

/** Format a 32-bit number as a dotted IPv4 address. */
export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/**
 * The fixed addresses of a pool's nodes, or undefined when the cluster uses DHCP or the pool's
 * first address is missing or does not parse.
 */
export function poolAddresses(spec: ClusterSpec, pool: NodePoolSpec): string[] | undefined {
  const first = spec.infrastructure?.addressing?.firstAddress[pool.name];
  const base = first === undefined ? undefined : parseIpv4(first);
  if (base === undefined) return undefined;
  const n = Number.isInteger(pool.count) && pool.count > 0 ? pool.count : 0;
  return Array.from({ length: n }, (_, i) => formatIpv4((base + i) >>> 0));
}

function isHost(s: unknown): boolean {
  return typeof s === 'string' && (parseIpv4(s) !== undefined || isDomain(s) || isDnsLabel(s));
}

function nonEmpty(s: unknown): boolean {
  return typeof s === 'string' && s.trim().length > 0;
}

function vsphere(spec: ClusterSpec): VsphereInfrastructure | undefined {
  return spec.infrastructure?.provider === 'vsphere' ? spec.infrastructure : undefined;
}

function openstack(spec: ClusterSpec): OpenStackInfrastructure | undefined {
  return spec.infrastructure?.provider === 'openstack' ? spec.infrastructure : undefined;
}

function poolNames(spec: ClusterSpec): Set<string> {
  return new Set(spec.nodePools.map((p) => p.name));
}

function unknownKeys(spec: ClusterSpec, map: Readonly<Record<string, string>> | undefined): string[] {
  const pools = poolNames(spec);
  return Object.keys(map ?? {}).filter((k) => !pools.has(k));
}

function isRelativePath(p: string): boolean {
  return p.length > 0 && !p.startsWith('/') && !p.startsWith('\\') && !p.startsWith('~') && !/^[A-Za-z]:/.test(p);
}

/** Stack folders sit four levels below `<out>` (`<out>/<cluster>/terraform/stacks/<stack>/`): a path must climb five to leave it. */
function leavesOutputFolder(p: string): boolean {
  let depth = 4;
  for (const seg of p.split(/[\\/]/)) {
    if (seg === '' || seg === '.') continue;
    depth += seg === '..' ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

function isUrlWithoutCredentials(s: unknown, schemes: readonly string[]): boolean {
  if (typeof s !== 'string') return false;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  return schemes.includes(u.protocol) && u.username === '' && u.password === '' && u.hostname !== '';
}

/** Every node address of the cluster with its pool, in pool order (pools without a parsable start are skipped). */
function allAddresses(spec: ClusterSpec): { pool: string; address: string }[] {
  const out: { pool: string; address: string }[] = [];
  for (const p of spec.nodePools) for (const a of poolAddresses(spec, p) ?? []) out.push({ pool: p.name, address: a });
  return out;
}

/** Text that goes into a shell script or YAML line as is: no quotes, spaces, `$`, backslashes or backticks. */
function shellSafe(s: unknown): boolean {
  return typeof s === 'string' && /^[^\s'"`$\\;&|<>(){}]+$/.test(s);
}

/** An absolute, normalized path (no `.`/`..` segments) of safe characters. */
function isCleanAbsolutePath(p: unknown): boolean {
  return typeof p === 'string' && /^(\/[A-Za-z0-9._-]+)+$/.test(p) && !p.split('/').some((seg) => seg === '.' || seg === '..');
}

/** `host[:port]` of a registry. */
function isRegistryHost(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(s);
  return m !== null && isHost(m[1]) && (m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 65535));
}

/** The RKE2 install settings of a spec, or undefined. */
function rke2Install(s: ClusterSpec): Rke2InstallSpec | undefined {
  return s.infrastructure?.rke2;
}

const PUBLIC_KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( .*)?$/;

/** The infrastructure's validation table; each row has a test in test/nodes/infrastructure.test.ts. */
export const INFRASTRUCTURE_RULES: readonly PropRule<ClusterSpec>[] = [
  {
    id: 'infra-vsphere-fields',
    field: 'infrastructure',
    value: (s) => {
      const v = vsphere(s)!;
      return { vcenter: v.vcenter, datacenter: v.datacenter, computeCluster: v.computeCluster, datastore: v.datastore, network: v.network, template: v.template };
    },
    ok: (s) => {
      const v = vsphere(s);
      return (
        v === undefined ||
        (isHost(v.vcenter) && [v.datacenter, v.computeCluster, v.datastore, v.network, v.template].every(nonEmpty))
      );
    },
    message: 'vSphere needs a vCenter host name (no https://, no path) and non-empty datacenter, computeCluster, datastore, network and template names.',
    fix: 'copy the names from the vSphere client, e.g. vcenter: "vcenter.example.org", template: "ubuntu-2404-cloudinit".',
  },
  {
    id: 'infra-vsphere-folder',
    field: 'infrastructure.folder',
    value: (s) => vsphere(s)?.folder,
    ok: (s) => {
      const f = vsphere(s)?.folder;
      return f === undefined || (isRelativePath(f) && f.split('/').every((seg) => seg.trim() !== '' && seg !== '..' && seg !== '.'));
    },
    message: 'the VM folder must be a path relative to the datacenter\'s VM folder, without empty, "." or ".." segments.',
    fix: 'write it as e.g. "teaching/eth-teaching" (its parent "teaching" must exist) or leave it out.',
  },
  {
    id: 'infra-vsphere-datastores',
    field: 'infrastructure.datastores',
    value: (s) => unknownKeys(s, vsphere(s)?.datastores),
    ok: (s) => {
      const v = vsphere(s);
      return v === undefined || (unknownKeys(s, v.datastores).length === 0 && Object.values(v.datastores ?? {}).every(nonEmpty));
    },
    message: 'infrastructure.datastores names a pool that does not exist (or maps a pool to an empty name).',
    fix: 'key datastores by pool name, e.g. { etcd: "nvme-ds01" }.',
  },
  {
    id: 'infra-openstack-fields',
    field: 'infrastructure',
    value: (s) => {
      const o = openstack(s)!;
      return { authUrl: o.authUrl, image: o.image, network: o.network, keyPair: o.keyPair };
    },
    ok: (s) => {
      const o = openstack(s);
      return o === undefined || (isUrlWithoutCredentials(o.authUrl, ['https:', 'http:']) && [o.image, o.network, o.keyPair].every(nonEmpty));
    },
    message: 'OpenStack needs an http(s) Keystone authUrl without credentials and non-empty image, network and keyPair names.',
    fix: 'copy them from the project\'s clouds.yaml / Horizon, e.g. authUrl: "https://keystone.example.org:5000/v3".',
  },
  {
    id: 'infra-openstack-flavors',
    field: 'infrastructure.flavors',
    value: (s) => s.nodePools.filter((p) => !nonEmpty(openstack(s)?.flavors[p.name])).map((p) => p.name),
    ok: (s) => {
      const o = openstack(s);
      return o === undefined || s.nodePools.every((p) => nonEmpty(o.flavors[p.name]));
    },
    message: 'a node pool has no OpenStack flavor.',
    fix: 'add a flavor for each pool named in the value, e.g. flavors: { worker: "m1.xlarge" }; pick one with the pool\'s vcpus and memoryGiB.',
  },
  {
    id: 'infra-openstack-unknown-pools',
    field: 'infrastructure.{flavors,volumeTypes}',
    value: (s) => [...unknownKeys(s, openstack(s)?.flavors), ...unknownKeys(s, openstack(s)?.volumeTypes)],
    ok: (s) => {
      const o = openstack(s);
      return o === undefined || (unknownKeys(s, o.flavors).length === 0 && unknownKeys(s, o.volumeTypes).length === 0);
    },
    message: 'flavors or volumeTypes name a pool that does not exist (a typo leaves the real pool without its setting).',
    fix: 'key flavors and volumeTypes by the pool names of nodePools.',
  },
  {
    id: 'infra-openstack-subnet',
    field: 'infrastructure.subnet',
    value: (s) => openstack(s)?.subnet,
    ok: (s) => {
      const o = openstack(s);
      return o === undefined || o.addressing === undefined || nonEmpty(o.subnet);
    },
    message: 'fixed node addresses on OpenStack need the Neutron subnet to take them from.',
    fix: 'set subnet to the name of the node network\'s subnet.',
  },
  {
    id: 'infra-vsphere-gpu-passthrough',
    field: 'infrastructure.pciPassthrough',
    value: (s) => s.nodePools.filter((p) => (p.gpus ?? 0) > 0).map((p) => ({ pool: p.name, vms: p.count, gpus: p.gpus, devices: vsphere(s)?.pciPassthrough?.[p.name] })),
    ok: (s) => {
      const v = vsphere(s);
      if (v === undefined) return true;
      return s.nodePools.every((p) => {
        if ((p.gpus ?? 0) === 0) return v.pciPassthrough?.[p.name] === undefined;
        const lists = v.pciPassthrough?.[p.name] ?? [];
        return lists.length === p.count && lists.every((l) => l.length >= p.gpus! && l.every((id) => /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i.test(id)));
      });
    },
    message: 'every vSphere pool with GPUs needs, per VM, the host PCI device IDs of its GPUs (and only GPU pools have them); without them the VMs boot with no GPU and GPU servers never schedule.',
    fix: 'set pciPassthrough: { <pool>: [["0000:3b:00.0", "0000:d8:00.0"], …] } with one list per VM, from the ESXi hosts\' PCI devices (Configure > PCI Devices).',
  },
  {
    id: 'infra-openstack-admin-cidrs',
    field: 'infrastructure.adminCidrs',
    value: (s) => openstack(s)?.adminCidrs,
    ok: (s) => {
      const o = openstack(s);
      return o?.adminCidrs === undefined || (o.adminCidrs.length > 0 && o.adminCidrs.every((c) => parseCidr(c) !== undefined));
    },
    message: 'adminCidrs must be a non-empty list of IPv4 CIDRs.',
    fix: 'write e.g. ["10.30.0.0/24", "192.0.2.0/24"], or leave it out to allow the node network only.',
  },
  {
    id: 'infra-addresses-pools',
    field: 'infrastructure.addressing.firstAddress',
    value: (s) => s.infrastructure?.addressing?.firstAddress,
    ok: (s) => {
      const a = s.infrastructure?.addressing;
      return (
        a === undefined ||
        (s.nodePools.every((p) => parseIpv4(a.firstAddress[p.name] ?? '') !== undefined) && unknownKeys(s, a.firstAddress).length === 0)
      );
    },
    message: 'with fixed addressing every pool needs a first IPv4 address, and every entry must name a pool.',
    fix: 'key firstAddress by pool name, e.g. { etcd: "10.20.0.11", cp: "10.20.0.21", worker: "10.20.0.31" }.',
  },
  {
    id: 'infra-addresses-in-node-cidr',
    field: 'infrastructure.addressing.firstAddress',
    value: (s) => {
      const c = parseCidr(s.networks.nodeCidr);
      return allAddresses(s)
        .filter((a) => !c || !inside(c, a.address))
        .map((a) => `${a.pool}: ${a.address}`);
    },
    ok: (s) => {
      if (s.infrastructure?.addressing === undefined) return true;
      const c = parseCidr(s.networks.nodeCidr);
      if (!c) return true; // reported by cluster-cidrs
      return allAddresses(s).every((a) => inside(c, a.address));
    },
    message: 'a node address lies outside networks.nodeCidr (or is its network or broadcast address).',
    fix: 'move the pool\'s first address so that all its nodes fit in the node network.',
  },
  {
    id: 'infra-addresses-unique',
    field: 'infrastructure.addressing',
    value: (s) => duplicates(s),
    ok: (s) => s.infrastructure?.addressing === undefined || duplicates(s).length === 0,
    message: 'two nodes (or a node and the gateway) share an address: pool ranges overlap.',
    fix: 'leave room between the pools\' first addresses for each pool\'s count (and growth).',
  },
  {
    id: 'infra-vsphere-gateway',
    field: 'infrastructure.addressing.{gateway,dnsServers}',
    value: (s) => ({ gateway: s.infrastructure?.addressing?.gateway, dnsServers: s.infrastructure?.addressing?.dnsServers }),
    ok: (s) => {
      const v = vsphere(s);
      const a = v?.addressing;
      if (a === undefined) return true;
      const c = parseCidr(s.networks.nodeCidr);
      return (
        a.gateway !== undefined &&
        parseIpv4(a.gateway) !== undefined &&
        (!c || inside(c, a.gateway)) &&
        (a.dnsServers ?? []).length > 0 &&
        (a.dnsServers ?? []).every((d) => parseIpv4(d) !== undefined)
      );
    },
    message: 'fixed addressing on vSphere needs a gateway inside the node network and at least one DNS server (IPv4).',
    fix: 'set addressing.gateway (e.g. "10.20.0.1") and addressing.dnsServers (e.g. ["10.20.0.2"]).',
  },
  {
    id: 'infra-kubespray-addresses',
    field: 'infrastructure.addressing',
    value: (s) => s.infrastructure?.addressing,
    ok: (s) => s.infrastructure === undefined || s.kubernetes.distribution !== 'kubespray' || s.infrastructure.addressing !== undefined,
    message: 'Kubespray needs each node\'s address in its inventory at synth time, so the nodes need fixed addresses.',
    fix: 'set infrastructure.addressing.firstAddress per pool.',
  },
  {
    id: 'infra-kubespray-ssh',
    field: 'infrastructure.sshAuthorizedKeys',
    value: (s) => s.infrastructure?.sshAuthorizedKeys,
    ok: (s) =>
      s.kubernetes.distribution !== 'kubespray' || vsphere(s) === undefined || (vsphere(s)!.sshAuthorizedKeys ?? []).length > 0,
    message: 'Kubespray reaches the nodes over SSH, but no SSH key is installed on the vSphere VMs.',
    fix: 'add the deploy key\'s public half to infrastructure.sshAuthorizedKeys.',
  },
  {
    id: 'infra-api-host',
    field: 'infrastructure.{apiHost,tlsSans}',
    value: (s) => [apiHostOf(s), ...(s.infrastructure?.tlsSans ?? [])],
    ok: (s) => s.infrastructure === undefined || [apiHostOf(s), ...(s.infrastructure.tlsSans ?? [])].every(isHost),
    message: 'apiHost and tlsSans must be DNS names or IPv4 addresses (no scheme, no port).',
    fix: 'write e.g. apiHost: "api.teaching.example.org", tlsSans: ["10.20.0.5"].',
  },
  valueRule('infra-terraform-literals', 'infrastructure', (s) => stringsIn({ ...(s.infrastructure ?? {}), sshAuthorizedKeys: undefined }), terraformLiteralProblem, 'write names as they are in vSphere or OpenStack, without "${" or "%{" (Terraform would run them as template code on the machine that applies the stack).'),
  valueRule('infra-ssh-user', 'infrastructure.sshUser', (s) => [s.infrastructure?.sshUser], unixUserProblem, 'name the image\'s login user, e.g. "ubuntu" (cloud-init creates it; Kubespray logs in as it).'),
  valueRule('infra-search-domains', 'infrastructure.addressing.searchDomains', (s) => s.infrastructure?.addressing?.searchDomains ?? [], (d) => (isDomain(d) || isDnsLabel(d) ? undefined : `"${String(d)}" is not a DNS domain`), 'write search domains like "teaching.example.org".'),
  {
    id: 'infra-ssh-keys',
    field: 'infrastructure.sshAuthorizedKeys',
    value: (s) => (s.infrastructure?.sshAuthorizedKeys ?? []).map((k) => k.slice(0, 24)),
    ok: (s) => (s.infrastructure?.sshAuthorizedKeys ?? []).every((k) => PUBLIC_KEY.test(k)),
    message: 'an SSH key is not a one-line OpenSSH public key (a private key must never be in the spec).',
    fix: 'paste the content of the .pub file, e.g. "ssh-ed25519 AAAA… admin@example.org".',
  },
  {
    id: 'infra-backend-local',
    field: 'infrastructure.backend.path',
    value: (s) => (s.infrastructure?.backend?.type === 'local' ? s.infrastructure.backend.path : undefined),
    ok: (s) => {
      const b = s.infrastructure?.backend;
      return b?.type !== 'local' || b.path === undefined || (isRelativePath(b.path) && leavesOutputFolder(b.path));
    },
    message:
      'the local state path must be relative (an absolute path differs between machines and leaks into the output) and lead out of the output folder: the stack folder <out>/<cluster>/terraform/stacks/nodes lies four levels below <out>, and state inside <out> would be committed with it or replaced by the next synth.',
    fix: 'write it relative to the stack directory and at least five levels up, e.g. "../../../../../.hubfleet-state/<cluster>/terraform.tfstate", or leave it out.',
  },
  {
    id: 'infra-backend-remote',
    field: 'infrastructure.backend',
    value: (s) => s.infrastructure?.backend?.type,
    ok: (s) => {
      const b = s.infrastructure?.backend;
      if (b === undefined || b.type === 'local') return true;
      if (b.type === 's3') {
        return nonEmpty(b.bucket) && nonEmpty(b.region) && (b.endpoint === undefined || isUrlWithoutCredentials(b.endpoint, ['https:', 'http:']));
      }
      return [b.address, b.lockAddress, b.unlockAddress]
        .filter((x) => x !== undefined)
        .every((x) => isUrlWithoutCredentials(x, ['https:']));
    },
    message: 'an s3 backend needs bucket and region (and an endpoint URL without credentials); an http backend needs https URLs without credentials.',
    fix: 'set the URLs without user:password@ and pass credentials through AWS_* or TF_HTTP_USERNAME/TF_HTTP_PASSWORD.',
  },
  {
    id: 'infra-node-names',
    field: 'nodePools[].name',
    value: (s) => s.nodePools.map((p) => nodeName(s, p, Math.max(0, p.count - 1))).filter((n) => n.length > 63),
    ok: (s) => s.infrastructure === undefined || s.nodePools.every((p) => nodeName(s, p, Math.max(0, p.count - 1)).length <= 63),
    message: 'a VM name <cluster>-<pool>-<n> is longer than 63 characters, the limit of a host name.',
    fix: 'shorten the cluster or pool name.',
  },
  {
    id: 'infra-rke2-install-source',
    field: 'infrastructure.rke2.{scriptUrl,artifactUrl,artifactPath}',
    value: (s) => ({ scriptUrl: rke2Install(s)?.scriptUrl, artifactUrl: rke2Install(s)?.artifactUrl, artifactPath: rke2Install(s)?.artifactPath }),
    ok: (s) => {
      const r = rke2Install(s);
      if (r === undefined) return true;
      if (s.kubernetes.distribution !== 'rke2') return false;
      const url = (u: string | undefined) => u === undefined || (shellSafe(u) && isUrlWithoutCredentials(u, ['https:']));
      if (!url(r.scriptUrl) || !url(r.artifactUrl)) return false;
      if (r.artifactPath === undefined) return true;
      return isCleanAbsolutePath(r.artifactPath) && r.scriptUrl === undefined && r.artifactUrl === undefined;
    },
    message:
      'infrastructure.rke2 only applies to RKE2 clusters; scriptUrl and artifactUrl must be https URLs without credentials, artifactPath an absolute folder on the image (letters, digits, . _ -), and an air-gapped artifactPath excludes both URLs (nothing is downloaded).',
    fix: 'write e.g. { artifactPath: "/opt/rke2-artifacts" } for an air-gapped image, or { scriptUrl: "https://mirror.example.org/rke2/install.sh", artifactUrl: "https://mirror.example.org/rke2/releases" } for a mirror.',
  },
  {
    id: 'infra-rke2-registries',
    field: 'infrastructure.rke2.{systemDefaultRegistry,registryMirrors}',
    value: (s) => ({ systemDefaultRegistry: rke2Install(s)?.systemDefaultRegistry, registryMirrors: rke2Install(s)?.registryMirrors }),
    ok: (s) => {
      const r = rke2Install(s);
      if (r === undefined) return true;
      if (r.systemDefaultRegistry !== undefined && !isRegistryHost(r.systemDefaultRegistry)) return false;
      return Object.entries(r.registryMirrors ?? {}).every(
        ([registry, endpoints]) =>
          (registry === '*' || isRegistryHost(registry)) &&
          endpoints.length > 0 &&
          endpoints.every((e) => shellSafe(e) && isUrlWithoutCredentials(e, ['https:', 'http:'])),
      );
    },
    message: 'systemDefaultRegistry must be host[:port] (no scheme); registryMirrors map a registry host (or "*") to at least one http(s) endpoint URL without credentials.',
    fix: 'write e.g. systemDefaultRegistry: "registry.example.org:5000", registryMirrors: { "docker.io": ["https://registry.example.org:5000"] }; put registry logins into a registries.yaml in the image.',
  },
  {
    id: 'infra-rke2-retries',
    field: 'infrastructure.rke2.{installAttempts,retryDelaySeconds}',
    value: (s) => ({ installAttempts: rke2Install(s)?.installAttempts, retryDelaySeconds: rke2Install(s)?.retryDelaySeconds }),
    ok: (s) => {
      const r = rke2Install(s);
      const int = (n: number | undefined, min: number, max: number) => n === undefined || (Number.isInteger(n) && n >= min && n <= max);
      return r === undefined || (int(r.installAttempts, 1, 20) && int(r.retryDelaySeconds, 1, 600));
    },
    message: 'installAttempts must be a whole number from 1 to 20 and retryDelaySeconds from 1 to 600 (the delay doubles after each attempt).',
    fix: 'leave them out (5 attempts, 15 s, 30 s, 60 s, 120 s apart) or set e.g. installAttempts: 8.',
  },
  {
    // RKE2: install.sh downloads the release named by INSTALL_RKE2_VERSION (rancher/rke2 install.sh);
    // Kubespray: downloads only versions listed in roles/kubespray_defaults/vars/main/checksums.yml.
    id: 'infra-version-distribution',
    field: 'kubernetes.version',
    value: (s) => s.kubernetes.version,
    ok: (s) => s.infrastructure === undefined || installProblem(s.kubernetes.distribution, s.kubernetes.version) === undefined,
    message: (s) => installProblem(s.kubernetes.distribution, s.kubernetes.version) ?? '',
    fix: (s) =>
      s.kubernetes.distribution === 'kubespray'
        ? `pick a version Kubespray ${KUBESPRAY_RELEASE} installs, e.g. "v1.35.4" (lib/nodes/kubernetes-releases.ts lists them).`
        : 'pick a release listed in lib/nodes/kubernetes-releases.ts, e.g. "v1.35.7+rke2r1"; a newer upstream release goes into that table first (with its source).',
  },
];

function inside(c: NonNullable<ReturnType<typeof parseCidr>>, address: string): boolean {
  const a = parseIpv4(address);
  if (a === undefined) return false;
  const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
  if (((a & mask) >>> 0) !== c.base) return false;
  if (c.prefix >= 31) return true;
  const broadcast = (c.base | (~mask >>> 0)) >>> 0;
  return a !== c.base && a !== broadcast;
}

function duplicates(s: ClusterSpec): string[] {
  const seen = new Map<string, string>();
  const dups: string[] = [];
  const gw = s.infrastructure?.addressing?.gateway;
  if (gw !== undefined) seen.set(gw, 'gateway');
  for (const a of allAddresses(s)) {
    const prev = seen.get(a.address);
    if (prev !== undefined) dups.push(`${a.address} (${prev}, ${a.pool})`);
    else seen.set(a.address, a.pool);
  }
  return dups;
}

/** Validate the node-layer settings of a ClusterSpec (run together with validateClusterSpec). */
export function validateInfrastructure(spec: ClusterSpec): Issue[] {
  return checkRules(`cluster ${spec.name}`, spec, INFRASTRUCTURE_RULES);
}
