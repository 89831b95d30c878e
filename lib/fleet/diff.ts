/**
 * `hubfleet diff`: what a change to the stacks does to the GitOps repo, before it is committed.
 *
 * Compares the files synth would write for a cluster (in memory) with the files in
 * `<out>/<cluster>/` (a checkout of the GitOps repo): Kubernetes objects by identity (API group,
 * kind, namespace, name), per package (the folder one Argo CD Application syncs), with a
 * field-level diff of each changed object; every other file (Terraform JSON, inventories) as a
 * plain line diff. The risks (lib/fleet/diff-risks.ts) come first. Nothing is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { ExistingStorageClassSpec } from './cluster-spec';
import { KEPT_FOLDERS, STACKS_DIR, TERRAFORM_WORKING_FILES } from './output';
import { toYaml } from './synth';
import { DIFF_RISK_RULES, Risk, risksOf } from './diff-risks';
import { LIFECYCLE_RISK_RULE } from './lifecycle-risks';
import { deepEqual, describe, DiffObject, FieldChange, objectKey, ObjectChange, PackageDiff, terraformChanges } from './diff-objects';

export { describe, DiffObject, FieldChange, groupOf, objectKey, ObjectChange, PackageDiff } from './diff-objects';




/** A file that is not a Kubernetes object (Terraform JSON, inventories, ignore files). */
export interface FileDiff {
  readonly file: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** For Terraform JSON: the resources added (+), removed (-) and changed (~), by address. */
  readonly summary?: readonly string[];
  readonly lines: readonly string[];
}

/** Everything that differs for one cluster. */
export interface ClusterDiff {
  readonly cluster: string;
  readonly packages: readonly PackageDiff[];
  readonly files: readonly FileDiff[];
  readonly risks: readonly Risk[];
  /** Objects on each side, by identity (for the risk rules and tests). */
  readonly before: ReadonlyMap<string, DiffObject>;
  readonly after: ReadonlyMap<string, DiffObject>;
}

/** What a diff is judged against besides the two file sets. */
export interface DiffOptions {
  /** The time exam windows are compared with. @default now */
  readonly now?: Date;
  /** The cluster's own StorageClasses (ClusterSpec existingStorageClasses): their reclaim policies decide what a deleted claim loses. @default [] */
  readonly existingStorageClasses?: readonly ExistingStorageClassSpec[];
}

/** True when nothing differs. */
export function isUnchanged(d: ClusterDiff): boolean {
  return d.packages.length === 0 && d.files.length === 0;
}

/**
 * Files under `<out>/<cluster>/` that synth keeps but does not write (lib/fleet/output.ts): Terraform's
 * working files in each stack folder and the folders other commands write (`report/`). Never part
 * of a diff.
 */
export function keptBySynth(rel: string): boolean {
  const parts = rel.split('/');
  if (KEPT_FOLDERS.includes(parts[0])) return true;
  const stacks = STACKS_DIR.split('/');
  if (parts.length > stacks.length + 1 && stacks.every((s, i) => parts[i] === s)) {
    const inStack = parts[stacks.length + 1];
    return TERRAFORM_WORKING_FILES.some((re) => re.test(inStack));
  }
  return false;
}

/** Read `<dir>` (a cluster's output folder) as relative path → text; missing folder = empty. */
export function readClusterDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (keptBySynth(r)) continue;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}




const isManifest = (file: string) => file.startsWith('k8s/') && /\.ya?ml$/.test(file);
const pkgOf = (file: string) => file.slice('k8s/'.length, file.lastIndexOf('/'));

/** Parse the Kubernetes objects of a file map. Throws on a file that is not YAML. */
function objectsOf(files: ReadonlyMap<string, string>, side: string): { objects: Map<string, DiffObject>; plain: Map<string, string> } {
  const objects = new Map<string, DiffObject>();
  const plain = new Map<string, string>();
  for (const [file, text] of files) {
    if (!isManifest(file)) {
      plain.set(file, text);
      continue;
    }
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) throw new Error(`${side} ${file}: not valid YAML: ${doc.errors[0].message}`);
      const json = doc.toJS();
      if (json === null || json === undefined) continue;
      objects.set(objectKey(json), { file, pkg: pkgOf(file), json });
    }
  }
  return { objects, plain };
}


const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const child = (at: string, k: string) => (SIMPLE_KEY.test(k) ? (at ? `${at}.${k}` : k) : `${at}[${JSON.stringify(k)}]`);

