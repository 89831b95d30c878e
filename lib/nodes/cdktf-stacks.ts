/**
 * Helpers for the cdktf program (lib/nodes/cdktf-app.ts): find the ClusterSpecs a module exports and add one
 * NodeStack per cluster to a cdktf App.
 */
import { App } from 'cdktf';
import { ValidationError } from '../core/errors';
import { ClusterSpec, validateClusterSpec } from '../fleet/cluster-spec';
import { validateInfrastructure } from './infrastructure';
import { NodeStack } from './node-stack';

/** Relative path from `cdktf.out/stacks/<stack>/` to the project root. */
export const CDKTF_STATE_ROOT = '../../..';

function isClusterSpec(x: unknown): x is ClusterSpec {
  const s = x as Partial<ClusterSpec> | undefined;
  return typeof s === 'object' && s !== null && typeof s.name === 'string' && Array.isArray(s.nodePools) && typeof s.networks === 'object';
}

/** Every ClusterSpec a module exports (single values or arrays), unique by name, in name order. */
export function clusterSpecsOf(mod: Record<string, unknown>): ClusterSpec[] {
  const byName = new Map<string, ClusterSpec>();
  for (const v of Object.values(mod)) {
    for (const s of Array.isArray(v) ? v : [v]) if (isClusterSpec(s) && !byName.has(s.name)) byName.set(s.name, s);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Add one NodeStack per cluster with infrastructure to `app`, named after the cluster, validating
 * each spec first (throws ValidationError).
 */
export function addNodeStacks(app: App, specs: readonly ClusterSpec[], localStateRoot = CDKTF_STATE_ROOT): NodeStack[] {
  const stacks: NodeStack[] = [];
  for (const spec of specs) {
    if (!spec.infrastructure) continue;
    const issues = [...validateClusterSpec(spec), ...validateInfrastructure(spec)];
    if (issues.length > 0) throw new ValidationError(issues);
    stacks.push(new NodeStack(app, spec.name, { spec, localStateRoot }));
  }
  return stacks;
}
