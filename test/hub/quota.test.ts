/**
 * Issue 20: quotas that did not bind. The general hub's ResourceQuota was 250 concurrent servers
 * times its largest profile (500 CPU requested, about 8 TiB of memory limits): more than the whole
 * cluster, so it limited nothing. Now a quota is the hub's share of the pools, stated or derived
 * from its peak, and synth warns when the quotas together exceed the cluster.
 */
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { cpuMillis, memBytes } from '../../lib/fleet/rules';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { workerAllocatable } from '../../lib/model/nodes';
import { find, issuesOf, objectsOf, testSpec, wiringIssuesOf } from '../helpers';

/** 14 workers of 32 CPU / 256 GiB and 4 GPU servers, as campus-metal. */
const SPEC: ClusterSpec = testSpec({
  nodePools: [
    { name: 'cp', roles: ['etcd', 'control-plane'], count: 1, vcpus: 16, memoryGiB: 64, diskGiB: 100, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
    { name: 'worker', roles: ['worker'], count: 14, vcpus: 32, memoryGiB: 256, diskGiB: 960 },
    { name: 'gpu', roles: ['worker'], count: 4, vcpus: 48, memoryGiB: 512, diskGiB: 1920, gpus: 2, taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }] },
  ],
});

const GENERAL: CourseJupyterHubProps = {
  auth: HubAuth.moodle('https://moodle.example.org', ['c'], { staffAdmins: false }),
  image: 'quay.io/jupyter/scipy-notebook:2025-08-18',
  home: false,
  students: 2400,
  maxConcurrentUsers: 250,
  cpuGuarantee: 0.25,
  cpuLimit: 2,
  memoryGuaranteeGiB: 1,
  memoryLimitGiB: 4,
  profiles: [
    { displayName: 'Python', default: true },
    { displayName: 'Large memory', cpuLimit: 8, memoryGuaranteeGiB: 4, memoryLimitGiB: 16 },
    { displayName: 'GPU', cpuGuarantee: 4, cpuLimit: 8, memoryGuaranteeGiB: 16, memoryLimitGiB: 32, gpus: 1 },
  ],
};

const hard = (app: ClusterApp, ns: string) => {
  const q = find(objectsOf(app), 'ResourceQuota', 'quota', ns).spec.hard;
  return { requestsCpu: cpuMillis(q['requests.cpu'])! / 1000, limitsCpu: cpuMillis(q['limits.cpu'])! / 1000, requestsMemoryGiB: memBytes(q['requests.memory'])! / 1024 ** 3, limitsMemoryGiB: memBytes(q['limits.memory'])! / 1024 ** 3 };
};

describe('quotas that bind', () => {
  test('derived from the peak: 250 default servers plus one server of each larger profile (and the hub\'s own pods), not 250 of the largest', () => {
    const app = new ClusterApp(SPEC);
    new CourseJupyterHub(app, 'jupyter', GENERAL);
    expect(issuesOf(app)).toEqual([]);
    const q = hard(app, 'course-jupyter');
    // 250 × 0.25 + (4 − 0.25) + hub and proxy 0.4 = 66.65 CPU; 250 × 1 + 3 + 15 + 0.75 = 268.75 GiB
    expect(q.requestsCpu).toBeCloseTo(66.65);
    expect(q.requestsMemoryGiB).toBeCloseTo(268.75);
    expect(q.limitsCpu).toBeCloseTo(250 * 2 + 6 + 6 + 1.5);
    expect(q.limitsMemoryGiB).toBeCloseTo(250 * 4 + 12 + 28 + 1.5);
    const cluster = workerAllocatable(SPEC);
    expect(q.requestsCpu).toBeLessThan(cluster.cpu);
  });

  test('a stated share: quotaShare of the worker pools, limits at the default server\'s ratio', () => {
    const app = new ClusterApp(SPEC);
    new CourseJupyterHub(app, 'jupyter', { ...GENERAL, quotaShare: 0.2 });
    const cluster = workerAllocatable(SPEC);
    const q = hard(app, 'course-jupyter');
    expect(q.requestsCpu).toBeCloseTo(0.2 * cluster.cpu + 0.4, 2);
    expect(q.requestsMemoryGiB).toBeCloseTo(0.2 * cluster.memoryGiB + 0.75, 2);
    expect(q.limitsCpu).toBeCloseTo(0.2 * cluster.cpu * 8 + 1.5, 1);
  });

  test('capacity-quotas-exceed-cluster: synth warns when the hubs\' quotas together exceed the worker pools', () => {
    const app = new ClusterApp(SPEC);
    for (const id of ['a', 'b', 'c']) new CourseJupyterHub(app, id, { ...GENERAL, quotaShare: 0.4 });
    const w = wiringIssuesOf(app).filter((i) => i.rule === 'capacity-quotas-exceed-cluster');
    expect(w.map((i) => i.severity)).toEqual(['warning']);
    expect(w[0].message).toMatch(/the 3 ResourceQuotas together grant .* CPU .* but the worker pools can give/);
    const fine = new ClusterApp(SPEC);
    for (const id of ['a', 'b']) new CourseJupyterHub(fine, id, { ...GENERAL, quotaShare: 0.4 });
    expect(wiringIssuesOf(fine).filter((i) => i.rule === 'capacity-quotas-exceed-cluster')).toEqual([]);
  });
});
