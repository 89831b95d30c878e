/**
 * cloud-init for the node VMs: the RKE2 config per role, the user data that installs RKE2 with it,
 * and the vSphere guestinfo metadata (host name, network).
 *
 * User data is returned as a Terraform string template: literal `${`/`%{` are escaped, and the
 * join secrets appear as Terraform expressions (e.g. `${jsonencode(var.rke2_token)}`) that
 * Terraform fills in at apply time. No secret is ever a literal in the output.
 */
import { stringify, Scalar } from 'yaml';
import type { ClusterSpec } from '../fleet/cluster-spec';
import { apiHostOf } from './infrastructure';
import { PlannedNode, rke2Type } from './node-plan';

/**
 * How a node finds and joins the cluster: Terraform template expressions that each render to a
 * YAML-safe scalar (a JSON string), e.g. `${jsonencode(var.rke2_token)}`.
 */
export interface JoinSecrets {
  /** The RKE2 pre-shared cluster token. */
  readonly token: string;
  /** The registration URL, `https://<apiHost>:9345`. */
  readonly serverUrl: string;
  /**
   * A template expression for the init server's whole `server:` line: a YAML comment while the
   * cluster is being bootstrapped, the `server:` line otherwise, so that a rebuilt first node joins
   * the running cluster instead of starting a second one.
   * @default undefined (the init server never gets a `server:` line)
   */
  readonly initServerLine?: string;
}

/** Where RKE2 reads its configuration. */
export const RKE2_CONFIG_PATH = '/etc/rancher/rke2/config.yaml';
/** The RKE2 install script. */
export const RKE2_INSTALL_URL = 'https://get.rke2.io';

/** Escape text so that Terraform's string templates keep it literally. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const;

function taintText(t: { key: string; value?: string; effect: string }): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/**
 * The RKE2 config (`/etc/rancher/rke2/config.yaml`) of one node, as an object. `join` values are
 * put in as given (the renderer passes placeholders and swaps in Terraform expressions after
 * escaping).
 *
 * - etcd only: a server with `disable-apiserver`, `disable-controller-manager`, `disable-scheduler`;
 * - control plane only: a server with `disable-etcd`;
 * - etcd + control plane: a plain server; worker only: an agent.
 * Servers carry `tls-san` and the cluster's pod and service ranges; every node but the init server
 * has `server:`.
 */
export function rke2Config(spec: ClusterSpec, node: PlannedNode, join: JoinSecrets): Record<string, unknown> {
  const roles = node.pool.roles;
  const server = rke2Type(roles) === 'server';
  const cfg: Record<string, unknown> = { token: join.token };
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
    if (!roles.includes('control-plane')) {
      cfg['disable-apiserver'] = true;
      cfg['disable-controller-manager'] = true;
      cfg['disable-scheduler'] = true;
    }
    if (!roles.includes('etcd')) cfg['disable-etcd'] = true;
  }
  return cfg;
}

const TOKEN_MARK = 'HUBFLEETJOINTOKEN0';
const SERVER_MARK = 'HUBFLEETJOINSERVER0';
const INIT_MARK = 'HUBFLEETINITSERVERLINE0';

/** The RKE2 config text with placeholders for the join secrets. */
function rke2ConfigText(spec: ClusterSpec, node: PlannedNode, join: JoinSecrets): string {
  const cfg = rke2Config(spec, node, { token: TOKEN_MARK, serverUrl: SERVER_MARK });
  if (node.initServer && join.initServerLine !== undefined) {
    // Keep the line right after `token:`; it becomes the init-server expression below.
    const { token, ...rest } = cfg;
    return stringify({ token, [INIT_MARK]: null, ...rest }, YAML_OPTIONS).replace(`${INIT_MARK}: null`, INIT_MARK);
  }
  return stringify(cfg, YAML_OPTIONS);
}

/**
 * The cloud-config user data of one node, as a Terraform string template.
 * RKE2 clusters: writes the RKE2 config (mode 0600) and runs the install script with
 * `INSTALL_RKE2_TYPE` and `INSTALL_RKE2_VERSION`, then enables the service. Kubespray clusters:
 * host name and SSH keys only (Kubespray does the rest over SSH).
 * @param join required for RKE2 clusters
 */
export function renderUserData(spec: ClusterSpec, node: PlannedNode, join?: JoinSecrets): string {
  const doc: Record<string, unknown> = { hostname: node.name };
  const keys = spec.infrastructure?.sshAuthorizedKeys ?? [];
  if (keys.length > 0) doc.ssh_authorized_keys = [...keys];
  if (spec.kubernetes.distribution === 'rke2') {
    if (!join) {
      throw new Error(
        `node ${node.name}: RKE2 user data needs the join token and server URL. Fix: pass join (e.g. NodeVariables.join) to the node pool.`,
      );
    }
    const type = rke2Type(node.pool.roles);
    const config =
      '# Written by hubfleet at first boot; later changes to the ClusterSpec do not reach running nodes.\n' +
      rke2ConfigText(spec, node, join);
    const content = new Scalar(config);
    content.type = Scalar.BLOCK_LITERAL;
    doc.write_files = [{ path: RKE2_CONFIG_PATH, owner: 'root:root', permissions: '0600', content }];
    doc.runcmd = [
      `curl -sfL ${RKE2_INSTALL_URL} | INSTALL_RKE2_TYPE=${type} INSTALL_RKE2_VERSION=${spec.kubernetes.version} sh -`,
      `systemctl enable --now rke2-${type}.service`,
    ];
  }
  const text = `#cloud-config\n${stringify(doc, YAML_OPTIONS)}`;
  let out = escapeTemplate(text);
  if (join) {
    out = out.split(TOKEN_MARK).join(join.token).split(SERVER_MARK).join(join.serverUrl);
    if (join.initServerLine !== undefined) out = out.split(INIT_MARK).join(join.initServerLine);
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
