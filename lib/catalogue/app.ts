/**
 * A cluster's app stack loads its catalogue: one CourseJupyterHub per course that is deployed on the
 * catalogue's day, with the props of its file (lib/catalogue/props.ts), its issues placed in the
 * file. TypeScript keeps the platform and the special cases (a login with a sealed secret, an exam).
 *
 * ```ts
 * const platform = new Platform(app);
 * const hubs = addCatalogue(app, loadCatalogue(catalogueDir('eth-teaching')), { homeStorageClass: platform.nfs.homes });
 * ```
 */
import * as fs from 'fs';
import * as path from 'path';
import { ValidationError } from '../core/errors';
import { declareSource } from '../core/sources';
import { ClusterApp } from '../fleet/cluster-app';
import { CourseJupyterHub } from '../hub/course-jupyterhub';
import { toIssue } from './file-issue';
import { CourseLifecycle, lifecycleOn, termDates } from '../fleet/course-lifecycle';
import { Catalogue } from './load';
import { TermDateOverrides } from './types';
import { CatalogueHubOptions, courseHubProps, placeIssue } from './props';

/** `courses/<cluster>` of the project: the first `courses` folder above `from` that has it. */
export function catalogueDir(cluster: string, from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'courses', cluster);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no folder courses/${cluster} above ${from}: create it (lib/catalogue/README.md)`);
  }
}

/**
 * The lifecycle of a course written in TypeScript (a special case) that follows a term of the
 * catalogue: the same phases on the same day as the catalogue's courses. Create its hub only when
 * the phase is not `planned`.
 */
export function termLifecycle(cat: Catalogue, course: string, term: string, overrides: TermDateOverrides = {}): CourseLifecycle {
  const spec = cat.settings.terms[term];
  if (!spec) throw new Error(`term ${term} is not one of the catalogue's terms (${Object.keys(cat.settings.terms).join(', ')})`);
  return lifecycleOn(course, term, termDates(spec, overrides), cat.day, cat.record.archives ?? []);
}

/**
 * Add a hub for every course of the catalogue that is deployed on its day. A catalogue with errors
 * stops the build with all of them (each naming its file, line and field); its warnings are
 * reported with the hubs.
 */
export function addCatalogue(app: ClusterApp, cat: Catalogue, options: CatalogueHubOptions = {}): Map<string, CourseJupyterHub> {
  const errors = cat.issues.filter((i) => i.severity !== 'warning');
  const warnings = cat.issues.filter((i) => i.severity === 'warning');
  if (errors.length) throw new ValidationError(errors.map(toIssue), warnings.map(toIssue));
  const hubs = new Map<string, CourseJupyterHub>();
  let reported = false;
  for (const c of cat.courses) {
    if (c.lifecycle.phase === 'planned') continue;
    const hub = new CourseJupyterHub(app, c.id, courseHubProps(cat, c, options));
    declareSource(hub, (i) => placeIssue(cat, c, i));
    // The catalogue's warnings, once, with the first hub (those of a course file with its hub).
    const mine = warnings.filter((w) => w.file === c.source.file || (!reported && !cat.courses.some((x) => x.source.file === w.file)));
    reported = true;
    if (mine.length) hub.addIssues(() => mine.map(toIssue));
    hubs.set(c.id, hub);
  }
  return hubs;
}


