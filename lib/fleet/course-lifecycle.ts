/**
 * The lifecycle of a course: a pure function of its term's dates, the catalogue's recorded day
 * (courses/<cluster>/lifecycle.yaml `date`, lib/catalogue) and the archive runs recorded there. It
 * lives in the fleet layer because the hub renders it and `hubfleet diff` judges it. Synth never reads
 * the clock: the day enters as data, moved by `hubfleet lifecycle advance` in a reviewed commit
 * (see README.md, "Why the day is recorded").
 *
 * States and their phases, in order (each phase's output: lib/hub/README.md, "Lifecycle"):
 *
 * | state     | phase       | from                                   | the hub                                        |
 * |-----------|-------------|----------------------------------------|------------------------------------------------|
 * | scheduled | `planned`   | –                                      | not deployed                                   |
 * | scheduled | `preparing` | prepareFrom                            | deployed, staff only                           |
 * | open      | `open`      | opens                                  | everyone the login admits                      |
 * | closed    | `closing`   | closes                                 | logins refused, servers stopped, roles gone    |
 * | closed    | `stopped`   | closes + stopAfterDays                 | hub, proxy, exchange scaled to zero            |
 * | archived  | `archived`  | archiveAfter and an archive record     | no new homes; the homes are in the archive     |
 * | retired   | `retired`   | retireAfter, a day after archived at the earliest | hub objects removed; namespace, hub database and exchange kept until deleteAfter |
 */

/** Term dates of one course that differ from its term's (a course that closes later, say). */
export interface TermDateOverrides {
  /**
   * @format date
   * @default the term's
   */
  readonly opens?: string;
  /**
   * @format date
   * @default the term's
   */
  readonly closes?: string;
  /**
   * @format date
   * @default the term's
   */
  readonly archiveAfter?: string;
  /**
   * @format date
   * @default the term's
   */
  readonly deleteAfter?: string;
}

/** Dates of one term. Every date is a day (`YYYY-MM-DD`); each takes effect at the start of that day. */
export interface TermSpec {
  /**
   * First day students may log in.
   * @format date
   */
  readonly opens: string;
  /**
   * First day the course is closed: logins refused, running servers stopped, staff roles gone,
   * then the hub scaled to zero.
   * @format date
   */
  readonly closes: string;
  /**
   * From this day the homes are archived (the NFS archive procedure, recorded with
   * `hubfleet lifecycle record-archive`).
   * @format date
   */
  readonly archiveAfter: string;
  /**
   * From this day the archived data may be deleted: the retention period ends.
   * @format date
   */
  readonly deleteAfter: string;
  /**
   * From this day the hub runs for staff only, so that they can prepare.
   * @format date
   * @default 14 days before opens
   */
  readonly prepareFrom?: string;
  /**
   * Days the closed hub keeps running (refusing logins, stopping servers) before it is scaled to zero.
   * @default 1
   * @integer
   * @minimum 1
   * @maximum 30
   */
  readonly stopAfterDays?: number;
  /**
   * From this day an archived course's hub objects are removed (its namespace and data claims stay).
   * @format date
   * @default archiveAfter
   */
  readonly retireAfter?: string;
}

/** What `hubfleet lifecycle record-archive` checked and recorded of one archive run. */
export interface ArchiveRecord {
  /** The course id. */
  readonly course: string;
  /** The term whose homes were archived. */
  readonly term: string;
  /** The namespace whose claims were archived. */
  readonly namespace: string;
  /**
   * The archive day folder on the export (`hubfleet-archive/<day>/`).
   * @format date
   */
  readonly day: string;
  /**
   * The lifecycle date on which it was recorded.
   * @format date
   */
  readonly recorded: string;
  /**
   * Volumes the run archived.
   * @integer
   * @minimum 0
   */
  readonly volumes: number;
  /**
   * SHA-256 of the archive Job's log.
   * @pattern ^[0-9a-f]{64}$
   */
  readonly logSha256: string;
  /**
   * SHA-256 of the PV list taken after the run (it shows no home claim of the course left).
   * @pattern ^[0-9a-f]{64}$
   */
  readonly pvListSha256: string;
}

/** The five states of a course. */
export type LifecycleState = 'scheduled' | 'open' | 'closed' | 'archived' | 'retired';

/** The finer steps of the states, in order. */
export type LifecyclePhase = 'planned' | 'preparing' | 'open' | 'closing' | 'stopped' | 'archived' | 'retired';

/** Every phase, in order. */
export const PHASES: readonly LifecyclePhase[] = ['planned', 'preparing', 'open', 'closing', 'stopped', 'archived', 'retired'];

/** The state a phase belongs to. */
export const STATE_OF: Readonly<Record<LifecyclePhase, LifecycleState>> = {
  planned: 'scheduled',
  preparing: 'scheduled',
  open: 'open',
  closing: 'closed',
  stopped: 'closed',
  archived: 'archived',
  retired: 'retired',
};

