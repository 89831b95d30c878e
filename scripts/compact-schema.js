// The schema compaction scripts/gen-schemas.js and scripts/gen-chart-values.js share: drop
// descriptions and other documentation, keep what validation reads, sort keys for stable output.
'use strict';

const KEEP = new Set([
  'type', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'format', 'pattern',
  'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'nullable', 'anyOf', 'oneOf',
  'allOf', '$ref', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource', 'exclusiveMinimum', 'exclusiveMaximum', 'minProperties', 'maxProperties',
]);

/** Drop descriptions and other documentation, keep what validation reads; sort keys for stable output. */
function compact(s) {
  if (Array.isArray(s)) return s.map(compact);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const k of Object.keys(s).sort()) {
    if (!KEEP.has(k)) continue;
    const v = s[k];
    if (k === 'properties') {
      out.properties = {};
      for (const p of Object.keys(v).sort()) out.properties[p] = compact(v[p]);
    } else if (k === '$ref') {
      out.$ref = v.replace('#/definitions/', '');
    } else if (k === 'format' && typeof v !== 'string') {
      // a property literally named "format" inside a properties map is handled above; skip odd values
    } else {
      out[k] = compact(v);
    }
  }
  return out;
}

module.exports = { compact };
