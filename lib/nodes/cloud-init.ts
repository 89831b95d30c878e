/**
 * cloud-init for the node VMs: the RKE2 config per role, the user data that installs RKE2 with it,
 * and the vSphere guestinfo metadata (host name, network).
 *
 * User data is returned as a Terraform string template: literal `${`/`%{` are escaped, and the
 * join secrets appear as Terraform expressions (e.g. `${jsonencode(var.rke2_token)}`) that
 * Terraform fills in at apply time. No secret is ever a literal in the output (but Terraform state
 * and the VM's user data hold the rendered result: see lib/nodes/README.md, "Tokens").
 */
import { stringify, Scalar } from 'yaml';
import { ClusterSpec, ingressOf } from '../fleet/cluster-spec';
import { apiHostOf } from './infrastructure';
import { PlannedNode, rke2Type } from './node-plan';
import { renderRke2InstallScript, RKE2_INSTALL_SCRIPT_PATH } from './rke2-install-script';

/**
 * How a node finds and joins the cluster: Terraform template expressions that each render to a
 * YAML-safe scalar (a JSON string), e.g. `${jsonencode(var.rke2_token)}`.
 */
export interface JoinSecrets {
  /** The RKE2 server token: servers join with it (it also encrypts the datastore's bootstrap data). */
  readonly token: string;
  /** RKE2's separate agent token (`agent-token` on servers): agents join with it and cannot join as servers. */
  readonly agentToken: string;
  /** The registration URL, `https://<apiHost>:9345`. */
  readonly serverUrl: string;
}

/** Where RKE2 reads its configuration. */
export const RKE2_CONFIG_PATH = '/etc/rancher/rke2/config.yaml';
/** Where RKE2 reads containerd registry mirrors. */
export const RKE2_REGISTRIES_PATH = '/etc/rancher/rke2/registries.yaml';
export { RKE2_INSTALL_URL } from './rke2-install-script';

/** Escape text so that Terraform's string templates keep it literally. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const;

function taintText(t: { key: string; value?: string; effect: string }): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/**
 * RKE2's `ingress-controller` selection for the cluster's servers. RKE2 bundles ingress-nginx
 * (its default up to 1.35) and Traefik (the default for new clusters from 1.36; rancher/rke2
 * `pkg/cli/cmds/server.go`, `pkg/bootstrap/bootstrap.go`), each a DaemonSet on ports 80/443 of
 * every node. When hubfleet's own Traefik serves ingress (`ingress.controller` 'traefik', the
 * default), both stay off (`none`); when the spec relies on ingress-nginx, RKE2's own is named
 * explicitly, so a 1.36+ server does not switch to Traefik.
 */
export function rke2IngressControllers(spec: ClusterSpec): string[] {
  return ingressOf(spec).controller === 'ingress-nginx' ? ['ingress-nginx'] : ['none'];
}

/**
 * The RKE2 config (`/etc/rancher/rke2/config.yaml`) of one node, as an object. `join` values are
 * put in as given (the renderer passes placeholders and swaps in Terraform expressions after
 * escaping).
 *
 * - etcd only: a server with `disable-apiserver`, `disable-controller-manager`, `disable-scheduler`;
 * - control plane only: a server with `disable-etcd`;
 * - etcd + control plane: a plain server; worker only: an agent.
 * Servers carry the server `token` and the `agent-token`, `tls-san`, the cluster's pod and service
 * ranges and the ingress-controller selection; agents carry only the agent token. Every node but
 * the init server has `server:`.
 */
