/**
 * What several commands share: build and validate the selected clusters of the app module (synth,
 * validate, diff), or build, validate and model them (capacity, report).
 */
import { formatIssue, ValidationError } from '../core/errors';
import type { ClusterSpec } from '../fleet/cluster-spec';
import { buildCluster, ClusterDefinition } from '../fleet/define';
import { ClusterOutput, collect, synthApp } from '../fleet/synth';
import { exampleCertIssues } from '../secrets/example-keys';
import { buildClusterModel, ClusterModel } from '../model/cluster-model';
import { buildInventory, Inventory } from '../model/inventory';
import { loadApp } from './app-module';
import { buildIsCurrent } from './build-check';
import { cachedNodeStack } from './node-stack-cache';
import { startTypecheck } from './typecheck';
import type { Io } from './io';

/** The definitions `--cluster` selects (all without it), or undefined after reporting an unknown name. */
function select(defs: readonly ClusterDefinition[], only: string | undefined, io: Io): readonly ClusterDefinition[] | undefined {
  const selected = only ? defs.filter((d) => d.spec.name === only) : defs;
  if (only && selected.length === 0) {
    io.stderr(`hubfleet: no cluster named "${only}"; known: ${defs.map((d) => d.spec.name).join(', ')}\n`);
    return undefined;
  }
  return selected;
}

/**
 * Build, validate and serialize the selected clusters. All of them are validated before any is
 * written, so one broken cluster leaves every cluster's output untouched.
 */
export function synthClusters(defs: readonly ClusterDefinition[], only: string | undefined, io: Io, strict = false): ClusterOutput[] | undefined {
  const selected = select(defs, only, io);
  if (!selected) return undefined;
  const names = new Set<string>();
  const outputs: ClusterOutput[] = [];
  let failed = false;
  for (const def of selected) {
    if (names.has(def.spec.name)) {
      io.stderr(`hubfleet: two clusters are named "${def.spec.name}". Fix: give each ClusterSpec its own name.\n`);
      failed = true;
      continue;
    }
    names.add(def.spec.name);
    const t0 = process.hrtime.bigint();
    try {
      const app = buildCluster(def);
      const synthesized = synthApp(app, nodeFiles);
      // The sealing certificate is a file of the project, not of the output: its warning comes from here.
      const out = { ...synthesized, warnings: [...exampleCertIssues(def.spec), ...synthesized.warnings] };
      outputs.push(out);
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      const w = out.warnings.length;
      io.stderr(`${def.spec.name}: ${out.objects} objects, ${out.files.size} files, ${s.toFixed(2)} s${w ? `, ${w} warning${w === 1 ? '' : 's'}${strict ? ' (--strict: nothing was written)' : ''}` : ''}\n`);
      for (const i of out.warnings) io.stderr(`  ! ${formatIssue(i)}\n`);
      if (strict && w) failed = true;
    } catch (e) {
      failed = true;
      if (e instanceof ValidationError) {
        io.stderr(`${def.spec.name}: ${e.issues.length} error${e.issues.length === 1 ? '' : 's'}; nothing was written.\n`);
        for (const i of e.issues) io.stderr(`  ✗ ${formatIssue(i)}\n`);
        for (const i of e.warnings) io.stderr(`  ! ${formatIssue(i)}\n`);
      } else {
        io.stderr(`${def.spec.name}: failed while building the stack; nothing was written.\n  ✗ ${(e as Error).stack ?? e}\n`);
      }
    }
  }
  return failed ? undefined : outputs;
}

/** The node stack's files, when the cluster describes its VMs (cdktf is heavy: loaded lazily, and only when the cache has no stack for the spec). */
function nodeFiles(app: { spec: ClusterSpec }): Map<string, string> {
  if (!app.spec.infrastructure) return new Map();
  return cachedNodeStack(app.spec, (spec) => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { synthNodeStack } = require('../nodes/synth-nodes') as { synthNodeStack(spec: ClusterSpec): Map<string, string> };
    return synthNodeStack(spec);
  });
}

/** A cluster built, validated (as synth does) and modelled, without writing anything. */
export interface ModelledCluster {
  readonly def: ClusterDefinition;
  readonly model: ClusterModel;
  readonly inventory: Inventory;
}

/** Build and validate the selected clusters; report problems on stderr; undefined when any fails. */
export function modelClusters(defs: readonly ClusterDefinition[], only: string | undefined, io: Io): ModelledCluster[] | undefined {
  const selected = select(defs, only, io);
  if (!selected) return undefined;
  const out: ModelledCluster[] = [];
  for (const def of selected) {
    try {
      const app = buildCluster(def);
      synthApp(app); // validates exactly as synth does; throws on errors
      const model = buildClusterModel(app.spec, collect(app).objects, app.packages());
      out.push({ def, model, inventory: buildInventory(model) });
    } catch (e) {
      if (e instanceof ValidationError) {
        io.stderr(`${def.spec.name}: ${e.issues.length} error${e.issues.length === 1 ? '' : 's'}; fix them first (hubfleet validate shows the same).\n`);
        for (const i of e.issues) io.stderr(`  ✗ ${formatIssue(i)}\n`);
      } else io.stderr(`${def.spec.name}: failed while building the stack: ${(e as Error).message}\n`);
      return undefined;
    }
  }
  return out;
}

/** Check the build, load the app module (--app, default the build's) and model the --cluster selected. */
export function loadModelled(app: string | undefined, cluster: string | undefined, io: Io): ModelledCluster[] | undefined {
  if (!buildIsCurrent(io)) return undefined;
  const defs = loadApp(app, io);
  return defs && modelClusters(defs, cluster, io);
}

/** How synth, validate and diff load and check the app stack. */
export interface SynthOptions {
  /** --app @default apps/index.ts */
  readonly app?: string;
  /** --cluster @default every cluster */
  readonly cluster?: string;
  /** --strict: warnings fail. @default false */
  readonly strict?: boolean;
  /** --typecheck: tsc --noEmit runs alongside; its errors fail. @default false */
  readonly typecheck?: boolean;
  /** The project root (tsconfig.json). @default process.cwd() */
  readonly cwd?: string;
}

/** Check the build, load the app module and synthesize the --cluster selected (synth, validate, diff); with typecheck, tsc runs alongside. */
export async function loadAndSynth(o: SynthOptions, io: Io): Promise<{ defs: ClusterDefinition[]; outputs: ClusterOutput[] } | undefined> {
  if (!buildIsCurrent(io)) return undefined;
  const checking = o.typecheck ? startTypecheck(o.cwd ?? process.cwd()) : undefined;
  const defs = loadApp(o.app, io);
  const outputs = defs && synthClusters(defs, o.cluster, io, o.strict);
  if (checking) {
    const t = await checking;
    if (!t.ok) {
      const errors = t.output.split('\n').filter((l) => /error TS\d+/.test(l)).length;
      io.stderr(`type check (tsc --noEmit): ${errors || 'some'} error${errors === 1 ? '' : 's'}${outputs ? '; nothing was written' : ''}.\n${t.output.replace(/^(?=.)/gm, '  ✗ ')}`);
      return undefined;
    }
    io.stderr('type check (tsc --noEmit): no errors\n');
  }
  return defs && outputs ? { defs, outputs } : undefined;
}
