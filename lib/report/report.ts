import { createHash } from 'crypto';
import { parseWindowTime } from '../capacity/exams';
import { CapacityPlan } from '../capacity/plan';
import { fmt, ResourceAmount } from '../capacity/resources';
import { ClusterModel } from '../model/cluster-model';
import { Inventory, inventoryJson } from '../model/inventory';
import { examTimelineSvg, hubColours, poolChart, PLATFORM_COLOUR, DAEMON_COLOUR } from './charts';
import { CSS, esc, htmlTable, link as a } from './html';
import { LtiSheet, ltiSheet } from './lti';
import { registrationSheet } from './lti-sheets';
import { termsSection } from './terms';
import type { UsageReport } from '../monitoring/usage';

/**
 * `hubfleet report`: one static, self-contained HTML page per cluster (no script, no external
 * file, no timestamp: the same app stack gives the same bytes), printable. Sections: hubs,
 * capacity (tables, a chart per pool, seats, verdict), exams (timeline), LTI registration sheets
 * (per LMS: Moodle's tool form, Canvas' developer key, or the generic LTI 1.3 fields), course links. See lib/report/README.md.
 */

const cpuMem = (r: ResourceAmount) => `${fmt(r.cpu)} / ${fmt(r.memoryGiB)}`;
const gpus = (r: ResourceAmount) => String(Object.values(r.extended ?? {}).reduce((x, y) => x + y, 0) || '');
const num = (x: number, cls = x < 0 ? 'neg' : '') => (cls ? `<span class="${cls}">${esc(fmt(x))}</span>` : esc(fmt(x)));
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

function hubsSection(inv: Inventory): string {
  const rows = inv.hubs.map((h) => [
    `<strong>${esc(h.name)}</strong><br><span class="muted">${esc(h.kind)}</span>`,
    /^https?:\/\//i.test(h.url) ? `<a href="${esc(h.url)}">${esc(new URL(h.url).host)}</a>` : esc(h.url),
    esc(h.login),
    esc(h.students),
    esc(h.concurrency),
    esc(`${fmt(h.size.cpuGuarantee)}–${fmt(h.size.cpuLimit)} CPU, ${fmt(h.size.memoryGuaranteeGiB)}–${fmt(h.size.memoryLimitGiB)} GiB`) + (h.profiles.length ? `<br><span class="muted">${esc(h.profiles.map((p) => `${p.displayName}${p.default ? ' (default)' : ''}: ${fmt(p.cpuGuarantee)}–${fmt(p.cpuLimit)} CPU, ${fmt(p.memoryGuaranteeGiB)}–${fmt(p.memoryLimitGiB)} GiB${p.gpus ? `, ${p.gpus} GPU` : ''}`).join('; '))}</span>` : ''),
    esc(h.home ? `${h.home.sizeGiB} GiB per user on ${h.home.storageClass ?? 'the default class'}` : 'ephemeral'),
    esc(h.nbgrader ? 'nbgrader + ngshare' : ''),
    `<code>${esc(h.image.replace(/^quay\.io\/jupyter\//, ''))}</code>`,
  ]);
  return `<section id="hubs"><h2>Hubs</h2>
<p class="muted">Size: guarantee–limit per server. Concurrency: servers at once at most (the hub's active server limit).</p>
${htmlTable('hubs-table', ['hub', 'URL', 'login', 'students', 'concurrency', 'size', 'home storage', 'grading', 'image'], rows, [3, 4])}</section>`;
}

/** The pods the pools' platform column counts, one row each (hubs, add-ons, the monitoring stack's chart pods). */
function platformPods(plan: CapacityPlan): string {
  const rows = plan.platform.map((p) => [esc(p.pod), esc(p.namespace), esc(p.source), esc(cpuMem(p.requests)), esc(p.pool ?? '–')]);
  return `<details id="platform-pods"><summary>Platform pods (${plan.platform.length}): what the platform column counts</summary>
${htmlTable('platform-pods-table', ['pod', 'namespace', 'source', 'requests CPU / GiB', 'pool'], rows)}</details>`;
}

