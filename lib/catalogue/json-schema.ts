/**
 * Checks a value against the catalogue's JSON Schemas (schemas/*.schema.json, generated from
 * lib/catalogue/types.ts). It knows the draft-07 keywords the generator writes: type, enum, const,
 * properties, required, additionalProperties, items, anyOf, the number, string and array bounds,
 * pattern and format `date`. Unknown keys and unknown enum values get the closest known one as a
 * suggestion.
 */
import { closestKey } from '../core/closest';
import { JsonSchema } from './schemas.generated';
import { FieldPath, fieldName } from './yaml-source';

/** One place where a value does not follow its schema. */
export interface SchemaFinding {
  readonly path: FieldPath;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
  /** The field as a file names it: the key itself for unknown keys, else the path. */
  readonly key?: string;
}

type S = { [k: string]: any };
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is `s` a real calendar day `YYYY-MM-DD`? */
export function isDay(s: unknown): s is string {
  const m = typeof s === 'string' ? DATE.exec(s) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function typeMatches(t: string, v: unknown): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return typeof v === t;
  }
}

const describeType = (s: S): string => {
  if ('const' in s) return JSON.stringify(s.const);
  if (s.enum) return `one of ${s.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}`;
  if (s.anyOf) return s.anyOf.map(describeType).join(' or ');
  if (s.type === 'object') return 'a mapping (key: value)';
  if (s.type === 'array') return 'a list';
  if (s.type === 'integer') return 'a whole number';
  return `a ${s.type}`;
};

const example = (s: S): string => (Array.isArray(s.examples) && s.examples.length ? ` e.g. ${JSON.stringify(s.examples[0])}` : '');

/** Every way `value` breaks `schema`, outermost first. */
export function checkSchema(schema: JsonSchema, value: unknown, at: FieldPath = []): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  check(schema as S, value, at, out);
  return out;
}

function check(s: S, v: unknown, at: FieldPath, out: SchemaFinding[]): void {
  if (s.anyOf) {
    const results = (s.anyOf as S[]).map((alt) => {
      const o: SchemaFinding[] = [];
      check(alt, v, at, o);
      return { alt, o };
    });
    if (results.some((r) => r.o.length === 0)) return;
    // Report the alternative of the value's own type (an object against the object form), if any.
    const same = results.filter((r) => r.alt.type !== undefined && typeMatches(r.alt.type, v));
    if (same.length === 1) {
      out.push(...same[0].o);
      return;
    }
    out.push({ path: at, value: v, message: `must be ${describeType(s)}.`, fix: `write ${describeType(s)}${example(s)}.` });
    return;
  }
  if ('const' in s && v !== s.const) {
    out.push({ path: at, value: v, message: `must be ${JSON.stringify(s.const)}.`, fix: `write ${JSON.stringify(s.const)}.` });
    return;
  }
  if (s.enum && !(s.enum as unknown[]).includes(v)) {
    const guess = typeof v === 'string' ? closestKey(v, s.enum.filter((e: unknown) => typeof e === 'string')) : undefined;
    out.push({ path: at, value: v, message: `must be one of ${s.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}.`, fix: guess ? `did you mean "${guess}"?` : `choose one of them.` });
    return;
  }
  if (s.type && !typeMatches(s.type, v) && !(s.type === 'number' && typeMatches('integer', v))) {
    const quoted = typeof v === 'string' && (s.type === 'number' || s.type === 'integer') && v.trim() !== '' && Number.isFinite(Number(v));
    out.push({
      path: at,
      value: v,
      message: `must be ${describeType(s)}, not ${v === null ? 'empty' : typeOf(v) === 'integer' ? 'a number' : `a${typeOf(v) === 'array' || typeOf(v) === 'object' ? 'n' : ''} ${typeOf(v) === 'object' ? 'mapping' : typeOf(v) === 'array' ? 'list' : typeOf(v)}`}.`,
      fix: quoted ? `write the number without quotes: ${v.trim()}.` : `write ${describeType(s)}${example(s)}.`,
    });
    return;
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) out.push({ path: at, value: v, message: `must be at least ${s.minimum}.`, fix: `raise it to ${s.minimum} or more.` });
    if (s.maximum !== undefined && v > s.maximum) out.push({ path: at, value: v, message: `must be at most ${s.maximum}.`, fix: `lower it to ${s.maximum} or less.` });
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) out.push({ path: at, value: v, message: `must be more than ${s.exclusiveMinimum}.`, fix: `raise it above ${s.exclusiveMinimum}.` });
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) out.push({ path: at, value: v, message: `must be less than ${s.exclusiveMaximum}.`, fix: `lower it below ${s.exclusiveMaximum}.` });
  }
  if (typeof v === 'string') {
    const n = [...v].length;
    if (s.minLength !== undefined && n < s.minLength) out.push({ path: at, value: v, message: s.minLength === 1 ? 'must not be empty.' : `must have at least ${s.minLength} characters.`, fix: 'write a value.' });
    if (s.maxLength !== undefined && n > s.maxLength) out.push({ path: at, value: v, message: `must have at most ${s.maxLength} characters (it has ${n}).`, fix: 'shorten it.' });
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) out.push({ path: at, value: v, message: `does not have the required form (${s.pattern}).`, fix: `write it in that form${example(s)}.` });
    if (s.format === 'date' && !isDay(v)) out.push({ path: at, value: v, message: 'must be a day written YYYY-MM-DD.', fix: 'write e.g. 2026-02-07.' });
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) out.push({ path: at, value: v, message: `must have at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}.`, fix: 'add the missing items.' });
    if (s.maxItems !== undefined && v.length > s.maxItems) out.push({ path: at, value: v, message: `must have at most ${s.maxItems} items.`, fix: 'remove items.' });
    if (s.items) v.forEach((x, i) => check(s.items, x, [...at, i], out));
  }
  if (typeMatches('object', v)) {
    const o = v as Record<string, unknown>;
    const props: Record<string, S> = s.properties ?? {};
    for (const r of (s.required ?? []) as string[]) {
      if (o[r] === undefined) out.push({ path: at, value: undefined, message: `${r} is missing.`, fix: `add ${r}: (${describeType(props[r] ?? {})})${example(props[r] ?? {})}.`, key: r });
    }
    for (const [k, x] of Object.entries(o)) {
      const p = props[k];
      if (p) check(p, x, [...at, k], out);
      else if (s.additionalProperties === false) {
        const known = Object.keys(props);
        const guess = closestKey(k, known);
        out.push({
          path: [...at, k],
          value: x,
          message: `${at.length ? fieldName(at) : 'the file'} has no key "${k}", so its value would be ignored.`,
          fix: guess ? `did you mean "${guess}"? Rename the key.` : `remove it; the known keys are ${known.join(', ')}.`,
          key: k,
        });
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(s.additionalProperties, x, [...at, k], out);
    }
  }
}
