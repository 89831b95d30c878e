/** In hubfleet's repository, synth refuses a compiled library that is not what lib/ says (rule build-stale). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { builtProjectRoot, buildIsCurrent, checkBuild, writeBuildStamp } from '../../lib/cli/build-check';
import { compiledFileOf } from '../../lib/cli/ts-loader';

let root: string;
const write = (rel: string, text: string, mtime?: number) => {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  if (mtime !== undefined) fs.utimesSync(p, mtime, mtime);
};

/** A small checkout: library sources, an app file, their emitted JavaScript and the stamp, as after `npm run build`. */
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-build-'));
  write('tsconfig.json', JSON.stringify({ include: ['lib/**/*.ts', 'apps/**/*.ts'] }));
  write('lib/a.ts', 'export const a = 1;\n', 1000);
  write('apps/index.ts', 'export const clusters = [];\n', 1000);
  write('lib/types.d.ts', 'declare const x: number;\n', 1000);
  write('build/lib/a.js', 'exports.a = 1;\n', 2000);
  write('build/apps/index.js', 'exports.clusters = [];\n', 2000);
  writeBuildStamp(root);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('build-stale', () => {
  test('a build from the current sources passes', () => {
    expect(checkBuild(root)).toEqual([]);
  });

  test('fails when a source changed after the build (the build failed or was not run), naming the file and the fix', () => {
    write('lib/a.ts', 'export const a = 2;\n', 3000);
    const [i, ...rest] = checkBuild(root);
    expect(rest).toEqual([]);
    expect(i).toMatchObject({ path: 'build', field: 'sources', value: ['lib/a.ts'], rule: 'build-stale' });
    expect(i.message).toMatch(/build\/ was not compiled from the current library sources \(1 file of lib\/ or imports\/ changed or added since the last successful build, or the last build failed to compile\)/);
    expect(i.fix).toMatch(/npm run build/);
  });

  test('fails on a new library source that was never compiled', () => {
    write('imports/x/index.ts', 'export const x = 1;\n', 3000);
    expect(checkBuild(root).map((i) => i.value)).toEqual([['imports/x/index.ts']]);
  });

  test("ignores the app stack's files (apps/, clusters/: transpiled when synth loads them, e.g. the files hubfleet init wrote)", () => {
    write('apps/index.ts', 'export const clusters = [demoCluster];\n', 3000);
    write('apps/demo.ts', 'export const demo = 1;\n', 3000);
    expect(checkBuild(root)).toEqual([]);
  });

  test('library sources resolve to their compiled files, the rest to themselves', () => {
    expect(compiledFileOf(path.join(root, 'lib/a.ts'), root)).toBe(path.join(root, 'build/lib/a.js'));
    expect(compiledFileOf(path.join(root, 'apps/index.ts'), root)).toBe(path.join(root, 'apps/index.ts'));
    expect(compiledFileOf(path.join(root, 'lib/b.ts'), root)).toBe(path.join(root, 'lib/b.ts'));
    expect(compiledFileOf(path.join(root, 'lib/types.d.ts'), root)).toBe(path.join(root, 'lib/types.d.ts'));
  });

  test('passes a touched but unchanged source (git checkout; an incremental tsc does not re-emit it)', () => {
    write('lib/a.ts', 'export const a = 1;\n', 5000);
    expect(checkBuild(root)).toEqual([]);
  });

  test('without a stamp (plain tsc, tsc --watch) falls back to the emitted file being newer than its source', () => {
    fs.rmSync(path.join(root, 'build/.hubfleet-build.json'));
    expect(checkBuild(root)).toEqual([]);
    write('lib/a.ts', 'export const a = 2;\n', 3000);
    expect(checkBuild(root).map((i) => i.value)).toEqual([['lib/a.ts']]);
  });

  test('the CLI prints it and refuses; only when it runs from build/', () => {
    write('lib/a.ts', 'export const a = 2;\n', 3000);
    let err = '';
    expect(buildIsCurrent({ stdout: () => undefined, stderr: (s) => (err += s) }, root)).toBe(false);
    expect(err).toMatch(/refusing to run a stale build\.\n  ✗ build: sources = \["lib\/a\.ts"\]: .*\[build-stale\]/);
    expect(buildIsCurrent({ stdout: () => undefined, stderr: () => undefined }, undefined)).toBe(true);
  });

  test('knows when it runs from the build of a checkout (not from an installed package, not from sources)', () => {
    write('lib/cli/main.ts', '', 1000);
    expect(builtProjectRoot(path.join(root, 'build/lib/cli'))).toBe(root);
    expect(builtProjectRoot(path.join(root, 'lib/cli'))).toBeUndefined();
    fs.rmSync(path.join(root, 'lib/cli/main.ts'));
    expect(builtProjectRoot(path.join(root, 'build/lib/cli'))).toBeUndefined();
  });
});
