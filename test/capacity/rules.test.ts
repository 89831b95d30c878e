import { CAPACITY_RULES } from '../../lib/capacity/rules';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { WIRING_RULES } from '../../lib/model/check';
import { wiringIssuesOf } from '../helpers';
import { exam, simpleSpec } from './fixtures';

const capacityIssues = (a: ClusterApp) => wiringIssuesOf(a).filter((i) => i.rule.startsWith('capacity-'));
const course = (a: ClusterApp, name: string, students: number, memoryGiB = 1) =>
  new CourseJupyterHub(a, name, { auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: 'quay.io/jupyter/minimal-notebook:2025-08-18', students, memoryGuaranteeGiB: memoryGiB, memoryLimitGiB: Math.max(2, memoryGiB) });

test('synth runs the capacity rules (they are part of WIRING_RULES)', () => {
  for (const r of CAPACITY_RULES) expect(WIRING_RULES).toContain(r);
});

test('a cluster whose semester and exams fit has no capacity findings', () => {
  const a = new ClusterApp(simpleSpec());
  course(a, 'intro', 20);
  exam(a, 'final', { seats: 20, cpu: 0.5, memoryGiB: 1, start: '2026-02-10T09:00+01:00', end: '2026-02-10T12:00+01:00' });
  exam(a, 'resit', { seats: 20, cpu: 0.5, memoryGiB: 1, start: '2026-02-10T13:00+01:00', end: '2026-02-10T15:00+01:00' });
  expect(capacityIssues(a)).toEqual([]);
});

describe('capacity-semester-peak', () => {
  test('fails (a warning) when the peak guarantees exceed what is free, naming the numbers and the caps', () => {
    const a = new ClusterApp(simpleSpec());
    course(a, 'big', 30, 2);
    const issues = capacityIssues(a);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ rule: 'capacity-semester-peak', severity: 'warning', field: 'nodePools[worker]' });
    expect(issues[0].message).toMatch(/30 servers on pool "worker" that request 15 CPU \/ 60 GiB, but the pool has 14\.7 CPU \/ 59\.4 GiB free for users .*over by cpu 1\.02×, memory 1\.01×/);
    expect(issues[0].fix).toMatch(/big 30 → 29/);
  });
});

describe('capacity-exam-window', () => {
  test('fails when an exam alone does not fit its pools: 40 seats × 1 CPU on 2 nodes of 7.5 CPU (7 seats each)', () => {
    const a = new ClusterApp(simpleSpec());
    exam(a, 'final', { seats: 40, cpu: 1, memoryGiB: 1, start: '2026-02-10T09:00+01:00', end: '2026-02-10T12:00+01:00' });
    const issues = capacityIssues(a);
    expect(issues.map((i) => i.rule)).toEqual(['capacity-exam-window']);
    expect(issues[0].message).toMatch(/exam "final" \(40 seats, 2026-02-10T09:00\+01:00 – 2026-02-10T12:00\+01:00 \(Europe\/Zurich\)\) does not fit its pools \(worker\) even alone: pool "worker": the exams request 40 CPU \/ 40 GiB, it has 15 CPU \/ 60 GiB free after platform pods; 14 of 40 seats of "final" find a node/);
  });
  test('fails when two overlapping exams fit alone but not together, naming both', () => {
    const a = new ClusterApp(simpleSpec());
    exam(a, 'math', { seats: 10, cpu: 1, memoryGiB: 2, start: '2026-02-10T09:00+01:00', end: '2026-02-10T12:00+01:00' });
    exam(a, 'physics', { seats: 10, cpu: 1, memoryGiB: 2, start: '2026-02-10T11:00+01:00', end: '2026-02-10T13:00+01:00' });
    const issues = capacityIssues(a);
    expect(issues.map((i) => i.rule)).toEqual(['capacity-exam-window']);
    expect(issues[0].message).toMatch(/exams "math" and "physics" overlap \(2026-02-10T10:00:00.000Z – 2026-02-10T11:00:00.000Z\) and together do not fit, though each fits alone: .*10 of 10 seats of "math" find a node, 4 of 10 seats of "physics" find a node/);
  });
  test('passes for the same two exams one after the other', () => {
    const a = new ClusterApp(simpleSpec());
    exam(a, 'math', { seats: 10, cpu: 1, memoryGiB: 2, start: '2026-02-10T09:00+01:00', end: '2026-02-10T11:00+01:00' });
    exam(a, 'physics', { seats: 10, cpu: 1, memoryGiB: 2, start: '2026-02-10T11:00+01:00', end: '2026-02-10T13:00+01:00' });
    expect(capacityIssues(a)).toEqual([]);
  });
  test('an exam on a dedicated pool is checked against that pool only', () => {
    const a = new ClusterApp(
      simpleSpec({ nodePools: [...simpleSpec().nodePools, { name: 'exam', roles: ['worker'], count: 1, vcpus: 4, memoryGiB: 16, diskGiB: 50, labels: { 'hub.jupyter.org/node-purpose': 'exam' }, taints: [{ key: 'hub.jupyter.org/dedicated', value: 'exam', effect: 'NoSchedule' }] }] }),
    );
    const onExamPool = { nodeSelector: { 'hub.jupyter.org/node-purpose': 'exam' }, tolerations: [{ key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'exam', effect: 'NoSchedule' }] };
    exam(a, 'final', { seats: 4, cpu: 1, memoryGiB: 2, start: '2026-02-10T09:00+01:00', end: '2026-02-10T12:00+01:00', ...onExamPool });
    expect(capacityIssues(a).map((i) => i.message)).toEqual([expect.stringMatching(/does not fit its pools \(exam\) even alone: .*3 of 4 seats/)]);
  });
});

describe('capacity-exam-window-valid', () => {
  test('fails for a window that does not parse or ends before it starts', () => {
    const a = new ClusterApp(simpleSpec());
    exam(a, 'final', { seats: 2, cpu: 1, memoryGiB: 1, start: 'Tuesday morning', end: '2026-02-10T12:00' });
    exam(a, 'resit', { seats: 2, cpu: 1, memoryGiB: 1, start: '2026-02-10T12:00', end: '2026-02-10T09:00' });
    const issues = capacityIssues(a);
    expect(issues.map((i) => i.rule)).toEqual(['capacity-exam-window-valid', 'capacity-exam-window-valid']);
    expect(issues[0].message).toMatch(/exam "final": the window "Tuesday morning" – "2026-02-10T12:00" is not two ISO 8601 times/);
    expect(issues[1].message).toMatch(/exam "resit": the window ends \(2026-02-10T09:00\) before it starts/);
  });
});
