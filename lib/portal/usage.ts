/**
 * Usage per course from `hubfleet usage --json` (monitoring's report: users, server-hours, the
 * most servers at once against the plan), when the platform team gives the portal that file. Read
 * defensively: the file is optional and only the fields below are used.
 */
import * as fs from 'fs';

/** The parts of `hubfleet usage --json` the portal reads. */
export interface UsageFile {
  readonly from: string;
  readonly to: string;
  readonly hubs: ReadonlyArray<{ readonly name: string; readonly activeUsers: number | null; readonly serverHours: number | null; readonly peakServers: number | null; readonly plannedServers: number }>;
}

/** One course's usage as the portal shows it. */
export interface HubUsageView {
  readonly from: string;
  readonly to: string;
  readonly activeUsers: number | null;
  readonly serverHours: number | null;
  readonly peakServers: number | null;
  readonly plannedServers: number;
}

const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Read a usage file; throws with what is wrong. */
export function readUsageFile(file: string): UsageFile {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.hubs) || typeof raw.from !== 'string' || typeof raw.to !== 'string') throw new Error(`${file}: not the JSON of \`hubfleet usage --json\` (from, to and hubs are needed)`);
  const hubs = (raw.hubs as Array<Record<string, unknown>>)
    .filter((h) => h && typeof h.name === 'string')
    .map((h) => ({ name: h.name as string, activeUsers: numOrNull(h.activeUsers), serverHours: numOrNull(h.serverHours), peakServers: numOrNull(h.peakServers), plannedServers: numOrNull(h.plannedServers) ?? 0 }));
  return { from: raw.from, to: raw.to, hubs };
}

/** The usage of one course, if the file has it. */
export function usageOf(file: UsageFile, course: string): HubUsageView | undefined {
  const h = file.hubs.find((x) => x.name === course);
  return h ? { from: file.from, to: file.to, activeUsers: h.activeUsers, serverHours: h.serverHours, peakServers: h.peakServers, plannedServers: h.plannedServers } : undefined;
}
