import { ClusterApp } from './cluster-app';
import { ClusterSpec } from './cluster-spec';

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

/** Build a cluster's construct tree. */
export function buildCluster(def: ClusterDefinition): ClusterApp {
  const app = new ClusterApp(def.spec);
  def.stack(app);
  return app;
}