/** A unified line diff (LCS) with `context` lines around each change. */
export function lineDiff(before: string, after: string, context = 3): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common head and tail, then LCS over the middle (kept small in practice).
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const ops: Array<{ op: ' ' | '-' | '+'; text: string }> = [];
  if (am.length * bm.length > 4_000_000) {
    for (const l of am) ops.push({ op: '-', text: l });
    for (const l of bm) ops.push({ op: '+', text: l });
  } else {
    const n = am.length;
    const m = bm.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) (ops.push({ op: ' ', text: am[i] }), i++, j++);
      else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ op: '-', text: am[i++] });
      else ops.push({ op: '+', text: bm[j++] });
    }
  }
  const all = [...a.slice(0, head).map((text) => ({ op: ' ' as const, text })), ...ops, ...a.slice(a.length - tail).map((text) => ({ op: ' ' as const, text }))];
  // Hunks: changed lines with `context` lines around; line numbers of both sides.
  const out: string[] = [];
  let idx = 0;
  const changed = all.map((o) => o.op !== ' ');
  while (idx < all.length) {
    if (!changed[idx]) {
      idx++;
      continue;
    }
    let start = Math.max(0, idx - context);
    let end = idx;
    while (end < all.length) {
      let next = end;
      while (next < all.length && !changed[next]) next++;
      if (next >= all.length || next - end > 2 * context) break;
      while (next < all.length && changed[next]) next++;
      end = next;
    }
    const stop = Math.min(all.length, end + context);
    let aLine = 1;
    let bLine = 1;
    for (let k = 0; k < start; k++) {
      if (all[k].op !== '+') aLine++;
      if (all[k].op !== '-') bLine++;
    }
    const slice = all.slice(start, stop);
    const aCount = slice.filter((o) => o.op !== '+').length;
    const bCount = slice.filter((o) => o.op !== '-').length;
    out.push(`@@ -${aLine},${aCount} +${bLine},${bCount} @@`);
    for (const o of slice) out.push(`${o.op}${o.text}`);
    idx = stop;
    start = stop;
  }
  return out;
}

/** Arrays whose items all have a unique `name` are matched by name (containers, env, volumes, ports). */
function byName(a: unknown[]): Map<string, unknown> | undefined {
  if (!a.every((x) => x !== null && typeof x === 'object' && typeof (x as any).name === 'string')) return undefined;
  const m = new Map(a.map((x) => [(x as any).name as string, x]));
  return m.size === a.length ? m : undefined;
}

/** The changed fields between two values, in YAML terms. */
export function fieldChanges(before: unknown, after: unknown, at = ''): FieldChange[] {
  if (deepEqual(before, after)) return [];
  if (typeof before === 'string' && typeof after === 'string' && (before.includes('\n') || after.includes('\n'))) {
    return [{ path: at, lines: lineDiff(before, after) }];
  }
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const out: FieldChange[] = [];
    const keys = [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])];
    for (const k of keys) {
      const b = (before as any)[k];
      const a = (after as any)[k];
      if (b === undefined) out.push({ path: child(at, k), after: a });
      else if (a === undefined) out.push({ path: child(at, k), before: b });
      else out.push(...fieldChanges(b, a, child(at, k)));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const nb = byName(before);
    const na = byName(after);
    if (nb && na) {
      const out: FieldChange[] = [];
      for (const [n, b] of nb) {
        const a = na.get(n);
        if (a === undefined) out.push({ path: `${at}[${n}]`, before: b });
        else out.push(...fieldChanges(b, a, `${at}[${n}]`));
      }
      for (const [n, a] of na) if (!nb.has(n)) out.push({ path: `${at}[${n}]`, after: a });
      return out;
    }
    const objects = (x: unknown[]) => x.some((v) => v !== null && typeof v === 'object');
    if (objects(before) || objects(after)) return arrayChanges(before, after, at);
  }
  return [{ path: at, before, after }];
}

/**
 * Items of unnamed arrays (NetworkPolicy rules, args): equal items are matched in order (LCS);
 * between two matches, as many items as both sides have are compared field by field, the rest
 * are added or removed.
 */
