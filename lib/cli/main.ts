/**
 * The `hubfleet` command: `--version`, `--help`, and the commands of lib/cli/registry.ts, each
 * parsed by lib/cli/command.ts. bin/hubfleet.js calls {@link main}.
 */
import { closestKey } from '../core/closest';
import { DEFAULT_APP_MODULE } from './app-module';
import { Command, COMMAND_TYPO_EDITS, runCommand } from './command';
import { Io, processIo } from './io';
import { COMMANDS } from './registry';
import { hubfleetVersion } from './version';

/** `hubfleet --help`: every command with its summary. */
export function mainUsage(commands: readonly Command[] = COMMANDS): string {
  const w = Math.max(...commands.map((c) => c.name.length + (c.positionals ?? []).reduce((n, p) => n + p.name.length + 3, 0)));
  const rows = commands.map((c) => `  ${[c.name, ...(c.positionals ?? []).map((p) => `<${p.name}>`)].join(' ').padEnd(w)}  ${c.summary}`);
  return [
    'Usage: hubfleet <command> [options]',
    '',
    'Teaching clusters in TypeScript: synthesize, validate and review Kubernetes YAML and Terraform JSON.',
    '',
    'Commands:',
    ...rows,
    '',
    'Options:',
    '  -h, --help   show this help; `hubfleet <command> --help` shows a command\'s options',
    "  --version    print hubfleet's version",
    '',
    `The app module (default: ${DEFAULT_APP_MODULE}) exports \`clusters\`: ClusterDefinition[].`,
    '',
  ].join('\n');
}

/** Entry point of the `hubfleet` command; returns the exit code. */
export async function main(args: readonly string[], io: Io = processIo, cwd: string = process.cwd()): Promise<number> {
  const [word, ...rest] = args;
  if (word === '--version') {
    io.stdout(`${hubfleetVersion()}\n`);
    return 0;
  }
  if (word === undefined) {
    io.stderr(mainUsage());
    return 2;
  }
  if (word === '--help' || word === '-h' || word === 'help') {
    // `hubfleet help synth` and `hubfleet help exam passwords` are `hubfleet synth --help`.
    if (word !== 'help' || rest[0] === undefined) {
      io.stdout(mainUsage());
      return 0;
    }
    return main([rest[0], ...rest.slice(1), '--help'], io, cwd);
  }
  const cmd = COMMANDS.find((c) => c.name === word);
  if (!cmd) {
    const guess = word.startsWith('-') ? undefined : closestKey(word, COMMANDS.map((c) => c.name), COMMAND_TYPO_EDITS);
    io.stderr(`hubfleet: unknown ${word.startsWith('-') ? `option "${word}"` : `command "${word}"${guess ? ` (did you mean ${guess}?)` : ''}`}\n\n${mainUsage()}`);
    return 2;
  }
  return await runCommand(cmd, rest, io, cwd);
}
