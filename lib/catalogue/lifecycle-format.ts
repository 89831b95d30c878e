/**
 * The text `hubfleet lifecycle` prints: every course's phase on a day with its next change, what
 * changes when (and what happens to data), what advancing the recorded day would change, and the
 * archive procedure of one course.
 */
import { IConstruct } from 'constructs';
import { CourseJupyterHub } from '../hub/course-jupyterhub';
import { NfsProvisioner } from '../storage/nfs-provisioner';
import { PV_LIST_JSONPATH } from '../storage/nfs-archive';
import { Catalogue } from './load';
import { Advance, courseRows, schedule } from './lifecycle-plan';
import { phaseOn, archiveOf, stopDay } from '../fleet/course-lifecycle';

const table = (head: string[], rows: string[][]): string[] => {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)];
};

const list = (xs: readonly string[], max = 6) => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`);

/** The phases of every course on `day` and what changes after it. */
export function formatSchedule(cat: Catalogue, day: string, recordFile: string): string {
  const out: string[] = [];
  const at = day === cat.record.date ? `the catalogue is at ${day} (${recordFile})` : `on ${day} (the catalogue is at ${cat.record.date}, ${recordFile})`;
  out.push(`${cat.cluster}: ${at}; ${cat.courses.length} course${cat.courses.length === 1 ? '' : 's'}`, '');
  const rows = courseRows(cat, day);
  out.push(...table(['course', 'term', `on ${day}`, 'next'], rows.map((r) => [r.course, r.term, r.phase, r.next ? `${r.next.to} from ${r.next.day}` : '–'])), '');
  const events = schedule(cat, day);
  if (events.length === 0) out.push('Nothing changes by date any more.');
  else {
    out.push('What changes when:');
    for (const e of events) {
      out.push(`  ${e.day}  ${e.to}: ${list(e.courses)}`);
      out.push(`      ${e.what}.`);
      if (e.data) out.push(`      Data: ${e.data}.`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** What advancing the recorded day does (or would do). */
export function formatAdvance(cat: Catalogue, a: Advance, done: boolean): string {
  const out: string[] = [];
  const verb = done ? 'moved' : 'would move';
  if (a.day === a.from) out.push(`${cat.cluster}: the catalogue stays at ${a.from}${a.held ? '' : ' (nothing to do)'}.`);
  else out.push(`${cat.cluster}: the catalogue ${verb} from ${a.from} to ${a.day}${a.held ? ` (not to ${a.held.wanted})` : ''}.`);
  if (a.held) out.push(`  Held: ${a.held.why}. Sync the output of ${a.day} first, then advance again.`);
  const groups = new Map<string, typeof a.transitions[number][]>();
  for (const t of a.transitions) groups.set(`${t.from} → ${t.to}`, [...(groups.get(`${t.from} → ${t.to}`) ?? []), t]);
  for (const [change, ts] of groups) {
    out.push(`  ${change}: ${list(ts.map((t) => t.course))}`);
    for (const s of ts[0].steps) out.push(`      ${s.what}.`, `      Data: ${s.data}.`);
  }
  const due = cat.courses.filter((c) => phaseOn(c.dates, a.day, archiveOf(cat.record.archives ?? [], c.id, c.term, c.dates, a.day)) === 'stopped' && a.day >= c.dates.archiveAfter);
  if (due.length) out.push(`  Archive due: ${list(due.map((c) => c.id))} (hubfleet lifecycle archive --cluster ${cat.cluster} --course <id>).`);
  const deletion = cat.courses.filter((c) => a.day >= c.dates.deleteAfter);
  if (deletion.length) out.push(`  Deletion due: ${list(deletion.map((c) => c.id))} (lib/catalogue/README.md, "Deleting a retired course").`);
  return `${out.join('\n')}\n`;
}

/** The archive procedure of one course: every command, in order, ending with the record. */
export function archiveProcedure(root: IConstruct, cat: Catalogue, courseId: string): { text?: string; problem?: string } {
  const c = cat.courses.find((x) => x.id === courseId);
  if (!c) return { problem: `${courseId} is not a course of the catalogue of ${cat.cluster} (known: ${list(cat.courses.map((x) => x.id))}).` };
  // By shape: cdk8s makes `instanceof` true for every Chart of the same library (Symbol.hasInstance).
  const hub = root.node.findAll().find((x): x is CourseJupyterHub => x.node.id === courseId && typeof (x as CourseJupyterHub).hubConfig === 'string');
  const nfs = root.node.findAll().find((x): x is NfsProvisioner => typeof (x as NfsProvisioner).archiveCommands === 'function');
  const ns = hub?.namespaceName ?? `course-${courseId}`;
  const day = cat.record.date;
  const phase = phaseOn(c.dates, day, archiveOf(cat.record.archives ?? [], c.id, c.term, c.dates, day));
  if (phase !== 'stopped') return { problem: `${courseId} is ${phase} on ${day}: the homes are archived while the hub is stopped (from ${stopDay(c.dates)}; due from ${c.dates.archiveAfter}).` };
  if (!nfs) return { problem: `${cat.cluster} has no NfsProvisioner: the NFS archive procedure cannot move the homes. Copy them out by hand; the course stays stopped (hubfleet records only a run of the procedure).` };
  const homeClass = hub ? /^c\.KubeSpawner\.storage_class = "([^"]+)"$/m.exec(hub.hubConfig)?.[1] : undefined;
  if (homeClass && !nfs.archivedClasses.includes(homeClass)) return { problem: `the homes of ${courseId} are on ${homeClass}, not on a Retain class of the NFS provisioner (${nfs.archivedClasses.join(', ')}): releasing their claims could delete them, and the archive Job cannot reach them.` };
  const record = `hubfleet lifecycle record-archive --cluster ${cat.cluster} --course ${courseId} --log archive-${courseId}.log --pvs pvs-after-${courseId}.txt`;
  return {
    text: [
      `# Archive the homes of ${courseId} (${ns}), term ${c.term}; its hub is at zero since ${stopDay(c.dates)}.`,
      '# 1. No user server runs (the closed hub stopped them):',
      `kubectl -n ${ns} get pods -l component=singleuser-server        # expect: No resources found`,
      `# 2. Release the home claims: their PVs turn Released and ${homeClass ?? 'the homes class'} is Retain, so the directories stay.`,
      `kubectl -n ${ns} delete pvc -l hubfleet.io/data=home`,
      '# 3. Move their directories into the archive and delete the PV objects it lists (lib/storage/README.md):',
      nfs.archiveCommands({ mode: 'archive', namespace: ns }),
      `kubectl -n ${nfs.namespaceName} logs job/nfs-archive > archive-${courseId}.log`,
      '# 4. The PV list afterwards: it must show no PV of a home claim of the course.',
      `kubectl get pv -o jsonpath='${PV_LIST_JSONPATH}' > pvs-after-${courseId}.txt`,
      '# 5. Record the run (checks both files; writes lifecycle.yaml), commit and let Argo CD sync:',
      record,
      '',
    ].join('\n'),
  };
}
