import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { NBGRADER_RULES } from '../../lib/hub/ngshare/nbgrader';
import { UserImage } from '../../lib/hub/user-image';
import { find, issuesOf, objectsOf, testSpec } from '../helpers';

const STACKS = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const COURSE = UserImage.of('ghcr.io/example-university/hubfleet-course-scipy:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange', 'nbgitpuller'] });
const R = UserImage.of('ghcr.io/example-university/hubfleet-course-r:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange', 'nbgitpuller', 'rstudio'] });

function course(props: Partial<CourseJupyterHubProps> = {}, id = 'intro') {
  const app = new ClusterApp(testSpec());
  const hub = new CourseJupyterHub(app, id, { auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: COURSE, students: 40, nbgrader: { instructors: ['prof@example.org'] }, ...props });
  return { app, hub, objects: objectsOf(app) };
}

const rules = (app: ClusterApp) => issuesOf(app).map((i) => i.rule);

describe('nbgrader with ngshare', () => {
  test('user servers get nbgrader_config.py from a ConfigMap, at a path nbgrader reads', () => {
    const { objects, hub } = course();
    const cm = find(objects, 'ConfigMap', 'nbgrader-config', 'course-intro');
    const py: string = cm.data['nbgrader_config.py'];
    expect(py).toContain('import ngshare_exchange');
    expect(py).toContain('ngshare_exchange.configureExchange(c, "http://ngshare.course-intro.svc.cluster.local:8080/services/ngshare")');
    expect(py).toContain('c.CourseDirectory.course_id = "intro"');
    expect(hub.hubConfig).toMatch(/"name": "nbgrader-config",\n\s+"configMap": \{\n\s+"name": "nbgrader-config",/);
    expect(hub.hubConfig).toMatch(/"name": "nbgrader-config",\n\s+"mountPath": "\/etc\/jupyter\/nbgrader_config.py",\n\s+"subPath": "nbgrader_config.py",\n\s+"readOnly": True,/);
    expect(rules(course().app)).toEqual([]);
  });

  test('the exchange URL follows a shared host\'s base path (ngshare serves under JUPYTERHUB_SERVICE_PREFIX)', () => {
    const { objects } = course({ host: 'jupyter.example.org', basePath: '/intro/' });
    expect(find(objects, 'ConfigMap', 'nbgrader-config').data['nbgrader_config.py']).toContain('"http://ngshare.course-intro.svc.cluster.local:8080/intro/services/ngshare"');
    const env = find(objects, 'Deployment', 'ngshare').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'JUPYTERHUB_SERVICE_PREFIX').value).toBe('/intro/services/ngshare/');
  });

  test('the instructors are ngshare\'s admins, and the first-instructor step names them', () => {
    const { objects, hub } = course({ nbgrader: { instructors: ['prof@example.org', 'ta@example.org'], ngshareAdmins: ['ops'], courseId: 'intro-2025' } });
    const args: string[] = find(objects, 'Deployment', 'ngshare').spec.template.spec.containers[0].args;
    // One argv entry: argparse takes a value that starts with "-" only in this form (ngshare.py --admins).
    expect(args[0]).toBe('--admins=prof@example.org,ta@example.org,ops');
    expect(hub.ngshareSetup?.[0]).toBe('ngshare-course-management create_course intro-2025 prof@example.org ta@example.org');
    expect(find(objects, 'ConfigMap', 'nbgrader-config').data['nbgrader_config.py']).toContain('c.CourseDirectory.course_id = "intro-2025"');
  });

  test('fails nbgrader-instructors (ngshare with no admin can never create the course)', () => {
    expect(rules(course({ nbgrader: {} }).app)).toEqual(['nbgrader-instructors']);
  });

  test('fails nbgrader-instructors for a name the hub would lowercase (ngshare compares names as written)', () => {
    expect(rules(course({ nbgrader: { instructors: ['Anna.Keller@example.org'] } }).app)).toEqual(['nbgrader-instructors']);
  });

  test('fails nbgrader-course-id', () => {
    expect(rules(course({ nbgrader: { instructors: ['prof'], courseId: 'intro/2025' } }).app)).toEqual(['nbgrader-course-id']);
  });

  test('every nbgrader rule has a failing case', () => {
    expect(NBGRADER_RULES.map((r) => r.id).sort()).toEqual(['nbgrader-course-id', 'nbgrader-instructors']);
  });

  test('the hub reaches ngshare (service health check), user servers reach it, ngshare reaches the hub', () => {
    const { objects } = course();
    const hubNp = find(objects, 'NetworkPolicy', 'hub');
    expect(hubNp.spec.egress).toContainEqual({ to: [{ podSelector: { matchLabels: { component: 'ngshare', app: 'jupyterhub', release: 'intro' } } }], ports: [{ protocol: 'TCP', port: 8080 }] });
    const ng = find(objects, 'NetworkPolicy', 'ngshare');
    expect(ng.spec.ingress[0].from.map((f: any) => f.podSelector.matchLabels.component).sort()).toEqual(['hub', 'proxy', 'singleuser-server']);
  });

  test('the flows are declared for the cluster model to prove', () => {
    const flows = course().hub.declarations.flows.map((f) => `${(f.from as any).name} -> ${(f.to as any).service}:${f.port} ${f.expect}`);
    expect(flows).toEqual(expect.arrayContaining(['user servers -> ngshare:http allowed', 'the hub -> ngshare:http allowed', 'ngshare -> hub:hub allowed']));
    expect(issuesOf(course().app).filter((i) => i.rule.startsWith('flow'))).toEqual([]);
  });
});

