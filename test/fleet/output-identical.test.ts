/**
 * The output stays byte-identical: both example clusters (by name: test/examples.ts) and a generated bench-style
 * cluster of 30 hubs (test/bench/generated-cluster.ts) go through the same pipeline `hubfleet synth`
 * runs (buildCluster, synthApp, the node stack's files), in memory; the sha256 of every file and of
 * the whole tree must equal test/fixtures/output-hashes.json. A refactor must not change a byte.
 *
 * When a change is meant to change the output, regenerate the hashes deliberately:
 *
 *   UPDATE_OUTPUT_HASHES=1 npx jest test/fleet/output-identical.test.ts
 *
 * and say in the commit message which files changed and why (a regeneration without a reason is a
 * review finding: the hashes are what tells a reviewer that output moved).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { exampleClusters } from '../examples';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { buildCluster } from '../../lib/fleet/define';
import { synthApp } from '../../lib/fleet/synth';
import { generatedCluster } from '../bench/generated-cluster';

const HASHES = path.join(__dirname, '..', 'fixtures', 'output-hashes.json');
/** Hubs in the generated cluster: every kind of the bench's mix several times over. */
const BENCH_HUBS = 30;

interface TreeHashes {
  /** sha256 over the sorted `path NUL sha256 LF` lines of every file. */
  readonly tree: string;
  /** Relative path under dist/<cluster>/ → the first 16 hex digits of the sha256 of its bytes (UTF-8). */
  readonly files: Record<string, string>;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The node stack's files, as `hubfleet synth` adds them (lib/nodes/synth-nodes.ts). */
function nodeFiles(app: { spec: ClusterSpec }): Map<string, string> {
  if (!app.spec.infrastructure) return new Map();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { synthNodeStack } = require('../../lib/nodes/synth-nodes') as { synthNodeStack(spec: ClusterSpec): Map<string, string> };
  return synthNodeStack(app.spec);
}

function hashes(files: Map<string, string>): TreeHashes {
  const entries = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, text]) => [p, sha256(text)] as const);
  // The tree hash covers every file's whole sha256; per file 64 bits keep the fixture small.
  return { tree: sha256(entries.map(([p, h]) => `${p}\0${h}\n`).join('')), files: Object.fromEntries(entries.map(([p, h]) => [p, h.slice(0, 16)])) };
}

function outputs(): Record<string, TreeHashes> {
  const res: Record<string, TreeHashes> = {};
  for (const def of exampleClusters()) res[def.spec.name] = hashes(synthApp(buildCluster(def), nodeFiles).files);
  res[`bench-${BENCH_HUBS}`] = hashes(synthApp(generatedCluster(BENCH_HUBS), nodeFiles).files);
  return res;
}

/** What differs between the committed hashes and the output, one line per file. */
function differences(want: Record<string, TreeHashes>, got: Record<string, TreeHashes>): string[] {
  const lines: string[] = [];
  for (const cluster of new Set([...Object.keys(want), ...Object.keys(got)])) {
    const w = want[cluster];
    const g = got[cluster];
    if (!w || !g) {
      lines.push(`${cluster}: ${w ? 'no longer synthesized' : 'new cluster, no committed hashes'}`);
      continue;
    }
    for (const file of new Set([...Object.keys(w.files), ...Object.keys(g.files)])) {
      if (!(file in g.files)) lines.push(`${cluster}/${file}: removed`);
      else if (!(file in w.files)) lines.push(`${cluster}/${file}: added`);
      else if (w.files[file] !== g.files[file]) lines.push(`${cluster}/${file}: bytes changed`);
    }
    if (w.tree !== g.tree && !lines.some((l) => l.startsWith(`${cluster}/`))) lines.push(`${cluster}: tree hash changed`);
  }
  return lines.sort();
}

test('the output of both examples and the bench cluster is byte-identical to the committed hashes', () => {
  const got = outputs();
  if (process.env.UPDATE_OUTPUT_HASHES === '1') {
    fs.writeFileSync(HASHES, `${JSON.stringify(got, null, 1)}\n`);
    return;
  }
  const want = JSON.parse(fs.readFileSync(HASHES, 'utf8')) as Record<string, TreeHashes>;
  const diff = differences(want, got);
  if (diff.length) {
    throw new Error(
      `${diff.length} output file(s) differ from test/fixtures/output-hashes.json:\n  ${diff.join('\n  ')}\n` +
        'If this change is meant to change the output: UPDATE_OUTPUT_HASHES=1 npx jest test/fleet/output-identical.test.ts, and say why in the commit message.',
    );
  }
  for (const cluster of Object.keys(want)) expect(`${cluster} ${got[cluster].tree}`).toBe(`${cluster} ${want[cluster].tree}`);
});

test('the comparison names the files whose bytes changed, were added or removed', () => {
  const base = hashes(new Map([['a.yaml', 'x\n'], ['b.yaml', 'y\n']]));
  const changed = hashes(new Map([['a.yaml', 'x \n'], ['c.yaml', 'z\n']]));
  expect(differences({ c1: base }, { c1: changed })).toEqual(['c1/a.yaml: bytes changed', 'c1/b.yaml: removed', 'c1/c.yaml: added']);
  expect(differences({ c1: base }, { c1: base })).toEqual([]);
  expect(differences({ c1: base }, { c2: base })).toEqual(['c1: no longer synthesized', 'c2: new cluster, no committed hashes']);
});
