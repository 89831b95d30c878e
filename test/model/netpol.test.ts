import { cidr, ipBlockAdmits } from '../../lib/model/address-set';
import { FlowEnd, PolicyObject, PolicySet } from '../../lib/model/netpol';
import { selects } from '../../lib/model/selectors';

/** Hand-worked cases of the Kubernetes NetworkPolicy semantics. */

const POD_NET = cidr('10.42.0.0/16');
const pod = (namespace: string, labels: Record<string, string>, ports: FlowEnd extends never ? never : Array<{ name?: string; containerPort: number; protocol?: string }> = [], nsLabels: Record<string, string> = {}): FlowEnd => ({
  kind: 'pod',
  name: `${namespace}/${JSON.stringify(labels)}`,
  namespace,
  labels,
  nsLabels: { 'kubernetes.io/metadata.name': namespace, ...nsLabels },
  ports,
  address: POD_NET,
});
const addr = (c: string): FlowEnd => ({ kind: 'address', name: c, address: cidr(c) });
const np = (namespace: string, name: string, spec: PolicyObject['spec']): PolicyObject => ({ metadata: { name, namespace }, spec });
const denyAll = (ns: string) => np(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

const web = pod('a', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]);
const client = pod('a', { app: 'client' });
const otherNsClient = pod('b', { app: 'client' }, [], { team: 'x' });

describe('selectors', () => {
  test('matchLabels and matchExpressions are ANDed; empty selects all', () => {
    expect(selects({}, { a: '1' })).toBe(true);
    expect(selects({ matchLabels: { a: '1' } }, { a: '1', b: '2' })).toBe(true);
    expect(selects({ matchLabels: { a: '1' } }, { a: '2' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }, { a: '2' })).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {})).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, { a: '1' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, { b: '1' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, { b: '1' })).toBe(true);
    expect(selects({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'Exists' }] }, { a: '1' })).toBe(false);
  });
});

describe('ipBlock with except', () => {
  test('covers, misses, or partly covers a range', () => {
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0' }, cidr('1.1.1.1'))).toBe('yes');
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, cidr('10.42.0.0/16'))).toBe('no');
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: ['10.42.0.0/17'] }, cidr('10.42.0.0/16'))).toBe('maybe');
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: ['10.42.0.0/17', '10.42.128.0/17'] }, cidr('10.42.0.0/16'))).toBe('no');
    expect(ipBlockAdmits({ cidr: '10.42.1.0/24' }, cidr('10.42.0.0/16'))).toBe('maybe');
    expect(ipBlockAdmits({ cidr: '192.168.0.0/16' }, cidr('10.42.0.0/16'))).toBe('no');
    expect(ipBlockAdmits({ cidr: '10.0.0.0/8', except: ['10.42.0.0/16', '10.42.0.0/16'] }, cidr('10.0.0.0/8'))).toBe('maybe');
    expect(ipBlockAdmits({ cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] }, cidr('169.254.169.254'))).toBe('no');
  });

  test('an egress ipBlock that excepts the pod network never reaches pods; one that includes it reaches them', () => {
    const set = new PolicySet([denyAll('a'), np('a', 'out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] })]);
    expect(set.evaluate(client, otherNsClient, 80).egress).toBe('no');
    expect(set.evaluate(client, addr('1.1.1.1'), 443).allowed).toBe('yes');
    expect(set.evaluate(client, addr('10.1.2.3'), 443).allowed).toBe('no');
    const open = new PolicySet([np('a', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })]);
    expect(open.evaluate(client, otherNsClient, 80).egress).toBe('yes');
  });
});

describe('isolation and defaults', () => {
  test('a pod no policy selects admits everything', () => {
    const set = new PolicySet([np('a', 'only-web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] })]);
    expect(set.evaluate(web, client, 80).allowed).toBe('yes'); // web's egress: not isolated; client's ingress: not isolated
    expect(set.evaluate(client, web, 8080).allowed).toBe('no'); // web is isolated for ingress with no rules
  });

  test('policyTypes defaults to Ingress, plus Egress when egress rules exist', () => {
    const set = new PolicySet([np('a', 'implicit', { podSelector: {}, ingress: [] })]);
    expect(set.evaluate(client, web, 8080).ingress).toBe('no');
    expect(set.evaluate(client, web, 8080).egress).toBe('yes');
    const withEgress = new PolicySet([np('a', 'implicit', { podSelector: {}, egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }] })]);
    expect(withEgress.evaluate(client, otherNsClient, 80).egress).toBe('no');
    expect(withEgress.evaluate(client, web, 8080).egress).toBe('yes');
  });

  test('egress and ingress are both needed', () => {
    const ingressOnly = new PolicySet([denyAll('a'), np('a', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] })]);
    const v = ingressOnly.evaluate(client, web, 8080);
    expect(v.ingress).toBe('yes');
    expect(v.egress).toBe('no');
    expect(v.allowed).toBe('no');
    expect(v.egressPolicies).toEqual(['a/default-deny']);
    const both = new PolicySet([
      ...[denyAll('a')],
      np('a', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] }),
      np('a', 'client-out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
    ]);
    expect(both.evaluate(client, web, 8080).allowed).toBe('yes');
  });

  test('multiple policies selecting one pod are a union', () => {
    const set = new PolicySet([
      denyAll('a'),
      np('a', 'p1', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'x' } } }] }] }),
      np('a', 'p2', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] }),
    ]);
    expect(set.evaluate(client, web, 8080).ingress).toBe('yes');
    expect(set.evaluate(client, web, 8080).ingressPolicies).toEqual(['a/default-deny', 'a/p1', 'a/p2']);
  });

  test('an unenforced set (CNI without NetworkPolicy support) allows everything', () => {
    const set = new PolicySet([denyAll('a')], false);
    expect(set.evaluate(client, web, 8080).allowed).toBe('yes');
  });
});

