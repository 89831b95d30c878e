import { ClusterSpec } from '../lib/fleet/cluster-spec';

/**
 * A bare-metal teaching cluster that hubfleet does not create, stated as it is (issue 20): kubeadm on
 * one control-plane node and 18 workers of two sizes (four of them with GPUs), Calico, and MetalLB and
 * cert-manager installed long ago. Clients reach it through the campus gateway host, whose nginx
 * passes TLS through (stream module, PROXY protocol) to one MetalLB address. Homes live on a ZFS
 * server that exports them over NFS; an earlier Zero to JupyterHub deployment left homes there.
 * Hub databases sit on the workers' local disks (local-path-provisioner, apps/campus-metal.ts).
 */
export const campusMetal: ClusterSpec = {
  name: 'campus-metal',
  domain: 'campus.example.edu',
  kubernetes: {
    distribution: 'existing',
    // What `kubectl version` reports. 1.33 is past its end of life (2026-06-28): synth warns, and the
    // output uses no field 1.33 lacks (wiring-kubernetes-api).
    version: 'v1.33.7',
    cni: 'calico',
    installedWith: 'kubeadm',
  },
  nodePools: [
    {
      name: 'control-plane',
      roles: ['etcd', 'control-plane'],
      count: 1,
      vcpus: 16,
      memoryGiB: 64,
      diskGiB: 480,
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    },
    {
      // Dell R650 class: 2 × 16 cores with hyper-threading off, 256 GiB, a local NVMe for volumes.
      name: 'worker',
      roles: ['worker'],
      count: 14,
      vcpus: 32,
      memoryGiB: 256,
      diskGiB: 960,
      labels: { 'hub.jupyter.org/node-purpose': 'user', 'campus.example.edu/local-nvme': 'true' },
    },
    {
      // The GPU servers: 4 × 48 cores, 512 GiB, 2 NVIDIA L40S each; only GPU servers land here.
      name: 'gpu',
      roles: ['worker'],
      count: 4,
      vcpus: 48,
      memoryGiB: 512,
      diskGiB: 1920,
      gpus: 2,
      labels: { 'hub.jupyter.org/node-purpose': 'user', 'campus.example.edu/gpu': 'l40s' },
      taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
    },
  ],
  networks: {
    // The campus network the nodes are in, as routed: it overlaps kubeadm's service range, which the
    // cluster was installed with (synth warns, naming the pair; nothing in the output depends on it).
    nodeCidr: '10.0.0.0/8',
    podCidr: '192.168.0.0/16', // Calico's default pool (kubeadm init --pod-network-cidr 192.168.0.0/16)
    serviceCidr: '10.96.0.0/12', // kubeadm's default
  },
  // The ZFS server (tank/jupyter, exported with sec=sys, no_root_squash for the provisioner).
  nfs: { server: 'zfs01.campus.example.edu', exportPath: '/tank/jupyter', mountOptions: ['nfsvers=4.2', 'hard', 'noatime'] },
  // Eduroam, the library and the management network: notebooks never reach them.
  blockedCidrs: ['172.20.0.0/14'],
  existingAddons: {
    metallb: { pools: [{ name: 'campus-public', addresses: ['10.0.5.10-10.0.5.40'] }] },
    // cert-manager 1.14 with its Let's Encrypt issuers (HTTP-01 through the ingress class).
    // Its chart serves metrics on the controller's Service port named as before cert-manager 1.21.
    certManager: {
      issuers: [{ name: 'letsencrypt-prod', solver: 'http01' }, { name: 'letsencrypt-staging', solver: 'http01' }],
      metrics: { servicePort: 'tcp-prometheus-servicemonitor' },
    },
  },
  ingress: {
    kind: 'ingress',
    className: 'traefik',
    controllerNamespace: 'traefik',
    exposure: {
      type: 'load-balancer',
      provider: 'metallb',
      // The address the gateway's nginx forwards to.
      address: '10.0.5.10',
      upstreamProxy: {
        name: 'gateway.campus.example.edu',
        addresses: ['10.0.5.2/32'],
        mode: 'tcp',
        clientAddress: 'proxy-protocol',
        // 443 for the hubs, 80 for Let's Encrypt's HTTP-01 challenges.
        forwardsPorts: [80, 443],
      },
    },
  },
  // hubfleet's monitoring add-on (apps/campus-metal.ts) replaces the kube-prometheus-stack once
  // installed by hand; every hub exposes its metrics to it.
  monitoring: {},
  tls: { clusterIssuer: 'letsencrypt-prod', acmeEmail: 'jupyter-admins@campus.example.edu' },
  gitops: { repoUrl: 'https://git.campus.example.edu/research-computing/jupyter-gitops.git', revision: 'main', pathPrefix: 'dist' },
};
