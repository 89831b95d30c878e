/**
 * The words of a request: the commit message (the audit trail: who asked, when, for what, and the
 * verdict they saw) and the merge request's title and description (the verdict, `hubfleet diff`'s
 * summary and risks, the course file). Lecturer-written values appear only inside code blocks
 * fenced longer than any backtick run in them, so they cannot become Markdown or HTML on the forge.
 */
import type { RequestVerdict } from '../catalogue/capacity';
import type { ClusterDiff } from '../fleet/diff';
import type { Lecturer } from './lecturer';
import type { VerdictView } from './verdict';

export interface RequestFacts {
  readonly who: Lecturer;
  readonly course: string;
  readonly file: string;
  readonly isNew: boolean;
  readonly verdict: RequestVerdict;
  readonly view: VerdictView;
  readonly diff: ClusterDiff;
  readonly diffLine: string;
  /** The catalogue commit the request was checked against. */
  readonly base: string;
  readonly when: Date;
  readonly cluster: string;
  /** The course file as requested. */
  readonly text?: string;
}

/** A fenced code block that no backtick run in `text` can close. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** One line for a commit trailer: no line breaks. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').slice(0, 200);

export function mergeRequestText(f: RequestFacts): { title: string; commit: string; description: string } {
  const verb = f.isNew ? 'new course' : 'change of course';
  const title = `Course request: ${verb} ${f.course} (${f.verdict.term})`;
  const verdictLine = `${f.view.headline} (term ${f.verdict.term}, worst day ${f.view.day})`;
  const commit = [
    `portal: ${verb} ${f.course}`,
    '',
    `Requested in the course portal by ${oneLine(f.who.name)} <${oneLine(f.who.email)}> at ${f.when.toISOString()}.`,
    `File: ${f.file}`,
    `Capacity verdict: ${verdictLine}`,
    `Checked against ${f.base} of the catalogue.`,
    '',
    `Portal-Requester: ${oneLine(f.who.id)}`,
    `Portal-Verdict: ${f.view.status}`,
    '',
  ].join('\n');
  const risks = f.diff.risks.map((r) => `- ${r.severity === 'danger' ? '**serious**' : 'warning'}: ${fenced(`${r.title} [${r.rule}]`).replace(/\n/g, ' ')}`);
  const packages = f.diff.packages.map((p) => `- \`k8s/${p.pkg}/\`: ${p.status}, ${p.added.length} added, ${p.removed.length} removed, ${p.changed.length} changed`);
  const description = [
    `A ${verb} requested in the course portal. **Approving this merge request is the approval**: once merged, the next \`hubfleet synth\` deploys it.`,
    '',
    `| | |`,
    `|---|---|`,
    `| requested by | ${fenced(oneLine(f.who.email)).replace(/\n/g, ' ')} |`,
    `| at | ${f.when.toISOString()} |`,
    `| file | \`${f.file}\` |`,
    `| checked against | ${f.base} |`,
    '',
    `## Capacity verdict: ${f.view.headline}`,
    '',
    ...f.view.details.map((d) => `- ${d}`),
    '',
    `## hubfleet diff`,
    '',
    fenced(f.diffLine),
    '',
    ...(risks.length ? ['Risks:', '', ...risks, ''] : ['No risks.', '']),
    ...(packages.length ? ['Packages:', '', ...packages, ''] : []),
    `## The course file`,
    '',
    fenced(f.text ?? '(see the commit)', 'yaml'),
    '',
    `Made by \`hubfleet portal\` for cluster ${f.cluster}.`,
  ].join('\n');
  return { title, commit, description };
}
