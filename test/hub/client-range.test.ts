import { execFileSync, spawnSync } from 'child_process';
import { clientRangeCheck, clientRangeHook, clientRangePython, directRequestPython } from '../../lib/hub/hub/client-range';
import { testSpec } from '../helpers';
import { runPython } from '../exam/python';

const python = spawnSync('python3', ['--version']).status === 0;
const ROOMS = ['10.30.10.0/24', '194.95.66.0/24'];

/** Run the rendered check in Python on X-Forwarded-For values (null = header absent). */
function decide(check: string, headers: Array<string | null>): Array<[boolean, string | null]> {
  const program = `${check}\nimport json, sys\nout = []\nfor h in json.loads(sys.argv[1]):\n    a = hubfleet_client_address(h)\n    out.append([hubfleet_client_allowed(h), None if a is None else str(a)])\nprint(json.dumps(out))\n`;
  return JSON.parse(execFileSync('python3', ['-c', program, JSON.stringify(headers)]).toString());
}

(python ? describe : describe.skip)('the exam hub\'s client-range check, run in Python', () => {
  // Behind a LoadBalancer Service (externalTrafficPolicy Local): the controller writes the client it saw,
  // configurable-http-proxy appends the controller pod.
  const lb = clientRangePython(clientRangeCheck(testSpec(), ROOMS));

  test('admits clients inside the ranges as the ingress reports them', () => {
    expect(decide(lb, ['10.30.10.17, 10.42.1.5', '194.95.66.200,10.42.0.9'])).toEqual([
      [true, '10.30.10.17'],
      [true, '194.95.66.200'],
    ]);
  });

  test('refuses clients outside the ranges', () => {
    expect(decide(lb, ['203.0.113.9, 10.42.1.5', '10.30.11.1, 10.42.1.5'])).toEqual([
      [false, '203.0.113.9'],
      [false, '10.30.11.1'],
    ]);
  });

  test('a forged X-Forwarded-For from outside does not get in (only the entry the controller wrote counts)', () => {
    // The client sent "X-Forwarded-For: 10.30.10.17"; a controller that appends (rather than replaces) keeps it left of the real address.
    expect(decide(lb, ['10.30.10.17, 203.0.113.9, 10.42.1.5', '10.30.10.17,  203.0.113.9 , 10.42.1.5'])).toEqual([
      [false, '203.0.113.9'],
      [false, '203.0.113.9'],
    ]);
  });

  test('a request that reached the proxy without the controller (one hop) or with garbage is refused', () => {
    expect(decide(lb, ['10.42.3.7', 'not-an-ip, 10.42.1.5', ''])).toEqual([
      [false, null],
      [false, null],
      [false, null],
    ]);
  });

  test('requests that did not pass the proxy (probes, API calls of user servers and services) pass', () => {
    expect(decide(lb, [null])).toEqual([[true, null]]);
  });

  test('IPv4-mapped IPv6 addresses are read as IPv4', () => {
    expect(decide(lb, ['::ffff:10.30.10.17, 10.42.1.5'])).toEqual([[true, '10.30.10.17']]);
  });

  test('behind NodePorts and a trusted external load balancer that forwards X-Forwarded-For, the client is one hop further', () => {
    const spec = testSpec({ ingress: { exposure: { type: 'node-port', trustedProxyCidrs: ['192.0.2.0/28'] } } });
    const np = clientRangePython(clientRangeCheck(spec, ROOMS));
    expect(decide(np, ['10.30.10.17, 192.0.2.4, 10.42.1.5', '203.0.113.9, 192.0.2.4, 10.42.1.5', '10.30.10.17, 203.0.113.9, 192.0.2.4, 10.42.1.5'])).toEqual([
      [true, '10.30.10.17'],
      [false, '203.0.113.9'],
      [false, '203.0.113.9'],
    ]);
    // Without the trusted proxy, the same header names the load balancer, which is not an exam room.
    expect(decide(lb, ['10.30.10.17, 192.0.2.4, 10.42.1.5'])).toEqual([[false, '192.0.2.4']]);
  });

  test('an empty range list refuses every client that came through the proxy', () => {
    expect(decide(clientRangePython(clientRangeCheck(testSpec(), [])), ['10.30.10.17, 10.42.1.5'])).toEqual([[false, '10.30.10.17']]);
  });
});

/**
 * Requests without X-Forwarded-For did not pass the proxy: they come from pods of the namespace (the
 * NetworkPolicies let user servers and ngshare reach port 8081), the kubelet, configurable-http-proxy's
 * error target, or the hub pod itself. Issue 17: they skipped every check, so a notebook could log in at
 * hub:8081 and ask for tokens without the rooms or SEB. Only what servers and probes do passes now.
 */
