/**
 * The capacity verdict of a cluster with one course added or changed, for that course's term: what
 * the course portal shows before a lecturer submits (fits, fits only with overcommit, does not fit,
 * and by how much). The cluster is built as synth builds it, with the course file in its catalogue,
 * on each day of the term on which a course opens, and the worst day's plan is the answer.
 *
 * Two ways: {@link capacityVerdict} builds the whole cluster for every such day (exact, seconds on
 * a large cluster); {@link CapacityBaseline} builds it once per day without the course and then
 * adds only the course's own servers for each request (milliseconds; the hub's own pods — hub,
 * proxy, exchange, about 0.4 CPU and 1 GiB — are not placed, which the verdict's `approximate` says).
 */
import { capacityPlan, CapacityOptions, CapacityPlan, Verdict } from '../capacity/plan';
import { clusterCapacity, ClusterCapacity } from '../capacity/pools';
import { HubDemand, hubDemands } from '../capacity/demand';
import { ClusterApp } from '../fleet/cluster-app';
import { buildCluster, ClusterDefinition } from '../fleet/define';
import { collect, synthApp } from '../fleet/synth';
import { CourseJupyterHub } from '../hub/course-jupyterhub';
import { buildClusterModel, ClusterModel } from '../model/cluster-model';
import { isError } from '../core/errors';
import { Catalogue, CatalogueSources, inCatalogueContext, LoadedCourse, parseCatalogue, SourceText, withCourse } from './load';
import { courseHubProps, CatalogueHubOptions } from './props';

/** The verdict for one day of the term. */
export interface DayVerdict {
  readonly day: string;
  readonly status: Verdict['status'];
  readonly summary: string;
  /** The largest requests ÷ free over the pools with demand, per resource (above 1: does not fit). */
  readonly requestsRatio: Readonly<Record<string, number>>;
  /** The largest limits ÷ free (above 1: overcommitted by that much). */
  readonly limitsRatio: { readonly cpu: number; readonly memory: number };
  readonly caps?: Verdict['caps'];
  readonly addNodes?: Verdict['addNodes'];
}

/** The verdict of a request: the worst day of its term. */
export interface RequestVerdict {
  readonly cluster: string;
  readonly course: string;
  readonly term: string;
  readonly worst: DayVerdict;
  readonly days: readonly DayVerdict[];
  /** True for the fast path (the hub's own pods are not placed). */
  readonly approximate: boolean;
}

const RANK: Record<Verdict['status'], number> = { fits: 0, overcommit: 1, 'does-not-fit': 2 };

function dayVerdict(day: string, plan: CapacityPlan): DayVerdict {
  const v = plan.verdict;
  const requestsRatio: Record<string, number> = {};
  for (const p of v.pools) for (const [k, r] of Object.entries(p.requestsRatio)) requestsRatio[k] = Math.max(requestsRatio[k] ?? 0, r);
  const limitsRatio = v.pools.reduce((a, p) => ({ cpu: Math.max(a.cpu, p.limitsRatio.cpu), memory: Math.max(a.memory, p.limitsRatio.memory) }), { cpu: 0, memory: 0 });
  return { day, status: v.status, summary: v.summary, requestsRatio, limitsRatio, ...(v.caps ? { caps: v.caps } : {}), ...(v.addNodes ? { addNodes: v.addNodes } : {}) };
}

const worstOf = (days: readonly DayVerdict[]) =>
  days.reduce((a, b) => (RANK[b.status] > RANK[a.status] || (RANK[b.status] === RANK[a.status] && Math.max(...Object.values(b.requestsRatio), 0) > Math.max(...Object.values(a.requestsRatio), 0)) ? b : a));

/** The days of a course's term on which the load can grow: the course's opening and every later opening of a course of the same term while it is open. */
export function planningDays(cat: Catalogue, c: LoadedCourse): string[] {
  const days = new Set([c.dates.opens]);
  for (const o of cat.courses) if (o.term === c.term && o.dates.opens > c.dates.opens && o.dates.opens < c.dates.closes) days.add(o.dates.opens);
  return [...days].sort();
}

