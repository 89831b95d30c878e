import { ClusterSpec } from '../lib/fleet/cluster-spec';
import { e2xInfrastructure, e2xKubernetes, e2xNetworks, e2xNodePools } from './e2x.nodes';

/**
 * A department cluster on OpenStack (installed with Kubespray): an assignment hub, an exam hub that
 * only pool rooms and the VPN reach and whose notebooks have no internet, and a grading hub (LDAP).
 */
export const e2x: ClusterSpec = {
  name: 'e2x',
  domain: 'e2x.example-hbrs.de',
  kubernetes: e2xKubernetes,
  nodePools: e2xNodePools,
  networks: e2xNetworks,
  infrastructure: e2xInfrastructure,
  nfs: { server: '10.30.0.5', exportPath: '/srv/nfs/e2x' },
  // The department LAN and the university's management network.
  blockedCidrs: ['194.95.64.0/19'],
  // No load-balancer service in this cloud: the load-balancer instance in the node network
  // (10.30.0.4, not managed here) forwards 80/443 to the NodePorts with the PROXY protocol.
  ingress: {
    kind: 'ingress',
    className: 'traefik',
    controllerNamespace: 'traefik',
    exposure: { type: 'node-port', httpNodePort: 30080, httpsNodePort: 30443, trustedProxyCidrs: ['10.30.0.4/32'] },
  },
  tls: { clusterIssuer: 'letsencrypt-prod', acmeEmail: 'e2x-admins@example-hbrs.de' },
  // The monitoring add-on (apps/*.ts): hubs expose their metrics to its Prometheus.
  monitoring: {},
  gitops: { repoUrl: 'https://git.example-hbrs.de/e2x/gitops.git', revision: 'main', pathPrefix: 'dist' },
};
