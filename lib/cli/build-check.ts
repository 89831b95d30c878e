/**
 * Is the compiled library in build/ what the library's sources say? (hubfleet's own repository.)
 *
 * In hubfleet's repository, `hubfleet synth` runs the compiled library in build/ (the app stack's
 * own files, apps/ and clusters/, are transpiled when loaded: lib/cli/ts-loader.ts, which also
 * resolves the examples' `../lib/...` imports to build/). A build that failed to compile emits
 * nothing (`noEmitOnError` in tsconfig.json), and a library source edited after the last build is
 * not in build/ yet: in both cases synth would run old library code. So `npm run build` ends by
 * writing a stamp (build/.hubfleet-build.json: a SHA-256 per library source, lib/ and imports/),
 * and the commands that load the app stack compare the sources with it before they run. In an
 * installed package there are no sources beside build/, and nothing to check.
 *
 * A source counts as built when its content is the one stamped, or when its emitted .js is not older
 * than it (so `tsc --watch`, which writes no stamp, works too). Content, not only times, decides,
 * because an incremental tsc does not re-emit a file whose content did not change (a `git checkout`
 * that only touched it).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { formatIssue, Issue } from '../core/errors';
import type { Io } from './io';
import { LIBRARY_ROOTS } from './ts-loader';

/** Where the stamp lives, relative to the project root. */
export const BUILD_STAMP = 'build/.hubfleet-build.json';

interface Stamp {
  /** Project-relative source path → hex SHA-256 of its content when it was compiled. */
  readonly sources: Record<string, string>;
}

/** Every source of the library (lib/, imports/; not declaration files), project-relative, sorted. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const full = path.join(root, rel);
    if (!fs.existsSync(full)) return;
    for (const e of fs.readdirSync(full, { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(r);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(r);
    }
  };
  for (const d of LIBRARY_ROOTS) walk(d);
  return out.sort();
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Write the stamp after a successful `tsc` (package.json's build script runs it). */
export function writeBuildStamp(root: string): void {
  const sources: Record<string, string> = {};
  for (const f of sourceFiles(root)) sources[f] = sha256(path.join(root, f));
  fs.mkdirSync(path.join(root, 'build'), { recursive: true });
  fs.writeFileSync(path.join(root, BUILD_STAMP), `${JSON.stringify({ sources }, null, 1)}\n`);
}

/** The emitted JavaScript of a source: `lib/x.ts` → `build/lib/x.js`. */
function outputOf(root: string, rel: string): string {
  return path.join(root, 'build', rel.replace(/\.ts$/, '.js'));
}

/**
 * The sources build/ was not compiled from, as one issue (rule `build-stale`), or none. `root` is
 * the project root (the folder holding tsconfig.json and build/).
 */
export function checkBuild(root: string): Issue[] {
  let stamp: Stamp | undefined;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(root, BUILD_STAMP), 'utf8')) as Stamp;
  } catch {
    stamp = undefined;
  }
  const stale: string[] = [];
  for (const rel of sourceFiles(root)) {
    const src = path.join(root, rel);
    if (stamp?.sources[rel] !== undefined && stamp.sources[rel] === sha256(src)) continue;
    const out = outputOf(root, rel);
    if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs) continue;
    stale.push(rel);
  }
  if (stale.length === 0) return [];
  const shown = stale.length > 5 ? [...stale.slice(0, 5), `… ${stale.length - 5} more`] : stale;
  return [
    {
      path: 'build',
      field: 'sources',
      value: shown,
      message: `build/ was not compiled from the current library sources (${stale.length} file${stale.length === 1 ? '' : 's'} of lib/ or imports/ changed or added since the last successful build, or the last build failed to compile), so this command would run old library code.`,
      fix: 'run `npm run build` (or `npm run synth`, which builds first) and fix every TypeScript error it prints; nothing is emitted while one is left.',
      rule: 'build-stale',
    },
  ];
}

/**
 * The root of the hubfleet checkout this module runs from, when it runs compiled from one
 * (`<root>/build/lib/cli/`, with `<root>/lib/cli/` holding the sources); undefined in an installed
 * package (no sources beside the build) and under jest (the sources themselves).
 */
export function builtProjectRoot(dir: string = __dirname): string | undefined {
  const buildDir = path.resolve(dir, '..', '..');
  if (path.basename(buildDir) !== 'build') return undefined;
  const root = path.dirname(buildDir);
  return fs.existsSync(path.join(root, 'lib', 'cli', 'main.ts')) ? root : undefined;
}

/**
 * Refuse to run a build that is not what the sources say (rule `build-stale`), printing why: only
 * when running from build/ (the `hubfleet` command); jest runs the sources themselves.
 */
export function buildIsCurrent(io: Io, root: string | undefined = builtProjectRoot()): boolean {
  if (root === undefined) return true;
  const issues = checkBuild(root);
  for (const i of issues) io.stderr(`hubfleet: refusing to run a stale build.\n  ✗ ${formatIssue(i)}\n`);
  return issues.length === 0;
}
