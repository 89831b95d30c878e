/** Options several commands share, so that they read and document them alike. */
import { DEFAULT_APP_MODULE } from './app-module';
import type { CommandOption } from './command';

export const CLUSTER_OPTION: CommandOption = { type: 'string', value: 'NAME', description: 'only this cluster (default: every cluster of the app module)' };
export const APP_OPTION: CommandOption = { type: 'string', value: 'FILE', description: `the app module, which exports \`clusters\` (default: ${DEFAULT_APP_MODULE})` };
export const OUT_OPTION: CommandOption = { type: 'string', value: 'DIR', description: 'the output folder, e.g. a checkout of the GitOps repo (default: dist)' };
export const STRICT_OPTION: CommandOption = { type: 'boolean', description: 'warnings fail too (nothing is written then)' };
export const TYPECHECK_OPTION: CommandOption = { type: 'boolean', description: 'type-check the project (tsc --noEmit, alongside); type errors fail too' };
