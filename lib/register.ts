/**
 * `node --require hubfleet/register program.ts`: load TypeScript the way `hubfleet synth` does
 * (transpiled when required, no type check; lib/cli/ts-loader.ts). The project's own test
 * (`npm test` of a project from `hubfleet new`) and cdktf.json's app use it.
 */
import { builtProjectRoot } from './cli/build-check';
import { register } from './cli/ts-loader';

register({ compiledRoot: builtProjectRoot(`${__dirname}/cli`) });
