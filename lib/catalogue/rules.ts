/**
 * The catalogue's own rules, beyond what the JSON Schema says: references between the files (terms,
 * logins, images, roster sections and groups), the order of a term's dates and the cluster's policy.
 * Each row has a "fails …" test in test/catalogue/rules.test.ts. The hub's own rules (sizes, images,
 * logins) run on the props a course becomes (lib/catalogue/validate.ts maps them back to the file).
 */
import { isDnsLabel, isPinnedImage } from '../core/names';
import { closestKey } from '../core/closest';
import { RosterEntry, sectionGroup, STAFF_GROUPS } from '../hub/course-staff';
import { FileIssue, issueAt } from './file-issue';
import { dateOrderProblems, TermDates, termDates } from '../fleet/course-lifecycle';
import { rosterGroups } from './roster';
import { CatalogueFile, CourseFile, CourseProfile, TermSpec } from './types';
import { FieldPath, YamlSource } from './yaml-source';

/** What a rule reports: the field, its value, what is wrong and the fix. */
export interface Finding {
  readonly path: FieldPath;
  readonly value?: unknown;
  readonly message: string;
  readonly fix: string;
  /** Report it in catalogue.yaml instead of the course file. */
  readonly inSettings?: boolean;
  readonly severity?: 'error' | 'warning';
}

/** A row of a catalogue rule table. */
export interface CatalogueRule<C> {
  readonly id: string;
  /** What it guards. */
  readonly what: string;
  readonly check: (c: C) => Finding[];
}

/** What a course rule sees. */
export interface CourseContext {
  readonly id: string;
  readonly source: YamlSource;
  readonly course: CourseFile;
  /** The term folder the file is in ('' for none). */
  readonly folder: string;
  readonly settings: CatalogueFile;
  readonly settingsSource?: YamlSource;
  readonly roster?: readonly RosterEntry[];
  readonly rosterFile?: string;
  readonly rosterFound: boolean;
}

const suggest = (name: string, known: readonly string[], what: string) => {
  const guess = closestKey(name, known);
  return guess ? `did you mean "${guess}"?` : known.length ? `use one of ${known.map((k) => `"${k}"`).join(', ')}.` : `add ${what} first.`;
};

const termOf = (c: CourseContext) => c.course.term ?? c.folder;

/** The course's effective value of a hub field: its own, else the catalogue's default. */
function effective<K extends keyof CourseFile & keyof NonNullable<CatalogueFile['defaults']>>(c: CourseContext, k: K): { value: unknown; path: FieldPath; inSettings: boolean } | undefined {
  if (c.course[k] !== undefined) return { value: c.course[k], path: [k], inSettings: false };
  const d = c.settings.defaults?.[k];
  return d !== undefined ? { value: d, path: ['defaults', k], inSettings: true } : undefined;
}

/** Every size field of the course and its profiles, with where it is written. */
function sizes(c: CourseContext, field: 'cpuLimit' | 'memoryLimitGiB'): Array<{ value: number; path: FieldPath; inSettings: boolean }> {
  const out: Array<{ value: number; path: FieldPath; inSettings: boolean }> = [];
  const e = effective(c, field);
  if (e && typeof e.value === 'number') out.push({ value: e.value, path: e.path, inSettings: e.inSettings });
  (c.course.profiles ?? []).forEach((p: CourseProfile, i) => {
    if (typeof p[field] === 'number') out.push({ value: p[field]!, path: ['profiles', i, field], inSettings: false });
  });
  return out;
}

/** The hub groups a profile may name: the course's, the roster's and the login's LTI role groups. */
function knownGroups(c: CourseContext): string[] {
  const r = rosterGroups(c.roster ?? []);
  const login = c.settings.logins[c.course.login.use];
  const roleGroups = login ? Object.keys(('moodle' in login ? login.moodle.roleGroups : login.lti13.roleGroups) ?? {}) : [];
  return [...new Set([STAFF_GROUPS.instructors, STAFF_GROUPS.students, 'graders', ...r.groups, ...r.sections.map(sectionGroup), ...roleGroups])].sort();
}

