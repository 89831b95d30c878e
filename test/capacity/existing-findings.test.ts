/**
 * Issue 20's capacity findings: `hubfleet capacity` counted no per-node pods on an existing cluster
 * with Calico declared, and the report drew no chart for a GPU pool.
 */
import { capacityPlan } from '../../lib/capacity/plan';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { testSpec } from '../helpers';
import { reportHtml } from '../report/fixtures';
import { modelOf, simpleSpec } from './fixtures';

describe('issue 20 findings: capacity of a cluster as it is', () => {
  test("an existing cluster with Calico declared counts calico-node on every node", () => {
    const a = new ClusterApp(
      testSpec({
        kubernetes: { distribution: 'existing', version: 'v1.35.4', cni: 'calico' },
        networks: { nodeCidr: '10.10.0.0/24', podCidr: '192.168.0.0/16', serviceCidr: '10.96.0.0/12' },
        nodePools: [{ name: 'worker', roles: ['worker'], count: 3, vcpus: 16, memoryGiB: 64, diskGiB: 200 }],
      }),
    );
    const worker = capacityPlan(modelOf(a)).pools.find((p) => p.name === 'worker')!;
    expect(worker.daemonList.map((d) => d.name)).toEqual(['calico-node (Calico manifest)']);
    expect(worker.daemons.cpu).toBeCloseTo(0.75);
  });

  test('the report charts every pool, a GPU pool no hub fills at its peak too', () => {
    const a = new ClusterApp(
      simpleSpec({
        nodePools: [
          { name: 'worker', roles: ['worker'], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 100 },
          { name: 'gpu', roles: ['worker'], count: 1, vcpus: 16, memoryGiB: 64, diskGiB: 100, gpus: 2, taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }] },
        ],
      }),
    );
    new CourseJupyterHub(a, 'intro', { auth: HubAuth.moodle('https://moodle.example.org', ['c'], { staffAdmins: false }), image: 'quay.io/jupyter/minimal-notebook:2025-08-18', students: 20, home: false });
    const html = reportHtml(a);
    expect(html).toContain('<h3>pool worker</h3>');
    expect(html).toContain('<h3>pool gpu</h3>');
    expect(html).toMatch(/<h3>pool gpu<\/h3>[\s\S]*?nvidia\.com\/gpu/);
  });
});
