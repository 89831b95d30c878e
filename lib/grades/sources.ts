/**
 * The grade service's Python sources, shipped with hubfleet as package data: the real .py files in
 * lib/grades (tested with python3 in test/grades), read at synth into ConfigMaps. They sit next to
 * this module both in the sources and in the compiled package (scripts/copy-data.js copies the
 * .py files under lib/ into build/lib); a build made before that copied them falls back to lib/grades.
 */
import * as fs from 'fs';
import * as path from 'path';

function gradesDir(): string {
  const here = path.join(__dirname, 'service');
  if (fs.existsSync(here)) return __dirname;
  return path.resolve(__dirname, '..', '..', '..', 'lib', 'grades');
}

const cache = new Map<string, string>();

function read(rel: string): string {
  let text = cache.get(rel);
  if (text === undefined) {
    text = fs.readFileSync(path.join(gradesDir(), rel), 'utf8');
    cache.set(rel, text);
  }
  return text;
}

/** The service package `hubfleet_grades`: file name → source, in name order. */
export function servicePackage(): Record<string, string> {
  const dir = path.join(gradesDir(), 'service', 'hubfleet_grades');
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
  return Object.fromEntries(names.map((n) => [n, read(path.join('service', 'hubfleet_grades', n))]));
}

/** The nbgrader exporter module (`hubfleet_lms_grades.py`) user servers import. */
export function exporterModule(): string {
  return read(path.join('nbgrader', 'hubfleet_lms_grades.py'));
}

/** The hub's post-auth hook that reports launches (a section of jupyterhub_config.py). */
export function launchHook(): string {
  return read(path.join('hub', 'record_launch.py'));
}
