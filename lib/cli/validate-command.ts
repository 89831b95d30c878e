import type { Command } from './command';
import { APP_OPTION, CLUSTER_OPTION, STRICT_OPTION } from './options';

/** `hubfleet validate`: what synth does, without writing. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'build and validate every cluster without writing',
  description: `Build every cluster's stacks (or one) and run every check synth runs, without writing
anything. Exit 0 when all pass, 1 otherwise; warnings fail only with --strict.`,
  options: { cluster: CLUSTER_OPTION, app: APP_OPTION, strict: STRICT_OPTION },
  async run(inv) {
    const { loadAndSynth } = await import('./synth-clusters');
    return loadAndSynth(inv.string('app'), inv.string('cluster'), inv.io, inv.boolean('strict')) ? 0 : 1;
  },
};