describe('peers', () => {
  const webIn = (peer: object) => new PolicySet([np('a', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [peer as any] }] })]);

  test('podSelector alone means pods of the policy namespace', () => {
    const set = webIn({ podSelector: { matchLabels: { app: 'client' } } });
    expect(set.evaluate(client, web, 8080).allowed).toBe('yes');
    expect(set.evaluate(otherNsClient, web, 8080).allowed).toBe('no');
  });

  test('namespaceSelector alone means every pod of matching namespaces', () => {
    const set = webIn({ namespaceSelector: { matchLabels: { team: 'x' } } });
    expect(set.evaluate(otherNsClient, web, 8080).allowed).toBe('yes');
    expect(set.evaluate(client, web, 8080).allowed).toBe('no');
    const byName = webIn({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } });
    expect(byName.evaluate(otherNsClient, web, 8080).allowed).toBe('yes');
  });

  test('namespaceSelector and podSelector in one peer are ANDed', () => {
    const set = webIn({ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { app: 'other' } } });
    expect(set.evaluate(otherNsClient, web, 8080).allowed).toBe('no');
    const ok = webIn({ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { app: 'client' } } });
    expect(ok.evaluate(otherNsClient, web, 8080).allowed).toBe('yes');
  });

  test('an empty from list admits every source', () => {
    const set = new PolicySet([np('a', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] })]);
    expect(set.evaluate(otherNsClient, web, 8080).allowed).toBe('yes');
    expect(set.evaluate(addr('8.8.8.8'), web, 8080).allowed).toBe('yes');
  });

  test('a pod-network ipBlock that covers part of the pod network is a maybe', () => {
    const set = webIn({ ipBlock: { cidr: '10.42.7.0/24' } });
    expect(set.evaluate(client, web, 8080).allowed).toBe('maybe');
  });
});

describe('ports', () => {
  const webIn = (ports: object[]) => new PolicySet([np('a', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ ports: ports as any }] })]);

  test('numbers, ranges and protocols', () => {
    expect(webIn([{ port: 8080 }]).evaluate(client, web, 8080).allowed).toBe('yes');
    expect(webIn([{ port: 8080 }]).evaluate(client, web, 8081).allowed).toBe('no');
    expect(webIn([{ port: 8000, endPort: 8100 }]).evaluate(client, web, 8081).allowed).toBe('yes');
    expect(webIn([{ protocol: 'UDP', port: 8080 }]).evaluate(client, web, 8080).allowed).toBe('no');
    expect(webIn([{ protocol: 'UDP', port: 8080 }]).evaluate(client, web, 8080, 'UDP').allowed).toBe('yes');
    expect(webIn([{ protocol: 'TCP' }]).evaluate(client, web, 1234).allowed).toBe('yes');
  });

  test('a named port refers to the destination pod\'s container port', () => {
    expect(webIn([{ port: 'http' }]).evaluate(client, web, 8080).allowed).toBe('yes');
    expect(webIn([{ port: 'http' }]).evaluate(client, web, 9090).allowed).toBe('no');
    expect(webIn([{ port: 'metrics' }]).evaluate(client, web, 8080).allowed).toBe('no');
    // egress to an address: a named port never matches
    const out = new PolicySet([np('a', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] })]);
    expect(out.evaluate(client, addr('1.1.1.1'), 8080).allowed).toBe('no');
    expect(out.evaluate(client, web, 8080).allowed).toBe('yes');
  });

  test('port "any" asks whether some port is open', () => {
    expect(webIn([{ port: 8080 }]).evaluate(client, web, 'any').allowed).toBe('yes');
    expect(new PolicySet([denyAll('a')]).evaluate(client, web, 'any').allowed).toBe('no');
  });
});

describe('host-network pods (the common implementation: their traffic is the node\'s)', () => {
  const NODE_NET = cidr('10.0.0.0/24');
  const exporter: FlowEnd = { kind: 'pod', name: 'node-exporter', namespace: 'n', labels: { app: 'exporter' }, nsLabels: { 'kubernetes.io/metadata.name': 'n' }, ports: [{ name: 'metrics', containerPort: 9100 }], address: NODE_NET, hostNetwork: true };
  const scraper = pod('m', { app: 'prometheus' });
  const scraperOut = (to: Record<string, unknown>) => np('m', 'scrape', { podSelector: { matchLabels: { app: 'prometheus' } }, policyTypes: ['Egress'], egress: [{ to: [to as any], ports: [{ port: 9100 }] }] });

  test('a policy of its namespace does not isolate it', () => {
    const set = new PolicySet([denyAll('n')]);
    expect(set.evaluate(scraper, exporter, 9100).ingress).toBe('yes');
    expect(set.isolating(exporter, 'Ingress')).toEqual([]);
  });

  test('podSelector and namespaceSelector peers do not select it; an ipBlock of the node network does', () => {
    const bySelector = new PolicySet([denyAll('m'), scraperOut({ namespaceSelector: {}, podSelector: { matchLabels: { app: 'exporter' } } })]);
    expect(bySelector.evaluate(scraper, exporter, 9100).allowed).toBe('no');
    const byBlock = new PolicySet([denyAll('m'), scraperOut({ ipBlock: { cidr: '10.0.0.0/24' } })]);
    expect(byBlock.evaluate(scraper, exporter, 9100).allowed).toBe('yes');
  });
});
