/**
 * What `hubfleet lifecycle` says and does (lib/cli/lifecycle-command.ts is only its command line):
 * the schedule of every course (what changes when, and what happens to data), moving the recorded
 * day forward one safe step at a time, and checking an archive run before it is recorded.
 */
import { createHash } from 'crypto';
import { parseDocument } from 'yaml';
import { PV_LIST_JSONPATH } from '../storage/nfs-archive';
import { Catalogue, LoadedCourse } from './load';
import { addDays, archivedFrom, archiveOf, LifecyclePhase, retiredFrom, phaseOn, PHASES, PhaseStep, STATE_OF, stepBetween, stopDay, WHY_MUST_RUN } from '../fleet/course-lifecycle';
import { ArchiveRecord } from './types';

/** One course on a day. */
export interface CourseRow {
  readonly course: string;
  readonly term: string;
  readonly phase: LifecyclePhase;
  /** The next change and its day; undefined when nothing changes by date alone any more. */
  readonly next?: { readonly day: string; readonly to: LifecyclePhase | 'archive due' | 'deletion due' };
}

/** A day on which courses change. */
export interface ScheduleEvent {
  readonly day: string;
  readonly to: LifecyclePhase | 'archive due' | 'deletion due';
  readonly courses: readonly string[];
  readonly what: string;
  readonly data: string;
}

const DUE: Record<'archive due' | 'deletion due', { what: string; data: string }> = {
  'archive due': {
    what: 'the homes may be archived: run `hubfleet lifecycle archive --course <id>` (release the home claims, the NFS archive Job, delete its PVs) and record it with `hubfleet lifecycle record-archive`; the course stays stopped until the record exists',
    data: 'nothing moves by itself: homes stay where they are until the recorded run',
  },
  'deletion due': {
    what: 'the retention period ends: the archived homes and the namespace with the hub database, exchange and grade records may be deleted (lib/catalogue/README.md, "Deleting a retired course")',
    data: 'deleted only by hand; nothing in the output deletes data',
  },
};

type Milestone = { readonly day: string; readonly to: ScheduleEvent['to'] };

/** The day each phase (and due action) of a course begins, in order, from its term and records. */
function milestones(c: LoadedCourse, records: readonly ArchiveRecord[]): Milestone[] {
  const d = c.dates;
  const out: Milestone[] = [
    { day: d.prepareFrom, to: 'preparing' },
    { day: d.opens, to: 'open' },
    { day: d.closes, to: 'closing' },
    { day: stopDay(d), to: 'stopped' },
  ];
  const rec = records.find((r) => r.course === c.id && r.term === c.term && r.recorded >= stopDay(d));
  if (rec) out.push({ day: archivedFrom(d, rec), to: 'archived' }, { day: retiredFrom(d, rec), to: 'retired' });
  else out.push({ day: d.archiveAfter, to: 'archive due' });
  out.push({ day: d.deleteAfter, to: 'deletion due' });
  return out;
}

/** Every course's phase on `day` and its next change. */
export function courseRows(cat: Catalogue, day: string): CourseRow[] {
  const records = cat.record.archives ?? [];
  return cat.courses.map((c) => {
    const phase = phaseOn(c.dates, day, archiveOf(records, c.id, c.term, c.dates, day));
    const next = milestones(c, records).find((m) => m.day > day && (m.to === 'archive due' || m.to === 'deletion due' || PHASES.indexOf(m.to) > PHASES.indexOf(phase)));
    return { course: c.id, term: c.term, phase, ...(next ? { next } : {}) };
  });
}

