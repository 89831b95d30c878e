import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes a cluster's files to `<out>/<cluster>/`, replacing that folder whole and touching nothing
 * else in `<out>` (it may be a Git checkout). The new tree is written next to the old one first and
 * swapped in with renames, so a crash or a failed write leaves the previous output in place.
 */
export function writeClusterFiles(outDir: string, cluster: string, files: ReadonlyMap<string, string>): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cluster)) throw new Error(`refusing to write cluster folder "${cluster}": not a DNS label`);
  fs.mkdirSync(outDir, { recursive: true });
  const target = path.join(outDir, cluster);
  const staging = path.join(outDir, `.${cluster}.hubfleet-new`);
  const retired = path.join(outDir, `.${cluster}.hubfleet-old`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(retired, { recursive: true, force: true });
  const dirs = new Set<string>();
  for (const rel of files.keys()) {
    if (path.isAbsolute(rel) || rel.split('/').includes('..')) throw new Error(`refusing to write outside the cluster folder: ${rel}`);
    dirs.add(path.dirname(rel));
  }
  try {
    for (const d of [...dirs].sort()) fs.mkdirSync(path.join(staging, d), { recursive: true });
    for (const [rel, content] of files) fs.writeFileSync(path.join(staging, rel), content);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (fs.existsSync(target)) fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  fs.rmSync(retired, { recursive: true, force: true });
}
