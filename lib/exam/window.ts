/**
 * The exam window: when an exam runs, given as the wall-clock times of the exam's place and its
 * IANA time zone, turned into absolute instants (ISO 8601 with the zone's offset on that day) for
 * everything that acts on time: the login window of the hub, the seat placeholders before the
 * start, the idle culler after the end, the submission export at the end, the capacity check and
 * `hubfleet diff` (namespace annotation `hubfleet.io/exam-window`).
 *
 * Offsets come from the time-zone database of the Node.js that runs synth (full ICU), so a window
 * across a daylight-saving change is right on both sides of it; a local time that does not exist
 * (skipped by the change) or exists twice fails validation.
 */
import { Issue, PropRule } from '../core/errors';

/** When the exam runs. */
export interface ExamWindow {
  /** Start as wall-clock time at the exam's place, `YYYY-MM-DDTHH:MM`, e.g. `2026-02-10T09:00`. */
  readonly start: string;
  /** End (the last moment to submit), same form, e.g. `2026-02-10T11:00`. */
  readonly end: string;
  /** IANA time zone of the exam's place, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /**
   * How long before the start candidates may log in (to read the cover page, check their seat).
   * @default 30
   */
  readonly earlyLoginMinutes?: number;
  /**
   * How long after the end logins and submissions are still accepted (the hub's grace; late
   * submissions after it are kept but marked late by the export).
   * @default 10
   */
  readonly graceMinutes?: number;
}

/** The window as instants (milliseconds since the epoch) and ISO strings with offset. */
export interface ResolvedWindow {
  readonly timeZone: string;
  readonly startMs: number;
  readonly endMs: number;
  /** e.g. `2026-02-10T09:00:00+01:00` */
  readonly startIso: string;
  readonly endIso: string;
  /** When logins open (start − earlyLoginMinutes). */
  readonly loginOpensMs: number;
  /** When logins close and the export runs (end + graceMinutes). */
  readonly closesMs: number;
  readonly earlyLoginMinutes: number;
  readonly graceMinutes: number;
}

/** The namespace annotation `hubfleet diff` reads: `<ISO start>/<ISO end>`. */
export const EXAM_WINDOW_ANNOTATION = 'hubfleet.io/exam-window';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Is `zone` an IANA time zone this Node.js knows? */
export function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of an instant in a zone. */
export function wallClock(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** Offset of the zone from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  return Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000) / 60000);
}

/**
 * The instant of a wall-clock time in a zone, or why there is none: `nonexistent` (skipped by a
 * daylight-saving change) or `ambiguous` (happens twice).
 */
