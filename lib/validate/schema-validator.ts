import * as fs from 'fs';
import * as path from 'path';

/**
 * Strict, offline schema validation of Kubernetes objects.
 *
 * Built-in kinds are checked against the Kubernetes OpenAPI v2 definitions and custom resources
 * against their CRD's openAPIV3Schema (both shipped, compacted, in `data/`; regenerate with
 * `npm run gen:schemas`). Unknown fields are errors, as with `kubectl apply`'s default strict field
 * validation. Each schema node is compiled once into a closure, so validating many objects costs
 * one walk over each object. CEL rules (`x-kubernetes-validations`) are not evaluated.
 */

/** One schema violation inside one object. */
export interface SchemaViolation {
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
}

type Schema = { [k: string]: any };
type Check = (v: unknown, at: string, out: SchemaViolation[]) => void;

interface KubeData {
  kinds: Record<string, string>;
  definitions: Record<string, Schema>;
}
interface CrdData {
  kinds: Record<string, { file: string; namespaced: boolean; schema: Schema }>;
}

/** The schemas beside this module: lib/validate/data from sources, build/lib/validate/data (copied by the build, shipped in the package) when compiled. */
function dataDir(): string {
  return path.join(__dirname, 'data');
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const join = (at: string, key: string) => (at ? `${at}.${key}` : key);
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * A schema `pattern` as a JavaScript RegExp. The API server evaluates CRD patterns with Go's RE2,
 * whose inline flags (`(?i)` in prometheus-operator's CRDs) JavaScript has not: a `(?i)` becomes
 * the `i` flag. A pattern that still does not compile is not checked (never a false error).
 */
export function goPattern(pattern: string): RegExp | undefined {
  const insensitive = pattern.includes('(?i)');
  try {
    return new RegExp(pattern.replace(/\(\?i\)/g, ''), insensitive ? 'iu' : 'u');
  } catch {
    return undefined;
  }
}

/** Compiles schemas into checks; one instance per schema document. */
class Compiler {
  private readonly refs = new Map<string, Check>();
  constructor(private readonly definitions: Record<string, Schema>) {}

  ref(name: string): Check {
    let c = this.refs.get(name);
    if (c) return c;
    // Placeholder first: definitions are recursive (JSONSchemaProps, for instance).
    let real: Check | undefined;
    c = (v, at, out) => real!(v, at, out);
    this.refs.set(name, c);
    if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') {
      // The API server takes quantities as strings or numbers ("500m", "1Gi", 2).
      real = (v, at, out) => {
        if (typeof v !== 'string' && typeof v !== 'number') out.push({ field: at, value: v, message: `must be a quantity such as "500m" or "2Gi", got ${typeOf(v)}` });
        else if (typeof v === 'string' && !QUANTITY.test(v)) out.push({ field: at, value: v, message: 'is not a valid quantity (e.g. "500m", "1.5", "2Gi", "512Mi")' });
      };
      return c;
    }
    const def = this.definitions[name];
    if (!def) throw new Error(`schema definition ${name} is missing`);
    real = this.compile(def);
    return c;
  }

  compile(s: Schema): Check {
    if (s.$ref) return this.ref(s.$ref);
    const checks: Check[] = [];
    const intOrString = s['x-kubernetes-int-or-string'] || s.format === 'int-or-string';
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const nullable = s.nullable === true;
    if (intOrString) {
      checks.push((v, at, out) => {
        if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return;
        out.push({ field: at, value: v, message: `must be an integer or a string, got ${typeOf(v)}` });
      });
    } else if (s.type) {
      checks.push(this.typeCheck(s.type, s.format));
    }
    if (s.enum) {
      const allowed = new Set(s.enum);
      checks.push((v, at, out) => {
        if (!allowed.has(v)) out.push({ field: at, value: v, message: `must be one of ${s.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}` });
      });
    }
    const re = s.pattern ? goPattern(s.pattern) : undefined;
    if (re) {
      checks.push((v, at, out) => {
        if (typeof v === 'string' && !re.test(v)) out.push({ field: at, value: v, message: `must match the pattern ${s.pattern}` });
      });
    }
    if (s.maxLength !== undefined || s.minLength !== undefined) {
      checks.push((v, at, out) => {
        if (typeof v !== 'string') return;
        if (s.maxLength !== undefined && v.length > s.maxLength) out.push({ field: at, value: v, message: `must be at most ${s.maxLength} characters` });
        if (s.minLength !== undefined && v.length < s.minLength) out.push({ field: at, value: v, message: `must be at least ${s.minLength} characters` });
      });
    }
    if (s.minimum !== undefined || s.maximum !== undefined) {
      checks.push((v, at, out) => {
        if (typeof v !== 'number') return;
        if (s.minimum !== undefined && v < s.minimum) out.push({ field: at, value: v, message: `must be ≥ ${s.minimum}` });
        if (s.maximum !== undefined && v > s.maximum) out.push({ field: at, value: v, message: `must be ≤ ${s.maximum}` });
      });
    }
    if (s.minItems !== undefined || s.maxItems !== undefined) {
      checks.push((v, at, out) => {
        if (!Array.isArray(v)) return;
        if (s.minItems !== undefined && v.length < s.minItems) out.push({ field: at, value: v.length, message: `needs at least ${s.minItems} items` });
        if (s.maxItems !== undefined && v.length > s.maxItems) out.push({ field: at, value: v.length, message: `may have at most ${s.maxItems} items` });
      });
    }
    if (s.items) {
      const item = this.compile(s.items);
      checks.push((v, at, out) => {
        if (!Array.isArray(v)) return;
        for (let i = 0; i < v.length; i++) item(v[i], `${at}[${i}]`, out);
      });
    }
    const isObject = s.type === 'object' || s.properties || s.additionalProperties;
    if (isObject && !intOrString) checks.push(this.objectCheck(s, preserve));
    for (const key of ['anyOf', 'oneOf'] as const) {
      if (!s[key]) continue;
      const branches: Check[] = s[key].map((b: Schema) => this.compile(b));
      checks.push((v, at, out) => {
        let passed = 0;
        for (const b of branches) {
          const tmp: SchemaViolation[] = [];
          b(v, at, tmp);
          if (tmp.length === 0) passed++;
        }
        if (key === 'anyOf' ? passed === 0 : passed !== 1) {
          out.push({ field: at, value: v, message: `must satisfy ${key === 'anyOf' ? 'at least one' : 'exactly one'} of ${branches.length} alternative schemas` });
        }
      });
    }
    if (s.allOf) for (const b of s.allOf) checks.push(this.compile(b));
    if (checks.length === 1 && !nullable) return checks[0];
    return (v, at, out) => {
      if (v === null && nullable) return;
      for (const c of checks) c(v, at, out);
    };
  }

  private typeCheck(type: string, format: string | undefined): Check {
    switch (type) {
      case 'string':
        // Quantities are strings in the schema but numbers are accepted by the API server.
        return (v, at, out) => {
          if (typeof v !== 'string') out.push({ field: at, value: v, message: `must be a string, got ${typeOf(v)}` });
        };
      case 'integer':
        return (v, at, out) => {
          if (typeof v !== 'number' || !Number.isInteger(v)) out.push({ field: at, value: v, message: `must be an integer, got ${typeOf(v)}` });
          else if (format === 'int32' && (v > 2147483647 || v < -2147483648)) out.push({ field: at, value: v, message: 'must fit in 32 bits' });
        };
      case 'number':
        return (v, at, out) => {
          if (typeof v !== 'number') out.push({ field: at, value: v, message: `must be a number, got ${typeOf(v)}` });
        };
      case 'boolean':
        return (v, at, out) => {
          if (typeof v !== 'boolean') out.push({ field: at, value: v, message: `must be true or false, got ${typeOf(v)}` });
        };
      case 'array':
        return (v, at, out) => {
          if (!Array.isArray(v)) out.push({ field: at, value: v, message: `must be a list, got ${typeOf(v)}` });
        };
      case 'object':
        return (v, at, out) => {
          if (typeOf(v) !== 'object') out.push({ field: at, value: v, message: `must be an object, got ${typeOf(v)}` });
        };
      default:
        return () => undefined;
    }
  }

  private objectCheck(s: Schema, preserve: boolean): Check {
    const props = new Map<string, Check>();
    for (const [k, sub] of Object.entries<Schema>(s.properties ?? {})) props.set(k, this.compile(sub));
    const required: string[] = s.required ?? [];
    const extra: Check | undefined =
      s.additionalProperties && typeof s.additionalProperties === 'object' ? this.compile(s.additionalProperties) : undefined;
    const openEnded = preserve || s.additionalProperties === true || (!s.properties && !s.additionalProperties);
    return (v, at, out) => {
      if (typeOf(v) !== 'object') return;
      const o = v as Record<string, unknown>;
      for (const r of required) {
        if (o[r] === undefined) out.push({ field: join(at, r), value: undefined, message: 'is required' });
      }
      for (const k in o) {
        const val = o[k];
        if (val === undefined) continue;
        const c = props.get(k);
        if (c) c(val, join(at, k), out);
        else if (extra) extra(val, join(at, k), out);
        else if (!openEnded) out.push({ field: join(at, k), value: val, message: 'is not a known field (strict validation)' });
      }
    };
  }
}

/** Cluster-scoped built-in kinds (everything else built in is namespaced). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass',
  'CustomResourceDefinition', 'IngressClass', 'CSIDriver', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'RuntimeClass', 'VolumeAttachment', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
]);

/** Validates objects by apiVersion and kind. Build it once and reuse it: compiled checks are cached. */
export class SchemaValidator {
  private readonly kube: KubeData;
  private readonly crds: CrdData;
  private readonly kubeCompiler: Compiler;
  private readonly cache = new Map<string, Check>();

  constructor() {
    const dir = dataDir();
    this.kube = JSON.parse(fs.readFileSync(path.join(dir, 'kubernetes.json'), 'utf8'));
    this.crds = JSON.parse(fs.readFileSync(path.join(dir, 'crds.json'), 'utf8'));
    // Custom resources of the charts hubfleet pins (scripts/gen-chart-values.js --crds), e.g.
    // prometheus-operator's ServiceMonitor and PrometheusRule from kube-prometheus-stack.
    const chartCrds = path.join(dir, 'chart-crds');
    if (fs.existsSync(chartCrds)) {
      for (const f of fs.readdirSync(chartCrds).filter((x) => x.endsWith('.json')).sort()) {
        Object.assign(this.crds.kinds, (JSON.parse(fs.readFileSync(path.join(chartCrds, f), 'utf8')) as CrdData).kinds);
      }
    }
    this.kubeCompiler = new Compiler(this.kube.definitions);
  }

  /** True when the kind is known (built in or from a shipped CRD). */
  knows(apiVersion: string, kind: string): boolean {
    const key = `${apiVersion}/${kind}`;
    return key in this.kube.kinds || key in this.crds.kinds;
  }

  /** True when objects of this kind live in a namespace. */
  isNamespaced(apiVersion: string, kind: string): boolean {
    const crd = this.crds.kinds[`${apiVersion}/${kind}`];
    if (crd) return crd.namespaced;
    return !CLUSTER_SCOPED.has(kind);
  }

  private checkFor(apiVersion: string, kind: string): Check | undefined {
    const key = `${apiVersion}/${kind}`;
    let c = this.cache.get(key);
    if (c) return c;
    const def = this.kube.kinds[key];
    if (def) {
      c = this.kubeCompiler.ref(def);
    } else {
      const crd = this.crds.kinds[key];
      if (!crd) return undefined;
      // A CRD's root schema leaves apiVersion/kind/metadata to the API server: check metadata as ObjectMeta.
      const root = new Compiler(this.kube.definitions).compile(crd.schema);
      const meta = this.kubeCompiler.ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
      c = (v, at, out) => {
        const o = v as Record<string, unknown>;
        const { metadata, apiVersion: _a, kind: _k, ...rest } = o;
        if (metadata !== undefined) meta(metadata, 'metadata', out);
        // metadata was checked above as ObjectMeta; the CRD's root may still list it as required.
        root(metadata === undefined ? rest : { ...rest, metadata: {} }, at, out);
      };
    }
    this.cache.set(key, c);
    return c;
  }

  /** Validate one object; an unknown apiVersion/kind is itself a violation. */
  validate(obj: Record<string, unknown>): SchemaViolation[] {
    const apiVersion = String(obj.apiVersion ?? '');
    const kind = String(obj.kind ?? '');
    const check = this.checkFor(apiVersion, kind);
    if (!check) {
      return [{ field: 'apiVersion/kind', value: `${apiVersion}/${kind}`, message: 'is not a kind hubfleet has a schema for (Kubernetes API or shipped CRDs)' }];
    }
    const out: SchemaViolation[] = [];
    check(obj, '', out);
    return out;
  }
}
