import { hubDemands } from '../../lib/capacity/demand';
import { clusterCapacity } from '../../lib/capacity/pools';
import { capacityPlan } from '../../lib/capacity/plan';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { testSpec } from '../helpers';
import { modelOf, simpleSpec } from './fixtures';

const hub = (o: Partial<CourseJupyterHubProps> = {}): CourseJupyterHubProps => ({ auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: 'quay.io/jupyter/minimal-notebook:2025-08-18', students: 20, ...o });

describe('a hand-worked cluster: 2 workers of 8 CPU / 32 GiB, reserve 0.5 CPU / 2 GiB, one course of 20 servers (0.5–2 CPU, 1–2 GiB)', () => {
  const app = new ClusterApp(simpleSpec());
  new CourseJupyterHub(app, 'intro', hub());
  const plan = capacityPlan(modelOf(app), { seat: { cpu: 1, memoryGiB: 1 } });
  const worker = plan.pools.find((p) => p.name === 'worker')!;

  test('pool: 2 × (8 − 0.5) = 15 CPU and 2 × (32 − 2) = 60 GiB allocatable; hub (0.2 CPU / 0.5 GiB) and proxy (0.1 / 0.125) are the platform', () => {
    expect(worker.allocatable).toEqual({ cpu: 15, memoryGiB: 60 });
    expect(worker.daemons).toEqual({ cpu: 0, memoryGiB: 0 });
    expect(worker.platform).toEqual({ cpu: 0.3, memoryGiB: 0.625 });
    expect(worker.freeForUsers).toEqual({ cpu: 14.7, memoryGiB: 59.375 });
  });
  test('the tainted control plane gets neither platform pods nor user servers', () => {
    const cp = plan.pools.find((p) => p.name === 'cp')!;
    expect(cp.platformPods).toBe(0);
    expect(cp.hubsAtPeak.servers).toBe(0);
  });
  test('platform pods are spread like kube-scheduler\'s LeastAllocated score: hub on node 0, proxy on the emptier node 1', () => {
    expect(plan.platform.map((p) => [p.pod, p.pool, p.node])).toEqual([
      ['Deployment course-intro/hub', 'worker', 0],
      ['Deployment course-intro/proxy', 'worker', 1],
    ]);
  });
  test('hub at peak: 20 × 0.5 CPU / 1 GiB = 10 CPU / 20 GiB requested, 40 CPU / 40 GiB limits', () => {
    const h = plan.hubs[0];
    expect(h.peak.requests).toEqual({ cpu: 10, memoryGiB: 20 });
    expect(h.peak.limits).toEqual({ cpu: 40, memoryGiB: 40 });
    expect(worker.free).toEqual({ cpu: 4.7, memoryGiB: 39.375 });
    expect(worker.binding).toEqual({ resource: 'cpu', requestsRatio: 0.68 });
    expect(h.share).toEqual({ cpu: 0.68, memory: 0.337 });
  });
  test('verdict: the guarantees fit, the CPU limits are 40 / 14.7 = 2.72× the free CPU: fits only with overcommit', () => {
    expect(plan.verdict.status).toBe('overcommit');
    expect(plan.verdict.overcommit).toEqual({ cpu: 2.721, memory: 0.674 });
    expect(plan.verdict.summary).toMatch(/2\.72× in CPU/);
  });
  test('seats of 1 CPU / 1 GiB: 30 + 30 on the pools, 29 + 29 after hub and proxy; statistical 40 + 40 and 39 + 39', () => {
    expect(plan.seats.fullLoad).toMatchObject({ seats: 60, memoryBound: 60, cpuBound: 14, binding: 'memory' });
    expect(plan.seats.statistical.seats).toBe(80);
    expect(plan.seats.afterPlatform.fullLoad.seats).toBe(58);
    expect(plan.seats.afterPlatform.statistical.seats).toBe(78);
  });
});

