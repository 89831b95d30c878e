/**
 * The example clusters this repository's tests test, by name. A cluster that someone adds to
 * apps/index.ts (`hubfleet init demo` in a clone) is not an example: no test depends on it, so the
 * suite passes whatever else the index lists. Tests take the examples from here, never from
 * apps/index.ts directly (test/examples.test.ts checks that).
 */
import { clusters } from '../apps/index';
import type { ClusterDefinition } from '../lib/fleet/define';

export const EXAMPLE_CLUSTERS = ['eth-teaching', 'e2x', 'campus-metal'] as const;

/** The example clusters' definitions, in EXAMPLE_CLUSTERS order. */
export function exampleClusters(from: readonly ClusterDefinition[] = clusters): ClusterDefinition[] {
  return EXAMPLE_CLUSTERS.map((name) => {
    const def = from.find((d) => d.spec.name === name);
    if (!def) throw new Error(`apps/index.ts no longer lists the example cluster ${name}`);
    return def;
  });
}
