/**
 * Node-side facts of the e2x cluster (imported into clusters/e2x.ts): Kubernetes installed by
 * Kubespray on OpenStack, 3 dedicated etcd instances and 2 control-plane ("master") instances in
 * anti-affinity server groups, and the workers that run the assignment, exam and grading hubs.
 * OpenStack there has no load-balancer service: a separate instance in the node network fronts the
 * NodePorts (not managed here, like the NFS server).
 */
import type { ClusterNetworks, ClusterSpec, NodePoolSpec } from '../lib/fleet/cluster-spec';
import type { OpenStackInfrastructure } from '../lib/nodes/infrastructure';

// Kubespray v2.31.0 (the release hubfleet's inventory is written for) installs 1.35.0–1.35.4;
// 1.35 reaches end of life on 2027-02-28 (lib/nodes/kubernetes-releases.ts).
export const e2xKubernetes: ClusterSpec['kubernetes'] = { distribution: 'kubespray', version: 'v1.35.4' };

export const e2xNodePools: readonly NodePoolSpec[] = [
  {
    name: 'etcd',
    roles: ['etcd'],
    count: 3,
    vcpus: 2,
    memoryGiB: 8,
    diskGiB: 50,
  },
  {
    name: 'cp',
    roles: ['control-plane'],
    count: 2,
    vcpus: 4,
    memoryGiB: 16,
    diskGiB: 80,
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  },
  {
    name: 'worker',
    roles: ['worker'],
    count: 4,
    vcpus: 8,
    memoryGiB: 32,
    diskGiB: 200,
    labels: { 'hub.jupyter.org/node-purpose': 'user' },
  },
  {
    // The exam pool, as e2x runs it: exam servers only (label and taint; ExamHub examPool 'exam'),
    // sized for 120 seats of 1 CPU / 2 GiB with Guaranteed QoS (31 seats per node after the reserve).
    name: 'exam',
    roles: ['worker'],
    count: 4,
    vcpus: 32,
    memoryGiB: 128,
    diskGiB: 100,
    labels: { 'hub.jupyter.org/node-purpose': 'exam' },
    taints: [{ key: 'hub.jupyter.org/dedicated', value: 'exam', effect: 'NoSchedule' }],
  },
];

export const e2xNetworks: ClusterNetworks = {
  nodeCidr: '10.30.0.0/24',
  podCidr: '10.42.0.0/16',
  serviceCidr: '10.43.0.0/16',
};

export const e2xInfrastructure: OpenStackInfrastructure = {
  provider: 'openstack',
  authUrl: 'https://keystone.cloud.example-hbrs.de:5000/v3',
  region: 'RegionOne',
  image: 'ubuntu-24.04-server-cloudimg-amd64',
  network: 'e2x-nodes',
  subnet: 'e2x-nodes-v4',
  flavors: { etcd: 'c2.r8', cp: 'c4.r16', worker: 'c8.r32', exam: 'c32.r128' },
  volumeTypes: { etcd: 'ssd' },
  keyPair: 'e2x-deploy',
  sshUser: 'ubuntu',
  // The admin VPN reaches SSH and the API; the node network holds the load-balancer instance.
  adminCidrs: ['10.30.0.0/24', '192.0.2.0/24'],
  apiHost: 'k8s-api.e2x.example-hbrs.de',
  addressing: {
    firstAddress: { etcd: '10.30.0.11', cp: '10.30.0.21', worker: '10.30.0.31', exam: '10.30.0.41' },
  },
};
