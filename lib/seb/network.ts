/**
 * SEB Server's NetworkPolicies (the namespace denies everything first) and the flows the cluster
 * model proves for them: only SEB Server, screen proctoring and the backup reach MariaDB, and the
 * database talks to nobody; the ingress controller reaches the public workloads; the webservice
 * reaches the LMS outside the cluster, never the pod and service networks or cloud metadata.
 */
import { Construct } from 'constructs';
import { cidrPeer, DNS_RULE, networkPolicy, podPeer, Rule, tcp } from '../core/network-policy';
import { ClusterSpec } from '../fleet/cluster-spec';
import { ingressControllerPeers } from '../fleet/public-route';
import { FlowDecl, PackageDeclarations, pods, service } from '../model/declarations';
import { DB_CLIENT_LABEL, SEB_DB } from './mariadb';
import { ResolvedSeb, SEB_PORTS } from './resolved';
import { SebScope } from './workload';

/** The policies of every workload of `r`, and its flows. */
export function sebNetwork(scope: Construct, d: PackageDeclarations, s: SebScope, r: ResolvedSeb, spec: ClusterSpec): void {
  sebNetworkPolicies(scope, s, r, spec);
  for (const f of sebFlows(s, r)) d.flow(f);
}

function sebNetworkPolicies(scope: Construct, s: SebScope, r: ResolvedSeb, spec: ClusterSpec): void {
  const { labels, select } = s.labels;
  const ns = s.namespace;
  const mode = r.mode;
  const sebComponent = mode === 'bundled' ? 'server' : 'webservice';
  const sebName = mode === 'bundled' ? 'seb-server' : 'seb-webservice';
  const controller: Rule['peers'] = ingressControllerPeers(scope);
  const db = podPeer(select('mariadb'));
  const dbRule: Rule = { peers: [db], ports: tcp(SEB_DB.port) };
  const seb = podPeer(select(sebComponent));
  const gui = podPeer(select('gui'));
  const spsWs = podPeer(select('sps-webservice'));
  const spsGui = podPeer(select('sps-gui'));
  // Outside the cluster (LMS REST APIs, the public SPS URL via the load balancer), but never the pod
  // and service networks or link-local (cloud metadata).
  const outside = cidrPeer('0.0.0.0/0', ['169.254.0.0/16', spec.networks.podCidr ?? '10.42.0.0/16', spec.networks.serviceCidr ?? '10.43.0.0/16']);
  networkPolicy(scope, 'mariadb-netpol', {
    name: 'seb-mariadb',
    namespace: ns,
    labels: labels('mariadb'),
    podSelector: select('mariadb'),
    ingress: [{ peers: [podPeer(DB_CLIENT_LABEL)], ports: tcp(SEB_DB.port) }],
    egress: [],
  });
  networkPolicy(scope, 'server-netpol', {
    name: sebName,
    namespace: ns,
    labels: labels(sebComponent),
    podSelector: select(sebComponent),
    ingress: [{ peers: [...controller!, ...(mode === 'split' ? [gui] : []), ...(r.sps ? [spsWs, spsGui] : [])], ports: tcp(SEB_PORTS.seb) }],
    egress: [
      DNS_RULE,
      dbRule,
      ...(r.sps ? [{ peers: [spsWs], ports: tcp(SEB_PORTS.sps) }] : []),
      ...(r.lmsEgressPorts.length ? [{ peers: [outside], ports: tcp(...r.lmsEgressPorts) }] : []),
    ],
  });
  if (mode === 'split') {
    networkPolicy(scope, 'gui-netpol', {
      name: 'seb-guiservice',
      namespace: ns,
      labels: labels('gui'),
      podSelector: select('gui'),
      ingress: [{ peers: controller, ports: tcp(SEB_PORTS.seb) }],
      egress: [DNS_RULE, { peers: [seb], ports: tcp(SEB_PORTS.seb) }],
    });
  }
  if (r.sps) {
    networkPolicy(scope, 'sps-netpol', {
      name: 'sps-webservice',
      namespace: ns,
      labels: labels('sps-webservice'),
      podSelector: select('sps-webservice'),
      // 8090 only: the image's unauthenticated JMX port (9091) is never admitted.
      ingress: [{ peers: [...controller!, seb, spsGui], ports: tcp(SEB_PORTS.sps) }],
      egress: [DNS_RULE, dbRule, { peers: [seb], ports: tcp(SEB_PORTS.seb) }],
    });
    networkPolicy(scope, 'sps-gui-netpol', {
      name: 'sps-guiservice',
      namespace: ns,
      labels: labels('sps-gui'),
      podSelector: select('sps-gui'),
      ingress: [{ peers: controller, ports: tcp(SEB_PORTS.spsGui) }],
      egress: [DNS_RULE, { peers: [spsWs], ports: tcp(SEB_PORTS.sps) }, { peers: [seb], ports: tcp(SEB_PORTS.seb) }],
    });
  }
  networkPolicy(scope, 'backup-netpol', {
    name: 'seb-db-backup',
    namespace: ns,
    labels: labels('backup'),
    podSelector: select('backup'),
    ingress: [],
    egress: [DNS_RULE, dbRule],
  });
}

/** What the cluster model proves: who reaches the database, and that it reaches nobody. */
function sebFlows(s: SebScope, r: ResolvedSeb): FlowDecl[] {
  const { select } = s.labels;
  const ns = s.namespace;
  const mode = r.mode;
  const sebComponent = mode === 'bundled' ? 'server' : 'webservice';
  const end = (component: string, what: string) => pods(ns, select(component), what);
  const allowed = (from: FlowDecl['from'], to: FlowDecl['to'], port: number | string, why: string, protocol: 'TCP' | 'UDP' = 'TCP'): FlowDecl => ({ from, to, port, protocol, expect: 'allowed', why });
  const sebEnd = end(sebComponent, mode === 'bundled' ? 'SEB Server' : 'the SEB webservice');
  const backupEnd = end('backup', 'the database backup');
  const dbEnd = end('mariadb', 'MariaDB');
  const flows: FlowDecl[] = [
    allowed(sebEnd, service(ns, SEB_DB.host), 'mysql', 'SEB Server keeps its data in MariaDB'),
    allowed(backupEnd, service(ns, SEB_DB.host), 'mysql', 'the nightly backup dumps the database'),
    allowed(sebEnd, { kind: 'dns' }, 53, 'it resolves the database Service', 'UDP'),
    allowed(backupEnd, { kind: 'dns' }, 53, 'it resolves the database Service', 'UDP'),
    { from: dbEnd, to: { kind: 'other-namespaces' }, port: 'any', expect: 'denied', why: 'the database talks to nobody' },
    { from: dbEnd, to: { kind: 'address', cidr: '0.0.0.0/0', name: 'any address' }, port: 'any', expect: 'denied', why: 'the database talks to nobody' },
  ];
  if (mode === 'split') flows.push(allowed(end('gui', 'the SEB GUI'), service(ns, 'seb-webservice'), 'http', 'the GUI calls the webservice API'));
  if (r.sps) {
    flows.push(
      allowed(end('sps-webservice', 'screen proctoring'), service(ns, SEB_DB.host), 'mysql', 'screen proctoring keeps its data in MariaDB'),
      allowed(sebEnd, service(ns, 'sps-webservice'), 'http', 'SEB Server registers exams with screen proctoring'),
      allowed(end('sps-gui', 'the screen proctoring GUI'), service(ns, 'sps-webservice'), 'http', 'the proctoring GUI calls its webservice'),
    );
  }
  return flows;
}
