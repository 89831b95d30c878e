/**
 * checkCourseText: the course portal's check of one course file, with the rules synth applies —
 * YAML, schema, catalogue rules and the rules of the hub it becomes — each placed in the file.
 */
import { courseHubProps } from '../../lib/catalogue/props';
import { checkCourseText } from '../../lib/catalogue/validate';
import { testSpec } from '../helpers';
import { catalogue, COURSE, edit, SETTINGS, sources } from './fixtures';

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

describe('grades in a course file', () => {
  const withGrades = (text: string) => `${text}grades: true\n`;
  const settings = edit(SETTINGS, '      staffAdmins: false', '      staffAdmins: false\n      lmsCidrs: [192.0.2.10/32]');

  it('grades: true gives the hub a grade service towards its login\'s LMS (lmsCidrs from catalogue.yaml)', () => {
    const c = catalogue({ course: withGrades(COURSE), settings });
    expect(c.issues).toEqual([]);
    expect(courseHubProps(c, c.courses[0]).grades).toEqual({ lms: 'lti13', lmsCidrs: ['192.0.2.10/32'] });
    const own = catalogue({ course: `${COURSE}grades:\n  senderRoles: [Instructor]\n  sizeGiB: 2\n`, settings });
    expect(courseHubProps(own, own.courses[0]).grades).toEqual({ lms: 'lti13', lmsCidrs: ['192.0.2.10/32'], senderRoles: ['Instructor'], sizeGiB: 2 });
    expect(courseHubProps(catalogue(), catalogue().courses[0]).grades).toBeUndefined();
  });

  it('the schema catches a misspelt key of grades, with the key that was meant', () => {
    const r = check(`${COURSE}grades:\n  sendRoles: [Instructor]\n`);
    expect(r.issues).toEqual([expect.objectContaining({ file: FILE, field: 'grades.sendRoles', rule: 'catalogue-schema', fix: expect.stringContaining('senderRoles') })]);
  });

  it("places the grade service's rules in the file: grades without nbgrader", () => {
    const text = withGrades(edit(COURSE, 'nbgrader: true\n', ''));
    const r = check(text);
    const line = text.split('\n').indexOf('grades: true') + 1;
    expect(r.issues).toEqual([expect.objectContaining({ file: FILE, line, field: 'grades', rule: 'grades-nbgrader' })]);
  });

  it("a bad LMS address is placed where it is written: the login's lmsCidrs in catalogue.yaml", () => {
    const bad = edit(SETTINGS, '      staffAdmins: false', '      staffAdmins: false\n      lmsCidrs: [0.0.0.0/0]');
    const r = checkCourseText(withGrades(COURSE), { file: FILE, sources: sources({ settings: bad }), spec: testSpec() });
    expect(r.issues).toEqual([expect.objectContaining({ file: 'courses/demo/catalogue.yaml', line: bad.split('\n').indexOf('      lmsCidrs: [0.0.0.0/0]') + 1, field: 'logins.moodle.moodle.lmsCidrs', rule: 'grades-lms-cidrs' })]);
  });
});
