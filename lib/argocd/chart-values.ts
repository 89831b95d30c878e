import * as fs from 'fs';
import * as path from 'path';
import { closestKey } from '../core/closest';
import { goPattern } from '../validate/schema-validator';

/**
 * Helm values checked before Argo CD ever renders the chart. Helm ignores a key its templates do not
 * read (`grafana.persistance.enabled: true` installs a Grafana without persistence), and validates
 * against `values.schema.json` only where the chart has one, often with `additionalProperties`
 * left open. So hubfleet checks every values object it writes into an Application against data
 * generated from the pinned chart itself (scripts/gen-chart-values.js, one file per chart and
 * version in lib/platform/data/charts/):
 *
 * - the keys of the chart's `values.yaml` (with each subchart's `values.yaml` under its key): a key
 *   the chart does not have is an error naming the key and the closest one it has. A map that is
 *   empty or `null` in `values.yaml` (`podAnnotations: {}`, `nodeSelector: {}`) takes any key, and so
 *   does a list; maps the chart documents with example keys but reads as free-form are listed per
 *   chart in {@link ChartValuesRules.open};
 * - where the chart ships `values.schema.json`: types, enums, `additionalProperties: false`,
 *   `minimum`/`maximum`, `pattern` and `items` of the keys set. `required` is not checked: Helm
 *   applies it to the values merged with the chart's defaults, which this data does not keep.
 */

/** The key tree of a values.yaml: a map of keys, or a leaf: `s` string, `n` number, `b` boolean, `a` list, `o` free-form (empty map or null). */
export type KeyTree = 's' | 'n' | 'b' | 'a' | 'o' | { readonly [key: string]: KeyTree };

/** The generated data of one chart version (lib/platform/data/charts/<chart>-<version>.json). */
export interface ChartValuesData {
  readonly chart: string;
  readonly version: string;
  /** Where it was generated from (repository, folder, tag and commit). */
  readonly source: string;
  readonly keys: KeyTree;
  /** The chart's values.schema.json without documentation. */
  readonly schema?: JsonSchema;
}

/** Facts about a chart's values that values.yaml does not show, each with the template that reads them. */
export interface ChartValuesRules {
  /**
   * Dotted paths (`*` for any one key) of maps the templates read as free-form although values.yaml
   * gives example keys (e.g. `grafana.grafana\.ini`): any key below them is accepted.
   * @default []
   */
  readonly open?: readonly string[];
  /**
   * Dotted paths of keys the templates read that values.yaml only documents in comments.
   * @default []
   */
  readonly extraKeys?: readonly string[];
}

/** A JSON Schema node (the keywords values schemas use). */
export type JsonSchema = { readonly [keyword: string]: any } | boolean;

/** One problem with a values object. */
export interface ValuesProblem {
  /** Dotted path in the values, e.g. `grafana.persistance`. */
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

function dataDir(): string {
  // lib/platform/data/charts from sources (ts-jest); from build/lib/argocd go back to the sources' data.
  const here = path.join(__dirname, '..', 'platform', 'data', 'charts');
  if (fs.existsSync(here)) return here;
  return path.resolve(__dirname, '..', '..', '..', 'lib', 'platform', 'data', 'charts');
}

const loaded = new Map<string, ChartValuesData | undefined>();

/** The generated values data of a chart version hubfleet ships, or undefined. */
export function chartValuesData(chart: string, version: string): ChartValuesData | undefined {
  const k = `${chart}-${version}`;
  if (!loaded.has(k)) {
    const file = path.join(dataDir(), `${k}.json`);
    loaded.set(k, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ChartValuesData) : undefined);
  }
  return loaded.get(k);
}

