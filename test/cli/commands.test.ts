/** The command line itself: help on every command, usage errors, --version, the registry's shape. */
import * as fs from 'fs';
import * as path from 'path';
import { Command, parseCommandLine } from '../../lib/cli/command';
import { COMMANDS } from '../../lib/cli/registry';
import { run } from './helpers';

const ROOT = path.join(__dirname, '..', '..');

/** Every command and subcommand as the words that call it. */
const calls: string[][] = COMMANDS.flatMap((c) => [[c.name], ...(c.subcommands ?? []).map((s) => [c.name, s.name])]);

describe('hubfleet --help and usage errors', () => {
  test.each(calls.map((words) => [words.join(' '), words]))('hubfleet %s --help (and -h, and hubfleet help …) prints its usage and exits 0', async (_name, words) => {
    const r = await run(...(words as string[]), '--help');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^Usage: hubfleet ${(words as string[]).join(' ')}\\b`));
    expect(r.stdout).toContain('-h, --help');
    expect(await run(...(words as string[]), '-h')).toEqual(r);
    expect(await run('help', ...(words as string[]))).toEqual(r);
  });

  test.each(calls.filter((w) => !COMMANDS.find((c) => c.name === w[0])?.subcommands || w.length > 1).map((words) => [words.join(' '), words]))(
    'hubfleet %s --no-such-flag exits with a usage error and prints that usage, running nothing',
    async (_name, words) => {
      const cmd = COMMANDS.find((c) => c.name === (words as string[])[0])!;
      const r = await run(...(words as string[]), '--no-such-flag');
      expect(r.code).toBe(cmd.usageExitCode ?? 2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^hubfleet ${(words as string[]).join(' ')}: unknown option "--no-such-flag"`));
      expect(r.stderr).toContain(`Usage: hubfleet ${(words as string[]).join(' ')}`);
    },
  );

  test('diff keeps exit 2 for "changes": its usage errors exit 1', () => {
    expect(COMMANDS.find((c) => c.name === 'diff')!.usageExitCode).toBe(1);
  });

  test('hubfleet --version prints the version of package.json', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(await run('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  });

  test('hubfleet --help lists every command; no command is a usage error; an unknown one suggests the nearest', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${c.name}\\b.*${c.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    expect(await run()).toMatchObject({ code: 2, stdout: '', stderr: help.stdout });
    const typo = await run('synht');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^hubfleet: unknown command "synht" \(did you mean synth\?\)/);
    expect((await run('help', 'nope')).code).toBe(2);
    expect((await run('--verbose')).stderr).toMatch(/^hubfleet: unknown option "--verbose"/);
  });

  test('a subcommand missing or unknown is a usage error', async () => {
    expect(await run('exam')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^hubfleet exam: name a subcommand\n\nUsage: hubfleet exam <subcommand>/) });
    expect(await run('exam', 'pasword')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown subcommand "pasword" \(did you mean passwords\?\)/) });
  });

  test('init takes the cluster as a positional argument: missing or one too many is a usage error', async () => {
    expect(await run('init')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^hubfleet init: missing <cluster>: the cluster name/) });
    expect(await run('init', 'a', 'b')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^hubfleet init: unexpected argument "b"/) });
    expect(await run('synth', 'extra')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^hubfleet synth: unexpected argument "extra"/) });
  });
});

describe('parseCommandLine', () => {
  const cmd: Command = {
    name: 't',
    summary: '',
    description: '',
    options: {
      out: { type: 'string', description: '' },
      namespace: { type: 'string', short: 'n', description: '' },
      strict: { type: 'boolean', description: '' },
      tag: { type: 'string', multiple: true, description: '' },
      seats: { type: 'string', required: true, description: '' },
    },
    positionals: [{ name: 'a', description: 'first', required: false }],
    hidePositionals: true,
  };

  test.each([
    [['--seats', '3', '--out', 'x', '-n', 'ns', '--strict', 'p'], { values: { seats: '3', out: 'x', namespace: 'ns', strict: true }, positionals: ['p'] }],
    [['--seats=3', '--out=x', '--tag', 'a', '--tag=b'], { values: { seats: '3', out: 'x', tag: ['a', 'b'] }, positionals: [] }],
    [['--seats', '-1', '--out', '-'], { values: { seats: '-1', out: '-' }, positionals: [] }],
    [['--seats', '1', '--', '--not-an-option'], { values: { seats: '1' }, positionals: ['--not-an-option'] }],
    [['--bogus', '--help'], { help: true }],
  ])('%j → %j', (args, want) => {
    expect(parseCommandLine(cmd, args)).toEqual(want);
  });

  test.each([
    [['--seats', '1', '--outt', 'x'], 'unknown option "--outt" (did you mean --out?)'],
    [['--seats', '1', '--out'], '--out needs a value'],
    [['--seats', '1', '--out='], '--out needs a value'],
    [['--seats', '1', '--out', '--strict'], '--out needs a value (write --out=… for a value that starts with "-")'],
    [['--seats', '1', '--strict=yes'], '--strict takes no value'],
    [['--seats', '1', '--out', 'a', '--out', 'b'], '--out given more than once'],
    [['--seats', '1', '-n', 'a', '--namespace', 'b'], '--namespace given more than once'],
    [['--out', 'a'], '--seats is required'],
    [['--seats', '1', 'p', 'hunter2'], 'unexpected argument #2'],
  ])('%j is refused: %s', (args, message) => {
    expect(parseCommandLine(cmd, args)).toEqual({ error: message });
  });
});

test('lib/cli has no import circle (the registry and main import commands; commands import only lower modules)', () => {
  const dir = path.join(ROOT, 'lib', 'cli');
  const edges = new Map<string, string[]>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const deps = [...text.matchAll(/(?:^import (?!type )[^;]*? from |import\()'\.\/([\w-]+)'/gm)].map((m) => `${m[1]}.ts`);
    edges.set(f, deps);
  }
  const cycles: string[] = [];
  const visit = (f: string, stack: string[]) => {
    if (stack.includes(f)) {
      cycles.push([...stack.slice(stack.indexOf(f)), f].join(' → '));
      return;
    }
    for (const d of edges.get(f) ?? []) visit(d, [...stack, f]);
  };
  for (const f of edges.keys()) visit(f, []);
  expect(cycles).toEqual([]);
  expect(edges.get('main.ts')).toContain('registry.ts');
});
