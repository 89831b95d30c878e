import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { Package } from '../../lib/fleet/package';
import { collect } from '../../lib/fleet/synth';
import { IsolatedNamespace } from '../../lib/fleet/isolated-namespace';
import { buildClusterModel, ClusterModel } from '../../lib/model/cluster-model';
import { testSpec } from '../helpers';

/** A cluster with simple numbers: a tainted control plane and 2 workers of 8 CPU / 32 GiB, reserve 0.5 CPU / 2 GiB, no system daemons. */
export function simpleSpec(overrides: Partial<ClusterSpec> = {}): ClusterSpec {
  return testSpec({
    nodePools: [
      { name: 'cp', roles: ['etcd', 'control-plane'], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80, taints: [{ key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' }] },
      { name: 'worker', roles: ['worker'], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 100 },
    ],
    capacity: { nodeReserve: { cpu: 0.5, memoryGiB: 2 }, systemDaemons: [] },
    ...overrides,
  });
}

export function modelOf(app: ClusterApp): ClusterModel {
  return buildClusterModel(app.spec, collect(app).objects, app.packages());
}

/**
 * An exam as the exam issue will declare it: a package with a hub entry and one runtime pod per
 * seat size with a window (the pod spec is what KubeSpawner would create: Guaranteed QoS).
 */
export function exam(app: ClusterApp, name: string, o: { seats: number; cpu: number; memoryGiB: number; start: string; end: string; nodeSelector?: Record<string, string>; tolerations?: unknown[] }): Package {
  const ns = `exam-${name}`;
  const p = new Package(app, name, { group: 'exams', namespace: ns });
  new IsolatedNamespace(p, 'namespace', { name: ns });
  const size = { cpuGuarantee: o.cpu, cpuLimit: o.cpu, memoryGuaranteeGiB: o.memoryGiB, memoryLimitGiB: o.memoryGiB };
  p.declarations.hub({ name, kind: 'exam', namespace: ns, url: `https://${name}.hubs.example.org/`, login: 'ldap', students: o.seats, concurrency: o.seats, size, profiles: [], image: 'quay.io/jupyter/minimal-notebook:2025-08-18', nbgrader: false, window: { start: o.start, end: o.end, timeZone: 'Europe/Zurich' } });
  const res = { cpu: String(o.cpu), memory: `${o.memoryGiB}Gi` };
  p.declarations.runtimePod({
    name: 'user server',
    namespace: ns,
    labels: { component: 'singleuser-server', release: name },
    createdBy: `KubeSpawner of hub "${name}"`,
    maxCount: o.seats,
    window: { start: o.start, end: o.end },
    podSpec: { ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}), ...(o.tolerations ? { tolerations: o.tolerations } : {}), containers: [{ name: 'notebook', image: 'quay.io/jupyter/minimal-notebook:2025-08-18', resources: { requests: res, limits: res } }] },
  });
  return p;
}