/** The files of lib/platform/data/charts, as `<chart>-<version>`. */
export function shippedChartValues(): string[] {
  return fs
    .readdirSync(dataDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (at: string, k: string) => (at ? `${at}.${k.replace(/\./g, '\\.')}` : k.replace(/\./g, '\\.'));
const LEAF_NAMES: Record<string, string> = { s: 'a string', n: 'a number', b: 'a boolean' };

/** Does a dotted path (`\.` escapes a dot in a key) match a pattern with `*` segments? */
function matches(pattern: string, at: string): boolean {
  const split = (s: string) => s.split(/(?<!\\)\./);
  const p = split(pattern);
  const a = split(at);
  return p.length === a.length && p.every((seg, i) => seg === '*' || seg === a[i]);
}

/** Unknown keys of `values` against the key tree (and the schema's own property names). */
function unknownKeys(values: unknown, tree: KeyTree, at: string, rules: ChartValuesRules, schema: SchemaView, out: ValuesProblem[]): void {
  if (!isMap(values)) return;
  if (typeof tree !== 'object') {
    if (tree in LEAF_NAMES) out.push({ path: at, value: values, message: `the chart's values.yaml has ${LEAF_NAMES[tree]} here, not a map: the templates would not read the keys below it.`, fix: `set ${at} to ${LEAF_NAMES[tree]}, or move the keys to where the chart reads them.` });
    return;
  }
  for (const [k, v] of Object.entries(values)) {
    const here = join(at, k);
    if ((rules.open ?? []).some((p) => matches(p, here))) continue;
    const sub = tree[k];
    const subSchema = schema.child(k);
    if (sub === undefined) {
      if ((rules.extraKeys ?? []).some((p) => matches(p, here)) || subSchema.declared) continue;
      const guess = closestKey(k, Object.keys(tree));
      out.push({
        path: here,
        value: v,
        message: `the chart has no value "${k}"${at ? ` under ${at}` : ''}: Helm would ignore it and the setting would silently not apply.`,
        fix: guess ? `did you mean "${join(at, guess)}"? Rename the key.` : `remove it; the keys there are ${Object.keys(tree).slice(0, 12).join(', ')}${Object.keys(tree).length > 12 ? ', …' : ''}.`,
      });
      continue;
    }
    unknownKeys(v, sub, here, rules, subSchema, out);
  }
}

/** A position in a JSON schema: the property names it declares and its sub-schemas (after $ref/allOf/anyOf). */
interface SchemaView {
  readonly declared: boolean;
  child(key: string): SchemaView;
}

const NO_SCHEMA: SchemaView = { declared: false, child: () => NO_SCHEMA };

function resolveRef(root: any, s: any): any {
  let cur = s;
  for (let i = 0; i < 16 && cur && typeof cur === 'object' && typeof cur.$ref === 'string'; i++) {
    const ref: string = cur.$ref;
    if (!ref.startsWith('#/')) return {};
    cur = ref
      .slice(2)
      .split('/')
      .reduce((o: any, seg: string) => (o ? o[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
  }
  return cur ?? {};
}

/** The schemas that apply at one position (following $ref, allOf, anyOf and oneOf). */
function branches(root: any, s: any): any[] {
  const r = resolveRef(root, s);
  if (!r || typeof r !== 'object') return [];
  return [r, ...[...(r.allOf ?? []), ...(r.anyOf ?? []), ...(r.oneOf ?? [])].flatMap((x: any) => branches(root, x))];
}

function viewOf(root: any, nodes: any[], declared: boolean): SchemaView {
  return {
    declared,
    child(key: string) {
      const subs: any[] = [];
      for (const n of nodes) for (const b of branches(root, n)) if (b.properties && key in b.properties) subs.push(b.properties[key]);
      return subs.length ? viewOf(root, subs, true) : NO_SCHEMA;
    },
  };
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** Validate against the JSON schema keywords values schemas use; messages name the dotted path. */
function validateSchema(root: any, s: any, v: unknown, at: string, out: ValuesProblem[]): void {
  if (s === true || s === undefined) return;
  if (s === false) {
    out.push({ path: at, value: v, message: 'the chart\'s values.schema.json allows no value here.', fix: 'remove it.' });
    return;
  }
  const n = resolveRef(root, s);
  if (!n || typeof n !== 'object') return;
  const problem = (message: string, fix: string) => out.push({ path: at || '(values)', value: v, message: `${message} (the chart's values.schema.json)`, fix });
  if (n.type !== undefined) {
    const types: string[] = Array.isArray(n.type) ? n.type : [n.type];
    const t = typeOf(v);
    const ok = types.some((x) => x === t || (x === 'number' && t === 'integer'));
    if (!ok) {
      problem(`must be ${types.join(' or ')}, not ${t}.`, `give ${at} a value of type ${types.join(' or ')}.`);
      return;
    }
  }
  if (n.enum && !n.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(v))) problem(`must be one of ${n.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}.`, 'use one of the listed values.');
  if (n.const !== undefined && JSON.stringify(n.const) !== JSON.stringify(v)) problem(`must be ${JSON.stringify(n.const)}.`, `set it to ${JSON.stringify(n.const)}.`);
  if (typeof v === 'number') {
    if (n.minimum !== undefined && v < n.minimum) problem(`must be at least ${n.minimum}.`, `raise it to ${n.minimum} or more.`);
    if (n.maximum !== undefined && v > n.maximum) problem(`must be at most ${n.maximum}.`, `lower it to ${n.maximum} or less.`);
  }
  const re = typeof v === 'string' && n.pattern !== undefined ? goPattern(n.pattern) : undefined;
  if (re && !re.test(v as string)) problem(`must match ${n.pattern}.`, 'correct the value.');
  if (Array.isArray(v) && n.items && typeof n.items === 'object') v.forEach((x, i) => validateSchema(root, n.items, x, `${at}[${i}]`, out));
  if (isMap(v)) {
    for (const [k, x] of Object.entries(v)) {
      const here = join(at, k);
      if (n.properties && k in n.properties) validateSchema(root, n.properties[k], x, here, out);
      else if (n.patternProperties && Object.keys(n.patternProperties).some((p) => goPattern(p)?.test(k))) {
        for (const [p, ps] of Object.entries(n.patternProperties)) if (goPattern(p)?.test(k)) validateSchema(root, ps, x, here, out);
      } else if (n.additionalProperties === false) {
        const guess = closestKey(k, Object.keys(n.properties ?? {}));
        out.push({ path: here, value: x, message: "the chart's values.schema.json allows no such key here.", fix: guess ? `did you mean "${join(at, guess)}"? Rename the key.` : `remove it; allowed are ${Object.keys(n.properties ?? {}).join(', ')}.` });
      } else if (n.additionalProperties && typeof n.additionalProperties === 'object') validateSchema(root, n.additionalProperties, x, here, out);
    }
  }
  for (const sub of n.allOf ?? []) validateSchema(root, sub, v, at, out);
  for (const kw of ['anyOf', 'oneOf'] as const) {
    if (!n[kw]) continue;
    const fits = (n[kw] as any[]).filter((sub) => {
      const tmp: ValuesProblem[] = [];
      validateSchema(root, sub, v, at, tmp);
      return tmp.length === 0;
    }).length;
    if (kw === 'anyOf' ? fits === 0 : fits !== 1) problem(`matches ${fits === 0 ? 'none' : 'more than one'} of the shapes the chart allows (${kw}).`, 'see the chart\'s values.yaml for the expected shape.');
  }
}

/**
 * Check a values object against a chart's data: unknown keys (values.yaml keys, the schema's
 * property names and the chart's listed extras) and, with a schema, the schema.
 */
export function checkChartValues(values: Readonly<Record<string, unknown>>, data: ChartValuesData, rules: ChartValuesRules = {}): ValuesProblem[] {
  const out: ValuesProblem[] = [];
  const schemaRoot = typeof data.schema === 'object' ? data.schema : undefined;
  unknownKeys(values, data.keys, '', rules, schemaRoot ? viewOf(schemaRoot, [schemaRoot], true) : NO_SCHEMA, out);
  if (schemaRoot) {
    const seen = new Set(out.map((p) => p.path));
    const schemaProblems: ValuesProblem[] = [];
    validateSchema(schemaRoot, schemaRoot, values, '', schemaProblems);
    // An unknown key already reported is not reported again by additionalProperties.
    out.push(...schemaProblems.filter((p) => !seen.has(p.path)));
  }
  return out;
}