/** The catalogue with the requested course file in it, checked; throws when the course has errors. */
function requested(sources: CatalogueSources, course: SourceText): { cat: Catalogue; c: LoadedCourse } {
  const cat = parseCatalogue(withCourse(sources, course));
  const c = cat.courses.find((x) => x.source.file === course.file);
  const errors = cat.issues.filter((i) => i.severity !== 'warning' && (i.file === course.file || i.file === sources.catalogue?.file));
  if (!c || errors.length) throw new Error(`${course.file}: the course has ${errors.length || 'unresolved'} error(s); check it with checkCourseText first${errors.length ? `: ${errors[0].message}` : ''}`);
  return { cat, c };
}

/**
 * The exact verdict: the cluster built and validated as synth builds it, with the course file in
 * its catalogue, on every planning day of the course's term.
 */
export function capacityVerdict(def: ClusterDefinition, sources: CatalogueSources, course: SourceText, options: CapacityOptions = {}): RequestVerdict {
  const { cat, c } = requested(sources, course);
  const days = planningDays(cat, c).map((day) =>
    inCatalogueContext({ day, change: { cluster: sources.cluster, edit: (s) => withCourse(s, course) } }, () => {
      const app = buildCluster(def);
      synthApp(app);
      const model = buildClusterModel(app.spec, collect(app).objects, app.packages());
      return dayVerdict(day, capacityPlan(model, options));
    }),
  );
  return { cluster: def.spec.name, course: c.id, term: c.term, worst: worstOf(days), days, approximate: false };
}

/** One day of the cluster without the request: its model, capacity and the demands of its hubs. */
interface BaseDay {
  readonly model: ClusterModel;
  readonly capacity: ClusterCapacity;
  readonly demands: readonly HubDemand[];
}

/**
 * The fast path for the course portal: the cluster is built once per planning day (cached), and each
 * request adds only its course's servers (its hub built alone on the cluster's node pools).
 */
export class CapacityBaseline {
  private readonly days = new Map<string, BaseDay>();

  constructor(
    private readonly def: ClusterDefinition,
    private readonly hubOptions: CatalogueHubOptions = {},
    private readonly options: CapacityOptions = {},
  ) {}

  private base(day: string): BaseDay {
    let b = this.days.get(day);
    if (!b) {
      b = inCatalogueContext({ day }, () => {
        const app = buildCluster(this.def);
        const model = buildClusterModel(app.spec, collect(app).objects, app.packages());
        const capacity = clusterCapacity(model);
        return { model, capacity, demands: hubDemands(model, capacity) };
      });
      this.days.set(day, b);
    }
    return b;
  }

  /** The demand of one course's hub alone, weighed against a day's pools. */
  private demandOf(cat: Catalogue, c: LoadedCourse, base: BaseDay): HubDemand[] {
    const app = new ClusterApp(this.def.spec);
    new CourseJupyterHub(app, c.id, courseHubProps(cat, c, this.hubOptions));
    const { objects, issues } = collect(app);
    const errors = issues.filter(isError);
    if (errors.length) throw new Error(`${c.source.file}: the hub has errors (${errors[0].rule}: ${errors[0].message}); check it with checkCourseText first`);
    return hubDemands(buildClusterModel(app.spec, objects, app.packages()), base.capacity);
  }

  /** The verdict with the course file added to the catalogue (or replacing the file of that name). */
  verdict(sources: CatalogueSources, course: SourceText): RequestVerdict {
    const { cat, c } = requested(sources, course);
    const days = planningDays(cat, c).map((day) => {
      const base = this.base(day);
      const mine = this.demandOf(cat, c, base);
      const demands = [...base.demands.filter((d) => d.name !== c.id), ...mine];
      return dayVerdict(day, capacityPlan(base.model, this.options, { capacity: base.capacity, demands }));
    });
    return { cluster: this.def.spec.name, course: c.id, term: c.term, worst: worstOf(days), days, approximate: true };
  }
}
