import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

/**
 * promtool from Debian's `prometheus` package (.ci/run installs it when it is missing). The tests
 * that need it fail with this message when it is not there, rather than passing without it.
 */
export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hubfleet-${prefix}-`));
}

/** Run promtool with arguments in `cwd`; returns exit status and output. */
export function promtool(args: string[], cwd: string): { status: number; output: string } {
  if (!fs.existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} is missing: install Debian's prometheus package (apt-get install prometheus), as .ci/run does`);
  const r = spawnSync(PROMTOOL, args, { cwd, encoding: 'utf8', timeout: 120000 });
  return { status: r.status ?? -1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Write a YAML file. */
export function writeYaml(file: string, doc: unknown): string {
  fs.writeFileSync(file, stringify(doc, { lineWidth: 0 }));
  return file;
}
