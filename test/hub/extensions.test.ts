import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { EXTENSION_RULES, FETCH_TEMPLATES_SCRIPT } from '../../lib/hub/extensions';
import { find, issuesOf, objectsOf, testSpec } from '../helpers';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function hub(props: Partial<CourseJupyterHubProps> = {}) {
  const app = new ClusterApp(testSpec());
  const h = new CourseJupyterHub(app, 'intro', { auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: IMAGE, students: 10, ...props });
  return { app, hub: h, objects: objectsOf(app) };
}
const hash = (props: Partial<CourseJupyterHubProps>) => find(hub(props).objects, 'Deployment', 'hub').spec.template.metadata.annotations['hubfleet.io/config-hash'];

describe('extension points', () => {
  test('extra hub config is appended in named sections, in name order, after everything hubfleet writes', () => {
    const { hub: h, app } = hub({ extraHubConfig: { zeta: 'c.JupyterHub.shutdown_on_logout = True', alpha: 'c.Spawner.notebook_dir = "~"' } });
    const text = h.hubConfig;
    const a = text.indexOf('# --- extra hub config: alpha');
    expect(a).toBeGreaterThan(text.indexOf('c.JupyterHub.load_roles'));
    expect(text.indexOf('# --- extra hub config: zeta')).toBeGreaterThan(a);
    expect(text).toContain('c.JupyterHub.shutdown_on_logout = True');
    expect(issuesOf(app)).toEqual([]);
  });

  test('config-hash covers extra config and templates, so the hub restarts when they change', () => {
    const base = hash({});
    expect(hash({ extraHubConfig: { a: 'x = 1' } })).not.toBe(base);
    expect(hash({ templates: { files: { 'login.html': 'A' } } })).not.toBe(hash({ templates: { files: { 'login.html': 'B' } } }));
    expect(hash({ templates: { git: { repo: 'https://git.example.org/t.git', commit: COMMIT } } })).not.toBe(base);
    expect(hash({})).toBe(base);
  });

  test('extra volumes and init containers reach every user server', () => {
    const { hub: h, app } = hub({
      userVolumes: [{ name: 'datasets', source: { persistentVolumeClaim: 'datasets' }, mountPath: '/srv/datasets' }, { name: 'seed', source: { emptyDir: { sizeLimitMiB: 100 } }, mountPath: '/srv/seed' }],
      userInitContainers: [{ name: 'seed', image: 'busybox:1.37.0', command: ['sh', '-c', 'echo hi > /srv/seed/hi'], volumes: ['seed'] }],
    });
    expect(h.hubConfig).toMatch(/"name": "datasets",\n\s+"persistentVolumeClaim": \{\n\s+"claimName": "datasets",\n\s+"readOnly": True,/);
    expect(h.hubConfig).toMatch(/"name": "seed",\n\s+"emptyDir": \{\n\s+"sizeLimit": "100Mi",/);
    expect(h.hubConfig).toMatch(/c.KubeSpawner.init_containers = \[\n\s+\{\n\s+"name": "seed",\n\s+"image": "busybox:1.37.0",/);
    expect(issuesOf(app)).toEqual([]);
  });

  test('inline templates come from ConfigMap hub-templates; the hub searches them first', () => {
    const { objects, hub: h } = hub({ templates: { files: { 'login.html': '{% extends "templates/login.html" %}' } } });
    expect(find(objects, 'ConfigMap', 'hub-templates').data['login.html']).toContain('extends');
    const pod = find(objects, 'Deployment', 'hub').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'templates', configMap: { name: 'hub-templates' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'templates', mountPath: '/usr/local/share/jupyterhub/hubfleet-templates', readOnly: true });
    expect(h.hubConfig).toContain('c.JupyterHub.template_paths = ["/usr/local/share/jupyterhub/hubfleet-templates"]');
  });

  test('templates from Git: an init container fetches the pinned commit, and the hub may reach the Git host', () => {
    const { objects, app } = hub({ auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', bindDnTemplates: ['uid={username},dc=x'], allowedGroups: ['cn=g,dc=x'] }), templates: { git: { repo: 'https://git.example.org/templates.git', commit: COMMIT, path: 'jupyterhub' } } });
    const pod = find(objects, 'Deployment', 'hub').spec.template.spec;
    const init = pod.initContainers.find((c: any) => c.name === 'fetch-templates');
    expect(init.env).toContainEqual({ name: 'TEMPLATES_COMMIT', value: COMMIT });
    // The folder is a value (issue 17: it was spliced into the script): the script is a constant.
    expect(init.env).toContainEqual({ name: 'TEMPLATES_PATH', value: 'jupyterhub' });
    expect(init.env).toContainEqual({ name: 'TEMPLATES_DIR', value: '/usr/local/share/jupyterhub/hubfleet-templates' });
    expect(init.command).toEqual(['sh', '-c', FETCH_TEMPLATES_SCRIPT]);
    const egress = find(objects, 'NetworkPolicy', 'hub').spec.egress.find((e: any) => e.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0');
    expect(egress.ports).toEqual([{ protocol: 'TCP', port: 389 }, { protocol: 'TCP', port: 443 }]);
    expect(issuesOf(app)).toEqual([]);
  });

  const failing: Record<string, Partial<CourseJupyterHubProps>> = {
    'hub-extra-config-names': { extraHubConfig: { 'My Section': 'x = 1' } },
    'hub-user-volumes': { userVolumes: [{ name: 'home', source: { emptyDir: {} }, mountPath: '/x' }] },
    'hub-user-init-containers': { userInitContainers: [{ name: 'seed', image: 'busybox', command: ['true'] }] },
    'hub-templates': { templates: { git: { repo: 'https://git.example.org/t.git', commit: 'main' } } },
    // Issue 17: Python that does not compile stopped the hub after the sync (a crash loop).
    'hub-extra-config-python': { extraHubConfig: { banner: 'c.JupyterHub.template_vars = {"banner": "Exam today"' } },
    'hub-user-volume-sources': { userVolumes: [{ name: 'seed', source: { configMap: 'Course Settings' }, mountPath: '/srv/seed' }] },
    'hub-templates-repo': { templates: { git: { repo: 'https://user:token@git.example.org/t.git', commit: COMMIT } } },
    'hub-user-volume-mount-paths': { userVolumes: [{ name: 'extra', source: { emptyDir: {} }, mountPath: '/srv/../etc' }] },
    'hub-user-volume-sub-paths': { userVolumes: [{ name: 'extra', source: { configMap: 'cm' }, mountPath: '/srv/x', subPath: '../x' }] },
    'hub-user-volume-sizes': { userVolumes: [{ name: 'extra', source: { emptyDir: { sizeLimitMiB: 0.5 } }, mountPath: '/scratch' }] },
    'hub-user-init-memory': { userInitContainers: [{ name: 'seed', image: 'busybox:1.37.0', command: ['true'], memoryLimitMiB: 0 }] },
    'hub-user-init-cpu': { userInitContainers: [{ name: 'seed', image: 'busybox:1.37.0', command: ['true'], cpuLimit: -1 }] },
  };
  test('the templates rule has the grammar of a repository path and of a public https URL (issue 17: the path was spliced into sh -c)', () => {
    const ok = (git: { repo?: string; path?: string }) => issuesOf(hub({ templates: { git: { repo: git.repo ?? 'https://git.example.org/t.git', commit: COMMIT, path: git.path } } }).app).map((i) => i.rule);
    for (const path of ['jupyterhub', 'a/b-c/d_e.f', 'templates/']) expect(ok({ path })).toEqual([]);
    for (const path of ['$(id)', 'a b', '../x', 'a/../b', '.git', '-rf', '/abs', 'a\nb', 'a;b', '`id`', "a'b"]) expect([path, ok({ path })]).toEqual([path, ['hub-templates']]);
    for (const repo of ['https://user:secret@git.example.org/t.git', 'http://git.example.org/t.git', 'https://git.example.org/t.git?x=1', 'https://git.example.org/t.git#main', 'https://git.example.org/a b', 'https://git.example.org/$(id)', '--upload-pack=id', 'https://git.example.org/t.git\n']) {
      expect([repo, ok({ repo })]).toEqual([repo, ['hub-templates-repo']]);
    }
    expect(ok({ repo: 'https://git.example.org:8443/group/sub/t.git' })).toEqual([]);
  });

  test('the extra config check names the section, line, column and what is wrong', () => {
    const issue = issuesOf(hub({ extraHubConfig: { banner: 'x = 1\nif x:\nc.JupyterHub.shutdown_on_logout = True' } }).app)[0];
    expect(issue.rule).toBe('hub-extra-config-python');
    expect(issue.message).toContain('section "banner", line 3, column 1: expected an indented block');
  });

  test('every extension rule has a failing case', () => {
    expect(Object.keys(failing).sort()).toEqual(EXTENSION_RULES.map((r) => r.id).sort());
  });
  for (const [id, props] of Object.entries(failing)) {
    test(`fails ${id}`, () => {
      expect(issuesOf(hub(props).app).map((i) => i.rule)).toEqual([id]);
    });
  }
});
