/**
 * The layers of lib/ (ARCHITECTURE.md, "Layers"): every import under lib/ goes to a folder of the
 * same layer or one below, nothing under lib/ imports the apps, the clusters or the tests, and no
 * file imports itself through a circle. Imports are read with the TypeScript compiler's own
 * pre-processor (static imports, `import type`, re-exports, `import()` and `require()` of a
 * relative path), so a type-only import counts like any other.
 *
 *   npx jest test/architecture      # fails naming each circle and each import that runs upward
 *
 * A new folder under lib/ must be given a layer here (the test says so).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** Lowest first. A folder may import its own layer and the layers below. */
export const LAYERS: ReadonlyArray<{ readonly name: string; readonly folders: readonly string[] }> = [
  { name: 'core', folders: ['core', 'validate'] },
  { name: 'cluster model and fleet', folders: ['fleet', 'model', 'capacity', 'nodes'] },
  { name: 'components', folders: ['hub', 'grades', 'exam', 'seb', 'storage', 'secrets', 'platform', 'argocd', 'monitoring', 'course-portal'] },
  { name: 'course catalogue', folders: ['catalogue'] },
  { name: 'command line and reports', folders: ['cli', 'report', 'portal'] },
];
/** Outside lib/: what lib/ may import (generated provider bindings), and what it must not (the apps' layer, the tests). */
const OUTSIDE_ALLOWED = ['imports'];

const ROOT = path.resolve(__dirname, '..', '..');

/** file (relative to the root) → the files it imports (relative), for every .ts file under `dir`. */
export function importGraph(root: string, dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : []));
  for (const file of walk(path.join(root, dir))) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), ref.fileName);
      const target = [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
      targets.push(path.relative(root, target ?? base));
    }
    graph.set(path.relative(root, file), targets);
  }
  return graph;
}

/** The circles of a graph (strongly connected components of more than one file, or a file importing itself). */
export function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** Imports that run from a lower layer up, or out of lib/ to something it must not know; and folders without a layer. */
export function layerViolations(graph: ReadonlyMap<string, readonly string[]>, layers = LAYERS): string[] {
  const layerOf = new Map<string, number>();
  layers.forEach((l, i) => l.folders.forEach((f) => layerOf.set(f, i)));
  const folderOf = (file: string) => (file.startsWith('lib/') ? file.split('/')[1] : undefined);
  const out: string[] = [];
  const unplaced = new Set<string>();
  for (const [from, targets] of graph) {
    const fromFolder = folderOf(from)!;
    const fromLayer = layerOf.get(fromFolder);
    if (fromLayer === undefined) {
      if (from.split('/').length > 2) unplaced.add(fromFolder);
      continue;
    }
    for (const to of targets) {
      const toFolder = folderOf(to);
      if (toFolder === undefined) {
        if (!OUTSIDE_ALLOWED.includes(to.split('/')[0])) out.push(`${from} -> ${to}: lib/ must not import ${to.split('/')[0]}/ (the apps' layer and the tests sit above lib/)`);
        continue;
      }
      const toLayer = layerOf.get(toFolder);
      if (toLayer === undefined) {
        if (to.split('/').length > 2) unplaced.add(toFolder);
        continue;
      }
      if (toLayer > fromLayer) out.push(`${from} -> ${to}: ${layers[fromLayer].name} (lib/${fromFolder}) imports from ${layers[toLayer].name} (lib/${toFolder}), a layer above it`);
    }
  }
  for (const f of [...unplaced].sort()) out.push(`lib/${f}/ has no layer: add it to LAYERS in test/architecture/layers.test.ts (and to ARCHITECTURE.md)`);
  return out.sort();
}

describe('layers of lib/', () => {
  const graph = importGraph(ROOT, 'lib');

  test('no import circle under lib/', () => {
    expect(circles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  test('every import goes to the same layer or one below, and never out to the apps, clusters or tests', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  test('every folder of lib/ has a layer, and no layer names a folder that is gone', () => {
    const folders = fs.readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(LAYERS.flatMap((l) => l.folders).sort()).toEqual(folders);
  });
});

describe('the checks fail where they must', () => {
  const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  test('a circle of two files, and a longer one, are found; a chain is not a circle', () => {
    expect(circles(g({ 'lib/fleet/a.ts': ['lib/fleet/b.ts'], 'lib/fleet/b.ts': ['lib/fleet/a.ts'], 'lib/core/c.ts': [] }))).toEqual([['lib/fleet/a.ts', 'lib/fleet/b.ts']]);
    expect(circles(g({ 'lib/a/x.ts': ['lib/b/y.ts'], 'lib/b/y.ts': ['lib/c/z.ts'], 'lib/c/z.ts': ['lib/a/x.ts'] }))).toHaveLength(1);
    expect(circles(g({ 'lib/a/x.ts': ['lib/b/y.ts'], 'lib/b/y.ts': ['lib/c/z.ts'], 'lib/c/z.ts': [] }))).toEqual([]);
  });

  test('an import from core up to the fleet, from lib/ to the apps, and a folder without a layer are reported', () => {
    const v = layerViolations(g({ 'lib/core/x.ts': ['lib/fleet/cluster-spec.ts'], 'lib/fleet/y.ts': ['apps/index.ts', 'lib/core/x.ts', 'imports/openstack/index.ts'], 'lib/newthing/z.ts': ['lib/core/x.ts'] }));
    expect(v).toEqual([
      expect.stringMatching(/^lib\/core\/x\.ts -> lib\/fleet\/cluster-spec\.ts: core \(lib\/core\) imports from cluster model and fleet/),
      expect.stringMatching(/^lib\/fleet\/y\.ts -> apps\/index\.ts: lib\/ must not import apps\//),
      expect.stringMatching(/^lib\/newthing\/ has no layer/),
    ]);
  });

  test('type-only imports, re-exports and require() of a relative path are imports too', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'layers-'));
    try {
      fs.mkdirSync(path.join(dir, 'lib', 'core'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'lib', 'hub'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'lib', 'hub', 'h.ts'), 'export const h = 1;\n');
      fs.writeFileSync(path.join(dir, 'lib', 'core', 'a.ts'), "import type { h } from '../hub/h';\nexport type { h as H } from '../hub/h';\nconst x = require('../hub/h');\n");
      expect(importGraph(dir, 'lib').get('lib/core/a.ts')).toEqual(['lib/hub/h.ts', 'lib/hub/h.ts', 'lib/hub/h.ts']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
