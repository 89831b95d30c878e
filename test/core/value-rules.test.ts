/**
 * Wrong values are refused where they enter: the grammars of lib/core/value-rules.ts with hostile
 * and careless values, and per class of prop (paths, sizes, URLs, Git refs, schedules and zones) a
 * table of bad values that synth must refuse with a rule naming the field, before anything is
 * written (what the Kubernetes API or the component would refuse later, or read differently).
 */
import { Issue, ValidationError } from '../../lib/core/errors';
import {
  absolutePathProblem,
  cronProblem,
  gitRefProblem,
  httpsUrlProblem,
  isoDateProblem,
  labelProblem,
  relativePathProblem,
  sizeGiBProblem,
  timeZoneProblem,
  unixUserProblem,
} from '../../lib/core/value-rules';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec, validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { NfsProvisioner } from '../../lib/storage/nfs-provisioner';
import { buildCluster, defineCluster } from '../../lib/fleet/define';
import { synthApp } from '../../lib/fleet/synth';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { ExamHub, ExamHubProps } from '../../lib/hub/exam-hub';
import { UserImage } from '../../lib/hub/user-image';
import { SebServer, SebServerProps } from '../../lib/seb/seb-server';
import { SealedSecret } from '../../lib/secrets/sealed-secret';
import { SEALED_STAND_IN, testSpec } from '../helpers';

const HOSTILE = ['', ' ', 'a\nb', 'a\u0000b', '$(id)', '`id`', "'; rm -rf / #", '"><script>alert(1)</script>', '{{ lookup("pipe", "id") }}', '${jndi:ldap://x}', '../../etc', 'a\u202eb'];

