#!/usr/bin/env node
// Generates lib/core/props-schema.generated.ts: the keys of every props and options interface in
// lib/ (and of the types they nest), read from the TypeScript declarations with the compiler API,
// so that synth can report a key no interface has (a typo TypeScript cannot see once the object
// went through a variable or a spread). The file is not committed: `npm run build` makes it (when
// lib/ changed since the last time) before tsc compiles it, so the package ships it compiled and
// synth never runs the generator; test/core/props-check.test.ts fails when it is stale.
//
// Each entry also lists its required keys (not optional, undefined not allowed), so synth can
// refuse a missing or null required prop by name instead of failing on it later.
//
// What becomes an entry: every exported interface or type alias of lib/ whose name ends in
// `Props`, `Options` or `Spec`, and every named object type of lib/ they reach. What stays opaque
// (`0`, never checked): primitives and literals, functions, classes (their instances are not plain
// objects), `I`-prefixed handle interfaces (IStorageClass, ISecretKeyRef …: library objects that may
// carry more than the interface names) and types from outside lib/.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const OUT = 'lib/core/props-schema.generated.ts';
const ROOT_NAME = /(Props|Options|Spec)$/;
const HANDLE = /^I[A-Z]/;

function program(root) {
  const cfgPath = path.join(root, 'tsconfig.json');
  const cfg = ts.readConfigFile(cfgPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, root);
  const files = parsed.fileNames.filter((f) => path.relative(root, f).startsWith(`lib${path.sep}`) && !f.endsWith('.generated.ts'));
  return ts.createProgram(files, { ...parsed.options, noEmit: true, incremental: false, tsBuildInfoFile: undefined });
}

