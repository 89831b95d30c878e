import type { CapacityOptions } from '../capacity/plan';
import type { Command } from './command';
import { APP_OPTION, CLUSTER_OPTION } from './options';

/**
 * `hubfleet capacity`: the capacity plan of each cluster (lib/capacity), as tables or as one JSON
 * document.
 */

/** The seat flags and the capacity option each sets. */
const NUMERIC: Record<string, { field: keyof NonNullable<CapacityOptions['seat']> | 'typicalUseFraction'; value: string; description: string }> = {
  'seat-memory-gib': { field: 'memoryGiB', value: 'GIB', description: 'memory limit of one seat (default: what most concurrent servers get)' },
  'seat-cpu': { field: 'cpu', value: 'CPUS', description: 'CPU limit of one seat' },
  'seat-memory-guarantee-gib': { field: 'memoryGuaranteeGiB', value: 'GIB', description: 'memory guarantee of one seat' },
  'seat-cpu-guarantee': { field: 'cpuGuarantee', value: 'CPUS', description: 'CPU guarantee of one seat' },
  'seat-gpus': { field: 'gpus', value: 'N', description: 'GPUs of one seat' },
  'typical-use': { field: 'typicalUseFraction', value: 'F', description: 'the fraction of their limits servers use in the statistical case (default 0.75)' },
};

/** Parse the seat flags into options; an error message for a bad value. */
export function capacityOptions(flags: Readonly<Record<string, string | undefined>>): CapacityOptions | string {
  const seat: Record<string, number> = {};
  let typicalUseFraction: number | undefined;
  for (const [flag, { field }] of Object.entries(NUMERIC)) {
    if (flags[flag] === undefined) continue;
    const v = Number(flags[flag]);
    const ok = Number.isFinite(v) && (field === 'typicalUseFraction' ? v > 0 && v <= 1 : field === 'gpus' ? Number.isInteger(v) && v >= 0 : v > 0);
    if (!ok) return `--${flag} ${flags[flag]}: ${field === 'typicalUseFraction' ? 'a fraction above 0 and at most 1' : field === 'gpus' ? 'a whole number ≥ 0' : 'a positive number'} is needed`;
    if (field === 'typicalUseFraction') typicalUseFraction = v;
    else seat[field] = v;
  }
  return { ...(Object.keys(seat).length ? { seat } : {}), ...(typicalUseFraction !== undefined ? { typicalUseFraction } : {}) };
}

export const capacityCommand: Command = {
  name: 'capacity',
  summary: 'capacity at the semester peak: pools, hubs, seats, exams and the verdict',
  description: `Build and validate the app stack (as validate does) and answer from the cluster model: per
pool what is allocatable, what per-node pods, platform pods and the hubs at their peak take,
the seats for a server size, the exams in their windows and a verdict (lib/capacity/README.md).`,
  options: {
    cluster: CLUSTER_OPTION,
    app: APP_OPTION,
    json: { type: 'boolean', description: 'print the plan as one JSON document' },
    date: { type: 'string', value: 'DAY', description: "plan for this day (YYYY-MM-DD): of the catalogue's courses only those open on it count\n(default: the day courses/<cluster>/lifecycle.yaml is at)" },
    ...Object.fromEntries(Object.entries(NUMERIC).map(([flag, { value, description }]) => [flag, { type: 'string' as const, value, description }])),
  },
  examples: ['hubfleet capacity --cluster eth-teaching --seat-memory-gib 1 --seat-cpu 1'],
  async run(inv) {
    const options = capacityOptions(Object.fromEntries(Object.keys(NUMERIC).map((f) => [f, inv.string(f)])));
    if (typeof options === 'string') {
      inv.io.stderr(`hubfleet capacity: ${options}\n`);
      return 2;
    }
    const day = inv.string('date');
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      inv.io.stderr(`hubfleet capacity: --date ${day}: a day is written YYYY-MM-DD\n`);
      return 2;
    }
    const { loadModelled } = await import('./synth-clusters');
    const { capacityPlan } = await import('../capacity/plan');
    const { formatPlan } = await import('../capacity/format');
    const { onDay } = await import('../catalogue/load');
    const clusters = onDay(day, () => loadModelled(inv.string('app'), inv.string('cluster'), inv.io));
    if (!clusters) return 1;
    const plans = clusters.map((c) => capacityPlan(c.model, options));
    if (inv.boolean('json')) inv.io.stdout(`${JSON.stringify(plans.length === 1 ? plans[0] : plans, null, 2)}\n`);
    else {
      // Which courses of the catalogue count on the day planned for (only open ones do).
      for (const c of clusters) {
        const terms = c.inventory.hubs.filter((h) => h.lifecycle);
        if (!terms.length) continue;
        const open = terms.filter((h) => h.lifecycle!.phase === 'open').length;
        inv.io.stdout(`${c.def.spec.name}: catalogue courses on ${terms[0].lifecycle!.day}: ${open} open (counted), ${terms.length - open} not open (not counted); courses not deployed yet are not in the stack.\n`);
      }
      inv.io.stdout(plans.map(formatPlan).join('\n'));
    }
    return 0;
  },
};
