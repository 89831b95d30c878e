/**
 * The hub's NetworkPolicies (the namespace denies everything first; lib/fleet/isolated-namespace.ts)
 * and the flows the cluster model proves for them (flows.ts): hub, proxy, user servers, ngshare.
 * User servers reach the internet minus every private and blocked range, plus the hub's egress
 * allowances; they never reach cloud metadata, the Kubernetes API or another namespace.
 */
import { Construct } from 'constructs';
import { PropRule } from '../../core/errors';
import { parseCidr } from '../../core/names';
import { cidrPeer, DNS_RULE, networkPolicy, podPeer, Rule, tcp } from '../../core/network-policy';
import { ingressControllerPeers } from '../../fleet/public-route';
import { ClusterSpec, forbiddenCidrs } from '../../fleet/cluster-spec';
import { PackageDeclarations } from '../../model/declarations';
import { EgressAllowance } from '../course-jupyterhub-props';
import { HUB_PORTS } from '../ports';
import { HubLabels, ResolvedHub, userServerSelector } from '../resolved';
import { hubFlows } from './flows';

/** What a hub kind may change in the network part. */
export interface NetworkExtension {
  /**
   * Declare, for the cluster model to prove, that notebooks reach nothing in their namespace but
   * their hub and proxy (and ngshare): exam and grading hubs. @default false
   */
  readonly isolateNotebooks?: boolean;
  /**
   * Further rules of the hub's own policies, for pods a hub kind adds (the grade service): who
   * else may reach the hub, and what the hub, the proxy and the user servers may reach.
   * @default {}
   */
  readonly rules?: { readonly hubIngress?: readonly Rule[]; readonly hubEgress?: readonly Rule[]; readonly proxyEgress?: readonly Rule[]; readonly userEgress?: readonly Rule[] };
}

/** The network rules; each row has a "fails …" test (test/hub/course-jupyterhub.test.ts). */
export const NETWORK_RULES: readonly PropRule<ResolvedHub>[] = [
  { id: 'hub-egress', field: 'egressAllowances[].cidr', value: (r) => (r.props.egressAllowances ?? []).map((e) => e.cidr), ok: (r) => (r.props.egressAllowances ?? []).every((e) => parseCidr(e.cidr) !== undefined && e.reason.length > 0), message: 'an egress allowance has a CIDR that does not parse or no reason.', fix: 'write each as { cidr: "10.1.2.3/32", tcpPorts: [443], reason: "package mirror" }.' },
];

/** What {@link hubNetwork} needs. */
export interface HubNetworkInput {
  readonly spec: ClusterSpec;
  readonly namespace: string;
  /** The course id (the user servers' `release` label). */
  readonly release: string;
  readonly labels: HubLabels;
  readonly nbgrader: boolean;
  /** Ports the hub reaches outside the cluster: the login provider's, 443 for templates from Git. */
  readonly hubEgressPorts: readonly number[];
  /** May user servers reach the public internet (minus every blocked range)? */
  readonly internet: boolean;
  readonly allowances: readonly EgressAllowance[];
  /** May user servers resolve names? */
  readonly userDns: boolean;
  readonly extension?: NetworkExtension;
}

