/**
 * The tokenizer-level Python check synth runs on extraHubConfig (lib/hub/hub/python-syntax.ts), compared
 * with python3's own compile(): it may miss errors (it does not parse the grammar) but it must never
 * refuse what Python accepts, and it must catch the classes it claims.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pythonSyntaxProblem } from '../../lib/hub/hub/python-syntax';
import { hasPython } from '../exam/python';

/** python3's verdict on each source: null when it compiles, else the exception's class and message. */
function compileAll(sources: string[]): Array<string | null> {
  const program = `
import json, sys
out = []
for src in json.load(sys.stdin):
    try:
        compile(src, "<section>", "exec", dont_inherit=True)
        out.append(None)
    except (SyntaxError, ValueError) as e:
        out.append(type(e).__name__ + ": " + str(e))
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', program], { input: JSON.stringify(sources), maxBuffer: 256 * 1024 * 1024 }).toString());
}

/** Broken sections, one per class the check claims, with what it says. */
const BROKEN: Array<[string, string, RegExp]> = [
  ['an unclosed dict', 'c.JupyterHub.template_vars = {"banner": "Exam today"\n', /'\{' was never closed/],
  ['a closing bracket that does not match', 'x = [1, 2)\n', /does not match opening parenthesis '\['/],
  ['a closing bracket never opened', 'x = 1)\n', /unmatched '\)'/],
  ['a quote left open', 'c.JupyterHub.template_vars = {"banner": "Exam today}\n', /unterminated string literal/],
  ['a line break in a one-line string', 'x = "first\nsecond"\n', /unterminated string literal/],
  ['a triple quote left open', 'x = """docs\nmore\n', /unterminated triple-quoted string literal/],
  ['a block header without a block', 'if True:\nx = 1\n', /expected an indented block/],
  ['a block header at the end of the section', 'def hook(spawner):\n', /expected an indented block/],
  ['an unexpected indent', 'x = 1\n    y = 2\n', /unexpected indent/],
  ['a section that starts indented', '  c.Spawner.notebook_dir = "~"\n', /unexpected indent/],
  ['a dedent to no outer level', 'if True:\n        x = 1\n    y = 2\n', /unindent does not match any outer indentation level/],
  ['tabs and spaces mixed', 'if True:\n        x = 1\n\ty = 2\n', /inconsistent use of tabs and spaces/],
  ['a no-break space pasted from a web page', 'x\u00a0= 1\n', /invalid character .* \(U\+00A0\)/],
  ['a dollar sign', 'x = $HOME\n', /invalid character '\$'/],
  ['a backtick', 'x = `id`\n', /invalid character '`'/],
  ['a question mark', 'x = a ? b : c\n', /invalid character '\?'/],
  ['a lone exclamation mark', 'if !x:\n    pass\n', /invalid character '!'/],
  ['a continuation followed by text', 'x = 1 + \\ 2\n', /unexpected character after line continuation/],
  ['a null byte', 'x = 1\0\n', /null bytes/],
  ['an f-string field never closed', 'x = f"{name"\n', /unterminated string literal|expecting '\}'/],
];

/** Valid sources that look odd: each must pass. */
const VALID: string[] = [
  "x = f\"{a!r:>{width}} {{literal}} {b['k']}\"\n",
  "x = rf'(\\{{%)(-?\\s*)({name})'\n",
  'x = f"""\n{a\n + b}\n"""\n',
  "x = '''it's'''\n",
  'x = "a" \\\n    "b"\n',
  'if x:  # comment\n    pass\n# trailing comment',
  'class A:\n    """Doc."""\n\n    def f(self, *a, **k) -> int:\n        return 1_000 + 0x1F + 1.5e-3 + 2j\n',
  'x = {\n    "a": [1,\n          2],\n}\n',
  'ü = "ünïcødé"\nπ = 3.14\n',
  'match x:\n    case {"a": 1}:\n        pass\n',
  'lambda: 0\n',
  'x = b"\\x00" + rb"\\d"\n',
  'if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n',
  '',
  '\n\n# only comments\n',
  'x = 1\r\ny = 2\r\n',
];

(hasPython ? describe : describe.skip)('the Python check of extraHubConfig, against python3', () => {
  test('every broken section is refused by both, with the message the check claims', () => {
    const verdicts = compileAll(BROKEN.map(([, src]) => src));
    BROKEN.forEach(([name, src, message], i) => {
      const problem = pythonSyntaxProblem(src);
      expect([name, problem?.message]).toEqual([name, expect.stringMatching(message)]);
      expect([name, verdicts[i]]).toEqual([name, expect.stringMatching(/^(SyntaxError|IndentationError|TabError|ValueError)/)]);
    });
  });

  test('odd but valid sections pass both', () => {
    expect(compileAll(VALID)).toEqual(VALID.map(() => null));
    expect(VALID.map((v) => [v, pythonSyntaxProblem(v)])).toEqual(VALID.map((v) => [v, undefined]));
  });

  test('no false refusals on real code: every file of the python3 standard library that compiles passes', () => {
    const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).toString().trim();
    const files = fs.readdirSync(stdlib).filter((f) => f.endsWith('.py')).sort().map((f) => path.join(stdlib, f));
    const sources = files.map((f) => fs.readFileSync(f, 'utf8'));
    const verdicts = compileAll(sources);
    const refused = sources.map((src, i) => [files[i], verdicts[i] === null ? pythonSyntaxProblem(src) : undefined]).filter(([, p]) => p);
    expect(files.length).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  });

  test('broken copies of real code: whenever the check refuses one, python3 refuses it too', () => {
    const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).toString().trim();
    const sources = ['textwrap.py', 'shlex.py', 'string.py', 'dataclasses.py', 'argparse.py'].map((f) => fs.readFileSync(path.join(stdlib, f), 'utf8'));
    // Deterministic damage: drop the n-th bracket, quote or colon, or shift the n-th indented line.
    const mutants: string[] = [];
    for (const src of sources) {
      const marks = [...src.matchAll(/[()[\]{}"':]|\n {4}/g)].map((m) => m.index!);
      for (let k = 0; k < marks.length; k += Math.max(1, Math.floor(marks.length / 60))) {
        const at = marks[k];
        mutants.push(src[at] === '\n' ? `${src.slice(0, at + 1)}  ${src.slice(at + 1)}` : src.slice(0, at) + src.slice(at + 1));
      }
    }
    const verdicts = compileAll(mutants);
    const falseRefusals = mutants.filter((m, i) => verdicts[i] === null && pythonSyntaxProblem(m));
    const caught = mutants.filter((m, i) => verdicts[i] !== null && pythonSyntaxProblem(m)).length;
    const broken = verdicts.filter((v) => v !== null).length;
    expect(falseRefusals).toEqual([]);
    // Most damage is of the kinds the check reads (brackets, strings, indentation).
    expect(caught / broken).toBeGreaterThan(0.5);
  });
});
