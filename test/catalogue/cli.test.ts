/**
 * `hubfleet lifecycle` (show, advance, archive, record-archive) on a catalogue in a temporary
 * folder, and `hubfleet capacity --date` on the eth-teaching example: only open courses count.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NFS_ARCHIVE_SCRIPT } from '../../lib/storage/nfs-archive';
import { run } from '../cli/helpers';
import { COURSE, LIFECYCLE, ROSTER, SETTINGS } from './fixtures';

const APPS = path.join(__dirname, '..', '..', 'apps', 'index.ts');

/** A project folder with courses/demo/ holding the fixture catalogue. */
function project(lifecycle = LIFECYCLE): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-cli-'));
  const dir = path.join(root, 'courses', 'demo');
  fs.mkdirSync(path.join(dir, '2026-spring'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'catalogue.yaml'), SETTINGS);
  fs.writeFileSync(path.join(dir, 'lifecycle.yaml'), `# the record\n${lifecycle}`);
  fs.writeFileSync(path.join(dir, '2026-spring', 'intro.yaml'), COURSE);
  fs.writeFileSync(path.join(dir, '2026-spring', 'intro-roster.csv'), ROSTER);
  return root;
}

describe('hubfleet lifecycle', () => {
  it('shows every course, its next change and what changes when, with what happens to data', async () => {
    const root = project();
    const r = await run('lifecycle', '--catalogue', path.join(root, 'courses'), '--cluster', 'demo');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^demo: the catalogue is at 2026-03-01 .*; 1 course$/m);
    expect(r.stdout).toMatch(/^intro +2026-spring +open +closing from 2026-06-15$/m);
    expect(r.stdout).toMatch(/^ {2}2026-06-15 {2}closing: intro\n {6}logins are refused/m);
    expect(r.stdout).toMatch(/Data: files saved in homes stay/);
    expect(r.stdout).toMatch(/^ {2}2026-07-01 {2}archive due: intro$/m);
  });

  it('advance moves the day one safe step and writes lifecycle.yaml, keeping its comments', async () => {
    const root = project();
    const file = path.join(root, 'courses', 'demo', 'lifecycle.yaml');
    const r = await run('lifecycle', 'advance', '--catalogue', path.join(root, 'courses'), '--cluster', 'demo', '--to', '2026-12-31');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the catalogue moved from 2026-03-01 to 2026-06-15 \(not to 2026-12-31\)/);
    expect(r.stdout).toMatch(/Held: intro would go from open to stopped on 2026-06-16 without closing/);
    expect(fs.readFileSync(file, 'utf8')).toBe('# the record\ndate: 2026-06-15\n');
    const dry = await run('lifecycle', 'advance', '--catalogue', path.join(root, 'courses'), '--cluster', 'demo', '--to', '2026-07-02', '--dry-run');
    expect(dry.stdout).toMatch(/would move from 2026-06-15 to 2026-07-02/);
    expect(fs.readFileSync(file, 'utf8')).toBe('# the record\ndate: 2026-06-15\n');
    const back = await run('lifecycle', 'advance', '--catalogue', path.join(root, 'courses'), '--cluster', 'demo', '--to', '2026-01-01');
    expect(back.code).toBe(1);
    expect(back.stderr).toMatch(/the day never moves back/);
  });

  it('record-archive checks the archive run and records it; the course is archived from then on', async () => {
    const root = project('date: 2026-07-02\n');
    // A real run of the archive script over an export with the course's two homes (released).
    const exp = path.join(root, 'export');
    for (const d of ['course-intro/claim-ada', 'course-intro/claim-alan']) fs.mkdirSync(path.join(exp, d), { recursive: true });
    const pv = (name: string, claim: string) => [name, 'Released', 'nfs-homes', '10.20.3.10', `/export/teaching/course-intro/${claim}`, 'course-intro', claim].join('|');
    fs.writeFileSync(path.join(root, 'pvs.txt'), `${pv('pvc-1', 'claim-ada')}\n${pv('pvc-2', 'claim-alan')}\n`);
    const job = spawnSync('sh', ['-c', NFS_ARCHIVE_SCRIPT], { env: { PATH: process.env.PATH, MODE: 'archive', EXPORT_ROOT: exp, NFS_PATH: '/export/teaching', NFS_SERVER: '10.20.3.10', CLASSES: 'nfs-homes', PV_LIST: path.join(root, 'pvs.txt'), NAMESPACE: 'course-intro', STAMP: '2026-07-02' }, encoding: 'utf8' });
    fs.writeFileSync(path.join(root, 'archive.log'), job.stdout);
    // After the run: the homes' PVs were deleted; the hub database's claim (on block storage) stays.
    fs.writeFileSync(path.join(root, 'pvs-after.txt'), 'pvc-db|Bound|block-retain|||course-intro|hub-db-dir\n');
    const args = ['lifecycle', 'record-archive', '--catalogue', path.join(root, 'courses'), '--cluster', 'demo', '--course', 'intro'];
    const bad = await run(...args, '--log', path.join(root, 'archive.log'), '--pvs', path.join(root, 'pvs.txt'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not recorded[\s\S]*PV pvc-1 of home claim claim-ada is still there \(Released\)/);
    const ok = await run(...args, '--log', path.join(root, 'archive.log'), '--pvs', path.join(root, 'pvs-after.txt'));
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/recorded the archive of intro \(2026-spring\): 2 volumes in hubfleet-archive\/2026-07-02\/course-intro\//);
    const shown = await run('lifecycle', '--catalogue', path.join(root, 'courses'), '--cluster', 'demo');
    expect(shown.stdout).toMatch(/^intro +2026-spring +archived +retired from 2026-07-03$/m);
  });

  it('archive prints the procedure of a stopped course of the example (its NFS, its namespace), and refuses an open one', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-archive-'));
    fs.cpSync(path.join(__dirname, '..', '..', 'courses', 'eth-teaching'), path.join(copy, 'eth-teaching'), { recursive: true });
    const args = ['lifecycle', 'archive', '--catalogue', copy, '--cluster', 'eth-teaching', '--course', 'data-science', '--app', APPS];
    const open = await run(...args);
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/data-science is open on 2025-10-01: the homes are archived while the hub is stopped \(from 2026-02-17; due from 2026-03-02\)/);
    fs.writeFileSync(path.join(copy, 'eth-teaching', 'lifecycle.yaml'), 'date: 2026-03-02\n');
    const r = await run(...args);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    // In order: no server runs, the home claims are released, the archive Job, its log, the PV list, the record.
    const steps = [/get pods -l component=singleuser-server/, /delete pvc -l hubfleet.io\/data=home/, /create -f - <<'EOF'/, /"value": "course-data-science"/, /logs job\/nfs-archive > archive-data-science.log/, /get pv -o jsonpath=.* > pvs-after-data-science.txt/, /^hubfleet lifecycle record-archive --cluster eth-teaching --course data-science /];
    const idx = steps.map(at);
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(r.stdout).toMatch(/nfs-homes is Retain, so the directories stay/);
  });

  it('names catalogue errors with file, line and field', async () => {
    const root = project();
    fs.writeFileSync(path.join(root, 'courses', 'demo', '2026-spring', 'intro.yaml'), COURSE.replace('students: 120', 'studnets: 120'));
    const r = await run('lifecycle', '--catalogue', path.join(root, 'courses'), '--cluster', 'demo');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/intro\.yaml:7:1: studnets = 120: the file has no key "studnets".*did you mean "students"\?/);
  });
});

describe('hubfleet capacity --date', () => {
  it('counts only the courses of the catalogue open on the day planned for', async () => {
    const open = await run('capacity', '--cluster', 'eth-teaching', '--json', '--app', APPS, '--date', '2025-10-01');
    const closed = await run('capacity', '--cluster', 'eth-teaching', '--json', '--app', APPS, '--date', '2026-02-16');
    expect(open.code).toBe(0);
    expect(closed.code).toBe(0);
    const courses = (p: any) => p.hubs.filter((h: any) => h.kind === 'course').map((h: any) => h.name);
    expect(courses(JSON.parse(open.stdout))).toHaveLength(20);
    expect(courses(JSON.parse(closed.stdout))).toEqual([]);
    const text = await run('capacity', '--cluster', 'eth-teaching', '--app', APPS, '--date', '2026-02-16');
    expect(text.stdout).toMatch(/^eth-teaching: catalogue courses on 2026-02-16: 0 open \(counted\), 20 not open \(not counted\)/m);
  });
});
