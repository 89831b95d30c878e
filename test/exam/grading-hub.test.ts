import { GradingHub, GradingHubProps } from '../../lib/exam/grading-hub';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { ExamHub } from '../../lib/hub/exam-hub';
import { UserImage } from '../../lib/hub/user-image';
import { Platform } from '../../lib/platform/platform';
import { capacityPlan } from '../../lib/capacity/plan';
import { renderReport } from '../../lib/report/report';
import { diffCluster } from '../../lib/fleet/diff';
import { synthApp } from '../../lib/fleet/synth';
import { buildClusterModel } from '../../lib/model/cluster-model';
import { find, issuesOf, objectsOf, testSpec, wiringIssuesOf } from '../helpers';
import { hasPython, RECORDING_CONFIG, runPython } from './python';

const IMAGE = UserImage.of('ghcr.io/org/course:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange'] });
const spec = () =>
  testSpec({
    nfs: { server: '10.0.0.5', exportPath: '/srv/nfs/teaching/' },
    loadBalancerRange: '10.0.0.200-10.0.0.210',
    nodePools: [...testSpec().nodePools, { name: 'exam', roles: ['worker'], count: 2, vcpus: 16, memoryGiB: 64, diskGiB: 100, labels: { 'hub.jupyter.org/node-purpose': 'exam' }, taints: [{ key: 'hub.jupyter.org/dedicated', value: 'exam', effect: 'NoSchedule' }] }],
  });
const ldap = (groups: string[]) => HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'], allowedGroups: groups });

