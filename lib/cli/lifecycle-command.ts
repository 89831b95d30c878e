/**
 * `hubfleet lifecycle`: the course catalogue's lifecycle (lib/catalogue/README.md). Its logic is
 * lib/catalogue/lifecycle-plan.ts and lifecycle-format.ts; this file is the command line.
 */
import type { Command, Invocation } from './command';
import { APP_OPTION, CLUSTER_OPTION } from './options';

const CATALOGUE_OPTION = { type: 'string' as const, value: 'DIR', description: 'the folder with one catalogue per cluster (default: courses)' };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today as the machine's clock says, in UTC: only for a command line that asked for it. */
const today = () => new Date().toISOString().slice(0, 10);

async function catalogues(inv: Invocation) {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { loadCatalogue } = await import('../catalogue/load');
  const { toIssue } = await import('../catalogue/file-issue');
  const { formatIssue } = await import('../core/errors');
  const root = path.resolve(inv.cwd, inv.string('catalogue') ?? 'courses');
  const only = inv.string('cluster');
  const names = only ? [only] : fs.existsSync(root) ? fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, 'catalogue.yaml'))).sort() : [];
  if (names.length === 0 || (only && !fs.existsSync(path.join(root, only)))) {
    inv.io.stderr(`hubfleet lifecycle: no catalogue ${only ? `courses/${only}` : `in ${root}`} (a folder with catalogue.yaml per cluster; lib/catalogue/README.md).\n`);
    return undefined;
  }
  const out = [];
  for (const n of names) {
    const dir = path.join(root, n);
    const cat = loadCatalogue(dir);
    const errors = cat.issues.filter((i) => i.severity !== 'warning');
    if (errors.length) {
      inv.io.stderr(`${n}: ${errors.length} error${errors.length === 1 ? '' : 's'} in the catalogue; fix them first.\n`);
      for (const i of errors) inv.io.stderr(`  ✗ ${formatIssue(toIssue(i))}\n`);
      return undefined;
    }
    out.push({ dir, cat, recordFile: path.relative(inv.cwd, path.join(dir, 'lifecycle.yaml')) || 'lifecycle.yaml' });
  }
  return out;
}

function dayOption(inv: Invocation, name: string): string | undefined | false {
  const v = inv.string(name);
  if (v !== undefined && !DAY.test(v)) {
    inv.io.stderr(`hubfleet lifecycle: --${name} ${v}: a day is written YYYY-MM-DD\n`);
    return false;
  }
  return v;
}

const show: Command = {
  name: 'show',
  summary: 'every course\'s phase and what changes when (and what happens to data)',
  description: `Print every course's phase on the catalogue's recorded day (courses/<cluster>/lifecycle.yaml),
its next change, and what changes when after it. --now adds what advancing to today would
change; --date shows another day. Reads only the catalogue.`,
  options: {
    cluster: CLUSTER_OPTION,
    catalogue: CATALOGUE_OPTION,
    now: { type: 'boolean', description: 'also say what advancing the catalogue to today would change' },
    date: { type: 'string', value: 'DAY', description: 'show this day instead of the recorded one (YYYY-MM-DD)' },
  },
  examples: ['hubfleet lifecycle --cluster eth-teaching --now'],
  async run(inv) {
    const date = dayOption(inv, 'date');
    if (date === false) return 2;
    const cats = await catalogues(inv);
    if (!cats) return 1;
    const { formatSchedule, formatAdvance } = await import('../catalogue/lifecycle-format');
    const { advance } = await import('../catalogue/lifecycle-plan');
    for (const { cat, recordFile } of cats) {
      inv.io.stdout(formatSchedule(cat, date ?? cat.record.date, recordFile));
      if (inv.boolean('now')) inv.io.stdout(`\nAdvancing to today (${today()}):\n${formatAdvance(cat, advance(cat, today()), false)}`);
    }
    return 0;
  },
};

const advanceCommand: Command = {
  name: 'advance',
  summary: 'move the recorded day forward, one safe step at a time (writes lifecycle.yaml)',
  description: `Move courses/<cluster>/lifecycle.yaml's day to --to (default: today), stopping on the last day
before a course would jump over a phase that must run on the cluster (a closing hub stops the
servers before it is scaled to zero; a course is archived before its objects go). Prints every
change; commit the file and review the change with hubfleet diff. CI runs it daily.`,
  options: {
    cluster: CLUSTER_OPTION,
    catalogue: CATALOGUE_OPTION,
    to: { type: 'string', value: 'DAY', description: 'the day to move to (YYYY-MM-DD; default: today)' },
    'dry-run': { type: 'boolean', description: 'print what would change, write nothing' },
  },
  async run(inv) {
    const to = dayOption(inv, 'to');
    if (to === false) return 2;
    const cats = await catalogues(inv);
    if (!cats) return 1;
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { advance, withDay } = await import('../catalogue/lifecycle-plan');
    const { formatAdvance } = await import('../catalogue/lifecycle-format');
    for (const { dir, cat } of cats) {
      const target = to ?? today();
      if (target < cat.record.date) {
        inv.io.stderr(`hubfleet lifecycle advance: ${cat.cluster} is at ${cat.record.date}; the day never moves back (${target}).\n`);
        return 1;
      }
      const a = advance(cat, target);
      const write = !inv.boolean('dry-run') && a.day !== a.from;
      if (write) {
        const file = path.join(dir, 'lifecycle.yaml');
        fs.writeFileSync(file, withDay(fs.readFileSync(file, 'utf8'), a.day));
      }
      inv.io.stdout(formatAdvance(cat, a, write));
    }
    return 0;
  },
};

