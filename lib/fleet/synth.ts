import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isError, Issue, ValidationError } from '../core/errors';
import { propsIssues } from '../core/props-check';
import { withSources } from '../core/sources';
import { buildClusterModel, ClusterModel } from '../model/cluster-model';
import { checkModel } from '../model/check';
import { buildInventory, Inventory, inventoryJson } from '../model/inventory';
import { SchemaValidator } from '../validate/schema-validator';
import { ClusterApp } from './cluster-app';
import { validateInfrastructure } from '../nodes/infrastructure';
import { validateClusterSpec } from './cluster-spec';
import { Package } from './package';
import { packageIssues } from './package-rules';
import { toYaml, YamlValueError } from './yaml';
import { CLUSTER_RULES, OBJECT_RULES } from './rules';

/** One object of the output, with where it came from. */
export interface SynthObject {
  /** The construct path of the object, e.g. `courses/intro-programming/hub/deployment`. */
  readonly path: string;
  /** The package it belongs to. */
  readonly pkg: Package;
  /** Kubernetes JSON. */
  readonly json: any;
}

/** What synth of one cluster produced, before anything is written. */
export interface ClusterOutput {
  readonly cluster: string;
  /** Relative path under `<out>/<cluster>/` → file content. Sorted by path. */
  readonly files: Map<string, string>;
  readonly objects: number;
  /** Findings that do not fail synth (printed; `--strict` makes them fail). */
  readonly warnings: readonly Issue[];
  /** The cluster model's summary (also written as `inventory.json`). */
  readonly inventory: Inventory;
  /** Seconds per phase, for the progress line and the benchmark (`wiring` is part of `validate`). */
  readonly timings: { collect: number; validate: number; wiring: number; serialize: number };
}

/** Serialize one object as YAML, exactly as synth writes it (lib/fleet/yaml.ts; also used by the benchmark). */
export { toYaml };

let sharedValidator: SchemaValidator | undefined;
/** The process-wide schema validator (schemas are parsed and compiled once). */
export function schemaValidator(): SchemaValidator {
  return (sharedValidator ??= new SchemaValidator());
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Walk the tree once: collect API objects and input issues (prop rules, construct validations). */
export function collect(app: ClusterApp): { objects: SynthObject[]; issues: Issue[] } {
  app.finalize();
  const objects: SynthObject[] = [];
  const issues: Issue[] = [];
  const stack: Array<{ c: Construct; pkg?: Package }> = [{ c: app }];
  while (stack.length) {
    const { c, pkg: parentPkg } = stack.pop()!;
    const pkg = Package.isPackage(c) ? c : parentPkg;
    if (Package.isPackage(c)) issues.push(...c.issues());
    for (const msg of c.node.validate()) {
      issues.push({ path: c.node.path, field: '(construct)', value: undefined, message: msg, fix: 'see the message.', rule: 'construct-validation' });
    }
    if (c instanceof ApiObject) {
      if (!pkg) {
        issues.push({ path: c.node.path, field: '(scope)', value: c.kind, message: 'an API object outside any package has no output folder.', fix: 'create it inside a course, exam or platform package.', rule: 'object-in-package' });
      } else {
        try {
          objects.push({ path: c.node.path, pkg, json: c.toJson() });
        } catch (e) {
          issues.push({ path: c.node.path, field: '(toJson)', value: c.kind, message: String((e as Error).message ?? e), fix: 'fix the construct that builds this object.', rule: 'object-serializes' });
        }
      }
    }
    const children = c.node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ c: children[i], pkg });
  }
  issues.push(...propsIssues(app));
  issues.push(...packageIssues(app.packages(), app.spec, issues));
  return { objects, issues };
}