export function localToInstant(local: string, zone: string): { ms: number } | { problem: 'format' | 'nonexistent' | 'ambiguous' } {
  const m = LOCAL.exec(local);
  if (!m) return { problem: 'format' };
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(asUtc);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return { problem: 'format' };
  // The candidates: the wall time read with each offset the zone has around that day.
  const offsets = new Set([offsetMinutes(asUtc - 36e5 * 24, zone), offsetMinutes(asUtc, zone), offsetMinutes(asUtc + 36e5 * 24, zone)]);
  const hits = [...offsets].map((o) => asUtc - o * 60000).filter((t) => {
    const w = wallClock(t, zone);
    return w.year === y && w.month === mo && w.day === d && w.hour === h && w.minute === mi;
  });
  const unique = [...new Set(hits)];
  if (unique.length === 0) return { problem: 'nonexistent' };
  if (unique.length > 1) return { problem: 'ambiguous' };
  return { ms: unique[0] };
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** ISO 8601 with the zone's offset at that instant, e.g. `2026-02-10T09:00:00+01:00`. */
export function isoInZone(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  const off = offsetMinutes(ms, zone);
  const sign = off < 0 ? '-' : '+';
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** The cron schedule (`minute hour day month *`) of an instant's wall-clock time in a zone (CronJob `spec.timeZone`). */
export function cronAt(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  return `${w.minute} ${w.hour} ${w.day} ${w.month} *`;
}

/** Resolve a window; undefined when it does not validate (the rules say why). */
export function resolveWindow(w: ExamWindow): ResolvedWindow | undefined {
  if (!isTimeZone(w.timeZone)) return undefined;
  const s = localToInstant(w.start, w.timeZone);
  const e = localToInstant(w.end, w.timeZone);
  if (!('ms' in s) || !('ms' in e) || e.ms <= s.ms) return undefined;
  const early = w.earlyLoginMinutes ?? 30;
  const grace = w.graceMinutes ?? 10;
  return {
    timeZone: w.timeZone,
    startMs: s.ms,
    endMs: e.ms,
    startIso: isoInZone(s.ms, w.timeZone),
    endIso: isoInZone(e.ms, w.timeZone),
    loginOpensMs: s.ms - early * 60000,
    closesMs: e.ms + grace * 60000,
    earlyLoginMinutes: early,
    graceMinutes: grace,
  };
}

/** The value of {@link EXAM_WINDOW_ANNOTATION}. */
export function windowAnnotation(r: ResolvedWindow): string {
  return `${r.startIso}/${r.endIso}`;
}

const problemOf = (local: string, zone: string) => {
  if (!isTimeZone(zone)) return undefined;
  const r = localToInstant(local, zone);
  return 'problem' in r ? r.problem : undefined;
};

const PROBLEM_TEXT = {
  format: 'is not a wall-clock time YYYY-MM-DDTHH:MM (no seconds, no offset: the time zone gives it)',
  nonexistent: 'does not exist in that time zone (the clocks skip it on a daylight-saving change)',
  ambiguous: 'happens twice in that time zone (the clocks fall back over it)',
};

/** Longest window hubfleet accepts: exams are hours, not days (a typo in a date should not reserve seats for a week). */
export const MAX_WINDOW_HOURS = 12;

/** The validation table of an exam window; each row has a "fails …" test in test/exam/window.test.ts. */
export const EXAM_WINDOW_RULES: readonly PropRule<ExamWindow>[] = [
  {
    id: 'exam-window-zone',
    field: 'window.timeZone',
    value: (w) => w.timeZone,
    ok: (w) => isTimeZone(w.timeZone),
    message: 'the exam window needs an IANA time zone (the place of the exam), so that its times mean one instant.',
    fix: 'set window.timeZone, e.g. "Europe/Berlin" or "Europe/Zurich".',
  },
  {
    id: 'exam-window-start',
    field: 'window.start',
    value: (w) => w.start,
    ok: (w) => !isTimeZone(w.timeZone) || problemOf(w.start, w.timeZone) === undefined,
    message: (w) => `the start ${PROBLEM_TEXT[problemOf(w.start, w.timeZone) ?? 'format']}.`,
    fix: 'write the start as the local time of the exam, e.g. "2026-02-10T09:00".',
  },
  {
    id: 'exam-window-end',
    field: 'window.end',
    value: (w) => w.end,
    ok: (w) => !isTimeZone(w.timeZone) || problemOf(w.end, w.timeZone) === undefined,
    message: (w) => `the end ${PROBLEM_TEXT[problemOf(w.end, w.timeZone) ?? 'format']}.`,
    fix: 'write the end as the local time of the exam, e.g. "2026-02-10T11:00".',
  },
  {
    id: 'exam-window-order',
    field: 'window',
    value: (w) => [w.start, w.end],
    ok: (w) => {
      if (!isTimeZone(w.timeZone)) return true;
      const s = localToInstant(w.start, w.timeZone);
      const e = localToInstant(w.end, w.timeZone);
      return !('ms' in s) || !('ms' in e) || (e.ms > s.ms && e.ms - s.ms <= MAX_WINDOW_HOURS * 36e5);
    },
    message: `the window must end after it starts and last at most ${MAX_WINDOW_HOURS} hours.`,
    fix: 'check the dates of start and end.',
  },
  {
    id: 'exam-window-margins',
    field: 'window.earlyLoginMinutes/graceMinutes',
    value: (w) => [w.earlyLoginMinutes, w.graceMinutes],
    ok: (w) => [w.earlyLoginMinutes ?? 30, w.graceMinutes ?? 10].every((n) => Number.isInteger(n) && n >= 0 && n <= 240),
    message: 'earlyLoginMinutes and graceMinutes must be whole minutes from 0 to 240.',
    fix: 'e.g. earlyLoginMinutes: 30, graceMinutes: 10.',
  },
];

/** The warning for an exam hub without a window. */
export function noWindowIssue(path: string): Issue {
  return {
    path,
    field: 'window',
    value: undefined,
    message: 'this exam hub has no window: its seats are not checked against the pools, no placeholders hold them before the start, logins are not limited to the exam, and no export of the submissions runs at the end.',
    fix: 'set window: { start: "2026-02-10T09:00", end: "2026-02-10T11:00", timeZone: "Europe/Berlin" } (a practice hub without a date may leave it out).',
    rule: 'exam-window',
    severity: 'warning',
  };
}
