import type { Command } from './command';
import { APP_OPTION, CLUSTER_OPTION, STRICT_OPTION, TYPECHECK_OPTION } from './options';

/** `hubfleet validate`: what synth does, without writing. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'build and validate every cluster without writing',
  description: `Build every cluster's stacks (or one) and run every check synth runs, without writing
anything. Exit 0 when all pass, 1 otherwise; warnings fail only with --strict, type errors only
with --typecheck. CI runs \`hubfleet validate --strict --typecheck\` on every merge request.`,
  options: { cluster: CLUSTER_OPTION, app: APP_OPTION, strict: STRICT_OPTION, typecheck: TYPECHECK_OPTION },
  async run(inv) {
    const { loadAndSynth } = await import('./synth-clusters');
    return (await loadAndSynth({ app: inv.string('app'), cluster: inv.string('cluster'), strict: inv.boolean('strict'), typecheck: inv.boolean('typecheck'), cwd: inv.cwd }, inv.io)) ? 0 : 1;
  },
};