export function rke2Config(spec: ClusterSpec, node: PlannedNode, join: JoinSecrets): Record<string, unknown> {
  const roles = node.pool.roles;
  const server = rke2Type(roles) === 'server';
  const cfg: Record<string, unknown> = { token: server ? join.token : join.agentToken };
  if (server) cfg['agent-token'] = join.agentToken;
  if (!node.initServer) cfg.server = join.serverUrl;
  cfg['node-name'] = node.name;
  if (node.address) cfg['node-ip'] = node.address;
  const labels = Object.entries(node.pool.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (labels.length > 0) cfg['node-label'] = labels;
  const taints = (node.pool.taints ?? []).map(taintText);
  if (taints.length > 0) cfg['node-taint'] = taints;
  if (server) {
    cfg['tls-san'] = [apiHostOf(spec), ...(spec.infrastructure?.tlsSans ?? [])];
    cfg['cluster-cidr'] = spec.networks.podCidr ?? '10.42.0.0/16';
    cfg['service-cidr'] = spec.networks.serviceCidr ?? '10.43.0.0/16';
    cfg['write-kubeconfig-mode'] = '0600';
    cfg['ingress-controller'] = rke2IngressControllers(spec);
    const registry = spec.infrastructure?.rke2?.systemDefaultRegistry;
    if (registry !== undefined) cfg['system-default-registry'] = registry;
    if (!roles.includes('control-plane')) {
      cfg['disable-apiserver'] = true;
      cfg['disable-controller-manager'] = true;
      cfg['disable-scheduler'] = true;
    }
    if (!roles.includes('etcd')) cfg['disable-etcd'] = true;
  }
  return cfg;
}

/** `/etc/rancher/rke2/registries.yaml` (containerd mirrors), or undefined when the spec sets none. */
export function rke2Registries(spec: ClusterSpec): string | undefined {
  const mirrors = spec.infrastructure?.rke2?.registryMirrors ?? {};
  const keys = Object.keys(mirrors).sort();
  if (keys.length === 0) return undefined;
  return stringify({ mirrors: Object.fromEntries(keys.map((k) => [k, { endpoint: [...mirrors[k]!] }])) }, YAML_OPTIONS);
}

const TOKEN_MARK = 'HUBFLEETJOINTOKEN0';
const AGENT_TOKEN_MARK = 'HUBFLEETAGENTTOKEN0';
const SERVER_MARK = 'HUBFLEETJOINSERVER0';
const MARKS: JoinSecrets = { token: TOKEN_MARK, agentToken: AGENT_TOKEN_MARK, serverUrl: SERVER_MARK };

function literalBlock(text: string): Scalar {
  const s = new Scalar(text);
  s.type = Scalar.BLOCK_LITERAL;
  return s;
}

/**
 * The cloud-config user data of one node, as a Terraform string template.
 * RKE2 clusters: writes the RKE2 config (mode 0600), the registry mirrors (if any) and the
 * install script (mode 0700, see rke2-install-script.ts), which runcmd runs once. Kubespray
 * clusters: host name and SSH keys only (Kubespray does the rest over SSH).
 * @param join required for RKE2 clusters
 */
export function renderUserData(spec: ClusterSpec, node: PlannedNode, join?: JoinSecrets): string {
  const doc: Record<string, unknown> = { hostname: node.name };
  const keys = spec.infrastructure?.sshAuthorizedKeys ?? [];
  if (keys.length > 0) doc.ssh_authorized_keys = [...keys];
  if (spec.kubernetes.distribution === 'rke2') {
    if (!join) {
      throw new Error(
        `node ${node.name}: RKE2 user data needs the join tokens and server URL. Fix: pass join (e.g. NodeVariables.join) to the node pool.`,
      );
    }
    const config =
      '# Written by hubfleet at first boot; later changes to the ClusterSpec do not reach running nodes.\n' +
      stringify(rke2Config(spec, node, MARKS), YAML_OPTIONS);
    const files: Record<string, unknown>[] = [
      { path: RKE2_CONFIG_PATH, owner: 'root:root', permissions: '0600', content: literalBlock(config) },
    ];
    const registries = rke2Registries(spec);
    if (registries !== undefined) {
      files.push({ path: RKE2_REGISTRIES_PATH, owner: 'root:root', permissions: '0600', content: literalBlock(registries) });
    }
    files.push({
      path: RKE2_INSTALL_SCRIPT_PATH,
      owner: 'root:root',
      permissions: '0700',
      content: literalBlock(renderRke2InstallScript(spec, node, SERVER_MARK)),
    });
    doc.write_files = files;
    doc.runcmd = [RKE2_INSTALL_SCRIPT_PATH];
  }
  const text = `#cloud-config\n${stringify(doc, YAML_OPTIONS)}`;
  let out = escapeTemplate(text);
  if (join) {
    out = out.split(TOKEN_MARK).join(join.token).split(AGENT_TOKEN_MARK).join(join.agentToken).split(SERVER_MARK).join(join.serverUrl);
  }
  return out;
}

/** The network part of the guestinfo metadata (netplan v2): fixed address or DHCP. */
function netplan(spec: ClusterSpec, node: PlannedNode): Record<string, unknown> {
  const a = spec.infrastructure?.addressing;
  const match = { name: 'ens*' };
  if (!node.address || !a) return { version: 2, ethernets: { nics: { match, dhcp4: true } } };
  const prefix = spec.networks.nodeCidr.split('/')[1];
  const nic: Record<string, unknown> = { match, dhcp4: false, addresses: [`${node.address}/${prefix}`] };
  if (a.gateway) nic.routes = [{ to: 'default', via: a.gateway }];
  const ns: Record<string, unknown> = {};
  if ((a.dnsServers ?? []).length > 0) ns.addresses = [...(a.dnsServers ?? [])];
  if ((a.searchDomains ?? []).length > 0) ns.search = [...(a.searchDomains ?? [])];
  if (Object.keys(ns).length > 0) nic.nameservers = ns;
  return { version: 2, ethernets: { nics: nic } };
}

/**
 * The cloud-init metadata of one vSphere VM (`guestinfo.metadata`): instance id, host name,
 * network, and — when the user data carries join secrets — `redact: [userdata]`, so the
 * datasource wipes `guestinfo.userdata` from the VM once it has read it.
 */
export function renderVsphereMetadata(spec: ClusterSpec, node: PlannedNode): string {
  const doc: Record<string, unknown> = {
    'instance-id': node.name,
    'local-hostname': node.name,
    network: netplan(spec, node),
    'wait-on-network': { ipv4: true },
  };
  if (spec.kubernetes.distribution === 'rke2') doc.redact = ['userdata'];
  return stringify(doc, YAML_OPTIONS);
}

/** Base64 of UTF-8 text (deterministic; for guestinfo values computed at synth). */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
