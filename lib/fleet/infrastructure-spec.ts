/**
 * The node infrastructure of a ClusterSpec (`ClusterSpec.infrastructure`): where the cluster's VMs
 * are made, on vSphere or OpenStack. Declared here, with the ClusterSpec; the node layer
 * (lib/nodes/infrastructure.ts) resolves the defaults and holds INFRASTRUCTURE_RULES.
 */

/**
 * Fixed IPv4 addresses for the nodes. Each pool starts at its own first address, so growing one
 * pool never renumbers another.
 */
export interface NodeAddressing {
  /** First address per pool name; the pool's nodes take consecutive addresses from it. */
  readonly firstAddress: Readonly<Record<string, string>>;
  /**
   * Default gateway, written to the guest's network config on vSphere (on OpenStack the subnet's
   * DHCP hands out gateway and DNS).
   * @default undefined (required on vSphere)
   */
  readonly gateway?: string;
  /** DNS servers (vSphere). @default [] */
  readonly dnsServers?: readonly string[];
  /** DNS search domains (vSphere). @default [] */
  readonly searchDomains?: readonly string[];
}

/** A local state file. */
export interface LocalBackendSpec {
  readonly type: 'local';
  /**
   * State file path, relative to the stack's working directory. Never absolute, so that output
   * stays the same on every machine.
   * @default `.hubfleet-state/<cluster>/terraform.tfstate` next to the output folder (outside it,
   * so that synth never deletes the state and it is never committed with the output)
   */
  readonly path?: string;
}

/** An S3-compatible bucket (AWS, Ceph RGW, MinIO). Credentials only through the environment. */
export interface S3BackendSpec {
  readonly type: 's3';
  readonly bucket: string;
  /** Object key. @default `hubfleet/<cluster>/terraform.tfstate` */
  readonly key?: string;
  readonly region: string;
  /** Endpoint of a non-AWS store (then AWS-only checks are skipped). @default undefined (AWS) */
  readonly endpoint?: string;
  /** Path-style bucket URLs (MinIO, Ceph). @default false */
  readonly usePathStyle?: boolean;
}

/** Terraform's http backend, e.g. GitLab-managed state. Credentials through `TF_HTTP_USERNAME`/`TF_HTTP_PASSWORD`. */
export interface HttpBackendSpec {
  readonly type: 'http';
  /** State URL, https, without credentials. */
  readonly address: string;
  /** @default undefined (no locking) */
  readonly lockAddress?: string;
  /** @default undefined (no locking) */
  readonly unlockAddress?: string;
  /** GitLab wants `POST`. @default undefined (Terraform's `LOCK`) */
  readonly lockMethod?: string;
  /** GitLab wants `DELETE`. @default undefined (Terraform's `UNLOCK`) */
  readonly unlockMethod?: string;
}

/** Where Terraform keeps the node stack's state. */
export type TerraformBackendSpec = LocalBackendSpec | S3BackendSpec | HttpBackendSpec;

/**
 * How RKE2 gets onto a node at first boot (RKE2 clusters only). By default cloud-init downloads
 * RKE2's install script from get.rke2.io and the release from GitHub; a mirror or a fully
 * air-gapped install (artifacts baked into the VM image) replace that.
 */
export interface Rke2InstallSpec {
  /**
   * URL of RKE2's install script, e.g. an internal mirror of it (https, no credentials).
   * @default 'https://get.rke2.io'
   */
  readonly scriptUrl?: string;
  /**
   * A mirror of RKE2's GitHub release downloads (install.sh's `INSTALL_RKE2_ARTIFACT_URL`): it
   * fetches `<artifactUrl>/<version>/rke2.linux-amd64.tar.gz` and `sha256sum-amd64.txt` there.
   * @default undefined (https://github.com/rancher/rke2/releases/download)
   */
  readonly artifactUrl?: string;
  /**
   * Air-gapped install (RKE2's tarball method, `INSTALL_RKE2_ARTIFACT_PATH`): an absolute folder
   * on the VM image holding the release's `install.sh`, `rke2.linux-amd64.tar.gz`,
   * `rke2-images.linux-amd64.tar.zst` (or `.tar.gz`) and `sha256sum-amd64.txt`. Nothing is
   * downloaded; the installed release is checked against `kubernetes.version` after the install.
   * Not combined with `scriptUrl` / `artifactUrl`.
   * @default undefined (download)
   */
  readonly artifactPath?: string;
  /**
   * Registry RKE2's servers pull RKE2's own images from (`system-default-registry`), as
   * `host[:port]`, e.g. `registry.example.org:5000`.
   * @default undefined (the images' own registries)
   */
  readonly systemDefaultRegistry?: string;
  /**
   * containerd mirrors, written to `/etc/rancher/rke2/registries.yaml` on every node: registry
   * (`docker.io`, `quay.io`, `*`) → endpoint URLs. No credentials: a registry that needs a login
   * goes into a registries.yaml baked into the image instead (then leave this unset, as hubfleet's
   * file would replace it).
   * @default {} (no registries.yaml)
   */
  readonly registryMirrors?: Readonly<Record<string, readonly string[]>>;
  /** Install attempts before the first boot gives up. @default 5 */
  readonly installAttempts?: number;
  /** Wait before the second attempt; it doubles after each failed attempt. @default 15 */
  readonly retryDelaySeconds?: number;
}

