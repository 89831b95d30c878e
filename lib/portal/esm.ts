/**
 * ES-module-only packages (openid-client 6; in tests oidc-provider 9) loaded with
 * Node's own `require`, which loads ES modules since Node 20.19 (`require(esm)`). Jest's module
 * registry cannot load them, and this `require` bypasses it, so the same code runs under
 * `hubfleet portal` and in the tests.
 */
import type * as NodeModule from 'module';

const { createRequire } = (process as unknown as { getBuiltinModule(id: string): typeof NodeModule }).getBuiltinModule('module');

/** Node's `require`, resolving from this file. */
export const nativeRequire: NodeRequire = createRequire(__filename);
