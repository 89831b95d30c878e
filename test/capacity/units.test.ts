import { fairCaps } from '../../lib/capacity/plan';
import { serversByShare, splitServers } from '../../lib/capacity/demand';
import { parseWindowTime } from '../../lib/capacity/exams';
import { res, ZERO } from '../../lib/capacity/resources';
import { countSeats } from '../../lib/capacity/seats';
import { defaultSystemDaemons } from '../../lib/capacity/system-daemons';
import { defaultNodeReserve, reserveOf } from '../../lib/model/nodes';
import { testSpec } from '../helpers';

describe('node reserve (lib/capacity/README.md "Node reserve")', () => {
  test('default: 0.5 CPU and 100 MiB + 768 MiB + 2 % of the memory', () => {
    // 48 GiB: (868 / 1024) + 0.96 = 0.8477 + 0.96 = 1.808 GiB
    expect(defaultNodeReserve({ memoryGiB: 48 })).toEqual({ cpu: 0.5, memoryGiB: 1.808 });
    expect(defaultNodeReserve({ memoryGiB: 128 })).toEqual({ cpu: 0.5, memoryGiB: 3.408 });
  });
  test('a pool\'s own reserve wins over the cluster\'s, which wins over the default', () => {
    const pool = { name: 'w', roles: ['worker' as const], count: 1, vcpus: 8, memoryGiB: 32, diskGiB: 50 };
    expect(reserveOf(testSpec(), pool)).toEqual({ cpu: 0.5, memoryGiB: 1.488 });
    expect(reserveOf(testSpec({ capacity: { nodeReserve: { memoryGiB: 3 } } }), pool)).toEqual({ cpu: 0.5, memoryGiB: 3 });
    expect(reserveOf(testSpec({ capacity: { nodeReserve: { memoryGiB: 3 } } }), { ...pool, reserved: { cpu: 1, memoryGiB: 4 } })).toEqual({ cpu: 1, memoryGiB: 4 });
  });
  test('system daemons: RKE2 with canal runs kube-proxy and calico-node on every node; Kubespray calico-node and nodelocaldns', () => {
    expect(defaultSystemDaemons(testSpec())).toEqual([
      { name: 'kube-proxy (RKE2 static pod)', cpu: 0.25, memoryMiB: 128 },
      { name: 'canal: calico-node + kube-flannel', cpu: 0.25, memoryMiB: 0 },
    ]);
    const ks = defaultSystemDaemons(testSpec({ kubernetes: { distribution: 'kubespray', version: 'v1.35.4' } }));
    expect(ks.reduce((n, d) => n + d.cpu, 0)).toBeCloseTo(0.25);
    expect(ks.reduce((n, d) => n + d.memoryMiB, 0)).toBeCloseTo(131);
    // Clusters hubfleet does not create: the declared CNI's own node agent (and RKE2's kube-proxy when it installed them).
    expect(defaultSystemDaemons(testSpec({ kubernetes: { distribution: 'existing', version: 'v1.35.4', cni: 'calico' } }))).toEqual([{ name: 'calico-node (Calico manifest)', cpu: 0.25, memoryMiB: 0 }]);
    expect(defaultSystemDaemons(testSpec({ kubernetes: { distribution: 'existing', version: 'v1.35.4+rke2r1', cni: 'canal' } })).map((d) => d.cpu)).toEqual([0.25, 0.25]);
    expect(defaultSystemDaemons(testSpec({ kubernetes: { distribution: 'existing', version: 'v1.35.4', cni: 'cilium' } })).map((d) => [d.cpu, d.memoryMiB])).toEqual([[0, 0], [0, 0]]);
    expect(defaultSystemDaemons(testSpec({ kubernetes: { distribution: 'existing', version: 'v1.35.4', cni: 'antrea' } }))).toEqual([]);
  });
});

