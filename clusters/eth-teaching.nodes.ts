/**
 * Node-side facts of the eth-teaching cluster (imported into clusters/eth-teaching.ts): RKE2 on
 * VMware vSphere with dedicated etcd VMs (etcd.io's "small" size: 2 vCPU / 8 GiB on an NVMe
 * datastore), three control-plane VMs and 8 workers of 12 vCPUs / 48 GiB.
 */
import type { ClusterNetworks, ClusterSpec, NodePoolSpec } from '../lib/fleet/cluster-spec';
import type { VsphereInfrastructure } from '../lib/nodes/infrastructure';

// RKE2's stable channel (rancher/rke2 channels.yaml); 1.35 reaches end of life on 2027-02-28
// (lib/nodes/kubernetes-releases.ts). bootstrapped stays unset (false) until the first apply has
// started the cluster: see lib/nodes/README.md, "Bootstrap".
export const ethTeachingKubernetes: ClusterSpec['kubernetes'] = { distribution: 'rke2', version: 'v1.35.7+rke2r1' };

export const ethTeachingNodePools: readonly NodePoolSpec[] = [
  {
    name: 'etcd',
    roles: ['etcd'],
    count: 3,
    vcpus: 2,
    memoryGiB: 8,
    diskGiB: 50,
    taints: [{ key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' }],
  },
  {
    name: 'cp',
    roles: ['control-plane'],
    count: 3,
    vcpus: 4,
    memoryGiB: 16,
    diskGiB: 80,
    taints: [{ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' }],
  },
  {
    name: 'worker',
    roles: ['worker'],
    count: 8,
    vcpus: 12,
    memoryGiB: 48,
    diskGiB: 200,
    labels: { 'hub.jupyter.org/node-purpose': 'user' },
  },
  {
    // Two GPU servers for the data-science, machine-learning and deep-learning GPU profiles; the
    // taint keeps CPU-only notebooks off them. The NVIDIA device plugin must run on them.
    name: 'gpu',
    roles: ['worker'],
    count: 2,
    vcpus: 16,
    memoryGiB: 128,
    diskGiB: 300,
    gpus: 2,
    labels: { 'hub.jupyter.org/node-purpose': 'user', 'hubfleet.io/gpu': 'true' },
    taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
  },
];

export const ethTeachingNetworks: ClusterNetworks = {
  nodeCidr: '10.20.0.0/22',
  podCidr: '10.42.0.0/16',
  serviceCidr: '10.43.0.0/16',
};

export const ethTeachingInfrastructure: VsphereInfrastructure = {
  provider: 'vsphere',
  vcenter: 'vcenter.example-university.ch',
  datacenter: 'DC-Teaching',
  computeCluster: 'teaching-drs',
  datastore: 'teaching-ds01',
  // etcd fsyncs every write: keep its disks on the NVMe datastore.
  datastores: { etcd: 'teaching-nvme01' },
  network: 'teaching-nodes-vlan2020',
  template: 'ubuntu-2404-cloudinit',
  folder: 'hubfleet-eth-teaching',
  // A load balancer (VIP 10.20.0.5) forwards 6443 to the control plane and 9345 to all servers.
  apiHost: 'k8s-api.teaching.example-university.ch',
  tlsSans: ['10.20.0.5'],
  sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHubfleetExampleKeyReplaceWithThePlatformTeamKey platform-team@example-university.ch'],
  // Two A100s per GPU VM by PCI passthrough (device IDs from each ESXi host's PCI device list).
  pciPassthrough: { gpu: [['0000:3b:00.0', '0000:d8:00.0'], ['0000:3b:00.0', '0000:d8:00.0']] },
  addressing: {
    firstAddress: { etcd: '10.20.0.11', cp: '10.20.0.21', worker: '10.20.0.31', gpu: '10.20.0.51' },
    gateway: '10.20.0.1',
    dnsServers: ['10.20.0.2', '10.20.0.3'],
    searchDomains: ['teaching.example-university.ch'],
  },
};
