import { capacityPlan } from '../../lib/capacity/plan';
import { collect } from '../../lib/fleet/synth';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { HubAuth } from '../../lib/hub/auth';
import { ExamHub } from '../../lib/hub/exam-hub';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { testSpec, wiringIssuesOf } from '../helpers';

/**
 * The capacity check at synth (lib/capacity, rule capacity-exam-window) on real exam hubs: what the
 * exam declares (seats × guarantees in its seat window, the pre-puller on its pool, hub and proxy as
 * platform pods) decides whether it fits.
 */
const spec: ClusterSpec = testSpec({
  nodePools: [
    ...testSpec().nodePools.map((p) => (p.name === 'cp' ? { ...p, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }] } : p)),
    // Two exam nodes of 16 vCPUs / 64 GiB: 15.5 CPU each after the reserve.
    { name: 'exam', roles: ['worker'], count: 2, vcpus: 16, memoryGiB: 64, diskGiB: 100, labels: { 'hub.jupyter.org/node-purpose': 'exam' }, taints: [{ key: 'hub.jupyter.org/dedicated', value: 'exam', effect: 'NoSchedule' }] },
  ],
});
const auth = HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},dc=example,dc=org'], allowedGroups: ['cn=candidates,dc=example,dc=org'] });

function exam(app: ClusterApp, id: string, seats: number, start: string, end: string, cpu = 1) {
  return new ExamHub(app, id, { auth, image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: seats, seats, cpuGuarantee: cpu, memoryGuaranteeGiB: 2, allowedSourceCidrs: ['10.30.10.0/24'], examPool: 'exam', window: { start, end, timeZone: 'Europe/Berlin' } });
}
const capacity = (app: ClusterApp) => wiringIssuesOf(app).filter((i) => i.rule.startsWith('capacity-'));

describe('exam capacity at synth', () => {
  test('an exam that fits its pool passes: 28 seats × 1 CPU on 2 × 15.5 CPU', () => {
    const app = new ClusterApp(spec);
    exam(app, 'final', 28, '2026-02-10T09:00', '2026-02-10T11:00');
    expect(capacity(app)).toEqual([]);
  });

  test('an exam that does not fit its pool fails synth with the numbers', () => {
    const app = new ClusterApp(spec);
    exam(app, 'final', 40, '2026-02-10T09:00', '2026-02-10T11:00');
    const issues = capacity(app);
    expect(issues.map((i) => i.rule)).toEqual(['capacity-exam-window']);
    expect(issues[0].message).toMatch(/exam "final" \(40 seats, 2026-02-10T08:00:00\+01:00 – 2026-02-10T11:45:00\+01:00 \(Europe\/Berlin\)\) does not fit its pools \(exam\) even alone: pool "exam": the exams request 40 CPU \/ 80 GiB, it has [\d.]+ CPU \/ [\d.]+ GiB free after platform pods; \d+ of 40 seats of "final" find a node/);
  });

  test('two overlapping exams on one pool that fit alone but not together fail, naming both', () => {
    const app = new ClusterApp(spec);
    exam(app, 'math', 16, '2026-02-10T09:00', '2026-02-10T11:00');
    exam(app, 'physics', 16, '2026-02-10T10:30', '2026-02-10T12:30');
    const issues = capacity(app);
    expect(issues.map((i) => i.rule)).toEqual(['capacity-exam-window']);
    expect(issues[0].message).toMatch(/exams "math" and "physics" overlap .* and together do not fit, though each fits alone: .*of 16 seats of "physics" find a node/);
  });

  test('back to back: the next exam\'s placeholders start an hour early and the last one\'s idle servers go only after the culler\'s pass, so 30 minutes between them is not enough', () => {
    const app = new ClusterApp(spec);
    exam(app, 'math', 16, '2026-02-10T09:00', '2026-02-10T11:00');
    exam(app, 'physics', 16, '2026-02-10T11:30', '2026-02-10T13:30');
    expect(capacity(app).map((i) => i.rule)).toEqual(['capacity-exam-window']);
    const later = new ClusterApp(spec);
    exam(later, 'math', 16, '2026-02-10T09:00', '2026-02-10T11:00');
    exam(later, 'physics', 16, '2026-02-10T13:00', '2026-02-10T15:00');
    expect(capacity(later)).toEqual([]);
  });

  test('the pre-puller counts on the exam pool\'s nodes, and hub and proxy as platform pods (not on the tainted exam pool)', () => {
    const app = new ClusterApp(spec);
    exam(app, 'final', 10, '2026-02-10T09:00', '2026-02-10T11:00');
    const { objects } = collect(app);
    const plan = capacityPlan(buildClusterModel(app.spec, objects, app.packages()));
    const pool = plan.pools.find((p) => p.name === 'exam')!;
    expect(pool.daemonList.map((d) => d.name)).toContain('DaemonSet exam-final/image-pre-puller');
    expect(plan.platform.filter((p) => p.namespace === 'exam-final').map((p) => [p.pod.split(' ')[1], p.pool])).toEqual([
      ['exam-final/hub', 'worker'],
      ['exam-final/proxy', 'worker'],
    ]);
    expect(plan.exams.map((e: any) => e.name ?? e.exam)).toEqual(['final']);
  });
});
