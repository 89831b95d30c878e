/**
 * Unknown keys in props: the typo TypeScript cannot see.
 *
 * TypeScript rejects an unknown key only in a fresh object literal. Once props go through a
 * variable, a spread or a catalog (`const big = { memoryLimitGib: 8 }; new CourseJupyterHub(app, 'x',
 * { ...base, ...big })`), the misspelt key type-checks and is silently ignored. So every construct
 * declares its props with one line, `declareProps(this, 'CourseJupyterHubProps', props)`, and synth
 * compares every key (recursively through nested option objects, arrays and discriminated unions)
 * with the keys of the declared interface. The keys come from the TypeScript declarations
 * themselves: scripts/gen-props-schema.js writes lib/core/props-schema.generated.ts with the
 * compiler API, and a test fails when that file no longer matches the sources.
 *
 * Only plain objects (object literals) are checked; class instances (a HubAuth, a StorageClassRef)
 * are the library's own values, except where a factory recorded the options it was built from with
 * {@link describeOptions}.
 */
import * as fs from 'fs';
import { SourceMap } from 'module';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { Construct, IConstruct } from 'constructs';
import { closestKey } from './closest';
import { Issue } from './errors';
import { PROPS_SCHEMA, PropsTypeName } from './props-schema.generated';
import { ObjectShape, PropsShape } from './props-schema-types';

export type { ObjectShape, PropsSchema, PropsShape } from './props-schema-types';

interface Declared {
  readonly construct: IConstruct;
  readonly typeName: string;
  readonly props: unknown;
  /** Where the construct was created: only while {@link withCreationSites} runs (capturing costs time). */
  readonly site?: Error;
}

const DECLARED = Symbol.for('hubfleet.declaredProps');
const OPTIONS = new WeakMap<object, { typeName: string; options: unknown }>();

type Registry = Map<IConstruct, Declared>;

function registryOf(root: IConstruct): Registry {
  const r = root as unknown as { [DECLARED]?: Registry };
  if (!r[DECLARED]) Object.defineProperty(r, DECLARED, { value: new Map(), enumerable: false });
  return r[DECLARED]!;
}

/**
 * Declare a construct's props for the unknown-key check at synth. Call it once in the constructor,
 * after `super(…)`. A subclass that calls it again replaces its base class's declaration (an
 * ExamHub's props are checked as ExamHubProps, not as the CourseJupyterHubProps it passes on).
 */
export function declareProps(construct: Construct, typeName: PropsTypeName, props: unknown): void {
  if (!PROPS_SCHEMA[typeName]) throw new Error(`declareProps: no type ${typeName} in lib/core/props-schema.generated.ts; run npm run gen:props`);
  registryOf(construct.node.root).set(construct, { construct, typeName, props, site: capturing ? new Error() : undefined });
}

/**
 * Record the options a library value (a class instance) was built from, so the unknown-key check
 * sees them where the value is used, e.g. `HubAuth.ldap(o)` → the hub's `auth.lookup.*` keys.
 * Returns the value.
 */
export function describeOptions<T extends object>(value: T, typeName: PropsTypeName, options: unknown): T {
  OPTIONS.set(value, { typeName, options });
  return value;
}

let capturing = false;

/**
 * Run `fn` recording where each construct that declares its props is created (for
 * {@link creationSite}). Off by default: a stack per construct would slow every synth down, so
 * the duplicate-id message builds the stack a second time with it on.
 */
export function withCreationSites<T>(fn: () => T): T {
  const was = capturing;
  capturing = true;
  try {
    return fn();
  } finally {
    capturing = was;
  }
}

/** Where a construct was created, as `file:line` of the first frame outside lib/ and node_modules, if recorded. */
export function creationSite(construct: IConstruct): string | undefined {
  const site = registryOf(construct.node.root).get(construct)?.site;
  return site ? userFrame(site.stack ?? '') : undefined;
}

/** The first stack frame that is the caller's code (not hubfleet's lib/, not node_modules, not node itself). */
export function userFrame(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:[A-Za-z]:)?[^():\s]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1].replace(/\\/g, '/');
    if (file.startsWith('node:') || file.includes('/node_modules/') || /\/(build\/)?lib\//.test(file)) continue;
    const src = toSource(file, Number(m[2]), Number(m[3]));
    return `${relativeToCwd(src.file)}:${src.line}`;
  }
  return undefined;
}

