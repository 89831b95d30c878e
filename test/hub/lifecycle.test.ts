/**
 * The lifecycle of an example course (courses/eth-teaching/2025-autumn/intro-programming.yaml),
 * transition by transition: the objects synth writes before and after, what `hubfleet diff` says,
 * and that no claim leaves the output before the archive of the homes is recorded.
 */
import { addCatalogue, catalogueDir } from '../../lib/catalogue/app';
import { parseCatalogue, readCatalogue } from '../../lib/catalogue/load';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { diffCluster } from '../../lib/fleet/diff';
import { ClusterOutput, synthApp } from '../../lib/fleet/synth';
import { parseAllDocuments } from 'yaml';
import { ethTeaching } from '../../clusters/eth-teaching';
import { ethTeachingPlatform } from '../../apps/eth-teaching.platform';
import { ValidationError } from '../../lib/core/errors';

const COURSE = 'intro-programming';
const NS = `course-${COURSE}`;
const RECORD = `archives:\n  - { course: ${COURSE}, term: 2025-autumn, namespace: ${NS}, day: 2026-03-02, recorded: 2026-03-02, volumes: 412, logSha256: ${'a'.repeat(64)}, pvListSha256: ${'b'.repeat(64)} }\n`;

/** The example cluster's platform and this one course of its catalogue, on a day, with the given archive records. */
function at(day: string, records = ''): ClusterOutput {
  const src = readCatalogue(catalogueDir('eth-teaching'));
  const one = { ...src, courses: src.courses.filter((c) => c.file.endsWith(`/${COURSE}.yaml`)), lifecycle: { file: 'courses/eth-teaching/lifecycle.yaml', text: `date: ${day}\n${records}` } };
  const app = new ClusterApp(ethTeaching);
  addCatalogue(app, parseCatalogue(one), { homeStorageClass: ethTeachingPlatform(app).nfs.homes });
  return synthApp(app);
}

/** The course's objects: `Kind/name` → JSON. */
function objects(out: ClusterOutput): Map<string, any> {
  const m = new Map<string, any>();
  for (const [file, text] of out.files) {
    if (!file.startsWith(`k8s/courses/${COURSE}/`)) continue;
    for (const d of parseAllDocuments(text)) {
      const j = d.toJS();
      m.set(`${j.kind}/${j.metadata.name}`, j);
    }
  }
  return m;
}
const config = (o: Map<string, any>) => o.get('ConfigMap/hub-config').data['jupyterhub_config.py'] as string;
const claims = (o: Map<string, any>) => [...o.keys()].filter((k) => k.startsWith('PersistentVolumeClaim/')).sort();
const risks = (a: ClusterOutput, b: ClusterOutput) => diffCluster('eth-teaching', a.files, b.files, { now: new Date('2026-01-01T00:00:00Z') }).risks.filter((r) => r.rule === 'diff-lifecycle');

const DAYS = { planned: '2025-08-01', preparing: '2025-09-01', open: '2025-09-15', closing: '2026-02-16', stopped: '2026-02-17', archived: '2026-03-02', retired: '2026-03-03' };
const out: Record<string, ClusterOutput> = {};
const obj: Record<string, Map<string, any>> = {};
beforeAll(() => {
  for (const [phase, day] of Object.entries(DAYS)) {
    out[phase] = at(day, phase === 'archived' || phase === 'retired' ? RECORD : '');
    obj[phase] = objects(out[phase]);
  }
});

