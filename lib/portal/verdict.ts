/**
 * The capacity verdict of a request in words a lecturer reads: fits, fits only with overcommit, or
 * does not fit — and by how much, with what would make it fit (fewer servers at once, or nodes the
 * platform team would add). The numbers come from lib/catalogue/capacity.ts.
 */
import type { RequestVerdict } from '../catalogue/capacity';

/** What the portal shows (and writes into the merge request). */
export interface VerdictView {
  readonly status: RequestVerdict['worst']['status'];
  /** One line: "Fits", "Fits only with overcommit", "Does not fit". */
  readonly headline: string;
  /** By how much, on which day, and what would make it fit. */
  readonly details: readonly string[];
  /** The day the verdict is for (the worst planning day of the term). */
  readonly day: string;
}

const pct = (r: number) => `${Math.round(r * 100)} %`;
const RESOURCE: Record<string, string> = { cpu: 'CPU', memory: 'memory' };
const resourceName = (k: string) => RESOURCE[k] ?? k;

/** A lecturer's view of a verdict (for the course `course`). */
export function verdictView(v: RequestVerdict): VerdictView {
  const w = v.worst;
  const details: string[] = [];
  const worstRequest = Object.entries(w.requestsRatio).sort(([, a], [, b]) => b - a)[0];
  if (w.status === 'does-not-fit' && worstRequest) {
    details.push(`On ${w.day}, the servers' guaranteed ${resourceName(worstRequest[0])} would be ${pct(worstRequest[1])} of what the cluster has free: ${pct(worstRequest[1] - 1)} too much.`);
    const mine = (w.caps ?? []).find((c) => c.hub === v.course);
    if (mine) details.push(`It fits with at most ${mine.to} servers at once (instead of ${mine.from}), or with smaller guarantees.`);
    else if (w.caps?.length) details.push(`The term is full: other courses would have to run fewer servers at once.`);
    for (const n of w.addNodes ?? []) details.push(`Or the platform team adds ${n.nodes} node${n.nodes === 1 ? '' : 's'} to pool ${n.pool} (${resourceName(n.resource)}).`);
  } else if (w.status === 'overcommit') {
    const which = w.limitsRatio.memory >= w.limitsRatio.cpu ? 'memory' : 'cpu';
    details.push(`On ${w.day}, the guarantees fit, but if every server used its limit the ${resourceName(which)} would be ${pct(w.limitsRatio[which])} of what is free: servers may be slowed (CPU) or restarted (memory) at the busiest hour.`);
  } else if (worstRequest) {
    details.push(`On the busiest day of the term (${w.day}), the guaranteed ${resourceName(worstRequest[0])} of all courses together would be ${pct(worstRequest[1])} of what the cluster has free.`);
  }
  if (v.approximate) details.push('The hub’s own pods (about 0.4 CPU and 1 GiB) are not counted here; the review’s full check counts them.');
  const headline = w.status === 'fits' ? 'Fits' : w.status === 'overcommit' ? 'Fits only with overcommit' : 'Does not fit';
  return { status: w.status, headline, details, day: w.day };
}