function capacitySection(plan: CapacityPlan): string {
  const colours = hubColours(plan);
  const pools = plan.pools.filter((p) => p.schedulable);
  const poolRows = plan.pools.map((p) =>
    p.schedulable
      ? [
          `<strong>${esc(p.name)}</strong>`,
          esc(`${p.count} × ${p.node.cpu} CPU / ${p.node.memoryGiB} GiB${gpus(p.node) ? ` + ${gpus(p.node)} GPU` : ''}`),
          esc(`${p.reservePerNode.cpu} / ${fmt(p.reservePerNode.memoryGiB)}`),
          esc(cpuMem(p.allocatable)),
          esc(cpuMem(p.daemons)),
          esc(`${cpuMem(p.platform)} (${p.platformPods} pods)`),
          esc(`${cpuMem(p.hubsAtPeak.requests)}${gpus(p.hubsAtPeak.requests) ? ` + ${gpus(p.hubsAtPeak.requests)} GPU` : ''} (${p.hubsAtPeak.servers})`),
          `${num(p.free.cpu)} / ${num(p.free.memoryGiB)}`,
          esc(p.hubsAtPeak.servers ? `${p.binding.resource} ${p.binding.requestsRatio > 1 ? `${fmt(p.binding.requestsRatio)}×` : pct(p.binding.requestsRatio)}` : '–'),
        ]
      : [`<strong>${esc(p.name)}</strong>`, esc(`${p.count} × ${p.node.cpu} CPU / ${p.node.memoryGiB} GiB`), 'not a Kubernetes node (etcd only)', '', '', '', '', '', ''],
  );
  // Every pool that runs pods gets its chart, also one no hub fills at the semester peak (a GPU
  // pool whose profile is not in the mix): what it has free is what the report is asked about.
  const charts = pools
    .map((p) => `<div class="chart"><h3>pool ${esc(p.name)}</h3>${poolChart(plan, p, colours)}</div>`)
    .join('\n');
  const legend = `<div class="legend"><span><i style="background:${DAEMON_COLOUR}"></i>per-node pods</span><span><i style="background:${PLATFORM_COLOUR}"></i>platform pods</span>${plan.hubs
    .filter((h) => !h.window)
    .map((h) => `<span><i style="background:${colours.get(h.name)}"></i>${esc(h.name)}</span>`)
    .join('')}<span><i style="background:#eee;border:1px solid #8c959f"></i>free</span><span>╎ allocatable</span></div>`;
  const hubRows = plan.hubs.map((h) => [
    esc(h.name),
    esc(h.window ? 'exam' : h.kind),
    esc(h.concurrency),
    esc(h.basis),
    esc(cpuMem(h.peak.requests)),
    esc(gpus(h.peak.requests)),
    esc(cpuMem(h.peak.limits)),
    esc(cpuMem(h.largest.requests)),
    esc(h.window ? 'in its window' : pct(Math.max(h.share.cpu, h.share.memory))),
    esc(Object.keys(h.peak.perPool).join(', ')),
  ]);
  const s = plan.seats;
  const seatRows = [
    ['full load (every server at its limits)', s.fullLoad, s.afterPlatform.fullLoad] as const,
    [`statistical (typical use ${pct(s.typicalUseFraction)} of the limits)`, s.statistical, s.afterPlatform.statistical] as const,
  ].map(([label, pool, after]) => [esc(label), `<strong>${pool.seats}</strong>`, esc(after.seats), esc(pool.binding), esc(pool.memoryBound), esc(pool.cpuBound), esc(fmt(pool.cpuPerSeat))]);
  const v = plan.verdict;
  const caps = v.caps?.length ? htmlTable('caps-table', ['course', 'concurrency now', 'cap at', 'pools'], v.caps.map((c) => [esc(c.hub), esc(c.from), esc(c.to), esc(c.pools.join(', '))]), [1, 2]) : '';
  return `<section id="capacity"><h2>Capacity at the semester peak</h2>
<div class="verdict ${esc(v.status)}" id="verdict"><strong>${esc(v.status)}</strong>: ${esc(v.summary)}</div>
${caps}
<h3>Pools</h3>
<p class="muted">CPU / GiB over all nodes of a pool. Allocatable = nodes × (size − reserve); per-node pods: system daemons and DaemonSets; platform: every pod of the output that is not a user server (hubs, proxies, ngshare, SEB, add-ons); free = allocatable − per-node pods − platform − the hubs' guarantees at their peak.</p>
${htmlTable('pools-table', ['pool', 'nodes', 'reserve per node', 'allocatable', 'per-node pods', 'platform', 'hubs at peak (servers)', 'free', 'binding'], poolRows)}
${platformPods(plan)}
${legend}
${charts}
<h3>Hubs at their peak</h3>
<p class="muted">Servers × guarantees (what the scheduler reserves) and × limits (what they may use); case: the declared mix of profiles, else the default profile; largest: every server at the largest profile; share: guarantees ÷ what all pools have free for users.</p>
${htmlTable('hub-demand-table', ['hub', 'kind', 'servers', 'case', 'guarantees CPU / GiB', 'GPU', 'limits CPU / GiB', 'largest CPU / GiB', 'share', 'pools'], hubRows, [2])}
<h3>Seats</h3>
<p id="seats-line">Servers of ${esc(`${fmt(s.size.cpu)} CPU / ${fmt(s.size.memoryGiB)} GiB`)}${s.size.gpus ? esc(` + ${s.size.gpus} GPU`) : ''} (${esc(s.size.origin)}) on ${esc(s.pools.join(', ') || 'no pool')}: <strong>${s.fullLoad.seats}</strong> at full load, <strong>${s.statistical.seats}</strong> with the statistical allowance; ${s.afterPlatform.fullLoad.seats} and ${s.afterPlatform.statistical.seats} after the platform's pods.</p>
${htmlTable('seats-table', ['load', 'seats on the pools', 'after platform pods', 'binding', 'memory-bound', 'CPU-bound', 'CPU per seat'], seatRows, [1, 2, 4, 5, 6])}
<p class="muted">Memory is not compressible (a node short of memory kills or evicts), so memory decides the full-load count; CPU is: servers beyond the CPU-bound count are throttled to a share (CPU per seat), not refused.</p>
${plan.assumptions.notCounted.length ? `<p class="muted">Not counted: ${esc(plan.assumptions.notCounted.join('; '))}.</p>` : ''}
</section>`;
}