describe(`the lifecycle of ${COURSE}`, () => {
  it('planned: nothing of the course is deployed', () => {
    expect(obj.planned.size).toBe(0);
  });

  it('planned → preparing: the hub is deployed for staff only', () => {
    const o = obj.preparing;
    expect(o.get(`Namespace/${NS}`).metadata.annotations).toMatchObject({ 'hubfleet.io/lifecycle': 'preparing', 'hubfleet.io/term': '2025-autumn' });
    expect(config(o)).toContain('HUBFLEET_LOGINS = "staff"');
    expect(claims(o)).toEqual(['PersistentVolumeClaim/hub-db-dir', 'PersistentVolumeClaim/ngshare-data']);
    expect(risks(out.planned, out.preparing)).toEqual([expect.objectContaining({ severity: 'warning', title: expect.stringMatching(/new → preparing/) })]);
  });

  it('preparing → open: students may log in, and the staff roles are there', () => {
    const o = obj.open;
    expect(config(o)).toContain('HUBFLEET_LOGINS = "open"');
    expect(config(o)).toMatch(/"name": "course-instructor"[\s\S]*"access:servers!group=course-students"/);
    expect(o.get('Deployment/hub').spec.replicas).toBe(1);
    expect([...o.keys()].sort()).toEqual([...obj.preparing.keys()].sort());
    expect(risks(out.preparing, out.open)[0].details[0]).toMatch(/^students may log in/);
  });

  it('open → closing: logins refused, nothing spawns, every server stopped, staff roles gone; every object and claim stays', () => {
    const o = obj.closing;
    const c = config(o);
    expect(c).toContain('HUBFLEET_LOGINS = "closed"');
    expect(c).not.toContain('"name": "course-instructor"');
    expect(c).not.toContain('"name": "course-grader"');
    expect(c).toContain('c.Spawner.pre_spawn_hook = hubfleet_course_closed');
    expect(c).toContain('"--max-age=60"');
    expect(o.get('Deployment/hub').spec.replicas).toBe(1);
    expect([...o.keys()].sort()).toEqual([...obj.open.keys()].sort());
    const r = risks(out.open, out.closing);
    expect(r).toEqual([expect.objectContaining({ severity: 'warning', title: expect.stringMatching(/open → closing/) })]);
    expect(r[0].details.join(' ')).toMatch(/Data: files saved in homes stay/);
  });

  it('closing → stopped: hub, proxy and ngshare scaled to zero; every object and claim stays', () => {
    const o = obj.stopped;
    for (const d of ['hub', 'proxy', 'ngshare']) expect(o.get(`Deployment/${d}`).spec.replicas).toBe(0);
    expect([...o.keys()].sort()).toEqual([...obj.closing.keys()].sort());
    expect(risks(out.closing, out.stopped)[0].title).toMatch(/closing → stopped/);
  });

  it('stopped stays stopped after archiveAfter until the archive run is recorded', () => {
    const o = objects(at('2026-05-01'));
    expect(o.get(`Namespace/${NS}`).metadata.annotations['hubfleet.io/lifecycle']).toBe('stopped');
    expect(claims(o)).toEqual(claims(obj.stopped));
  });

  it('stopped → archived (with the record): no new homes; the record is on the namespace; no claim of the output goes', () => {
    const o = obj.archived;
    const ns = o.get(`Namespace/${NS}`).metadata.annotations;
    expect(ns['hubfleet.io/lifecycle']).toBe('archived');
    expect(ns['hubfleet.io/archive']).toBe(`day=2026-03-02,recorded=2026-03-02,volumes=412,log=sha256:${'a'.repeat(64)}`);
    expect(o.get('ResourceQuota/quota').spec.hard.persistentvolumeclaims).toBe('2');
    expect(claims(o)).toEqual(claims(obj.stopped));
    expect(risks(out.stopped, out.archived)[0].details.join(' ')).toMatch(/moved into the NFS archive by the recorded run/);
  });

  it('archived → retired: the hub objects go; the namespace and the claims in Git stay (protected)', () => {
    const o = obj.retired;
    expect([...o.keys()].sort()).toEqual([
      'LimitRange/limits',
      `Namespace/${NS}`,
      'NetworkPolicy/default-deny',
      'PersistentVolumeClaim/hub-db-dir',
      'PersistentVolumeClaim/ngshare-data',
      'ResourceQuota/quota',
    ]);
    for (const k of claims(o)) expect(o.get(k).metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(o.get(`Namespace/${NS}`).metadata.annotations['hubfleet.io/lifecycle']).toBe('retired');
    const r = risks(out.archived, out.retired);
    expect(r).toEqual([expect.objectContaining({ severity: 'warning', title: expect.stringMatching(/archived → retired/) })]);
  });

  it('no claim ever leaves the output, and the homes leave the cluster only by the recorded archive run', () => {
    const order = ['preparing', 'open', 'closing', 'stopped', 'archived', 'retired'];
    for (let i = 1; i < order.length; i++) expect(claims(obj[order[i]])).toEqual(expect.arrayContaining(claims(obj[order[i - 1]])));
    // Archived or retired without a record is an error, not an output.
    expect(() => {
      const app = new ClusterApp(ethTeaching);
      const src = readCatalogue(catalogueDir('eth-teaching'));
      const cat = parseCatalogue({ ...src, courses: src.courses.filter((c) => c.file.endsWith(`/${COURSE}.yaml`)) });
      const c = cat.courses[0];
      const forged = { ...cat, courses: [{ ...c, lifecycle: { ...c.lifecycle, phase: 'retired' as const } }] };
      addCatalogue(app, forged, { homeStorageClass: ethTeachingPlatform(app).nfs.homes });
      synthApp(app);
    }).toThrow(ValidationError);
  });

  it('a jump over the closing phase is a serious risk in hubfleet diff', () => {
    const r = risks(out.open, out.stopped);
    expect(r).toEqual([expect.objectContaining({ severity: 'danger', title: expect.stringMatching(/open → stopped/) })]);
    expect(r[0].details.join(' ')).toMatch(/jumps over closing: the closed hub must run/);
  });
});
