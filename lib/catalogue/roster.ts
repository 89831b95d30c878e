/**
 * A course roster: a CSV file next to the course file (`username,section,groups`, groups separated
 * by ";"), read into {@link RosterEntry} rows. Every value becomes a hub group name or a username in
 * the hub's config (as a Python literal), so each has a strict grammar: usernames as JupyterHub
 * normalizes them (lowercase, no whitespace), sections and groups DNS-label-like.
 */
import { RosterEntry } from '../hub/course-staff';
import { FileIssue } from './file-issue';

/** A section or roster group name. */
export const GROUP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A hub username as the roster may write it: JupyterHub lowercases logins, and ";" "," and spaces would split it. */
export const ROSTER_USERNAME = /^[a-z0-9._@+-]{1,128}$/;

/** Split one CSV line (RFC 4180 quotes; no line breaks inside fields). */
function cells(line: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === '') quoted = true;
    else if (ch === ',') out.push(cur.trim()), (cur = '');
    else cur += ch;
  }
  if (quoted) return undefined;
  out.push(cur.trim());
  return out;
}

/** Read a roster's text; rows that break the grammar are issues naming their line. */
export function parseRoster(file: string, text: string): { entries: RosterEntry[]; issues: FileIssue[] } {
  const issues: FileIssue[] = [];
  const entries: RosterEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problem = (line: number, field: string, value: unknown, message: string, fix: string): void => {
    issues.push({ file, line, col: 1, field, value, message, fix, rule: 'catalogue-roster' });
  };
  const header = cells(lines[0] ?? '')?.map((h) => h.toLowerCase());
  const col = (name: string) => header?.indexOf(name) ?? -1;
  if (!header || col('username') < 0) {
    problem(1, 'username', lines[0], 'the first line must be a header that names the column "username" (and optionally "section" and "groups").', 'start the file with: username,section,groups');
    return { entries, issues };
  }
  const unknown = header.filter((h) => !['username', 'section', 'groups'].includes(h));
  if (unknown.length) problem(1, unknown[0], unknown, `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}.`, 'use only the columns username, section and groups.');
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, i): void => {
    const line = i + 2;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const row = cells(raw);
    if (!row) return problem(line, '', raw, 'a quote is not closed.', 'close the quote or remove it.');
    const username = row[col('username')] ?? '';
    const section = col('section') >= 0 ? row[col('section')] ?? '' : '';
    const groups = col('groups') >= 0 ? (row[col('groups')] ?? '').split(';').map((g) => g.trim()).filter(Boolean) : [];
    if (!ROSTER_USERNAME.test(username)) return problem(line, 'username', username, 'a username must be lowercase letters, digits and . _ @ + - (JupyterHub lowercases every login).', 'write the username as the login names the student, in lowercase.');
    if (seen.has(username)) return problem(line, 'username', username, `${username} is listed twice (first on line ${seen.get(username)}).`, 'keep one line per student.');
    seen.set(username, line);
    if (section && !GROUP_NAME.test(section)) return problem(line, 'section', section, 'a section is lowercase letters, digits and "-" (it names a hub group).', 'write e.g. "mon-a".');
    const bad = groups.find((g) => !GROUP_NAME.test(g));
    if (bad !== undefined) return problem(line, 'groups', bad, 'a group is lowercase letters, digits and "-" (it names a hub group).', 'write e.g. "gpu"; separate groups with ";".');
    entries.push({ username, ...(section ? { section } : {}), ...(groups.length ? { groups: [...new Set(groups)].sort() } : {}) });
  });
  return { entries, issues };
}

/** The groups a roster defines: `section-<name>` for each section and each group. */
export function rosterGroups(entries: readonly RosterEntry[]): { sections: string[]; groups: string[] } {
  return {
    sections: [...new Set(entries.flatMap((e) => (e.section ? [e.section] : [])))].sort(),
    groups: [...new Set(entries.flatMap((e) => e.groups ?? []))].sort(),
  };
}
