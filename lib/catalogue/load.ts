/**
 * Reading a cluster's course catalogue: `courses/<cluster>/catalogue.yaml` (terms, logins, images,
 * defaults, policy), `lifecycle.yaml` (the recorded day and archive runs) and one YAML file per course
 * under a folder per term (`<term>/<course>.yaml`, rosters next to them). Reading the files
 * ({@link readCatalogue}) is apart from checking them ({@link parseCatalogue}), so the course portal
 * can check a course file that is not written yet against the catalogue as it is.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RosterEntry } from '../hub/course-staff';
import { FileIssue, schemaIssues } from './file-issue';
import { archiveOf, CourseLifecycle, lifecycleOn, TermDates, termDates } from '../fleet/course-lifecycle';
import { parseRoster } from './roster';
import { catalogueRules, courseRules } from './rules';
import { CATALOGUE_FILE_SCHEMA, COURSE_FILE_SCHEMA, LIFECYCLE_FILE_SCHEMA } from './schemas.generated';
import { CatalogueFile, CourseFile, LifecycleFile } from './types';
import { parseYamlSource, YamlSource } from './yaml-source';

/** One file's name (as messages show it) and text. */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}

/** The catalogue's files as read (or as the portal would write them). */
export interface CatalogueSources {
  /** The cluster's name (the folder `courses/<cluster>`). */
  readonly cluster: string;
  readonly catalogue?: SourceText;
  readonly lifecycle?: SourceText;
  /** Every course file, with the term folder it is in ('' directly in the cluster's folder). */
  readonly courses: ReadonlyArray<SourceText & { readonly folder: string }>;
  /** Other files next to course files (rosters), by their name as messages show it. */
  readonly extra: ReadonlyMap<string, string>;
}

/** One course, checked and resolved. */
export interface LoadedCourse {
  /** The file name without `.yaml`: the hub's id. */
  readonly id: string;
  readonly source: YamlSource;
  readonly course: CourseFile;
  readonly term: string;
  readonly dates: TermDates;
  readonly lifecycle: CourseLifecycle;
  readonly roster?: readonly RosterEntry[];
}

/** A cluster's catalogue, checked. Courses with problems are left out of `courses`. */
export interface Catalogue {
  readonly cluster: string;
  readonly settings: CatalogueFile;
  readonly settingsSource?: YamlSource;
  readonly record: LifecycleFile;
  /** The day the courses' states are computed for. */
  readonly day: string;
  readonly courses: readonly LoadedCourse[];
  readonly issues: readonly FileIssue[];
}

/** File names of a catalogue folder. */
export const CATALOGUE_FILE = 'catalogue.yaml';
export const LIFECYCLE_FILE = 'lifecycle.yaml';

/** How a path is shown: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}

/** Read `dir` (`courses/<cluster>`): the catalogue, the record, every `<term>/<course>.yaml` and the files next to them. */
export function readCatalogue(dir: string): CatalogueSources {
  const cluster = path.basename(dir);
  const read = (f: string): SourceText | undefined => (fs.existsSync(f) ? { file: displayPath(f), text: fs.readFileSync(f, 'utf8') } : undefined);
  const courses: Array<SourceText & { folder: string }> = [];
  const extra = new Map<string, string>();
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)) : [];
  const take = (folder: string, base: string) => {
    for (const e of fs.readdirSync(base, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!e.isFile()) continue;
      const f = path.join(base, e.name);
      if (/\.ya?ml$/.test(e.name)) courses.push({ ...read(f)!, folder });
      else extra.set(displayPath(f), fs.readFileSync(f, 'utf8'));
    }
  };
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith('.')) take(e.name, path.join(dir, e.name));
  }
  // Course files directly in the cluster's folder (they name their term).
  for (const e of entries) {
    if (e.isFile() && /\.ya?ml$/.test(e.name) && e.name !== CATALOGUE_FILE && e.name !== LIFECYCLE_FILE) courses.push({ ...read(path.join(dir, e.name))!, folder: '' });
  }
  return { cluster, catalogue: read(path.join(dir, CATALOGUE_FILE)), lifecycle: read(path.join(dir, LIFECYCLE_FILE)), courses, extra };
}

/** The course id of a course file: its name without `.yaml`. */
export const courseIdOf = (file: string) => path.basename(file).replace(/\.ya?ml$/, '');

/** Options of {@link parseCatalogue}. */
export interface ParseOptions {
  /** Compute the states for this day instead of the recorded one (capacity planning, the portal). @default lifecycle.yaml's date */
  readonly day?: string;
}

