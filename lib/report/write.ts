import * as path from 'path';
import { replaceFolder } from '../fleet/output';

/** The report's folder inside a cluster's output folder; synth keeps it (lib/fleet/output.ts KEPT_FOLDERS). */
export const REPORT_DIR = 'report';

/**
 * Write a cluster's report to `<outDir>/<cluster>/report/`, replacing that folder only: the new
 * folder is built next to it and renamed into place, so a failed write leaves the old report, and
 * nothing else of the cluster folder (manifests, inventory.json, Terraform files) is touched.
 */
export function writeReport(outDir: string, cluster: string, files: ReadonlyMap<string, string>): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cluster)) throw new Error(`refusing to write the report of "${cluster}": not a DNS label`);
  const target = path.join(outDir, cluster, REPORT_DIR);
  replaceFolder(target, files);
  return target;
}
