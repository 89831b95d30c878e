/**
 * The course form, generated from the catalogue's JSON Schema for course files
 * (`COURSE_FILE_SCHEMA`, generated from lib/catalogue/types.ts): each field's type, description,
 * bounds, length and pattern come from the schema, tightened by the cluster's `policy` and given
 * the choices of catalogue.yaml (terms, logins, images). The same fields parse the posted form on
 * the server, bounded before anything else looks at the values, and write the course file as YAML
 * (through the `yaml` library's document model: values stay data, comments of an existing file stay).
 */
import { parseDocument } from 'yaml';
import { COURSE_FILE_SCHEMA } from '../catalogue/schemas.generated';
import { CatalogueFile, CourseFile } from '../catalogue/types';

/** One input of the form. */
export interface FormField {
  /** The form field name: the course file's key path joined with dots (`home.sizeGiB`), or `id`. */
  readonly name: string;
  readonly label: string;
  /** The schema's description (and where the bound comes from). */
  readonly help: string;
  readonly kind: 'text' | 'integer' | 'number' | 'date' | 'select' | 'list' | 'checkbox';
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Every text is bounded: characters per value (per line for lists). */
  readonly maxLength: number;
  readonly pattern?: string;
  readonly options?: ReadonlyArray<{ readonly value: string; readonly label: string }>;
  /** Lists: lines at most. */
  readonly maxItems?: number;
  /** Only when the course is new (its id and term name its file). */
  readonly newOnly?: boolean;
}

/** Values as the form holds them (strings; lists one per line; checkboxes 'on' or ''). */
export type FormValues = Readonly<Record<string, string>>;

/** A problem with one field (or the request as a whole: field ''). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Portal caps where neither schema nor policy bounds a value (a mistyped 1e9 never reaches the checks). */
const CAP = { cpu: 64, memoryGiB: 1024, servers: 5000, listItems: 50, itemLength: 200 };

/** The course id: the file name (lib/catalogue/rules.ts, catalogue-course-id: a DNS label of at most 40 characters). */
const ID_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** The parts of a JSON Schema node the form reads. */
interface JsonSchema {
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

/** The schema node at a key path (through `anyOf` alternatives that are objects). */
export function schemaAt(path: readonly string[], schema: JsonSchema = COURSE_FILE_SCHEMA as JsonSchema): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const key of path) {
    if (!node) return undefined;
    const alts: readonly JsonSchema[] = node.anyOf ?? node.oneOf ?? [node];
    node = alts.map((a) => a.properties?.[key]).find((x) => x !== undefined);
  }
  return node;
}

interface FieldSpec {
  readonly path: readonly string[];
  readonly label: string;
  readonly kind?: FormField['kind'];
  readonly required?: boolean;
  /** The policy key bounding it from above. */
  readonly policy?: keyof NonNullable<CatalogueFile['policy']>;
  readonly cap?: number;
  readonly min?: number;
  readonly help?: string;
  readonly newOnly?: boolean;
}

