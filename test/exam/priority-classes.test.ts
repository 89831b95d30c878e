import { ClusterApp } from '../../lib/fleet/cluster-app';
import { Package } from '../../lib/fleet/package';
import { K8sObject } from '../../lib/core/k8s-object';
import { GitOps } from '../../lib/argocd/gitops';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { PRIORITY, PRIORITY_CLASS_RULES, PRIORITY_CLASSES } from '../../lib/fleet/priority-classes';
import { find, objectsOf, testSpec, wiringIssuesOf } from '../helpers';

const course = (app: ClusterApp, id = 'intro') => new CourseJupyterHub(app, id, { auth: HubAuth.moodle('https://moodle.example.org', ['c1'], { staffAdmins: true }), image: 'quay.io/jupyter/minimal-notebook:2025-08-18', students: 10 });

describe('PriorityClasses', () => {
  test('course hubs get one too: hub, proxy at course-hub, servers at course-server, below the platform\'s 0', () => {
    const app = new ClusterApp(testSpec());
    const hub = course(app);
    const objects = objectsOf(app);
    expect(find(objects, 'Deployment', 'hub').spec.template.spec.priorityClassName).toBe(PRIORITY.courseHub);
    expect(find(objects, 'Deployment', 'proxy').spec.template.spec.priorityClassName).toBe(PRIORITY.courseHub);
    expect(hub.declarations.runtimePods[0].podSpec.priorityClassName).toBe(PRIORITY.courseServer);
    expect(hub.hubConfig).toContain(`c.KubeSpawner.priority_class_name = "${PRIORITY.courseServer}"`);
  });

  test('one platform package holds them, whose AppProject may create cluster-scoped objects (course projects may not)', () => {
    const app = new ClusterApp(testSpec());
    GitOps.of(app);
    course(app, 'a');
    course(app, 'b');
    const objects = objectsOf(app);
    const classes = objects.filter((o) => o.json.kind === 'PriorityClass');
    expect(classes.map((o) => o.json.metadata.name)).toEqual(PRIORITY_CLASSES.map((c) => c.name));
    expect(new Set(classes.map((o) => o.pkg.outputDir))).toEqual(new Set(['platform/priority-classes']));
    const projectOf = (appName: string) => find(objects, 'Application', appName).spec.project;
    expect(projectOf('platform-priority-classes')).toBe('platform');
    expect(find(objects, 'AppProject', 'platform').spec.clusterResourceWhitelist).toEqual([{ group: '*', kind: '*' }]);
    expect(find(objects, 'AppProject', 'courses-a').spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace', name: 'course-a' }]);
    for (const c of classes) expect(c.json).toMatchObject({ globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' });
  });

  test('the values are ordered: exam hub > exam servers > placeholders > course hubs > 0 > course servers', () => {
    const v = Object.fromEntries(PRIORITY_CLASSES.map((c) => [c.name, c.value]));
    expect(v[PRIORITY.examHub]).toBeGreaterThan(v[PRIORITY.examServer]);
    expect(v[PRIORITY.examServer]).toBeGreaterThan(v[PRIORITY.examPlaceholder]);
    expect(v[PRIORITY.examPlaceholder]).toBeGreaterThan(v[PRIORITY.courseHub]);
    expect(v[PRIORITY.courseHub]).toBeGreaterThan(0);
    expect(v[PRIORITY.courseServer]).toBeLessThan(0);
    // Kubernetes: user classes at most 1e9 (system classes are above).
    for (const c of PRIORITY_CLASSES) expect(c.value).toBeLessThanOrEqual(1_000_000_000);
  });

  test('fails wiring-priority-class: a pod naming a class nobody creates is refused at admission', () => {
    const app = new ClusterApp(testSpec());
    course(app);
    const p = new Package(app, 'tool', { group: 'courses', namespace: 'course-intro' });
    new K8sObject(p, 'dep', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'tool', namespace: 'course-intro' }, spec: { selector: { matchLabels: { app: 'tool' } }, template: { metadata: { labels: { app: 'tool' } }, spec: { priorityClassName: 'high', containers: [{ name: 'c', image: 'quay.io/x/y:1' }] } } } });
    const issues = wiringIssuesOf(app).filter((i) => i.rule === 'wiring-priority-class');
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/names PriorityClass "high", which the output does not create: the Priority admission plugin refuses its pods/);
    expect(PRIORITY_CLASS_RULES.map((r) => r.id)).toEqual(['wiring-priority-class']);
  });
});
