import * as fs from 'fs';
import * as path from 'path';
import type { Command } from './command';
import { APP_OPTION, CLUSTER_OPTION, OUT_OPTION } from './options';

/**
 * `hubfleet diff`: synthesize in memory, compare with DIR/<cluster>/, print the risks and the
 * changes. Writes nothing. Exit 0 when nothing differs, 2 when something does, 1 on an error or a
 * usage error (like `diff` and `terraform plan -detailed-exitcode`, where 2 means changes).
 */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare the synthesized output with DIR/<cluster>/ (a GitOps checkout): risks first',
  description: `Synthesize in memory and compare with DIR/<cluster>/ (e.g. a checkout of the GitOps repo):
risks first (data that disappears, changes Kubernetes refuses, secrets that must never change,
hub restarts during an exam), then every added, removed and changed object per package.
Writes nothing. Exit 0: no changes, 2: changes, 1: an error (a usage error too).`,
  options: {
    out: OUT_OPTION,
    cluster: CLUSTER_OPTION,
    app: APP_OPTION,
    now: { type: 'string', value: 'ISO-TIME', description: 'the time the change would sync, for exam-window risks (default: now)' },
  },
  usageExitCode: 1,
  examples: ['hubfleet diff --out ../gitops/dist'],
  async run(inv) {
    const { io } = inv;
    const nowFlag = inv.string('now');
    const now = nowFlag === undefined ? new Date() : new Date(nowFlag);
    if (Number.isNaN(now.getTime())) {
      io.stderr(`hubfleet diff: --now ${nowFlag} is not a date and time (e.g. 2026-02-03T09:00:00+01:00)\n`);
      return 1;
    }
    const { loadAndSynth } = await import('./synth-clusters');
    const { diffCluster, formatDiff, isUnchanged, readClusterDir } = await import('../fleet/diff');
    const cluster = inv.string('cluster');
    const done = await loadAndSynth({ app: inv.string('app'), cluster, cwd: inv.cwd }, io);
    if (!done) return 1;
    const outDir = inv.string('out') ?? 'dist';
    let changed = false;
    for (const o of done.outputs) {
      try {
        const spec = done.defs.find((x) => x.spec.name === o.cluster)?.spec;
        const d = diffCluster(o.cluster, readClusterDir(path.join(outDir, o.cluster)), o.files, { now, existingStorageClasses: spec?.existingStorageClasses });
        io.stdout(formatDiff(d, outDir));
        if (!isUnchanged(d)) changed = true;
      } catch (e) {
        io.stderr(`hubfleet diff: ${o.cluster}: ${(e as Error).message}\n`);
        return 1;
      }
    }
    if (!cluster && fs.existsSync(outDir)) {
      const known = new Set(done.outputs.map((o) => o.cluster));
      const others = fs.readdirSync(outDir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && !known.has(e.name)).map((e) => e.name);
      if (others.length) io.stderr(`note: ${others.map((n) => `${outDir}/${n}/`).join(', ')} belong${others.length === 1 ? 's' : ''} to no cluster of the app stack (not compared; synth never touches ${others.length === 1 ? 'it' : 'them'}).\n`);
    }
    return changed ? 2 : 0;
  },
};
