/** The lifecycle as a function of the term's dates, the recorded day and the archive records. */
import { addDays, lifecycleOn, phaseOn, PHASES, stepBetween, termDates } from '../../lib/fleet/course-lifecycle';
import { ArchiveRecord } from '../../lib/catalogue/types';

const TERM = { opens: '2026-02-16', closes: '2026-06-15', archiveAfter: '2026-07-01', deleteAfter: '2027-07-01' };
const d = termDates(TERM);
const record = (recorded: string): ArchiveRecord => ({ course: 'intro', term: '2026-spring', namespace: 'course-intro', day: recorded, recorded, volumes: 3, logSha256: 'a'.repeat(64), pvListSha256: 'b'.repeat(64) });

describe('term dates', () => {
  it('fill in the defaults: prepare 14 days before, stop a day after closing, retire at archiveAfter', () => {
    expect(d).toEqual({ ...TERM, prepareFrom: '2026-02-02', stopAfterDays: 1, retireAfter: '2026-07-01' });
    expect(termDates(TERM, { closes: '2026-06-30' }).closes).toBe('2026-06-30');
  });
  it('count days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('the phase on a day', () => {
  it('follows the dates, and needs an archive record to leave "stopped"', () => {
    expect(phaseOn(d, '2026-01-31')).toBe('planned');
    expect(phaseOn(d, '2026-02-02')).toBe('preparing');
    expect(phaseOn(d, '2026-02-16')).toBe('open');
    expect(phaseOn(d, '2026-06-15')).toBe('closing');
    expect(phaseOn(d, '2026-06-16')).toBe('stopped');
    // No record: stays stopped, whatever the day.
    expect(phaseOn(d, '2027-09-01')).toBe('stopped');
    expect(phaseOn(d, '2026-07-01', record('2026-07-01'))).toBe('archived');
    // Retired a day after the record at the earliest (the archived state is synced first).
    expect(phaseOn(d, '2026-07-02', record('2026-07-01'))).toBe('retired');
  });

  it('uses only records of the same course and term, made once the hub was stopped and not after the day', () => {
    const records = [record('2026-06-15'), { ...record('2026-07-03'), term: '2025-autumn' }, record('2026-07-05')];
    expect(lifecycleOn('intro', '2026-spring', d, '2026-07-04', records).phase).toBe('stopped');
    const l = lifecycleOn('intro', '2026-spring', d, '2026-07-05', records);
    expect(l).toMatchObject({ phase: 'archived', archive: { recorded: '2026-07-05' } });
    expect(lifecycleOn('other', '2026-spring', d, '2026-07-05', records).phase).toBe('stopped');
  });
});

describe('steps between phases', () => {
  it('knows every neighbour step', () => {
    for (let i = 1; i < PHASES.length; i++) {
      const { steps, skipped } = stepBetween(PHASES[i - 1], PHASES[i]);
      if (PHASES[i - 1] === 'planned') continue;
      expect(steps).toHaveLength(1);
      expect(skipped).toBeUndefined();
    }
  });
  it('names the phases a jump leaves out that must run on the cluster', () => {
    expect(stepBetween('open', 'stopped').skipped).toBe('closing');
    expect(stepBetween('closing', 'retired').skipped).toBe('stopped, archived');
    expect(stepBetween('absent', 'open').skipped).toBeUndefined();
    expect(stepBetween('planned', 'open').skipped).toBeUndefined();
  });
});