(python ? describe : describe.skip)('requests straight to the hub (no X-Forwarded-For), run in Python', () => {
  const allowed = (baseUrl: string, cases: Array<[string, string, string]>) =>
    JSON.parse(runPython(`${directRequestPython(baseUrl)}\nimport json, sys\nprint(json.dumps([hubfleet_direct_allowed(m, p, ip) for m, p, ip in json.loads(sys.argv[1])]))`, { args: [JSON.stringify(cases)] }));
  const POD = '10.42.3.7';

  test('what a server, ngshare, the kubelet, the proxy\'s error page and Prometheus need passes (jupyterhub/singleuser, services/auth.py, ngshare.py)', () => {
    expect(
      allowed('/', [
        ['GET', '/hub/health', '10.0.0.11'],
        ['HEAD', '/hub/api/health', '10.0.0.11'],
        ['GET', '/hub/api/', POD],
        ['GET', '/hub/api', POD],
        ['GET', '/hub/api/user', POD],
        ['POST', '/hub/api/users/e2x-exam-001/activity', POD],
        ['POST', '/hub/api/oauth2/token', POD],
        ['GET', '/hub/error/503', POD],
        ['GET', '/hub/metrics', '10.42.7.7'],
      ]),
    ).toEqual([true, true, true, true, true, true, true, true, true]);
  });

  test('logins, OAuth authorization, tokens, pages and every other API call are refused', () => {
    expect(
      allowed('/', [
        ['POST', '/hub/login', POD],
        ['GET', '/hub/login', POD],
        ['GET', '/hub/api/oauth2/authorize', POD],
        ['POST', '/hub/api/users/e2x-exam-001/tokens', POD],
        ['GET', '/hub/token', POD],
        ['GET', '/hub/api/users', POD],
        ['DELETE', '/hub/api/users/e2x-exam-002/server', POD],
        ['POST', '/hub/api/users/e2x-exam-001/activity/x', POD],
        ['GET', '/hub/api/users/e2x-exam-001/activity', POD],
        ['POST', '/hub/health', POD],
        ['GET', '/hub/spawn', POD],
        ['GET', '/hub/seb-gate', POD],
        ['GET', '/hub/error/503/../../login', POD],
      ]),
    ).toEqual(Array(13).fill(false));
  });

  test('the hub pod itself (the idle culler calls localhost) may do what its token allows', () => {
    expect(allowed('/', [['GET', '/hub/api/users', '127.0.0.1'], ['DELETE', '/hub/api/users/a/server', '::1'], ['POST', '/hub/login', '127.0.0.1']])).toEqual([true, true, true]);
  });

  test('behind a base URL the same paths under it, and only those', () => {
    expect(allowed('/exam/', [['GET', '/exam/hub/health', POD], ['POST', '/exam/hub/api/oauth2/token', POD], ['GET', '/hub/health', POD], ['POST', '/exam/hub/login', POD]])).toEqual([true, true, false, false]);
  });

  test('the hook refuses them (403) before the hub looks at credentials, and logs it', () => {
    const out = runPython(`
import asyncio, json
${clientRangePython(clientRangeCheck(testSpec(), ROOMS))}
${directRequestPython('/')}
${clientRangeHook()}
class Req:
    def __init__(self, method, path, headers, ip):
        self.method, self.path, self.uri, self.headers, self.remote_ip = method, path, path, headers, ip
class Log:
    lines = []
    def warning(self, *a): Log.lines.append(a[0] % a[1:])
class H(_HubfleetBaseHandler):
    def __init__(self, method, path, headers, ip):
        self.request, self.log, self.out = Req(method, path, headers, ip), Log(), {"status": 200}
    def set_status(self, s): self.out["status"] = s
    def set_header(self, k, v): pass
    def finish(self, body=None): self.out["body"] = body
def prep(*a):
    h = H(*a)
    asyncio.run(_HubfleetBaseHandler.prepare(h))
    return h.out["status"]
print(json.dumps([prep("POST", "/hub/login", {}, "${POD}"), prep("GET", "/hub/api/user", {}, "${POD}"), prep("GET", "/hub/login", {"X-Forwarded-For": "10.30.10.17, 10.42.1.5"}, "10.42.1.5"), Log.lines]))
`);
    const [login, identify, roomBrowser, log] = JSON.parse(out);
    expect([login, identify, roomBrowser]).toEqual([403, 200, 200]);
    expect(log).toEqual([expect.stringContaining('refused POST /hub/login from 10.42.3.7: it did not come through the proxy')]);
  });
});
