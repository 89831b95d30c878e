import { execFileSync, spawnSync } from 'child_process';
import { clientRangeCheck, clientRangePython } from '../../lib/hub/hub/client-range';
import { testSpec } from '../helpers';

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
