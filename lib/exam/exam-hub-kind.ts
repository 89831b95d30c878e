/**
 * What an exam changes in the parts of a hub (lib/hub/hub-kind.ts), piece by piece: the exam
 * itself (priorities, no DNS and Guaranteed QoS for notebooks, isolation), its pool, its window, the
 * Safe Exam Browser gate, its seats and its receipts. ExamHub (lib/hub/exam-hub.ts) merges the
 * pieces it uses; the objects the pieces add (placeholders, pre-puller, export) come after the hub.
 */
import { NodePoolSpec } from '../fleet/cluster-spec';
import { CullingOptions } from '../hub/course-jupyterhub-props';
import { HubKind, HubKindPart } from '../hub/hub-kind';
import { PRIORITY } from '../fleet/priority-classes';
import { EXAM_SERVER_TOKEN_SCOPES, EXAM_USER_ROLE } from './exam-access';
import { examWindowCode } from './exam-window-code';
import { receiptSubmitPython } from './receipts';
import { PRE_PULLER_SIZE } from './seat-reservation';
import { SebGateOptions, sebGateCorePython, sebGateEnv, sebGateHubPython } from './seb-gate';
import { EXAM_WINDOW_ANNOTATION, isoInZone, ResolvedWindow, windowAnnotation } from './window';

/**
 * An exam hub: folder `exams/`, namespace `exam-<id>`; hub, proxy and ngshare above everything else,
 * notebooks with Guaranteed QoS that reach their hub and exchange by Service address only (no DNS:
 * Kubernetes expands `$(VAR)` from the Service environment variables of the namespace in env
 * values, and jupyterhub/spawner.py get_env builds JUPYTERHUB_API_URL and JUPYTERHUB_ACTIVITY_URL
 * from Spawner.hub_connect_url), and nothing else in the namespace.
 */
export const EXAM_HUB: HubKind = {
  kind: 'exam',
  // Nothing a candidate can read or make opens their server elsewhere (lib/exam/exam-access.ts);
  // password logins are throttled (lib/hub/hub/login-throttle.ts).
  hub: { priorityClass: PRIORITY.examHub, roles: [EXAM_USER_ROLE], loginThrottle: true },
  userServers: {
    priorityClass: PRIORITY.examServer,
    serverTokenScopes: EXAM_SERVER_TOKEN_SCOPES,
    guaranteedInitContainers: true,
    dns: false,
    spawnerTraits: { hub_connect_url: `http://$(HUB_SERVICE_HOST):$(HUB_SERVICE_PORT_HUB)` },
  },
  nbgrader: { exchangeFromEnv: true },
  network: { isolateNotebooks: true },
};

/** Where the exam's servers run: a pool's labels as node selector, its taints tolerated. */
export interface ExamPlacement {
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Array<{ key: string; operator: 'Equal' | 'Exists'; value?: string; effect: string }>;
}

/** The placement on `pool` (none without a pool). */
export function examPlacement(pool?: NodePoolSpec): ExamPlacement {
  return {
    nodeSelector: { ...(pool?.labels ?? {}) },
    // Equal with the taint's value, or Exists when it has none; PreferNoSchedule needs no toleration.
    tolerations: (pool?.taints ?? [])
      .filter((t) => t.effect !== 'PreferNoSchedule')
      .map((t) => (t.value !== undefined && t.value !== '' ? { key: t.key, operator: 'Equal' as const, value: t.value, effect: t.effect } : { key: t.key, operator: 'Exists' as const, effect: t.effect })),
  };
}

/** The exam pool: KubeSpawner's node selector and tolerations. */
export function examPoolPart(placement: ExamPlacement): HubKindPart {
  return { userServers: { spawnerTraits: { node_selector: { ...placement.nodeSelector }, tolerations: placement.tolerations.map((t) => ({ ...t })) } } };
}

/**
 * When an exam holds its seats, for capacity planning: from the placeholders' start (start − lead)
 * until its servers are gone: logins close at end + grace, then the idle culler stops a server after
 * its idle timeout, checking every `everyMinutes`. Another exam on the same pool can only have the
 * room after that: servers of equal priority do not preempt each other.
 */
export function seatWindow(w: ResolvedWindow, leadMinutes: number, culling: CullingOptions | false): { start: string; end: string } {
  const gone = w.closesMs + (culling ? ((culling.idleTimeoutMinutes ?? 60) + (culling.everyMinutes ?? 10)) * 60000 : 0);
  return { start: isoInZone(w.startMs - leadMinutes * 60000, w.timeZone), end: isoInZone(gone, w.timeZone) };
}

/**
 * The window: logins only from earlyLoginMinutes before the start to graceMinutes after the end
 * (supervisors any time), the idle culler held back until logins close, the window on the namespace
 * and in the inventory.
 */
export function examWindowPart(win: ResolvedWindow, supervisors: readonly string[], culling: CullingOptions | false): HubKindPart {
  return {
    window: { start: win.startIso, end: win.endIso, timeZone: win.timeZone },
    namespace: { annotations: { [EXAM_WINDOW_ANNOTATION]: windowAnnotation(win) } },
    hub: {
      configSections: [{ title: 'Exam window: logins only from earlyLoginMinutes before the start to graceMinutes after the end (lib/exam/exam-window-code.ts).', code: examWindowCode(win, supervisors) }],
      cullingNotBeforeSeconds: culling ? Math.floor(win.closesMs / 1000) : undefined,
    },
  };
}

/** Safe Exam Browser only: the gate checks the Config Key (sealed keys in the hub's environment). */
export function sebGatePart(seb: SebGateOptions, o: { readonly baseUrl: string; readonly examId: string }): HubKindPart {
  return {
    hub: {
      configSections: [{ title: 'Safe Exam Browser only: the Config Key is checked at the gate, then the browser is marked (lib/exam/seb-gate.ts).', code: `${sebGateCorePython(o)}\n\n\n${sebGateHubPython()}` }],
      env: sebGateEnv(seb),
    },
  };
}

/**
 * The seats: room in the quota for a placeholder per seat (when they hold seats) and the image
 * pre-puller on every worker node, and when the servers hold their seats.
 */
export function seatsPart(o: { readonly seats: number; readonly cpu: number; readonly memoryGiB: number; readonly placeholders: boolean; readonly workerNodes: number; readonly seatWindow?: { start: string; end: string } }): HubKindPart {
  const held = o.placeholders ? o.seats : 0;
  return {
    namespace: {
      quotaRoom: o.placeholders || o.workerNodes > 0
        ? { pods: held + o.workerNodes, cpu: (o.placeholders ? o.seats * o.cpu : 0) + (o.workerNodes * PRE_PULLER_SIZE.cpuMillis) / 1000, memoryGiB: (o.placeholders ? o.seats * o.memoryGiB : 0) + (o.workerNodes * PRE_PULLER_SIZE.memoryMiB) / 1024 }
        : undefined,
    },
    userServers: { seatWindow: o.seatWindow },
  };
}

/** Receipts: the submit hook in the user servers' nbgrader config. */
export function receiptsPart(): HubKindPart {
  return { nbgrader: { extraConfig: receiptSubmitPython() } };
}
