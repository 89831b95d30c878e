/**
 * What hubfleet's own hub kinds (ExamHub, GradingHub in lib/exam) add to a course hub when they
 * build it: scheduling priority, extra KubeSpawner traits, extra hub code, the quota room of the
 * pods they add, the exam window of the runtime pods. Not a prop of apps: the typed props of each
 * hub kind set it.
 */
import { PRIORITY } from '../platform/priority-classes';
import { PyValue } from './python';

export interface HubInternals {
  /** PriorityClass of the hub, proxy and ngshare pods. @default PRIORITY.courseHub */
  readonly hubPriorityClass?: string;
  /** PriorityClass of the user servers (KubeSpawner `priority_class_name`). @default PRIORITY.courseServer */
  readonly userPriorityClass?: string;
  /** KubeSpawner traits set after hubfleet's own (node selector, tolerations, hub_connect_url). @default {} */
  readonly spawnerTraits?: Readonly<Record<string, PyValue>>;
  /** Init containers of user servers get requests = limits (Guaranteed QoS needs it of every container). @default false */
  readonly guaranteedInitContainers?: boolean;
  /** May user servers resolve names (DNS egress)? @default true */
  readonly userDns?: boolean;
  /** Room in the namespace quota for pods the hub kind adds (placeholders, pre-puller). @default none */
  readonly quotaExtra?: { readonly pods: number; readonly cpu: number; readonly memoryGiB: number };
  /** Annotations of the Namespace. @default {} */
  readonly namespaceAnnotations?: Readonly<Record<string, string>>;
  /** hubfleet's code sections, after the client-range check and before extraHubConfig. @default [] */
  readonly hubCode?: ReadonlyArray<{ readonly title: string; readonly code: string }>;
  /** Environment of the hub container (Secret references). @default [] */
  readonly hubEnv?: ReadonlyArray<{ readonly name: string; readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } } }>;
  /** The idle culler starts at this instant (seconds since the epoch), not before. @default undefined (at once) */
  readonly cullingNotBeforeSeconds?: number;
  /** The exam window, in the inventory. @default undefined */
  readonly window?: { readonly start: string; readonly end: string; readonly timeZone: string };
  /**
   * When the user servers hold their seats (capacity planning: `RuntimePodDecl.window`): for exams
   * from the placeholders' lead before the start until the culler has stopped the last idle server.
   * @default undefined (all semester)
   */
  readonly runtimeWindow?: { readonly start: string; readonly end: string };
  /** The hub's kind in inventory.json. @default 'exam' in group exams, else 'course' */
  readonly inventoryKind?: 'course' | 'exam' | 'grading';
  /** User servers reach ngshare through Service environment variables instead of its DNS name. @default false */
  readonly exchangeFromEnv?: boolean;
  /** Python appended to the user servers' nbgrader_config.py (e.g. the receipt submit). @default undefined */
  readonly nbgraderExtra?: string;
  /** `Spawner.server_token_scopes` (exam servers: activity only, lib/exam/exam-access.ts). @default undefined (JupyterHub's `server` role) */
  readonly serverTokenScopes?: readonly string[];
  /** Throttle password logins (exam and grading hubs: lib/hub/login-throttle.ts). @default false */
  readonly loginThrottle?: boolean;
  /** Roles of `load_roles` besides hubfleet's own, e.g. an exam's `user` role. @default [] */
  readonly roles?: ReadonlyArray<{ readonly name: string; readonly description: string; readonly scopes: readonly string[] }>;
}

/** Resolved defaults. */
export function hubPriorities(i: HubInternals): { hub: string; users: string } {
  return { hub: i.hubPriorityClass ?? PRIORITY.courseHub, users: i.userPriorityClass ?? PRIORITY.courseServer };
}