/** What changes after `day`, day by day, grouped (what the courses' terms and records say). */
export function schedule(cat: Catalogue, day: string): ScheduleEvent[] {
  const records = cat.record.archives ?? [];
  const byKey = new Map<string, { day: string; to: ScheduleEvent['to']; courses: string[] }>();
  for (const c of cat.courses) {
    const now = phaseOn(c.dates, day, archiveOf(records, c.id, c.term, c.dates, day));
    for (const m of milestones(c, records)) {
      if (m.day <= day) continue;
      if (m.to !== 'archive due' && m.to !== 'deletion due' && PHASES.indexOf(m.to) <= PHASES.indexOf(now)) continue;
      const k = `${m.day} ${m.to}`;
      const e = byKey.get(k) ?? { day: m.day, to: m.to, courses: [] };
      e.courses.push(c.id);
      byKey.set(k, e);
    }
  }
  const order = (t: ScheduleEvent['to']) => (t === 'archive due' ? PHASES.indexOf('archived') - 0.5 : t === 'deletion due' ? PHASES.length : PHASES.indexOf(t));
  return [...byKey.values()]
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : order(a.to) - order(b.to)))
    .map((e) => {
      const step: PhaseStep | undefined = e.to === 'archive due' || e.to === 'deletion due' ? undefined : stepBetween(PHASES[PHASES.indexOf(e.to) - 1], e.to).steps[0];
      const text = e.to === 'archive due' || e.to === 'deletion due' ? DUE[e.to] : { what: step?.what ?? e.to, data: step?.data ?? '' };
      return { day: e.day, to: e.to, courses: e.courses.sort(), ...text };
    });
}

/** One course's change when the recorded day moves. */
export interface Transition {
  readonly course: string;
  readonly from: LifecyclePhase;
  readonly to: LifecyclePhase;
  readonly steps: readonly PhaseStep[];
}

/** The result of moving the recorded day forward. */
export interface Advance {
  readonly from: string;
  /** The day reached: `to`, or the last day before a course would jump over a phase that must run. */
  readonly day: string;
  readonly transitions: readonly Transition[];
  /** Why the day stopped short of `to`. */
  readonly held?: { readonly wanted: string; readonly course: string; readonly from: LifecyclePhase; readonly to: LifecyclePhase; readonly why: string };
}

/**
 * Move the recorded day from the catalogue's day towards `to`, one day at a time, stopping on the
 * last day before any course would jump over a phase that must have run on the cluster (a closing
 * hub that stops the servers, a stopped hub while the homes are archived, an archived course
 * before its objects go). Run it again once that day's output is synced.
 */
export function advance(cat: Catalogue, to: string): Advance {
  const records = cat.record.archives ?? [];
  const from = cat.record.date;
  const phase = (c: LoadedCourse, day: string) => phaseOn(c.dates, day, archiveOf(records, c.id, c.term, c.dates, day));
  const start = new Map(cat.courses.map((c) => [c.id, phase(c, from)]));
  let day = from;
  let held: Advance['held'];
  for (let next = addDays(from, 1); next <= to; next = addDays(next, 1)) {
    const jump = cat.courses.map((c) => ({ c, a: start.get(c.id)!, b: phase(c, next) })).map((x) => ({ ...x, s: stepBetween(x.a, x.b) })).find((x) => x.s.skipped && x.a !== 'planned');
    if (jump) {
      const first = jump.s.skipped!.split(', ')[0];
      held = { wanted: to, course: jump.c.id, from: jump.a, to: jump.b, why: `${jump.c.id} would go from ${jump.a} to ${jump.b} on ${next} without ${jump.s.skipped}: ${WHY_MUST_RUN[first]}` };
      break;
    }
    day = next;
  }
  const transitions = cat.courses
    .map((c) => ({ course: c.id, from: start.get(c.id)!, to: phase(c, day) }))
    .filter((t) => t.from !== t.to)
    .map((t) => ({ ...t, steps: stepBetween(t.from, t.to).steps }));
  return { from, day, transitions, ...(held ? { held } : {}) };
}

/** lifecycle.yaml with another day (comments and the rest kept). */
export function withDay(text: string, day: string): string {
  const doc = parseDocument(text);
  doc.set('date', day);
  return doc.toString();
}

/** lifecycle.yaml with one more archive record (comments and the rest kept). */
export function withArchive(text: string, record: ArchiveRecord): string {
  const doc = parseDocument(text);
  const list = doc.get('archives');
  if (list && typeof list === 'object' && 'add' in list) (list as { add(v: unknown): void }).add(doc.createNode(record));
  else doc.set('archives', doc.createNode([record]));
  return doc.toString();
}

