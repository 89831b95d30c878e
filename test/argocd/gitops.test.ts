import * as fs from 'fs';
import * as path from 'path';
import { ARGOCD_MIN_VERSION, ARGOCD_VERSION, cascades, RETRY, supportsArgoCdVersion } from '../../lib/argocd/argocd';
import { GitOps } from '../../lib/argocd/gitops';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { Package } from '../../lib/fleet/package';
import { isProtected } from '../../lib/fleet/rules';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { Platform } from '../../lib/platform/platform';
import { byFolder, find, issuesOf, objectsOf, testApp } from '../platform/test-cluster';

const moodle = HubAuth.moodle('https://moodle.example.org', ['client-1']);

/** The test cluster: platform + two courses, optionally without one. */
function stack(courses: readonly string[] = ['intro', 'stats']): ClusterApp {
  const app = testApp();
  const platform = new Platform(app);
  for (const c of courses) new CourseJupyterHub(app, c, { auth: moodle, image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: 20, home: { storageClass: platform.nfs.homes } });
  return app;
}

const argocdObjects = (app: ClusterApp) => byFolder(app)['argocd'];

describe('GitOps', () => {
  test('the whole stack passes strict validation and the safety rules', () => {
    expect(issuesOf(stack())).toEqual([]);
  });

  test('writes the tree to dist/<cluster>/k8s/argocd (snapshot)', () => {
    const app = stack();
    const objs = argocdObjects(app);
    expect(objs.every((o) => o.metadata.namespace === 'argocd')).toBe(true);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'AppProject/root',
      'Application/root',
      'AppProject/platform',
      'Application/platform-sealed-secrets',
      'Application/platform-nfs',
      'Application/platform-metallb',
      'Application/platform-ingress',
      'Application/platform-cert-manager',
      'Application/platform-priority-classes',
      'AppProject/courses-intro',
      'Application/courses-intro',
      'AppProject/courses-stats',
      'Application/courses-stats',
    ]);
    expect(objs).toMatchSnapshot();
  });

  test('root app of apps syncs the argocd folder of this cluster from the GitOps repo', () => {
    const root = find(argocdObjects(stack()), 'Application', 'root');
    expect(root.spec.project).toBe('root');
    expect(root.spec.source).toEqual({ repoURL: 'https://git.example.org/platform/gitops.git', targetRevision: 'main', path: 'dist/test-cluster/k8s/argocd' });
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    const project = find(argocdObjects(stack()), 'AppProject', 'root');
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    expect(project.spec.namespaceResourceWhitelist.map((k: any) => k.kind)).toEqual(['AppProject', 'Application']);
  });

  test('one Application per package: its folder, namespace, sync wave, automated prune+selfHeal, no namespace creation', () => {
    const objs = argocdObjects(stack());
    const course = find(objs, 'Application', 'courses-intro');
    expect(course.spec.source.path).toBe('dist/test-cluster/k8s/courses/intro');
    expect(course.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'course-intro' });
    expect(course.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(course.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(course.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(['CreateNamespace=false', 'ServerSideApply=true']));
    expect(find(objs, 'Application', 'platform-nfs').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-10');
    expect(find(objs, 'Application', 'platform-sealed-secrets').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-15');
    for (const p of objs.filter((o) => o.kind === 'AppProject')) expect(Number(p.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(-20);
  });

  test('a course AppProject deploys only into its namespace; of cluster kinds only its own Namespace', () => {
    const p = find(argocdObjects(stack()), 'AppProject', 'courses-intro');
    expect(p.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'course-intro' }]);
    expect(p.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace', name: 'course-intro' }]);
    expect(p.spec.sourceRepos).toEqual(['https://git.example.org/platform/gitops.git']);
    expect(find(argocdObjects(stack()), 'Application', 'courses-intro').spec.project).toBe('courses-intro');
  });

  test('the platform AppProject allows cluster-scoped kinds and exactly the pinned Helm repositories', () => {
    const p = find(argocdObjects(stack()), 'AppProject', 'platform');
    expect(p.spec.clusterResourceWhitelist).toEqual([{ group: '*', kind: '*' }]);
    expect(p.spec.sourceRepos).toEqual([
      'https://git.example.org/platform/gitops.git',
      'https://bitnami-labs.github.io/sealed-secrets',
      'https://charts.jetstack.io',
      'https://metallb.github.io/metallb',
      'https://traefik.github.io/charts',
    ]);
  });

  test('GitOps.of returns the one tree of an app', () => {
    const app = testApp();
    const a = GitOps.of(app);
    expect(GitOps.of(app)).toBe(a);
  });

  test('every Application retries without limit on the newest revision and skips the dry run of CRs whose CRD is not there yet', () => {
    expect(RETRY).toEqual({ limit: -1, backoff: { duration: '10s', factor: 2, maxDuration: '5m' }, refresh: true });
    const apps = objectsOf(stack()).filter((o) => o.kind === 'Application');
    for (const a of apps) expect(a.spec.syncPolicy.retry).toEqual(RETRY);
    for (const a of apps.filter((x) => x.metadata.labels['hubfleet.io/kind'] !== 'helm-chart')) expect(a.spec.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
  });

  describe('Argo CD version', () => {
    /** The AppProject schema shipped in lib/validate/data (from argo-cd @ 37ee0097cf, = v3.5.1's CRD). */
    const schema = require('../../lib/validate/data/crds.json').kinds['argoproj.io/v1alpha1/AppProject'].schema;
    /** Every field path an object uses, arrays as [] (e.g. spec.clusterResourceWhitelist[].name). */
    const paths = (v: any, at = ''): string[] =>
      Array.isArray(v) ? v.flatMap((x) => paths(x, `${at}[]`)) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [`${at}${at ? '.' : ''}${k}`, ...paths(x, `${at}${at ? '.' : ''}${k}`)]) : [];
    const inSchema = (p: string) => {
      let s = schema;
      for (const part of p.split('.')) {
        const [name, ...arrays] = part.split('[]');
        s = s?.properties?.[name];
        for (let i = 0; i < arrays.length; i++) s = s?.items;
        if (!s) return false;
      }
      return true;
    };

    test('every AppProject field hubfleet writes exists in the shipped AppProject CRD, including clusterResourceWhitelist[].name (Argo CD 3.3+)', () => {
      const used = new Set(objectsOf(stack()).filter((o) => o.kind === 'AppProject').flatMap((o) => paths({ spec: o.spec })));
      expect(used).toContain('spec.clusterResourceWhitelist[].name');
      for (const p of used) expect([p, inSchema(p)]).toEqual([p, true]);
      expect(inSchema('spec.clusterResourceWhitelist[].nameDoesNotExist')).toBe(false);
    });

    test(`states ${ARGOCD_MIN_VERSION} as the minimum and pins ${ARGOCD_VERSION} where the README installs Argo CD`, () => {
      expect(supportsArgoCdVersion(ARGOCD_VERSION)).toBe(true);
      expect([supportsArgoCdVersion('v3.3.0'), supportsArgoCdVersion('v3.2.9'), supportsArgoCdVersion('v2.14.0'), supportsArgoCdVersion('v4.0.0'), supportsArgoCdVersion('stable')]).toEqual([true, false, false, true, false]);
      const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'argocd', 'README.md'), 'utf8');
      expect(readme).toContain(`https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD_VERSION}/manifests/install.yaml`);
      expect(readme).toContain(`Argo CD ${ARGOCD_MIN_VERSION} or newer`);
      expect(readme).not.toMatch(/argo-cd\/(stable|latest|master)\//);
    });

    test('fails … on an Argo CD older than 3.3 (its AppProject CRD would drop the Namespace name)', () => {
      const app = testApp();
      GitOps.of(app, { argocdVersion: 'v3.2.5' });
      expect(issuesOf(app).map((i) => i.rule)).toContain('gitops-argocd-version');
      const ok = testApp();
      GitOps.of(ok, { argocdVersion: 'v3.3.0' });
      expect(issuesOf(ok).map((i) => i.rule)).not.toContain('gitops-argocd-version');
    });
  });

  describe('fails', () => {
    test('… on a namespaced package without a namespace', () => {
      const app = testApp();
      GitOps.of(app);
      new Package(app, 'loose', { group: 'seb' });
      expect(issuesOf(app).map((i) => i.rule)).toContain('gitops-package-namespace');
    });
    test('… on two packages with one Application name', () => {
      const app = testApp();
      GitOps.of(app);
      new Package(app, 'a-b', { group: 'seb', namespace: 'seb-1', outputDir: 'seb/a-b' });
      new Package(app, 'a', { group: 'seb', namespace: 'seb-2', outputDir: 'seb/a/b' });
      expect(issuesOf(app).map((i) => i.rule)).toContain('gitops-application-names');
    });
  });

  describe('removing a course never deletes its data', () => {
    const withCourse = stack(['intro', 'stats']);
    const without = stack(['stats']);
    const all = (app: ClusterApp) => objectsOf(app);

    test('while the course exists, its data and namespace are protected from prune and delete', () => {
      const objs = all(withCourse).filter((o) => o.metadata.namespace === 'course-intro' || (o.kind === 'Namespace' && o.metadata.name === 'course-intro'));
      const stateful = objs.filter((o) => o.kind === 'PersistentVolumeClaim' || o.kind === 'Namespace');
      expect(stateful.length).toBeGreaterThanOrEqual(2);
      for (const o of stateful) expect(isProtected(o)).toBe(true);
    });

    test('homes live on a Retain StorageClass, so even a deleted claim keeps its directory', () => {
      for (const sc of all(withCourse).filter((o) => o.kind === 'StorageClass')) expect(sc.reclaimPolicy).toBe('Retain');
    });

    test('without the course, its Application and AppProject are gone from Git, the rest is unchanged', () => {
      const names = (app: ClusterApp) => argocdObjects(app).map((o) => `${o.kind}/${o.metadata.name}`);
      expect(names(without)).not.toContain('Application/courses-intro');
      expect(names(without)).not.toContain('AppProject/courses-intro');
      expect(names(withCourse).filter((n) => !n.endsWith('courses-intro'))).toEqual(names(without));
      expect(issuesOf(without)).toEqual([]);
    });

    test('no Application cascades on deletion, so the root pruning a removed Application orphans its objects', () => {
      const apps = all(without).filter((o) => o.kind === 'Application');
      expect(apps.length).toBeGreaterThan(5);
      for (const a of apps) expect(cascades(a.metadata.finalizers)).toBe(false);
      const root = find(apps, 'Application', 'root');
      expect(root.spec.syncPolicy.automated.prune).toBe(true);
      expect(root.metadata.finalizers).toBeUndefined();
    });

    test('every remaining PVC and every namespace holding one is protected', () => {
      const objs = all(without);
      const pvcs = objs.filter((o) => o.kind === 'PersistentVolumeClaim');
      expect(pvcs.length).toBeGreaterThan(0);
      for (const pvc of pvcs) {
        expect(isProtected(pvc)).toBe(true);
        expect(isProtected(find(objs, 'Namespace', pvc.metadata.namespace))).toBe(true);
      }
    });

    test('cascades() recognises the ArgoCD cascade finalizers', () => {
      expect(cascades(['resources-finalizer.argocd.argoproj.io'])).toBe(true);
      expect(cascades(['resources-finalizer.argocd.argoproj.io/background'])).toBe(true);
      expect(cascades(['example.org/other'])).toBe(false);
      expect(cascades(undefined)).toBe(false);
    });
  });
});
