/**
 * HubKind: what a kind of hub changes in the parts (lib/hub/hub-kind.ts). mergeHubKinds puts an
 * exam's pieces together; a new kind is a class of a few lines (ARCHITECTURE.md, worked example).
 */
import { Construct } from 'constructs';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHubProps, JupyterHubPackage } from '../../lib/hub/course-jupyterhub';
import { HubKind, mergeHubKinds } from '../../lib/hub/hub-kind';
import { find, issuesOf, objectsOf, testSpec, wiringIssuesOf } from '../helpers';

describe('mergeHubKinds', () => {
  const base: HubKind = { kind: 'exam', hub: { priorityClass: 'p-hub', configSections: [{ title: 'a', code: 'A = 1' }] }, userServers: { dns: false, spawnerTraits: { x: 1 } } };

  test('appends lists in order, merges maps (later wins), sums quota room, joins nbgrader config, keeps the rest', () => {
    const k = mergeHubKinds(
      base,
      { hub: { configSections: [{ title: 'b', code: 'B = 2' }], env: [{ name: 'E1', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }, namespace: { quotaRoom: { pods: 1, cpu: 0.5, memoryGiB: 1 }, annotations: { a: '1' } } },
      { hub: { env: [{ name: 'E2', valueFrom: { secretKeyRef: { name: 's', key: 'k2' } } }] }, namespace: { quotaRoom: { pods: 2, cpu: 1, memoryGiB: 2 }, annotations: { b: '2' } }, userServers: { spawnerTraits: { x: 2, y: 3 } } },
      { nbgrader: { extraConfig: 'one = 1' } },
      { nbgrader: { extraConfig: 'two = 2' }, window: { start: 's', end: 'e', timeZone: 'UTC' } },
    );
    expect(k.hub!.configSections!.map((s) => s.title)).toEqual(['a', 'b']);
    expect(k.hub!.env!.map((e) => e.name)).toEqual(['E1', 'E2']);
    expect(k.hub!.priorityClass).toBe('p-hub');
    expect(k.namespace!.quotaRoom).toEqual({ pods: 3, cpu: 1.5, memoryGiB: 3 });
    expect(k.namespace!.annotations).toEqual({ a: '1', b: '2' });
    expect(k.userServers).toEqual(expect.objectContaining({ dns: false, spawnerTraits: { x: 2, y: 3 } }));
    expect(k.nbgrader!.extraConfig).toBe('one = 1\n\ntwo = 2');
    expect(k.window).toEqual({ start: 's', end: 'e', timeZone: 'UTC' });
    expect(k.kind).toBe('exam');
  });

  test('appends services, roles, secret keys, user volumes and policy rules; merges user environment; sums claims and storage only when a piece has them', () => {
    const rule = (port: number) => ({ ports: [{ protocol: 'TCP' as const, port }] });
    const k = mergeHubKinds(
      base,
      { hub: { services: [{ name: 's1' }], roles: [{ name: 'r1', description: 'd', scopes: [] }], secretKeys: ['k1'] }, userServers: { environment: { A: '1', B: '1' }, extraServerTokenScopes: ['s:a'], volumes: [{ name: 'v1', source: { emptyDir: {} }, mountPath: '/v1' }] }, network: { rules: { hubEgress: [rule(1)] } }, namespace: { quotaRoom: { pods: 1, cpu: 1, memoryGiB: 1, claims: 1, storageGiB: 2 } } },
      { hub: { services: [{ name: 's2' }], secretKeys: ['k2'] }, userServers: { environment: { B: '2' }, extraServerTokenScopes: ['s:b'], volumes: [{ name: 'v2', source: { emptyDir: {} }, mountPath: '/v2' }] }, network: { rules: { hubEgress: [rule(2)], userEgress: [rule(3)] } }, namespace: { quotaRoom: { pods: 1, cpu: 0, memoryGiB: 0 } } },
    );
    expect(k.hub!.services!.map((s) => s.name)).toEqual(['s1', 's2']);
    expect(k.hub!.roles!.map((r) => r.name)).toEqual(['r1']);
    expect(k.hub!.secretKeys).toEqual(['k1', 'k2']);
    expect(k.userServers!.environment).toEqual({ A: '1', B: '2' });
    expect(k.userServers!.extraServerTokenScopes).toEqual(['s:a', 's:b']);
    expect(k.userServers!.volumes!.map((v) => v.name)).toEqual(['v1', 'v2']);
    expect(k.network!.rules).toEqual({ hubEgress: [rule(1), rule(2)], userEgress: [rule(3)] });
    expect(k.namespace!.quotaRoom).toEqual({ pods: 2, cpu: 1, memoryGiB: 1, claims: 1, storageGiB: 2 });
  });

  test('pieces that say nothing change nothing', () => {
    const k = mergeHubKinds(base, {}, {});
    expect(k.hub!.configSections).toEqual(base.hub!.configSections);
    expect(k.userServers!.spawnerTraits).toEqual({ x: 1 });
    expect(k.namespace!.quotaRoom).toBeUndefined();
  });
});

/** A kind of hub that is not in hubfleet: a summer school on its own pool, with its own banner code. */
class SummerSchoolHub extends JupyterHubPackage {
  constructor(scope: Construct, id: string, props: CourseJupyterHubProps) {
    super(scope, id, props, {
      kind: 'course',
      hub: { configSections: [{ title: 'Summer school banner', code: 'c.JupyterHub.template_vars["banner"] = "Summer school"' }] },
      userServers: { spawnerTraits: { node_selector: { 'hubfleet.io/pool': 'summer' } } },
      namespace: { annotations: { 'example.org/owner': 'summer-school' }, quotaRoom: { pods: 2, cpu: 1, memoryGiB: 1 } },
    });
  }
}

describe('a new kind of hub states what it changes', () => {
  const pool = { name: 'summer', roles: ['worker' as const], count: 2, vcpus: 8, memoryGiB: 32, diskGiB: 100, labels: { 'hubfleet.io/pool': 'summer' } };

  test('its config section, KubeSpawner traits, namespace annotation and quota room reach the output, and it passes every rule', () => {
    const app = new ClusterApp(testSpec({ nodePools: [...testSpec().nodePools, pool] }));
    const hub = new SummerSchoolHub(app, 'summer', { auth: HubAuth.moodle('https://moodle.example.org', ['c1'], { staffAdmins: true }), image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: 30 });
    expect(hub.hubConfig).toContain('# Summer school banner');
    expect(hub.hubConfig).toContain('c.JupyterHub.template_vars["banner"] = "Summer school"');
    expect(hub.hubConfig).toMatch(/c\.KubeSpawner\.node_selector = \{\s*"hubfleet\.io\/pool": "summer",?\s*\}/);
    const objects = objectsOf(app);
    expect(find(objects, 'Namespace', 'course-summer').metadata.annotations['example.org/owner']).toBe('summer-school');
    // 30 servers + 6 of the hub's own + 2 the kind asked room for.
    expect(find(objects, 'ResourceQuota', 'quota', 'course-summer').spec.hard.pods).toBe('38');
    expect(issuesOf(app)).toEqual([]);
    expect(wiringIssuesOf(app).filter((i) => i.severity !== 'warning')).toEqual([]);
  });
});
