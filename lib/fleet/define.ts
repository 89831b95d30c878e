import { ValidationError } from '../core/errors';
import { ClusterApp } from './cluster-app';
import { ClusterSpec } from './cluster-spec';
import { withCreationSites } from '../core/props-check';
import { buildFailureIssues, duplicateIdIssue, isDuplicateId } from './construct-ids';

/** A cluster as `hubfleet synth` sees it: its facts and the function that builds its app stack. */
export interface ClusterDefinition {
  readonly spec: ClusterSpec;
  /** Adds the cluster's packages (courses, exams, SEB server, platform) to the app. */
  readonly stack: (app: ClusterApp) => void;
}

/** Pair a ClusterSpec with its app stack. `apps/index.ts` exports a list of these as `clusters`. */
export function defineCluster(spec: ClusterSpec, stack: (app: ClusterApp) => void): ClusterDefinition {
  return { spec, stack };
}

/**
 * Build a cluster's construct tree. A construct id used twice becomes a {@link ValidationError}
 * naming both constructs (rule `unique-construct-id`) instead of constructs' bare exception; to
 * say where each was made, the stack function runs a second time, recording creation sites. Any
 * other failure while building (an empty id, a required prop missing or null that a constructor
 * used) becomes a ValidationError too, naming the construct, the prop and the caller's line.
 */
export function buildCluster(def: ClusterDefinition): ClusterApp {
  const app = new ClusterApp(def.spec);
  const limit = Error.stackTraceLimit;
  // Deep enough to reach the caller's line through Node → Construct → Chart → Package → hub classes.
  Error.stackTraceLimit = Math.max(limit, 25);
  try {
    def.stack(app);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    if (!isDuplicateId(e)) throw new ValidationError(buildFailureIssues(app, e));
    // Build the stack again, recording where each construct is made, to name both in the issue.
    const again = new ClusterApp(def.spec);
    let second: unknown = e;
    withCreationSites(() => {
      try {
        def.stack(again);
      } catch (x) {
        second = x;
      }
    });
    throw new ValidationError([(isDuplicateId(second) && duplicateIdIssue(again, second)) || duplicateIdIssue(app, e)!]);
  } finally {
    Error.stackTraceLimit = limit;
  }
  return app;
}