/** Settings shared by every infrastructure. */
export interface NodeInfrastructureBase {
  /**
   * Fixed registration address of the Kubernetes API (DNS name or VIP of a load balancer in front
   * of the servers, ports 6443 and 9345). Goes into tls-san and the default RKE2 server URL.
   * @default `api.<domain>`
   */
  readonly apiHost?: string;
  /** Extra names and addresses for the API server certificate. @default [] */
  readonly tlsSans?: readonly string[];
  /** OpenSSH public keys for the default user. @default [] */
  readonly sshAuthorizedKeys?: readonly string[];
  /** Login user of the image (Kubespray's ansible_user). @default 'ubuntu' */
  readonly sshUser?: string;
  /** Fixed node addresses. @default undefined (DHCP; Kubespray clusters need fixed addresses) */
  readonly addressing?: NodeAddressing;
  /** Terraform state backend. @default { type: 'local' } */
  readonly backend?: TerraformBackendSpec;
  /** How RKE2 is installed at first boot (RKE2 clusters). @default online install from get.rke2.io, 5 attempts */
  readonly rke2?: Rke2InstallSpec;
}

/** vSphere placement of the VMs. */
export interface VsphereInfrastructure extends NodeInfrastructureBase {
  readonly provider: 'vsphere';
  /** vCenter host name (the provider's vsphere_server). */
  readonly vcenter: string;
  readonly datacenter: string;
  /** DRS compute cluster (needs at least as many ESXi hosts as the largest etcd/control-plane pool). */
  readonly computeCluster: string;
  readonly datastore: string;
  /** Datastore per pool name, e.g. an SSD/NVMe datastore for etcd. @default {} (all on `datastore`) */
  readonly datastores?: Readonly<Record<string, string>>;
  /** Port group the VMs attach to. */
  readonly network: string;
  /** VM template to clone (cloud-init with the VMware datasource, e.g. an Ubuntu 24.04 cloud image). */
  readonly template: string;
  /** VM folder the stack creates; its parent must exist. @default `hubfleet-<cluster>` */
  readonly folder?: string;
  /** Accept a self-signed vCenter certificate. @default false */
  readonly allowUnverifiedSsl?: boolean;
  /**
   * GPUs by PCI passthrough, per pool name: one list of host PCI device IDs (e.g. `0000:3b:00.0`)
   * per VM of the pool, each list at least the pool's `gpus` long. A passthrough VM is pinned to the
   * ESXi host that has the devices (DRS cannot move it) and reserves all its memory. Required for
   * every pool with `gpus`.
   * @default {}
   */
  readonly pciPassthrough?: Readonly<Record<string, ReadonlyArray<readonly string[]>>>;
}

/** OpenStack placement of the VMs. */
export interface OpenStackInfrastructure extends NodeInfrastructureBase {
  readonly provider: 'openstack';
  /** Keystone URL (the provider's auth_url). */
  readonly authUrl: string;
  /** Region. @default 'RegionOne' */
  readonly region?: string;
  /** Glance image name for every node. */
  readonly image: string;
  /** Neutron network name the nodes attach to. */
  readonly network: string;
  /** Neutron subnet name of `network` (fixed addresses are taken from it). @default undefined (required with addressing) */
  readonly subnet?: string;
  /** Flavor per pool name; a pool without an entry fails validation. */
  readonly flavors: Readonly<Record<string, string>>;
  /** Nova keypair name for SSH (Kubespray needs SSH). */
  readonly keyPair: string;
  /** Availability zone. @default undefined (scheduler's choice) */
  readonly availabilityZone?: string;
  /** Boot from a Cinder volume of the pool's diskGiB. @default true */
  readonly bootFromVolume?: boolean;
  /** Cinder volume type per pool name, e.g. an SSD type for etcd. @default {} (the cloud's default type) */
  readonly volumeTypes?: Readonly<Record<string, string>>;
  /** Ranges allowed to reach SSH (22) and the API (6443). @default [networks.nodeCidr] */
  readonly adminCidrs?: readonly string[];
}

/** vSphere or OpenStack. */
export type NodeInfrastructure = VsphereInfrastructure | OpenStackInfrastructure;
