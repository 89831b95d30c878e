import { cidrOverlaps, parseCidr } from '../../core/names';
import { ClusterSpec, forbiddenCidrs } from '../../fleet/cluster-spec';
import { FlowDecl, Labels, pods, service } from '../../model/declarations';
import { HUB_PORTS } from '../ports';

/** What {@link hubFlows} needs to know about a hub. */
export interface HubFlowOptions {
  readonly namespace: string;
  /** Labels of the hub, proxy, ngshare pods and user servers. */
  readonly select: { readonly hub: Labels; readonly proxy: Labels; readonly ngshare: Labels; readonly users: Labels };
  readonly nbgrader: boolean;
  /** May notebooks reach the internet (outside every forbidden range)? */
  readonly internet: boolean;
  /** CIDRs user servers may reach on purpose (egress allowances). */
  readonly allowances: readonly string[];
  /** Exam: notebooks reach only their hub and proxy (and ngshare for nbgrader exams). */
  readonly exam: boolean;
  /** May notebooks resolve names? Exam notebooks reach their hub by Service address and may not. @default true */
  readonly userDns?: boolean;
}

/**
 * The flows a hub needs open, and those that must stay closed, for the cluster model to prove
 * (lib/model/flow-rules.ts). The ingress controller → proxy flow is proved for every route anyway.
 */
export function hubFlows(spec: ClusterSpec, o: HubFlowOptions): FlowDecl[] {
  const ns = o.namespace;
  const hub = pods(ns, o.select.hub, 'the hub');
  const proxy = pods(ns, o.select.proxy, 'the proxy');
  const users = pods(ns, o.select.users, 'user servers');
  const ngshare = pods(ns, o.select.ngshare, 'ngshare');
  const allowed = (from: FlowDecl['from'], to: FlowDecl['to'], port: number | string, why: string, protocol: 'TCP' | 'UDP' = 'TCP'): FlowDecl => ({ from, to, port, protocol, expect: 'allowed', why });
  const denied = (to: FlowDecl['to'], why: string): FlowDecl => ({ from: users, to, port: 'any', expect: 'denied', why });
  const dns = (from: FlowDecl['from']) => allowed(from, { kind: 'dns' }, 53, 'it resolves Service names', 'UDP');
  const flows: FlowDecl[] = [
    allowed(users, service(ns, 'hub'), 'hub', 'user servers call the hub API (activity, OAuth)'),
    o.userDns === false
      ? { from: users, to: { kind: 'dns' }, port: 53, protocol: 'UDP', expect: 'denied', why: 'exam notebooks resolve no names: the resolver forwards any query to the internet (a channel out of the exam)' }
      : dns(users),
    allowed(hub, users, HUB_PORTS.singleuser, 'the hub polls the servers it spawned'),
    allowed(proxy, users, HUB_PORTS.singleuser, 'the proxy routes each user to their server'),
    allowed(proxy, service(ns, 'hub'), 'hub', 'the proxy sends /hub/ to the hub'),
    allowed(hub, service(ns, 'proxy-api'), 'api', 'the hub writes the proxy routes'),
    allowed(hub, { kind: 'api-server' }, 443, 'KubeSpawner creates user pods and claims; the init container creates the generated Secret'),
    dns(hub),
    dns(proxy),
    denied({ kind: 'address', cidr: '169.254.169.254/32', name: 'cloud metadata' }, 'notebooks never read cloud metadata (credentials of the node)'),
    denied({ kind: 'api-server' }, 'notebooks never reach the Kubernetes API'),
    denied({ kind: 'other-namespaces' }, 'each hub is isolated from every other namespace'),
  ];
  if (o.nbgrader) {
    flows.push(
      allowed(users, service(ns, 'ngshare'), 'http', 'nbgrader in user servers exchanges assignments through ngshare'),
      allowed(hub, service(ns, 'ngshare'), 'http', 'the hub checks the ngshare service'),
      allowed(ngshare, service(ns, 'hub'), 'hub', 'ngshare authenticates users through the hub API'),
      dns(ngshare),
    );
  }
  // Private and blocked ranges stay closed, and without internet the whole internet too: proved for
  // the ranges less the allowances the hub asked for (never skipped because an allowance exists).
  const allow = o.allowances.map((c) => parseCidr(c)).filter((c): c is NonNullable<typeof c> => !!c);
  for (const c of forbiddenCidrs(spec)) {
    const parsed = parseCidr(c)!;
    const inside = allow.filter((a) => cidrOverlaps(a, parsed)).map((a) => a.text);
    flows.push(denied({ kind: 'address', cidr: c, name: 'a private or blocked range', ...(inside.length ? { except: inside } : {}) }, 'notebooks never reach private, node, service or blocked ranges'));
  }
  if (!o.internet) flows.push(denied({ kind: 'address', cidr: '0.0.0.0/0', name: 'the internet', ...(allow.length ? { except: allow.map((a) => a.text) } : {}) }, 'this hub gives notebooks no internet'));
  if (o.exam) {
    flows.push(denied({ kind: 'namespace-pods', namespace: ns, except: [o.select.hub, o.select.proxy, ...(o.nbgrader ? [o.select.ngshare] : [])] }, 'exam notebooks reach nothing but their hub and proxy'));
  }
  return flows;
}