/** What Prometheus measured (hubfleet usage --json) next to what the capacity plan planned. */
function usageSection(plan: CapacityPlan, usage: UsageReport): string {
  const planned = new Map(plan.hubs.map((h) => [h.name, h]));
  const show = (x: number | null, suffix = '') => (x === null ? '<span class="muted">–</span>' : esc(`${fmt(x)}${suffix}`));
  const rows = usage.hubs.map((h) => {
    const over = h.peakShareOfPlan !== null && h.peakShareOfPlan > 1;
    const tight = h.memory.peakPerServerGiB !== null && h.memory.peakPerServerGiB > 0.9 * h.memory.limitGiB;
    const p = planned.get(h.name);
    return [
      `<strong>${esc(h.name)}</strong><br><span class="muted">${esc(h.kind)}</span>`,
      esc(h.plannedServers),
      show(h.peakServers),
      h.peakShareOfPlan === null ? show(null) : over ? `<span class="neg">${esc(pct(h.peakShareOfPlan))}</span>` : esc(pct(h.peakShareOfPlan)),
      show(h.activeUsers),
      show(h.serverHours),
      `${show(h.memory.meanPerServerGiB)} / ${tight ? `<span class="neg">${show(h.memory.peakPerServerGiB)}</span>` : show(h.memory.peakPerServerGiB)}`,
      esc(`${fmt(h.memory.guaranteeGiB)}–${fmt(h.memory.limitGiB)}`),
      p ? esc(`${fmt(p.peak.requests.memoryGiB)} GiB`) : '',
      show(h.memory.peakTotalGiB, ' GiB'),
    ];
  });
  return `<section id="usage"><h2>Usage</h2>
<p class="muted">${esc(`What Prometheus (${usage.prometheus}) measured from ${usage.from} to ${usage.to} (step ${usage.stepSeconds} s), from hubfleet usage --json, beside what the plan above plans. Peak ÷ plan above 100 %: more servers ran at once than maxConcurrentUsers (an exam: its seats); a server's peak memory above 90 % of the limit: kernels die at the limit.`)}</p>
${htmlTable('usage-table', ['hub', 'planned servers', 'peak servers', 'peak ÷ plan', 'users', 'server-hours', 'memory per server mean / peak GiB', 'guarantee–limit GiB', 'planned guarantees at peak', 'peak memory of all servers'], rows, [1, 2, 3, 4, 5])}</section>`;
}

function examsSection(plan: CapacityPlan): string {
  if (plan.exams.length === 0 && plan.invalidExamWindows.length === 0) return `<section id="exams"><h2>Exams</h2><p>No exam declares a window (runtime pods with <code>window</code>), so no exam takes seats at a fixed time.</p></section>`;
  const rows = plan.exams.map((e) => [esc(e.exam), esc(`${e.start} – ${e.end}${e.timeZone ? ` (${e.timeZone})` : ''}`), esc(e.servers), esc(cpuMem(e.requests)), esc(e.pools.join(', '))]);
  const stretches = plan.examTimeline.map((t) => [esc(`${t.from} – ${t.to}`), esc(t.exams.join(' + ')), t.fits ? 'fits' : `<span class="neg">${esc(Object.entries(t.unplaced).map(([e, n]) => `${n} of ${t.servers[e]} seats of ${e} find no node`).join('; '))}</span>`]);
  return `<section id="exams"><h2>Exams</h2>
${examTimelineSvg(plan, parseWindowTime)}
${htmlTable('exams-table', ['exam', 'window', 'seats', 'guarantees CPU / GiB', 'pools'], rows, [2])}
${htmlTable('exam-stretches-table', ['time (UTC)', 'running', 'result'], stretches)}
${plan.invalidExamWindows.map((i) => `<p class="neg">${esc(`${i.exam}: ${i.why}`)}</p>`).join('')}
</section>`;
}

function ltiSection(sheets: readonly LtiSheet[]): string {
  if (sheets.length === 0) return '';
  return `<section id="lti"><h2>LTI registration sheets</h2>${sheets.map(registrationSheet).join('\n')}</section>`;
}

function linksSection(inv: Inventory): string {
  const rows = inv.hubs.map((h) => {
    const links = (h.links ?? []).map((l) => `${esc(l.title)}: ${a(l.url)}`).join('<br>');
    const template = `${h.url}hub/user-redirect/git-pull?repo=<repository URL>&urlpath=lab/tree/<folder>/<file>&branch=main`;
    const lti11 = h.lti?.version === '1.1' ? `<br><span class="muted">LTI 1.1: wrap it as ${esc(`${h.url}hub/lti/launch?next=<the link's path, URL-encoded>`)}</span>` : '';
    return [esc(h.name), links || `<span class="muted">none declared (CourseJupyterHub.gitPullLink makes them)</span>`, `<code>${esc(template)}</code>${lti11}`];
  });
  return `<section id="links"><h2>Course material links (nbgitpuller)</h2>
<p class="muted">One click pulls the course repository into the student's home (merging, never overwriting) and opens the file. For an LTI 1.3 hub the link itself can be the Tool URL of a Moodle activity. The image needs nbgitpuller.</p>
${htmlTable('links-table', ['hub', 'links', 'link form'], rows)}</section>`;
}

/** The report's files (relative to the report folder): `index.html`; with `usage`, a Usage section beside the capacity plan. */
export function renderReport(plan: CapacityPlan, inventory: Inventory, model: ClusterModel, usage?: UsageReport): Map<string, string> {
  const digest = createHash('sha256').update(inventoryJson(inventory)).digest('hex');
  const sheets = inventory.hubs.map((h) => ltiSheet(model, h)).filter((s): s is LtiSheet => s !== undefined);
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hubfleet report">
<title>${esc(`${plan.cluster}: hubfleet report`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(plan.cluster)}</h1>
<p class="muted">${esc(`${inventory.domain} · Kubernetes ${inventory.kubernetes.version} (${inventory.kubernetes.distribution}${inventory.kubernetes.cni ? `, ${inventory.kubernetes.cni}` : ''}) · ${inventory.hubs.length} hubs`)} · made from the app stack whose inventory.json has SHA-256 <code>${digest.slice(0, 16)}</code></p>
<nav><a href="#hubs">Hubs</a>${inventory.hubs.some((h) => h.lifecycle) ? '<a href="#terms">Terms</a>' : ''}<a href="#capacity">Capacity</a>${usage ? '<a href="#usage">Usage</a>' : ''}<a href="#exams">Exams</a>${sheets.length ? '<a href="#lti">LTI sheets</a>' : ''}<a href="#links">Course links</a></nav>
</header>
<main>
${hubsSection(inventory)}
${termsSection(inventory)}
${capacitySection(plan)}
${usage ? usageSection(plan, usage) : ''}
${examsSection(plan)}
${ltiSection(sheets)}
${linksSection(inventory)}
<p class="muted">Generated by <code>hubfleet report</code>; the numbers and their assumptions: lib/capacity/README.md.</p>
</main>
</body>
</html>
`;
  return new Map([['index.html', html]]);
}
