/** The catalogue's rules: one "fails …" test per row of COURSE_RULES and SETTINGS_RULES, each naming file, line and field. */
import { courseHubProps } from '../../lib/catalogue/props';
import { COURSE_RULES, SETTINGS_RULES } from '../../lib/catalogue/rules';
import { catalogue, COURSE, edit, SETTINGS } from './fixtures';

const only = (c: ReturnType<typeof catalogue>, rule: string) => c.issues.filter((i) => i.rule === rule);

describe('the fixture catalogue', () => {
  it('has no issue and one open course', () => {
    const c = catalogue();
    expect(c.issues).toEqual([]);
    expect(c.courses.map((x) => [x.id, x.term, x.lifecycle.phase])).toEqual([['intro', '2026-spring', 'open']]);
    expect(c.courses[0].roster).toEqual([{ username: 'ada@example.org', section: 'mon', groups: ['gpu'] }, { username: 'alan@example.org', section: 'tue' }]);
  });
});

describe('course rules', () => {
  const tested = new Set<string>();
  const fails = (rule: string, o: Parameters<typeof catalogue>[0], expected: Record<string, unknown>) => {
    tested.add(rule);
    const found = only(catalogue(o), rule);
    expect(found).toEqual([expect.objectContaining(expected)]);
  };

  it('fails catalogue-course-id: a file name that cannot name a namespace', () => {
    fails('catalogue-course-id', { courseFile: 'courses/demo/2026-spring/Intro_2026.yaml' }, { file: 'courses/demo/2026-spring/Intro_2026.yaml', line: 1, value: 'Intro_2026' });
  });

  it('fails catalogue-course-id: the same id in two term folders', () => {
    const c = catalogue({ more: [{ file: 'courses/demo/2026-autumn/intro.yaml', text: COURSE, folder: '2026-autumn' }] });
    expect(only(c, 'catalogue-course-id')).toEqual([expect.objectContaining({ file: 'courses/demo/2026-autumn/intro.yaml', message: expect.stringMatching(/also courses\/demo\/2026-spring\/intro.yaml/) })]);
  });

  it('fails catalogue-term: an unknown term, with the term that was meant', () => {
    fails('catalogue-term', { courseFile: 'courses/demo/2026-sprnig/intro.yaml' }, { line: 1, value: '2026-sprnig', fix: 'did you mean "2026-spring"?' });
    fails('catalogue-term', { course: edit(COURSE, 'title:', 'term: 2026-autumn\ntitle:') }, { line: 2, field: 'term', message: 'the file is in the folder of term "2026-spring" but says term "2026-autumn".' });
  });

  it('fails catalogue-dates: a course closing before it opens', () => {
    fails('catalogue-dates', { course: edit(COURSE, 'title:', 'dates:\n  closes: 2026-02-01\ntitle:') }, { line: 3, field: 'dates.closes', value: '2026-02-01' });
  });

  it('fails catalogue-login: an unknown login, and an LTI course without its client ID', () => {
    fails('catalogue-login', { course: edit(COURSE, 'use: moodle', 'use: moodel') }, { line: 4, field: 'login.use', fix: 'did you mean "moodle"?' });
    fails('catalogue-login', { course: edit(COURSE, '  clientIds: [Xq3t9VwJ2m1aKpL]\n', '') }, { line: 3, field: 'login' });
  });

  it('fails catalogue-image: an image the catalogue does not offer', () => {
    fails('catalogue-image', { course: edit(COURSE, 'image: scipy', 'image: scpiy') }, { line: 6, field: 'image', fix: 'did you mean "scipy"?' });
  });

  it('fails catalogue-policy: sizes above the policy, in the course or its catalogue defaults', () => {
    fails('catalogue-policy', { course: edit(COURSE, 'memoryLimitGiB: 8', 'memoryLimitGiB: 12') }, { line: 17, field: 'profiles[1].memoryLimitGiB', value: 12 });
    fails('catalogue-policy', { course: edit(COURSE, '    gpus: 1', '    gpus: 2') }, { field: 'profiles[1].gpus', value: 2 });
    const c = catalogue({ settings: edit(SETTINGS, 'maxStudents: 800', 'maxStudents: 800\n  maxHomeSizeGiB: 4') });
    expect(only(c, 'catalogue-policy')).toEqual([expect.objectContaining({ file: 'courses/demo/catalogue.yaml', line: 24, field: 'defaults.home.sizeGiB' })]);
    tested.add('catalogue-policy');
  });

  it('fails catalogue-roster: a roster file that is not there', () => {
    fails('catalogue-roster', { roster: null }, { line: 27, field: 'roster.file', message: 'the roster courses/demo/2026-spring/intro-roster.csv does not exist.' });
  });

  it('fails catalogue-sections: a grader section nobody is in', () => {
    fails('catalogue-sections', { course: edit(COURSE, '      mon: [tom', '      mno: [tom') }, { field: 'staff.graders.sections.mno', fix: 'did you mean "mon"?' });
  });

  it('fails catalogue-profile-groups: a profile for a group the hub does not have', () => {
    fails('catalogue-profile-groups', { course: edit(COURSE, 'groups: [gpu]', 'groups: [gpus]') }, { line: 18, col: 14, field: 'profiles[1].groups[0]', fix: 'did you mean "gpu"?' });
  });

  it('a group the login fills from LTI roles (roleGroups) is a group of the hub; the profile keeps its groups on the hub', () => {
    const course = edit(COURSE, 'groups: [gpu]', 'groups: [gpu-staff]');
    expect(only(catalogue({ course }), 'catalogue-profile-groups')).toHaveLength(1);
    const c = catalogue({ course, settings: edit(SETTINGS, '      staffAdmins: false', '      staffAdmins: false\n      roleGroups:\n        gpu-staff: [Instructor]') });
    expect(c.issues).toEqual([]);
    expect(courseHubProps(c, c.courses[0]).profiles?.map((p) => [p.displayName, p.groups])).toEqual([['Standard', undefined], ['GPU', ['gpu-staff']]]);
  });

  it('fails catalogue-gpu-nodes: GPU profiles without GPU nodes named (a warning)', () => {
    const c = catalogue({ settings: edit(SETTINGS, 'gpus:\n  nodeSelector:\n    hubfleet.io/gpu: "true"\n', '') });
    expect(only(c, 'catalogue-gpu-nodes')).toEqual([expect.objectContaining({ severity: 'warning', field: 'profiles' })]);
    expect(c.courses).toHaveLength(1);
    tested.add('catalogue-gpu-nodes');
  });

  afterAll(() => expect([...tested].sort()).toEqual(COURSE_RULES.map((r) => r.id).sort()));
});

