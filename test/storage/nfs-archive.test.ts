import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { collect, validateObjects } from '../../lib/fleet/synth';
import { NFS_ARCHIVE_SCRIPT, PV_LIST_JSONPATH } from '../../lib/storage/nfs-archive';
import { NfsProvisioner } from '../../lib/storage/nfs-provisioner';
import { find, testApp } from '../platform/test-cluster';

const SERVER = '10.20.3.10';
const EXPORT = '/export/teaching';
const CLASSES = 'nfs-homes nfs-course-data nfs-exchange';

/** A PV line as `kubectl get pv -o jsonpath=PV_LIST_JSONPATH` prints it. */
const pv = (name: string, phase: string, claim: string, opts: { cls?: string; server?: string; path?: string } = {}) => {
  const [ns, c] = claim.split('/');
  return [name, phase, opts.cls ?? 'nfs-homes', opts.server ?? SERVER, opts.path ?? `${EXPORT}/${ns}/${c}`, ns, c].join('|');
};

/** An export tree in a temporary directory, as the provisioner made it (`${.PVC.namespace}/${.PVC.name}`). */
function exportTree(dirs: string[]) {
  const root = mkdtempSync(join(tmpdir(), 'nfs-export-'));
  const exp = join(root, 'export');
  mkdirSync(exp);
  for (const d of dirs) {
    mkdirSync(join(exp, d, 'work'), { recursive: true });
    writeFileSync(join(exp, d, 'work', 'notebook.ipynb'), `{"owner": "${d}"}`);
  }
  const run = (shell: string, lines: string[], env: Record<string, string>) => {
    writeFileSync(join(root, 'pvs.txt'), lines.join('\n') + '\n');
    return spawnSync(shell, ['-c', NFS_ARCHIVE_SCRIPT], {
      env: { PATH: process.env.PATH, HOME: root, EXPORT_ROOT: exp, NFS_PATH: EXPORT, NFS_SERVER: SERVER, CLASSES, PV_LIST: join(root, 'pvs.txt'), STAMP: '2026-09-01', ...env },
      encoding: 'utf8',
    });
  };
  return { root, exp, run };
}