/** Validate objects strictly against their schemas and hubfleet's rule tables. */
export function validateObjects(objects: readonly SynthObject[], validator: SchemaValidator = schemaValidator()): Issue[] {
  const issues: Issue[] = [];
  const namespaces = new Map<string, any>();
  for (const o of objects) if (o.json.kind === 'Namespace') namespaces.set(o.json.metadata?.name, o.json);
  for (const o of objects) {
    const what = `${o.json.kind}/${o.json.metadata?.name}`;
    for (const v of validator.validate(o.json)) {
      issues.push({ path: o.path, field: `${what} ${v.field}`, value: v.value, message: v.message, fix: `correct or remove the field (checked against the ${o.json.apiVersion} ${o.json.kind} schema).`, rule: 'schema' });
    }
    for (const rule of OBJECT_RULES) {
      for (const f of rule.check({ obj: o.json, namespaces })) {
        issues.push({ path: o.path, field: `${what} ${f.field}`, value: f.value, message: f.message, fix: f.fix, rule: rule.id });
      }
    }
  }
  const jsons = objects.map((o) => o.json);
  const isNamespaced = (j: any) => validator.isNamespaced(j.apiVersion, j.kind);
  for (const rule of CLUSTER_RULES) {
    for (const f of rule.check(jsons, isNamespaced)) {
      const o = objects[f.index];
      issues.push({ path: o.path, field: `${o.json.kind}/${o.json.metadata?.name} ${f.field}`, value: f.value, message: f.message, fix: f.fix, rule: rule.id });
    }
  }
  return issues;
}

/** File name of an object inside its package folder: `<kind>-<name>.yaml`, namespace added on clashes. */
function fileNames(objects: readonly SynthObject[]): string[] {
  const names = objects.map((o) => `k8s/${o.pkg.outputDir}/${o.json.kind.toLowerCase()}-${o.json.metadata.name}.yaml`);
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return names.map((n, i) => {
    if (counts.get(n) === 1) return n;
    const o = objects[i].json;
    return n.replace(/\.yaml$/, `.${o.metadata.namespace ?? 'cluster'}.${String(o.apiVersion).replace(/[^a-z0-9]+/g, '-')}.yaml`);
  });
}

/**
 * Synthesize one cluster's app stack in memory: collect, validate, serialize. Throws a
 * {@link ValidationError} listing every issue when anything is wrong; then nothing may be written.
 */
export function synthApp(app: ClusterApp, extraFiles?: (app: ClusterApp) => Map<string, string>): ClusterOutput {
  const t0 = process.hrtime.bigint();
  const specIssues = [...validateClusterSpec(app.spec), ...(app.spec.infrastructure ? validateInfrastructure(app.spec) : [])];
  const { objects, issues } = collect(app);
  const collectS = seconds(t0);
  const t1 = process.hrtime.bigint();
  issues.unshift(...specIssues);
  issues.push(...validateObjects(objects));
  const tw = process.hrtime.bigint();
  let model: ClusterModel | undefined;
  // The wiring rules need objects that are whole; with broken objects they would only add noise.
  if (!issues.some(isError)) {
    model = buildClusterModel(app.spec, objects, app.packages());
    issues.push(...checkModel(model));
  }
  const wiringS = seconds(tw);
  // Issues of constructs made from files (the course catalogue) name the file, line and field.
  const located = withSources(app, issues);
  const errors = located.filter(isError);
  const warnings = located.filter((i) => !isError(i));
  if (errors.length || !model) throw new ValidationError(errors, warnings);
  const validateS = seconds(t1);
  const inventory = buildInventory(model);
  const t2 = process.hrtime.bigint();
  const names = fileNames(objects);
  const files = new Map<string, string>();
  const unwritable: Issue[] = [];
  objects.forEach((o, i) => {
    try {
      files.set(names[i], `# generated by hubfleet from ${o.path}\n${toYaml(o.json)}`);
    } catch (e) {
      if (!(e instanceof YamlValueError)) throw e;
      unwritable.push({ path: o.path, field: `${o.json.kind}/${o.json.metadata?.name} ${e.at}`, value: undefined, message: e.problem, fix: 'fix the construct that builds this object.', rule: 'object-serializes' });
    }
  });
  if (unwritable.length) throw new ValidationError(unwritable, warnings);
  files.set('inventory.json', inventoryJson(inventory));
  if (extraFiles) for (const [k, v] of extraFiles(app)) files.set(k, v);
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { cluster: app.clusterName, files: sorted, objects: objects.length, warnings, inventory, timings: { collect: collectS, validate: validateS, wiring: wiringS, serialize: seconds(t2) } };
}
