import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** The grade service's Python package folder (lib/grades/service). */
export const SERVICE_DIR = path.join(ROOT, 'lib', 'grades', 'service');

/**
 * The python3 the grade service tests run, with PYTHONPATH pointing at the packages .ci/python-env
 * installed for it (tornado, PyJWT, cryptography, SQLAlchemy: lib/grades/service/requirements.txt).
 * Throws, with the command that fixes it, when they are missing: these tests never skip.
 */
export function gradesPython(): { cmd: string; env: Record<string, string> } {
  const cmd = process.env.PYTHON ?? 'python3';
  const tag = spawnSync(cmd, ['-c', 'import sys; print(sys.implementation.cache_tag)']).stdout?.toString().trim();
  if (!tag) throw new Error(`${cmd} does not run: the grade service tests need Python 3.9 or later on PATH`);
  const extra = path.join(ROOT, '.ci', 'python', tag);
  const pythonPath = [SERVICE_DIR, ...(fs.existsSync(extra) ? [extra] : []), ...(process.env.PYTHONPATH ? [process.env.PYTHONPATH] : [])].join(path.delimiter);
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PYTHONPATH: pythonPath, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
  const check = spawnSync(cmd, ['-c', 'import tornado, jwt, cryptography, sqlalchemy'], { env });
  if (check.status !== 0) {
    throw new Error(`${cmd} lacks tornado, PyJWT, cryptography or SQLAlchemy (${check.stderr.toString().trim().split('\n').pop()}): run .ci/python-env once (CI's .ci/run does)`);
  }
  return { cmd, env };
}

/** Run a Python program with the grade service on its path; returns stdout. */
export function runGradesPython(program: string, args: string[] = [], env: Record<string, string> = {}): string {
  const py = gradesPython();
  return execFileSync(py.cmd, ['-c', program, ...args], { env: { ...py.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}