describe('catalogue.yaml rules', () => {
  const tested = new Set<string>();
  const fails = (rule: string, settings: string, expected: Record<string, unknown>) => {
    tested.add(rule);
    expect(only(catalogue({ settings }), rule)).toEqual([expect.objectContaining({ file: 'courses/demo/catalogue.yaml', ...expected })]);
  };

  it('fails catalogue-term-names', () => fails('catalogue-term-names', edit(SETTINGS, '  2026-spring:', '  2026-spring:\n    opens: 2026-02-16\n    closes: 2026-06-15\n    archiveAfter: 2026-07-01\n    deleteAfter: 2027-07-01\n  Spring_2027:'), { line: 8, field: 'terms.Spring_2027' }));
  it('fails catalogue-term-dates', () => fails('catalogue-term-dates', edit(SETTINGS, 'archiveAfter: 2026-07-01', 'archiveAfter: 2026-06-01'), { line: 6, field: 'terms.2026-spring.archiveAfter' }));
  it('fails catalogue-login-names', () => fails('catalogue-login-names', edit(SETTINGS, 'logins:\n', 'logins:\n  Old_LMS:\n    moodle:\n      url: https://old.example.org\n'), { line: 9, field: 'logins.Old_LMS' }));
  it('fails catalogue-image-refs', () => fails('catalogue-image-refs', edit(SETTINGS, 'course-pytorch:2026-01-12', 'course-pytorch:latest'), { line: 18, field: 'images.pytorch.ref' }));

  afterAll(() => expect([...tested].sort()).toEqual(SETTINGS_RULES.map((r) => r.id).sort()));
});

describe('a broken catalogue.yaml', () => {
  it('leaves every course out and says where it broke', () => {
    const c = catalogue({ settings: edit(SETTINGS, 'logins:', 'login:') });
    expect(c.issues).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'courses/demo/catalogue.yaml', field: 'login', fix: 'did you mean "logins"? Rename the key.' })]));
    expect(c.courses).toEqual([]);
  });

  it('names the missing files', () => {
    expect(catalogue({ settings: null }).issues[0]).toMatchObject({ file: 'courses/demo/catalogue.yaml', rule: 'catalogue-files' });
    expect(catalogue({ lifecycle: null }).issues[0]).toMatchObject({ file: 'courses/demo/lifecycle.yaml', rule: 'catalogue-files', fix: 'run `hubfleet lifecycle advance --cluster demo --date <YYYY-MM-DD>`.' });
  });
});

describe('the roster', () => {
  it('reads sections and groups, and names a bad line', () => {
    const c = catalogue({ roster: 'username,section,groups\nada@example.org,mon,gpu\nAda Lovelace,mon,\n' });
    expect(c.issues).toEqual([expect.objectContaining({ file: 'courses/demo/2026-spring/intro-roster.csv', line: 3, field: 'username', rule: 'catalogue-roster' })]);
  });
});
