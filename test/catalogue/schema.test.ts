/**
 * The catalogue's JSON Schemas: generated from lib/catalogue/types.ts by the props generator (a test
 * fails when the committed files are stale), and every mistake in a file reported with the file,
 * the line, the field and a suggestion.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkSchema } from '../../lib/catalogue/json-schema';
import { COURSE_FILE_SCHEMA } from '../../lib/catalogue/schemas.generated';
import { catalogue, COURSE, edit } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { generateJsonSchemas } = require('../../scripts/gen-props-schema.js') as { generateJsonSchemas(root?: string): Record<string, string> };

describe('the generated schemas', () => {
  it('are what the declarations say (run `npm run gen:props` when this fails)', () => {
    const files = generateJsonSchemas(ROOT);
    expect(Object.keys(files).sort()).toEqual(['lib/catalogue/schemas.generated.ts', 'schemas/catalogue.schema.json', 'schemas/course.schema.json', 'schemas/lifecycle.schema.json']);
    for (const [rel, text] of Object.entries(files)) expect(fs.readFileSync(path.join(ROOT, rel), 'utf8')).toBe(text);
  });

  it('carry the hub props\' own types and descriptions, closed objects and the bound tags', () => {
    const p = (COURSE_FILE_SCHEMA as any).properties;
    expect(p.students).toMatchObject({ type: 'integer', minimum: 1, maximum: 5000 });
    expect(p.maxConcurrentUsers.description).toMatch(/Servers running at once at most/);
    expect(p.culling.anyOf[0]).toEqual({ const: false });
    expect(p.profiles.items.additionalProperties).toBe(false);
    expect(p.profiles.items.properties.gpus.type).toBe('number');
    expect((COURSE_FILE_SCHEMA as any).additionalProperties).toBe(false);
    expect((COURSE_FILE_SCHEMA as any).required).toEqual(expect.arrayContaining(['title', 'login', 'image', 'students']));
  });

  it('fails the generator on a type that is not data', () => {
    // The generator refuses classes and functions: a file schema holds data only.
    const src = fs.readFileSync(path.join(ROOT, 'scripts/gen-props-schema.js'), 'utf8');
    expect(src).toMatch(/is not data/);
  });
});

describe('a course file with a mistake', () => {
  it('names the file, line and field of a misspelt key, with the key that was meant', () => {
    const c = catalogue({ course: edit(COURSE, 'memoryLimitGiB: 2', 'memoryLimitGib: 2') });
    expect(c.issues).toEqual([
      expect.objectContaining({ file: 'courses/demo/2026-spring/intro.yaml', line: 9, col: 1, field: 'memoryLimitGib', rule: 'catalogue-schema', message: 'the file has no key "memoryLimitGib", so its value would be ignored.', fix: 'did you mean "memoryLimitGiB"? Rename the key.' }),
    ]);
    expect(c.courses).toEqual([]);
  });

  it('finds a misspelt key in a nested list item', () => {
    const c = catalogue({ course: edit(COURSE, '    gpus: 1', '    gpu: 1') });
    expect(c.issues).toEqual([expect.objectContaining({ line: 15, col: 5, field: 'profiles[1].gpu', fix: 'did you mean "gpus"? Rename the key.' })]);
  });

  it('names a wrong type and a quoted number', () => {
    const c = catalogue({ course: edit(COURSE, 'students: 120', 'students: "120"') });
    expect(c.issues).toEqual([expect.objectContaining({ line: 7, field: 'students', message: 'must be a whole number, not a string.', fix: 'write the number without quotes: 120.' })]);
  });

  it('names a missing required key at its parent', () => {
    const c = catalogue({ course: edit(COURSE, 'title: Introduction to Programming\n', '') });
    expect(c.issues).toEqual([expect.objectContaining({ line: 1, field: 'title', message: 'title is missing.' })]);
  });

  it('names a YAML syntax error with its line', () => {
    const c = catalogue({ course: edit(COURSE, 'students: 120', 'students 120') });
    expect(c.issues).toEqual([expect.objectContaining({ file: 'courses/demo/2026-spring/intro.yaml', rule: 'catalogue-yaml', line: 7, col: 1, message: 'not valid YAML: Implicit keys need to be on a single line' })]);
  });

  it('refuses a duplicate key (YAML keeps only one of them)', () => {
    const c = catalogue({ course: edit(COURSE, 'students: 120', 'students: 120\nstudents: 90') });
    expect(c.issues[0]).toMatchObject({ rule: 'catalogue-yaml', line: 8 });
    expect(c.issues[0].message).toMatch(/unique/);
  });

  it('suggests the enum value that was meant', () => {
    expect(checkSchema({ enum: ['nbgrader', 'rstudio'] }, 'nbgrade')).toEqual([expect.objectContaining({ fix: 'did you mean "nbgrader"?' })]);
  });

  it('checks bounds, dates and patterns', () => {
    expect(catalogue({ course: edit(COURSE, 'students: 120', 'students: 0') }).issues[0]).toMatchObject({ field: 'students', message: 'must be at least 1.' });
    const bad = catalogue({ lifecycle: 'date: 2026-02-30\n' });
    expect(bad.issues).toEqual([expect.objectContaining({ file: 'courses/demo/lifecycle.yaml', line: 1, field: 'date', message: 'must be a day written YYYY-MM-DD.' })]);
    expect(catalogue({ course: edit(COURSE, '  use: moodle', '  use: Moodle!') }).issues[0]).toMatchObject({ field: 'login.use', line: 4 });
  });

  it('takes `nbgrader: true` and the object form, but names the object form\'s own mistakes', () => {
    expect(catalogue({ course: edit(COURSE, 'nbgrader: true', 'nbgrader:\n  courseId: intro') }).issues).toEqual([]);
    expect(catalogue({ course: edit(COURSE, 'nbgrader: true', 'nbgrader:\n  courseID: intro') }).issues).toEqual([expect.objectContaining({ field: 'nbgrader.courseID', fix: 'did you mean "courseId"? Rename the key.' })]);
    expect(catalogue({ course: edit(COURSE, 'nbgrader: true', 'nbgrader: yes') }).issues).toEqual([expect.objectContaining({ field: 'nbgrader', message: expect.stringMatching(/^must be a boolean or a mapping/) })]);
  });
});
