/**
 * The shape of a `hubfleet` command and the one parser every command goes through (Node's
 * `util.parseArgs`, with hubfleet's own messages): `--help`/`-h` on every command and subcommand,
 * unknown options, missing values, repeated options and stray arguments are usage errors (exit 2,
 * or the command's `usageExitCode`) that print the command's usage. A command is one file exporting
 * a {@link Command}; lib/cli/registry.ts lists them (see lib/cli/README.md).
 */
import { parseArgs } from 'node:util';
import { closestKey } from '../core/closest';
import type { Io } from './io';

/** One option of a command. */
export interface CommandOption {
  /** A string option takes a value (`--out DIR` or `--out=DIR`); a boolean one does not. */
  readonly type: 'string' | 'boolean';
  /** A one-letter alias, e.g. `n` for `-n`. @default none */
  readonly short?: string;
  /** The value's placeholder in the usage. @default 'VALUE' */
  readonly value?: string;
  /** One line (or a few) for the usage. */
  readonly description: string;
  /** The command cannot run without it (a usage error names it). @default false */
  readonly required?: boolean;
  /** May be given more than once (the values are collected); otherwise a repeat is a usage error. @default false */
  readonly multiple?: boolean;
}

/** One positional argument. */
export interface CommandPositional {
  /** Shown as `<name>` in the usage. */
  readonly name: string;
  readonly description: string;
  /** @default true */
  readonly required?: boolean;
}

/** A parsed command line, handed to {@link Command.run}. */
export interface Invocation {
  /** The value of a string option, or undefined when it was not given. */
  string(name: string): string | undefined;
  /** Every value of a `multiple` string option, in order. */
  strings(name: string): string[];
  /** Whether a boolean option was given. */
  boolean(name: string): boolean;
  /** The positional arguments, in order. */
  readonly positionals: readonly string[];
  readonly io: Io;
  /** The folder the command runs in (the project root for init, the parent for new). */
  readonly cwd: string;
}

/** A `hubfleet` command (or a subcommand of one). */
export interface Command {
  /** The word after `hubfleet` (or after the parent command). */
  readonly name: string;
  /** One line for `hubfleet --help`. */
  readonly summary: string;
  /** What the command does, for `hubfleet <name> --help` (plain text, wrapped by hand). */
  readonly description: string;
  readonly options?: Readonly<Record<string, CommandOption>>;
  readonly positionals?: readonly CommandPositional[];
  /** Example command lines for the usage. @default none */
  readonly examples?: readonly string[];
  /** The exit code of a usage error, where 2 means something else (diff: 2 = changes). @default 2 */
  readonly usageExitCode?: number;
  /** Never echo a positional argument in a message (it may be a secret typed on the command line). @default false */
  readonly hidePositionals?: boolean;
  /** Runs the command; returns the exit code. Either this or `subcommands`. */
  readonly run?: (inv: Invocation) => Promise<number> | number;
  /** `hubfleet <name> <sub> …`: the subcommands. */
  readonly subcommands?: readonly Command[];
  /**
   * With subcommands: the one that runs when none is named, so `hubfleet <name> [options]` works
   * (e.g. `hubfleet lifecycle --now` runs `hubfleet lifecycle show --now`). @default none
   */
  readonly defaultSubcommand?: string;
}

/** Edits a mistyped command or subcommand may be from the one it meant (a swap of two letters is two). */
export const COMMAND_TYPO_EDITS = 2;

