import { checkRules } from '../../lib/core/errors';
import { cronAt, EXAM_WINDOW_RULES, ExamWindow, isoInZone, localToInstant, resolveWindow, windowAnnotation } from '../../lib/exam/window';

const base: ExamWindow = { start: '2026-02-10T09:00', end: '2026-02-10T11:00', timeZone: 'Europe/Berlin' };
const rules = (w: Partial<ExamWindow>) => checkRules('exam', { ...base, ...w }, EXAM_WINDOW_RULES).map((i) => i.rule);

describe('exam window', () => {
  test('wall-clock times in the exam\'s zone become instants with that day\'s offset', () => {
    const r = resolveWindow(base)!;
    expect(r.startIso).toBe('2026-02-10T09:00:00+01:00');
    expect(r.endIso).toBe('2026-02-10T11:00:00+01:00');
    expect(new Date(r.startMs).toISOString()).toBe('2026-02-10T08:00:00.000Z');
    expect(windowAnnotation(r)).toBe('2026-02-10T09:00:00+01:00/2026-02-10T11:00:00+01:00');
    // Logins open 30 minutes early and close 10 minutes late by default.
    expect(new Date(r.loginOpensMs).toISOString()).toBe('2026-02-10T07:30:00.000Z');
    expect(new Date(r.closesMs).toISOString()).toBe('2026-02-10T10:10:00.000Z');
  });

  test('summer time and other zones: the offset is the one of the day', () => {
    expect(resolveWindow({ ...base, start: '2026-07-01T09:00', end: '2026-07-01T11:00' })!.startIso).toBe('2026-07-01T09:00:00+02:00');
    expect(resolveWindow({ start: '2026-03-02T09:00', end: '2026-03-02T10:30', timeZone: 'America/New_York' })!.startIso).toBe('2026-03-02T09:00:00-05:00');
    expect(resolveWindow({ start: '2026-03-02T09:00', end: '2026-03-02T10:30', timeZone: 'Asia/Kolkata' })!.startIso).toBe('2026-03-02T09:00:00+05:30');
  });

  test('a window across the change to summer time keeps both ends right (the window is an hour shorter)', () => {
    const r = resolveWindow({ start: '2026-03-29T01:00', end: '2026-03-29T04:00', timeZone: 'Europe/Berlin' })!;
    expect([r.startIso, r.endIso]).toEqual(['2026-03-29T01:00:00+01:00', '2026-03-29T04:00:00+02:00']);
    expect((r.endMs - r.startMs) / 36e5).toBe(2);
  });

  test('skipped and doubled local times are found', () => {
    expect(localToInstant('2026-03-29T02:30', 'Europe/Berlin')).toEqual({ problem: 'nonexistent' });
    expect(localToInstant('2026-10-25T02:30', 'Europe/Berlin')).toEqual({ problem: 'ambiguous' });
    expect(localToInstant('2026-02-30T09:00', 'Europe/Berlin')).toEqual({ problem: 'format' });
  });

  test('cron schedules name the local wall-clock minute (the CronJob carries the zone)', () => {
    const r = resolveWindow(base)!;
    expect(cronAt(r.startMs - 60 * 60000, 'Europe/Berlin')).toBe('0 8 10 2 *');
    expect(isoInZone(r.closesMs, 'Europe/Berlin')).toBe('2026-02-10T11:10:00+01:00');
  });

  test('a valid window passes every rule', () => {
    expect(rules({})).toEqual([]);
  });

  test('fails exam-window-zone', () => expect(rules({ timeZone: 'Mars/Olympus' })).toEqual(['exam-window-zone']));
  test('fails exam-window-start', () => expect(rules({ start: '2026-02-10 09:00:00+01:00' })).toEqual(['exam-window-start']));
  test('fails exam-window-start on a local time the clocks skip', () => expect(rules({ start: '2026-03-29T02:30', end: '2026-03-29T05:00' })).toEqual(['exam-window-start']));
  test('fails exam-window-end', () => expect(rules({ end: '2026-10-25T02:30', start: '2026-10-25T01:00' })).toEqual(['exam-window-end']));
  test('fails exam-window-order (ends before it starts)', () => expect(rules({ end: '2026-02-10T08:00' })).toEqual(['exam-window-order']));
  test('fails exam-window-order (longer than 12 hours: a typo in a date)', () => expect(rules({ end: '2026-02-11T11:00' })).toEqual(['exam-window-order']));
  test('fails exam-window-margins', () => expect(rules({ earlyLoginMinutes: -5 })).toEqual(['exam-window-margins']));

  test('every rule of the table has a failing case', () => {
    const failing = new Set([
      ...rules({ timeZone: 'Mars/Olympus' }),
      ...rules({ start: 'x' }),
      ...rules({ end: 'x' }),
      ...rules({ end: '2026-02-10T08:00' }),
      ...rules({ graceMinutes: 999 }),
    ]);
    expect([...failing].sort()).toEqual(EXAM_WINDOW_RULES.map((r) => r.id).sort());
  });
});