/** @returns {string} the generated module's text */
function generate(root = ROOT) {
  const prog = program(root);
  const checker = prog.getTypeChecker();
  const rel = (f) => path.relative(root, f).split(path.sep).join('/');
  const inLib = (decl) => rel(decl.getSourceFile().fileName).startsWith('lib/');

  /** name → { file, type } of the named types to emit */
  const named = new Map();
  const queue = [];
  const entries = {};

  /** The declaration that names an object type of lib/, or undefined for anonymous and foreign types. */
  function nameOf(type) {
    const alias = type.aliasSymbol;
    const sym = alias && !type.aliasTypeArguments ? alias : type.getSymbol();
    if (!sym || (type.aliasTypeArguments && alias) || type.typeArguments?.length) return undefined;
    const decl = sym.declarations?.[0];
    if (!decl || !inLib(decl)) return undefined;
    if (!(ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl))) return undefined;
    return { name: sym.getName(), file: rel(decl.getSourceFile().fileName), decl };
  }

  function isOpaque(type) {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return true;
    if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.ESSymbolLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.EnumLike)) return true;
    if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) return true;
    const sym = type.getSymbol();
    if (sym && sym.flags & ts.SymbolFlags.Class) return true;
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return true;
    const decl = sym?.declarations?.[0];
    if (sym && HANDLE.test(sym.getName()) && decl && ts.isInterfaceDeclaration(decl)) return true;
    // Named types from outside lib/ (Date, Map, cdk8s and cdktf types): not ours to police. Mapped
    // types such as Omit<…> or Record<…> are anonymous and expanded.
    if (decl && !inLib(decl) && (ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isTypeAliasDeclaration(decl))) return true;
    return false;
  }

  /** Anonymous types being expanded: a recursive one (JSON values, trees) is not checked below itself. */
  const expanding = new Set();

  /** The shape of a property's type: 0 (not checked), a type name, or an inline object/array/union. */
  function shape(type) {
    if (expanding.has(type)) return 0;
    expanding.add(type);
    try {
      return shapeOf(type);
    } finally {
      expanding.delete(type);
    }
  }

  function shapeOf(type) {
    if (type.isUnion()) {
      const parts = type.types.map(shape).filter((s) => s !== 0);
      const unique = [];
      for (const p of parts) if (!unique.some((u) => JSON.stringify(u) === JSON.stringify(p))) unique.push(p);
      if (unique.length === 0) return 0;
      if (unique.length === 1) return unique[0];
      return { anyOf: unique };
    }
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const parts = checker.getTypeArguments(type).map(shape).filter((s) => s !== 0);
      if (parts.length === 0) return 0;
      return { items: parts.length === 1 ? parts[0] : { anyOf: parts } };
    }
    if (isOpaque(type)) return 0;
    // `{}` (and what NonNullable<unknown> makes of `unknown`) accepts any object: nothing to check.
    if (checker.getPropertiesOfType(type).length === 0 && !checker.getIndexTypeOfType(type, ts.IndexKind.String)) return 0;
    const n = nameOf(type);
    if (n) {
      const prev = named.get(n.name);
      if (prev && prev.file !== n.file) throw new Error(`two object types are named ${n.name} (${prev.file}, ${n.file}); rename one so that issues can name it`);
      if (!prev) {
        named.set(n.name, { file: n.file, type });
        queue.push(n.name);
      }
      return n.name;
    }
    return objectShape(type);
  }

  function objectShape(type) {
    const keys = {};
    const tags = {};
    const required = [];
    for (const p of checker.getPropertiesOfType(type)) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      const t = decl ? checker.getTypeOfSymbolAtLocation(p, decl) : checker.getTypeOfSymbol(p);
      keys[p.getName()] = shape(checker.getNonNullableType(t));
      const lits = literalValues(checker.getNonNullableType(t));
      if (lits && !(p.flags & ts.SymbolFlags.Optional)) tags[p.getName()] = lits;
      // Required: not optional and undefined/null not among its types (synth refuses it missing).
      const parts = t.isUnion() ? t.types : [t];
      if (!(p.flags & ts.SymbolFlags.Optional) && !parts.some((x) => x.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Void))) required.push(p.getName());
    }
    const out = { keys: sortObject(keys) };
    if (required.length) out.required = required.sort();
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (index) out.index = shape(index);
    if (Object.keys(tags).length) out.tags = sortObject(tags);
    return out;
  }

  /** The literal values of a string/number/boolean literal (union) type, for discriminated unions. */
  function literalValues(t) {
    const parts = t.isUnion() ? t.types : [t];
    const vals = [];
    for (const p of parts) {
      if (p.isStringLiteral() || p.isNumberLiteral()) vals.push(p.value);
      else if (p.flags & ts.TypeFlags.BooleanLiteral) vals.push(checker.typeToString(p) === 'true');
      else return undefined;
    }
    return vals.sort();
  }

  for (const sf of prog.getSourceFiles()) {
    if (!rel(sf.fileName).startsWith('lib/') || sf.isDeclarationFile) continue;
    const mod = checker.getSymbolAtLocation(sf);
    if (!mod) continue;
    for (const exp of checker.getExportsOfModule(mod)) {
      const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const decl = sym.declarations?.[0];
      if (!decl || decl.getSourceFile() !== sf || !ROOT_NAME.test(sym.getName())) continue;
      if (!(ts.isInterfaceDeclaration(decl) || (ts.isTypeAliasDeclaration(decl) && !decl.typeParameters))) continue;
      if (ts.isInterfaceDeclaration(decl) && decl.typeParameters) continue;
      shape(checker.getDeclaredTypeOfSymbol(sym));
    }
  }
  while (queue.length) {
    const name = queue.shift();
    const { file, type } = named.get(name);
    entries[name] = { from: file, ...objectShape(type) };
  }
  const data = sortObject(entries);
  return [
    '// Generated by scripts/gen-props-schema.js from the TypeScript declarations in lib/. Do not edit:',
    '// run `npm run gen:props` after changing a props or options interface (a test fails until you do).',
    "import type { PropsSchema } from './props-schema-types';",
    '',
    '/** The name of a type of the schema (what declareProps and describeOptions take). */',
    `export type PropsTypeName =\n${Object.keys(data).map((k) => `  | '${k}'`).join('\n')};`,
    '',
    `export const PROPS_SCHEMA: PropsSchema = ${JSON.stringify(data, null, 1)};`,
    '',
  ].join('\n');
}