/** NetworkPolicies `hub`, `proxy`, `singleuser` (and `ngshare`), and the flows they must allow and deny. */
export function hubNetwork(scope: Construct, d: PackageDeclarations, o: HubNetworkInput): void {
  const { labels, select } = o.labels;
  const ns = o.namespace;
  const nb = o.nbgrader;
  const PORT = HUB_PORTS;
  const hub = podPeer(select('hub'));
  const proxy = podPeer(select('proxy'));
  const users = podPeer(userServerSelector(o.release));
  const ngshare = podPeer(select('ngshare'));
  const apiServer: Rule[] = [
    { peers: [cidrPeer(o.spec.networks.nodeCidr)], ports: tcp(6443) },
    { peers: [cidrPeer(o.spec.networks.serviceCidr ?? '10.43.0.0/16')], ports: tcp(443) },
  ];
  const egressPorts = [...o.hubEgressPorts];
  const extra = o.extension?.rules ?? {};
  networkPolicy(scope, 'hub-netpol', {
    name: 'hub',
    namespace: ns,
    labels: labels('hub'),
    podSelector: select('hub'),
    ingress: [{ peers: [proxy, users, ...(nb ? [ngshare] : [])], ports: tcp(PORT.hub) }, ...(extra.hubIngress ?? [])],
    egress: [
      DNS_RULE,
      { peers: [proxy], ports: tcp(PORT.proxyApi) },
      { peers: [users], ports: tcp(PORT.singleuser) },
      ...(nb ? [{ peers: [ngshare], ports: tcp(PORT.ngshare) }] : []),
      ...apiServer,
      // The login provider (LMS keyset, LDAP, IdP) may sit on campus; only link-local stays closed.
      ...(egressPorts.length ? [{ peers: [cidrPeer('0.0.0.0/0', ['169.254.0.0/16'])], ports: tcp(...egressPorts) }] : []),
      ...(extra.hubEgress ?? []),
    ],
  });
  networkPolicy(scope, 'proxy-netpol', {
    name: 'proxy',
    namespace: ns,
    labels: labels('proxy'),
    podSelector: select('proxy'),
    ingress: [
      { peers: ingressControllerPeers(scope), ports: tcp(PORT.proxyHttp) },
      { peers: [hub], ports: tcp(PORT.proxyApi) },
    ],
    egress: [DNS_RULE, { peers: [hub], ports: tcp(PORT.hub) }, { peers: [users], ports: tcp(PORT.singleuser) }, ...(nb ? [{ peers: [ngshare], ports: tcp(PORT.ngshare) }] : []), ...(extra.proxyEgress ?? [])],
  });
  const userNp = networkPolicy(scope, 'singleuser-netpol', {
    name: 'singleuser',
    namespace: ns,
    labels: labels('singleuser'),
    podSelector: userServerSelector(o.release),
    ingress: [{ peers: [hub, proxy], ports: tcp(PORT.singleuser) }],
    egress: [
      // Exam servers reach hub and exchange by Service address (no DNS: no way out through the resolver).
      ...(o.userDns ? [DNS_RULE] : []),
      { peers: [hub], ports: tcp(PORT.hub) },
      { peers: [proxy], ports: tcp(PORT.proxyHttp) },
      ...(nb ? [{ peers: [ngshare], ports: tcp(PORT.ngshare) }] : []),
      ...(extra.userEgress ?? []),
      ...(o.internet ? [{ peers: [cidrPeer('0.0.0.0/0', forbiddenCidrs(o.spec))] }] : []),
      ...o.allowances.map((a) => ({ peers: [cidrPeer(a.cidr)], ...(a.tcpPorts?.length ? { ports: tcp(...a.tcpPorts) } : {}) })),
    ],
  });
  if (o.allowances.length) userNp.addAnnotations({ 'hubfleet.io/egress-allowances': o.allowances.map((a) => `${a.cidr}: ${a.reason}`).join('; ') });
  if (nb) {
    networkPolicy(scope, 'ngshare-netpol', {
      name: 'ngshare',
      namespace: ns,
      labels: labels('ngshare'),
      podSelector: select('ngshare'),
      ingress: [{ peers: [users, proxy, hub], ports: tcp(PORT.ngshare) }],
      egress: [DNS_RULE, { peers: [hub], ports: tcp(PORT.hub) }],
    });
  }
  for (const f of hubFlows(o.spec, {
    namespace: ns,
    select: { hub: select('hub'), proxy: select('proxy'), ngshare: select('ngshare'), users: userServerSelector(o.release) },
    nbgrader: nb,
    internet: o.internet,
    allowances: o.allowances.map((a) => a.cidr),
    exam: o.extension?.isolateNotebooks === true,
    userDns: o.userDns,
  })) d.flow(f);
}
