import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { PLACEHOLDER_SCRIPT } from '../../lib/exam/seat-reservation';
import { HubAuth } from '../../lib/hub/auth';
import { CULL_NOT_BEFORE } from '../../lib/hub/hub/hub-config';
import { ExamHub, ExamHubProps } from '../../lib/hub/exam-hub';
import { UserImage } from '../../lib/hub/user-image';
import { PRIORITY } from '../../lib/fleet/priority-classes';
import { loadSealingKey, seal } from '../../lib/secrets/seal';
import { SealedSecret } from '../../lib/secrets/sealed-secret';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { find, issuesOf, objectsOf, testSpec, warningsOf, wiringIssuesOf } from '../helpers';

const ldap = HubAuth.ldap({ serverAddress: 'ldap.example.org', tlsStrategy: 'on_connect', lookup: { userSearchBase: 'ou=people,dc=example,dc=org', searchUser: 'cn=search,dc=example,dc=org', searchPassword: SecretKeyRef.fromName('ldap', 'password') }, allowedGroups: ['cn=candidates,dc=example,dc=org'] });
const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const WINDOW = { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' };

const base: ExamHubProps = {
  auth: ldap,
  image: IMAGE,
  students: 20,
  allowedSourceCidrs: ['10.30.10.0/24'],
  window: WINDOW,
  examPool: 'exam',
};

/** The LDAP search password, sealed against the test certificate (the wiring rule wants it made). */
const CERT = loadSealingKey(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sealed-secrets', 'cert.pem'), 'utf8'));
const sealLdap = (hub: ExamHub) => new SealedSecret(hub, 'ldap', { encryptedData: { password: seal(CERT, Buffer.from('x'), 'strict', hub.namespaceName, 'ldap') } });

/** The test cluster with a dedicated exam pool (label and taint). */
function examSpec(over: Partial<ClusterSpec> = {}): ClusterSpec {
  return testSpec({
    nodePools: [
      ...testSpec().nodePools,
      { name: 'exam', roles: ['worker'], count: 2, vcpus: 16, memoryGiB: 64, diskGiB: 100, labels: { 'hub.jupyter.org/node-purpose': 'exam' }, taints: [{ key: 'hub.jupyter.org/dedicated', value: 'exam', effect: 'NoSchedule' }] },
    ],
    // File storage for the submission export (the grading hub reads it).
    existingStorageClasses: [...(testSpec().existingStorageClasses ?? []), { name: 'files', provisioner: 'nfs.csi.k8s.io', reclaimPolicy: 'Retain', readWriteMany: true, usedFor: ['exchange'] }],
    ...over,
  });
}

function exam(props: Partial<ExamHubProps> = {}, spec: ClusterSpec = examSpec()) {
  const app = new ClusterApp(spec);
  const hub = new ExamHub(app, 'midterm', { ...base, ...props });
  sealLdap(hub);
  return { app, hub, objects: objectsOf(app) };
}

const runtime = (hub: ExamHub) => hub.declarations.runtimePods.find((p) => p.labels.component === 'singleuser-server')!;
const rulesOf = (props: Partial<ExamHubProps>, spec?: ClusterSpec) => issuesOf(exam(props, spec).app).map((i) => i.rule);

describe('ExamHub', () => {
  test('lives under exams/ in namespace exam-<id> and passes every rule, the wiring included', () => {
    const { app, hub } = exam();
    expect(hub.outputDir).toBe('exams/midterm');
    expect(hub.namespaceName).toBe('exam-midterm');
    expect(issuesOf(app)).toEqual([]);
    expect(warningsOf(app)).toEqual([]);
    expect(wiringIssuesOf(app)).toEqual([]);
  });

  test('without a window it is a practice hub: a warning says what is missing', () => {
    const { app, objects } = exam({ window: undefined });
    expect(warningsOf(app).map((i) => i.rule)).toEqual(['exam-window']);
    expect(objects.filter((o) => ['CronJob', 'DaemonSet'].includes(o.json.kind))).toEqual([]);
  });

  test('the namespace carries the window for hubfleet diff, and the inventory has it', () => {
    const { hub, objects } = exam();
    expect(find(objects, 'Namespace', 'exam-midterm').metadata.annotations['hubfleet.io/exam-window']).toBe('2026-02-10T09:00:00+01:00/2026-02-10T11:00:00+01:00');
    expect(hub.declarations.hubs[0].window).toEqual({ start: '2026-02-10T09:00:00+01:00', end: '2026-02-10T11:00:00+01:00', timeZone: 'Europe/Berlin' });
  });

  test('notebooks reach only hub and proxy: no internet, no DNS (the hub by its Service variables), no ServiceAccount token', () => {
    const { app, hub, objects } = exam({ nbgrader: { instructors: ['anna'] }, image: UserImage.of('ghcr.io/org/course:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange'] }) });
    const np = find(objects, 'NetworkPolicy', 'singleuser');
    expect(np.spec.egress.some((e: any) => e.to?.some((t: any) => t.ipBlock))).toBe(false);
    expect(JSON.stringify(np.spec.egress)).not.toContain('kube-dns');
    expect(hub.hubConfig).toContain('c.KubeSpawner.hub_connect_url = "http://$(HUB_SERVICE_HOST):$(HUB_SERVICE_PORT_HUB)"');
    expect(find(objects, 'Service', 'hub').spec.ports[0].name).toBe('hub'); // → HUB_SERVICE_PORT_HUB
    const nb = find(objects, 'ConfigMap', 'nbgrader-config').data['nbgrader_config.py'];
    expect(nb).toContain('os.environ["NGSHARE_SERVICE_HOST"], os.environ["NGSHARE_SERVICE_PORT_HTTP"]');
    expect(find(objects, 'Service', 'ngshare').spec.ports[0].name).toBe('http'); // → NGSHARE_SERVICE_PORT_HTTP
    expect(runtime(hub).podSpec.automountServiceAccountToken).toBe(false);
    // Proved by the flow rules: the DNS is closed and everything the servers need is open.
    expect(hub.declarations.flows).toContainEqual(expect.objectContaining({ to: { kind: 'dns' }, expect: 'denied' }));
    expect(wiringIssuesOf(app)).toEqual([]);
  });

  test('Guaranteed QoS: every container of an exam server, init containers included, has limits equal to requests', () => {
    const { hub } = exam({ cpuGuarantee: 2, memoryGuaranteeGiB: 4, userInitContainers: [{ name: 'seed', image: IMAGE, command: ['true'] }] });
    const spec = runtime(hub).podSpec;
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) expect(c.resources.requests).toEqual(c.resources.limits);
    expect(spec.containers[0].resources.requests).toEqual({ cpu: '2', memory: String(4 * 2 ** 30) });
  });

  test('exam servers, hub and proxy get the exam PriorityClasses; placeholders and the pre-puller rank between them and everything else', () => {
    const { hub, objects } = exam({ examPool: 'exam' });
    expect(runtime(hub).podSpec.priorityClassName).toBe(PRIORITY.examServer);
    for (const d of ['hub', 'proxy']) expect(find(objects, 'Deployment', d).spec.template.spec.priorityClassName).toBe(PRIORITY.examHub);
    expect(find(objects, 'DaemonSet', 'image-pre-puller').spec.template.spec.priorityClassName).toBe(PRIORITY.examPlaceholder);
    expect(find(objects, 'CronJob', 'seat-placeholders').spec.jobTemplate.spec.template.spec.priorityClassName).toBe(PRIORITY.examPlaceholder);
    const value = (n: string) => find(objects, 'PriorityClass', n).value;
    expect(value(PRIORITY.examHub)).toBeGreaterThan(value(PRIORITY.examServer));
    expect(value(PRIORITY.examServer)).toBeGreaterThan(value(PRIORITY.examPlaceholder));
    expect(value(PRIORITY.examPlaceholder)).toBeGreaterThan(value(PRIORITY.courseHub));
    expect(value(PRIORITY.courseHub)).toBeGreaterThan(0);
    expect(value(PRIORITY.courseServer)).toBeLessThan(0);
  });

  test('a dedicated exam pool: its labels select, its taints are tolerated, by servers, placeholders and the pre-puller', () => {
    const { app, hub, objects } = exam({ examPool: 'exam' });
    const sel = { 'hub.jupyter.org/node-purpose': 'exam' };
    const tol = [{ key: 'hub.jupyter.org/dedicated', operator: 'Equal', value: 'exam', effect: 'NoSchedule' }];
    expect(runtime(hub).podSpec).toMatchObject({ nodeSelector: sel, tolerations: tol });
    expect(find(objects, 'DaemonSet', 'image-pre-puller').spec.template.spec).toMatchObject({ nodeSelector: sel, tolerations: tol });
    expect(find(objects, 'CronJob', 'seat-placeholders').spec.jobTemplate.spec.template.spec).toMatchObject({ nodeSelector: sel, tolerations: tol });
    // The scheduling rule finds the exam pool for all of them.
    expect(wiringIssuesOf(app)).toEqual([]);
  });

  test('the pre-puller pulls every exam image (default and profiles) on the exam\'s nodes and idles at minimal requests', () => {
    const { app, objects } = exam({ examPool: 'exam', profiles: [{ displayName: 'Standard', default: true }, { displayName: 'R', image: 'quay.io/jupyter/r-notebook:2025-08-18' }] });
    const ds = find(objects, 'DaemonSet', 'image-pre-puller').spec.template.spec;
    expect(ds.initContainers.map((c: any) => c.image)).toEqual([IMAGE, 'quay.io/jupyter/r-notebook:2025-08-18']);
    expect(ds.containers).toEqual([expect.objectContaining({ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '1m', memory: '8Mi' }, limits: { cpu: '1m', memory: '8Mi' } } })]);
    expect(ds.automountServiceAccountToken).toBe(false);
    expect(issuesOf(app)).toEqual([]); // Pod Security restricted, pinned images, requests and limits
  });

  test('placeholders: one pod per seat with a server\'s guarantees, from an hour before the start until the start, never replaced', () => {
    const { objects } = exam({ seats: 20, cpuGuarantee: 1, memoryGuaranteeGiB: 2 });
    const cj = find(objects, 'CronJob', 'seat-placeholders').spec;
    expect([cj.schedule, cj.timeZone]).toEqual(['0 8 10 2 *', 'Europe/Berlin']);
    const job = cj.jobTemplate.spec;
    expect([job.completionMode, job.completions, job.parallelism, job.backoffLimitPerIndex, job.activeDeadlineSeconds]).toEqual(['Indexed', 20, 20, 0, 3720]);
    const c = job.template.spec.containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } });
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(env).toEqual({ HOLD_FROM: String(Date.parse('2026-02-10T07:00:00Z') / 1000), HOLD_UNTIL: String(Date.parse('2026-02-10T08:00:00Z') / 1000), HOLD_FROM_TEXT: '2026-02-10T08:00:00+01:00', HOLD_UNTIL_TEXT: '2026-02-10T09:00:00+01:00' });
    expect(job.template.spec.terminationGracePeriodSeconds).toBe(1);
  });

  // The clock is a stand-in `date` and `sleep` only records: the verdict never depends on how long
  // the shell takes to start (it once did: "now + 1" had passed on a busy machine).
  test.each(['sh', 'dash'].filter((s) => spawnSync(s, ['-c', 'true']).status === 0))('the placeholder holds its seat only inside its hold window (%s; the yearly cron repeat holds nothing)', (shell) => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-placeholder-'));
    fs.writeFileSync(path.join(bin, 'date'), '#!/bin/sh\necho "$FAKE_NOW"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'sleep'), '#!/bin/sh\necho "slept $1"\n', { mode: 0o755 });
    const now = 1_770_000_000;
    const run = (from: number, until: number) => execFileSync(shell, ['-c', PLACEHOLDER_SCRIPT], { env: { PATH: `${bin}:${process.env.PATH}`, FAKE_NOW: String(now), HOLD_FROM: String(from), HOLD_UNTIL: String(until), HOLD_FROM_TEXT: 'from', HOLD_UNTIL_TEXT: 'until' } }).toString();
    try {
      expect(run(now - 7200, now - 3600)).toMatch(/not in the hold window/);
      expect(run(now + 3600, now + 7200)).toMatch(/not in the hold window/);
      expect(run(now - 10, now)).toMatch(/not in the hold window/);
      expect(run(now - 10, now + 1)).toBe('holding a seat until until\nslept 1\n');
      expect(run(now, now + 3600)).toBe('holding a seat until until\nslept 3600\n');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  test('no idle culling during the window: the culler waits until the window has closed, then stops idle servers', () => {
    const { hub } = exam();
    const closes = Date.parse('2026-02-10T10:10:00Z') / 1000;
    expect(hub.hubConfig).toMatch(new RegExp(`"${closes}",\\s+"python3",\\s+"-m",\\s+"jupyterhub_idle_culler",`));
    expect(hub.hubConfig).toContain('"--timeout=1800"');
    // The wrapper runs the culler at once when the moment has passed (hub restarts after the exam).
    expect(execFileSync('python3', ['-c', CULL_NOT_BEFORE, String(Math.floor(Date.now() / 1000) - 60), 'echo', 'culler started']).toString()).toBe('culler started\n');
    expect(exam({ culling: false }).hub.hubConfig).not.toContain('jupyterhub-idle-culler');
  });

  test('the capacity window of the servers runs from the placeholders\' lead to the culler\'s last pass', () => {
    expect(runtime(exam().hub).window).toEqual({ start: '2026-02-10T08:00:00+01:00', end: '2026-02-10T11:45:00+01:00' });
    expect(runtime(exam({ placeholders: false, culling: false }).hub).window).toEqual({ start: '2026-02-10T09:00:00+01:00', end: '2026-02-10T11:10:00+01:00' });
  });

  test('the quota has room for placeholders and servers at once (early candidates) and for the pre-puller', () => {
    const { objects } = exam({ seats: 20, cpuGuarantee: 1, memoryGuaranteeGiB: 2 });
    const hard = find(objects, 'ResourceQuota', 'quota').spec.hard;
    // 20 servers + 6 hub pods + 20 placeholders + one pre-puller per worker node (2 + 2).
    expect(hard.pods).toBe('50');
    expect(parseInt(hard['requests.cpu'], 10)).toBeGreaterThanOrEqual(40);
  });

  test('Guaranteed QoS, no culling, eviction blocked during the exam (PDB)', () => {
    const { hub, objects } = exam({ cpuGuarantee: 1, memoryGuaranteeGiB: 2 });
    expect(hub.hubConfig).toContain('c.KubeSpawner.cpu_guarantee = 1\nc.KubeSpawner.cpu_limit = 1');
    expect(hub.hubConfig).toContain('c.KubeSpawner.mem_guarantee = "2048M"\nc.KubeSpawner.mem_limit = "2048M"');
    expect(find(objects, 'PodDisruptionBudget', 'hub').spec.minAvailable).toBe(1);
  });

  test('logins only in the window (the lecturer\'s supervisors excepted): the hook is rendered after the login method', () => {
    const { hub } = exam({ supervisors: ['anna'] });
    expect(hub.hubConfig).toContain(`HUBFLEET_EXAM_OPENS = ${Date.parse('2026-02-10T07:30:00Z') / 1000}`);
    expect(hub.hubConfig).toContain('HUBFLEET_EXAM_SUPERVISORS = {"anna"}');
    expect(hub.hubConfig).toContain('c.Authenticator.post_auth_hook = hubfleet_exam_window_hook');
  });

  test('under Traefik the allowed client networks become an ipAllowList Middleware that the Ingress uses (no nginx annotation)', () => {
    const { objects } = exam({ allowedSourceCidrs: ['10.30.10.0/24', '10.8.0.0/16'] });
    const mw = find(objects, 'Middleware', 'jupyterhub-allow-list');
    expect(mw.spec).toEqual({ ipAllowList: { sourceRange: ['10.30.10.0/24', '10.8.0.0/16'] } });
    const ing = find(objects, 'Ingress', 'jupyterhub');
    expect(ing.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toBe(`${mw.metadata.namespace}-jupyterhub-allow-list@kubernetescrd`);
  });

  test('the hub itself checks the allowed client networks (the controller may ignore its annotations)', () => {
    const { hub } = exam({ allowedSourceCidrs: ['10.30.10.0/24', '10.8.0.0/16'] });
    expect(hub.hubConfig).toContain('HUBFLEET_CLIENT_RANGES = [ipaddress.ip_network(n) for n in ["10.30.10.0/24", "10.8.0.0/16"]]');
  });

  test('submissions: the receipt submit in the servers\' nbgrader config, and a kept export claim with a CronJob at the close', () => {
    const { app, objects } = exam({ nbgrader: { instructors: ['anna'] }, image: UserImage.of('ghcr.io/org/course:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange'] }) });
    expect(find(objects, 'ConfigMap', 'nbgrader-config').data['nbgrader_config.py']).toContain('c.ExchangeFactory.submit = HubfleetReceiptSubmit');
    const pvc = find(objects, 'PersistentVolumeClaim', 'exam-submissions');
    expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(pvc.spec).toMatchObject({ storageClassName: 'files', accessModes: ['ReadWriteMany'] });
    const cj = find(objects, 'CronJob', 'submission-export').spec;
    expect([cj.schedule, cj.timeZone]).toEqual(['12 11 10 2 *', 'Europe/Berlin']);
    const pod = cj.jobTemplate.spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'ngshare', persistentVolumeClaim: { claimName: 'ngshare-data', readOnly: true } });
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels.component).toBe('ngshare');
    expect(issuesOf(app)).toEqual([]);
    expect(wiringIssuesOf(app)).toEqual([]);
  });
});

