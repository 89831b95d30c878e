/**
 * What each Kubernetes distribution chooses when nobody says otherwise: its pod and service
 * ranges (so that a message about overlapping networks names the cluster's own defaults, not
 * RKE2's on a kubeadm cluster). Plain data, read by the ClusterSpec rules and `hubfleet init`.
 *
 * Sources (read from upstream snapshots, 2026-12):
 * - kubeadm: `DefaultServicesSubnet = "10.96.0.0/12"` (kubernetes/kubernetes
 *   cmd/kubeadm/app/apis/kubeadm/v1beta4/defaults.go); no pod range unless `--pod-network-cidr`
 *   is given, so the CNI's own default applies (Calico's manifest: `CALICO_IPV4POOL_CIDR`
 *   192.168.0.0/16, projectcalico/calico v3.31.7 manifests/calico.yaml; flannel: 10.244.0.0/16);
 * - k3s: `--cluster-cidr` 10.42.0.0/16, `--service-cidr` 10.43.0.0/16 (k3s-io/k3s pkg/cli/cmds/server.go);
 * - RKE2: the same flags and defaults as k3s (its server command embeds k3s' flags);
 * - Kubespray: `kube_pods_subnet` 10.233.64.0/18, `kube_service_addresses` 10.233.0.0/18
 *   (kubernetes-sigs/kubespray roles/kubespray_defaults/defaults/main/main.yml);
 * - MicroK8s: pods 10.1.0.0/16, services 10.152.183.0/24 (canonical/microk8s launch configuration).
 */

/** Who installed an existing cluster. */
export type KubernetesInstaller = 'kubeadm' | 'k3s' | 'rke2' | 'kubespray' | 'microk8s' | 'other';

/** A distribution's default ranges. */
export interface DistributionNetworkDefaults {
  readonly installer: Exclude<KubernetesInstaller, 'other'>;
  /** For messages, e.g. `kubeadm`. */
  readonly title: string;
  /** Default pod range; undefined when the distribution has none (kubeadm: the CNI decides). */
  readonly podCidr?: string;
  /** What decides the pod range when the distribution does not. */
  readonly podCidrNote?: string;
  readonly serviceCidr: string;
  /** Where an operator reads the real values of a running cluster. */
  readonly readFrom: string;
}

export const DISTRIBUTION_NETWORK_DEFAULTS: Readonly<Record<Exclude<KubernetesInstaller, 'other'>, DistributionNetworkDefaults>> = {
  kubeadm: {
    installer: 'kubeadm',
    title: 'kubeadm',
    podCidrNote: 'none unless `kubeadm init --pod-network-cidr` sets one; the CNI then uses its own (Calico 192.168.0.0/16, flannel 10.244.0.0/16)',
    serviceCidr: '10.96.0.0/12',
    readFrom: '`kubectl -n kube-system get cm kubeadm-config -o yaml` (networking.podSubnet, networking.serviceSubnet)',
  },
  k3s: { installer: 'k3s', title: 'k3s', podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16', readFrom: 'the server\'s --cluster-cidr and --service-cidr (/etc/rancher/k3s/config.yaml)' },
  rke2: { installer: 'rke2', title: 'RKE2', podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16', readFrom: 'the server\'s cluster-cidr and service-cidr (/etc/rancher/rke2/config.yaml)' },
  kubespray: { installer: 'kubespray', title: 'Kubespray', podCidr: '10.233.64.0/18', serviceCidr: '10.233.0.0/18', readFrom: 'kube_pods_subnet and kube_service_addresses in the inventory\'s group_vars/k8s_cluster/k8s-cluster.yml' },
  microk8s: { installer: 'microk8s', title: 'MicroK8s', podCidr: '10.1.0.0/16', serviceCidr: '10.152.183.0/24', readFrom: '/var/snap/microk8s/current/args/kube-apiserver (--service-cluster-ip-range) and the Calico IP pool' },
};

/**
 * Who installed a cluster: RKE2 and Kubespray for the clusters hubfleet creates; for an existing
 * cluster the declared `installedWith`, else what the version's build suffix says (`+k3s1`,
 * `+rke2r1`), else unknown.
 */
export function installerOf(k: { readonly distribution: string; readonly version: string; readonly installedWith?: KubernetesInstaller }): KubernetesInstaller | undefined {
  if (k.distribution === 'rke2') return 'rke2';
  if (k.distribution === 'kubespray') return 'kubespray';
  if (k.installedWith) return k.installedWith;
  if (/\+k3s\d+$/.test(k.version)) return 'k3s';
  if (/\+rke2r\d+$/.test(k.version)) return 'rke2';
  return undefined;
}

/** The defaults of an installer, for messages; undefined for unknown or `other`. */
export function networkDefaultsOf(installer: KubernetesInstaller | undefined): DistributionNetworkDefaults | undefined {
  return installer && installer !== 'other' ? DISTRIBUTION_NETWORK_DEFAULTS[installer] : undefined;
}

/** One line naming a distribution's defaults, e.g. `kubeadm's defaults: pods none unless …, services 10.96.0.0/12`. */
export function describeNetworkDefaults(d: DistributionNetworkDefaults): string {
  return `${d.title}'s defaults: pods ${d.podCidr ?? `(${d.podCidrNote})`}, services ${d.serviceCidr}; read the real ones from ${d.readFrom}`;
}