function sortObject(o) {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

// --- JSON Schemas of the catalogue's files ------------------------------------------------------
// The course catalogue (lib/catalogue) is YAML that editors, the course portal and synth check
// against JSON Schemas made here from the same declarations: `FILE_SCHEMAS` names each file type;
// its schema is draft-07, every object closed (`additionalProperties: false`), with the JSDoc
// description, `@default` and the bound tags listed in lib/catalogue/types.ts.

/** File schema name → the type it describes. */
const FILE_SCHEMAS = { course: 'CourseFile', catalogue: 'CatalogueFile', lifecycle: 'LifecycleFile' };
const SCHEMA_DIR = 'schemas';
const SCHEMAS_TS = 'lib/catalogue/schemas.generated.ts';
/** Every file generateJsonSchemas writes. */
const JSON_SCHEMA_FILES = [...Object.keys(FILE_SCHEMAS).map((n) => `${SCHEMA_DIR}/${n}.schema.json`), SCHEMAS_TS];
const NUMBER_TAGS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems'];

/** @returns {Record<string, string>} relative path → text, for every file schema */
function generateJsonSchemas(root = ROOT) {
  const prog = program(root);
  const checker = prog.getTypeChecker();
  const rel = (f) => path.relative(root, f).split(path.sep).join('/');
  const find = (name) => {
    for (const sf of prog.getSourceFiles()) {
      if (!rel(sf.fileName).startsWith('lib/') || sf.isDeclarationFile) continue;
      const mod = checker.getSymbolAtLocation(sf);
      const sym = mod && checker.getExportsOfModule(mod).find((e) => e.getName() === name);
      if (sym) return checker.getDeclaredTypeOfSymbol(sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym);
    }
    throw new Error(`no exported type ${name} in lib/`);
  };

  /** JSDoc of a property: description and tags. */
  function docOf(sym) {
    const description = ts.displayPartsToString(sym.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
    const tags = {};
    for (const t of sym.getJsDocTags(checker)) tags[t.name] = ts.displayPartsToString(t.text ?? []).replace(/\s+/g, ' ').trim();
    return { description, tags };
  }

  /** Apply the property's JSDoc to its schema. */
  function annotate(schema, { description, tags }, where) {
    const out = { ...(description ? { description } : {}), ...schema };
    if ('default' in tags) {
      const lit = jsonLiteral(tags.default);
      if (lit !== undefined) out.default = lit;
      else if (tags.default) out.description = `${out.description ? `${out.description} ` : ''}Default: ${tags.default.replace(/\.$/, '')}.`;
    }
    for (const k of NUMBER_TAGS) {
      if (!(k in tags)) continue;
      const n = Number(tags[k]);
      if (!Number.isFinite(n)) throw new Error(`${where}: @${k} ${tags[k]} is not a number`);
      out[k] = n;
    }
    if ('pattern' in tags) out.pattern = tags.pattern;
    if ('format' in tags) out.format = tags.format;
    if ('integer' in tags) {
      if (out.type !== 'number') throw new Error(`${where}: @integer on a property that is not a number`);
      out.type = 'integer';
    }
    if ('examples' in tags) out.examples = JSON.parse(tags.examples);
    return out;
  }

  const stack = [];
  /** The schema of a type (inline: file types are small and never recursive). */
  function schemaOf(type, where) {
    if (stack.includes(type)) throw new Error(`${where}: a recursive type cannot be a file schema`);
    stack.push(type);
    try {
      return schemaOfType(type, where);
    } finally {
      stack.pop();
    }
  }

  function schemaOfType(type, where) {
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      const bools = parts.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
      const lits = parts.filter((t) => t.isStringLiteral() || t.isNumberLiteral());
      const rest = parts.filter((t) => !bools.includes(t) && !lits.includes(t));
      const alts = [];
      if (bools.length === 2) alts.push({ type: 'boolean' });
      else for (const b of bools) alts.push({ const: checker.typeToString(b) === 'true' });
      if (lits.length) alts.push({ enum: lits.map((l) => l.value) });
      for (const r of rest) alts.push(schemaOf(r, where));
      return alts.length === 1 ? alts[0] : { anyOf: alts };
    }
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.isStringLiteral() || type.isNumberLiteral()) return { const: type.value };
    if (type.flags & ts.TypeFlags.BooleanLiteral) return { const: checker.typeToString(type) === 'true' };
    if (checker.isArrayType(type)) return { type: 'array', items: schemaOf(checker.getTypeArguments(type)[0], `${where}[]`) };
    const sym = type.getSymbol();
    if (!(type.flags & ts.TypeFlags.Object) || (sym && sym.flags & ts.SymbolFlags.Class) || type.getCallSignatures().length || checker.isTupleType(type)) {
      throw new Error(`${where}: ${checker.typeToString(type)} is not data (a file schema allows strings, numbers, booleans, literals, arrays and plain objects)`);
    }
    const properties = {};
    const required = [];
    for (const p of checker.getPropertiesOfType(type)) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      const t = decl ? checker.getTypeOfSymbolAtLocation(p, decl) : checker.getTypeOfSymbol(p);
      const at = `${where}.${p.getName()}`;
      properties[p.getName()] = annotate(schemaOf(checker.getNonNullableType(t), at), docOf(p), at);
      if (!(p.flags & ts.SymbolFlags.Optional)) required.push(p.getName());
    }
    const out = { type: 'object' };
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (Object.keys(properties).length) out.properties = properties;
    if (required.length) out.required = required;
    out.additionalProperties = index ? schemaOf(index, `${where}[*]`) : false;
    return out;
  }

  const files = {};
  const exported = {};
  for (const [name, typeName] of Object.entries(FILE_SCHEMAS)) {
    const type = find(typeName);
    const doc = type.getSymbol() ? ts.displayPartsToString(type.getSymbol().getDocumentationComment(checker)).replace(/\s+/g, ' ').trim() : '';
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', $id: `https://hubfleet.dev/schemas/${name}.schema.json`, title: typeName, ...(doc ? { description: doc } : {}), ...schemaOf(type, typeName) };
    exported[name] = schema;
    files[`${SCHEMA_DIR}/${name}.schema.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  files[SCHEMAS_TS] = [
    '// Generated by scripts/gen-props-schema.js from lib/catalogue/types.ts. Do not edit: `npm run gen:props`',
    '// rewrites it (and schemas/*.schema.json) when the declarations change; a test fails until you do.',
    '',
    '/** A JSON Schema (draft-07) as the generator writes it. */',
    'export type JsonSchema = { readonly [key: string]: unknown };',
    '',
    ...Object.entries(exported).map(([name, s]) => `/** The JSON Schema of ${FILE_SCHEMAS[name]} (schemas/${name}.schema.json). */\nexport const ${name.toUpperCase()}_FILE_SCHEMA: JsonSchema = ${JSON.stringify(s, null, 1)};\n`),
  ].join('\n');
  return files;
}

/** A JSDoc `@default` that is a JSON literal (number, boolean, quoted string, [], {}), else undefined. */
function jsonLiteral(text) {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t) || t === 'true' || t === 'false' || t === '[]' || t === '{}') return JSON.parse(t);
  const q = /^'([^']*)'$/.exec(t) ?? /^"([^"]*)"$/.exec(t);
  return q ? q[1] : undefined;
}

module.exports = { generate, OUT, generateJsonSchemas };

/** A hash of every source of lib/ the schema is made from (the generated file aside). */
function sourcesHash(root = ROOT) {
  const h = require('crypto').createHash('sha256');
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.generated.ts')) h.update(r).update(fs.readFileSync(path.join(root, r)));
    }
  };
  walk('lib');
  h.update(fs.readFileSync(__filename));
  return h.digest('hex');
}

/** Where the build remembers the sources it last generated the schema from. */
const STAMP = 'build/.props-schema-sources';

if (require.main === module) {
  // `npm run build` runs this first (the files are not committed: the build makes them, and the
  // package ships them: the props keys and the catalogue's schemas compiled, schemas/*.schema.json as they are). It is rewritten only when the declarations changed, so the keys synth checks
  // are never older than the interfaces it compiles; unchanged sources skip the generator (~3 s).
  const file = path.join(ROOT, OUT);
  const hash = sourcesHash();
  const stamp = path.join(ROOT, STAMP);
  const made = [file, ...JSON_SCHEMA_FILES.map((f) => path.join(ROOT, f))].every((f) => fs.existsSync(f));
  if (process.argv.includes('--if-changed') && made && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) process.exit(0);
  const text = generate(ROOT);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (old !== text) {
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${OUT} (${(text.match(/"from":/g) ?? []).length} types)\n`);
  }
  for (const [rel, body] of Object.entries(generateJsonSchemas(ROOT))) {
    const f = path.join(ROOT, rel);
    if (fs.existsSync(f) && fs.readFileSync(f, 'utf8') === body) continue;
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, body);
    process.stdout.write(`wrote ${rel}\n`);
  }
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, hash);
}
