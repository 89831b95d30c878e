/**
 * What the portal does, apart from the web: the catalogue at the tip of the repository's branch (a
 * snapshot per commit, refreshed by fetching), a lecturer's courses, the check and the capacity
 * verdict of a request, and a submitted request as a commit on a request branch with a merge
 * request. It holds no cluster credential: everything is computed from the repository, as synth
 * computes it.
 */
import { randomBytes } from 'crypto';
import { CapacityBaseline, RequestVerdict } from '../catalogue/capacity';
import { Catalogue, CatalogueSources, inCatalogueContext, LoadedCourse, parseCatalogue, withCourse } from '../catalogue/load';
import { CatalogueHubOptions, courseHubProps } from '../catalogue/props';
import { FileIssue } from '../catalogue/file-issue';
import { checkCourseText } from '../catalogue/validate';
import { ClusterApp } from '../fleet/cluster-app';
import { ClusterDefinition, buildCluster } from '../fleet/define';
import { diffCluster, summary as diffSummary } from '../fleet/diff';
import { collect, synthApp } from '../fleet/synth';
import { CourseJupyterHub } from '../hub/course-jupyterhub';
import { buildClusterModel } from '../model/cluster-model';
import { HubInventoryEntry } from '../model/declarations';
import { buildInventory } from '../model/inventory';
import { ltiSheet, LtiSheet } from '../report/lti';
import { CatalogueRepo, GitIdentity, RequestBranch } from './catalogue-repo';
import { Forge, MergeRequestInfo } from './forge';
import { courseFileText, courseFormFields, FieldError, FormField, formValuesOf, parseCourseForm } from './form';
import { mergeRequestText } from './description';
import type { Lecturer } from './lecturer';
import { HubUsageView, UsageSource } from './usage';
import { verdictView, VerdictView } from './verdict';

export type { Lecturer } from './lecturer';

/** The catalogue at one commit of the branch, with what is computed from it once. */
export interface Snapshot {
  readonly commit: string;
  readonly sources: CatalogueSources;
  readonly catalogue: Catalogue;
  readonly fields: readonly FormField[];
  readonly baseline: CapacityBaseline;
  /** Course id → its hub's inventory entry and LTI sheet (built alone, on demand). */
  readonly hubs: Map<string, { hub?: HubInventoryEntry; sheet?: LtiSheet }>;
  /** The synthesized files of the cluster (on demand, for the diff of a request). */
  files?: ReadonlyMap<string, string>;
}

/** A lecturer's course as the home page shows it. */
export interface CourseView {
  readonly id: string;
  readonly title: string;
  readonly term: string;
  readonly phase: string;
  readonly file: string;
  readonly hub?: HubInventoryEntry;
  readonly sheet?: LtiSheet;
  readonly usage?: HubUsageView;
}

/** A lecturer's request as the home page shows it. */
export interface RequestView {
  readonly branch: string;
  readonly date: string;
  readonly subject: string;
  readonly course: string;
  /** From the forge; without one, from Git (merged when the branch's commit is in the catalogue branch). */
  readonly state: 'open' | 'merged' | 'closed' | 'pushed';
  readonly mergeRequest?: MergeRequestInfo;
}

/** The outcome of checking a form. */
export interface CheckResult {
  readonly file: string;
  readonly text?: string;
  readonly values: Record<string, string>;
  readonly errors: readonly FieldError[];
  readonly issues: readonly FileIssue[];
  readonly verdict?: RequestVerdict;
  readonly view?: VerdictView;
  /** The hub the course would be (its URL and LTI sheet), when it has no error. */
  readonly hub?: { hub?: HubInventoryEntry; sheet?: LtiSheet };
}

/** Options of {@link PortalService}. */
export interface PortalServiceOptions {
  readonly def: ClusterDefinition;
  readonly repo: CatalogueRepo;
  /** @default none: branches are pushed, no merge request is opened */
  readonly forge?: Forge;
  readonly hubOptions?: CatalogueHubOptions;
  /** Where each course's usage comes from (the cluster's Prometheus, or a usage document). @default none (no usage shown) */
  readonly usage?: UsageSource;
  /** Fetch the repository at most this often. @default 30 */
  readonly refreshSeconds?: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

/** A refusal the lecturer should read (HTTP 4xx). */
export class Refusal extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export class PortalService {
  private snap?: Snapshot;
  private fetchedAt = 0;
  private syncing?: Promise<Snapshot>;
  readonly cluster: string;

  constructor(private readonly o: PortalServiceOptions) {
    this.cluster = o.def.spec.name;
  }

  private now(): Date {
    return (this.o.clock ?? (() => new Date()))();
  }

