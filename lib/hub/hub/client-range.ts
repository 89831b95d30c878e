/**
 * The hub-side client-range check of exam hubs: every request that reaches the hub through the
 * proxy is refused (403) unless the client address, as the trusted ingress reports it, is inside
 * the allowed ranges. It holds whatever the ingress controller enforces (or ignores).
 *
 * How the client address is found. Requests from outside pass: client → [external load balancer]
 * → ingress controller → configurable-http-proxy → hub. The controller sets X-Forwarded-For to the
 * address it received the connection from (Traefik and ingress-nginx drop or overwrite what an
 * untrusted client sent), and configurable-http-proxy appends the controller's address
 * (`xfwd: true`, configurable-http-proxy lib/configproxy.js). So, counted from the right, entry 1 is
 * the controller pod and entry 2 the client as the controller saw it. With an external load balancer
 * in front of NodePorts that forwards X-Forwarded-For (`exposure.trustedProxyCidrs`), entry 2 is that
 * load balancer and entry 3 the client. Entries further left are whatever the client wrote and are
 * never read, so a forged header cannot get a client in.
 *
 * Requests without X-Forwarded-For did not pass the proxy: probes of the kubelet, and the API calls
 * of user servers, ngshare and the idle culler (the NetworkPolicies decide who reaches port 8081).
 * They are not client requests and pass.
 *
 * Limit: user servers are reached through the proxy without the hub; a session cookie taken out of
 * the exam room would still open its server. The controller's allow list covers that path.
 */
import { ClusterSpec, ingressOf } from '../../fleet/cluster-spec';
import { pyString } from './python';

/** What the check needs. */
export interface ClientRangeCheck {
  /** Allowed client networks (IPv4 or IPv6 CIDRs). */
  readonly allowedCidrs: readonly string[];
  /** Networks of load balancers in front of the controller that forward X-Forwarded-For. */
  readonly trustedProxyCidrs: readonly string[];
}

/** The check for a cluster: the proxies the ClusterSpec's ingress exposure trusts. */
export function clientRangeCheck(spec: ClusterSpec, allowedCidrs: readonly string[]): ClientRangeCheck {
  const exposure = ingressOf(spec).exposure;
  // An upstream proxy that passes the client in X-Forwarded-For adds one hop (the PROXY protocol does not: the controller sees the client itself).
  const upstream = exposure.type === 'load-balancer' && exposure.upstreamProxy?.clientAddress === 'x-forwarded-for' ? [...exposure.upstreamProxy.addresses] : [];
  return { allowedCidrs: [...allowedCidrs], trustedProxyCidrs: exposure.type === 'node-port' ? [...(exposure.trustedProxyCidrs ?? [])] : upstream };
}

const list = (xs: readonly string[]) => (xs.length ? `[${xs.map(pyString).join(', ')}]` : '[]');

/** The pure check (standard library only), tested on its own in Python. */
export function clientRangePython(c: ClientRangeCheck): string {
  return [
    'import ipaddress',
    '',
    `HUBFLEET_CLIENT_RANGES = [ipaddress.ip_network(n) for n in ${list(c.allowedCidrs)}]`,
    `HUBFLEET_TRUSTED_PROXIES = [ipaddress.ip_network(n) for n in ${list(c.trustedProxyCidrs)}]`,
    '',
    '',
    'def _hubfleet_ip(text):',
    '    try:',
    '        ip = ipaddress.ip_address(text.strip().strip("[]"))',
    '    except ValueError:',
    '        return None',
    '    if ip.version == 6 and ip.ipv4_mapped:',
    '        return ip.ipv4_mapped',
    '    return ip',
    '',
    '',
    'def hubfleet_client_address(forwarded_for):',
    '    """The client address as the ingress reported it, or None when unknown.',
    '',
    '    forwarded_for is the X-Forwarded-For value the hub received (None when absent). From the right:',
    '    the controller (added by configurable-http-proxy), then the client the controller saw; when that',
    '    is a trusted load balancer, the client is the entry before it."""',
    '    hops = [h for h in (forwarded_for or "").split(",")]',
    '    if len(hops) < 2:',
    '        return None',
    '    client = _hubfleet_ip(hops[-2])',
    '    if client is not None and len(hops) >= 3 and any(client in n for n in HUBFLEET_TRUSTED_PROXIES if n.version == client.version):',
    '        client = _hubfleet_ip(hops[-3])',
    '    return client',
    '',
    '',
    'def hubfleet_client_allowed(forwarded_for):',
    '    """True for requests that did not pass the proxy (no X-Forwarded-For) and for clients in the ranges."""',
    '    if forwarded_for is None:',
    '        return True',
    '    client = hubfleet_client_address(forwarded_for)',
    '    if client is None:',
    '        return False',
    '    return any(client in n for n in HUBFLEET_CLIENT_RANGES if n.version == client.version)',
  ].join('\n');
}

/**
 * The check wired into every hub request: JupyterHub 5.5 jupyterhub/handlers/base.py BaseHandler.prepare
 * (every page and API handler derives from it); Tornado ends a request that prepare() finished.
 */
export function clientRangeHook(): string {
  return [
    'from jupyterhub.handlers.base import BaseHandler as _HubfleetBaseHandler',
    '',
    '_hubfleet_prepare = _HubfleetBaseHandler.prepare',
    '',
    '',
    'async def _hubfleet_prepare_checked(self):',
    '    forwarded = self.request.headers.get("X-Forwarded-For")',
    '    if not hubfleet_client_allowed(forwarded):',
    '        self.log.warning("refused %s %s: client %s is outside the allowed ranges", self.request.method, self.request.path, hubfleet_client_address(forwarded))',
    '        # A plain answer, before the hub looks at cookies (its error page needs the current user).',
    '        self.set_status(403)',
    '        self.set_header("Content-Type", "text/plain; charset=utf-8")',
    '        self.finish("403: this hub is only reachable from the exam rooms.\\n")',
    '        return',
    '    return await _hubfleet_prepare(self)',
    '',
    '',
    '_HubfleetBaseHandler.prepare = _hubfleet_prepare_checked',
  ].join('\n');
}