/** Check every file of a catalogue and resolve its courses. */
export function parseCatalogue(src: CatalogueSources, options: ParseOptions = {}): Catalogue {
  const issues: FileIssue[] = [];
  const missing = (file: string, what: string, fix: string): FileIssue => ({ file, line: 1, col: 1, field: '', message: `${what} is missing.`, fix, rule: 'catalogue-files' });
  let settings: CatalogueFile = { terms: {}, logins: {} };
  let settingsSource: YamlSource | undefined;
  if (!src.catalogue) issues.push(missing(`courses/${src.cluster}/${CATALOGUE_FILE}`, 'the catalogue settings (terms and logins)', `write courses/${src.cluster}/${CATALOGUE_FILE} (lib/catalogue/README.md has an example).`));
  else {
    settingsSource = parseYamlSource(src.catalogue.file, src.catalogue.text);
    const found = schemaIssues(settingsSource, CATALOGUE_FILE_SCHEMA, 'catalogue-schema');
    issues.push(...found);
    if (found.length === 0) {
      settings = settingsSource.value as CatalogueFile;
      issues.push(...catalogueRules(settingsSource, settings));
    }
  }
  let record: LifecycleFile = { date: options.day ?? '' };
  if (!src.lifecycle) {
    if (!options.day) issues.push(missing(`courses/${src.cluster}/${LIFECYCLE_FILE}`, 'the lifecycle record (the day the catalogue is at)', `run \`hubfleet lifecycle advance --cluster ${src.cluster} --date <YYYY-MM-DD>\`.`));
  } else {
    const s = parseYamlSource(src.lifecycle.file, src.lifecycle.text);
    const found = schemaIssues(s, LIFECYCLE_FILE_SCHEMA, 'catalogue-schema');
    issues.push(...found);
    if (found.length === 0) record = s.value as LifecycleFile;
  }
  const day = options.day ?? record.date;
  const settingsOk = !issues.some((i) => i.file === src.catalogue?.file && i.severity !== 'warning');
  const courses: LoadedCourse[] = [];
  const byId = new Map<string, string>();
  for (const c of src.courses) {
    const source = parseYamlSource(c.file, c.text);
    const id = courseIdOf(c.file);
    const found = schemaIssues(source, COURSE_FILE_SCHEMA, 'catalogue-schema');
    if (byId.has(id)) found.push({ file: c.file, line: 1, col: 1, field: '', value: id, message: `the course id "${id}" is also ${byId.get(id)}: ids name hubs and namespaces and must be unique in a cluster.`, fix: 'rename one of the files (the file name is the course id).', rule: 'catalogue-course-id' });
    byId.set(id, c.file);
    issues.push(...found);
    if (found.length || !settingsOk) continue;
    const course = source.value as CourseFile;
    const rosterFile = course.roster ? path.posix.join(path.posix.dirname(c.file), course.roster.file) : undefined;
    const rosterText = rosterFile !== undefined ? src.extra.get(rosterFile) : undefined;
    const roster = rosterFile !== undefined && rosterText !== undefined ? parseRoster(rosterFile, rosterText) : undefined;
    const problems = courseRules({ id, source, course, folder: c.folder, settings, settingsSource, roster: roster?.entries, rosterFile, rosterFound: rosterText !== undefined });
    issues.push(...problems, ...(roster?.issues ?? []));
    if (problems.some((p) => p.severity !== 'warning') || roster?.issues.length) continue;
    const term = course.term ?? c.folder;
    const dates = termDates(settings.terms[term], course.dates);
    courses.push({ id, source, course, term, dates, lifecycle: lifecycleOn(id, term, dates, day, record.archives ?? []), ...(roster ? { roster: roster.entries } : {}) });
  }
  return { cluster: src.cluster, settings, ...(settingsSource ? { settingsSource } : {}), record, day, courses, issues };
}

/** What a build in {@link inCatalogueContext} sees instead of the files as they are. */
export interface CatalogueContext {
  /** Compute the states for this day instead of the recorded one. */
  readonly day?: string;
  /** Change the sources of one cluster's catalogue before they are checked (the portal's request). */
  readonly change?: { readonly cluster: string; readonly edit: (src: CatalogueSources) => CatalogueSources };
}

let context: CatalogueContext = {};

/**
 * Run `fn` (building a cluster's app stack) with every catalogue loaded in it seen through `ctx`:
 * `hubfleet capacity --date`, `hubfleet lifecycle` and the portal's verdict plan a day other than
 * the recorded one, or a course that is not written yet. Synth never calls it.
 */
export function inCatalogueContext<T>(ctx: CatalogueContext, fn: () => T): T {
  const was = context;
  context = { ...was, ...ctx };
  try {
    return fn();
  } finally {
    context = was;
  }
}

/** {@link inCatalogueContext} for a day only. */
export function onDay<T>(day: string | undefined, fn: () => T): T {
  return inCatalogueContext(day ? { day } : {}, fn);
}

/** A course file added or replaced in the sources (the course portal's request). */
export function withCourse(src: CatalogueSources, course: SourceText): CatalogueSources {
  const folder = path.posix.basename(path.posix.dirname(course.file));
  const entry = { ...course, folder: folder === src.cluster ? '' : folder };
  const courses = src.courses.some((c) => c.file === course.file) ? src.courses.map((c) => (c.file === course.file ? entry : c)) : [...src.courses, entry];
  return { ...src, courses };
}

/** Read and check `dir` (as {@link inCatalogueContext} says when inside it). */
export function loadCatalogue(dir: string, options: ParseOptions = {}): Catalogue {
  let src = readCatalogue(dir);
  if (context.change && context.change.cluster === src.cluster) src = context.change.edit(src);
  return parseCatalogue(src, { ...options, day: options.day ?? context.day });
}

export { archiveOf };
