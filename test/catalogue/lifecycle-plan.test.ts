/**
 * `hubfleet lifecycle`'s logic: the schedule, moving the recorded day one safe step at a time, and
 * the archive record, proved from a real run of the archive script (lib/storage/nfs-archive.ts) on
 * a directory tree.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { advance, checkArchiveRun, courseRows, schedule, withArchive, withDay } from '../../lib/catalogue/lifecycle-plan';
import { NFS_ARCHIVE_SCRIPT } from '../../lib/storage/nfs-archive';
import { catalogue } from './fixtures';

const at = (date: string, archives = '') => catalogue({ lifecycle: `# the record\ndate: ${date}\n${archives}` });

describe('the schedule', () => {
  it('lists each course with its next change, and what changes when', () => {
    const c = at('2026-03-01');
    expect(courseRows(c, '2026-03-01')).toEqual([{ course: 'intro', term: '2026-spring', phase: 'open', next: { day: '2026-06-15', to: 'closing' } }]);
    expect(schedule(c, '2026-03-01').map((e) => [e.day, e.to])).toEqual([
      ['2026-06-15', 'closing'],
      ['2026-06-16', 'stopped'],
      ['2026-07-01', 'archive due'],
      ['2027-07-01', 'deletion due'],
    ]);
    expect(schedule(c, '2026-03-01')[0].data).toMatch(/files saved in homes stay/);
  });
});

describe('advance', () => {
  it('moves the day, and stops before a course would jump over the closing hub', () => {
    const a = advance(at('2026-03-01'), '2026-12-31');
    expect(a.day).toBe('2026-06-15');
    expect(a.transitions).toEqual([expect.objectContaining({ course: 'intro', from: 'open', to: 'closing' })]);
    expect(a.held?.why).toMatch(/intro would go from open to stopped on 2026-06-16 without closing/);
  });

  it('then to stopped, and no further without an archive record', () => {
    expect(advance(at('2026-06-15'), '2026-12-31')).toMatchObject({ day: '2026-12-31', transitions: [{ from: 'closing', to: 'stopped' }] });
    expect(advance(at('2026-06-16'), '2027-12-31').transitions).toEqual([]);
  });

  it('retires an archived course a day after it is archived, not on the same day', () => {
    const rec = `archives:\n  - { course: intro, term: 2026-spring, namespace: course-intro, day: 2026-07-02, recorded: 2026-07-02, volumes: 2, logSha256: ${'a'.repeat(64)}, pvListSha256: ${'b'.repeat(64)} }\n`;
    expect(advance(at('2026-07-01', rec), '2026-07-02')).toMatchObject({ day: '2026-07-02', transitions: [{ from: 'stopped', to: 'archived' }] });
    expect(advance(at('2026-07-02', rec), '2026-08-01')).toMatchObject({ day: '2026-08-01', transitions: [{ from: 'archived', to: 'retired' }] });
  });

  it('edits lifecycle.yaml keeping its comments', () => {
    expect(withDay('# the record\ndate: 2026-03-01\n', '2026-06-15')).toBe('# the record\ndate: 2026-06-15\n');
    const rec = { course: 'intro', term: '2026-spring', namespace: 'course-intro', day: '2026-07-02', recorded: '2026-07-02', volumes: 2, logSha256: 'a'.repeat(64), pvListSha256: 'b'.repeat(64) };
    const once = withArchive('# the record\ndate: 2026-07-02\n', rec);
    expect(once).toMatch(/^# the record\ndate: 2026-07-02\narchives:\n  - course: intro\n/);
    expect(withArchive(once, { ...rec, course: 'other' }).match(/- course:/g)).toHaveLength(2);
    expect(at('2026-07-02', once.replace(/^# the record\ndate: 2026-07-02\n/, '')).issues).toEqual([]);
  });
});

describe('the archive record', () => {
  const SERVER = '10.20.3.10';
  const EXPORT = '/export/teaching';
  const pv = (name: string, phase: string, ns: string, claim: string) => [name, phase, 'nfs-homes', SERVER, `${EXPORT}/${ns}/${claim}`, ns, claim].join('|');

  /** A real run of the archive script (MODE=archive) over an export tree with the course's homes. */
  function run(pvs: string[], namespace = 'course-intro') {
    const root = mkdtempSync(join(tmpdir(), 'catalogue-archive-'));
    const exp = join(root, 'export');
    for (const d of ['course-intro/claim-ada', 'course-intro/claim-alan', 'course-other/claim-eve']) mkdirSync(join(exp, d), { recursive: true });
    writeFileSync(join(root, 'pvs.txt'), `${pvs.join('\n')}\n`);
    const r = spawnSync('sh', ['-c', NFS_ARCHIVE_SCRIPT], { env: { PATH: process.env.PATH, MODE: 'archive', EXPORT_ROOT: exp, NFS_PATH: EXPORT, NFS_SERVER: SERVER, CLASSES: 'nfs-homes', PV_LIST: join(root, 'pvs.txt'), NAMESPACE: namespace, STAMP: '2026-07-02' }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    return r.stdout;
  }
  const released = [pv('pvc-1', 'Released', 'course-intro', 'claim-ada'), pv('pvc-2', 'Released', 'course-intro', 'claim-alan'), pv('pvc-3', 'Bound', 'course-other', 'claim-eve')];
  const after = `${pv('pvc-3', 'Bound', 'course-other', 'claim-eve')}\n${['pvc-db', 'Bound', 'block', '', '', 'course-intro', 'hub-db-dir'].join('|')}\n`;

  it('is made from a clean run of the stopped course: volumes, archive day and digests', () => {
    const log = run(released);
    const c = checkArchiveRun(at('2026-07-02'), 'intro', 'course-intro', log, after);
    expect(c.problems).toEqual([]);
    expect(c.record).toMatchObject({ course: 'intro', term: '2026-spring', namespace: 'course-intro', day: '2026-07-02', recorded: '2026-07-02', volumes: 2 });
    expect(c.record!.logSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is refused while the hub still runs', () => {
    expect(checkArchiveRun(at('2026-06-15'), 'intro', 'course-intro', run(released), after).problems[0]).toMatch(/intro is closing on 2026-06-15.*archived only while its hub is stopped/);
  });

  it('is refused when a home claim is still there (not released, so not archived)', () => {
    const log = run([released[0], pv('pvc-2', 'Bound', 'course-intro', 'claim-alan')]);
    const c = checkArchiveRun(at('2026-07-02'), 'intro', 'course-intro', log, `${after}${pv('pvc-2', 'Bound', 'course-intro', 'claim-alan')}\n`);
    expect(c.record).toBeUndefined();
    expect(c.problems).toEqual([expect.stringMatching(/PV pvc-2 of home claim claim-alan is still there \(Bound\)/)]);
  });

  it('is refused for a run of another namespace, a plan run, or a run that skipped a volume', () => {
    expect(checkArchiveRun(at('2026-07-02'), 'intro', 'course-intro', run(released, 'course-other'), after).problems).toEqual([expect.stringMatching(/did not archive namespace course-intro only/)]);
    const plan = run(released).replace('(mode archive)', '(mode plan)');
    expect(checkArchiveRun(at('2026-07-02'), 'intro', 'course-intro', plan, after).problems).toEqual([expect.stringMatching(/not in archive mode/)]);
    const skipped = `SKIP pvc-9: course-intro/claim-x is a symbolic link\n${run(released)}`;
    expect(checkArchiveRun(at('2026-07-02'), 'intro', 'course-intro', skipped, after).problems).toEqual([expect.stringMatching(/skipped a volume/)]);
  });
});
