// The jest transform: TypeScript to CommonJS with esbuild, transpile only, with the options of
// lib/cli/ts-loader.ts (what `hubfleet synth` loads a project's TypeScript with), so the tests run
// the code as synth runs it. `npm test` type-checks everything with tsc first.
'use strict';
const { createHash } = require('crypto');
const esbuild = require('esbuild');

const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'external',
  tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true, verbatimModuleSyntax: false } },
  // import() becomes require() as tsc's CommonJS output has it (jest's runtime and the require hook load modules).
  supported: { 'dynamic-import': false },
};

module.exports = {
  process(source, filename) {
    const { code, map } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(esbuild.version).update(JSON.stringify(OPTIONS)).update(filename).update('\0').update(source).digest('hex');
  },
};