describe('seats on hand-worked nodes', () => {
  // Node A: 10 CPU / 40 GiB free; node B: 4 CPU / 9.5 GiB free.
  const nodes = [res(10, 40), res(4, 9.5)];
  test('full load: memory decides (20 + 4 = 24); CPU-bound 10 + 4 = 14, and each server gets 14 / 24 CPU', () => {
    const c = countSeats(nodes, { cpu: 1, memoryGiB: 2, origin: 'test' }, 1);
    expect(c).toEqual({ seats: 24, memoryBound: 24, cpuBound: 14, binding: 'memory', cpuPerSeat: 0.583 });
  });
  test('statistical at 50 %: 40 + 9 = 49 seats (a seat typically uses 1 GiB)', () => {
    const c = countSeats(nodes, { cpu: 1, memoryGiB: 2, origin: 'test' }, 0.5);
    expect(c.seats).toBe(49);
    expect(c.cpuBound).toBe(28);
  });
  test('a CPU guarantee is a hard bound: 1 CPU guaranteed gives 10 + 4 = 14 seats, bound by cpu-guarantee', () => {
    const c = countSeats(nodes, { cpu: 2, memoryGiB: 2, cpuGuarantee: 1, origin: 'test' }, 1);
    expect(c.seats).toBe(14);
    expect(c.binding).toBe('cpu-guarantee');
    expect(c.guaranteeBound).toBe(14);
  });
  test('GPUs are whole: 3 GPUs on a node and 2 per seat give 1 seat', () => {
    const c = countSeats([res(16, 120, { 'nvidia.com/gpu': 3 })], { cpu: 4, memoryGiB: 16, gpus: 2, origin: 'test' }, 1);
    expect(c).toMatchObject({ seats: 1, gpuBound: 1, memoryBound: 7, binding: 'gpu' });
  });
  test('a node with nothing free gives no seat', () => {
    expect(countSeats([ZERO], { cpu: 1, memoryGiB: 1, origin: 'test' }, 1).seats).toBe(0);
  });
});

describe('splitting and capping', () => {
  test('servers split over pools by weight, largest remainder', () => {
    expect(splitServers(10, ['a', 'b'], [3, 1])).toEqual({ a: 8, b: 2 });
    expect(splitServers(3, ['a', 'b', 'c'], [1, 1, 1])).toEqual({ a: 1, b: 1, c: 1 });
    expect(splitServers(0, ['a'], [1])).toEqual({});
  });
  test('servers by declared share; undeclared profiles share the rest', () => {
    const p = (name: string, share?: number) => ({ name, default: false, ...(share !== undefined ? { share } : {}), requests: ZERO, limits: ZERO, pools: ['w'] });
    expect(serversByShare(100, [p('cpu', 0.7), p('gpu', 0.1), p('large')])).toEqual({ cpu: 70, gpu: 10, large: 20 });
  });
  test('fair caps: the large course is capped, the small one keeps all its servers', () => {
    // free 10 CPU / 100 GiB; A: 100 × (0.1 CPU, 1 GiB), B: 10 × (0.1 CPU, 1 GiB). A + B = 11 CPU / 110 GiB.
    // Dominant shares: A 1.0, B 0.1. B keeps 10; A keeps what is left: 90.
    const caps = fairCaps(
      [
        { name: 'A', servers: 100, requests: res(10, 100) },
        { name: 'B', servers: 10, requests: res(1, 10) },
      ],
      res(10, 100),
    );
    expect(caps).toEqual({ A: 90, B: 10 });
  });
  test('fair caps: two equal courses are cut to the same level', () => {
    expect(fairCaps([{ name: 'A', servers: 100, requests: res(50, 100) }, { name: 'B', servers: 100, requests: res(50, 100) }], res(50, 100))).toEqual({ A: 50, B: 50 });
  });
});

describe('exam window times', () => {
  test('ISO 8601 with an offset, Z, or wall-clock', () => {
    expect(parseWindowTime('2026-02-10T09:00+01:00')).toBe(Date.UTC(2026, 1, 10, 8, 0));
    expect(parseWindowTime('2026-02-10T08:00Z')).toBe(Date.UTC(2026, 1, 10, 8, 0));
    expect(parseWindowTime('2026-02-10T08:00:30')).toBe(Date.UTC(2026, 1, 10, 8, 0, 30));
  });
  test('nonsense and impossible dates do not parse', () => {
    expect(parseWindowTime('tomorrow 9am')).toBeUndefined();
    expect(parseWindowTime('2026-02-30T09:00')).toBeUndefined();
    expect(parseWindowTime('2026-02-10T25:00')).toBeUndefined();
  });
});
