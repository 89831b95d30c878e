/**
 * `--typecheck`: the project's TypeScript compiler checks every file of tsconfig.json (`tsc --noEmit`,
 * incremental) in a child process while synth builds and validates, so the check costs the longer
 * of the two, not both. synth writes only when both pass. Without the flag synth transpiles only
 * (lib/cli/ts-loader.ts): type errors then reach the user in the editor, in `npm test` and in CI,
 * which runs `validate --strict --typecheck` and publishes with `synth --typecheck`.
 */
import { spawn } from 'child_process';
import * as path from 'path';

/** What tsc said: its exit code and output. */
export interface TypecheckResult {
  readonly ok: boolean;
  readonly output: string;
}

/** The TypeScript compiler the project at `cwd` installs (else the one beside hubfleet), or undefined. */
export function tscOf(cwd: string): string | undefined {
  for (const paths of [[cwd], undefined]) {
    try {
      return require.resolve('typescript/bin/tsc', paths ? { paths } : undefined);
    } catch {
      // try the next
    }
  }
  return undefined;
}

/** Start `tsc --noEmit` on the project at `cwd`; the promise settles when it ends. */
export function startTypecheck(cwd: string): Promise<TypecheckResult> {
  const tsc = tscOf(cwd);
  if (!tsc) return Promise.resolve({ ok: false, output: '--typecheck needs TypeScript in the project: npm install --save-dev typescript\n' });
  const buildInfo = path.join(cwd, 'node_modules', '.cache', 'hubfleet', 'typecheck.tsbuildinfo');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', path.join(cwd, 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', buildInfo], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.on('error', (e) => resolve({ ok: false, output: `tsc did not start: ${e.message}\n` }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}
