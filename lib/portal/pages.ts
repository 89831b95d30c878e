/**
 * The portal's pages: server-rendered HTML that works without JavaScript (forms post; the two
 * buttons of the course form choose by `name="action"`). Every value from a person, the IdP, the
 * repository or the forge goes through {@link esc}; attributes are always double-quoted. No inline
 * script or style (the Content-Security-Policy forbids them): the style sheet is /portal.css.
 */
import type { FileIssue } from '../catalogue/file-issue';
import type { FieldError, FormField } from './form';
import type { CheckResult, CourseView, Lecturer, RequestView } from './service';

/** Escape text for HTML element content and double-quoted attribute values. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export const PORTAL_CSS = `
:root{font-family:system-ui,sans-serif;color:#1b1f24;background:#fff}
body{margin:0}header{background:#1f3a5f;color:#fff;padding:.8rem 1.5rem;display:flex;gap:1rem;align-items:center;justify-content:space-between}
header a{color:#fff}main{padding:1rem 1.5rem;max-width:62rem}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.4rem .5rem;text-align:left;vertical-align:top}
.field{margin:.8rem 0}.field label{display:block;font-weight:600}.help{color:#57606a;font-size:.85rem;margin:.15rem 0}
input[type=text],input[type=number],input[type=date],select,textarea{width:100%;max-width:32rem;padding:.3rem;font:inherit}
textarea{height:4.5rem}.error{color:#a40e26;font-weight:600}.issues li{margin:.3rem 0}
.verdict{border-left:.4rem solid;padding:.6rem 1rem;margin:1rem 0;background:#f6f8fa}.verdict h2{margin:0}
.fits{border-color:#1a7f37}.overcommit{border-color:#bf8700}.does-not-fit{border-color:#cf222e}
.refusal{background:#ffebe9;border:1px solid #cf222e;padding:.6rem 1rem}.done{background:#dafbe1;border:1px solid #1a7f37;padding:.6rem 1rem}
button{font:inherit;padding:.4rem 1rem;margin-right:.6rem}code{background:#f6f8fa;padding:0 .2rem}.muted{color:#57606a}
dl.sheet{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.sheet dt{font-weight:600}
`;

/** The page around a body. */
export function layout(title: string, body: string, o: { who?: Lecturer; csrf?: string; cluster: string }): string {
  const signOut = o.who && o.csrf ? `<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${esc(o.csrf)}"><span>${esc(o.who.name || o.who.email)}</span> <button type="submit">Sign out</button></form>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · course portal</title>
<link rel="stylesheet" href="/portal.css">
</head>
<body>
<header><a href="/"><strong>Course portal</strong></a> <span>${esc(o.cluster)}</span>${signOut}</header>
<main>
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

export function signedOutPage(cluster: string, message?: string): string {
  return layout('Sign in', `${message ? `<p class="refusal">${esc(message)}</p>` : ''}
<p>Lecturers request their course's JupyterHub here: the portal checks the request against the cluster's rules and capacity and opens a merge request that the platform team reviews.</p>
<p><a href="/login" id="sign-in">Sign in with the university login</a></p>`, { cluster });
}

const PHASE_TEXT: Record<string, string> = { planned: 'scheduled', preparing: 'scheduled (staff preparing)', open: 'open', closing: 'closed (stopping)', stopped: 'closed', archived: 'archived', retired: 'retired' };

function sheetHtml(c: Pick<CourseView, 'hub' | 'sheet'>): string {
  const lti = c.hub?.lti;
  if (!lti || !c.sheet) return '<span class="muted">no LMS registration (not an LTI login)</span>';
  const rows: Array<[string, string | undefined]> = [
    ['LTI', lti.version],
    ['Tool URL', lti.toolUrl],
    ['Initiate login URL', lti.initiateLoginUrl],
    ['Redirection URI', lti.redirectionUri],
    ['Client ID(s)', c.sheet.clientIds.join(', ') || '(not yet: register the tool, then give its Client ID)'],
    ['Tool name', c.sheet.toolName],
  ];
  return `<dl class="sheet">${rows.filter(([, v]) => v !== undefined).map(([k, v]) => `<dt>${esc(k)}</dt><dd><code>${esc(v)}</code></dd>`).join('')}</dl>`;
}

/** A course's usage: measured over its term so far, not started, or why it is not available. */
export function usageHtml(u: CourseView['usage']): string {
  if (!u) return '<span class="muted">–</span>';
  if (u.state === 'not-started') return `<span class="muted">the term opens on ${esc(u.opens)}</span>`;
  if (u.state === 'unavailable') return `<span class="muted">not available: ${esc(u.reason)}</span>`;
  const n = (x: number | null, f: (v: number) => string | number = (v) => v) => (x === null ? '–' : esc(f(x)));
  const memory = u.peakPerServerGiB === null ? '' : `<br>memory of one server at most ${n(u.peakPerServerGiB, (v) => v.toFixed(1))} of ${esc(u.memoryLimitGiB)} GiB`;
  const of = (x: number | null, one: string, many: string, f: (v: number) => number = (v) => v) => `${n(x, f)} ${x !== null && f(x) === 1 ? one : many}`;
  return `${of(u.activeUsers, 'user', 'users')}, ${of(u.serverHours, 'server-hour', 'server-hours', Math.round)}, at most ${n(u.peakServers)} of ${esc(u.plannedServers)} servers at once${memory} <span class="muted">(${esc(u.from.slice(0, 10))} – ${esc(u.to.slice(0, 10))})</span>`;
}

export function homePage(o: { who: Lecturer; csrf: string; cluster: string; courses: readonly CourseView[]; requests: readonly RequestView[]; flash?: string }): string {
  const courses = o.courses.length
    ? `<table id="courses"><thead><tr><th>course</th><th>term</th><th>state</th><th>address</th><th>usage</th><th></th></tr></thead><tbody>
${o.courses
  .map((c) => {
    return `<tr><td><strong>${esc(c.title)}</strong><br><code>${esc(c.id)}</code></td><td>${esc(c.term)}</td><td>${esc(PHASE_TEXT[c.phase] ?? c.phase)}</td><td>${c.hub ? `<a href="${esc(c.hub.url)}">${esc(c.hub.url)}</a>` : '–'}</td><td class="usage">${usageHtml(c.usage)}</td><td><a href="/courses/${encodeURIComponent(c.id)}">change</a></td></tr>
<tr><td></td><td colspan="5"><details><summary>Registration sheet for the LMS</summary>${sheetHtml(c)}</details></td></tr>`;
  })
  .join('\n')}
</tbody></table>`
    : '<p class="muted">No course names you as an owner yet.</p>';
  const requests = o.requests.length
    ? `<table id="requests"><thead><tr><th>request</th><th>course</th><th>state</th><th>when</th></tr></thead><tbody>
${o.requests.map((r) => `<tr><td><code>${esc(r.branch)}</code>${r.mergeRequest ? `<br><a href="${esc(r.mergeRequest.url)}">merge request ${esc(r.mergeRequest.number)}</a>` : ''}</td><td>${esc(r.course)}</td><td class="state">${esc(REQUEST_STATE[r.state])}</td><td>${esc(r.date)}</td></tr>`).join('\n')}
</tbody></table>`
    : '<p class="muted">No requests.</p>';
  return layout('Your courses', `${o.flash ? `<p class="done">${esc(o.flash)}</p>` : ''}
${courses}
<p><a href="/courses/new" id="new-course">Request a new course</a></p>
<h2>Your requests</h2>
${requests}`, o);
}

const REQUEST_STATE: Record<RequestView['state'], string> = { open: 'waiting for review', merged: 'approved (merged)', closed: 'declined (closed)', pushed: 'submitted (no merge request yet)' };

function fieldHtml(f: FormField, value: string, errors: readonly FieldError[], isNew: boolean): string {
  const id = `f-${f.name.replace(/\./g, '-')}`;
  const err = errors.filter((e) => e.field === f.name).map((e) => `<p class="error" id="${id}-error">${esc(e.message)}</p>`).join('');
  const attrs = [`id="${id}"`, `name="${esc(f.name)}"`, f.required ? 'required' : '', err ? `aria-invalid="true" aria-describedby="${id}-error"` : ''].filter(Boolean).join(' ');
  let input: string;
  if (f.newOnly && !isNew) input = `<input type="text" ${attrs.replace(/ required/, '')} value="${esc(value)}" readonly>`;
  else if (f.kind === 'select') input = `<select ${attrs}>${(f.options ?? []).map((o) => `<option value="${esc(o.value)}"${o.value === value ? ' selected' : ''}>${esc(o.label)}</option>`).join('')}</select>`;
  else if (f.kind === 'checkbox') input = `<input type="checkbox" ${attrs} value="on"${value === 'on' ? ' checked' : ''}>`;
  else if (f.kind === 'list') input = `<textarea ${attrs} maxlength="${(f.maxItems ?? 50) * (f.maxLength + 1)}">${esc(value)}</textarea>`;
  else if (f.kind === 'integer' || f.kind === 'number') input = `<input type="number" ${attrs} value="${esc(value)}" min="${esc(f.min)}" max="${esc(f.max)}" step="${f.kind === 'integer' ? '1' : 'any'}">`;
  else if (f.kind === 'date') input = `<input type="date" ${attrs} value="${esc(value)}">`;
  else input = `<input type="text" ${attrs} value="${esc(value)}" maxlength="${f.maxLength}"${f.pattern ? ` pattern="${esc(f.pattern.replace(/^\^|\$$/g, ''))}"` : ''}>`;
  return `<div class="field"><label for="${id}">${esc(f.label)}</label>${input}<p class="help">${esc(f.help)}</p>${err}</div>`;
}

function issuesHtml(issues: readonly FileIssue[]): string {
  if (!issues.length) return '';
  return `<div class="refusal" id="issues"><p><strong>hubfleet's checks found:</strong></p><ul class="issues">${issues
    .map((i) => `<li>${i.severity === 'warning' ? 'Warning' : 'Error'}: <code>${esc(i.field || i.file)}</code>: ${esc(i.message)} <em>${esc(i.fix)}</em> <span class="muted">[${esc(i.rule)}]</span></li>`)
    .join('')}</ul></div>`;
}

function verdictHtml(r: CheckResult): string {
  if (!r.view || !r.verdict) return '';
  return `<section class="verdict ${esc(r.view.status)}" id="verdict"><h2>Capacity for ${esc(r.verdict.term)}: ${esc(r.view.headline)}</h2><ul>${r.view.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></section>`;
}

/** The course form (new or a change), with what the last check found. */
export function coursePage(o: { who: Lecturer; csrf: string; cluster: string; fields: readonly FormField[]; values: Readonly<Record<string, string>>; isNew: boolean; courseId?: string; result?: CheckResult & { refused?: string } }): string {
  const r = o.result;
  const errors = r?.errors ?? [];
  const action = o.isNew ? '/courses/new' : `/courses/${encodeURIComponent(o.courseId ?? '')}`;
  const general = errors.filter((e) => !o.fields.some((f) => f.name === e.field));
  const refusal = r?.refused ? `<p class="refusal" id="refusal" role="alert">${esc(r.refused)}</p>` : '';
  const sheet = r?.hub?.hub ? `<details id="sheet"><summary>Registration sheet for the LMS (register the tool, then give its Client ID above)</summary>${sheetHtml(r.hub)}<p>Address: <code>${esc(r.hub.hub.url)}</code></p></details>` : '';
  return layout(o.isNew ? 'Request a new course' : `Change ${o.courseId}`, `${refusal}
${general.map((e) => `<p class="error">${esc(e.message)}</p>`).join('')}
${verdictHtml(r ?? ({} as CheckResult))}
${issuesHtml(r?.issues ?? [])}
<form method="post" action="${esc(action)}" id="course-form" novalidate>
<input type="hidden" name="_csrf" value="${esc(o.csrf)}">
${o.fields.map((f) => fieldHtml(f, o.values[f.name] ?? '', errors, o.isNew)).join('\n')}
<p><button type="submit" name="action" value="check" id="check">Check capacity</button><button type="submit" name="action" value="submit" id="submit">Submit request</button></p>
</form>
${sheet}`, o);
}

/** After a submitted request. */
export function submittedPage(o: { who: Lecturer; csrf: string; cluster: string; result: CheckResult & { branch?: string; mergeRequest?: { url: string; number: number } } }): string {
  const r = o.result;
  return layout('Request submitted', `<p class="done" id="submitted">Your request is on branch <code>${esc(r.branch)}</code>${r.mergeRequest ? `, merge request <a href="${esc(r.mergeRequest.url)}">${esc(r.mergeRequest.number)}</a>` : ''}. The platform team reviews it; approving is merging it.</p>
${verdictHtml(r)}
<p><a href="/">Back to your courses</a></p>`, o);
}

export function errorPage(cluster: string, status: number, message: string): string {
  return layout(status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 429 ? 'Too many requests' : 'Something went wrong', `<p class="refusal" role="alert">${esc(message)}</p><p><a href="/">Back</a></p>`, { cluster });
}
