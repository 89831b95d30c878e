/**
 * A YAML file with positions: the value it holds and, for every key and item, the line and column
 * where it is written (the `yaml` package's nodes and its LineCounter), so that every issue can name
 * the file, the line and the field.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';

/** A place in a file: 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** A path into a value: keys and array indexes, e.g. `['profiles', 1, 'memoryLimitGiB']`. */
export type FieldPath = readonly (string | number)[];

/** `profiles[1].memoryLimitGiB` */
export function fieldName(p: FieldPath): string {
  let out = '';
  for (const s of p) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** One YAML document and where its parts are. */
export interface YamlSource {
  readonly file: string;
  /** The document as plain data (undefined when it does not parse). */
  readonly value: unknown;
  /** Syntax errors, each with its position. */
  readonly errors: ReadonlyArray<{ readonly message: string; readonly at: Position }>;
  /** Where the key (for map entries) or the item (for list items) of a path is written. */
  keyAt(path: FieldPath): Position | undefined;
  /** Where the value of a path is written. */
  valueAt(path: FieldPath): Position | undefined;
  /** The position of the deepest part of the path that exists in the file (line 1 for nothing). */
  nearest(path: FieldPath): Position;
}

const key = (p: FieldPath) => JSON.stringify(p);

/** Parsed files by name and text: the portal checks each request against the same 1,000 unchanged course files. */
const parsed = new Map<string, YamlSource>();
const MAX_PARSED = 20_000;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/**
 * Parse one YAML document (YAML 1.2 core schema: `yes` and dates stay strings), keeping positions.
 * The same file name and text give the same (frozen) result, from a bounded cache.
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  const k = `${file}\0${text}`;
  let hit = parsed.get(k);
  if (!hit) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    hit = parseFresh(file, text);
    parsed.set(k, hit);
  }
  return hit;
}

function parseFresh(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const pos = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const keys = new Map<string, Position>();
  const values = new Map<string, Position>();
  const walk = (node: unknown, at: (string | number)[]) => {
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const k = isScalar(item.key) ? String(item.key.value) : undefined;
        if (k === undefined) continue;
        const here = [...at, k];
        const kn = item.key as Node;
        if (kn.range) keys.set(key(here), pos(kn.range[0]));
        const vn = item.value as Node | null;
        if (vn && vn.range) values.set(key(here), pos(vn.range[0]));
        else if (kn.range) values.set(key(here), pos(kn.range[0]));
        walk(vn, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const here = [...at, i];
        const n = item as Node;
        if (n && n.range) {
          keys.set(key(here), pos(n.range[0]));
          values.set(key(here), pos(n.range[0]));
        }
        walk(item, here);
      });
    }
  };
  walk(doc.contents, []);
  const errors = [...doc.errors, ...doc.warnings].map((e) => ({ message: e.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim(), at: pos(e.pos[0]) }));
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({ message: (e as Error).message, at: { line: 1, col: 1 } });
    }
  }
  const nearest = (p: FieldPath): Position => {
    for (let n = p.length; n > 0; n--) {
      const hit = keys.get(key(p.slice(0, n)));
      if (hit) return hit;
    }
    return { line: 1, col: 1 };
  };
  return {
    file,
    value: deepFreeze(value),
    errors: deepFreeze(errors),
    keyAt: (p) => keys.get(key(p)),
    valueAt: (p) => values.get(key(p)),
    nearest,
  };
}
