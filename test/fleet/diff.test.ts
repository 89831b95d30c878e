/**
 * `hubfleet diff` on real output: the stacks of test/fixtures/apps/semester.ts synthesized in memory,
 * one change at a time. Each risk rule (DIFF_RISK_RULES) has a failing case here.
 */
import { parse } from 'yaml';
import { buildCluster } from '../../lib/fleet/define';
import { diffCluster, fieldChanges, formatDiff, isUnchanged, lineDiff, readClusterDir } from '../../lib/fleet/diff';
import { DIFF_RISK_RULES, EXAM_WINDOW_ANNOTATION, quantityGiB } from '../../lib/fleet/diff-risks';
import { synthApp, toYaml } from '../../lib/fleet/synth';
import { synthNodeStack } from '../../lib/nodes/synth-nodes';
import { RESEALED_SEB_PASSWORD, semester, SemesterOptions } from '../fixtures/apps/semester';
import { ethTeachingSpec } from '../nodes/fixtures';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const cache = new Map<string, Map<string, string>>();
/** What synth writes for the semester stack with these options. */
function files(o: SemesterOptions = {}): Map<string, string> {
  const k = JSON.stringify(o);
  if (!cache.has(k)) cache.set(k, synthApp(buildCluster(semester(o))).files);
  return new Map(cache.get(k)!);
}

/** Change one object of a file map, as if the GitOps repo had it so. */
function edit(m: Map<string, string>, file: string, fn: (json: any) => void): Map<string, string> {
  const text = m.get(file);
  if (text === undefined) throw new Error(`no ${file}`);
  const json = parse(text);
  fn(json);
  m.set(file, `${text.split('\n')[0]}\n${toYaml(json)}`);
  return m;
}

const diff = (before: Map<string, string>, after: Map<string, string>, now = new Date('2026-01-10T12:00:00Z')) =>
  diffCluster('test-cluster', before, after, { now, existingStorageClasses: semester().spec.existingStorageClasses });
const rules = (d: ReturnType<typeof diff>) => d.risks.map((r) => `${r.severity} ${r.rule}`);

