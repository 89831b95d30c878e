/**
 * A check of Python source at the level of CPython's tokenizer, in TypeScript, so synth needs no
 * Python and gives the same answer on every machine: the errors a config section makes that stop the
 * hub before it reads a single trait, and that a careless edit makes most often.
 *
 * It finds (Python 3.11–3.13 `SyntaxError` / `IndentationError` / `TabError` classes):
 * - null bytes; characters that are no Python token outside strings and comments (`$`, `?`, a
 *   backtick, `!` not in `!=`, a no-break space or `€` pasted from a web page);
 * - strings that never end (a quote, or a triple quote, left open; a line break in a one-line
 *   string); f-strings are read by PEP 701 (3.12), so what 3.12 accepts is accepted;
 * - brackets that do not match, are never closed, or close what was never opened;
 * - a backslash continuation followed by anything but the line break, or at the very end;
 * - indentation: an unexpected indent, a dedent to no outer level, a block header (`…:`) without an
 *   indented block, tabs and spaces mixed so the meaning depends on the tab size.
 * It does not parse the grammar (`c.X = = 1` passes here and fails in Python): the tests run every
 * rendered hub config and the examples through python3 as well (test/hub/python-syntax.test.ts
 * compares both on a corpus). Each section is checked alone: it must end at the top level, as the
 * next section starts there.
 */

