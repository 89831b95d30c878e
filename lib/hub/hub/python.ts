/**
 * Rendering of Python literals for the generated jupyterhub_config.py. Values are emitted as
 * literals (never interpolated into code), so a course title or a URL cannot inject Python.
 */

/** A Python expression written verbatim (e.g. `os.environ["X"]`); only hubfleet's own code makes these. */
export class PyExpr {
  /**
   * @param code the expression
   * @param env the environment variable it reads, when it is an `os.environ[...]` read
   */
  constructor(
    readonly code: string,
    readonly env?: string,
  ) {}
}

/** `os.environ["NAME"]`: read a value the pod gets from a Secret. */
export function pyEnv(name: string): PyExpr {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`not an environment variable name: ${name}`);
  return new PyExpr(`os.environ[${pyString(name)}]`, name);
}

/**
 * A Python string literal (double-quoted, escaped) that evaluates to exactly `s`. Besides quotes and
 * backslashes it escapes every character a reader of the file could take for a line break or lose:
 * C0 and C1 controls, DEL, U+2028/U+2029 (line breaks to YAML 1.1 parsers, which read the ConfigMap
 * the file travels in), U+FEFF, and lone surrogates (which UTF-8 cannot carry: written raw they would
 * arrive as U+FFFD). Other characters stay as they are.
 */
export function pyString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * A comment's text as one line of Python: every line break Python or YAML knows, and every other
 * control character, becomes a visible escape, so no value can end the comment and start code.
 */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Values that render as Python literals. */
export type PyValue = string | number | boolean | null | undefined | PyExpr | PyValue[] | PySet | { [k: string]: PyValue };

/** A Python set literal (rendered sorted, for stable output). */
export class PySet {
  constructor(readonly items: readonly string[]) {}
}

/** Render a value as a Python literal; objects become dicts (keys kept in insertion order). */
export function py(v: PyValue, indent = 0): string {
  const pad = ' '.repeat(indent + 4);
  const end = ' '.repeat(indent);
  if (v === null || v === undefined) return 'None';
  if (v instanceof PyExpr) return v.code;
  if (v instanceof PySet) return v.items.length ? `{${[...v.items].sort().map(pyString).join(', ')}}` : 'set()';
  if (typeof v === 'string') return pyString(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot render ${v} in Python`);
    return String(v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const flat = v.every((x) => typeof x !== 'object' || x === null);
    if (flat) {
      const one = `[${v.map((x) => py(x)).join(', ')}]`;
      if (one.length < 80) return one;
    }
    return `[\n${v.map((x) => `${pad}${py(x, indent + 4)},`).join('\n')}\n${end}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${pad}${pyString(k)}: ${py(x, indent + 4)},`).join('\n')}\n${end}}`;
}

/** Every environment variable a value reads through {@link pyEnv}. */
export function envReads(v: PyValue): string[] {
  if (v instanceof PyExpr) return v.env ? [v.env] : [];
  if (Array.isArray(v)) return v.flatMap(envReads);
  if (v && typeof v === 'object' && !(v instanceof PySet)) return Object.values(v).flatMap(envReads);
  return [];
}

/**
 * Builds a config file line by line: `c.Class.trait = value`. It also keeps what it set, as the
 * rendered config model the contract rules (contracts.ts) check: the last value set wins, as in Python.
 */
export class PyConfig {
  private readonly lines: string[] = [];
  private readonly values = new Map<string, Map<string, PyValue>>();

  /** Set `c.<cls>.<trait>`; undefined values are skipped. */
  set(cls: string, trait: string, value: PyValue): this {
    if (value === undefined) return this;
    if (!/^[A-Z][A-Za-z0-9]*$/.test(cls) || !/^[a-z_][a-z0-9_]*$/.test(trait)) throw new Error(`bad trait ${cls}.${trait}`);
    this.lines.push(`c.${cls}.${trait} = ${py(value)}`);
    (this.values.get(cls) ?? this.values.set(cls, new Map()).get(cls)!).set(trait, value);
    return this;
  }

  /** The values set on one class so far (the last assignment of each trait), e.g. for the cluster model. */
  traitsOf(cls: string): ReadonlyMap<string, PyValue> {
    return this.values.get(cls) ?? new Map();
  }

  /** Everything set so far, as `Class.trait` → value (the model contracts.ts checks). */
  traits(): ReadonlyMap<string, PyValue> {
    const all = new Map<string, PyValue>();
    for (const [cls, m] of this.values) for (const [trait, v] of m) all.set(`${cls}.${trait}`, v);
    return all;
  }

  /** Comment lines (a section header): one `#` line per `\n` of the text, each made safe by {@link commentText}. */
  comment(text: string): this {
    this.lines.push('', ...text.split('\n').map((l) => `# ${commentText(l)}`.trimEnd()));
    return this;
  }

  /** Verbatim code written by hubfleet (a function definition). Never pass user input here. */
  code(block: string): this {
    this.lines.push(block.replace(/\n+$/, ''));
    return this;
  }

  render(): string {
    return `${this.lines.join('\n').replace(/^\n+/, '')}\n`;
  }
}