describe('hubfleet diff: changes', () => {
  test('the same output has no changes', () => {
    const d = diff(files(), files());
    expect(isUnchanged(d)).toBe(true);
    expect(formatDiff(d, 'dist')).toBe('test-cluster: no changes (dist/test-cluster/ is what synth would write).\n');
  });

  test('a new course is a new package with its objects and its Argo CD Application, and no risk', () => {
    const d = diff(files(), files({ courses: ['intro', 'stats', 'physics'] }));
    expect(d.risks).toEqual([]);
    expect(d.packages.map((p) => [p.pkg, p.status, p.added.length, p.removed.length, p.changed.length])).toEqual([
      ['argocd', 'changed', 2, 0, 0],
      ['courses/physics', 'added', 21, 0, 0],
    ]);
    const text = formatDiff(d, 'dist');
    expect(text).toContain('  k8s/courses/physics/ (new package: 21 added)\n');
    expect(text).toContain('    + Application/courses-physics (argocd)\n');
  });

  test('a changed prop shows the fields that change, in YAML terms, and config files as a line diff', () => {
    const d = diff(files(), files({ memoryLimitGiB: 4 }));
    const intro = d.packages.find((p) => p.pkg === 'courses/intro')!;
    const hub = intro.changed.find((c) => c.after.json.kind === 'Deployment' && c.after.json.metadata.name === 'hub')!;
    expect(hub.fields.map((f) => f.path)).toEqual(['spec.template.metadata.annotations["hubfleet.io/config-hash"]']);
    const config = intro.changed.find((c) => c.after.json.kind === 'ConfigMap')!;
    expect(config.fields[0].path).toBe('data["jupyterhub_config.py"]');
    expect(config.fields[0].lines).toEqual(expect.arrayContaining(['-c.KubeSpawner.mem_limit = "2048M"', '+c.KubeSpawner.mem_limit = "4096M"']));
    expect(formatDiff(d, 'dist')).toMatch(/~ spec\.hard\["limits\.memory"\]: "\d+Gi" → "\d+Gi"/);
  });

  test('the same object written differently (formatting only) is a change without fields', () => {
    const before = files();
    const f = 'k8s/courses/stats/service-hub.yaml';
    before.set(f, `${before.get(f)}# a comment someone added\n`);
    const d = diff(before, files());
    expect(d.packages.map((p) => [p.pkg, p.changed.map((c) => c.fields.length)])).toEqual([['courses/stats', [0]]]);
    expect(formatDiff(d, 'dist')).toContain('(same object, written differently: formatting or comments only)');
  });

  test('Terraform JSON and other files are compared as text', () => {
    const spec = ethTeachingSpec() as any;
    const before = synthNodeStack(spec);
    spec.nodePools.find((p: any) => p.name === 'worker').count = 9;
    const d = diff(before, synthNodeStack(spec));
    expect(d.files.map((f) => [f.file, f.status])).toEqual([['terraform/stacks/nodes/cdk.tf.json', 'changed']]);
    expect(d.files[0].lines.join('\n')).toMatch(/^\+.*eth-teaching-worker-9/m);
    expect(d.files[0].summary).toEqual(['+ vsphere_virtual_machine.worker_9']);
    expect(d.risks).toEqual([]);
  });

  test('fails on nodes the node stack would destroy, saying to drain them first [diff-node-destroyed]', () => {
    const spec = ethTeachingSpec() as any;
    const before = synthNodeStack(spec);
    spec.nodePools.find((p: any) => p.name === 'worker').count = 6;
    const d = diff(before, synthNodeStack(spec));
    expect(rules(d)).toEqual(['danger diff-node-destroyed']);
    expect(d.risks[0].title).toBe('terraform apply destroys 2 nodes: vsphere_virtual_machine.worker_7, vsphere_virtual_machine.worker_8 (terraform/stacks/nodes/cdk.tf.json)');
    expect(d.risks[0].fix).toMatch(/for each node \(eth-teaching-worker-7, eth-teaching-worker-8\): `kubectl drain <node>/);
    expect(d.risks[0].details.join(' ')).not.toMatch(/etcd or control-plane member/);
    spec.nodePools.find((p: any) => p.name === 'cp').count = 2;
    expect(diff(before, synthNodeStack(spec)).risks[0].details.join(' ')).toMatch(/etcd or control-plane member/);
  });

  test("reading the output folder skips what synth keeps without writing it: Terraform's working files, report/", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-diff-'));
    try {
      for (const f of ['k8s/x/a.yaml', 'terraform/stacks/nodes/cdk.tf.json', 'terraform/stacks/nodes/.terraform.lock.hcl', 'terraform/stacks/nodes/site.auto.tfvars', 'terraform/stacks/nodes/.terraform/providers/p', 'terraform/stacks/nodes/terraform.tfstate.backup', 'report/index.html']) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), 'x: 1\n');
      }
      expect([...readClusterDir(dir).keys()]).toEqual(['k8s/x/a.yaml', 'terraform/stacks/nodes/cdk.tf.json']);
      expect(readClusterDir(path.join(dir, 'missing')).size).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hubfleet diff: risks', () => {
  test('every risk rule has a case in this file', () => {
    const src = fs.readFileSync(__filename, 'utf8');
    for (const r of DIFF_RISK_RULES) expect(src).toContain(`[${r.id}]`);
  });

  test('fails on a removed course: first in the list, with what stays and the archive procedure [diff-package-removed]', () => {
    const d = diff(files(), files({ courses: ['intro'] }));
    expect(rules(d)).toEqual(['warning diff-package-removed']);
    const [r] = d.risks;
    expect(r.title).toBe('course stats disappears (k8s/courses/stats/, Application courses-stats)');
    expect(r.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/root Application prunes Application\/courses-stats; it has no resources-finalizer, so nothing it deployed is deleted/),
        'Namespace/course-stats: stays (Prune=false,Delete=false)',
        'PVC hub-db-dir (the hub database): stays (Prune=false,Delete=false)',
        expect.stringMatching(/homes \(claim-<user>.*stay as long as it does/),
        'The homes are on nfs-homes, which is Retain: even a deleted claim leaves its directory on the storage.',
      ]),
    );
    expect(r.fix).toMatch(/docs\/retire-a-course\.md and lib\/argocd\/README\.md/);
    const text = formatDiff(d, 'dist');
    expect(text.indexOf('Risks (1):')).toBeLessThan(text.indexOf('Changes:'));
  });

  test('a removed course is a serious risk when its Application cascades and a claim is not protected [diff-package-removed]', () => {
    const before = edit(files(), 'k8s/argocd/application-courses-stats.yaml', (j) => (j.metadata.finalizers = ['resources-finalizer.argocd.argoproj.io']));
    edit(before, 'k8s/courses/stats/persistentvolumeclaim-hub-db-dir.yaml', (j) => delete j.metadata.annotations);
    const d = diff(before, files({ courses: ['intro'] }));
    expect(rules(d)).toEqual(['danger diff-package-removed']);
    expect(d.risks[0].details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/resources-finalizer, so Argo CD cascades/),
        'Namespace/course-stats: stays (Prune=false,Delete=false)',
        // ceph-block is one of the cluster's own classes (existingStorageClasses), Delete by default.
        'PVC hub-db-dir (the hub database): DELETED: its volume is deleted with the data (ceph-block has reclaimPolicy Delete) (not protected by Prune=false,Delete=false)',
      ]),
    );
  });

  test('a course replaced by another in the same commit says a rename starts empty [diff-package-removed]', () => {
    const d = diff(files(), files({ courses: ['intro', 'statistics'] }));
    expect(d.risks[0].details).toEqual(expect.arrayContaining([expect.stringMatching(/rename to courses\/statistics: the new namespace starts empty/)]));
  });

  test('fails on a claim that disappears from a package that stays, saying what Argo CD does with it [diff-data-removed]', () => {
    const d = diff(files(), files({ nbgrader: false }));
    expect(rules(d)).toEqual(['warning diff-data-removed']);
    expect(d.risks[0].title).toBe('PVC ngshare-data (the nbgrader exchange) in course-intro disappears (k8s/courses/intro/)');
    expect(d.risks[0].details[0]).toMatch(/carries Prune=false: Application\/courses-intro leaves it in the cluster/);
    // Without the protection, Argo CD prunes it.
    const before = edit(files(), 'k8s/courses/intro/persistentvolumeclaim-ngshare-data.yaml', (j) => delete j.metadata.annotations);
    const d2 = diff(before, files({ nbgrader: false }));
    expect(rules(d2)).toEqual(['danger diff-data-removed']);
    expect(d2.risks[0].details[0]).toBe('Application/courses-intro prunes it at the next sync: its volume is deleted with the data (ceph-block has reclaimPolicy Delete).');
  });

  test('fails on a StorageClass that disappears [diff-data-removed]', () => {
    const after = files();
    after.delete('k8s/platform/nfs/storageclass-nfs-homes.yaml');
    const d = diff(files(), after);
    expect(d.risks.map((r) => r.title)).toEqual(['StorageClass/nfs-homes disappears (k8s/platform/nfs/)']);
    expect(d.risks[0].details.join(' ')).toMatch(/existing volumes keep their reclaim policy/);
  });

  test('fails on a claim that moves to another package (another Application) [diff-data-moved]', () => {
    const after = files();
    const from = 'k8s/courses/stats/persistentvolumeclaim-hub-db-dir.yaml';
    after.set('k8s/courses/intro/persistentvolumeclaim-hub-db-dir.course-stats.v1.yaml', after.get(from)!);
    after.delete(from);
    const d = diff(files(), after);
    expect(rules(d)).toEqual(['warning diff-data-moved']);
    expect(d.risks[0].title).toBe('PVC hub-db-dir (the hub database) in course-stats moves from k8s/courses/stats/ to k8s/courses/intro/');
  });

  test('fails on a StorageClass parameter change Kubernetes refuses [diff-immutable-field]', () => {
    const d = diff(files(), files({ homesPathPattern: 'homes/${.PVC.namespace}/${.PVC.name}' }));
    expect(rules(d)).toEqual(['danger diff-immutable-field']);
    expect(d.risks[0].title).toBe('StorageClass/nfs-homes: parameters cannot change in place (k8s/platform/nfs/)');
    expect(d.risks[0].fix).toMatch(/new name|kubectl delete storageclass/);
  });

  test('fails on a smaller claim, passes a larger one [diff-immutable-field]', () => {
    expect(rules(diff(files(), files({ sebDatabaseGiB: 10 })))).toEqual(['danger diff-immutable-field']);
    expect(rules(diff(files(), files({ sebDatabaseGiB: 40 })))).toEqual([]);
  });

  test('fails on selector labels, volumeClaimTemplates and a Service clusterIP [diff-immutable-field]', () => {
    const after = files();
    edit(after, 'k8s/courses/intro/deployment-hub.yaml', (j) => (j.spec.selector.matchLabels.tier = 'x'));
    edit(after, 'k8s/seb/statefulset-seb-mariadb.yaml', (j) => (j.spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } }]));
    edit(after, 'k8s/courses/intro/service-hub.yaml', (j) => (j.spec.clusterIP = 'None'));
    const d = diff(files(), after);
    expect(d.risks.map((r) => r.title)).toEqual([
      'Deployment/hub (course-intro): spec.selector cannot change in place (k8s/courses/intro/)',
      'Service/hub (course-intro): spec.clusterIP cannot change in place (k8s/courses/intro/)',
      'StatefulSet/seb-mariadb (seb): spec.volumeClaimTemplates cannot change in place (k8s/seb/)',
    ]);
    expect(d.risks[2].fix).toMatch(/--cascade=orphan/);
  });

  test('fails on a new ciphertext for the SEB Server password, even for the same value sealed again [diff-immutable-secret]', () => {
    const d = diff(files(), files({ sebCiphers: { 'sebserver-password': RESEALED_SEB_PASSWORD } }));
    expect(rules(d)).toEqual(['danger diff-immutable-secret']);
    expect(d.risks[0].title).toBe('secret seb-credentials/sebserver-password in seb must never change, and this change touches it');
    expect(d.risks[0].details).toEqual(expect.arrayContaining([expect.stringMatching(/ciphertext of seb-credentials\/sebserver-password changed/)]));
    // Re-sealing another key of the same SealedSecret is not this risk.
    expect(rules(diff(files(), files({ sebCiphers: { 'db-password': RESEALED_SEB_PASSWORD } })))).toEqual([]);
  });

  test('warns when a hub turns grades on: register the key set and the services, restart graders\' servers [diff-grades-toggled]', () => {
    const d = diff(files(), files({ grades: true }));
    expect(rules(d)).toEqual(['warning diff-grades-toggled']);
    expect(d.risks[0].title).toBe('grades to the LMS turn on for the hub in course-intro (k8s/courses/intro/)');
    expect(d.risks[0].details[0]).toContain('https://intro.hubs.example.org/services/grades/.well-known/jwks.json');
    expect(d.risks[0].details[0]).toContain('use this service for grade sync and column management');
  });

  test('warns when a hub turns grades off: what waits stays on the kept claim, the key set stops answering [diff-grades-toggled]', () => {
    const d = diff(files({ grades: true }), files());
    expect(rules(d)).toEqual(['warning diff-data-removed', 'warning diff-grades-toggled']);
    const off = d.risks.find((r) => r.rule === 'diff-grades-toggled')!;
    expect(off.title).toBe('grades to the LMS turn off for the hub in course-intro (k8s/courses/intro/)');
    expect(off.details).toEqual(expect.arrayContaining([expect.stringMatching(/stay in claim grades-data \(Prune=false,Delete=false\)/)]));
    expect(d.risks.find((r) => r.rule === 'diff-data-removed')!.title).toBe('PVC grades-data in course-intro disappears (k8s/courses/intro/)');
    expect(rules(diff(files({ grades: true }), files({ grades: true })))).toEqual([]);
  });

  test('fails on a PersistentVolume whose NFS source changes: the sync would be refused [diff-immutable-field]', () => {
    const before = files();
    const after = files();
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'grading-final' }, spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadOnlyMany'], persistentVolumeReclaimPolicy: 'Retain', nfs: { server: '10.0.0.5', path: '/export/teaching/exam-final/exam-submissions', readOnly: true } } };
    before.set('k8s/platform/exam-volumes/persistentvolume-grading-final.yaml', `# x\n${toYaml(pv)}`);
    after.set('k8s/platform/exam-volumes/persistentvolume-grading-final.yaml', `# x\n${toYaml({ ...pv, spec: { ...pv.spec, nfs: { ...pv.spec.nfs, server: '10.0.0.6' } } })}`);
    const d = diff(before, after);
    expect(rules(d)).toEqual(['danger diff-immutable-field']);
    expect(d.risks[0].title).toBe('PersistentVolume/grading-final: spec.nfs cannot change in place (k8s/platform/exam-volumes/)');
    expect(d.risks[0].details[0]).toContain('spec.persistentvolumesource is immutable after creation');
    expect(d.risks[0].fix).toMatch(/copy the data.*delete the claim and the PersistentVolume/);
  });

  test('fails on a moved NFS export: existing volumes stay on the old server, new ones go to the new one [diff-nfs-export-moved]', () => {
    const d = diff(files(), files({ nfs: { server: '10.0.0.9', exportPath: '/export/new' } }));
    expect(rules(d)).toEqual(['danger diff-nfs-export-moved']);
    const r = d.risks[0];
    expect(r.title).toBe('Deployment/nfs-client-provisioner (nfs-provisioner): the NFS export moves from 10.0.0.5:/export/teaching to 10.0.0.9:/export/new (k8s/platform/nfs/)');
    expect(r.details.join(' ')).toMatch(/every new volume \(StorageClass(es)? .*nfs-homes.*\) on 10\.0\.0\.9:\/export\/new.*keeps 10\.0\.0\.5:\/export\/teaching.*spec\.nfs is immutable/);
    expect(r.fix).toMatch(/copy the export to the new server.*rsync.*delete its claim.*create it again with the new spec\.nfs/);
    // The export path alone moves it too.
    expect(rules(diff(files(), files({ nfs: { server: '10.0.0.5', exportPath: '/export/teaching2' } })))).toEqual(['danger diff-nfs-export-moved']);
  });

  test('warns on a new home size: existing homes keep theirs, and says how to grow them [diff-home-storage]', () => {
    const d = diff(files(), files({ homeGiB: 10 }));
    expect(d.risks.map((r) => r.title)).toEqual([
      'homes in course-intro: new homes get 10Gi instead of 5Gi; existing homes keep 5Gi (k8s/courses/intro/)',
      'homes in course-stats: new homes get 10Gi instead of 5Gi; existing homes keep 5Gi (k8s/courses/stats/)',
      'homes in exam-final: new homes get 10Gi instead of 5Gi; existing homes keep 5Gi (k8s/exams/final/)',
    ]);
    expect(rules(d)).toEqual(Array(3).fill('warning diff-home-storage'));
    expect(d.risks[0].fix).toContain('kubectl -n course-intro get pvc -o name | grep claim-');
    expect(diff(files({ homeGiB: 10 }), files()).risks[0].details.join(' ')).toContain('A claim never shrinks');
  });

  test('warns on a new home StorageClass: existing homes stay where they are [diff-home-storage]', () => {
    const d = diff(files(), files({ homesOnBlock: true }));
    expect(rules(d)).toEqual(Array(3).fill('warning diff-home-storage'));
    expect(d.risks[0].title).toBe('homes in course-intro: new homes go to ceph-block instead of nfs-homes; existing homes stay where they are (k8s/courses/intro/)');
    expect(d.risks[0].fix).toMatch(/copy each home to a claim on the new class/);
  });

  describe('exam windows', () => {
    const window = (m: Map<string, string>, w: string) => edit(m, 'k8s/exams/final/namespace-exam-final.yaml', (j) => (j.metadata.annotations[EXAM_WINDOW_ANNOTATION] = w));
    const W = '2026-01-20T08:00:00+01:00/2026-01-20T12:00:00+01:00';
    const change = () => [window(files(), W), window(files({ examMemoryGiB: 3 }), W)] as const;

    test('fails on a hub restart while the exam runs [diff-exam-restart]', () => {
      const [b, a] = change();
      const d = diff(b, a, new Date('2026-01-20T09:30:00+01:00'));
      expect(rules(d)).toEqual(['danger diff-exam-restart']);
      expect(d.risks[0].title).toBe(`exam in exam-final is running now (${W}) and this change restarts its hub`);
      expect(d.risks[0].details).toEqual(expect.arrayContaining(['Deployment/hub (exam-final) restarts (its pod template changes)']));
    });

    test('warns before the window and says when it starts; says nothing after it [diff-exam-restart]', () => {
      const [b, a] = change();
      const early = diff(b, a, new Date('2026-01-18T08:00:00+01:00'));
      expect(early.risks.map((r) => `${r.severity}: ${r.title}`)).toEqual([`warning: exam in exam-final starts in 2 days (${W}); this change restarts its hub`]);
      expect(diff(b, a, new Date('2026-01-21T08:00:00+01:00')).risks).toEqual([]);
    });

    test('a change that restarts nothing is no exam risk [diff-exam-restart]', () => {
      const b = window(files(), W);
      const a = edit(window(files(), W), 'k8s/exams/final/poddisruptionbudget-hub.yaml', (j) => (j.metadata.labels.x = 'y'));
      expect(diff(b, a, new Date('2026-01-20T09:30:00+01:00')).risks).toEqual([]);
    });
  });
});

describe('helpers', () => {
  test('lineDiff gives unified hunks with line numbers', () => {
    expect(lineDiff('a\nb\nc\nd\n', 'a\nb\nC\nd\n', 1)).toEqual(['@@ -2,3 +2,3 @@', ' b', '-c', '+C', ' d']);
  });

  test('fieldChanges matches named list items by name and unnamed ones by content', () => {
    const b = { containers: [{ name: 'hub', image: 'a:1' }, { name: 'side', image: 's:1' }], args: [{ x: 1 }, { y: 2 }] };
    const a = { containers: [{ name: 'side', image: 's:1' }, { name: 'hub', image: 'a:2' }], args: [{ y: 2 }] };
    expect(fieldChanges(b, a)).toEqual([
      { path: 'containers[hub].image', before: 'a:1', after: 'a:2' },
      { path: 'args[0]', before: { x: 1 } },
    ]);
  });

  test('quantityGiB', () => {
    expect([quantityGiB('1Gi'), quantityGiB('512Mi'), quantityGiB('2Ti'), quantityGiB('x')]).toEqual([1, 0.5, 2048, undefined]);
  });
});
