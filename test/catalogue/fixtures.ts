/** A small catalogue in memory (the portal's view: files as text), and helpers to change one file of it. */
import { CatalogueSources, parseCatalogue, ParseOptions } from '../../lib/catalogue/load';

export const SETTINGS = `$schema: ../../schemas/catalogue.schema.json
terms:
  2026-spring:
    opens: 2026-02-16
    closes: 2026-06-15
    archiveAfter: 2026-07-01
    deleteAfter: 2027-07-01
logins:
  moodle:
    moodle:
      url: https://moodle.example.org
      staffAdmins: false
images:
  scipy:
    ref: ghcr.io/example/course-scipy:2026-01-12
    provides: [nbgrader, ngshare-exchange, nbgitpuller]
  pytorch:
    ref: ghcr.io/example/course-pytorch:2026-01-12
    provides: [nbgrader, ngshare-exchange]
defaults:
  cpuGuarantee: 0.1
  memoryGuaranteeGiB: 0.5
  home:
    sizeGiB: 5
policy:
  maxStudents: 800
  maxMemoryLimitGiB: 8
  maxGpus: 1
gpus:
  nodeSelector:
    hubfleet.io/gpu: "true"
`;

export const LIFECYCLE = `date: 2026-03-01
`;

export const COURSE = `$schema: ../../../schemas/course.schema.json
title: Introduction to Programming
login:
  use: moodle
  clientIds: [Xq3t9VwJ2m1aKpL]
image: scipy
students: 120
maxConcurrentUsers: 40
memoryLimitGiB: 2
profiles:
  - displayName: Standard
    default: true
  - displayName: GPU
    image: pytorch
    gpus: 1
    memoryGuaranteeGiB: 4
    memoryLimitGiB: 8
    groups: [gpu]
nbgrader: true
staff:
  instructors:
    users: [anna.keller@example.org]
  graders:
    sections:
      mon: [tom.tutor@example.org]
roster:
  file: intro-roster.csv
`;

export const ROSTER = `username,section,groups
ada@example.org,mon,gpu
alan@example.org,tue,
`;

/** The catalogue of cluster "demo" with its files replaced where given (undefined keeps, null removes). */
export function sources(o: { settings?: string | null; lifecycle?: string | null; course?: string; courseFile?: string; roster?: string | null; more?: Array<{ file: string; text: string; folder: string }> } = {}): CatalogueSources {
  const settings = o.settings === null ? undefined : o.settings ?? SETTINGS;
  const lifecycle = o.lifecycle === null ? undefined : o.lifecycle ?? LIFECYCLE;
  const courseFile = o.courseFile ?? 'courses/demo/2026-spring/intro.yaml';
  const extra = new Map<string, string>();
  if (o.roster !== null) extra.set('courses/demo/2026-spring/intro-roster.csv', o.roster ?? ROSTER);
  return {
    cluster: 'demo',
    ...(settings !== undefined ? { catalogue: { file: 'courses/demo/catalogue.yaml', text: settings } } : {}),
    ...(lifecycle !== undefined ? { lifecycle: { file: 'courses/demo/lifecycle.yaml', text: lifecycle } } : {}),
    courses: [{ file: courseFile, text: o.course ?? COURSE, folder: courseFile.split('/').slice(-2)[0] === 'demo' ? '' : courseFile.split('/').slice(-2)[0] }, ...(o.more ?? [])],
    extra,
  };
}

/** Parse the changed catalogue. */
export function catalogue(o: Parameters<typeof sources>[0] = {}, options: ParseOptions = {}) {
  return parseCatalogue(sources(o), options);
}

/** Replace the first occurrence of `from` in the course file (the test fails when it is missing). */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}