/** A term's dates with every default applied. */
export interface TermDates {
  readonly opens: string;
  readonly closes: string;
  readonly archiveAfter: string;
  readonly deleteAfter: string;
  readonly prepareFrom: string;
  readonly stopAfterDays: number;
  readonly retireAfter: string;
}

/** Where a course is in its lifecycle on one day: what the hub renders (CourseJupyterHubProps `lifecycle`). */
export interface CourseLifecycle {
  /** The term's name. */
  readonly term: string;
  /** The day this is the state of (`YYYY-MM-DD`). */
  readonly day: string;
  readonly phase: LifecyclePhase;
  readonly dates: TermDates;
  /** The archive run of this term's homes (phases archived and retired). */
  readonly archive?: ArchiveRecord;
}

/** What a course's Namespace says of its lifecycle (written by the hub, read by `hubfleet diff`). */
export const LIFECYCLE_ANNOTATIONS = {
  /** The phase, e.g. `open`. */
  phase: 'hubfleet.io/lifecycle',
  /** The term's name. */
  term: 'hubfleet.io/term',
  /** `opens=…,closes=…,archiveAfter=…,deleteAfter=…` */
  dates: 'hubfleet.io/term-dates',
  /** The archive run of the term's homes: `day=…,recorded=…,volumes=…,log=sha256:…`. */
  archive: 'hubfleet.io/archive',
} as const;

/** The Namespace annotations of a course's lifecycle. */
export function lifecycleAnnotations(l: CourseLifecycle): Record<string, string> {
  const d = l.dates;
  return {
    [LIFECYCLE_ANNOTATIONS.phase]: l.phase,
    [LIFECYCLE_ANNOTATIONS.term]: l.term,
    [LIFECYCLE_ANNOTATIONS.dates]: `opens=${d.opens},closes=${d.closes},archiveAfter=${d.archiveAfter},deleteAfter=${d.deleteAfter}`,
    ...(l.archive ? { [LIFECYCLE_ANNOTATIONS.archive]: `day=${l.archive.day},recorded=${l.archive.recorded},volumes=${l.archive.volumes},log=sha256:${l.archive.logSha256}` } : {}),
  };
}

/** Default days between prepareFrom and opens. */
export const DEFAULT_PREPARE_DAYS = 14;

/** `day` + n days (`YYYY-MM-DD`, n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** A term's dates, a course's overrides applied, with every default. */
export function termDates(term: TermSpec, overrides: TermDateOverrides = {}): TermDates {
  const opens = overrides.opens ?? term.opens;
  const archiveAfter = overrides.archiveAfter ?? term.archiveAfter;
  return {
    opens,
    closes: overrides.closes ?? term.closes,
    archiveAfter,
    deleteAfter: overrides.deleteAfter ?? term.deleteAfter,
    prepareFrom: term.prepareFrom ?? addDays(opens, -DEFAULT_PREPARE_DAYS),
    stopAfterDays: term.stopAfterDays ?? 1,
    retireAfter: term.retireAfter && term.retireAfter > archiveAfter ? term.retireAfter : archiveAfter,
  };
}

/** The day a closed hub is scaled to zero. */
export const stopDay = (d: TermDates) => addDays(d.closes, d.stopAfterDays);

/** The order the dates must have; each broken pair is one problem (empty: fine). */
export function dateOrderProblems(d: TermDates): Array<{ field: string; message: string }> {
  const pairs: Array<[keyof TermDates, keyof TermDates]> = [
    ['prepareFrom', 'opens'],
    ['opens', 'closes'],
    ['closes', 'archiveAfter'],
    ['archiveAfter', 'deleteAfter'],
  ];
  const out: Array<{ field: string; message: string }> = [];
  for (const [a, b] of pairs) {
    const strict = a !== 'prepareFrom';
    if (strict ? !(d[a] < d[b]) : !(d[a] <= d[b])) out.push({ field: b, message: `${b} (${d[b]}) must come ${strict ? 'after' : 'on or after'} ${a} (${d[a]}).` });
  }
  if (d.closes < d.archiveAfter && stopDay(d) > d.archiveAfter) out.push({ field: 'stopAfterDays', message: `the hub is scaled to zero on ${stopDay(d)} (closes + stopAfterDays), after archiveAfter (${d.archiveAfter}): the homes cannot be archived while the hub runs.` });
  if (d.retireAfter > d.deleteAfter) out.push({ field: 'retireAfter', message: `retireAfter (${d.retireAfter}) must not come after deleteAfter (${d.deleteAfter}).` });
  return out;
}

/** The archive record of a course's term, if one was made once its hub was stopped. */
export function archiveOf(records: readonly ArchiveRecord[], course: string, term: string, d: TermDates, day: string): ArchiveRecord | undefined {
  return records.find((r) => r.course === course && r.term === term && r.recorded >= stopDay(d) && r.recorded <= day);
}

/** The first day a course with this archive record is archived. */
export function archivedFrom(d: TermDates, archive: ArchiveRecord): string {
  return archive.recorded > d.archiveAfter ? archive.recorded : d.archiveAfter;
}