function arrayChanges(before: unknown[], after: unknown[], at: string): FieldChange[] {
  const x = before.map((v) => JSON.stringify(v));
  const y = after.map((v) => JSON.stringify(v));
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: FieldChange[] = [];
  let i = 0;
  let j = 0;
  const flush = (ri: number[], aj: number[]) => {
    const k = Math.min(ri.length, aj.length);
    for (let t = 0; t < k; t++) out.push(...fieldChanges(before[ri[t]], after[aj[t]], `${at}[${aj[t]}]`));
    for (const r of ri.slice(k)) out.push({ path: `${at}[${r}]`, before: before[r] });
    for (const a of aj.slice(k)) out.push({ path: `${at}[${a}]`, after: after[a] });
  };
  let removed: number[] = [];
  let added: number[] = [];
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      flush(removed, added);
      removed = [];
      added = [];
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) removed.push(i++);
    else added.push(j++);
  }
  flush(removed, added);
  return out;
}

/**
 * Compare what is in the output folder (`before`) with what synth would write (`after`), both as
 * relative path → text.
 */
export function diffCluster(cluster: string, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, options: DiffOptions = {}): ClusterDiff {
  const now = options.now ?? new Date();
  const b = objectsOf(before, 'the output folder:');
  const a = objectsOf(after, 'synth:');
  const pkgs = new Map<string, { added: DiffObject[]; removed: DiffObject[]; changed: ObjectChange[] }>();
  const entry = (p: string) => pkgs.get(p) ?? (pkgs.set(p, { added: [], removed: [], changed: [] }), pkgs.get(p)!);
  for (const [key, o] of a.objects) {
    const old = b.objects.get(key);
    if (!old) entry(o.pkg).added.push(o);
    else if (old.pkg !== o.pkg) {
      entry(old.pkg).removed.push(old);
      entry(o.pkg).added.push(o);
    } else if (before.get(old.file) !== after.get(o.file) || old.file !== o.file) {
      // Different bytes: a field-level diff (empty when only the formatting differs).
      entry(o.pkg).changed.push({ key, before: old, after: o, fields: fieldChanges(old.json, o.json) });
    }
  }
  for (const [key, o] of b.objects) if (!a.objects.has(key)) entry(o.pkg).removed.push(o);
  const beforePkgs = new Set([...b.objects.values()].map((o) => o.pkg));
  const afterPkgs = new Set([...a.objects.values()].map((o) => o.pkg));
  const packages: PackageDiff[] = [...pkgs.entries()]
    .filter(([, e]) => e.added.length + e.removed.length + e.changed.length > 0)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([pkg, e]) => ({
      pkg,
      status: !beforePkgs.has(pkg) ? 'added' : !afterPkgs.has(pkg) ? 'removed' : 'changed',
      added: e.added.sort(byFile),
      removed: e.removed.sort(byFile),
      changed: e.changed.sort((x, y) => byFile(x.after, y.after)),
    }));
  const files: FileDiff[] = [];
  for (const f of [...new Set([...b.plain.keys(), ...a.plain.keys()])].sort()) {
    const x = b.plain.get(f);
    const y = a.plain.get(f);
    if (x === y) continue;
    if (x === undefined) files.push({ file: f, status: 'added', lines: y!.split('\n').length > 1 ? [`+${y!.split('\n').length - (y!.endsWith('\n') ? 1 : 0)} lines`] : [] });
    else if (y === undefined) files.push({ file: f, status: 'removed', lines: [] });
    else files.push({ file: f, status: 'changed', lines: lineDiff(x, y) });
  }
  for (let i = 0; i < files.length; i++) {
    const changes = terraformChanges(b.plain.get(files[i].file), a.plain.get(files[i].file));
    if (changes.length) files[i] = { ...files[i], summary: changes.map((c) => `${c.op} ${c.address}`) };
  }
  const partial = { cluster, packages, files, before: b.objects, after: a.objects, beforeFiles: b.plain, afterFiles: a.plain, existingStorageClasses: options.existingStorageClasses ?? [] };
  return { ...partial, risks: risksOf(partial, now, [...DIFF_RISK_RULES, LIFECYCLE_RISK_RULE]) };
}

const byFile = (x: DiffObject, y: DiffObject) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0);

/** Longer values and diff lines are shortened in the report (ciphertexts, embedded cloud-init); the files hold them whole. */
const LONG = 160;
const clip = (line: string) => (line.length > LONG + 40 ? `${line.slice(0, LONG)}… (+${line.length - LONG} characters)` : line);

