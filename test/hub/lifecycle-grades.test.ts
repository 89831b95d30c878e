/**
 * The lifecycle of a course with a grade service (courses/e2x/2025-winter/assignments.yaml: nbgrader
 * and grades back to LEA): the service stops with the hub, its database claim `grades-data` (the
 * scores sent and held) stays through archive and retirement, and the quota admits it.
 */
import { addCatalogue, catalogueDir } from '../../lib/catalogue/app';
import { parseCatalogue, readCatalogue } from '../../lib/catalogue/load';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { synthApp } from '../../lib/fleet/synth';
import { Platform } from '../../lib/platform/platform';
import { parseAllDocuments } from 'yaml';
import { e2x } from '../../clusters/e2x';

const COURSE = 'assignments';
const NS = `course-${COURSE}`;
const RECORD = `archives:\n  - { course: ${COURSE}, term: 2025-winter, namespace: ${NS}, day: 2026-04-13, recorded: 2026-04-13, volumes: 300, logSha256: ${'a'.repeat(64)}, pvListSha256: ${'b'.repeat(64)} }\n`;
/** e2x's term 2025-winter: opens 2025-10-06, closes 2026-03-30, archiveAfter 2026-04-13. */
const DAYS = { open: '2025-10-15', closing: '2026-03-30', stopped: '2026-03-31', archived: '2026-04-13', retired: '2026-04-14' };

/** The course's objects on a day: `Kind/name` → JSON. */
function objectsOn(day: string, records = ''): Map<string, any> {
  const src = readCatalogue(catalogueDir('e2x'));
  const one = { ...src, courses: src.courses.filter((c) => c.file.endsWith(`/${COURSE}.yaml`)), lifecycle: { file: 'courses/e2x/lifecycle.yaml', text: `date: ${day}\n${records}` } };
  // e2x's platform without its monitoring add-on (what this test looks at does not depend on it).
  const app = new ClusterApp({ ...e2x, monitoring: undefined });
  const platform = new Platform(app, 'platform', { metallb: false });
  addCatalogue(app, parseCatalogue(one), { homeStorageClass: platform.nfs.homes });
  const m = new Map<string, any>();
  for (const [file, text] of synthApp(app).files) {
    if (!file.startsWith(`k8s/courses/${COURSE}/`)) continue;
    for (const d of parseAllDocuments(text)) {
      const j = d.toJS();
      m.set(`${j.kind}/${j.metadata.name}`, j);
    }
  }
  return m;
}

const obj: Record<string, Map<string, any>> = {};
beforeAll(() => {
  for (const [phase, day] of Object.entries(DAYS)) obj[phase] = objectsOn(day, phase === 'archived' || phase === 'retired' ? RECORD : '');
});
const grades = (o: Map<string, any>) => [...o.keys()].filter((k) => /\/grades/.test(k)).sort();
const quota = (o: Map<string, any>) => o.get('ResourceQuota/user-servers') ?? [...o.values()].find((j) => j.kind === 'ResourceQuota');

describe(`the grade service of ${COURSE} through the term`, () => {
  it('open and closing: the service runs as long as the hub does (it still sends what waits in its queue)', () => {
    for (const phase of ['open', 'closing']) {
      expect(grades(obj[phase])).toEqual(['ConfigMap/grades', 'ConfigMap/grades-exporter', 'Deployment/grades', 'NetworkPolicy/grades', 'PersistentVolumeClaim/grades-data', 'Service/grades']);
      expect(obj[phase].get('Deployment/grades').spec.replicas).toBe(1);
    }
  });

  it('stopped and archived: the service has no replica, as the hub; its claim stays', () => {
    for (const phase of ['stopped', 'archived']) {
      expect(obj[phase].get('Deployment/hub').spec.replicas).toBe(0);
      expect(obj[phase].get('Deployment/grades').spec.replicas).toBe(0);
      expect(obj[phase].get('PersistentVolumeClaim/grades-data')).toEqual(obj.open.get('PersistentVolumeClaim/grades-data'));
    }
  });

  it('archived: the quota admits the claims in Git, the grade service\'s among them, and no other', () => {
    const claims = [...obj.archived.keys()].filter((k) => k.startsWith('PersistentVolumeClaim/')).sort();
    expect(claims).toEqual(['PersistentVolumeClaim/grades-data', 'PersistentVolumeClaim/hub-db-dir', 'PersistentVolumeClaim/ngshare-data']);
    expect(quota(obj.archived).spec.hard.persistentvolumeclaims).toBe(String(claims.length));
  });

  it('retired: of the grade service only its claim stays, unchanged and kept on removal', () => {
    expect(grades(obj.retired)).toEqual(['PersistentVolumeClaim/grades-data']);
    const pvc = obj.retired.get('PersistentVolumeClaim/grades-data');
    expect(pvc).toEqual(obj.open.get('PersistentVolumeClaim/grades-data'));
    expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(quota(obj.retired).spec.hard.persistentvolumeclaims).toBe('3');
  });
});
