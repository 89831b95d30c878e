import { ClusterSpec } from '../../lib/fleet/cluster-spec';

/**
 * A bare-metal cluster as its engineer states it (issue 20; the example clusters/campus-metal.ts in
 * small): kubeadm, Calico, MetalLB and cert-manager installed long ago, a gateway whose nginx passes
 * TLS through to a MetalLB address with the PROXY protocol, a ZFS server exporting NFS homes. A plain
 * object cast once, so tests can override any fact as a user would write it.
 */
export function bareMetal(overrides: Record<string, unknown> = {}): ClusterSpec {
  return {
    name: 'metal',
    domain: 'jupyter.example.edu',
    kubernetes: { distribution: 'existing', version: 'v1.35.4', cni: 'calico', installedWith: 'kubeadm' },
    nodePools: [
      { name: 'cp', roles: ['control-plane'], count: 1, vcpus: 8, memoryGiB: 32, diskGiB: 200, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
      { name: 'worker', roles: ['worker'], count: 4, vcpus: 16, memoryGiB: 64, diskGiB: 400 },
    ],
    networks: { nodeCidr: '10.10.0.0/24', podCidr: '192.168.0.0/16', serviceCidr: '10.96.0.0/12' },
    nfs: { server: '10.10.0.5', exportPath: '/tank/homes' },
    existingStorageClasses: [{ name: 'local-path', provisioner: 'rancher.io/local-path', usedFor: ['database'] }],
    existingAddons: {
      metallb: { pools: [{ name: 'campus', addresses: ['10.10.0.200-10.10.0.220'] }] },
      certManager: { issuers: [{ name: 'letsencrypt-prod', solver: 'http01' }] },
    },
    ingress: {
      kind: 'ingress',
      className: 'traefik',
      controllerNamespace: 'traefik',
      exposure: {
        type: 'load-balancer',
        address: '10.10.0.200',
        upstreamProxy: { name: 'gateway.example.edu', addresses: ['10.10.0.2/32'], mode: 'tcp', clientAddress: 'proxy-protocol', forwardsPorts: [80, 443] },
      },
    },
    tls: { clusterIssuer: 'letsencrypt-prod', acmeEmail: 'ops@example.edu' },
    gitops: { repoUrl: 'https://git.example.edu/ops/gitops.git' },
    ...overrides,
  } as unknown as ClusterSpec;
}

