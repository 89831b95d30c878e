/**
 * The hub in each phase of its course's lifecycle (CourseJupyterHubProps `lifecycle`, computed by
 * lib/catalogue/lifecycle.ts): what each part renders differently. The login gate (staff only
 * before the term, nobody once it closed) and the staff roles are the staff part's
 * (lib/hub/course-staff.ts); this part adds the rest:
 *
 * | phase | the parts |
 * |---|---|
 * | preparing, open | as always; the Namespace carries the term (annotations `hubfleet.io/lifecycle`, `-term`, `-term-dates`) |
 * | closing | nothing spawns (pre-spawn hook), the idle culler stops every server within two minutes |
 * | stopped | and hub, proxy and ngshare run no replica |
 * | archived | and the quota admits no claim beyond those in Git (homes were archived: annotation `hubfleet.io/archive`) |
 * | retired | only the Namespace (quota, limits, default-deny) and the claims in Git (hub database, exchange) |
 */
import { PropRule } from '../../core/errors';
import { CourseLifecycle, lifecycleAnnotations } from '../../fleet/course-lifecycle';
import { pyString } from '../hub/python';
import { HubKindPart } from '../hub-kind';
import { ResolvedHub } from '../resolved';

/** The phases in which servers are stopped and nothing spawns. */
export const CLOSED_PHASES: ReadonlySet<CourseLifecycle['phase']> = new Set(['closing', 'stopped', 'archived', 'retired']);

/** The culler of a closed course: every server (idle or not) stopped on its first pass, a minute after the hub starts. */
export const CLOSED_CULLING = { timeoutSeconds: 60, everySeconds: 60, maxAgeSeconds: 60, concurrency: 10 } as const;

/** What the lifecycle phase of a course changes in the parts (nothing without a lifecycle). */
export function lifecyclePart(l: CourseLifecycle | undefined, nbgrader: boolean): HubKindPart {
  if (!l) return {};
  const closed = CLOSED_PHASES.has(l.phase);
  const zero = l.phase === 'stopped' || l.phase === 'archived' || l.phase === 'retired';
  return {
    namespace: { annotations: lifecycleAnnotations(l), ...(l.phase === 'archived' || l.phase === 'retired' ? { claims: 1 + (nbgrader ? 1 : 0) } : {}) },
    ...(closed
      ? {
          hub: {
            culling: { ...CLOSED_CULLING },
            configSections: [
              {
                title: `The course is closed since ${l.dates.closes} (term ${l.term}, lib/hub/lifecycle): nothing spawns; the idle culler stops what still runs.`,
                code: [
                  'from tornado import web as _hubfleet_web',
                  '',
                  '',
                  'def hubfleet_course_closed(spawner):',
                  '    """The term is over: no server starts."""',
                  `    raise _hubfleet_web.HTTPError(403, ${pyString(`This course closed on ${l.dates.closes}.`)})`,
                  '',
                  '',
                  'c.Spawner.pre_spawn_hook = hubfleet_course_closed',
                ].join('\n'),
              },
            ],
          },
        }
      : {}),
    ...(zero ? { scaledToZero: true } : {}),
  };
}

/** The lifecycle rules; each row has a "fails …" test (test/hub/lifecycle.test.ts). */
export const LIFECYCLE_RULES: readonly PropRule<ResolvedHub>[] = [
  {
    id: 'hub-lifecycle-deployed',
    field: 'lifecycle.phase',
    value: (r) => r.props.lifecycle?.phase,
    ok: (r) => r.props.lifecycle?.phase !== 'planned',
    message: 'a course is not deployed before its prepareFrom day (phase planned).',
    fix: 'create the hub only from its prepareFrom day on (the catalogue does), or give it a lifecycle of a later day.',
  },
  {
    id: 'hub-lifecycle-archive',
    field: 'lifecycle.archive',
    value: (r) => r.props.lifecycle?.phase,
    ok: (r) => !(r.props.lifecycle?.phase === 'archived' || r.props.lifecycle?.phase === 'retired') || r.props.lifecycle.archive !== undefined,
    message: 'an archived or retired course needs the record of the run that archived its homes: without it, the homes were never archived.',
    fix: 'archive the homes (hubfleet lifecycle archive) and record the run (hubfleet lifecycle record-archive), then compute the lifecycle from the record.',
  },
];