const archive: Command = {
  name: 'archive',
  summary: "print the archive procedure of a stopped course's homes",
  description: `Print every command of the archive of one course's homes, in order: check that no server
runs, release the home claims, the NFS archive Job for the course's namespace, the PV list
afterwards, and the record-archive command that proves and records it.`,
  options: {
    cluster: { ...CLUSTER_OPTION, required: true, description: 'the cluster' },
    course: { type: 'string', value: 'ID', required: true, description: 'the course (its file name without .yaml)' },
    app: APP_OPTION,
    catalogue: CATALOGUE_OPTION,
  },
  async run(inv) {
    const cats = await catalogues(inv);
    if (!cats) return 1;
    const { buildIsCurrent } = await import('./build-check');
    const { loadApp } = await import('./app-module');
    const { buildCluster } = await import('../fleet/define');
    const { archiveProcedure } = await import('../catalogue/lifecycle-format');
    if (!buildIsCurrent(inv.io)) return 1;
    const defs = loadApp(inv.string('app'), inv.io);
    const def = defs?.find((d) => d.spec.name === inv.string('cluster'));
    if (!def) {
      if (defs) inv.io.stderr(`hubfleet lifecycle archive: the app module has no cluster ${inv.string('cluster')}.\n`);
      return 1;
    }
    const p = archiveProcedure(buildCluster(def), cats[0].cat, inv.string('course')!);
    if (p.problem) {
      inv.io.stderr(`hubfleet lifecycle archive: ${p.problem}\n`);
      return 1;
    }
    inv.io.stdout(p.text!);
    return 0;
  },
};

const recordArchive: Command = {
  name: 'record-archive',
  summary: 'check an archive run (Job log, PV list) and record it in lifecycle.yaml',
  description: `Check the archive Job's log and the PV list taken after it: the run archived the course's
namespace in archive mode, skipped nothing, listed every archived PV for deletion, and no PV of
a home claim of the course is left. Then append the record to lifecycle.yaml: from the record
(and archiveAfter) the course is archived; a day later, at retireAfter, its objects go.`,
  options: {
    cluster: { ...CLUSTER_OPTION, required: true, description: 'the cluster' },
    course: { type: 'string', value: 'ID', required: true, description: 'the course' },
    log: { type: 'string', value: 'FILE', required: true, description: 'the archive Job\'s log (kubectl logs job/nfs-archive)' },
    pvs: { type: 'string', value: 'FILE', required: true, description: 'the PV list taken after the run' },
    namespace: { type: 'string', value: 'NS', description: 'the course\'s namespace (default: course-<id>)' },
    catalogue: CATALOGUE_OPTION,
  },
  async run(inv) {
    const cats = await catalogues(inv);
    if (!cats) return 1;
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { checkArchiveRun, withArchive } = await import('../catalogue/lifecycle-plan');
    const { dir, cat } = cats[0];
    const course = inv.string('course')!;
    const read = (f: string) => fs.readFileSync(path.resolve(inv.cwd, f), 'utf8');
    let log: string;
    let pvs: string;
    try {
      log = read(inv.string('log')!);
      pvs = read(inv.string('pvs')!);
    } catch (e) {
      inv.io.stderr(`hubfleet lifecycle record-archive: ${(e as Error).message}\n`);
      return 1;
    }
    const check = checkArchiveRun(cat, course, inv.string('namespace') ?? `course-${course}`, log, pvs);
    if (!check.record) {
      inv.io.stderr(`hubfleet lifecycle record-archive: not recorded; the run does not prove that the homes of ${course} are archived:\n${check.problems.map((p) => `  ✗ ${p}\n`).join('')}`);
      return 1;
    }
    const file = path.join(dir, 'lifecycle.yaml');
    fs.writeFileSync(file, withArchive(fs.readFileSync(file, 'utf8'), check.record));
    const r = check.record;
    inv.io.stdout(`${cat.cluster}: recorded the archive of ${course} (${r.term}): ${r.volumes} volume${r.volumes === 1 ? '' : 's'} in hubfleet-archive/${r.day}/${r.namespace}/, on ${r.recorded}. Commit ${path.relative(inv.cwd, file)}; hubfleet diff shows the course archived.\n`);
    return 0;
  },
};

export const lifecycleCommand: Command = {
  name: 'lifecycle',
  summary: 'the courses\' terms: what changes when, advance the day, archive and record homes',
  description: `The lifecycle of the course catalogue's courses (lib/catalogue/README.md): scheduled, open,
closed, archived, retired, from the terms' dates, the day recorded in
courses/<cluster>/lifecycle.yaml and the archive runs recorded there.`,
  subcommands: [show, advanceCommand, archive, recordArchive],
  defaultSubcommand: 'show',
};