/** The usage line and option table of a command (what `--help` prints). */
export function usageOf(cmd: Command, prefix = 'hubfleet'): string {
  const full = `${prefix} ${cmd.name}`;
  if (cmd.subcommands) {
    const w = Math.max(...cmd.subcommands.map((s) => s.name.length));
    return [
      `Usage: ${full} ${cmd.defaultSubcommand ? '[<subcommand>]' : '<subcommand>'} [options]`,
      '',
      indent(cmd.description),
      '',
      'Subcommands:',
      ...cmd.subcommands.map((s) => `  ${s.name.padEnd(w)}  ${s.summary}${s.name === cmd.defaultSubcommand ? ' (the default)' : ''}`),
      '',
      'Options:',
      `  ${'-h, --help'.padEnd(w)}  show this help`,
      '',
      `Run \`${full} <subcommand> --help\` for a subcommand's options.`,
      '',
    ].join('\n');
  }
  const pos = (cmd.positionals ?? []).map((p) => (p.required === false ? `[<${p.name}>]` : `<${p.name}>`));
  const opts = Object.entries(cmd.options ?? {});
  const required = opts.filter(([, o]) => o.required).map(([n, o]) => `--${n} ${o.value ?? 'VALUE'}`);
  const lines = [`Usage: ${[full, ...pos, ...required, ...(opts.some(([, o]) => !o.required) ? ['[options]'] : [])].join(' ')}`, '', indent(cmd.description), ''];
  const args: [string, string][] = (cmd.positionals ?? []).map((p) => [`<${p.name}>`, p.description]);
  const rows: [string, string][] = [
    ...opts.map(([n, o]): [string, string] => [`${o.short ? `-${o.short}, ` : ''}--${n}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`, `${o.description}${o.required ? ' (required)' : ''}`]),
    ['-h, --help', 'show this help'],
  ];
  const w = Math.min(28, Math.max(...[...args, ...rows].map(([l]) => l.length)));
  const table = (title: string, entries: [string, string][]) => {
    if (!entries.length) return;
    lines.push(title);
    for (const [l, d] of entries) {
      const [first, ...more] = d.split('\n');
      lines.push(l.length > w ? `  ${l}\n  ${' '.repeat(w)}  ${first}` : `  ${l.padEnd(w)}  ${first}`);
      for (const m of more) lines.push(`  ${' '.repeat(w)}  ${m}`);
    }
  };
  table('Arguments:', args);
  if (args.length) lines.push('');
  table('Options:', rows);
  if (cmd.examples?.length) lines.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  lines.push('');
  return lines.join('\n');
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');

/** The outcome of parsing: help asked for, a usage error, or the invocation's values. */
export type Parsed = { readonly help: true } | { readonly error: string } | { readonly values: Record<string, string | boolean | string[]>; readonly positionals: string[] };

const HELP: CommandOption = { type: 'boolean', short: 'h', description: 'show this help' };

/** Parse a command line against a command's options and positionals. Never throws. */
export function parseCommandLine(cmd: Command, args: readonly string[]): Parsed {
  const specs: Record<string, CommandOption> = { help: HELP, ...cmd.options };
  const { tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(Object.entries(specs).map(([n, o]) => [n, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const errors: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const spec = specs[t.name];
    if (t.name === 'help' && spec === HELP) return { help: true };
    if (!spec) {
      const guess = t.rawName.startsWith('--') ? closestKey(t.name, Object.keys(specs)) : undefined;
      errors.push(`unknown option "${t.rawName}"${guess ? ` (did you mean --${guess}?)` : ''}`);
      continue;
    }
    const flag = `--${t.name}`;
    if (spec.type === 'boolean') {
      if (t.value !== undefined) errors.push(`${flag} takes no value`);
      else if (values[t.name] !== undefined) errors.push(`${flag} given more than once`);
      else values[t.name] = true;
      continue;
    }
    // A string option followed by another option (`--cert --namespace x`) has no value; "-1" and "-" are values.
    if (t.value === undefined || t.value === '' || (!t.inlineValue && /^-[^\d]/.test(t.value))) {
      errors.push(`${flag} needs a value${!t.value ? '' : ` (write ${flag}=${t.value.startsWith('--') ? '…' : t.value} for a value that starts with "-")`}`);
      continue;
    }
    const before = values[t.name];
    if (spec.multiple) values[t.name] = [...((before as string[] | undefined) ?? []), t.value];
    else if (before !== undefined) errors.push(`${flag} given more than once`);
    else values[t.name] = t.value;
  }
  const declared = cmd.positionals ?? [];
  const needed = declared.filter((p) => p.required !== false);
  if (positionals.length > declared.length) {
    const i = declared.length;
    errors.push(cmd.hidePositionals ? `unexpected argument #${i + 1}` : `unexpected argument "${positionals[i]}"`);
  } else if (positionals.length < needed.length) {
    errors.push(`missing <${needed[positionals.length].name}>: ${needed[positionals.length].description}`);
  }
  for (const [n, o] of Object.entries(cmd.options ?? {})) if (o.required && values[n] === undefined && !errors.some((e) => e.startsWith(`--${n} `))) errors.push(`--${n} is required`);
  return errors.length ? { error: errors.join('; ') } : { values, positionals };
}

/** An invocation over parsed values. */
export function invocation(values: Record<string, string | boolean | string[]>, positionals: readonly string[], io: Io, cwd: string): Invocation {
  return {
    string: (n) => (typeof values[n] === 'string' ? (values[n] as string) : undefined),
    strings: (n) => (Array.isArray(values[n]) ? [...(values[n] as string[])] : typeof values[n] === 'string' ? [values[n] as string] : []),
    boolean: (n) => values[n] === true,
    positionals,
    io,
    cwd,
  };
}

/**
 * Run a command with its arguments: `--help` prints its usage (exit 0), a usage error prints the
 * message and the usage on stderr (exit 2 or its `usageExitCode`), subcommands are dispatched.
 * Synchronous when the command's `run` is.
 */
export function runCommand(cmd: Command, args: readonly string[], io: Io, cwd: string, prefix = 'hubfleet'): number | Promise<number> {
  const full = `${prefix} ${cmd.name}`;
  if (cmd.subcommands) {
    const [word, ...rest] = args;
    if (word === '--help' || word === '-h' || word === 'help') {
      io.stdout(usageOf(cmd, prefix));
      return 0;
    }
    const sub = cmd.subcommands.find((s) => s.name === word);
    const fallback = cmd.defaultSubcommand !== undefined && (word === undefined || word.startsWith('-')) ? cmd.subcommands.find((s) => s.name === cmd.defaultSubcommand) : undefined;
    if (!sub && fallback) return runCommand(fallback, args, io, cwd, full);
    if (!sub) {
      const guess = word === undefined ? undefined : closestKey(word, cmd.subcommands.map((s) => s.name), COMMAND_TYPO_EDITS);
      io.stderr(`${full}: ${word === undefined ? 'name a subcommand' : `unknown subcommand "${word}"${guess ? ` (did you mean ${guess}?)` : ''}`}\n\n${usageOf(cmd, prefix)}`);
      return cmd.usageExitCode ?? 2;
    }
    return runCommand(sub, rest, io, cwd, full);
  }
  const parsed = parseCommandLine(cmd, args);
  if ('help' in parsed) {
    io.stdout(usageOf(cmd, prefix));
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`${full}: ${parsed.error}\n\n${usageOf(cmd, prefix)}`);
    return cmd.usageExitCode ?? 2;
  }
  if (!cmd.run) throw new Error(`${full} has neither run nor subcommands`);
  return cmd.run(invocation(parsed.values, parsed.positionals, io, cwd));
}
