/**
 * checkCourseText: the course portal's check of one course file, with the rules synth applies —
 * YAML, schema, catalogue rules and the rules of the hub it becomes — each placed in the file.
 */
import { checkCourseText } from '../../lib/catalogue/validate';
import { testSpec } from '../helpers';
import { COURSE, edit, SETTINGS, sources } from './fixtures';

const FILE = 'courses/demo/2026-spring/new-course.yaml';
const check = (text: string) => checkCourseText(text, { file: FILE, sources: sources(), spec: testSpec() });

describe('checkCourseText', () => {
  it('passes a good new course and resolves it', () => {
    const r = check(edit(COURSE, 'roster:\n  file: intro-roster.csv\n', '').replace(/  graders:\n    sections:\n      mon: \[tom.tutor@example.org\]\n/, '').replace('    groups: [gpu]\n', ''));
    expect(r.issues).toEqual([]);
    expect(r.course).toMatchObject({ id: 'new-course', term: '2026-spring', lifecycle: { phase: 'open' } });
  });

  it("places the hub's own rules in the file: a limit below its guarantee", () => {
    const r = check(edit(COURSE, 'memoryLimitGiB: 2', 'memoryLimitGiB: 0.25'));
    expect(r.issues).toEqual([
      expect.objectContaining({ file: FILE, line: 9, field: 'memoryLimitGiB', rule: 'hub-memory' }),
      // The Standard profile inherits the course size, so it breaks too.
      expect.objectContaining({ file: FILE, line: 10, field: 'profiles', rule: 'hub-profile-sizes', value: ['Standard'] }),
    ]);
    expect(r.course).toBeUndefined();
  });

  it('places a rule about a value from catalogue.yaml defaults in catalogue.yaml', () => {
    const r = checkCourseText(COURSE, { file: FILE, sources: sources({ settings: edit(SETTINGS, 'defaults:\n', 'defaults:\n  startTimeoutSeconds: 10\n') }), spec: testSpec() });
    expect(r.issues).toEqual([expect.objectContaining({ file: 'courses/demo/catalogue.yaml', line: 21, field: 'defaults.startTimeoutSeconds', rule: 'hub-timeouts' })]);
  });

  it('maps nbgrader instructors to staff.instructors.users', () => {
    const r = check(edit(COURSE, 'users: [anna.keller@example.org]', 'users: [Anna.Keller@example.org]'));
    expect(r.issues).toEqual([expect.objectContaining({ file: FILE, line: 22, field: 'staff.instructors.users', rule: 'nbgrader-instructors' })]);
  });

  it('reports the schema first and does not build a hub from a broken file', () => {
    const r = check(edit(COURSE, 'students: 120', 'studnets: 120'));
    expect(r.issues.map((i) => [i.line, i.field, i.rule])).toEqual([[1, 'students', 'catalogue-schema'], [7, 'studnets', 'catalogue-schema']]);
  });
});