describe('ExamHub validation', () => {
  test('fails exam-source-cidrs', () => expect(rulesOf({ allowedSourceCidrs: ['pool room'] })).toEqual(['exam-source-cidrs']));
  test('fails exam-no-internet', () => expect(rulesOf({ internetAccess: true })).toEqual(['exam-no-internet']));
  test('fails exam-dummy-login (an error in an exam, where the course hub only warns)', () => {
    const issues = issuesOf(exam({ auth: HubAuth.dummy() }).app);
    expect(issues.map((i) => [i.rule, i.severity])).toEqual([['exam-dummy-login', 'error']]);
  });
  test('fails exam-seats', () => expect(rulesOf({ seats: 20, maxConcurrentUsers: 30 })).toEqual(['exam-seats']));
  test('fails exam-guaranteed-qos', () => expect(rulesOf({ cpuGuarantee: 1, cpuLimit: 2 })).toEqual(['exam-guaranteed-qos']));
  test('fails exam-pool (no such pool)', () => expect(rulesOf({ examPool: 'exams' })).toEqual(['exam-pool']));
  test('fails exam-pool (a pool without labels cannot be selected)', () => expect(rulesOf({ examPool: 'worker' })).toEqual(['exam-pool']));
  test('fails exam-placeholders', () => expect(rulesOf({ placeholders: { leadMinutes: 2 } })).toEqual(['exam-placeholders']));
  test('fails exam-supervisors', () => expect(rulesOf({ supervisors: ['Anna'] })).toEqual(['exam-supervisors']));
  test('fails exam-ldap-group', () => expect(rulesOf({ auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},dc=example,dc=org'] }) })).toEqual(['exam-ldap-group']));
  test('fails exam-window-order through the hub', () => expect(rulesOf({ window: { ...WINDOW, end: '2026-02-10T08:00' } })).toEqual(['exam-window-order']));
});