describe('verdicts', () => {
  test('fits: 5 servers of 0.5–1 CPU, 1–2 GiB', () => {
    const app = new ClusterApp(simpleSpec());
    new CourseJupyterHub(app, 'small', hub({ maxConcurrentUsers: 5, cpuLimit: 1 }));
    expect(capacityPlan(modelOf(app)).verdict.status).toBe('fits');
  });
  test('does not fit: 30 × 2 GiB = 60 GiB > 59.375 GiB free: cap the course at 29, or add one node', () => {
    const app = new ClusterApp(simpleSpec());
    new CourseJupyterHub(app, 'big', hub({ students: 30, memoryGuaranteeGiB: 2, memoryLimitGiB: 2 }));
    const v = capacityPlan(modelOf(app)).verdict;
    expect(v.status).toBe('does-not-fit');
    expect(v.caps).toEqual([{ hub: 'big', from: 30, to: 29, pools: ['worker'] }]);
    expect(v.addNodes).toEqual([{ pool: 'worker', nodes: 1, resource: 'cpu' }]);
  });
  test('a GPU profile lands on the GPU pool only; in the largest case the GPU quota (the pool\'s 2 GPUs) admits 2 of the 4 servers', () => {
    const app = new ClusterApp(
      simpleSpec({
        nodePools: [...simpleSpec().nodePools, { name: 'gpu', roles: ['worker'], count: 1, vcpus: 16, memoryGiB: 64, diskGiB: 100, gpus: 2, labels: { 'hubfleet.io/gpu': 'true' }, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] }],
      }),
    );
    new CourseJupyterHub(app, 'ml', hub({ maxConcurrentUsers: 4, profiles: [{ displayName: 'CPU', default: true }, { displayName: 'GPU', gpus: 1, memoryGuaranteeGiB: 8, memoryLimitGiB: 16, nodeSelector: { 'hubfleet.io/gpu': 'true' } }] }));
    const plan = capacityPlan(modelOf(app));
    const h = plan.hubs[0];
    expect(h.profiles.map((p) => [p.name, p.pools])).toEqual([['CPU', ['worker']], ['GPU', ['gpu']]]);
    expect(h.basis).toBe('default');
    expect(Object.keys(h.peak.perPool)).toEqual(['worker']);
    expect(h.largest.perPool.gpu).toEqual({ servers: 2, requests: { cpu: 1, memoryGiB: 16, extended: { 'nvidia.com/gpu': 2 } }, limits: { cpu: 4, memoryGiB: 32, extended: { 'nvidia.com/gpu': 2 } } });
    expect(h.largest.quotaRefused).toEqual({ GPU: 2 });
  });
});

describe('the slide example: 8 workers of 12 vCPUs / 48 GiB, seat 1 GiB / 1 CPU, defaults (lib/capacity/README.md)', () => {
  // Per node: 48 GiB − reserve 1.808 GiB (100 MiB eviction + 768 MiB system + 2 % of 48 GiB) − kube-proxy 128 MiB
  // (canal's calico-node requests no memory) = 46.07 GiB → 46 seats at full load, 46.07 / 0.75 = 61.4 → 61 statistical.
  const spec = testSpec({
    nodePools: [
      { name: 'cp', roles: ['etcd', 'control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80, taints: [{ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' }] },
      { name: 'worker', roles: ['worker'], count: 8, vcpus: 12, memoryGiB: 48, diskGiB: 200 },
    ],
  });
  const plan = capacityPlan(modelOf(new ClusterApp(spec)), { seat: { cpu: 1, memoryGiB: 1 } });
  test('about 380 at full load: 8 × 46 = 368, memory-bound (CPU-bound 8 × 11 = 88: beyond that CPU is shared)', () => {
    expect(plan.seats.fullLoad).toMatchObject({ seats: 368, memoryBound: 368, cpuBound: 88, binding: 'memory' });
    expect(plan.seats.fullLoad.seats).toBeGreaterThanOrEqual(360);
    expect(plan.seats.fullLoad.seats).toBeLessThanOrEqual(384);
  });
  test('about 500 with the statistical allowance (typical use 75 % of the limit): 8 × 61 = 488', () => {
    expect(plan.seats.typicalUseFraction).toBe(0.75);
    expect(plan.seats.statistical.seats).toBe(488);
  });
  test('a declared typicalUseFraction changes the statistical estimate', () => {
    const p = capacityPlan(modelOf(new ClusterApp({ ...spec, capacity: { typicalUseFraction: 0.5 } })), { seat: { cpu: 1, memoryGiB: 1 } });
    expect(p.seats.statistical.seats).toBe(8 * 92);
  });
});

describe('run-time pods of a hub namespace that its KubeSpawner does not create', () => {
  test('are a demand of their own, never one of the hub\'s profiles', () => {
    const app = new ClusterApp(simpleSpec());
    const hub = new CourseJupyterHub(app, 'intro', { auth: HubAuth.moodle('https://moodle.example.org', ['c'], { staffAdmins: true }), image: 'quay.io/jupyter/minimal-notebook:2025-08-18', students: 10 });
    hub.declarations.runtimePod({
      name: 'seat placeholder',
      namespace: hub.namespaceName,
      labels: { app: 'placeholder' },
      createdBy: 'a placeholder CronJob',
      maxCount: 5,
      podSpec: { containers: [{ name: 'p', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }] },
    });
    const model = modelOf(app);
    const demands = hubDemands(model, clusterCapacity(model));
    const intro = demands.find((d) => d.name === 'intro')!;
    expect(intro.profiles.map((p) => p.name)).toEqual(['default']);
    expect(demands.map((d) => d.name).sort()).toEqual(['a placeholder CronJob', 'intro']);
  });
});
