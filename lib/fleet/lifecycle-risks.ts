/**
 * `hubfleet diff` and the lifecycle: every course whose phase or term changes between the GitOps
 * checkout and the new output is one risk, saying what the step does and what happens to data
 * (read from the Namespace annotations the hub writes, LIFECYCLE_ANNOTATIONS). Serious (`✗`): a
 * change that jumps over a phase that must run on the cluster, an archived or retired course
 * without its archive record, and a new term over homes that were never archived.
 */
import type { DiffFacts, DiffRiskRule, Risk } from './diff-risks';
import { LIFECYCLE_ANNOTATIONS, LifecyclePhase, PHASES, stepBetween, WHY_MUST_RUN } from './course-lifecycle';

interface Side {
  readonly phase: LifecyclePhase;
  readonly term: string;
  readonly dates?: string;
  readonly archive?: string;
}

/** The lifecycle of every annotated course namespace on one side, by namespace. */
function sides(objects: DiffFacts['before']): Map<string, Side & { pkg: string }> {
  const out = new Map<string, Side & { pkg: string }>();
  for (const o of objects.values()) {
    if (o.json.kind !== 'Namespace' || o.json.apiVersion !== 'v1') continue;
    const a = o.json.metadata?.annotations ?? {};
    const phase = a[LIFECYCLE_ANNOTATIONS.phase];
    if (!PHASES.includes(phase)) continue;
    out.set(o.json.metadata.name, { phase, term: a[LIFECYCLE_ANNOTATIONS.term] ?? '', dates: a[LIFECYCLE_ANNOTATIONS.dates], archive: a[LIFECYCLE_ANNOTATIONS.archive], pkg: o.pkg });
  }
  return out;
}

const HOMES_KEPT = 'the homes (claim-<user>) stay in the namespace';

export const LIFECYCLE_RISK_RULE: DiffRiskRule = {
  id: 'diff-lifecycle',
  what: 'a course changes its lifecycle phase or its term (lib/catalogue)',
  check: (f) => {
    const before = sides(f.before);
    const after = sides(f.after);
    const risks: Risk[] = [];
    for (const ns of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const b = before.get(ns);
      const a = after.get(ns);
      const course = (a ?? b)!.pkg.replace(/^courses\//, '');
      const title = (t: string) => `course ${course} (${ns}): ${t}`;
      if (!a) {
        if (b!.phase !== 'retired') {
          risks.push({ severity: 'warning', title: title(`leaves the catalogue while ${b!.phase} (term ${b!.term})`), details: [`It was not retired: ${HOMES_KEPT}, unarchived and unmanaged; the hub keeps running if it ran.`], fix: 'keep the course in the catalogue until it is archived and retired (hubfleet lifecycle), then remove its file.', rule: 'diff-lifecycle' });
        }
        continue;
      }
      if (b && b.term !== a.term) {
        const archived = b.phase === 'archived' || b.phase === 'retired';
        risks.push({
          severity: archived ? 'warning' : 'danger',
          title: title(`term ${b.term} (${b.phase}) → term ${a.term} (${a.phase})`),
          details: archived
            ? [`The homes of ${b.term} are in the archive (${b.archive ?? 'record'}): the students of ${a.term} start with empty homes; the hub database and exchange of ${b.term} stay.`]
            : [`The homes of ${b.term} were never archived: KubeSpawner names homes claim-<user>, so a student of ${a.term} with the same username gets last term's home with its files.`],
          fix: archived ? 'nothing to do; announce the new term to its students.' : `keep term ${b.term} until its homes are archived and recorded (hubfleet lifecycle archive, record-archive), then change the term.`,
          rule: 'diff-lifecycle',
        });
        continue;
      }
      const from: LifecyclePhase | 'absent' = b?.phase ?? 'absent';
      if (from === a.phase) continue;
      if ((a.phase === 'archived' || a.phase === 'retired') && !a.archive) {
        risks.push({ severity: 'danger', title: title(`${from} → ${a.phase} without an archive record`), details: ['The output says the homes are archived, but no archive run is recorded for this term.'], fix: 'run the archive procedure and record it (hubfleet lifecycle archive, record-archive).', rule: 'diff-lifecycle' });
        continue;
      }
      const { steps, skipped } = stepBetween(from, a.phase);
      if (from !== 'absent' && PHASES.indexOf(a.phase) < PHASES.indexOf(from)) {
        risks.push({ severity: 'warning', title: title(`${from} → ${a.phase} (the term's dates moved back)`), details: [`The course opens again as ${a.phase}; ${HOMES_KEPT} as they were.`], fix: 'check that the dates in catalogue.yaml or the course file are meant.', rule: 'diff-lifecycle' });
        continue;
      }
      risks.push({
        severity: skipped ? 'danger' : 'warning',
        title: title(`${from === 'absent' ? 'new' : from} → ${a.phase}${a.dates ? ` (${a.dates.replace(/,/g, ', ')})` : ''}`),
        details: [
          ...steps.map((s) => `${s.what}. Data: ${s.data}.`),
          ...(skipped ? [`It jumps over ${skipped}: ${WHY_MUST_RUN[skipped.split(', ')[0]]}.`] : []),
          ...(a.archive && a.phase === 'archived' ? [`Archive record: ${a.archive}.`] : []),
        ],
        fix: skipped ? `advance the catalogue one step at a time (hubfleet lifecycle advance stops before such a jump) and sync each step.` : 'nothing to do; it is the course\'s schedule (hubfleet lifecycle).',
        rule: 'diff-lifecycle',
      });
    }
    return risks;
  },
};