/** Map a position in compiled JavaScript back to the TypeScript source through its source map (tsconfig sourceMap). */
function toSource(file: string, line: number, column: number): { file: string; line: number } {
  try {
    const map = `${file}.map`;
    if (!file.endsWith('.js') || !fs.existsSync(map)) return { file, line };
    const entry = new SourceMap(JSON.parse(fs.readFileSync(map, 'utf8'))).findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number };
    if (!entry.originalSource || entry.originalLine === undefined) return { file, line };
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
    return { file: source.replace(/\\/g, '/'), line: entry.originalLine + 1 };
  } catch {
    return { file, line };
  }
}

function relativeToCwd(file: string): string {
  const cwd = process.cwd().replace(/\\/g, '/');
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

interface Found {
  readonly field: string;
  readonly key: string;
  readonly known: readonly string[];
  readonly typeName: string;
  readonly holder: object;
  /** A required key that is missing or null (else: a key no type knows). */
  readonly missing?: boolean;
}

/** Walk a value against a shape; report keys no alternative knows. */
/** `required`: also report required keys that are missing (not below library values, whose factories fill them in). */
function walk(value: unknown, shape: PropsShape, at: string, typeName: string, out: Found[], depth = 0, required = true): void {
  if (depth > 32 || value === undefined || value === null) return;
  if (typeof value === 'object' && !Array.isArray(value) && !isPlain(value)) {
    // A library value: checked only through the options it was built from, if it recorded them.
    const described = OPTIONS.get(value);
    if (described) walk(described.options, described.typeName, at, described.typeName, out, depth + 1, false);
    return;
  }
  if (shape === 0) return;
  if (typeof shape === 'string') {
    const s = PROPS_SCHEMA[shape];
    if (s) walk(value, s, at, shape, out, depth + 1, required);
    return;
  }
  if ('items' in shape) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, shape.items, `${at}[${i}]`, typeName, out, depth + 1, required));
    return;
  }
  if ('anyOf' in shape) {
    if (Array.isArray(value)) {
      const arrays = shape.anyOf.filter((s) => typeof s === 'object' && 'items' in s);
      if (arrays.length > 0) walk(value, arrays.length === 1 ? arrays[0] : { anyOf: arrays.map((a) => (a as { items: PropsShape }).items) }, at, typeName, out, depth + 1, required);
      return;
    }
    if (!isPlain(value)) return;
    const objects = shape.anyOf.map(resolve).filter((s): s is { shape: ObjectShape; name?: string } => s !== undefined);
    if (objects.length === 0) return;
    // Discriminated unions: the alternatives whose tags the value matches (all of them when none does).
    const matching = objects.filter(({ shape: o }) => Object.entries(o.tags ?? {}).every(([k, vals]) => !(k in value) || vals.includes(value[k] as string)));
    const alts = matching.length > 0 ? matching : objects;
    const requiredByAll = alts.map((a) => a.shape.required ?? []).reduce((x, y) => x.filter((k) => y.includes(k)));
    const merged: ObjectShape = {
      ...(requiredByAll.length ? { required: requiredByAll } : {}),
      keys: Object.fromEntries(
        [...new Set(alts.flatMap((a) => Object.keys(a.shape.keys)))].map((k) => {
          const shapes = alts.map((a) => a.shape.keys[k]).filter((s) => s !== undefined && s !== 0);
          return [k, shapes.length === 0 ? 0 : shapes.length === 1 ? shapes[0] : { anyOf: shapes }];
        }),
      ),
      ...(alts.some((a) => a.shape.index !== undefined) ? { index: alts.find((a) => a.shape.index !== undefined)!.shape.index } : {}),
    };
    const names = alts.map((a) => a.name).filter((n): n is string => n !== undefined);
    walk(value, merged, at, names.length === alts.length ? names.join(' | ') : typeName, out, depth + 1, required);
    return;
  }
  if (!isPlain(value)) return;
  for (const k of required ? shape.required ?? [] : []) {
    if (value[k] === undefined || value[k] === null) out.push({ field: at ? `${at}.${k}` : k, key: k, known: [], typeName, holder: value, missing: true });
  }
  for (const [k, v] of Object.entries(value)) {
    const child = shape.keys[k];
    const field = at ? `${at}.${k}` : k;
    if (child !== undefined) walk(v, child, field, typeName, out, depth + 1, required);
    else if (shape.index !== undefined) walk(v, shape.index, field, typeName, out, depth + 1, required);
    else out.push({ field, key: k, known: Object.keys(shape.keys), typeName, holder: value });
  }
}

