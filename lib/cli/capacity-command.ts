import { formatIssue, ValidationError } from '../core/errors';
import { capacityPlan, CapacityOptions, CapacityPlan } from '../capacity/plan';
import { formatPlan } from '../capacity/format';
import { buildCluster, ClusterDefinition } from '../fleet/define';
import { collect, synthApp } from '../fleet/synth';
import { buildClusterModel, ClusterModel } from '../model/cluster-model';
import { buildInventory, Inventory } from '../model/inventory';
import type { Io } from './main';

/**
 * `hubfleet capacity [--cluster NAME] [--json] [--seat-memory-gib N] [--seat-cpu N]
 * [--seat-memory-guarantee-gib N] [--seat-cpu-guarantee N] [--seat-gpus N] [--typical-use F] [--app FILE]`:
 * the capacity plan of each cluster (lib/capacity), as tables or as one JSON document.
 */

/** A cluster built, validated (as synth does) and modelled, without writing anything. */
export interface ModelledCluster {
  readonly def: ClusterDefinition;
  readonly model: ClusterModel;
  readonly inventory: Inventory;
}

/** Build and validate the selected clusters; report problems on stderr; undefined when any fails. */
export function modelClusters(defs: readonly ClusterDefinition[], only: string | undefined, io: Io): ModelledCluster[] | undefined {
  const selected = only ? defs.filter((d) => d.spec.name === only) : defs;
  if (only && selected.length === 0) {
    io.stderr(`hubfleet: no cluster named "${only}"; known: ${defs.map((d) => d.spec.name).join(', ')}\n`);
    return undefined;
  }
  const out: ModelledCluster[] = [];
  for (const def of selected) {
    try {
      const app = buildCluster(def);
      synthApp(app); // validates exactly as synth does; throws on errors
      const model = buildClusterModel(app.spec, collect(app).objects, app.packages());
      out.push({ def, model, inventory: buildInventory(model) });
    } catch (e) {
      if (e instanceof ValidationError) {
        io.stderr(`${def.spec.name}: ${e.issues.length} error${e.issues.length === 1 ? '' : 's'}; fix them first (hubfleet validate shows the same).\n`);
        for (const i of e.issues) io.stderr(`  ✗ ${formatIssue(i)}\n`);
      } else io.stderr(`${def.spec.name}: failed while building the stack: ${(e as Error).message}\n`);
      return undefined;
    }
  }
  return out;
}

const NUMERIC: Record<string, keyof NonNullable<CapacityOptions['seat']> | 'typicalUseFraction'> = {
  'seat-memory-gib': 'memoryGiB',
  'seat-cpu': 'cpu',
  'seat-memory-guarantee-gib': 'memoryGuaranteeGiB',
  'seat-cpu-guarantee': 'cpuGuarantee',
  'seat-gpus': 'gpus',
  'typical-use': 'typicalUseFraction',
};

/** Parse the seat flags into options; an error message for a bad value. */
export function capacityOptions(flags: Record<string, string>): CapacityOptions | string {
  const seat: Record<string, number> = {};
  let typicalUseFraction: number | undefined;
  for (const [flag, field] of Object.entries(NUMERIC)) {
    if (flags[flag] === undefined) continue;
    const v = Number(flags[flag]);
    const ok = Number.isFinite(v) && (field === 'typicalUseFraction' ? v > 0 && v <= 1 : field === 'gpus' ? Number.isInteger(v) && v >= 0 : v > 0);
    if (!ok) return `--${flag} ${flags[flag]}: ${field === 'typicalUseFraction' ? 'a fraction above 0 and at most 1' : field === 'gpus' ? 'a whole number ≥ 0' : 'a positive number'} is needed`;
    if (field === 'typicalUseFraction') typicalUseFraction = v;
    else seat[field] = v;
  }
  return { ...(Object.keys(seat).length ? { seat } : {}), ...(typicalUseFraction !== undefined ? { typicalUseFraction } : {}) };
}

/** Load the app module named by --app (default build/apps/index.js) and model the --cluster selected. */
export async function loadModelled(flags: Record<string, string>, io: Io): Promise<ModelledCluster[] | undefined> {
  const { buildIsCurrent, loadApp } = await import('./main');
  if (!buildIsCurrent(io)) return undefined;
  const defs = loadApp(flags.app, io);
  return defs && modelClusters(defs, flags.cluster, io);
}

export async function runCapacity(args: string[], io: Io): Promise<number> {
  const { parseFlags } = await import('./main');
  const json = args.includes('--json');
  const flags = parseFlags(args.filter((a) => a !== '--json'), ['cluster', 'app', ...Object.keys(NUMERIC)], io);
  if (!flags) return 2;
  const options = capacityOptions(flags);
  if (typeof options === 'string') {
    io.stderr(`hubfleet capacity: ${options}\n`);
    return 2;
  }
  const clusters = await loadModelled(flags, io);
  if (!clusters) return 1;
  const plans: CapacityPlan[] = clusters.map((c) => capacityPlan(c.model, options));
  if (json) io.stdout(`${JSON.stringify(plans.length === 1 ? plans[0] : plans, null, 2)}\n`);
  else io.stdout(plans.map(formatPlan).join('\n'));
  return 0;
}
