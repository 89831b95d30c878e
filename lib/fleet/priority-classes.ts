/**
 * hubfleet's PriorityClasses: who may preempt whom when a node is full. PriorityClass is a
 * cluster-scoped object, and course and exam AppProjects may create no cluster-scoped object but
 * their own Namespace (lib/argocd/gitops.ts), so the classes live in a platform package of their
 * own (`dist/<cluster>/k8s/platform/priority-classes/`), created by the first hub that needs them.
 *
 * The ladder (kube-scheduler preempts pods of lower priority, choosing on each node the fewest and
 * lowest victims; pods without a class have priority 0, as the platform add-ons do):
 *
 * | class | value | pods |
 * |---|---|---|
 * | `hubfleet-exam-hub` | 1000000 | an exam's hub, proxy and exchange: without them no seat works |
 * | `hubfleet-exam-server` | 900000 | exam user servers: they preempt anything below, placeholders first |
 * | `hubfleet-exam-placeholder` | 800000 | the seat placeholders and the exam's image pre-puller: above everything but the exam |
 * | `hubfleet-course-hub` | 1000 | course hubs, proxies, exchanges: above course servers and pods without a class |
 * | `hubfleet-course-server` | -10 | course user servers: the first victims, so that no exam and no hub ever evicts a platform pod (priority 0) while a course server could make room |
 *
 * A pod naming a class the cluster does not have is refused at admission (the Priority admission
 * plugin), so every pod of the output and every runtime pod must name a class of this package or
 * a built-in one: rule `wiring-priority-class`.
 */
import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { ClusterApp } from './cluster-app';
import { Package } from './package';
import { ModelFinding, ModelRule } from '../model/rule-types';

/** hubfleet's class names. */
export const PRIORITY = {
  examHub: 'hubfleet-exam-hub',
  examServer: 'hubfleet-exam-server',
  examPlaceholder: 'hubfleet-exam-placeholder',
  courseHub: 'hubfleet-course-hub',
  courseServer: 'hubfleet-course-server',
} as const;

/** The classes with their values and descriptions, highest first. */
export const PRIORITY_CLASSES: ReadonlyArray<{ readonly name: string; readonly value: number; readonly description: string }> = [
  { name: PRIORITY.examHub, value: 1_000_000, description: "An exam's hub, proxy and exchange: never preempted for a notebook." },
  { name: PRIORITY.examServer, value: 900_000, description: 'Exam user servers: they preempt seat placeholders, course pods and pods without a class.' },
  { name: PRIORITY.examPlaceholder, value: 800_000, description: "Seat placeholders and the exam image pre-puller: held until the exam's servers take the seat." },
  { name: PRIORITY.courseHub, value: 1000, description: 'Course hubs, proxies and exchanges.' },
  { name: PRIORITY.courseServer, value: -10, description: 'Course user servers: preempted first, before any platform pod.' },
];

/** Classes every Kubernetes cluster has. */
export const BUILT_IN_PRIORITY_CLASSES = ['system-cluster-critical', 'system-node-critical'];

const ONE = Symbol.for('hubfleet.PriorityClasses');

/** The platform package with hubfleet's PriorityClasses (one per cluster, made on first use). */
export class PriorityClasses extends Package {
  /** The cluster's package, created on first use. */
  static of(scope: Construct): PriorityClasses {
    const app = ClusterApp.of(scope);
    const existing = app.node.tryFindChild('priority-classes');
    if (existing && (existing as any)[ONE]) return existing as PriorityClasses;
    return new PriorityClasses(app);
  }

  private constructor(app: ClusterApp) {
    super(app, 'priority-classes', { group: 'platform' });
    Object.defineProperty(this, ONE, { value: true });
    for (const c of PRIORITY_CLASSES) {
      new K8sObject(this, c.name, {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: c.name, labels: { 'app.kubernetes.io/part-of': 'hubfleet' } },
        value: c.value,
        globalDefault: false,
        // Placeholders preempt too: on a shared pool they must take course servers' room before the start.
        preemptionPolicy: 'PreemptLowerPriority',
        description: c.description,
      });
    }
  }
}

/** Every pod's (and runtime pod's) priorityClassName exists: a class of the output or a built-in one. */
export const PRIORITY_CLASS_RULES: readonly ModelRule[] = [
  {
    id: 'wiring-priority-class',
    guards: 'every pod and run-time pod that names a PriorityClass names one the output (or Kubernetes) has: admission refuses the pod otherwise',
    check: (m) => {
      const known = new Set([...BUILT_IN_PRIORITY_CLASSES, ...m.objects.filter((o) => o.json.kind === 'PriorityClass').map((o) => o.json.metadata?.name as string)]);
      const out: ModelFinding[] = [];
      for (const w of m.workloads) {
        const name = w.podSpec?.priorityClassName;
        if (name === undefined || known.has(name)) continue;
        out.push({
          path: w.path,
          field: `${w.at}.priorityClassName`,
          value: name,
          message: `${w.title} names PriorityClass "${name}", which the output does not create: the Priority admission plugin refuses its pods ("no PriorityClass with name ${name} was found").`,
          fix: 'create hubfleet\'s classes with PriorityClasses.of(app) (hubs do), or name one of them or a class the cluster has.',
        });
      }
      return out;
    },
  },
];
