import * as fs from 'fs';
import * as path from 'path';

/** The report's folder inside a cluster's output folder; synth keeps it (lib/fleet/output.ts KEPT_FOLDERS). */
export const REPORT_DIR = 'report';

/**
 * Write a cluster's report to `<outDir>/<cluster>/report/`, replacing that folder only: the new
 * folder is built next to it and renamed into place, so a failed write leaves the old report, and
 * nothing else of the cluster folder (manifests, inventory.json, Terraform files) is touched.
 */
export function writeReport(outDir: string, cluster: string, files: ReadonlyMap<string, string>): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cluster)) throw new Error(`refusing to write the report of "${cluster}": not a DNS label`);
  const clusterDir = path.join(outDir, cluster);
  const target = path.join(clusterDir, REPORT_DIR);
  const staging = path.join(clusterDir, `.${REPORT_DIR}.hubfleet-new`);
  const retired = path.join(clusterDir, `.${REPORT_DIR}.hubfleet-old`);
  fs.mkdirSync(clusterDir, { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(retired, { recursive: true, force: true });
  try {
    for (const [rel, content] of files) {
      if (path.isAbsolute(rel) || rel.split('/').includes('..')) throw new Error(`refusing to write outside the report folder: ${rel}`);
      fs.mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
      fs.writeFileSync(path.join(staging, rel), content);
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (fs.existsSync(target)) fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  fs.rmSync(retired, { recursive: true, force: true });
  return target;
}
