import * as path from 'path';
import { formatIssue, ValidationError } from '../core/errors';
import { ClusterSpec } from '../fleet/cluster-spec';
import { buildCluster, ClusterDefinition } from '../fleet/define';
import { writeClusterFiles } from '../fleet/output';
import { ClusterOutput, synthApp } from '../fleet/synth';
import { builtProjectRoot, checkBuild } from './build-check';
import type { InitProvider } from './init';

const USAGE = `Usage: hubfleet <command> [options]

Commands:
  synth [--out DIR] [--cluster NAME] [--app FILE] [--strict]
        Build every cluster's stacks (or one), validate every object and the wiring
        between them, then write DIR/<cluster>/ (default DIR: dist). Nothing is
        written when anything fails. Warnings are printed; --strict makes them fail.
  validate [--cluster NAME] [--app FILE] [--strict]
        Build and validate without writing.
  capacity [--cluster NAME] [--json] [--seat-memory-gib N] [--seat-cpu N]
        Capacity at the semester peak: pools, hubs, seats, exams and the verdict
        (also --seat-cpu-guarantee, --seat-memory-guarantee-gib, --seat-gpus, --typical-use F).
  report [--cluster NAME] [--out DIR]
        Write the HTML report (hubs, capacity charts, exams, LTI sheets) to
        DIR/<cluster>/report/index.html (default DIR: dist; synth keeps it).
  diff [--out DIR] [--cluster NAME] [--app FILE] [--now ISO-TIME]
        Synthesize in memory and compare with DIR/<cluster>/ (default DIR: dist, e.g. a checkout
        of the GitOps repo): risks first (data that disappears, changes Kubernetes refuses,
        secrets that must never change, hub restarts during an exam), then every added, removed
        and changed object per package. Writes nothing. Exit 0: no changes, 2: changes, 1: error.
  init <cluster> [--domain D] [--nfs SERVER:/PATH] [--provider vsphere|openstack|none]
        Write clusters/<cluster>.ts and apps/<cluster>.ts (the platform and one course hub) and
        register them in clusters/index.ts and apps/index.ts. Never overwrites a file.
  seal --cert FILE --namespace NS --name NAME [--scope strict|namespace-wide|cluster-wide]
        Seal one value from stdin for the sealed-secrets controller (like kubeseal --raw).
  seal --cert FILE --namespace NS --name NAME --from-env-file FILE
        Seal every KEY=value line of FILE into a SealedSecret manifest on stdout.
  exam passwords --cert FILE --namespace NS --prefix P --seats N --sheet FILE [--out FILE]
        One-time passwords for an exam hub: a printable sheet (outside Git) and a
        SealedSecret with their salted hashes only (hubfleet exam --help).

The app module (default: build/apps/index.js) exports \`clusters\`: ClusterDefinition[].
`;

/** Output streams, injectable for tests. */
export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
}

const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/** Parse `--flag value` pairs; returns undefined and reports on an unknown or valueless flag. */
export function parseFlags(args: string[], allowed: readonly string[], io: Io): Record<string, string> | undefined {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? (eq > 0 ? a.slice(2, eq) : a.slice(2)) : undefined;
    if (!name || !allowed.includes(name)) {
      io.stderr(`hubfleet: unknown argument "${a}"\n\n${USAGE}`);
      return undefined;
    }
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) {
      io.stderr(`hubfleet: --${name} needs a value\n`);
      return undefined;
    }
    flags[name] = value;
  }
  return flags;
}

/** Load the cluster definitions from the app module. */
export function loadClusters(appFile: string): ClusterDefinition[] {
  const resolved = path.resolve(appFile);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(resolved);
  const clusters = mod.clusters ?? mod.default;
  if (!Array.isArray(clusters)) {
    throw new Error(`${appFile} must export \`clusters\`: an array of defineCluster(...) results`);
  }
  return clusters;
}

/** Load the app module (default: the build's apps/index.js), or report why not. */
export function loadApp(file: string | undefined, io: Io): ClusterDefinition[] | undefined {
  try {
    return loadClusters(file ?? 'build/apps/index.js');
  } catch (e) {
    io.stderr(`hubfleet: cannot load the app module: ${(e as Error).message}\nFix: run \`npm run build\` first, or pass --app FILE.\n`);
    return undefined;
  }
}

/**
 * Build, validate and serialize the selected clusters. All of them are validated before any is
 * written, so one broken cluster leaves every cluster's output untouched.
 */
