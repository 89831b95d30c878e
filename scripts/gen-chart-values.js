#!/usr/bin/env node
// Writes lib/platform/data/charts/<chart>-<version>.json from a Helm chart's own files: the keys of
// its values.yaml (with the values.yaml of each subchart under the subchart's key), the `.Values.…`
// paths its templates read (many charts leave optional keys such as `podAnnotations` commented out
// in values.yaml) and, where the chart has one, its values.schema.json without documentation. hubfleet checks the values it sets
// against this file at synth (lib/argocd/chart-values.ts), so a misspelt key fails there instead of
// being ignored by Helm. The chart folders are read from disk; how they got there (a checkout of the
// chart's repository at the tag hubfleet pins) is not this script's business.
//
// With --crds DIR --crd-kinds KIND,… it also writes lib/validate/data/chart-crds/<chart>-<version>.json:
// the schemas of those custom resources from the chart's CRD files (compacted as scripts/gen-schemas.js
// does), so objects hubfleet renders for the chart's operator (a ServiceMonitor, a PrometheusRule)
// are validated as strictly as built-in kinds.
//
// Usage: node scripts/gen-chart-values.js --chart DIR --name NAME --version VERSION --source "TEXT"
//          [--sub KEY=DIR ...] [--crds DIR --crd-kinds KIND,…]
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

function args(argv) {
  const out = { sub: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    if (k === 'sub') out.sub.push(v);
    else out[k] = v;
  }
  for (const k of ['chart', 'name', 'version', 'source']) if (!out[k]) throw new Error(`--${k} is required`);
  return out;
}

/**
 * The key tree of a values document. Leaves: "s" string, "n" number, "b" boolean, "a" list (items
 * are not checked), "o" an empty map or null (free-form: any key may go there).
 */
function tree(v) {
  if (v === null || v === undefined) return 'o';
  if (Array.isArray(v)) return 'a';
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return 'o';
    const out = {};
    for (const k of keys.sort()) out[k] = tree(v[k]);
    return out;
  }
  if (typeof v === 'string') return 's';
  if (typeof v === 'number') return 'n';
  if (typeof v === 'boolean') return 'b';
  return 'o';
}

/** Union of two key trees (a subchart's own keys and what the parent's values.yaml sets for it). */
function merge(a, b) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (typeof a === 'object' && typeof b === 'object') {
    const out = {};
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) out[k] = merge(a[k], b[k]);
    return out;
  }
  // A map on one side wins over a leaf (the map documents the keys); an open map stays open.
  if (a === 'o' || b === 'o') return 'o';
  return typeof a === 'object' ? a : typeof b === 'object' ? b : a;
}

const { compact: compactCrd } = require('./compact-schema');

/** Keys in sorted order at every level (stable output). */
function sortTree(t) {
  if (typeof t !== 'object') return t;
  const out = {};
  for (const k of Object.keys(t).sort()) out[k] = sortTree(t[k]);
  return out;
}

const KEEP = new Set(['type', 'properties', 'additionalProperties', 'patternProperties', 'items', 'enum', 'const', '$ref', '$defs', 'definitions', 'anyOf', 'oneOf', 'allOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems']);
const MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/** The schema without descriptions, titles, examples and defaults; keys sorted for stable output. */
function compact(s) {
  if (Array.isArray(s)) return s.map(compact);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const k of Object.keys(s).sort()) {
    if (!KEEP.has(k)) continue;
    if (MAPS.has(k)) {
      out[k] = {};
      for (const p of Object.keys(s[k]).sort()) out[k][p] = compact(s[k][p]);
    } else out[k] = compact(s[k]);
  }
  return out;
}

/** Every `.Values.a.b.c` path the chart's templates read (recursively under templates/). */
function templatePaths(dir) {
  const out = new Set();
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.(ya?ml|tpl|txt)$/.test(e.name)) {
        for (const m of fs.readFileSync(f, 'utf8').matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) out.add(m[1].slice(1));
      }
    }
  };
  walk(path.join(dir, 'templates'));
  return [...out].sort();
}

/** Add the template paths missing from a key tree; a path values.yaml does not know takes any value ("o"). */
function addPaths(tree, paths) {
  let t = typeof tree === 'object' ? tree : {};
  for (const p of paths) {
    const segs = p.split('.');
    let node = t;
    for (let i = 0; i < segs.length; i++) {
      const k = segs[i];
      const last = i === segs.length - 1;
      if (node[k] === undefined) node[k] = last ? 'o' : {};
      if (typeof node[k] !== 'object') break; // a documented leaf or an open map: nothing to add below
      node = node[k];
    }
  }
  return t;
}

function readValues(dir) {
  return YAML.parse(fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8')) ?? {};
}

const a = args(process.argv.slice(2));
const values = readValues(a.chart);
let keys = addPaths(tree(values), templatePaths(a.chart));
for (const s of a.sub) {
  const [key, dir] = s.split('=');
  if (typeof keys !== 'object') keys = {};
  keys = { ...keys, [key]: merge(addPaths(tree(readValues(dir)), templatePaths(dir)), keys[key]) };
}
keys = sortTree(keys);
const schemaFile = path.join(a.chart, 'values.schema.json');
const out = {
  chart: a.name,
  version: a.version,
  source: a.source,
  keys,
  ...(fs.existsSync(schemaFile) ? { schema: compact(JSON.parse(fs.readFileSync(schemaFile, 'utf8'))) } : {}),
};
const file = path.join(__dirname, '..', 'lib', 'platform', 'data', 'charts', `${a.name}-${a.version}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify(out) + '\n');
process.stdout.write(`${path.relative(path.join(__dirname, '..'), file)}: ${fs.statSync(file).size} bytes${out.schema ? ' (with values.schema.json)' : ''}\n`);

if (a.crds) {
  const kinds = new Set((a['crd-kinds'] || '').split(',').filter(Boolean));
  const found = {};
  for (const f of fs.readdirSync(a.crds).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    for (const d of YAML.parseAllDocuments(fs.readFileSync(path.join(a.crds, f), 'utf8'))) {
      const crd = d.toJS();
      if (!crd || crd.kind !== 'CustomResourceDefinition' || !kinds.has(crd.spec.names.kind)) continue;
      for (const v of crd.spec.versions) {
        if (!v.served || !v.schema) continue;
        found[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = { file: f, namespaced: crd.spec.scope === 'Namespaced', schema: compactCrd(v.schema.openAPIV3Schema) };
      }
    }
  }
  const missing = [...kinds].filter((k) => !Object.keys(found).some((x) => x.endsWith(`/${k}`)));
  if (missing.length) throw new Error(`no CRD for ${missing.join(', ')} in ${a.crds}`);
  const crdFile = path.join(__dirname, '..', 'lib', 'validate', 'data', 'chart-crds', `${a.name}-${a.version}.json`);
  fs.mkdirSync(path.dirname(crdFile), { recursive: true });
  fs.writeFileSync(crdFile, JSON.stringify({ source: a.source, kinds: found }) + '\n');
  process.stdout.write(`${path.relative(path.join(__dirname, '..'), crdFile)}: ${fs.statSync(crdFile).size} bytes (${Object.keys(found).join(', ')})\n`);
}
