/**
 * A course of the catalogue as the props of its hub: the catalogue's defaults, then the course
 * file; the login, images and GPU nodes of catalogue.yaml; the homes' StorageClass from the app.
 * And the way back: a hub issue's field → where the course file (or catalogue.yaml) writes it.
 */
import { Issue } from '../core/errors';
import { HubAuth } from '../hub/auth';
import { GradesOptions } from '../grades/grades-options';
import { CourseJupyterHubProps, HomeStorage } from '../hub/course-jupyterhub';
import { ServerProfile } from '../hub/singleuser/profiles';
import { UserImage } from '../hub/user-image';
import { IStorageClass } from '../core/storage-class-ref';
import { FileIssue, toIssue } from './file-issue';
import { Catalogue, LoadedCourse } from './load';
import { CatalogueFile, CourseProfile } from './types';
import { FieldPath, fieldName, YamlSource } from './yaml-source';

/** What the app gives the catalogue's hubs besides the files. */
export interface CatalogueHubOptions {
  /** Where homes live (e.g. an NfsProvisioner's homes class). @default the cluster's default for homes */
  readonly homeStorageClass?: IStorageClass;
}

/** An image of the catalogue by name (or a pinned reference when it lists none). */
export function catalogueImage(settings: CatalogueFile, name: string): string | UserImage {
  const img = settings.images?.[name];
  return img ? UserImage.of(img.ref, { provides: img.provides ?? [] }) : name;
}

/** The login of a course. */
export function courseAuth(settings: CatalogueFile, c: LoadedCourse): HubAuth {
  const login = settings.logins[c.course.login.use];
  const clientIds = c.course.login.clientIds ?? [];
  if ('moodle' in login) {
    const { url, lmsCidrs: _cidrs, ...rest } = login.moodle;
    return HubAuth.moodle(url, clientIds, rest);
  }
  const { lmsCidrs: _cidrs, ...lti13 } = login.lti13;
  return HubAuth.lti13({ ...lti13, clientIds });
}

/** The grade service of a course: the course file's `grades` and where its login's LMS is. */
export function courseGrades(settings: CatalogueFile, c: LoadedCourse): GradesOptions | undefined {
  const g = c.course.grades;
  if (!g) return undefined;
  const login = settings.logins[c.course.login.use];
  const lmsCidrs = login && ('moodle' in login ? login.moodle.lmsCidrs : login.lti13.lmsCidrs);
  return { lms: 'lti13', ...(lmsCidrs ? { lmsCidrs: [...lmsCidrs] } : {}), ...(g === true ? {} : g) };
}

function profileProps(settings: CatalogueFile, p: CourseProfile): ServerProfile {
  const { image, ...rest } = p;
  const gpu = (p.gpus ?? 0) > 0;
  const nodeSelector = settings.gpus?.nodeSelector;
  return {
    ...rest,
    ...(image !== undefined ? { image: catalogueImage(settings, image) } : {}),
    ...(gpu && nodeSelector && Object.keys(nodeSelector).length ? { nodeSelector: { ...nodeSelector } } : {}),
    ...(gpu && settings.gpus?.resource ? { gpuResource: settings.gpus.resource } : {}),
  };
}

/** The props of a course's hub. */
export function courseHubProps(cat: Catalogue, c: LoadedCourse, options: CatalogueHubOptions = {}): CourseJupyterHubProps {
  const s = cat.settings;
  const d = s.defaults ?? {};
  const f = c.course;
  const pick = <K extends keyof typeof d & keyof typeof f>(k: K) => (f[k] !== undefined ? f[k] : d[k]);
  const homeFile = f.home !== undefined ? f.home : d.home;
  const home: HomeStorage | false =
    homeFile === false ? false : { ...(options.homeStorageClass ? { storageClass: options.homeStorageClass } : {}), sizeGiB: homeFile?.sizeGiB ?? 10 };
  const nb = f.nbgrader === true ? {} : f.nbgrader || undefined;
  const hubFields = (['maxConcurrentUsers', 'cpuGuarantee', 'cpuLimit', 'memoryGuaranteeGiB', 'memoryLimitGiB', 'defaultUrl', 'startTimeoutSeconds', 'culling', 'environment', 'internetAccess'] as const)
    .filter((k) => pick(k) !== undefined)
    .map((k) => [k, pick(k)]);
  return {
    title: f.title,
    students: f.students,
    ...Object.fromEntries(hubFields),
    home,
    image: catalogueImage(s, f.image),
    auth: courseAuth(s, c),
    ...(f.profiles?.length ? { profiles: f.profiles.map((p) => profileProps(s, p)) } : {}),
    ...(nb ? { nbgrader: { instructors: [...(f.staff?.instructors?.users ?? [])], ...nb } } : {}),
    ...(f.staff ? { staff: f.staff } : {}),
    ...(c.roster?.length ? { roster: c.roster } : {}),
    ...((g) => (g ? { grades: g } : {}))(courseGrades(s, c)),
    lifecycle: c.lifecycle,
  };
}