/** The rules every course file must meet. */
export const COURSE_RULES: readonly CatalogueRule<CourseContext>[] = [
  {
    id: 'catalogue-course-id',
    what: 'the file name (the course id) names the hub, its namespace and host',
    check: (c) => (isDnsLabel(c.id) && c.id.length <= 40 ? [] : [{ path: [], value: c.id, message: `the file name "${c.id}" is the course id, which names the namespace course-<id> and the host; it must be a DNS label of at most 40 characters.`, fix: 'rename the file to lowercase letters, digits and "-", e.g. intro-programming.yaml.' }]),
  },
  {
    id: 'catalogue-term',
    what: 'the course names a term of catalogue.yaml, and the folder it is in agrees',
    check: (c) => {
      const terms = Object.keys(c.settings.terms);
      if (c.course.term !== undefined && c.folder && c.course.term !== c.folder) {
        return [{ path: ['term'], value: c.course.term, message: `the file is in the folder of term "${c.folder}" but says term "${c.course.term}".`, fix: `move the file to courses/<cluster>/${c.course.term}/, or remove the term key.` }];
      }
      const term = termOf(c);
      if (!term) return [{ path: [], value: undefined, message: 'the course names no term: it is not in a term folder and has no term key.', fix: `move it into a term folder (${terms.join(', ') || 'add a term to catalogue.yaml'}) or add term:.` }];
      if (c.settings.terms[term]) return [];
      return [{ path: c.course.term !== undefined ? ['term'] : [], value: term, message: `term "${term}" is not one of catalogue.yaml's terms.`, fix: suggest(term, terms, 'the term to catalogue.yaml') }];
    },
  },
  {
    id: 'catalogue-dates',
    what: "the course's term dates are in order (prepare, open, close, archive, delete)",
    check: (c) => {
      const term = c.settings.terms[termOf(c)];
      if (!term) return [];
      const d: TermDates = termDates(term, c.course.dates);
      return dateOrderProblems(d).map((p) => {
        const own = c.course.dates && p.field in c.course.dates;
        return { path: own ? ['dates', p.field] : ['terms', termOf(c), p.field], inSettings: !own, value: d[p.field as keyof TermDates], message: p.message, fix: 'put the dates in order: prepareFrom ≤ opens < closes < archiveAfter < deleteAfter.' };
      });
    },
  },
  {
    id: 'catalogue-login',
    what: 'the login is one of catalogue.yaml, and an LTI login has the client ID of this course',
    check: (c) => {
      const logins = Object.keys(c.settings.logins);
      const l = c.settings.logins[c.course.login.use];
      if (!l) return [{ path: ['login', 'use'], value: c.course.login.use, message: `login "${c.course.login.use}" is not one of catalogue.yaml's logins.`, fix: suggest(c.course.login.use, logins, 'the login to catalogue.yaml') }];
      if (!c.course.login.clientIds?.length) return [{ path: ['login'], value: c.course.login, message: `login "${c.course.login.use}" is LTI 1.3: the hub accepts only launches of the client IDs the LMS gave this course.`, fix: 'register the hub as a tool in the LMS and add login.clientIds: [<client id>].' }];
      return [];
    },
  },
  {
    id: 'catalogue-image',
    what: "the image (and every profile's) is one of catalogue.yaml's images, or pinned when it lists none",
    check: (c) => {
      const images = Object.keys(c.settings.images ?? {});
      const one = (image: string, path: FieldPath): Finding[] => {
        if (images.length) return images.includes(image) ? [] : [{ path, value: image, message: `image "${image}" is not one of the catalogue's images.`, fix: suggest(image, images, 'the image to catalogue.yaml') }];
        return isPinnedImage(image) ? [] : [{ path, value: image, message: 'the image is not pinned to a tag or digest (or uses "latest").', fix: 'pin it, e.g. "quay.io/jupyter/scipy-notebook:2025-10-20", or list the allowed images in catalogue.yaml.' }];
      };
      return [...one(c.course.image, ['image']), ...(c.course.profiles ?? []).flatMap((p, i) => (p.image !== undefined ? one(p.image, ['profiles', i, 'image']) : []))];
    },
  },
  {
    id: 'catalogue-policy',
    what: "the course stays within the cluster's policy",
    check: (c) => {
      const p = c.settings.policy ?? {};
      const out: Finding[] = [];
      const over = (limit: number | undefined, v: { value: number; path: FieldPath; inSettings: boolean }, what: string) => {
        if (limit !== undefined && v.value > limit) out.push({ path: v.path, inSettings: v.inSettings, value: v.value, message: `${what} ${v.value} is above the cluster's policy (${limit}).`, fix: `lower it to ${limit} or less, or ask the platform team to raise policy in catalogue.yaml.` });
      };
      over(p.maxStudents ?? 5000, { value: c.course.students, path: ['students'], inSettings: false }, 'students');
      const conc = effective(c, 'maxConcurrentUsers');
      if (conc && typeof conc.value === 'number') over(p.maxConcurrentUsers, { ...conc, value: conc.value }, 'maxConcurrentUsers');
      for (const s of sizes(c, 'cpuLimit')) over(p.maxCpuLimit, s, 'the CPU limit');
      for (const s of sizes(c, 'memoryLimitGiB')) over(p.maxMemoryLimitGiB, s, 'the memory limit (GiB)');
      const home = c.course.home !== undefined ? { h: c.course.home, path: ['home', 'sizeGiB'], inSettings: false } : { h: c.settings.defaults?.home, path: ['defaults', 'home', 'sizeGiB'], inSettings: true };
      if (home.h && typeof home.h.sizeGiB === 'number') over(p.maxHomeSizeGiB, { value: home.h.sizeGiB, path: home.path, inSettings: home.inSettings }, 'the home size (GiB)');
      (c.course.profiles ?? []).forEach((pr, i) => {
        if ((pr.gpus ?? 0) > (p.maxGpus ?? 0)) out.push({ path: ['profiles', i, 'gpus'], value: pr.gpus, message: `${pr.gpus} GPU${pr.gpus === 1 ? '' : 's'} per server is above the cluster's policy (${p.maxGpus ?? 0}).`, fix: (p.maxGpus ?? 0) > 0 ? `lower gpus to ${p.maxGpus}.` : 'remove gpus: this cluster offers no GPU profiles (policy.maxGpus).' });
      });
      return out;
    },
  },
  {
    id: 'catalogue-roster',
    what: 'a roster names a file next to the course file',
    check: (c) => (c.course.roster && !c.rosterFound ? [{ path: ['roster', 'file'], value: c.course.roster.file, message: `the roster ${c.rosterFile} does not exist.`, fix: 'put the CSV file next to the course file, or correct roster.file.' }] : []),
  },
  {
    id: 'catalogue-sections',
    what: "graders' sections are sections of the roster",
    check: (c) => {
      const sections = Object.keys(c.course.staff?.graders?.sections ?? {});
      if (!sections.length) return [];
      const known = rosterGroups(c.roster ?? []).sections;
      return sections
        .filter((s) => !known.includes(s))
        .map((s) => ({ path: ['staff', 'graders', 'sections', s], value: s, message: c.course.roster ? `section "${s}" has no student in the roster.` : `section "${s}" needs a roster that puts students into sections.`, fix: c.course.roster ? suggest(s, known, 'students of that section to the roster') : 'add roster: { file: students.csv } with a section column.' }));
    },
  },
  {
    id: 'catalogue-profile-groups',
    what: 'profiles are restricted to groups the hub has (roster groups and sections, instructors, graders, students)',
    check: (c) => {
      const known = knownGroups(c);
      return (c.course.profiles ?? []).flatMap((p, i) =>
        (p.groups ?? []).flatMap((g, j) => (known.includes(g) ? [] : [{ path: ['profiles', i, 'groups', j], value: g, message: `group "${g}" is not a group of this hub, so nobody would see the profile.`, fix: suggest(g, known, 'the group to the roster') }])),
      );
    },
  },
  {
    id: 'catalogue-gpu-nodes',
    what: 'GPU profiles have GPU nodes to run on (catalogue.yaml gpus.nodeSelector)',
    check: (c) =>
      (c.course.profiles ?? []).some((p) => (p.gpus ?? 0) > 0) && !Object.keys(c.settings.gpus?.nodeSelector ?? {}).length
        ? [{ path: ['profiles'], value: undefined, severity: 'warning', message: 'GPU profiles run on any node the scheduler finds with a GPU; catalogue.yaml names no GPU nodes.', fix: 'set gpus.nodeSelector in catalogue.yaml to the GPU nodes\' labels.' }]
        : [],
  },
];

