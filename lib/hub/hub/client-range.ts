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
 * Requests without X-Forwarded-For did not pass the proxy: they come from pods the NetworkPolicies
 * let reach port 8081 (user servers, ngshare), the kubelet, configurable-http-proxy's error target,
 * or the hub pod itself (the idle culler). They have no client address to check, so they may do only
 * what those callers do ({@link directRequestPython}): a notebook that calls the hub's Service cannot
 * log in, authorize OAuth clients or ask for tokens there, outside the rooms and the SEB gate. A
 * forged X-Forwarded-For does not help: the request then counts as a client's and meets every check.
 *
 * Which request to an exam is checked where: lib/hub/README-exams.md.
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
 * What a request that did not pass the proxy may do (standard library only, tested on its own).
 * Each row names its caller in JupyterHub 5.5 and the services hubfleet runs:
 * - `GET|HEAD hub/health`, `hub/api/health`: the kubelet's probes (the hub Deployment's probes);
 * - `GET hub/error/<code>`: configurable-http-proxy's `--error-target` (lib/configproxy.js
 *   handleProxyError sends no X-Forwarded-For);
 * - `GET hub/api` (and `hub/api/`): jupyterhub/singleuser/extension.py and the idle culler check the
 *   hub's version;
 * - `GET hub/api/user`: jupyterhub/services/auth.py `user_for_token` (a server identifying the token
 *   of a request it received) and ngshare.py `user_for_token`;
 * - `POST hub/api/users/<name>/activity`: the servers' activity (jupyterhub/singleuser/extension.py);
 * - `POST hub/api/oauth2/token`: a server or ngshare exchanges an OAuth code (services/auth.py
 *   `token_for_code`); the code comes from `hub/api/oauth2/authorize`, which only a browser that
 *   passed the checks reaches;
 * - `GET hub/metrics`: the cluster's Prometheus scraping the hub Service (JupyterHub answers only a
 *   token with `read:metrics`: jupyterhub/handlers/metrics.py);
 * - anything from loopback: the hub pod itself (the idle culler calls `http://localhost:8081`); no
 *   other pod has the hub's loopback address.
 */
export function directRequestPython(baseUrl: string): string {
  return [
    'import ipaddress as _hubfleet_direct_ip',
    'import re as _hubfleet_direct_re',
    '',
    `HUBFLEET_HUB_PREFIX = ${pyString(`${baseUrl}hub/`)}`,
    '_HUBFLEET_DIRECT = [',
    '    (("GET", "HEAD"), _hubfleet_direct_re.compile(r"(api/)?health")),',
    '    (("GET",), _hubfleet_direct_re.compile(r"error/[0-9]{3}")),',
    '    (("GET",), _hubfleet_direct_re.compile(r"api/?")),',
    '    (("GET",), _hubfleet_direct_re.compile(r"metrics")),',
    '    (("GET",), _hubfleet_direct_re.compile(r"api/user")),',
    '    (("POST",), _hubfleet_direct_re.compile(r"api/users/[^/]+/activity")),',
    '    (("POST",), _hubfleet_direct_re.compile(r"api/oauth2/token")),',
    ']',
    '',
    '',
    'def hubfleet_direct_allowed(method, path, remote_ip):',
    '    """May a request that did not pass the proxy (no X-Forwarded-For) go on? Probes and what servers do."""',
    '    try:',
    '        if _hubfleet_direct_ip.ip_address((remote_ip or "").split("%", 1)[0]).is_loopback:',
    '            return True',
    '    except ValueError:',
    '        pass',
    '    if not (path or "").startswith(HUBFLEET_HUB_PREFIX):',
    '        return False',
    '    rest = path[len(HUBFLEET_HUB_PREFIX):]',
    '    return any(method in methods and pattern.fullmatch(rest) for methods, pattern in _HUBFLEET_DIRECT)',
  ].join('\n');
}

/**
 * The check wired into every hub request: JupyterHub 5.5 jupyterhub/handlers/base.py BaseHandler.prepare
 * (every page and API handler derives from it); Tornado ends a request that prepare() finished.
 * Needs {@link clientRangePython} and {@link directRequestPython} before it.
 */
export function clientRangeHook(): string {
  return [
    'from jupyterhub.handlers.base import BaseHandler as _HubfleetBaseHandler',
    '',
    '_hubfleet_prepare = _HubfleetBaseHandler.prepare',
    '',
    '',
    'def _hubfleet_refuse(self, why):',
    '    # A plain answer, before the hub looks at cookies (its error page needs the current user).',
    '    self.set_status(403)',
    '    self.set_header("Content-Type", "text/plain; charset=utf-8")',
    '    self.finish("403: %s\\n" % why)',
    '',
    '',
    'async def _hubfleet_prepare_checked(self):',
    '    forwarded = self.request.headers.get("X-Forwarded-For")',
    '    if forwarded is None and not hubfleet_direct_allowed(self.request.method, self.request.path, self.request.remote_ip):',
    '        self.log.warning("refused %s %s from %s: it did not come through the proxy (only probes and the calls of user servers and services may)", self.request.method, self.request.path, self.request.remote_ip)',
    '        return _hubfleet_refuse(self, "this hub answers only through its proxy.")',
    '    if not hubfleet_client_allowed(forwarded):',
    '        self.log.warning("refused %s %s: client %s is outside the allowed ranges", self.request.method, self.request.path, hubfleet_client_address(forwarded))',
    '        return _hubfleet_refuse(self, "this hub is only reachable from the exam rooms.")',
    '    return await _hubfleet_prepare(self)',
    '',
    '',
    '_HubfleetBaseHandler.prepare = _hubfleet_prepare_checked',
  ].join('\n');
}