describe('grammars', () => {
  test.each([
    ['/home/jovyan', undefined],
    ['/srv/data/x.y_z-1', undefined],
    ['relative', 'absolute'],
    ['/a/../b', '".."'],
    ['/a\nb', 'control character'],
    ['/a:b', '":"'],
    ['', 'empty'],
  ])('absolute mount path %j', (v, problem) => {
    const p = absolutePathProblem(v, { forMount: true });
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(problem);
  });

  test.each([['a/b', true], ['/abs', false], ['../x', false], ['x/../../y', false], ['a\tb', false], ['', false]])('relative path %j → %s', (v, ok) => {
    expect(relativePathProblem(v) === undefined).toBe(ok);
  });

  test.each([
    ['https://moodle.example.org', true],
    ['https://moodle.example.org/mod/lti/auth.php', true],
    ['http://moodle.example.org', false],
    ['javascript:alert(1)', false],
    ['https://user:pw@moodle.example.org', false],
    ['https://moodle.example.org/"><script>', false],
    ["https://moodle.example.org/'x", false],
    ['https://moodle.example.org/a b', false],
    ['https://evil.example.org\n.good', false],
    ['https://-bad-.example.org', false],
    ['file:///etc/passwd', false],
    ['https://moodle.example.org/?a=1', false],
  ])('https URL %j → %s', (v, ok) => {
    expect(httpsUrlProblem(v) === undefined).toBe(ok);
  });

  test.each([['main', true], ['release/2026', true], ['v1.2.3', true], ['-upload-pack=touch x', false], ['--output=/tmp/x', false], ['a..b', false], ['a b', false], ['x~1', false], ['a:b', false], ['.hidden', false], ['x.lock', false], ['a//b', false], ['@', false], ['x@{1}', false], ['', false]])('Git ref %j → %s', (v, ok) => {
    expect(gitRefProblem(v) === undefined).toBe(ok);
  });

  test.each([
    ['30 2 * * *', true],
    ['*/15 0-6 1,15 JAN-MAR MON-FRI', true],
    ['@daily', true],
    ['0 0 ? * SUN', true],
    ['a b c d e', false],
    ['61 * * * *', false],
    ['* 24 * * *', false],
    ['* * 0 * *', false],
    ['* * * 13 *', false],
    ['* * * * 7', false],
    ['CRON_TZ=UTC 0 0 * * *', false],
    ['* * * *', false],
    ['@reboot', false],
    ['0 0 * * *\n* * * * *', false],
    ['5-1 * * * *', false],
    ['*/0 * * * *', false],
  ])('cron %j → %s', (v, ok) => {
    expect(cronProblem(v) === undefined).toBe(ok);
  });

  test.each([['Europe/Zurich', true], ['UTC', true], ['America/Argentina/Buenos_Aires', true], ['Local', false], ['Mars/Olympus', false], ['Europe/Zurich\n', false], ['../../etc/localtime', false], ['', false]])('time zone %j → %s', (v, ok) => {
    expect(timeZoneProblem(v) === undefined).toBe(ok);
  });

  test.each([['2026-02-10', true], ['2026-02-10T09:00', true], ['2026-02-10T09:00:00+01:00', true], ['2026-02-30', false], ['2026-13-01', false], ['2026-02-10T24:00', false], ['10.02.2026', false], ['2026-02-10T09:00Z; rm -rf /', false]])('date %j → %s', (v, ok) => {
    expect(isoDateProblem(v) === undefined).toBe(ok);
  });

  test.each([[10, true], [1, true], [0, false], [-1, false], [1.5, false], [NaN, false], [Infinity, false], [1e21, false], ['10' as unknown as number, false], [null as unknown as number, false]])('size %p GiB → %s', (v, ok) => {
    expect(sizeGiBProblem(v) === undefined).toBe(ok);
  });

  test.each([['hub.jupyter.org/node-purpose', 'exam', true], ['gpu', '', true], ['a b', 'x', false], ['x', '{{ lookup("pipe","id") }}', false], ['x', 'a=b', false], ['x', 'a:NoSchedule', false], ['Example.org/x', 'y', false]])('label %j=%j → %s', (k, v, ok) => {
    expect(labelProblem(k, v) === undefined).toBe(ok);
  });

  test.each([['ubuntu', true], ['deploy_1', true], ['root; id', false], ['$(id)', false], ['Ubuntu', false], ['-x', false]])('user %j → %s', (v, ok) => {
    expect(unixUserProblem(v) === undefined).toBe(ok);
  });

  test('no hostile value passes any text grammar', () => {
    for (const v of HOSTILE) {
      expect(absolutePathProblem(v, { forMount: true })).toBeDefined();
      expect(httpsUrlProblem(v)).toBeDefined();
      expect(timeZoneProblem(v)).toBeDefined();
      expect(unixUserProblem(v)).toBeDefined();
      if (v !== '../../etc') expect(gitRefProblem(v) === undefined && /[$`'"{}\n\u0000 ]/.test(v)).toBe(false);
    }
  });
});

// --- per class of prop: synth refuses the bad value with a rule naming the field ---------------

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const NB_IMAGE = UserImage.of('ghcr.io/org/course:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange', 'nbgitpuller'] });
const hub: CourseJupyterHubProps = { auth: HubAuth.dummy(), image: IMAGE, students: 3 };
const ldap = HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'], allowedGroups: ['cn=x,dc=example,dc=org'] });
const exam: ExamHubProps = { ...hub, auth: ldap, allowedSourceCidrs: ['10.30.0.0/24'], window: { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' } };
const seb = (over: Partial<SebServerProps> = {}): SebServerProps => ({
  credentials: {
    sebServerPassword: { secretName: 'seb-credentials', key: 'sebserver-password' },
    databaseRootPassword: { secretName: 'seb-credentials', key: 'db-root-password' },
    databasePassword: { secretName: 'seb-credentials', key: 'db-password' },
  },
  ...over,
});

function issues(stack: (app: ClusterApp) => void, spec: ClusterSpec = testSpec()): Issue[] {
  try {
    synthApp(buildCluster(defineCluster(spec, stack)));
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return [...e.issues];
  }
}

type Case = readonly [string, (bad: any) => (app: ClusterApp) => void, readonly unknown[], RegExp];

const courseHub = (over: (bad: any) => Partial<CourseJupyterHubProps>) => (bad: any) => (app: ClusterApp) => new CourseJupyterHub(app, 'x', { ...hub, ...over(bad) });
const sebServer = (over: (bad: any) => Partial<SebServerProps>) => (bad: any) => (app: ClusterApp) => {
  const s = new SebServer(app, 'seb', seb(over(bad)));
  new SealedSecret(s, 'seb-credentials', { encryptedData: { 'sebserver-password': SEALED_STAND_IN, 'db-root-password': SEALED_STAND_IN, 'db-password': SEALED_STAND_IN } });
};

const PATHS: Case[] = [
  ['home.mountPath', courseHub((b) => ({ home: { mountPath: b } })), ['home', '/home/../etc', '/home/jo\nvyan', '/a:b', ''], /home\.mountPath/],
  ['courseData.mountPath', courseHub((b) => ({ courseData: { claimName: 'data', mountPath: b } })), ['data', '/srv/../etc', '/a:b'], /courseData\.mountPath/],
  ['userVolumes[].mountPath', courseHub((b) => ({ userVolumes: [{ name: 'extra', source: { emptyDir: {} }, mountPath: b }] })), ['/x/../../etc', '/a:b', '/a\nb'], /userVolumes/],
  ['userVolumes[].subPath', courseHub((b) => ({ userVolumes: [{ name: 'extra', source: { configMap: 'cm' }, mountPath: '/srv/x', subPath: b }] })), ['/etc/passwd', '../../x', 'a\nb'], /userVolumes/],
  ['defaultUrl', courseHub((b) => ({ defaultUrl: b })), ['lab', 'https://evil.example.org/', '/lab\nx', '//evil.example.org'], /defaultUrl/],
];
const SIZES: Case[] = [
  ['home.sizeGiB', courseHub((b) => ({ home: { sizeGiB: b } })), [0, -5, 1.5, NaN, 1e21, '10'], /home\.sizeGiB/],
  ['nbgrader.sizeGiB', courseHub((b) => ({ image: NB_IMAGE, nbgrader: { instructors: ['anna'], sizeGiB: b } })), [0, -1, 2.5, NaN, 1e21], /nbgrader\.sizeGiB/],
  ['userVolumes emptyDir sizeLimitMiB', courseHub((b) => ({ userVolumes: [{ name: 'scratch', source: { emptyDir: { sizeLimitMiB: b } }, mountPath: '/scratch' }] })), [0, -1, 1.5, NaN, 1e21], /sizeLimitMiB/],
  ['userInitContainers memoryLimitMiB', courseHub((b) => ({ userInitContainers: [{ name: 'seed', image: IMAGE, command: ['true'], memoryLimitMiB: b }] })), [0, -1, NaN, 1e21], /memoryLimitMiB/],
  ['exam submissions.sizeGiB', (b) => (app) => new ExamHub(app, 'x', { ...exam, image: NB_IMAGE, nbgrader: { instructors: ['anna'] }, submissions: { sizeGiB: b } }), [0, 1.5, NaN, 1e21], /submissions\.sizeGiB/],
  ['seb database.storageGiB', sebServer((b) => ({ database: { storageGiB: b } })), [0, 1.5, 1e21], /database/],
  ['seb backup.storageGiB', sebServer((b) => ({ backup: { storageGiB: b } })), [0, 1.5, 1e21], /backup/],
];
const URLS: Case[] = [
  ['auth (LTI 1.3) issuer', courseHub((b) => ({ auth: HubAuth.lti13({ issuer: b, clientIds: ['c1'], authorizeUrl: 'https://moodle.example.org/mod/lti/auth.php', jwksEndpoint: 'https://moodle.example.org/mod/lti/certs.php' }) })), ['http://moodle.example.org', 'https://moodle.example.org"><x', 'https://u:p@moodle.example.org', 'javascript:alert(1)'], /issuer/],
  ['auth (LTI 1.3) authorizeUrl', courseHub((b) => ({ auth: HubAuth.lti13({ issuer: 'https://moodle.example.org', clientIds: ['c1'], authorizeUrl: b, jwksEndpoint: 'https://moodle.example.org/mod/lti/certs.php' }) })), ['https://moodle.example.org/"><script>', 'https://u:p@moodle.example.org/a', "https://moodle.example.org/a'b"], /authorizeUrl/],
  ['templates.git.repo', courseHub((b) => ({ templates: { git: { repo: b, commit: 'a'.repeat(40) } } })), ['http://git.example.org/t.git', 'https://u:token@git.example.org/t.git', 'https://git.example.org/t.git"x', '--upload-pack=touch /tmp/x'], /templates/],
];
const SCHEDULES: Case[] = [
  ['seb backup.schedule', sebServer((b) => ({ backup: { schedule: b } })), ['a b c d e', '61 * * * *', 'CRON_TZ=UTC 0 0 * * *', '0 0 * * *\n* * * * *'], /backup/],
  ['seb backup.timeZone', sebServer((b) => ({ backup: { timeZone: b } })), ['Local', 'Mars/Olympus', 'Europe/Zurich\n', ''], /backup/],
];

test.each(['/export/../etc', 'export/teaching', '/export/teach ing', '/export\n/x'])('the NFS export path %j is refused (cluster-nfs, nfs-export-path)', (bad) => {
  expect(validateClusterSpec(testSpec({ nfs: { server: '10.0.0.5', exportPath: bad } })).map((i) => i.rule)).toContain('cluster-nfs');
  expect(issues((app) => new NfsProvisioner(app, 'nfs', { server: '10.0.0.5', exportPath: bad })).map((i) => i.rule)).toContain('nfs-export-path');
});

describe.each([
  ['paths', PATHS],
  ['sizes', SIZES],
  ['URLs', URLS],
  ['schedules and time zones', SCHEDULES],
])('bad %s are refused at synth', (_cls, cases) => {
  test.each(cases.flatMap(([name, build, bad, field]) => bad.map((b) => [name, JSON.stringify(b), build, b, field] as const)))('%s = %s', (_name, _shown, build, bad, field) => {
    const found = issues(build(bad));
    expect(found.map((i) => `${i.field} [${i.rule}]`).join('\n')).toMatch(field);
  });
});