/** The first day it is retired. */
export function retiredFrom(d: TermDates, archive: ArchiveRecord): string {
  const next = addDays(archivedFrom(d, archive), 1);
  return d.retireAfter > next ? d.retireAfter : next;
}

/** The phase of a course on a day. */
export function phaseOn(d: TermDates, day: string, archive?: ArchiveRecord): LifecyclePhase {
  if (day < d.prepareFrom) return 'planned';
  if (day < d.opens) return 'preparing';
  if (day < d.closes) return 'open';
  if (day < stopDay(d)) return 'closing';
  if (!archive || day < d.archiveAfter) return 'stopped';
  // Archived for one day at least (that state is synced before the objects go).
  if (day < d.retireAfter || day <= archivedFrom(d, archive)) return 'archived';
  return 'retired';
}

/** The lifecycle of a course on a day. */
export function lifecycleOn(course: string, term: string, d: TermDates, day: string, records: readonly ArchiveRecord[]): CourseLifecycle {
  const archive = archiveOf(records, course, term, d, day);
  const phase = phaseOn(d, day, archive);
  return { term, day, phase, dates: d, ...(phase === 'archived' || phase === 'retired' ? { archive } : {}) };
}

/** What a step from one phase to the next does, and what happens to data. */
export interface PhaseStep {
  readonly from: LifecyclePhase | 'absent';
  readonly to: LifecyclePhase | 'absent';
  readonly what: string;
  readonly data: string;
  /** A step that loses or exposes data unless its condition held. */
  readonly severity: 'danger' | 'warning';
}

/** The steps of the lifecycle, in order; a change that jumps over one is judged by {@link stepBetween}. */
export const STEPS: readonly PhaseStep[] = [
  { from: 'absent', to: 'preparing', what: 'the hub is deployed for staff only (students are refused until the term opens)', data: 'new: the hub database and, with nbgrader, the exchange; staff homes are made as staff log in', severity: 'warning' },
  { from: 'preparing', to: 'open', what: 'students may log in', data: 'homes are made as students log in (claim-<user>)', severity: 'warning' },
  { from: 'absent', to: 'open', what: 'the hub is deployed and open', data: 'new: the hub database, homes as users log in', severity: 'warning' },
  { from: 'open', to: 'closing', what: 'logins are refused and nothing spawns, the idle culler stops every running server within minutes, staff roles are removed', data: 'files saved in homes stay; what is only in a running kernel is lost when its server stops; homes, hub database, exchange and grade records stay', severity: 'warning' },
  { from: 'closing', to: 'stopped', what: 'hub, proxy, exchange and grade service are scaled to zero', data: 'nothing is deleted: homes, hub database, exchange and grade records stay on their volumes', severity: 'warning' },
  { from: 'stopped', to: 'archived', what: 'the archive run is recorded; the quota allows no new home', data: 'the homes were moved into the NFS archive by the recorded run (claims released, PVs deleted); they are kept until deleteAfter', severity: 'warning' },
  { from: 'archived', to: 'retired', what: 'the hub objects are removed (Argo CD prunes them)', data: 'the namespace, the hub database, the exchange and the grade records stay (Prune=false,Delete=false); the archived homes are kept until deleteAfter', severity: 'warning' },
];

/** The phases that must have run on the cluster before a later one may be rendered. */
export const MUST_RUN: readonly LifecyclePhase[] = ['closing', 'stopped', 'archived'];

/**
 * The steps a change from one phase to a later one takes, and the phases it jumps over that must
 * run (a change backwards is a new term: see the diff's lifecycle rule).
 */
export function stepBetween(from: LifecyclePhase | 'absent', to: LifecyclePhase | 'absent'): { steps: PhaseStep[]; skipped?: string } {
  // Not deployed (absent or planned) counts as the first phase.
  const fi = from === 'absent' ? 0 : PHASES.indexOf(from);
  const ti = to === 'absent' ? 0 : PHASES.indexOf(to);
  if (ti <= fi) return { steps: [] };
  if (fi === 0) return { steps: STEPS.filter((s) => s.from === 'absent' && s.to === to) };
  const path = PHASES.slice(fi, ti + 1);
  const steps = STEPS.filter((s) => s.from !== 'absent' && s.to !== 'absent' && path.includes(s.from) && path.indexOf(s.to) === path.indexOf(s.from) + 1);
  const skipped = path.slice(1, -1).filter((p) => MUST_RUN.includes(p));
  return skipped.length ? { steps, skipped: skipped.join(', ') } : { steps };
}

/** Why a phase that must run cannot be jumped over. */
export const WHY_MUST_RUN: Readonly<Record<string, string>> = {
  closing: 'the closed hub must run for a while to stop the running servers: scaled to zero at once, it leaves them running without a hub',
  stopped: 'the homes may be archived only while the hub is at zero, so that nobody writes to them',
  archived: 'the hub objects may be removed only after the archive run has been recorded and synced',
};