export function synthClusters(defs: readonly ClusterDefinition[], only: string | undefined, io: Io, strict = false): ClusterOutput[] | undefined {
  const selected = only ? defs.filter((d) => d.spec.name === only) : defs;
  if (only && selected.length === 0) {
    io.stderr(`hubfleet: no cluster named "${only}"; known: ${defs.map((d) => d.spec.name).join(', ')}\n`);
    return undefined;
  }
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
      const out = synthApp(app, nodeFiles);
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

/** The node stack's files, when the cluster describes its VMs (loaded lazily: cdktf is heavy). */
function nodeFiles(app: { spec: ClusterSpec }): Map<string, string> {
  if (!app.spec.infrastructure) return new Map();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { synthNodeStack } = require('../nodes/synth-nodes') as { synthNodeStack(spec: ClusterSpec): Map<string, string> };
  return synthNodeStack(app.spec);
}

async function synthCommand(args: string[], io: Io, write: boolean): Promise<number> {
  const strict = args.includes('--strict');
  const flags = parseFlags(args.filter((a) => a !== '--strict'), write ? ['out', 'cluster', 'app'] : ['cluster', 'app'], io);
  if (!flags) return 2;
  if (!buildIsCurrent(io)) return 1;
  const defs = loadApp(flags.app, io);
  if (!defs) return 1;
  const outputs = synthClusters(defs, flags.cluster, io, strict);
  if (!outputs) return 1;
  if (write) {
    const outDir = flags.out ?? 'dist';
    for (const o of outputs) writeClusterFiles(outDir, o.cluster, o.files);
    io.stderr(`wrote ${outputs.map((o) => `${outDir}/${o.cluster}/`).join(', ')}\n`);
  }
  return 0;
}

/**
 * Refuse to run a build that is not what the sources say (rule `build-stale`): only when running
 * from build/ (the `hubfleet` command); ts-jest runs the sources themselves.
 */
export function buildIsCurrent(io: Io, root: string | undefined = builtProjectRoot()): boolean {
  if (root === undefined) return true;
  const issues = checkBuild(root);
  for (const i of issues) io.stderr(`hubfleet: refusing to run a stale build.\n  ✗ ${formatIssue(i)}\n`);
  return issues.length === 0;
}

async function initCommand(args: string[], io: Io, root: string): Promise<number> {
  const [cluster, ...rest] = args;
  if (!cluster || cluster.startsWith('--')) {
    io.stderr(`hubfleet init: name the cluster, e.g. \`hubfleet init demo --domain demo.example.edu --provider none\`\n`);
    return 2;
  }
  const flags = parseFlags(rest, ['domain', 'nfs', 'provider'], io);
  if (!flags) return 2;
  const { applyInit, planInit } = await import('./init');
  const plan = planInit(root, { cluster, domain: flags.domain, nfs: flags.nfs, provider: flags.provider as InitProvider | undefined });
  if (Array.isArray(plan)) {
    io.stderr(`hubfleet init: ${plan.length} problem${plan.length === 1 ? '' : 's'}; nothing was written.\n`);
    for (const i of plan) io.stderr(`  ✗ ${formatIssue(i)}\n`);
    return 1;
  }
  applyInit(root, plan);
  io.stdout(
    `wrote ${[...plan.create.keys()].join(', ')}; registered ${cluster} in ${[...plan.edit.keys()].join(' and ')}.\n\n` +
      'Next:\n' +
      `  1. Replace the values marked CHANGE in ${[...plan.create.keys()].join(' and ')} (nodes, networks, LMS, GitOps repo).\n` +
      `  2. npm run synth                       # builds, validates and writes dist/${cluster}/\n` +
      `  3. npx hubfleet diff                    # before each commit: what the change does to the cluster\n` +
      `  4. Bootstrap Argo CD once: kubectl apply -n argocd -f dist/${cluster}/k8s/argocd/appproject-root.yaml -f dist/${cluster}/k8s/argocd/application-root.yaml\n` +
      `  5. When the sealed-secrets controller runs: kubeseal --fetch-cert > clusters/${cluster}/sealed-secrets.pem (for hubfleet seal)\n`,
  );
  return 0;
}

/** Entry point of the `hubfleet` command; returns the exit code. */
export async function main(args: string[], io: Io = processIo): Promise<number> {
  const [cmd, ...rest] = args;
  switch (cmd) {
    case 'synth':
      return synthCommand(rest, io, true);
    case 'validate':
      return synthCommand(rest, io, false);
    case 'capacity':
      return (await import('./capacity-command')).runCapacity(rest, io);
    case 'report':
      return (await import('./report-command')).runReport(rest, io);
    case 'diff': {
      const { diffCommand } = await import('./diff-command');
      return diffCommand(rest, io);
    }
    case 'init':
      return initCommand(rest, io, process.cwd());
    case 'seal': {
      const { runSeal } = await import('./seal-command');
      return runSeal(rest, {
        stdin: process.stdin,
        stdout: io.stdout,
        stderr: io.stderr,
        readFile: (p: string) => require('fs').readFileSync(p, 'utf8'),
      });
    }
    case 'exam':
      return import('./exam-command').then((m) => m.runExam(rest, m.processExamIo(io)));
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      io.stderr(`hubfleet: unknown command "${cmd}"\n\n${USAGE}`);
      return 2;
  }
}