/** A problem found, with its 1-based line and column. */
export interface PythonSyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSE: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const OPERATORS = new Set([...'+-*/%@&|^~<>=.,:;']);
const PREFIX = /^(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?$/;
const IDENTIFIER_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;

class Problem extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** The first problem in `src`, or undefined when the tokenizer-level check finds none. */
export function pythonSyntaxProblem(src: string): PythonSyntaxProblem | undefined {
  const text = src.replace(/\r\n?/g, '\n');
  try {
    new Scanner(text).run();
    return undefined;
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    const before = text.slice(0, e.at);
    const line = before.split('\n').length;
    return { line, column: e.at - before.lastIndexOf('\n'), message: e.message };
  }
}

class Scanner {
  private i = 0;
  /** Open brackets: the character and where. */
  private readonly brackets: Array<{ ch: string; at: number }> = [];
  /** Indentation levels: columns with tab size 8, and with tab size 1 (CPython's `altcol`). */
  private readonly indents = [0];
  private readonly altIndents = [0];
  /** The last significant character of the current logical line (":" opens a block). */
  private last = '';
  private blockExpected = -1;

  constructor(private readonly s: string) {}

  run(): void {
    const s = this.s;
    if (s.includes('\0')) throw new Problem(s.indexOf('\0'), 'source code cannot contain null bytes');
    let lineStart = true;
    while (this.i <= s.length) {
      if (lineStart && this.brackets.length === 0) {
        // A blank or comment-only line is skipped whole; the next one starts a line again.
        lineStart = !this.indentation();
        if (lineStart) continue;
      }
      if (this.i >= s.length) break;
      const c = s[this.i];
      if (c === '\n') {
        this.i++;
        if (this.brackets.length === 0) {
          this.endLogicalLine();
          lineStart = true;
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\f') {
        this.i++;
        continue;
      }
      if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
        continue;
      }
      if (c === '\\') {
        if (s[this.i + 1] === '\n') {
          this.i += 2;
          continue;
        }
        throw new Problem(this.i, this.i + 1 >= s.length ? 'unexpected EOF after a line continuation character' : 'unexpected character after line continuation character');
      }
      if (c === '"' || c === "'") {
        this.string('');
        continue;
      }
      if (/[A-Za-z_]/.test(c) || (c.charCodeAt(0) > 0x7f && IDENTIFIER_CHAR.test(this.codePoint()))) {
        const start = this.i;
        while (this.i < s.length && (/[A-Za-z0-9_]/.test(s[this.i]) || (s.charCodeAt(this.i) > 0x7f && IDENTIFIER_CHAR.test(this.codePoint())))) this.i += this.codePoint().length;
        const word = s.slice(start, this.i);
        if ((s[this.i] === '"' || s[this.i] === "'") && PREFIX.test(word)) {
          this.string(word);
          continue;
        }
        this.last = 'name';
        continue;
      }
      if (/[0-9]/.test(c)) {
        // Numbers (with exponents, underscores, hex, j): letters and digits and dots; "1.e5" and "1_000".
        while (this.i < s.length && /[0-9A-Za-z_.]/.test(s[this.i])) {
          if ((s[this.i] === 'e' || s[this.i] === 'E') && (s[this.i + 1] === '+' || s[this.i + 1] === '-')) this.i++;
          this.i++;
        }
        this.last = 'number';
        continue;
      }
      if (c in OPEN) {
        this.brackets.push({ ch: c, at: this.i });
        this.i++;
        this.last = c;
        continue;
      }
      if (c in CLOSE) {
        const open = this.brackets.pop();
        if (!open) throw new Problem(this.i, `unmatched '${c}'`);
        if (open.ch !== CLOSE[c]) throw new Problem(this.i, `closing parenthesis '${c}' does not match opening parenthesis '${open.ch}'`);
        this.i++;
        this.last = c;
        continue;
      }
      if (c === '!' && s[this.i + 1] === '=') {
        this.i += 2;
        this.last = '!=';
        continue;
      }
      if (OPERATORS.has(c)) {
        this.i++;
        this.last = c;
        continue;
      }
      const cp = this.codePoint();
      throw new Problem(this.i, `invalid character '${cp}' (U+${cp.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
    }
    if (this.brackets.length) {
      const open = this.brackets[this.brackets.length - 1];
      throw new Problem(open.at, `'${open.ch}' was never closed`);
    }
    this.endLogicalLine();
    if (this.blockExpected >= 0) throw new Problem(this.blockExpected, 'expected an indented block after this line');
  }

  private codePoint(): string {
    return String.fromCodePoint(this.s.codePointAt(this.i)!);
  }

  private endLogicalLine(): void {
    if (this.last === ':') this.blockExpected = this.i - 1;
    this.last = '';
  }

  /** At the start of a line: measure its indentation; false for blank and comment-only lines (skipped). */
  private indentation(): boolean {
    const s = this.s;
    let col = 0;
    let alt = 0;
    const start = this.i;
    while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t' || s[this.i] === '\f')) {
      const c = s[this.i];
      if (c === ' ') {
        col++;
        alt++;
      } else if (c === '\t') {
        col = (Math.floor(col / 8) + 1) * 8;
        alt++;
      } else {
        col = 0;
        alt = 0;
      }
      this.i++;
    }
    if (this.i >= s.length) return true;
    if (s[this.i] === '\n' || s[this.i] === '#' || (s[this.i] === '\\' && s[this.i + 1] === '\n')) {
      // Blank or comment-only: no INDENT/DEDENT (CPython skips them); the rest of the line is scanned as usual.
      return s[this.i] === '\\' ? true : this.skipLine();
    }
    const top = this.indents[this.indents.length - 1];
    const altTop = this.altIndents[this.altIndents.length - 1];
    if (col === top) {
      if (alt !== altTop) throw new Problem(start, 'inconsistent use of tabs and spaces in indentation');
      if (this.blockExpected >= 0) throw new Problem(this.i, 'expected an indented block');
    } else if (col > top) {
      if (alt <= altTop) throw new Problem(start, 'inconsistent use of tabs and spaces in indentation');
      if (this.blockExpected < 0) throw new Problem(this.i, 'unexpected indent');
      this.indents.push(col);
      this.altIndents.push(alt);
    } else {
      if (this.blockExpected >= 0) throw new Problem(this.i, 'expected an indented block');
      while (this.indents.length > 1 && col < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.altIndents.pop();
      }
      if (col !== this.indents[this.indents.length - 1]) throw new Problem(this.i, 'unindent does not match any outer indentation level');
      if (alt !== this.altIndents[this.altIndents.length - 1]) throw new Problem(start, 'inconsistent use of tabs and spaces in indentation');
    }
    this.blockExpected = -1;
    return true;
  }

  private skipLine(): boolean {
    while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
    if (this.i < this.s.length) this.i++;
    return false;
  }

  /** A string literal starting at the quote; `prefix` is what came before it (r, b, f, …). */
  private string(prefix: string): void {
    const s = this.s;
    const start = this.i - prefix.length;
    const q = s[this.i];
    const triple = s.startsWith(q.repeat(3), this.i);
    const fstring = /[fF]/.test(prefix);
    this.i += triple ? 3 : 1;
    for (;;) {
      if (this.i >= s.length) throw new Problem(start, triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal');
      const c = s[this.i];
      if (c === '\\') {
        // A backslash keeps the next quote, line break or backslash in the string; in f-strings a brace stays a brace.
        this.i += fstring && (s[this.i + 1] === '{' || s[this.i + 1] === '}') ? 1 : 2;
        continue;
      }
      if (!triple && c === '\n') throw new Problem(start, 'unterminated string literal');
      if (triple ? s.startsWith(q.repeat(3), this.i) : c === q) {
        this.i += triple ? 3 : 1;
        this.last = 'string';
        return;
      }
      if (fstring && c === '{') {
        if (s[this.i + 1] === '{') {
          this.i += 2;
          continue;
        }
        this.replacementField();
        continue;
      }
      this.i++;
    }
  }

  /** `{ expression [!conversion] [:format] }` inside an f-string (PEP 701: any string, any line inside). */
  private replacementField(): void {
    const s = this.s;
    const open = this.i;
    this.i++;
    let depth = 0;
    for (;;) {
      if (this.i >= s.length) throw new Problem(open, "f-string: expecting '}'");
      const c = s[this.i];
      if (c === '"' || c === "'") {
        const before = s.slice(0, this.i).match(/[A-Za-z]{0,2}$/)![0];
        this.string(PREFIX.test(before) ? before : '');
        continue;
      }
      if (c === '#') throw new Problem(this.i, "f-string expression part cannot include '#'");
      if (c in OPEN) depth++;
      else if (c in CLOSE) {
        if (c === '}' && depth === 0) {
          this.i++;
          return;
        }
        depth--;
      } else if (c === ':' && depth === 0) {
        // The format spec: literal text with nested fields, up to the closing brace.
        this.i++;
        for (;;) {
          if (this.i >= s.length) throw new Problem(open, "f-string: expecting '}'");
          if (s[this.i] === '{') {
            this.replacementField();
            continue;
          }
          if (s[this.i] === '}') {
            this.i++;
            return;
          }
          this.i++;
        }
      }
      this.i++;
    }
  }
}
