/**
 * Clear refusals instead of stack traces: an empty or invalid construct id, a required prop missing
 * or null, a course, exam or SEB Server in a namespace of Kubernetes or of the platform. Each names
 * its rule, the construct, the field and the fix.
 */
import { formatIssue, Issue, ValidationError } from '../../lib/core/errors';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { buildCluster, defineCluster } from '../../lib/fleet/define';
import { ARGOCD_NAMESPACE as ARGOCD_OWN_NAMESPACE } from '../../lib/argocd/argocd';
import { ARGOCD_NAMESPACE } from '../../lib/fleet/package-rules';
import { synthApp } from '../../lib/fleet/synth';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { ExamHub } from '../../lib/hub/exam-hub';
import { Platform } from '../../lib/platform/platform';
import { NfsProvisioner } from '../../lib/storage/nfs-provisioner';
import { SebServer, SebServerProps } from '../../lib/seb/seb-server';
import { SEALED_STAND_IN, testSpec } from '../helpers';
import { SealedSecret } from '../../lib/secrets/sealed-secret';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const hub: CourseJupyterHubProps = { auth: HubAuth.dummy(), image: IMAGE, students: 3 };
const seb: SebServerProps = {
  credentials: {
    sebServerPassword: { secretName: 'seb-credentials', key: 'sebserver-password' },
    databaseRootPassword: { secretName: 'seb-credentials', key: 'db-root-password' },
    databasePassword: { secretName: 'seb-credentials', key: 'db-password' },
  },
};

/** What synth reports for a stack: the issues of the ValidationError it throws (never another error). */
function refusal(stack: (app: ClusterApp) => void): Issue[] {
  try {
    synthApp(buildCluster(defineCluster(testSpec(), stack)));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw new Error(`not a clear refusal: ${(e as Error).stack}`);
    return [...e.issues];
  }
  throw new Error('synth accepted it');
}
const rules = (stack: (app: ClusterApp) => void) => refusal(stack).map((i) => i.rule);

describe('construct ids', () => {
  test('an empty id is refused with rule construct-id, naming the type and the caller\'s line, not a constructs stack trace', () => {
    const [i, ...rest] = refusal((app) => new CourseJupyterHub(app, '', hub));
    expect(rest).toEqual([]);
    expect(i.rule).toBe('construct-id');
    expect(i.message).toMatch(/^a CourseJupyterHub \(test\/fleet\/package-rules\.test\.ts:\d+\) has an empty id/);
    expect(formatIssue(i)).not.toMatch(/at new |node_modules/);
  });

  test.each([
    ['Intro', 'hub-name-dns'],
    ['a/b', 'hub-name-dns'],
    ['..', 'hub-name-dns'],
  ])('a hub id %j is refused by its own rule (%s), once', (id, rule) => {
    expect(rules((app) => new CourseJupyterHub(app, id, hub)).filter((r) => r === rule || r === 'package-id')).toEqual([rule]);
  });

  test('any package with an id that is not a DNS label is refused (package-id)', () => {
    const issues = refusal((app) => new NfsProvisioner(app, 'NFS Homes', { server: 'nfs.example.org', exportPath: '/export/homes' }));
    expect(issues.map((i) => [i.rule, i.value])).toContainEqual(['package-id', 'NFS Homes']);
  });
});

