/**
 * Every `hubfleet` command, in the order `hubfleet --help` lists them. Adding a command: one file
 * exporting a {@link Command} and one line here (lib/cli/README.md).
 */
import { capacityCommand } from './capacity-command';
import type { Command } from './command';
import { diffCommand } from './diff-command';
import { examCommand } from './exam-command';
import { initCommand } from './init-command';
import { lifecycleCommand } from './lifecycle-command';
import { newCommand } from './new-command';
import { portalCommand } from './portal-command';
import { reportCommand } from './report-command';
import { sealCommand } from './seal-command';
import { synthCommand } from './synth-command';
import { usageCommand } from './usage-command';
import { validateCommand } from './validate-command';

export const COMMANDS: readonly Command[] = [
  synthCommand,
  validateCommand,
  diffCommand,
  capacityCommand,
  reportCommand,
  lifecycleCommand,
  portalCommand,
  usageCommand,
  newCommand,
  initCommand,
  sealCommand,
  examCommand,
];
