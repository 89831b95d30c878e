/**
 * The app module: the file that exports `clusters`, the cluster definitions `hubfleet synth` builds
 * (default: apps/index.ts).
 */
import * as path from 'path';
import type { ClusterDefinition } from '../fleet/define';
import type { Io } from './io';

/** The app module the commands load when --app is not given, relative to the folder they run in. */
export const DEFAULT_APP_MODULE = 'apps/index.ts';

/** Load the cluster definitions from an app module; throws when it has none. */
export function loadClusters(appFile: string): ClusterDefinition[] {
  const resolved = path.resolve(appFile);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(resolved);
  const clusters = mod.clusters ?? mod.default;
  if (!Array.isArray(clusters)) {
    throw new Error(`${appFile} must export \`clusters\`: an array of defineCluster(...) results`);
  }
  return clusters;
}

/** Load the app module (default: {@link DEFAULT_APP_MODULE}), or report why not. */
export function loadApp(file: string | undefined, io: Io): ClusterDefinition[] | undefined {
  try {
    return loadClusters(file ?? DEFAULT_APP_MODULE);
  } catch (e) {
    io.stderr(`hubfleet: cannot load the app module: ${(e as Error).message}\nFix: run hubfleet in the project's root (the folder with apps/index.ts), or pass --app FILE.\n`);
    return undefined;
  }
}