describe('required props', () => {
  test.each<[string, (app: ClusterApp) => void, string, string]>([
    ['auth: null', (app) => new CourseJupyterHub(app, 'x', { ...hub, auth: null as any }), 'auth', 'CourseJupyterHubProps requires auth, but it is null.'],
    ['image missing', (app) => new CourseJupyterHub(app, 'x', { ...hub, image: undefined as any }), 'image', 'CourseJupyterHubProps requires image, but it is missing.'],
    ['students missing', (app) => new CourseJupyterHub(app, 'x', { ...hub, students: undefined as any }), 'students', 'CourseJupyterHubProps requires students, but it is missing.'],
    ['an exam without allowedSourceCidrs', (app) => new ExamHub(app, 'x', { ...hub, auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'], allowedGroups: ['cn=x,dc=example,dc=org'] }) } as any), 'allowedSourceCidrs', 'ExamHubProps requires allowedSourceCidrs, but it is missing.'],
    ['a SEB Server without credentials', (app) => new SebServer(app, 'seb', {} as any), 'credentials', 'SebServerProps requires credentials, but it is missing.'],
    ['a SEB credential null', (app) => new SebServer(app, 'seb', { credentials: { ...seb.credentials, databasePassword: null as any } }), 'credentials.databasePassword', 'SebServerCredentials requires databasePassword, but it is null.'],
  ])('%s → props-required naming the field', (_name, stack, field, message) => {
    const issues = refusal(stack).filter((i) => i.rule === 'props-required');
    expect(issues.map((i) => i.field)).toContain(field);
    expect(issues.find((i) => i.field === field)!.message).toContain(message);
  });

  test('props left out entirely', () => {
    const issues = refusal((app) => new CourseJupyterHub(app, 'x', undefined as any));
    expect(issues.map((i) => i.rule)).toEqual(['construct-failed']);
    expect(issues[0].message).toMatch(/^CourseJupyterHub \(test\/fleet\/package-rules\.test\.ts:\d+\) could not be built: /);
  });
});

describe('reserved namespaces', () => {
  test.each([
    ['kube-system', (app: ClusterApp) => new CourseJupyterHub(app, 'x', { ...hub, namespace: 'kube-system' })],
    ['kube-public', (app: ClusterApp) => new CourseJupyterHub(app, 'x', { ...hub, namespace: 'kube-public' })],
    ['default', (app: ClusterApp) => new CourseJupyterHub(app, 'x', { ...hub, namespace: 'default' })],
    ['argocd', (app: ClusterApp) => new CourseJupyterHub(app, 'x', { ...hub, namespace: 'argocd' })],
    ['the NFS provisioner\'s', (app: ClusterApp) => {
      new Platform(app, 'platform', { nfs: {} });
      new CourseJupyterHub(app, 'x', { ...hub, namespace: 'nfs-provisioner' });
    }],
    ['cert-manager (an exam)', (app: ClusterApp) => {
      new Platform(app, 'platform', { certManager: {} });
      new ExamHub(app, 'x', { ...hub, auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},ou=people,dc=example,dc=org'], allowedGroups: ['cn=x,dc=example,dc=org'] }), allowedSourceCidrs: ['10.30.0.0/24'], namespace: 'cert-manager' });
    }],
    ['kube-system (a SEB Server)', (app: ClusterApp) => {
      const s = new SebServer(app, 'seb', { ...seb, namespace: 'kube-system' });
      new SealedSecret(s, 'seb-credentials', { encryptedData: { 'sebserver-password': SEALED_STAND_IN, 'db-root-password': SEALED_STAND_IN, 'db-password': SEALED_STAND_IN } });
    }],
  ])('%s is refused with namespace-reserved, before any flow error', (_name, stack) => {
    const issues = refusal(stack);
    const reserved = issues.filter((i) => i.rule === 'namespace-reserved');
    expect(reserved).toHaveLength(1);
    expect(reserved[0].fix).toMatch(/leave namespace out|choose a namespace of its own/);
    expect(issues.map((i) => i.rule)).not.toContain('flow-declared');
  });

  test("Argo CD's namespace is the one lib/argocd names", () => expect(ARGOCD_NAMESPACE).toBe(ARGOCD_OWN_NAMESPACE));

  test('a namespace of its own passes', () => {
    expect(() => synthApp(buildCluster(defineCluster(testSpec(), (app) => new CourseJupyterHub(app, 'x', { ...hub, namespace: 'teaching-x' }))))).not.toThrow();
  });
});