function resolve(s: PropsShape): { shape: ObjectShape; name?: string } | undefined {
  if (typeof s === 'string') return PROPS_SCHEMA[s] ? { shape: PROPS_SCHEMA[s], name: s } : undefined;
  if (typeof s === 'object' && 'keys' in s) return { shape: s };
  return undefined;
}

function toIssue(path: string, f: Found, value: unknown, sharedWith: number): Issue {
  if (f.missing) return requiredIssue(path, f.field, f.typeName, value);
  const guess = closestKey(f.key, f.known);
  const shared = sharedWith > 0 ? ` The same object is passed to ${sharedWith} more construct${sharedWith === 1 ? '' : 's'}.` : '';
  return {
    path,
    field: f.field,
    value,
    message: `${f.typeName} has no key "${f.key}", so the value would be ignored (TypeScript does not see unknown keys in objects passed through a variable or a spread).${shared}`,
    fix: guess ? `did you mean "${guess}"? Rename the key.` : `remove the key; the known keys are ${f.known.join(', ') || '(none)'}.`,
    rule: 'props-unknown-key',
  };
}

/** The issue for a required prop that is missing or null (rule `props-required`). */
function requiredIssue(path: string, field: string, typeName: string, value: unknown): Issue {
  const s = PROPS_SCHEMA[typeName.split(' | ')[0]];
  return {
    path,
    field,
    value: value === null ? null : undefined,
    message: `${typeName} requires ${field.split('.').pop()}, but it is ${value === null ? 'null' : 'missing'}.`,
    fix: `give ${field}${s ? ` (declared in ${s.from})` : ''}; the construct cannot be built without it.`,
    rule: 'props-required',
  };
}

/** Issues for constructs whose props as a whole are missing (undefined or null where an object with required keys belongs). */
function missingPropsIssue(path: string, typeName: string, props: unknown): Issue | undefined {
  if (props !== undefined && props !== null) return undefined;
  const required = PROPS_SCHEMA[typeName]?.required ?? [];
  if (required.length === 0) return undefined;
  return { path, field: '(props)', value: props, message: `${typeName} is ${props === null ? 'null' : 'missing'}; it requires ${required.join(', ')}.`, fix: `pass the props object with at least ${required.join(', ')} (see ${PROPS_SCHEMA[typeName].from}).`, rule: 'props-required' };
}

/**
 * Required props that are missing or null, of every construct declared under `root` (also one whose
 * constructor failed on them: declareProps runs right after super()). Synth reports them with the
 * unknown keys; `buildCluster` turns a constructor's TypeError into them.
 */
export function missingPropsIssues(root: IConstruct): Issue[] {
  return propsIssues(root).filter((i) => i.rule === 'props-required');
}

/** Unknown keys of one value against a type of the schema, as issues (ClusterSpec, tests). */
export function unknownKeyIssues(path: string, typeName: string, value: unknown): Issue[] {
  const found: Found[] = [];
  walk(value, typeName, '', typeName, found);
  return found.map((f) => toIssue(path, f, (f.holder as Record<string, unknown>)[f.key], 0));
}

/**
 * Every unknown key, and every required key that is missing or null, in the props declared under
 * `root` (a ClusterApp), in construct order. A key of
 * an object that several constructs received (a shared `home`, the Platform's add-on props that the
 * add-on checks again) is reported once, at the first construct.
 */
export function propsIssues(root: IConstruct): Issue[] {
  const reg = (root as unknown as { [DECLARED]?: Registry })[DECLARED];
  if (!reg) return [];
  const first = new Map<object, Map<string, { index: number; count: number }>>();
  const issues: Issue[] = [];
  const found: Array<{ path: string; f: Found }> = [];
  for (const d of reg.values()) {
    const whole = missingPropsIssue(d.construct.node.path, d.typeName, d.props);
    if (whole) issues.push(whole);
    const here: Found[] = [];
    walk(d.props, d.typeName, '', d.typeName, here);
    for (const f of here) {
      const seen = first.get(f.holder) ?? new Map<string, { index: number; count: number }>();
      first.set(f.holder, seen);
      const prev = seen.get(f.key);
      if (prev) prev.count++;
      else {
        seen.set(f.key, { index: found.length, count: 0 });
        found.push({ path: d.construct.node.path, f });
      }
    }
  }
  for (const { path, f } of found) {
    const count = first.get(f.holder)!.get(f.key)!.count;
    issues.push(toIssue(path, f, (f.holder as Record<string, unknown>)[f.key], count));
  }
  return issues;
}
