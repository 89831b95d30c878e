import { ClusterSpec } from '../lib/fleet/cluster-spec';

/**
 * The university teaching cluster: RKE2 on VMware vSphere, 3 etcd VMs, 3 control-plane VMs and
 * 8 workers of 12 vCPUs / 48 GiB, NFS for homes, MetalLB, cert-manager, sealed-secrets and ArgoCD.
 * One source of truth for both the node stack (Terraform) and the app stack (Kubernetes).
 */
export const ethTeaching: ClusterSpec = {
  name: 'eth-teaching',
  domain: 'teaching.example-university.ch',
  kubernetes: { distribution: 'rke2', version: 'v1.32.5+rke2r1' },
  nodePools: [
    { name: 'etcd', roles: ['etcd'], count: 3, vcpus: 2, memoryGiB: 8, diskGiB: 50 },
    { name: 'cp', roles: ['control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80 },
    { name: 'worker', roles: ['worker'], count: 8, vcpus: 12, memoryGiB: 48, diskGiB: 200, labels: { 'hub.jupyter.org/node-purpose': 'user' } },
  ],
  networks: { nodeCidr: '10.20.0.0/22', podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16' },
  nfs: { server: '10.20.3.10', exportPath: '/export/teaching', mountOptions: ['nfsvers=4.1', 'hard', 'noatime'] },
  loadBalancerRange: '10.20.3.200-10.20.3.220',
  // The university's own networks: management zone and the campus LAN.
  blockedCidrs: ['129.132.0.0/16', '195.176.96.0/19'],
  ingress: { kind: 'ingress', className: 'traefik', controllerNamespace: 'traefik' },
  tls: { clusterIssuer: 'letsencrypt-prod', acmeEmail: 'platform-team@example-university.ch' },
  gitops: { repoUrl: 'https://git.example-university.ch/platform/teaching-gitops.git', revision: 'main', pathPrefix: 'dist' },
};
