import { ClusterSpec, cniOf, CniPlugin, SystemDaemonSpec } from '../fleet/cluster-spec';
import { installerOf } from '../fleet/kubernetes-distributions';

/**
 * Per-node pods that run on every node but are not in hubfleet's output: what the distribution
 * and its CNI start by themselves. `capacity.systemDaemons` in the ClusterSpec replaces this list
 * (declare your CSI node plugin, log shipper, monitoring agent there as well). Sources, read at the
 * versions hubfleet targets:
 * - RKE2 runs kube-proxy as a static pod on every node with requests 250m CPU / 128Mi
 *   (rancher/rke2 pkg/podtemplate/config.go, `defaultResources[KubeProxy]`);
 * - RKE2's canal: calico-node requests 250m CPU and no memory, kube-flannel requests nothing
 *   (rancher/rke2-charts packages/rke2-canal/charts/values.yaml, `calico.resources`, `flannel.resources`);
 * - Kubespray's calico-node requests 150m / 64M (roles/network_plugin/calico_defaults/defaults/main.yml)
 *   and nodelocaldns, on by default, 100m / 70Mi (roles/kubernetes-apps/ansible/defaults/main.yml);
 *   kubeadm's kube-proxy DaemonSet has no requests;
 * - clusters hubfleet does not create, by the declared CNI: Calico installed from its manifest
 *   (projectcalico/calico v3.31.7 manifests/calico.yaml: calico-node requests 250m CPU, no memory),
 *   canal as RKE2 ships it, Cilium (the cilium chart's agent and envoy DaemonSets request nothing by
 *   default: `resources: {}`), flannel (kube-flannel.yml: 100m / 50Mi); k3s runs kube-proxy and
 *   flannel inside its own process (no pod). Other CNIs (kube-router, antrea, weave) are not known:
 *   declare them.
 */
export function defaultSystemDaemons(spec: ClusterSpec): SystemDaemonSpec[] {
  const cni = cniOf(spec);
  if (spec.kubernetes.distribution === 'rke2') {
    return [
      { name: 'kube-proxy (RKE2 static pod)', cpu: 0.25, memoryMiB: 128 },
      ...(cni === 'canal' ? [{ name: 'canal: calico-node + kube-flannel', cpu: 0.25, memoryMiB: 0 }] : []),
    ];
  }
  if (spec.kubernetes.distribution === 'kubespray') return kubesprayDaemons(cni);
  // An existing cluster: its installer's kube-proxy and the declared CNI's node agent.
  const installer = installerOf(spec.kubernetes);
  if (installer === 'kubespray') return kubesprayDaemons(cni);
  const proxy: SystemDaemonSpec[] = installer === 'rke2' ? [{ name: 'kube-proxy (RKE2 static pod)', cpu: 0.25, memoryMiB: 128 }] : [];
  return [...proxy, ...(cni ? EXISTING_CNI_DAEMONS[cni] ?? [] : [])];
}

function kubesprayDaemons(cni: CniPlugin | undefined): SystemDaemonSpec[] {
  return [
    ...(cni === 'calico' ? [{ name: 'calico-node (Kubespray)', cpu: 0.15, memoryMiB: Math.round((64e6 / 1024 ** 2) * 10) / 10 }] : []),
    { name: 'nodelocaldns (Kubespray)', cpu: 0.1, memoryMiB: 70 },
  ];
}

/** The per-node pods of a CNI installed by its own upstream manifest or chart (sources above); undefined: not known. */
export const EXISTING_CNI_DAEMONS: Readonly<Partial<Record<CniPlugin, readonly SystemDaemonSpec[]>>> = {
  calico: [{ name: 'calico-node (Calico manifest)', cpu: 0.25, memoryMiB: 0 }],
  canal: [{ name: 'canal: calico-node + kube-flannel', cpu: 0.25, memoryMiB: 0 }],
  cilium: [
    { name: 'cilium-agent (chart default: no requests)', cpu: 0, memoryMiB: 0 },
    { name: 'cilium-envoy (chart default: no requests)', cpu: 0, memoryMiB: 0 },
  ],
  flannel: [{ name: 'kube-flannel (kube-flannel.yml)', cpu: 0.1, memoryMiB: 50 }],
};

/** The system daemons that apply to a cluster: the declared ones, else the distribution's defaults. */
export function systemDaemonsOf(spec: ClusterSpec): { daemons: SystemDaemonSpec[]; declared: boolean } {
  const declared = spec.capacity?.systemDaemons;
  return declared ? { daemons: [...declared], declared: true } : { daemons: defaultSystemDaemons(spec), declared: false };
}