  /** Run a build of the cluster with its catalogue read from the snapshot, not from disk. */
  private within<T>(sources: CatalogueSources, fn: () => T): T {
    return inCatalogueContext({ change: { cluster: this.cluster, edit: () => sources } }, fn);
  }

  /** The snapshot of the branch's tip (fetching when the last fetch is older than refreshSeconds). */
  async snapshot(force = false): Promise<Snapshot> {
    const fresh = this.snap && !force && Date.now() - this.fetchedAt < (this.o.refreshSeconds ?? 30) * 1000;
    if (fresh) return this.snap!;
    this.syncing ??= (async () => {
      try {
        const commit = await this.o.repo.sync();
        this.fetchedAt = Date.now();
        if (this.snap?.commit === commit) return this.snap;
        const sources = await this.o.repo.catalogueAt(commit, this.cluster);
        const catalogue = parseCatalogue(sources);
        const baseline = new CapacityBaseline(this.o.def, this.o.hubOptions ?? {});
        this.snap = { commit, sources, catalogue, fields: courseFormFields(catalogue.settings), baseline, hubs: new Map() };
        return this.snap;
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  /** Warm the caches (the cluster built once per planning day of each term). */
  async warm(): Promise<void> {
    const s = await this.snapshot();
    for (const c of s.sources.courses.slice(0, 1)) this.verdictOf(s, c.file, c.text);
  }

  private hubOf(s: Snapshot, cat: Catalogue, c: LoadedCourse): { hub?: HubInventoryEntry; sheet?: LtiSheet } {
    const key = `${c.source.file}\0${JSON.stringify(c.course)}`;
    const known = cat === s.catalogue ? s.hubs.get(key) : undefined;
    if (known) return known;
    const app = new ClusterApp(this.o.def.spec);
    new CourseJupyterHub(app, c.id, courseHubProps(cat, c, this.o.hubOptions));
    const model = buildClusterModel(app.spec, collect(app).objects, app.packages());
    const hub = buildInventory(model).hubs.find((h) => h.name === c.id);
    const out = { hub, sheet: hub ? ltiSheet(model, hub) : undefined };
    if (cat === s.catalogue) s.hubs.set(key, out);
    return out;
  }

  /** The courses a lecturer owns (`owners` in the course file). */
  async coursesOf(who: Lecturer): Promise<CourseView[]> {
    const s = await this.snapshot();
    const views = s.catalogue.courses
      .filter((c) => (c.course.owners ?? []).includes(who.id))
      .map((c) => ({ id: c.id, title: c.course.title, term: c.term, phase: c.lifecycle.phase, file: c.source.file, ...this.hubOf(s, s.catalogue, c) }));
    if (!this.o.usage) return views;
    const usage = await this.o.usage.usage(views.flatMap((v) => (v.hub ? [{ id: v.id, hub: v.hub }] : [])), this.now());
    return views.map((v) => (usage.has(v.id) ? { ...v, usage: usage.get(v.id)! } : v));
  }

  /** A lecturer's own course, or a refusal (404: another lecturer's course is not shown to exist). */
  async ownCourse(who: Lecturer, id: string): Promise<{ s: Snapshot; c: LoadedCourse }> {
    const s = await this.snapshot();
    const c = s.catalogue.courses.find((x) => x.id === id);
    if (!c || !(c.course.owners ?? []).includes(who.id)) throw new Refusal('No course of yours has this id.', 404);
    return { s, c };
  }

  /** The form's values for a course (new: empty with the first term and image). */
  async formFor(who: Lecturer, id?: string): Promise<{ s: Snapshot; values: Record<string, string>; c?: LoadedCourse }> {
    if (id === undefined) {
      const s = await this.snapshot();
      const first = (f: string) => s.fields.find((x) => x.name === f)?.options?.[0]?.value ?? '';
      return { s, values: { term: first('term'), image: first('image'), 'login.use': first('login.use') } };
    }
    const { s, c } = await this.ownCourse(who, id);
    return { s, c, values: formValuesOf(c.course, c.id, c.term) };
  }

  private verdictOf(s: Snapshot, file: string, text: string): RequestVerdict {
    return this.within(s.sources, () => s.baseline.verdict(s.sources, { file, text }));
  }

  /**
   * Check a posted form: bounds, the course file's rules (checkCourseText: YAML, schema, catalogue
   * and hub rules), then the capacity verdict for its term.
   */
  async check(who: Lecturer, body: unknown, id?: string): Promise<CheckResult & { s: Snapshot; base?: LoadedCourse }> {
    const s = await this.snapshot();
    const existing = id !== undefined ? (await this.ownCourse(who, id)).c : undefined;
    const parsed = parseCourseForm(body, s.fields, !existing);
    const courseId = existing?.id ?? parsed.values.id?.trim() ?? '';
    const term = existing?.term ?? parsed.values.term?.trim() ?? '';
    const file = existing?.source.file ?? `courses/${this.cluster}/${term}/${courseId}.yaml`;
    if (parsed.errors.length) return { s, file, values: parsed.values, errors: parsed.errors, issues: [] };
    if (!existing && s.sources.courses.some((c) => c.file.replace(/^.*\//, '') === `${courseId}.yaml`)) {
      return { s, file, values: parsed.values, errors: [{ field: 'id', message: 'a course with this id exists already (ids are unique in the cluster).' }], issues: [] };
    }
    const text = courseFileText(existing ? s.sources.courses.find((x) => x.file === existing.source.file)?.text : undefined, parsed, who.id);
    const checked = checkCourseText(text, { file, sources: s.sources, spec: this.o.def.spec, hubOptions: this.o.hubOptions });
    const issues = checked.issues.filter((i) => i.file === file || i.severity !== 'warning');
    const base = { s, file, text, values: parsed.values, errors: [] as FieldError[], issues, ...(existing ? { base: existing } : {}) };
    if (!checked.course || issues.some((i) => i.severity !== 'warning')) return base;
    const verdict = this.verdictOf(s, file, text);
    const cat = parseCatalogue(withCourse(s.sources, { file, text }));
    const c = cat.courses.find((x) => x.source.file === file);
    return { ...base, verdict, view: verdictView(verdict), ...(c ? { hub: this.hubOf(s, cat, c) } : {}) };
  }

  /** The cluster synthesized in memory from catalogue sources (for the diff of a request). */
  private synthFiles(sources: CatalogueSources): ReadonlyMap<string, string> {
    return this.within(sources, () => synthApp(buildCluster(this.o.def)).files);
  }

  /**
   * Submit: check again (never trust the page), refuse what does not fit or has errors, then
   * write the course file on a new request branch (author: the lecturer; committer: the portal)
   * and open the merge request with the verdict and the diff's summary.
   */
  async submit(who: Lecturer, body: unknown, id?: string): Promise<CheckResult & { branch?: string; mergeRequest?: MergeRequestInfo; refused?: string }> {
    const r = await this.check(who, body, id);
    if (r.errors.length || r.issues.some((i) => i.severity !== 'warning') || !r.verdict || !r.text) return { ...r, refused: 'The request has problems: correct the fields marked below.' };
    if (r.verdict.worst.status === 'does-not-fit') return { ...r, refused: 'The course does not fit into the cluster for its term: make it smaller (see the verdict) before submitting.' };
    const s = r.s;
    s.files ??= this.synthFiles(s.sources);
    const after = this.synthFiles(withCourse(s.sources, { file: r.file, text: r.text }));
    const diff = diffCluster(this.cluster, s.files, after, { now: this.now(), existingStorageClasses: this.o.def.spec.existingStorageClasses });
    const courseId = r.file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    const when = this.now();
    const stamp = when.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-').toLowerCase();
    const text = mergeRequestText({ who, course: courseId, file: r.file, isNew: !r.base, verdict: r.verdict, view: r.view!, diff, diffLine: diffSummary(diff), base: s.commit, when, cluster: this.cluster, text: r.text });
    const author: GitIdentity = { name: who.name || who.email, email: who.email };
    const pushed = await this.o.repo.propose({ name: `${courseId}-${stamp}-${randomBytes(3).toString('hex')}`, files: new Map([[r.file, r.text]]), author, message: text.commit, base: s.commit, date: when });
    const mergeRequest = this.o.forge ? await this.o.forge.open({ sourceBranch: pushed.branch, targetBranch: this.o.repo.branch, title: text.title, description: text.description }) : undefined;
    return { ...r, branch: pushed.branch, ...(mergeRequest ? { mergeRequest } : {}) };
  }

  /** A lecturer's requests (request branches whose commit they authored), with their state. */
  async requestsOf(who: Lecturer): Promise<RequestView[]> {
    await this.snapshot();
    const mine = (await this.o.repo.requests()).filter((b) => b.author.email.toLowerCase() === who.email.toLowerCase());
    return Promise.all(mine.map((b) => this.requestView(b)));
  }

  private async requestView(b: RequestBranch): Promise<RequestView> {
    const course = (b.files[0] ?? '').replace(/^.*\//, '').replace(/\.yaml$/, '');
    const base = { branch: b.branch, date: b.date, subject: b.subject, course };
    if (this.o.forge) {
      try {
        const mr = await this.o.forge.find(b.branch);
        if (mr) return { ...base, state: mr.state, mergeRequest: mr };
      } catch {
        // The forge is unreachable: say what Git knows.
      }
    }
    return { ...base, state: (await this.o.repo.isMerged(b.commit)) ? 'merged' : 'pushed' };
  }
}