/** The rules of catalogue.yaml itself. */
export const SETTINGS_RULES: readonly CatalogueRule<CatalogueFile>[] = [
  {
    id: 'catalogue-term-names',
    what: 'term names are folder names and labels (lowercase, digits, "-")',
    check: (s) => Object.keys(s.terms).filter((t) => !isDnsLabel(t)).map((t) => ({ path: ['terms', t], value: t, message: 'a term name names a folder and a namespace annotation: lowercase letters, digits and "-".', fix: 'rename it, e.g. "2025-autumn".' })),
  },
  {
    id: 'catalogue-term-dates',
    what: "each term's dates are in order",
    check: (s) => Object.entries(s.terms).flatMap(([t, spec]: [string, TermSpec]) => dateOrderProblems(termDates(spec)).map((p) => ({ path: ['terms', t, p.field], value: (termDates(spec) as unknown as Record<string, unknown>)[p.field], message: p.message, fix: 'put the dates in order: prepareFrom ≤ opens < closes < archiveAfter < deleteAfter.' }))),
  },
  {
    id: 'catalogue-login-names',
    what: 'login names are labels',
    check: (s) => Object.keys(s.logins).filter((l) => !isDnsLabel(l)).map((l) => ({ path: ['logins', l], value: l, message: 'a login name is lowercase letters, digits and "-".', fix: 'rename it, e.g. "moodle".' })),
  },
  {
    id: 'catalogue-image-refs',
    what: 'every image of the catalogue is pinned, and its name is a label',
    check: (s) =>
      Object.entries(s.images ?? {}).flatMap(([name, img]) => [
        ...(isDnsLabel(name) ? [] : [{ path: ['images', name], value: name, message: 'an image name is lowercase letters, digits and "-".', fix: 'rename it, e.g. "scipy".' }]),
        ...(isPinnedImage(img.ref) ? [] : [{ path: ['images', name, 'ref'], value: img.ref, message: 'the image is not pinned to a tag or digest (or uses "latest").', fix: 'pin it, e.g. "quay.io/jupyter/scipy-notebook:2025-10-20".' }]),
      ]),
  },
];

/** Report findings of a table as file issues. */
function report<C>(rules: readonly CatalogueRule<C>[], c: C, src: YamlSource, settingsSource?: YamlSource): FileIssue[] {
  const out: FileIssue[] = [];
  for (const r of rules) {
    let found: Finding[];
    try {
      found = r.check(c);
    } catch (e) {
      found = [{ path: [], message: `the rule could not check the file: ${(e as Error).message}`, fix: 'correct the file so the rule can read it.' }];
    }
    for (const f of found) out.push(issueAt(f.inSettings && settingsSource ? settingsSource : src, f.path, { value: f.value, message: f.message, fix: f.fix, rule: r.id, severity: f.severity }));
  }
  return out;
}

/** The rules of one course file. */
export function courseRules(c: CourseContext): FileIssue[] {
  return report(COURSE_RULES, c, c.source, c.settingsSource);
}

/** The rules of catalogue.yaml. */
export function catalogueRules(src: YamlSource, settings: CatalogueFile): FileIssue[] {
  return report(SETTINGS_RULES, settings, src);
}
