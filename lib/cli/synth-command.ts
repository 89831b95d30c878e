import type { Command } from './command';
import { APP_OPTION, CLUSTER_OPTION, OUT_OPTION, STRICT_OPTION, TYPECHECK_OPTION } from './options';

/** `hubfleet synth`: build, validate, then write DIR/<cluster>/. */
export const synthCommand: Command = {
  name: 'synth',
  summary: "build every cluster's stacks, validate them and write DIR/<cluster>/",
  description: `Build every cluster's stacks (or one), validate every object and the wiring between them,
then write DIR/<cluster>/ (each cluster's folder replaced whole; nothing else in DIR is touched).
Nothing is written when anything fails. Warnings are printed; --strict makes them fail.
The project's TypeScript is transpiled, not type-checked (an edit shows in seconds); --typecheck
runs tsc alongside and fails on a type error (CI publishes with it).`,
  options: { out: OUT_OPTION, cluster: CLUSTER_OPTION, app: APP_OPTION, strict: STRICT_OPTION, typecheck: TYPECHECK_OPTION },
  examples: ['hubfleet synth', 'hubfleet synth --cluster eth-teaching --out ../gitops/dist'],
  async run(inv) {
    const { loadAndSynth } = await import('./synth-clusters');
    const { writeClusterFiles } = await import('../fleet/output');
    const done = await loadAndSynth({ app: inv.string('app'), cluster: inv.string('cluster'), strict: inv.boolean('strict'), typecheck: inv.boolean('typecheck'), cwd: inv.cwd }, inv.io);
    if (!done) return 1;
    const outDir = inv.string('out') ?? 'dist';
    if (done.outputs.length === 0) {
      inv.io.stderr('no clusters in the app module: add one with `hubfleet init <cluster>`.\n');
      return 0;
    }
    for (const o of done.outputs) writeClusterFiles(outDir, o.cluster, o.files);
    inv.io.stderr(`wrote ${done.outputs.map((o) => `${outDir}/${o.cluster}/`).join(', ')}\n`);
    return 0;
  },
};
