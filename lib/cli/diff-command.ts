import * as fs from 'fs';
import * as path from 'path';
import { diffCluster, formatDiff, isUnchanged, readClusterDir } from '../fleet/diff';
import { buildIsCurrent, Io, loadApp, parseFlags, synthClusters } from './main';

/**
 * `hubfleet diff [--out DIR] [--cluster NAME] [--app FILE] [--now ISO-TIME]`: synthesize in memory,
 * compare with DIR/<cluster>/, print the risks and the changes. Writes nothing. Exit 0 when nothing
 * differs, 2 when something does, 1 on an error (like `diff` and `terraform plan -detailed-exitcode`).
 */
export async function diffCommand(args: string[], io: Io): Promise<number> {
  const flags = parseFlags(args, ['out', 'cluster', 'app', 'now'], io);
  if (!flags) return 1;
  const now = flags.now === undefined ? new Date() : new Date(flags.now);
  if (Number.isNaN(now.getTime())) {
    io.stderr(`hubfleet diff: --now ${flags.now} is not a date and time (e.g. 2026-02-03T09:00:00+01:00)\n`);
    return 1;
  }
  if (!buildIsCurrent(io)) return 1;
  const defs = loadApp(flags.app, io);
  if (!defs) return 1;
  const outputs = synthClusters(defs, flags.cluster, io);
  if (!outputs) return 1;
  const outDir = flags.out ?? 'dist';
  let changed = false;
  for (const o of outputs) {
    try {
      const spec = defs.find((x) => x.spec.name === o.cluster)?.spec;
      const d = diffCluster(o.cluster, readClusterDir(path.join(outDir, o.cluster)), o.files, { now, existingStorageClasses: spec?.existingStorageClasses });
      io.stdout(formatDiff(d, outDir));
      if (!isUnchanged(d)) changed = true;
    } catch (e) {
      io.stderr(`hubfleet diff: ${o.cluster}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  if (!flags.cluster && fs.existsSync(outDir)) {
    const known = new Set(outputs.map((o) => o.cluster));
    const others = fs.readdirSync(outDir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && !known.has(e.name)).map((e) => e.name);
    if (others.length) io.stderr(`note: ${others.map((n) => `${outDir}/${n}/`).join(', ')} belong${others.length === 1 ? 's' : ''} to no cluster of the app stack (not compared; synth never touches ${others.length === 1 ? 'it' : 'them'}).\n`);
  }
  return changed ? 2 : 0;
}
