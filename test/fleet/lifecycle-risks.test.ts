/** diff-lifecycle: every change of a course's phase or term is a risk that says what happens to data. */
import type { DiffFacts } from '../../lib/fleet/diff-risks';
import type { DiffObject } from '../../lib/fleet/diff-objects';
import { LIFECYCLE_ANNOTATIONS } from '../../lib/fleet/course-lifecycle';
import { LIFECYCLE_RISK_RULE } from '../../lib/fleet/lifecycle-risks';

const ns = (phase: string | undefined, term = '2026-spring', archive?: string): DiffObject => ({
  file: 'k8s/courses/intro/namespace-course-intro.yaml',
  pkg: 'courses/intro',
  json: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'course-intro', annotations: { ...(phase ? { [LIFECYCLE_ANNOTATIONS.phase]: phase, [LIFECYCLE_ANNOTATIONS.term]: term } : {}), ...(archive ? { [LIFECYCLE_ANNOTATIONS.archive]: archive } : {}) } } },
});
const facts = (before?: DiffObject, after?: DiffObject): DiffFacts => ({
  cluster: 'c',
  packages: [],
  before: new Map(before ? [['/Namespace//course-intro', before]] : []),
  after: new Map(after ? [['/Namespace//course-intro', after]] : []),
  beforeFiles: new Map(),
  afterFiles: new Map(),
  existingStorageClasses: [],
});
const risks = (b?: DiffObject, a?: DiffObject) => LIFECYCLE_RISK_RULE.check(facts(b, a), new Date(0));

describe('diff-lifecycle', () => {
  it('says nothing when the phase and term stay, or the course has no lifecycle', () => {
    expect(risks(ns('open'), ns('open'))).toEqual([]);
    expect(risks(ns(undefined), ns(undefined))).toEqual([]);
  });

  it('a step of the schedule is a warning with what happens to data', () => {
    expect(risks(ns('open'), ns('closing'))).toEqual([expect.objectContaining({ severity: 'warning', rule: 'diff-lifecycle', title: 'course intro (course-intro): open → closing', details: [expect.stringMatching(/Data: files saved in homes stay/)] })]);
  });

  it('jumping over a phase that must run is serious', () => {
    expect(risks(ns('open'), ns('stopped'))[0]).toMatchObject({ severity: 'danger', details: expect.arrayContaining([expect.stringMatching(/jumps over closing/)]) });
    expect(risks(ns('closing'), ns('retired', '2026-spring', 'day=2026-07-01'))[0]).toMatchObject({ severity: 'danger', details: expect.arrayContaining([expect.stringMatching(/jumps over stopped, archived/)]) });
  });

  it('archived or retired without an archive record is serious', () => {
    expect(risks(ns('stopped'), ns('archived'))).toEqual([expect.objectContaining({ severity: 'danger', title: expect.stringMatching(/without an archive record/) })]);
  });

  it('a new term over homes that were never archived is serious; over archived homes a warning', () => {
    expect(risks(ns('stopped', '2025-autumn'), ns('open', '2026-spring'))[0]).toMatchObject({ severity: 'danger', details: [expect.stringMatching(/never archived: .* claim-<user>/)] });
    expect(risks(ns('retired', '2025-autumn', 'day=2026-03-02'), ns('preparing', '2026-spring'))[0]).toMatchObject({ severity: 'warning', details: [expect.stringMatching(/start with empty homes/)] });
  });

  it('a course that leaves the catalogue before it retired, and dates moved back', () => {
    expect(risks(ns('open'), undefined)[0]).toMatchObject({ severity: 'warning', title: expect.stringMatching(/leaves the catalogue while open/) });
    expect(risks(ns('retired', '2026-spring', 'day=x'), undefined)).toEqual([]);
    expect(risks(ns('closing'), ns('open'))[0]).toMatchObject({ severity: 'warning', title: expect.stringMatching(/dates moved back/) });
  });
});
