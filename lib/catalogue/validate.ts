/**
 * Checking one course file as the course portal (and an editor's save hook) needs it: the text of a
 * file that is not written yet, against the catalogue as it is, with every rule synth would apply
 * to it — YAML, the JSON Schema, the catalogue's rules, and the rules of the hub it becomes — each
 * issue naming the file, line and field.
 *
 * ```ts
 * const sources = readCatalogue('courses/eth-teaching');
 * const { issues } = checkCourseText(text, { file: 'courses/eth-teaching/2025-autumn/new-course.yaml', sources, spec: ethTeaching });
 * ```
 */
import { collect } from '../fleet/synth';
import { ClusterApp } from '../fleet/cluster-app';
import { ClusterSpec } from '../fleet/cluster-spec';
import { CourseJupyterHub } from '../hub/course-jupyterhub';
import { FileIssue } from './file-issue';
import { Catalogue, CatalogueSources, LoadedCourse, parseCatalogue, ParseOptions, withCourse } from './load';
import { CatalogueHubOptions, courseHubProps, placeFileIssue } from './props';

/** Options of {@link checkCourseText}. */
export interface CheckCourseOptions extends ParseOptions {
  /** Where the file is (or will be): `courses/<cluster>/<term>/<course>.yaml`; its name is the course id. */
  readonly file: string;
  /** The catalogue it joins (readCatalogue), without or with an older version of this file. */
  readonly sources: CatalogueSources;
  /** The cluster: with it, the rules of the hub the course becomes run too. @default undefined (file and catalogue rules only) */
  readonly spec?: ClusterSpec;
  /** What the app gives the catalogue's hubs (homes' StorageClass). @default {} */
  readonly hubOptions?: CatalogueHubOptions;
}

/** What {@link checkCourseText} found. */
export interface CourseCheck {
  /** Problems of this file (and of catalogue.yaml, which the course cannot be checked without), errors and warnings. */
  readonly issues: readonly FileIssue[];
  /** The course as the catalogue resolves it, when it has no error. */
  readonly course?: LoadedCourse;
  readonly catalogue: Catalogue;
}

/** The issues of a hub built from a course alone on the cluster, placed in its file. */
export function hubIssues(cat: Catalogue, c: LoadedCourse, spec: ClusterSpec, options: CatalogueHubOptions = {}): FileIssue[] {
  const app = new ClusterApp(spec);
  let hub: CourseJupyterHub;
  try {
    hub = new CourseJupyterHub(app, c.id, courseHubProps(cat, c, options));
  } catch (e) {
    return [{ file: c.source.file, line: 1, col: 1, field: '', message: `the hub cannot be built: ${(e as Error).message}`, fix: 'correct the course file.', rule: 'catalogue-hub' }];
  }
  const here = hub.node.path;
  return collect(app)
    .issues.filter((i) => i.path === here || i.path.startsWith(`${here}/`))
    .map((i) => placeFileIssue(cat, c, i));
}

/** Check the text of one course file against the catalogue it joins. */
export function checkCourseText(text: string, o: CheckCourseOptions): CourseCheck {
  const cat = parseCatalogue(withCourse(o.sources, { file: o.file, text }), o);
  const settingsFile = o.sources.catalogue?.file;
  const mine = cat.issues.filter((i) => i.file === o.file || i.file === settingsFile || i.file.startsWith(o.file.replace(/[^/]*$/, '')) && i.rule === 'catalogue-roster');
  const course = cat.courses.find((c) => c.source.file === o.file);
  const hub = course && o.spec ? hubIssues(cat, course, o.spec, o.hubOptions) : [];
  return { issues: [...mine, ...hub], ...(course && !hub.some((i) => i.severity !== 'warning') ? { course } : {}), catalogue: cat };
}