/** What the archive Job's log and the PV list afterwards prove about a course's homes. */
export interface ArchiveCheck {
  readonly record?: ArchiveRecord;
  readonly problems: readonly string[];
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Check an archive run of a course before it is recorded: the Job's log (lib/storage/nfs-archive.ts
 * script, MODE=archive, NAMESPACE=the course's) and the PV list taken after it
 * (`kubectl get pv -o jsonpath='<PV_LIST_JSONPATH>'`). It proves the homes were archived when it
 * shows: the run archived this namespace in archive mode and skipped nothing, every archived
 * directory is the namespace's, each archived volume's PV was listed for deletion, and afterwards no
 * PV of a home claim (`claim-*`) of the namespace is left, bound or released. The course must be
 * stopped (its hub at zero) on the day it is recorded.
 */
export function checkArchiveRun(cat: Catalogue, courseId: string, namespace: string, log: string, pvList: string): ArchiveCheck {
  const problems: string[] = [];
  const c = cat.courses.find((x) => x.id === courseId);
  if (!c) return { problems: [`${courseId} is not a course of the catalogue of ${cat.cluster}.`] };
  const day = cat.record.date;
  const phase = phaseOn(c.dates, day, archiveOf(cat.record.archives ?? [], c.id, c.term, c.dates, day));
  if (phase !== 'stopped') problems.push(`${courseId} is ${phase} on ${day} (${STATE_OF[phase]}); homes are archived only while its hub is stopped (from ${stopDay(c.dates)}), so that nobody writes to them.`);
  const lines = log.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const summary = lines.find((l) => /Released volume\(s\) of .* archived \(mode \w+\)$/.test(l));
  if (!summary) problems.push('the log has no summary line ("… Released volume(s) of … archived (mode archive)"): is it the whole log of the archive Job?');
  else {
    if (!/\(mode archive\)$/.test(summary)) problems.push(`the run was not in archive mode: ${summary}`);
    if (!summary.includes(` in namespace ${namespace};`)) problems.push(`the run did not archive namespace ${namespace} only (NAMESPACE=${namespace}): ${summary}`);
  }
  const skipped = lines.filter((l) => l.startsWith('SKIP '));
  for (const s of skipped) problems.push(`the run skipped a volume: ${s}`);
  const archived = lines.filter((l) => l.startsWith('ARCHIVED ')).map((l) => /^ARCHIVED (\S+) (\S+) -> (\S+)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const deleted = new Set(lines.filter((l) => l.startsWith('DELETE-PV ')).map((l) => l.split(/\s+/)[1]));
  const days = new Set<string>();
  for (const [, pv, rel, dest] of archived) {
    if (!rel.startsWith(`${namespace}/`)) problems.push(`${rel} is not a directory of ${namespace}.`);
    if (!deleted.has(pv)) problems.push(`PV ${pv} was archived but not listed for deletion (DELETE-PV).`);
    const m = /^[^/]+\/(\d{4}-\d{2}-\d{2})\//.exec(dest);
    if (m) days.add(m[1]);
    else problems.push(`the archive target ${dest} is not <archive>/<YYYY-MM-DD>/….`);
  }
  if (days.size > 1) problems.push(`the run wrote into several archive days (${[...days].join(', ')}).`);
  const left = pvList
    .split(/\r?\n/)
    .filter(Boolean)
    .map((l) => l.split('|'))
    .filter((f) => f.length >= 7 && f[5] === namespace && f[6].startsWith('claim-'));
  for (const f of left) problems.push(`PV ${f[0]} of home claim ${f[6]} is still there (${f[1]}): release the claim (kubectl -n ${namespace} delete pvc ${f[6]}), run the archive again and delete the PVs it lists.`);
  if (!pvList.trim()) problems.push(`the PV list is empty: take it after the run with kubectl get pv -o jsonpath='${PV_LIST_JSONPATH}'.`);
  if (problems.length) return { problems };
  return {
    problems,
    record: {
      course: courseId,
      term: c.term,
      namespace,
      day: [...days][0] ?? day,
      recorded: day,
      volumes: archived.length,
      logSha256: sha256(log),
      pvListSha256: sha256(pvList),
    },
  };
}