describe.each(['bash', 'dash'])('nfs-archive.sh with %s', (shell) => {
  const PVS = [
    pv('pvc-a1', 'Released', 'course-intro/claim-alice'),
    pv('pvc-b2', 'Released', 'course-intro/claim-bob'),
    pv('pvc-h3', 'Released', 'course-intro/hub-db-dir', { cls: 'nfs-course-data' }),
    pv('pvc-c4', 'Bound', 'course-stats/claim-carol'),
    pv('pvc-old', 'Released', 'course-stats/claim-dave'),
    pv('pvc-new', 'Bound', 'course-stats/claim-dave'), // claim-dave was made again: same directory
    pv('pvc-ext', 'Released', 'other/data', { server: '10.9.9.9', path: '/srv/other/data' }),
    pv('pvc-blk', 'Released', 'course-intro/ebs', { cls: 'ceph-block', server: '', path: '' }),
  ];
  const DIRS = ['course-intro/claim-alice', 'course-intro/claim-bob', 'course-intro/hub-db-dir', 'course-stats/claim-carol', 'course-stats/claim-dave'];

  test('plan (the default) changes nothing and says what archive would do', () => {
    const t = exportTree(DIRS);
    const r = t.run(shell, PVS, {});
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('WOULD-ARCHIVE pvc-a1 course-intro/claim-alice -> hubfleet-archive/2026-09-01/course-intro/claim-alice--pvc-a1');
    expect(r.stdout).not.toMatch(/^DELETE-PV/m);
    for (const d of DIRS) expect(existsSync(join(t.exp, d, 'work', 'notebook.ipynb'))).toBe(true);
    expect(existsSync(join(t.exp, 'hubfleet-archive'))).toBe(false);
  });

  test('archive moves each Released volume of our classes into the dated archive, intact, and lists its PV for deletion', () => {
    const t = exportTree(DIRS);
    const r = t.run(shell, PVS, { MODE: 'archive' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const day = join(t.exp, 'hubfleet-archive', '2026-09-01');
    for (const [name, rel] of [['pvc-a1', 'course-intro/claim-alice'], ['pvc-b2', 'course-intro/claim-bob'], ['pvc-h3', 'course-intro/hub-db-dir']]) {
      expect(readFileSync(join(day, `${rel}--${name}`, 'work', 'notebook.ipynb'), 'utf8')).toBe(`{"owner": "${rel}"}`);
      expect(existsSync(join(t.exp, rel))).toBe(false);
      expect(r.stdout).toContain(`DELETE-PV ${name} (archived)`);
    }
    // The emptied namespace folder goes; a namespace with live volumes stays.
    expect(existsSync(join(t.exp, 'course-intro'))).toBe(false);
    expect(readdirSync(join(t.exp, 'course-stats')).sort()).toEqual(['claim-carol', 'claim-dave']);
    expect(readFileSync(join(day, 'MANIFEST'), 'utf8').split('\n').filter(Boolean).map((l) => l.split('|').slice(0, 4))).toEqual([
      ['pvc-a1', 'course-intro', 'claim-alice', 'course-intro/claim-alice'],
      ['pvc-b2', 'course-intro', 'claim-bob', 'course-intro/claim-bob'],
      ['pvc-h3', 'course-intro', 'hub-db-dir', 'course-intro/hub-db-dir'],
    ]);
    expect(r.stdout).toMatch(/4 Released volume\(s\) of nfs-homes nfs-course-data nfs-exchange on 10\.20\.3\.10; 3 archived \(mode archive\)/);
  });

  test('never archives a directory a Bound PV uses again (a claim re-created under the same name)', () => {
    const t = exportTree(DIRS);
    const r = t.run(shell, PVS, { MODE: 'archive' });
    expect(r.stdout).toContain('SKIP pvc-old: course-stats/claim-dave is in use again by PV pvc-new');
    expect(r.stdout).not.toMatch(/DELETE-PV pvc-old/);
    expect(existsSync(join(t.exp, 'course-stats', 'claim-dave', 'work', 'notebook.ipynb'))).toBe(true);
    // Bound volumes, other servers and other classes are none of its business.
    expect(r.stdout).not.toMatch(/pvc-c4|pvc-ext|pvc-blk|^\S+ pvc-new/m);
  });

  test('only one namespace when NAMESPACE is set (a removed course)', () => {
    const t = exportTree(DIRS);
    const r = t.run(shell, [...PVS, pv('pvc-e5', 'Released', 'course-stats/claim-erin')], { MODE: 'archive', NAMESPACE: 'course-stats' });
    expect(r.stdout).not.toContain('pvc-a1');
    expect(existsSync(join(t.exp, 'course-intro', 'claim-alice'))).toBe(true);
    // claim-erin's directory is gone already: nothing to archive, its PV can go.
    expect(r.stdout).toContain('DELETE-PV pvc-e5 (its directory course-stats/claim-erin no longer exists)');
  });

  test('refuses paths outside the export, dot segments, symbolic links, and an archive target that exists', () => {
    const t = exportTree(['course-x/claim-a', 'course-x/claim-c']);
    symlinkSync('/etc', join(t.exp, 'course-x', 'claim-link'));
    mkdirSync(join(t.exp, 'hubfleet-archive', '2026-09-01', 'course-x', 'claim-c--pvc-c'), { recursive: true });
    const r = t.run(
      shell,
      [
        pv('pvc-out', 'Released', 'course-x/out', { path: '/export/other/out' }),
        pv('pvc-dots', 'Released', 'course-x/dots', { path: `${EXPORT}/course-x/../../etc` }),
        pv('pvc-link', 'Released', 'course-x/claim-link'),
        pv('pvc-c', 'Released', 'course-x/claim-c'),
      ],
      { MODE: 'archive' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SKIP pvc-out: /export/other/out is not under /export/teaching');
    expect(r.stdout).toContain('SKIP pvc-dots:');
    expect(r.stdout).toContain('SKIP pvc-link: course-x/claim-link is a symbolic link');
    expect(r.stdout).toContain('SKIP pvc-c: hubfleet-archive/2026-09-01/course-x/claim-c--pvc-c exists already');
    expect(existsSync(join(t.exp, 'course-x', 'claim-c', 'work'))).toBe(true);
    expect(r.stdout).not.toMatch(/^DELETE-PV/m);
  });

  test('purge removes archive days older than RETENTION_DAYS and nothing else', () => {
    const t = exportTree([]);
    const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000).toISOString().slice(0, 10);
    for (const d of [iso(400), iso(181), iso(10), 'notes']) mkdirSync(join(t.exp, 'hubfleet-archive', d, 'course-a'), { recursive: true });
    const r = t.run(shell, [], { MODE: 'purge', RETENTION_DAYS: '180' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(t.exp, 'hubfleet-archive')).sort()).toEqual([iso(10), 'notes'].sort());
    expect(r.stdout).toContain(`PURGED hubfleet-archive/${iso(400)}`);
    expect(r.stdout).toContain('KEPT hubfleet-archive/notes (not an archive day)');
  });

  test('fails clearly on a missing mount, a bad mode or no PV list', () => {
    const t = exportTree([]);
    expect(t.run(shell, [], { EXPORT_ROOT: join(t.root, 'nope') }).stderr).toMatch(/is not a directory \(is the export mounted\?\)/);
    expect(t.run(shell, [], { MODE: 'delete' }).stderr).toMatch(/MODE must be plan, archive or purge/);
    expect(t.run(shell, [], { PV_LIST: join(t.root, 'missing.txt') }).stderr).toMatch(/cannot read the PV list/);
    expect(t.run(shell, [], { MODE: 'purge' }).status).not.toBe(0);
  });
});

describe('NfsProvisioner archive procedure', () => {
  const app = testApp();
  const nfs = new NfsProvisioner(app);
  const { objects } = collect(app);

  test('renders the script as a ConfigMap in its namespace (strictly valid, nothing runs until archiveJob)', () => {
    expect(validateObjects(objects)).toEqual([]);
    expect(find(objects.map((o) => o.json), 'ConfigMap', 'nfs-archive-script').data['nfs-archive.sh']).toBe(NFS_ARCHIVE_SCRIPT);
  });

  test('archiveJob: the export as the provisioner mounts it, the Retain classes, the PV list, no API token; valid and safe', () => {
    const job: any = nfs.archiveJob({ mode: 'archive', namespace: 'course-intro' });
    const pod = job.spec.template.spec;
    expect(pod.volumes[0]).toEqual({ name: 'export', nfs: { server: '10.20.3.10', path: '/export/teaching' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ MODE: 'archive', EXPORT_ROOT: '/export', NFS_PATH: '/export/teaching', NFS_SERVER: '10.20.3.10', CLASSES: 'nfs-homes nfs-course-data nfs-exchange', NAMESPACE: 'course-intro', PV_LIST: '/input/pvs' });
    const pkg = objects.find((o) => o.json.kind === 'Namespace')!.pkg;
    expect(validateObjects([...objects, { path: 'archive-job', pkg, json: job }])).toEqual([]);
    expect(() => nfs.archiveJob({ namespace: 'Course_Intro' })).toThrow(/not a namespace name/);
  });

  test('archiveCommands: list, plan or archive, then delete exactly the archived PVs', () => {
    const cmds = nfs.archiveCommands({ mode: 'archive' }).split('\n');
    expect(cmds[0]).toBe(`kubectl get pv -o jsonpath='${PV_LIST_JSONPATH}' > pvs.txt`);
    expect(cmds).toContain(`kubectl -n nfs-provisioner wait --for=condition=complete --timeout=1h job/nfs-archive`);
    expect(cmds[cmds.length - 1]).toBe(`kubectl -n nfs-provisioner logs job/nfs-archive | awk '$1 == "DELETE-PV" { print $2 }' | xargs -r kubectl delete pv`);
    expect(nfs.archiveCommands()).not.toContain('delete pv');
  });
});
