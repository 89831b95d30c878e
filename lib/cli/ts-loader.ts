/**
 * Loads a project's TypeScript (its apps/ and clusters/) without a build: a CommonJS `require`
 * hook that transpiles each `.ts` file with esbuild when it is first required (no type check:
 * `hubfleet validate --typecheck`, the project's `npm test` and CI run tsc), with an inline source
 * map so that stack traces and hubfleet's messages name the line of the .ts file.
 *
 * `bin/hubfleet.js` registers it before running a command; `node -r hubfleet/register` does the
 * same for other programs (cdktf's app, the project's own tests).
 *
 * In hubfleet's own repository the examples import the library by relative path (`../lib/...`).
 * There the hook resolves a library source (`lib/**.ts`, `imports/**.ts`) to its compiled file in
 * `build/`, so the command and the app stack share one copy of the library, and the `build-stale`
 * check (lib/cli/build-check.ts) guards that the compiled library is what lib/ says.
 */
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';

/** The folders of hubfleet's own sources that `npm run build` compiles into build/ (and the build check covers). */
export const LIBRARY_ROOTS = ['lib', 'imports'] as const;

/** What esbuild needs of tsconfig.json's compiler options to emit what tsc emits (target ES2022: class fields use define semantics). */
const TSCONFIG_RAW = { compilerOptions: { target: 'ES2022', useDefineForClassFields: true, verbatimModuleSyntax: false } };

interface Esbuild {
  transformSync(input: string, options: Record<string, unknown>): { code: string };
}

let esbuild: Esbuild | undefined;
let registered: { compiledRoot?: string } | undefined;

/** JavaScript for one TypeScript file (CommonJS, inline source map). */
export function transpile(source: string, filename: string): string {
  esbuild ??= require('esbuild') as Esbuild;
  return esbuild.transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: filename,
    tsconfigRaw: TSCONFIG_RAW,
    // import() becomes require(), as in tsc's CommonJS output, so it goes through this hook too.
    supported: { 'dynamic-import': false },
  }).code;
}

interface ModuleInternals {
  _extensions: Record<string, (m: { _compile(code: string, file: string): void }, filename: string) => void>;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
}

/**
 * The compiled file a library source resolves to in hubfleet's repository
 * (`<root>/lib/x.ts` → `<root>/build/lib/x.js`), or the file itself.
 */
export function compiledFileOf(file: string, root: string): string {
  if (!file.endsWith('.ts') || file.endsWith('.d.ts')) return file;
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || !LIBRARY_ROOTS.some((r) => rel.startsWith(`${r}${path.sep}`))) return file;
  const out = path.join(root, 'build', rel.replace(/\.ts$/, '.js'));
  return fs.existsSync(out) ? out : file;
}

/**
 * Register the `.ts` hook (once). `compiledRoot`: the root of a hubfleet checkout whose compiled
 * library the command runs, so library sources resolve to `build/` (see above).
 */
export function register(options: { compiledRoot?: string } = {}): void {
  if (registered) return;
  registered = options;
  const M = Module as unknown as ModuleInternals;
  process.setSourceMapsEnabled(true);
  M._extensions['.ts'] = (m, filename) => m._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
  const root = options.compiledRoot;
  if (root) {
    const resolve = M._resolveFilename;
    M._resolveFilename = function (request, parent, isMain, opts) {
      return compiledFileOf(resolve.call(this, request, parent, isMain, opts), root);
    };
  }
}