/** The fields a lecturer sets, in the form's order. Everything else of a course file stays as the platform team wrote it. */
const FIELDS: readonly FieldSpec[] = [
  { path: ['title'], label: 'Title', required: true },
  { path: ['term'], label: 'Term', kind: 'select', required: true, newOnly: true },
  { path: ['dates', 'opens'], label: 'Opens (if not the term\'s first day)', kind: 'date' },
  { path: ['dates', 'closes'], label: 'Closes (if not the term\'s last day)', kind: 'date' },
  { path: ['students'], label: 'Students', kind: 'integer', required: true, policy: 'maxStudents' },
  { path: ['maxConcurrentUsers'], label: 'Servers at once', kind: 'integer', policy: 'maxConcurrentUsers', cap: CAP.servers, min: 1 },
  { path: ['image'], label: 'Image', kind: 'select', required: true },
  { path: ['cpuLimit'], label: 'CPU limit per server', kind: 'number', policy: 'maxCpuLimit', cap: CAP.cpu, min: 0.1, help: 'CPUs one server may use at most.' },
  { path: ['memoryGuaranteeGiB'], label: 'Memory guaranteed per server (GiB)', kind: 'number', policy: 'maxMemoryLimitGiB', cap: CAP.memoryGiB, min: 0.1, help: 'Memory reserved for every running server: what the capacity verdict counts.' },
  { path: ['memoryLimitGiB'], label: 'Memory limit per server (GiB)', kind: 'number', policy: 'maxMemoryLimitGiB', cap: CAP.memoryGiB, min: 0.1, help: 'Memory one server may use at most (at least the guarantee).' },
  { path: ['home', 'sizeGiB'], label: 'Home per student (GiB)', kind: 'integer', policy: 'maxHomeSizeGiB' },
  { path: ['login', 'use'], label: 'Login (LMS)', kind: 'select', required: true },
  { path: ['login', 'clientIds'], label: 'LMS client ID(s)', kind: 'list', help: 'The Client ID your LMS shows after you register the tool (the registration sheet below has its URLs), one per line.' },
  { path: ['staff', 'instructors', 'users'], label: 'Co-instructors', kind: 'list' },
  { path: ['staff', 'graders', 'users'], label: 'Graders', kind: 'list' },
  { path: ['nbgrader'], label: 'Assignments with nbgrader', kind: 'checkbox' },
];

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** The form's fields for a catalogue (its terms, logins, images and policy). */
export function courseFormFields(settings: CatalogueFile): FormField[] {
  const policy = settings.policy ?? {};
  const id: FormField = { name: 'id', label: 'Course id', help: 'Names the hub, its address (https://<id>.<domain>/) and its namespace: lowercase letters, digits and dashes.', kind: 'text', required: true, maxLength: 40, pattern: ID_PATTERN, newOnly: true };
  return [
    id,
    ...FIELDS.map((f): FormField => {
      const s = schemaAt(f.path);
      if (!s) throw new Error(`the course schema has no ${f.path.join('.')}: the form and lib/catalogue/types.ts disagree`);
      const kind = f.kind ?? (s.type === 'integer' ? 'integer' : s.type === 'number' ? 'number' : s.format === 'date' ? 'date' : 'text');
      const numeric = kind === 'integer' || kind === 'number';
      const limits = [num(s.maximum), f.policy ? num(policy[f.policy]) : undefined, f.cap].filter((x): x is number => x !== undefined);
      const max = numeric ? Math.min(...limits, CAP.servers) : undefined;
      const min = numeric ? Math.max(num(s.minimum) ?? 0, f.min ?? 0, kind === 'integer' ? 1 : 0) : undefined;
      const options =
        f.path[0] === 'term' ? Object.keys(settings.terms).map((t) => ({ value: t, label: `${t} (${settings.terms[t].opens} – ${settings.terms[t].closes})` }))
        : f.path[0] === 'image' ? Object.entries(settings.images ?? {}).map(([k, v]) => ({ value: k, label: v.description ? `${k}: ${v.description}` : k }))
        : f.path[0] === 'login' && f.path[1] === 'use' ? Object.keys(settings.logins).map((k) => ({ value: k, label: k }))
        : undefined;
      const bound = f.policy && policy[f.policy] !== undefined ? ` At most ${policy[f.policy]} on this cluster (its policy).` : '';
      return {
        name: f.path.join('.'),
        label: f.label,
        help: `${[f.help, s.description].filter(Boolean).join(' ')}${bound}`.trim(),
        kind,
        required: !!f.required,
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        maxLength: kind === 'list' ? CAP.itemLength : num(s.maxLength) ?? (numeric ? 12 : kind === 'date' ? 10 : 200),
        ...(s.pattern ? { pattern: s.pattern } : kind === 'list' ? { pattern: '^[^\\s,;]+$' } : {}),
        ...(options ? { options } : {}),
        ...(kind === 'list' ? { maxItems: Math.min(num(s.maxItems) ?? CAP.listItems, CAP.listItems) } : {}),
        ...(f.newOnly ? { newOnly: true } : {}),
      };
    }),
  ];
}

const get = (o: unknown, path: readonly string[]): unknown => path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);

/** A course file's values as the form shows them. */
export function formValuesOf(course: CourseFile, id: string, term: string): Record<string, string> {
  const out: Record<string, string> = { id, term };
  for (const f of FIELDS) {
    const name = f.path.join('.');
    if (name === 'term') continue;
    const v = get(course, f.path);
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) out[name] = v.join('\n');
    else if (typeof v === 'boolean') out[name] = v ? 'on' : '';
    else if (typeof v === 'object') out[name] = f.kind === 'checkbox' ? 'on' : '';
    else out[name] = String(v);
  }
  return out;
}