/** A value as YAML text: inline when short, else an indented block. */
function showYaml(v: unknown, indent: string): string {
  if (typeof v === 'string' && v.length > LONG) return `${JSON.stringify(`${v.slice(0, 40)}…${v.slice(-12)}`)} (${v.length} characters)`;
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? JSON.stringify(v) : String(v);
  const flow = JSON.stringify(v);
  if (flow.length <= 80) return flow.replace(/"([A-Za-z_][A-Za-z0-9_-]*)":/g, '$1: ').replace(/,(?=["{[\w-])/g, ', ');
  return `\n${toYaml(v).trimEnd().split('\n').map((l) => `${indent}  ${l}`).join('\n')}`;
}

const value = (v: unknown) => {
  const t = showYaml(v, '        ');
  return t.startsWith('\n') ? t : ` ${t}`;
};

/** The human-readable report of one cluster's diff (risks first). */
export function formatDiff(d: ClusterDiff, outDir: string): string {
  const lines: string[] = [];
  const where = `${outDir.replace(/\/+$/, '')}/${d.cluster}/`;
  if (isUnchanged(d)) return `${d.cluster}: no changes (${where} is what synth would write).\n`;
  lines.push(`${d.cluster}: ${where} → what synth would write`);
  lines.push('');
  if (d.risks.length) {
    lines.push(`Risks (${d.risks.length}):`);
    for (const r of d.risks) {
      lines.push(`  ${r.severity === 'danger' ? '✗' : '!'} ${r.title} [${r.rule}]`);
      for (const l of r.details) lines.push(`      ${l}`);
      if (r.fix) lines.push(`      Do: ${r.fix}`);
    }
    lines.push('');
  }
  lines.push('Changes:');
  for (const p of d.packages) {
    const counts = [p.added.length && `${p.added.length} added`, p.removed.length && `${p.removed.length} removed`, p.changed.length && `${p.changed.length} changed`].filter(Boolean).join(', ');
    lines.push(`  k8s/${p.pkg}/ (${p.status === 'added' ? 'new package' : p.status === 'removed' ? 'package removed' : 'changed'}: ${counts})`);
    for (const o of p.added) lines.push(`    + ${describe(o.json)}`);
    for (const o of p.removed) lines.push(`    - ${describe(o.json)}`);
    for (const c of p.changed) {
      lines.push(`    ~ ${describe(c.after.json)}${c.before.file !== c.after.file ? ` (file ${c.before.file} → ${c.after.file})` : ''}`);
      if (c.fields.length === 0 && c.before.file === c.after.file) lines.push('        (same object, written differently: formatting or comments only)');
      for (const f of c.fields) {
        const name = f.path || '(object)';
        if (f.lines) {
          lines.push(`        ${name}:`);
          for (const l of f.lines) lines.push(`          ${clip(l)}`);
        } else if (f.before === undefined) lines.push(`        + ${name}:${value(f.after)}`);
        else if (f.after === undefined) lines.push(`        - ${name}:${value(f.before)}`);
        else lines.push(`        ~ ${name}:${value(f.before)} →${value(f.after)}`);
      }
    }
  }
  for (const f of d.files) {
    lines.push(`  ${f.file} (${f.status === 'added' ? 'new file' : f.status === 'removed' ? 'file removed' : 'changed'})`);
    if (f.summary) lines.push(`    Terraform resources: ${f.summary.join(', ')}`);
    for (const l of f.lines) lines.push(`      ${clip(l)}`);
  }
  lines.push('');
  lines.push(summary(d));
  return `${lines.join('\n')}\n`;
}

/** One line: risks, packages, objects and files that differ. */
export function summary(d: ClusterDiff): string {
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  const by = (s: PackageDiff['status']) => d.packages.filter((p) => p.status === s).length;
  const objs = (f: (p: PackageDiff) => number) => d.packages.reduce((s, p) => s + f(p), 0);
  const danger = d.risks.filter((r) => r.severity === 'danger').length;
  return (
    `${d.cluster}: ${n(d.risks.length, 'risk')}${danger ? ` (${danger} serious)` : ''}; ` +
    `packages: ${by('added')} added, ${by('removed')} removed, ${by('changed')} changed; ` +
    `objects: ${objs((p) => p.added.length)} added, ${objs((p) => p.removed.length)} removed, ${objs((p) => p.changed.length)} changed; ` +
    `${n(d.files.length, 'other file')} changed.`
  );
}