describe('user images say what they provide', () => {
  test('fails hub-image-features: nbgrader on a Docker Stacks image that has neither nbgrader nor ngshare_exchange', () => {
    const issues = issuesOf(course({ image: STACKS }).app);
    expect(issues.map((i) => [i.rule, i.field])).toEqual([['hub-image-features', 'image']]);
    expect(issues[0].value).toEqual({ image: STACKS, provides: [], missing: ['nbgrader', 'ngshare-exchange'] });
    expect(issues[0].fix).toContain('images/');
  });

  test('a profile image must provide the same features', () => {
    const { app } = course({ profiles: [{ displayName: 'Course', default: true }, { displayName: 'GPU', image: 'quay.io/jupyter/pytorch-notebook:cuda12-2025-08-18', gpus: 1 }] });
    expect(issuesOf(app).map((i) => [i.rule, i.field])).toEqual([['hub-image-features', 'profiles[1].image']]);
  });

  test('nbgitpuller links need nbgitpuller in the image', () => {
    const { app, hub } = course({ nbgrader: undefined, image: UserImage.of('ghcr.io/x/y:1', { provides: ['nbgrader'] }) });
    expect(rules(app)).toEqual([]);
    hub.gitPullLink({ repo: 'https://github.com/org/material' });
    expect(rules(app)).toEqual(['hub-image-features']);
  });

  test('RStudio needs an image that provides it (default URL or an rstudio git-pull link)', () => {
    expect(rules(course({ defaultUrl: '/rstudio' }).app)).toEqual(['hub-image-features']);
    expect(rules(course({ defaultUrl: '/rstudio', image: R }).app)).toEqual([]);
    const { app, hub } = course();
    hub.gitPullLink({ repo: 'https://github.com/org/r-material', app: 'rstudio' });
    expect(issuesOf(app)[0].value).toMatchObject({ missing: ['rstudio'] });
  });

  test('a UserImage renders its reference and keeps the pinning rule', () => {
    expect(course().hub.hubConfig).toContain('c.KubeSpawner.image = "ghcr.io/example-university/hubfleet-course-scipy:2025-08-18"');
    expect(rules(course({ image: UserImage.of('ghcr.io/x/y:latest', { provides: ['nbgrader', 'ngshare-exchange'] }) }).app)).toEqual(['hub-image-pinned']);
  });
});

describe('GPU profiles', () => {
  test('declare the NVIDIA device plugin as a prerequisite', () => {
    const { hub } = course({ profiles: [{ displayName: 'CPU', default: true }, { displayName: 'GPU', gpus: 1 }] });
    expect(hub.declarations.prerequisites).toEqual([expect.objectContaining({ kind: 'addon', name: 'NVIDIA device plugin' })]);
    expect(course().hub.declarations.prerequisites).toEqual([]);
  });
});