/** The parsed, bounded values of a posted form. */
export interface ParsedForm {
  readonly values: Record<string, string>;
  /** Key path → value for the course file (undefined: remove the key). */
  readonly set: ReadonlyArray<{ readonly path: readonly string[]; readonly value: unknown }>;
  readonly errors: readonly FieldError[];
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Read a posted form: every value bounded and typed by its field; nothing else is read. */
export function parseCourseForm(body: unknown, fields: readonly FormField[], isNew: boolean): ParsedForm {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  const errors: FieldError[] = [];
  const set: Array<{ path: string[]; value: unknown }> = [];
  for (const f of fields) {
    if (f.newOnly && !isNew) continue;
    const r = raw[f.name];
    if (Array.isArray(r) || (r !== undefined && typeof r !== 'string')) {
      errors.push({ field: f.name, message: 'give one value.' });
      continue;
    }
    const text = (r ?? '').replace(/\r\n?/g, '\n');
    const limit = f.kind === 'list' ? (f.maxItems ?? CAP.listItems) * (f.maxLength + 1) : f.maxLength;
    if (text.length > limit) {
      errors.push({ field: f.name, message: `at most ${limit} characters.` });
      continue;
    }
    values[f.name] = text;
    const v = text.trim();
    const path = f.name.split('.');
    if (f.name === 'id') continue;
    if (CONTROL.test(v)) {
      errors.push({ field: f.name, message: 'control characters are not allowed.' });
      continue;
    }
    if (f.kind === 'checkbox') {
      set.push({ path, value: v === 'on' ? true : undefined });
      continue;
    }
    if (v === '') {
      if (f.required) errors.push({ field: f.name, message: 'required.' });
      else set.push({ path, value: undefined });
      continue;
    }
    if (f.kind === 'integer' || f.kind === 'number') {
      const n = Number(v);
      if (!/^[0-9]+(\.[0-9]+)?$/.test(v) || !Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n))) errors.push({ field: f.name, message: `a ${f.kind === 'integer' ? 'whole number' : 'number'} is needed.` });
      else if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) errors.push({ field: f.name, message: `must be between ${f.min} and ${f.max}.` });
      else set.push({ path, value: n });
      continue;
    }
    if (f.kind === 'list') {
      const items = v.split('\n').map((x) => x.trim()).filter(Boolean);
      const bad = items.find((x) => x.length > f.maxLength || (f.pattern && !new RegExp(f.pattern).test(x)));
      if (items.length > (f.maxItems ?? CAP.listItems)) errors.push({ field: f.name, message: `at most ${f.maxItems} lines.` });
      else if (bad !== undefined) errors.push({ field: f.name, message: `"${bad.slice(0, 60)}": one name per line, without spaces, commas or semicolons, at most ${f.maxLength} characters.` });
      else set.push({ path, value: items.length ? items : undefined });
      continue;
    }
    if (f.kind === 'date' && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
      errors.push({ field: f.name, message: 'a date (YYYY-MM-DD) is needed.' });
      continue;
    }
    if (f.options && !f.options.some((o) => o.value === v)) {
      errors.push({ field: f.name, message: 'choose one of the offered values.' });
      continue;
    }
    if (f.pattern && !new RegExp(f.pattern).test(v)) {
      errors.push({ field: f.name, message: 'lowercase letters, digits and dashes only.' });
      continue;
    }
    if (f.name !== 'term') set.push({ path, value: v });
  }
  if (isNew) {
    const id = (values.id ?? '').trim();
    if (!id) errors.push({ field: 'id', message: 'required.' });
    else if (id.length > 40 || !new RegExp(ID_PATTERN).test(id)) errors.push({ field: 'id', message: 'at most 40 lowercase letters, digits and dashes, starting and ending with a letter or digit.' });
  }
  return { values, set, errors };
}

/** Remove empty objects left by removed keys. */
function prune(doc: ReturnType<typeof parseDocument>, path: readonly string[]): void {
  for (let i = path.length - 1; i > 0; i--) {
    const parent = doc.getIn(path.slice(0, i)) as { items?: unknown[] } | undefined;
    if (parent && Array.isArray(parent.items) && parent.items.length === 0) doc.deleteIn(path.slice(0, i));
  }
}

/**
 * The course file's text with the form's values: a new file (with `$schema` and the requester as
 * owner), or the existing file changed key by key (its comments, order and other keys stay).
 */
export function courseFileText(existing: string | undefined, parsed: ParsedForm, owner: string): string {
  const doc = parseDocument(existing ?? '$schema: ../../../schemas/course.schema.json\n', { keepSourceTokens: false });
  for (const { path, value } of parsed.set) {
    if (value === undefined) {
      if (doc.hasIn(path)) doc.deleteIn(path);
      prune(doc, path);
    } else if (path[0] === 'nbgrader' && value === true && doc.get('nbgrader') && typeof doc.toJS().nbgrader === 'object') {
      // An nbgrader object of the platform team stays as it is.
    } else {
      doc.setIn(path, value);
    }
  }
  const owners = (doc.toJS().owners ?? []) as string[];
  if (!owners.includes(owner)) doc.setIn(['owners'], [...owners, owner]);
  return doc.toString({ lineWidth: 0 });
}
