import { ClusterSpec } from '../lib/fleet/cluster-spec';
import { ethTeachingInfrastructure, ethTeachingKubernetes, ethTeachingNetworks, ethTeachingNodePools } from './eth-teaching.nodes';

/**
 * The university teaching cluster: RKE2 on VMware vSphere, 3 etcd VMs, 3 control-plane VMs and
 * 8 workers of 12 vCPUs / 48 GiB, NFS for homes, MetalLB, cert-manager, sealed-secrets and ArgoCD.
 * One source of truth for both the node stack (Terraform) and the app stack (Kubernetes).
 */
export const ethTeaching: ClusterSpec = {
  name: 'eth-teaching',
  domain: 'teaching.example-university.ch',
  kubernetes: ethTeachingKubernetes,
  nodePools: ethTeachingNodePools,
  networks: ethTeachingNetworks,
  infrastructure: ethTeachingInfrastructure,
  nfs: { server: '10.20.3.10', exportPath: '/export/teaching', mountOptions: ['nfsvers=4.1', 'hard', 'noatime'] },
  loadBalancerRange: '10.20.3.200-10.20.3.220',
  // The university's own networks: management zone and the campus LAN.
  blockedCidrs: ['129.132.0.0/16', '195.176.96.0/19'],
  ingress: { kind: 'ingress', className: 'traefik', controllerNamespace: 'traefik' },
  tls: { clusterIssuer: 'letsencrypt-prod', acmeEmail: 'platform-team@example-university.ch' },
  // The monitoring add-on (apps/*.ts): hubs expose their metrics to its Prometheus.
  monitoring: {},
  gitops: { repoUrl: 'https://git.example-university.ch/platform/teaching-gitops.git', revision: 'main', pathPrefix: 'dist' },
};