function build(over: Partial<GradingHubProps> = {}, withPlatform = true) {
  const app = new ClusterApp(spec());
  if (withPlatform) new Platform(app);
  const exam = new ExamHub(app, 'final', { auth: ldap(['cn=candidates,dc=example,dc=org']), image: IMAGE, students: 10, allowedSourceCidrs: ['10.30.10.0/24'], examPool: 'exam', nbgrader: { instructors: ['anna'] }, window: { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' } });
  const grading = new GradingHub(app, 'grading', { auth: ldap(['cn=graders,dc=example,dc=org']), image: IMAGE, students: 5, exams: [exam], ...over });
  return { app, exam, grading, objects: objectsOf(app) };
}

describe('GradingHub', () => {
  test('its namespace is of kind grading, not exam, and every reader of the kind says so (inventory, capacity, report, diff)', () => {
    const { app, objects } = build();
    expect(find(objects, 'Namespace', 'grading-grading').metadata.labels['hubfleet.io/kind']).toBe('grading');
    expect(find(objects, 'Namespace', 'exam-final').metadata.labels['hubfleet.io/kind']).toBe('exam');
    const out = synthApp(app);
    expect(out.inventory.hubs.map((h) => [h.name, h.kind])).toEqual([['final', 'exam'], ['grading', 'grading']]);
    const model = buildClusterModel(app.spec, objects, app.packages());
    const plan = capacityPlan(model);
    const row = plan.hubs.find((h) => h.name === 'grading')!;
    expect([row.kind, row.window]).toEqual(['grading', undefined]);
    expect(plan.exams.map((e) => e.exam)).toEqual(['final']);
    expect(renderReport(plan, out.inventory, model).get('index.html')).toContain('<strong>grading</strong><br><span class="muted">grading</span>');
    // The diff of removing it speaks of a grading hub, not of an exam.
    const without = new ClusterApp(spec());
    new Platform(without);
    new ExamHub(without, 'final', { auth: ldap(['cn=candidates,dc=example,dc=org']), image: IMAGE, students: 10, allowedSourceCidrs: ['10.30.10.0/24'], examPool: 'exam', nbgrader: { instructors: ['anna'] }, window: { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' } });
    const d = diffCluster('test-cluster', out.files, synthApp(without).files, { now: new Date('2026-01-10T12:00:00Z') });
    expect(d.risks.map((r) => r.title)).toContainEqual(expect.stringMatching(/^grading hub grading disappears \(k8s\/exams\/grading\//));
    expect(d.risks.map((r) => r.title).join('\n')).not.toMatch(/^exam grading/m);
  });

  test('graders\' servers mount the exam\'s export read-only through a PersistentVolume at the export claim\'s NFS directory', () => {
    const { app, grading, objects } = build();
    expect(grading.namespaceName).toBe('grading-grading');
    expect(grading.outputDir).toBe('exams/grading');
    const pvc = find(objects, 'PersistentVolumeClaim', 'exam-final-submissions', 'grading-grading');
    expect(pvc.spec).toEqual({ accessModes: ['ReadOnlyMany'], storageClassName: 'hubfleet-static', volumeName: 'grading-grading-exam-final-submissions', resources: { requests: { storage: '10Gi' } } });
    const pv = objectsOf(app).find((o) => o.json.kind === 'PersistentVolume')!;
    expect(pv.pkg.outputDir).toBe('platform/exam-volumes'); // cluster-scoped: a platform package (AppProject platform)
    expect(pv.json.spec).toMatchObject({
      accessModes: ['ReadOnlyMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      nfs: { server: '10.0.0.5', path: '/srv/nfs/teaching/exam-final/exam-submissions', readOnly: true },
      claimRef: { namespace: 'grading-grading', name: 'exam-final-submissions' },
    });
    expect(pv.json.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(grading.hubConfig).toMatch(/"claimName": "exam-final-submissions",\s+"readOnly": True,/);
    expect(grading.hubConfig).toMatch(/"name": "exam-final",\s+"mountPath": "\/srv\/exams\/final",\s+"readOnly": True,/);
    expect(find(objects, 'ConfigMap', 'exam-receipts').data['check_receipts.py']).toContain('usage: check_receipts.py EXPORT_DIR');
    expect(grading.declarations.hubs[0].kind).toBe('grading');
    expect(issuesOf(app).filter((i) => !i.rule.startsWith('ingress-'))).toEqual([]);
  });

  test('students never reach it: exam notebooks are proved not to reach the grading hub, and graders\' servers have no internet', () => {
    const { app, grading, objects } = build();
    expect(grading.declarations.flows).toContainEqual(expect.objectContaining({ from: expect.objectContaining({ namespace: 'exam-final' }), to: expect.objectContaining({ namespace: 'grading-grading' }), expect: 'denied' }));
    const np = find(objects, 'NetworkPolicy', 'singleuser', 'grading-grading');
    expect(np.spec.egress.some((e: any) => e.to?.some((t: any) => t.ipBlock))).toBe(false);
    expect(wiringIssuesOf(app).filter((i) => i.rule.startsWith('flow-'))).toEqual([]);
  });

  test('staff networks only: the route allow list and the hub\'s own check', () => {
    const { grading, objects } = build({ allowedSourceCidrs: ['10.99.0.0/16'], auth: ldap([]) });
    expect(find(objects, 'Middleware', 'jupyterhub-allow-list', 'grading-grading').spec.ipAllowList.sourceRange).toEqual(['10.99.0.0/16']);
    expect(grading.hubConfig).toContain('HUBFLEET_CLIENT_RANGES = [ipaddress.ip_network(n) for n in ["10.99.0.0/16"]]');
  });

  test('fails grading-staff-only (LDAP without a graders\' group and no staff networks)', () => {
    expect(issuesOf(build({ auth: ldap([]) }).app).map((i) => i.rule)).toContain('grading-staff-only');
  });

  test('fails grading-exams (an exam without a window exports nothing)', () => {
    const app = new ClusterApp(spec());
    new Platform(app);
    const exam = new ExamHub(app, 'final', { auth: ldap(['cn=c']), image: IMAGE, students: 10, allowedSourceCidrs: ['10.30.10.0/24'], nbgrader: { instructors: ['anna'] } });
    new GradingHub(app, 'grading', { auth: ldap(['cn=g']), image: IMAGE, students: 5, exams: [exam] });
    expect(issuesOf(app).map((i) => i.rule)).toContain('grading-exams');
  });

  test('fails grading-export-nfs (no NFS provisioner: the export directory cannot be found)', () => {
    const app = new ClusterApp(testSpec({ existingStorageClasses: [...(testSpec().existingStorageClasses ?? []), { name: 'files', provisioner: 'nfs.csi.k8s.io', reclaimPolicy: 'Retain', readWriteMany: true, usedFor: ['exchange'] }] }));
    const exam = new ExamHub(app, 'final', { auth: ldap(['cn=c']), image: IMAGE, students: 4, allowedSourceCidrs: ['10.30.10.0/24'], nbgrader: { instructors: ['anna'] }, window: { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' } });
    new GradingHub(app, 'grading', { auth: ldap(['cn=g']), image: IMAGE, students: 5, exams: [exam] });
    const issue = issuesOf(app).find((i) => i.rule === 'grading-export-nfs')!;
    expect(issue.value).toEqual(['final: StorageClass files is not in this output']);
  });

  (hasPython ? test : test.skip)('with LTI only staff get in: a Learner launch is refused, an Instructor admitted (the rendered hooks, run in Python)', () => {
    const { grading } = build({ auth: HubAuth.moodle('https://moodle.example.org', ['c1'], { staffAdmins: false }) });
    const cfg = grading.hubConfig;
    const start = cfg.indexOf('HUBFLEET_STAFF_ROLES =');
    const hook = cfg.slice(start, cfg.indexOf('\n# ', start));
    const staffOnly = cfg.slice(cfg.indexOf('_hubfleet_grading_previous_hook'), cfg.indexOf('c.Authenticator.post_auth_hook = hubfleet_grading_staff_only'));
    const launch = (role: string) => `{"name": "x", "auth_state": {"https://purl.imsglobal.org/spec/lti/claim/roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#${role}"]}}`;
    const out = runPython(`import json, re, logging\n${RECORDING_CONFIG}\n${hook}\n${staffOnly}\nclass A:\n    log = logging.getLogger("a")\nr = [hubfleet_grading_staff_only(A(), None, ${launch('Learner')}), hubfleet_grading_staff_only(A(), None, ${launch('Instructor')})]\nprint(json.dumps([x and x["groups"] for x in r]))`);
    expect(JSON.parse(out)).toEqual([null, ['graders']]);
    expect(cfg).toContain('c.Authenticator.post_auth_hook = hubfleet_grading_staff_only');
  });
});
