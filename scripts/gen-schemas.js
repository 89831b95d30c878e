#!/usr/bin/env node
// Regenerates lib/validate/data/{kubernetes,crds}.json from the upstream Kubernetes OpenAPI document
// and CRD files (the project's ../shared/schemas and ../shared/crds), and lib/platform/data/*.json,
// the CRDs hubfleet applies itself (unchanged upstream CRDs, as JSON). The generated files are
// committed, so synth never needs those folders. For validation descriptions are dropped;
// everything that validation uses is kept. Usage: node scripts/gen-schemas.js ../shared
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const shared = path.resolve(process.argv[2] || '../shared');
const outDir = path.join(__dirname, '..', 'lib', 'validate', 'data');
const platformDir = path.join(__dirname, '..', 'lib', 'platform', 'data');

/**
 * CRDs hubfleet renders itself instead of taking them from a chart (lib/platform/README.md says why
 * for each): written whole, as upstream ships them, with the source line of SOURCES.txt.
 */
const APPLIED_CRDS = ['bitnami.com_sealedsecrets.yaml'];

const { compact } = require('./compact-schema');

function kubernetes() {
  const doc = JSON.parse(fs.readFileSync(path.join(shared, 'schemas', 'kubernetes-swagger.json'), 'utf8'));
  const definitions = {};
  const kinds = {};
  for (const name of Object.keys(doc.definitions).sort()) {
    const def = doc.definitions[name];
    definitions[name] = compact(def);
    for (const gvk of def['x-kubernetes-group-version-kind'] || []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      // List and meta kinds share GVKs across many definitions; prefer the api.* definition.
      const key = `${apiVersion}/${gvk.kind}`;
      if (!kinds[key] || name.startsWith('io.k8s.api.')) kinds[key] = name;
    }
  }
  return { source: 'kubernetes-client/python kubernetes/swagger.json.unprocessed @ 024658493', kinds, definitions };
}

function crds() {
  const dir = path.join(shared, 'crds');
  const kinds = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const d of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const crd = d.toJS();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      const { group, names, scope } = crd.spec;
      for (const v of crd.spec.versions) {
        if (!v.served || !v.schema) continue;
        kinds[`${group}/${v.name}/${names.kind}`] = {
          file,
          namespaced: scope === 'Namespaced',
          schema: compact(v.schema.openAPIV3Schema),
        };
      }
    }
  }
  return { source: fs.readFileSync(path.join(dir, 'SOURCES.txt'), 'utf8').split('\n')[0], kinds };
}

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'kubernetes.json'), JSON.stringify(kubernetes()) + '\n');
fs.writeFileSync(path.join(outDir, 'crds.json'), JSON.stringify(crds()) + '\n');
for (const f of ['kubernetes.json', 'crds.json']) {
  process.stdout.write(`${f}: ${fs.statSync(path.join(outDir, f)).size} bytes\n`);
}

fs.mkdirSync(platformDir, { recursive: true });
const sources = fs.readFileSync(path.join(shared, 'crds', 'SOURCES.txt'), 'utf8').split('\n');
for (const file of APPLIED_CRDS) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(shared, 'crds', file), 'utf8')).map((d) => d.toJS()).filter((d) => d && d.kind === 'CustomResourceDefinition');
  if (docs.length !== 1) throw new Error(`${file}: expected exactly one CustomResourceDefinition, found ${docs.length}`);
  const source = (sources.find((l) => l.trim().startsWith(`${file} `)) || '').trim();
  const out = path.join(platformDir, file.replace(/\.yaml$/, '.json'));
  fs.writeFileSync(out, JSON.stringify({ source, crd: docs[0] }, null, 1) + '\n');
  process.stdout.write(`${path.relative(path.join(__dirname, '..'), out)}: ${fs.statSync(out).size} bytes\n`);
}
