import { capacityPlan } from '../capacity/plan';
import { renderReport } from '../report/report';
import { writeReport } from '../report/write';
import { loadModelled } from './capacity-command';
import type { Io } from './main';

/**
 * `hubfleet report [--cluster NAME] [--out DIR] [--app FILE]`: writes each cluster's HTML report
 * to `DIR/<cluster>/report/index.html` (DIR defaults to dist, like synth's --out). Synth keeps
 * that folder when it replaces `DIR/<cluster>/`; the report replaces only its own folder.
 */
export async function runReport(args: string[], io: Io): Promise<number> {
  const { parseFlags } = await import('./main');
  const flags = parseFlags(args, ['cluster', 'out', 'app'], io);
  if (!flags) return 2;
  const clusters = await loadModelled(flags, io);
  if (!clusters) return 1;
  const outDir = flags.out ?? 'dist';
  for (const c of clusters) {
    const files = renderReport(capacityPlan(c.model), c.inventory, c.model);
    const dir = writeReport(outDir, c.def.spec.name, files);
    io.stderr(`${c.def.spec.name}: wrote ${dir}/index.html\n`);
  }
  return 0;
}