/** Where a hub prop is written in a course file (the reverse of {@link courseHubProps}). */
const FIELD_MAP: ReadonlyArray<[RegExp, (m: RegExpExecArray) => FieldPath]> = [
  [/^nbgrader\.instructors/, () => ['staff', 'instructors', 'users']],
  [/^nbgrader\.(.*)$/, (m) => ['nbgrader', m[1]]],
  [/^auth\.clientIds/, () => ['login', 'clientIds']],
  [/^auth\b/, () => ['login', 'use']],
  [/^home\.sizeGiB/, () => ['home', 'sizeGiB']],
  [/^profiles\[(\d+)\]\.(\w+)/, (m) => ['profiles', Number(m[1]), m[2]]],
  [/^profiles/, () => ['profiles']],
  [/^staff\.(.*)$/, (m) => ['staff', ...m[1].split('.')]],
  [/^grades\.(lms|lmsCidrs)$/, () => ['grades']],
  [/^grades\.(\w+)/, (m) => ['grades', m[1]]],
  [/^lifecycle/, () => ['term']],
  [/^(id|namespace|host|basePath)$/, () => []],
];

/** The course file's path of a hub issue's field (`startTimeoutSeconds/culling` → the first). */
export function fileFieldOf(field: string): FieldPath {
  const first = field.split('/')[0].replace(/^[A-Za-z]+\/\S+ /, '');
  for (const [re, to] of FIELD_MAP) {
    const m = re.exec(first);
    if (m) return to(m);
  }
  return first.split('.').filter(Boolean);
}

/**
 * An issue of a course's hub, placed in the course file (or in catalogue.yaml when the value came
 * from its defaults), keeping the rule, message and fix.
 */
export function placeFileIssue(cat: Catalogue, c: LoadedCourse, issue: Issue): FileIssue {
  const want = fileFieldOf(issue.field);
  const inFile = (src: YamlSource, p: FieldPath) => src.keyAt(p) ?? (p.length > 1 ? src.keyAt(p.slice(0, -1)) : undefined);
  let src: YamlSource = c.source;
  let at = want.length ? inFile(c.source, want) : undefined;
  let p = want;
  // Where the LMS is belongs to the login in catalogue.yaml (logins.<name>.<kind>.lmsCidrs).
  const login = cat.settings.logins[c.course.login.use];
  if (issue.field === 'grades.lmsCidrs' && cat.settingsSource && login) {
    const lp: FieldPath = ['logins', c.course.login.use, 'moodle' in login ? 'moodle' : 'lti13', 'lmsCidrs'];
    const hit = cat.settingsSource.keyAt(lp);
    if (hit) [src, at, p] = [cat.settingsSource, hit, lp];
  }
  if (!at && cat.settingsSource && want.length) {
    const dp: FieldPath = ['defaults', ...want];
    const hit = inFile(cat.settingsSource, dp);
    if (hit) [src, at, p] = [cat.settingsSource, hit, dp];
  }
  const pos = at ?? c.source.nearest(want);
  return { file: src.file, line: pos.line, col: pos.col, field: fieldName(p) || issue.field, value: issue.value, message: issue.message, fix: issue.fix, rule: issue.rule, ...(issue.severity === 'warning' ? { severity: 'warning' as const } : {}) };
}

/** {@link placeFileIssue} as a hubfleet Issue (path `file:line:col`). */
export function placeIssue(cat: Catalogue, c: LoadedCourse, issue: Issue): Issue {
  return toIssue(placeFileIssue(cat, c, issue));
}
