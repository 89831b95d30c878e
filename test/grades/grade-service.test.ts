/**
 * `grades: { lms: 'lti13' }` on a course hub (lib/grades/grade-service.ts): the objects, what the
 * hub's parts gain, the flows the cluster model proves, a "fails …" test per GRADES_RULES row, and
 * the rendered hook run by python3 against a real grade service.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { GRADES_RULES } from '../../lib/grades/grade-service';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { IMAGES } from '../../lib/hub/versions';
import { UserImage } from '../../lib/hub/user-image';
import { find, issuesOf, objectsOf, testSpec, warningsOf, wiringIssuesOf } from '../helpers';
import { RECORDING_CONFIG } from '../exam/python';
import { gradesPython } from './python';
import { PEOPLE, Scenario } from './scenario';

const IMAGE = UserImage.of('ghcr.io/example-university/hubfleet-course-scipy:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange'] });
const moodle = () => HubAuth.moodle('https://moodle.example.org', ['client-1'], { staffAdmins: true });

function hub(props: Partial<CourseJupyterHubProps> = {}) {
  const app = new ClusterApp(testSpec());
  const h = new CourseJupyterHub(app, 'intro', { auth: moodle(), image: IMAGE, students: 40, nbgrader: { instructors: ['anna@example.org'] }, grades: { lms: 'lti13' }, ...props });
  return { app, hub: h, objects: objectsOf(app) };
}

const rules = (app: ClusterApp) => issuesOf(app).map((i) => i.rule);

describe('grades on a course hub', () => {
  test('renders the service: code and settings, a claim kept on removal, the hub image restricted, no API token mounted', () => {
    const { app, objects } = hub({ grades: { lms: 'lti13', lmsCidrs: ['192.0.2.10/32'] } });
    expect(issuesOf(app)).toEqual([]);
    expect(warningsOf(app)).toEqual([]);
    const cm = find(objects, 'ConfigMap', 'grades', 'course-intro');
    expect(Object.keys(cm.data).sort()).toEqual(['__init__.py', '__main__.py', 'hubapi.py', 'keys.py', 'launches.py', 'platform.py', 'sender.py', 'settings.json', 'settings.py', 'store.py', 'web.py']);
    expect(cm.data['keys.py']).toBe(fs.readFileSync(path.join(__dirname, '../../lib/grades/service/hubfleet_grades/keys.py'), 'utf8'));
    expect(JSON.parse(cm.data['settings.json'])).toEqual({
      issuer: 'https://moodle.example.org',
      clientIds: ['client-1'],
      tokenUrl: 'https://moodle.example.org/mod/lti/token.php',
      serviceHosts: ['moodle.example.org'],
      senderRoles: ['Instructor', 'TeachingAssistant'],
      learnerRoles: ['Learner'],
      firstRetrySeconds: 60,
      maxRetrySeconds: 21600,
      requestTimeoutSeconds: 30,
      tickSeconds: 5,
      syncSeconds: 1800,
    });
    const pvc = find(objects, 'PersistentVolumeClaim', 'grades-data', 'course-intro');
    expect(pvc.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' });
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'local-block', resources: { requests: { storage: '1Gi' } } });
    const d = find(objects, 'Deployment', 'grades', 'course-intro');
    expect(d.metadata.annotations).toEqual({ 'hubfleet.io/lti-keyset-url': 'https://intro.hubs.example.org/services/grades/.well-known/jwks.json' });
    const pod = d.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    const c = pod.containers[0];
    expect(c.image).toBe(IMAGES.hub);
    expect(c.command).toEqual(['python3', '-m', 'hubfleet_grades']);
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(c.env.find((e: any) => e.name === 'JUPYTERHUB_API_TOKEN')).toEqual({ name: 'JUPYTERHUB_API_TOKEN', valueFrom: { secretKeyRef: { name: 'hub-generated', key: 'grades-token' } } });
    expect(c.env.find((e: any) => e.name === 'JUPYTERHUB_API_URL').value).toBe('http://hub.course-intro.svc.cluster.local:8081/hub/api');
    expect(c.livenessProbe.httpGet).toEqual({ path: '/services/grades/health', port: 'http' });
    expect(pod.volumes[0].configMap.items).toContainEqual({ key: 'store.py', path: 'hubfleet_grades/store.py' });
    expect(d.spec.template.metadata.annotations['hubfleet.io/config-hash']).toMatch(/^[0-9a-f]{16}$/);
    const np = find(objects, 'NetworkPolicy', 'grades', 'course-intro');
    expect(np.spec.egress).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [{ podSelector: { matchLabels: { component: 'hub', app: 'jupyterhub', release: 'intro' } } }], ports: [{ protocol: 'TCP', port: 8081 }] },
      { to: [{ ipBlock: { cidr: '192.0.2.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    expect(find(objects, 'ConfigMap', 'grades-exporter', 'course-intro').data['hubfleet_lms_grades.py']).toContain('class LmsExporter(ExportPlugin)');
  });

  test('the hub gains the service, its role, the launch hook after the staff-role hook, the token, and graders\' server-token scope', () => {
    const { hub: h, objects } = hub();
    const cfg = h.hubConfig;
    expect(cfg).toContain('HUBFLEET_GRADES_LAUNCHES_URL = "http://grades.course-intro.svc.cluster.local:8080/services/grades/api/launches"');
    expect(cfg).toContain('"url": "http://grades.course-intro.svc.cluster.local:8080",\n        "api_token": os.environ["HUBFLEET_GRADES_TOKEN"],');
    expect(cfg).toMatch(/"name": "grades-service",[\s\S]*"scopes": \["list:users", "read:users:name", "admin:auth_state"\],\n\s+"services": \["grades"\]/);
    expect(cfg).toMatch(/c\.Spawner\.server_token_scopes = \[\s+"users:activity!user",\s+"access:servers!server",\s+"access:services!service=grades",\s+\]/);
    // The staff-role hook is set first, then replaced by the chain once the chain is defined.
    const hooks = [...cfg.matchAll(/^c\.Authenticator\.post_auth_hook = (\w+)$/gm)].map((m) => m[1]);
    expect(hooks).toEqual(['hubfleet_lti_roles', 'hubfleet_post_auth']);
    expect(cfg.indexOf('async def hubfleet_post_auth')).toBeLessThan(cfg.lastIndexOf('c.Authenticator.post_auth_hook'));
    const d = find(objects, 'Deployment', 'hub', 'course-intro');
    expect(d.spec.template.spec.initContainers[0].env).toContainEqual({ name: 'SECRET_KEYS', value: 'proxy-token,cookie-secret,crypt-key,ngshare-token,grades-token' });
    expect(d.spec.template.spec.containers[0].env).toContainEqual({ name: 'HUBFLEET_GRADES_TOKEN', valueFrom: { secretKeyRef: { name: 'hub-generated', key: 'grades-token' } } });
    expect(cfg).toMatch(/"HUBFLEET_GRADES_URL": "http:\/\/grades\.course-intro\.svc\.cluster\.local:8080\/services\/grades\/",\n\s+"PYTHONPATH": "\/opt\/hubfleet\/python",/);
    const quota = find(objects, 'ResourceQuota', 'quota', 'course-intro').spec.hard;
    expect(quota).toMatchObject({ persistentvolumeclaims: '45', 'requests.storage': '407Gi' });
  });

  test('a course PYTHONPATH is kept, the exporter\'s comes after it', () => {
    const { hub: h } = hub({ environment: { PYTHONPATH: '/srv/course-lib' } });
    expect(h.hubConfig).toContain('"PYTHONPATH": "/srv/course-lib:/opt/hubfleet/python"');
  });

  test('the cluster model proves the flows: hub, proxy and user servers reach the service; it reaches the hub and the LMS only', () => {
    // Only flow findings count here: the fixture cluster's size (capacity-* warnings) is another test's.
    const flows = (a: Parameters<typeof wiringIssuesOf>[0]) => wiringIssuesOf(a).filter((i) => !i.rule.startsWith('capacity-'));
    const { app } = hub({ grades: { lms: 'lti13', lmsCidrs: ['192.0.2.0/28'] } });
    expect(flows(app)).toEqual([]);
    const { app: open } = hub();
    expect(flows(open)).toEqual([]);
  });

  test('the inventory and the report name the key set URL and the services to enable', () => {
    const { app } = hub();
    const inv = app.packages().flatMap((p) => p.declarations.hubs);
    expect(inv[0].grades).toEqual({
      jwksUrl: 'https://intro.hubs.example.org/services/grades/.well-known/jwks.json',
      tokenUrl: 'https://moodle.example.org/mod/lti/token.php',
      scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
    });
  });

  describe('GRADES_RULES: each row fails', () => {
    const cases: Record<string, Partial<CourseJupyterHubProps>> = {
      'grades-lti13': { auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},dc=example,dc=org'] }) },
      'grades-nbgrader': { nbgrader: undefined, image: 'quay.io/jupyter/scipy-notebook:2025-08-18' },
      'grades-token-url': { auth: HubAuth.lti13({ issuer: 'https://canvas.example.edu', clientIds: ['1'], authorizeUrl: 'https://canvas.example.edu/api/lti/authorize_redirect', jwksEndpoint: 'https://canvas.example.edu/api/lti/security/jwks', staffAdmins: true }) },
      'grades-lms-cidrs': { grades: { lms: 'lti13', lmsCidrs: ['10.42.0.0/24'] } },
      'grades-service-hosts': { grades: { lms: 'lti13', serviceHosts: ['Moodle.Example.org'] } },
      'grades-sender-roles': { grades: { lms: 'lti13', senderRoles: ['Instructor', 'Learner'] } },
      'grades-retry': { grades: { lms: 'lti13', firstRetrySeconds: 600, maxRetrySeconds: 60 } },
      'grades-storage': { grades: { lms: 'lti13', sizeGiB: 0.5 } },
    };
    test('the table and the cases name the same rules', () => {
      expect(Object.keys(cases).sort()).toEqual(GRADES_RULES.map((r) => r.id).sort());
    });
    for (const [rule, props] of Object.entries(cases)) {
      test(`fails ${rule}`, () => {
        expect(rules(hub(props).app)).toContain(rule);
      });
    }
    test('an unknown protocol fails grades-lti13 with its own message', () => {
      const issues = issuesOf(hub({ grades: { lms: 'lti11' as 'lti13' } }).app);
      expect(issues.find((i) => i.rule === 'grades-lti13')!.message).toMatch(/the only grade protocol is LTI 1\.3/);
    });
    test('without lmsCidrs it warns grades-lms-cidrs-open (and passes)', () => {
      const { app } = hub();
      expect(issuesOf(app)).toEqual([]);
      expect(warningsOf(app).map((w) => w.rule)).toEqual(['grades-lms-cidrs-open']);
    });
    test('HubAuth.lti13 with a token URL and an audience passes', () => {
      const auth = HubAuth.lti13({ issuer: 'https://d2l.example.edu', clientIds: ['1'], authorizeUrl: 'https://d2l.example.edu/d2l/lti/authenticate', jwksEndpoint: 'https://d2l.example.edu/d2l/.well-known/jwks', tokenUrl: 'https://auth.brightspace.com/core/connect/token', tokenAudience: 'https://api.brightspace.com/auth/token', staffAdmins: true });
      const { app, objects } = hub({ auth, grades: { lms: 'lti13', lmsCidrs: ['192.0.2.10/32'] } });
      expect(issuesOf(app)).toEqual([]);
      const settings = JSON.parse(find(objects, 'ConfigMap', 'grades', 'course-intro').data['settings.json']);
      expect(settings).toMatchObject({ tokenAudience: 'https://api.brightspace.com/auth/token', serviceHosts: ['d2l.example.edu', 'auth.brightspace.com'] });
    });
  });

  test('hubs without grades render no grade service and no trace of it in the hub config', () => {
    const { hub: h, objects } = hub({ grades: undefined });
    expect(objects.filter((o) => /grades/.test(o.json.metadata.name))).toEqual([]);
    expect(h.hubConfig).not.toMatch(/grades|server_token_scopes/);
  });

  /** The hub's rendered post_auth_hook run by python3 on an instructor's launch; what it returned and whether the service learned the launch. */
  async function instructorLaunch(props: Partial<CourseJupyterHubProps>): Promise<{ out: { hook: string; admin: boolean; groups: string[] }; learned: number }> {
    const { hub: h } = hub(props);
    const s = await Scenario.start();
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grades-cfg-'));
      fs.writeFileSync(path.join(dir, 'jupyterhub_config.py'), h.hubConfig);
      const claims = await s.control('claims', { sub: 'sub-anna', context: 'course-a' });
      const program = `
import asyncio, json, logging, sys
${RECORDING_CONFIG}
cfg = c
env = {"get_config": get_config, "__name__": "__config__"}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), env)
env["HUBFLEET_GRADES_LAUNCHES_URL"] = sys.argv[2]
class A:
    log = logging.getLogger("auth")
out = asyncio.run(cfg.Authenticator.post_auth_hook(A(), None, {"name": sys.argv[3], "auth_state": json.loads(sys.argv[4])}))
print(json.dumps({"hook": cfg.Authenticator.post_auth_hook.__name__, "admin": out["admin"], "groups": out["groups"]}))
`;
      const py = gradesPython();
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(py.cmd, ['-c', program, path.join(dir, 'jupyterhub_config.py'), `${s.serviceUrl}api/launches`, PEOPLE['course-a'].members['sub-anna'].username, JSON.stringify(claims)], {
          env: { ...py.env, HUBFLEET_GRADES_TOKEN: 'service-token-for-tests', HUBFLEET_NGSHARE_TOKEN: 'n' },
        });
        let text = '';
        child.stdout.on('data', (d) => (text += d));
        child.stderr.on('data', (d) => (text += d));
        child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(text))));
      });
      const learned = (await s.status(PEOPLE['course-a'].members['sub-anna'].username)).status;
      fs.rmSync(dir, { recursive: true, force: true });
      return { out: JSON.parse(out.trim().split('\n').pop()!), learned };
    } finally {
      await s.stop();
    }
  }

  test('the rendered config, run by python3 as the hub would, reports an instructor launch that the service learns', async () => {
    const { out, learned } = await instructorLaunch({});
    expect(out).toEqual({ hook: 'hubfleet_post_auth', admin: true, groups: ['graders'] });
    expect(learned).toBe(200);
  }, 120000);

  test('with course staff the launch report runs after the membership hook: the instructor joins course-instructors and the service learns the launch', async () => {
    const { out, learned } = await instructorLaunch({ staff: { instructors: { users: ['someone.else@example.org'] } } });
    expect(out).toEqual({ hook: 'hubfleet_post_auth', admin: true, groups: ['course-instructors'] });
    expect(learned).toBe(200);
  }, 120000);

  test('course staff reach the grade service (their servers\' tokens may call it); students do not', () => {
    const { hub: h } = hub({ staff: { instructors: { users: ['anna@example.org'] } } });
    const roles = h.hubConfig.slice(h.hubConfig.indexOf('c.JupyterHub.load_roles'));
    for (const role of ['course-instructor', 'course-grader']) expect(roles.slice(roles.indexOf(`"name": "${role}"`)).split('},')[0]).toContain('access:services!service=grades');
    expect(roles).not.toMatch(/"name": "course-student"/);
  });
});

