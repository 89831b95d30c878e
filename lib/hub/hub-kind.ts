/**
 * What a kind of hub changes in the parts a hub is made of. A course hub changes nothing; an exam
 * hub (lib/hub/exam-hub.ts) and a grading hub (lib/exam/grading-hub.ts) state, part by part, what
 * they add: a config section for the hub, a PriorityClass and no DNS for the user servers, room in
 * the namespace quota, an isolation the network part declares. Each field is the extension point
 * of one part, documented beside that part.
 */
import { PackageGroup } from '../fleet/package';
import { ConfigSection, HubExtension, HubRole, HubSecretEnv } from './hub/config';
import { NamespaceExtension, QuotaRoom } from './namespace/hub-namespace';
import { NetworkExtension } from './network/network-policies';
import { Rule } from '../core/network-policy';
import { PyValue } from './hub/python';
import { UserServerVolume } from './extensions';
import { NbgraderExtension } from './ngshare/ngshare';
import { UserServersExtension } from './singleuser/user-servers';

/** A kind of hub: where it lives and what it changes in each part. */
export interface HubKind {
  /**
   * `course`: folder `courses/`, namespace `course-<id>`. `exam`: folder `exams/`, namespace
   * `exam-<id>`, and a dummy login is an error rather than a warning. Also label `hubfleet.io/kind`.
   */
  readonly kind: 'course' | 'exam';
  /** The hub's kind in inventory.json. @default kind */
  readonly inventoryKind?: 'course' | 'exam' | 'grading';
  /** The exam window, in inventory.json. @default undefined */
  readonly window?: { readonly start: string; readonly end: string; readonly timeZone: string };
  /** The namespace part (lib/hub/namespace/hub-namespace.ts). @default {} */
  readonly namespace?: NamespaceExtension;
  /** The hub part (lib/hub/hub/config.ts). @default {} */
  readonly hub?: HubExtension;
  /** The user-servers part (lib/hub/singleuser/user-servers.ts). @default {} */
  readonly userServers?: UserServersExtension;
  /** The nbgrader part (lib/hub/ngshare/ngshare.ts). @default {} */
  readonly nbgrader?: NbgraderExtension;
  /** The network part (lib/hub/network/network-policies.ts). @default {} */
  readonly network?: NetworkExtension;
  /** Hub, proxy and exchange run no replica (a course closed for good: lib/hub/lifecycle). @default false */
  readonly scaledToZero?: boolean;
}

/** What one piece of a hub kind (an exam's window, its SEB gate …) changes; {@link mergeHubKinds} puts them together. */
export type HubKindPart = Partial<HubKind>;

const concat = <T>(a?: readonly T[], b?: readonly T[]): readonly T[] | undefined => (a || b ? [...(a ?? []), ...(b ?? [])] : undefined);
const assign = <T extends object>(a?: T, b?: T): T | undefined => (a || b ? { ...(a ?? {}), ...(b ?? {}) } as T : undefined);
const sumRoom = (a?: QuotaRoom, b?: QuotaRoom): QuotaRoom | undefined => {
  if (!a || !b) return a ?? b;
  const claims = a.claims !== undefined || b.claims !== undefined ? { claims: (a.claims ?? 0) + (b.claims ?? 0) } : {};
  const storage = a.storageGiB !== undefined || b.storageGiB !== undefined ? { storageGiB: (a.storageGiB ?? 0) + (b.storageGiB ?? 0) } : {};
  return { pods: a.pods + b.pods, cpu: a.cpu + b.cpu, memoryGiB: a.memoryGiB + b.memoryGiB, ...claims, ...storage };
};
const joinRules = (a?: NetworkExtension['rules'], b?: NetworkExtension['rules']): NetworkExtension['rules'] =>
  a || b
    ? Object.fromEntries((['hubIngress', 'hubEgress', 'proxyEgress', 'userEgress'] as const).map((k) => [k, concat<Rule>(a?.[k], b?.[k])]).filter(([, v]) => v !== undefined))
    : undefined;
const joinCode = (a?: string, b?: string): string | undefined => [a, b].filter(Boolean).join('\n\n') || undefined;

/**
 * A hub kind from its pieces, in order: lists (config sections, hub environment, services, roles,
 * secret keys, user volumes, policy rules) are appended, maps (annotations, KubeSpawner traits, user
 * environment) merged with the later piece winning, quota room summed, nbgrader config joined, and
 * other values taken from the last piece that sets them.
 */
export function mergeHubKinds(first: HubKind, ...rest: HubKindPart[]): HubKind {
  return rest.reduce<HubKind>((k, p) => {
    const ns = k.namespace ?? {};
    const hub = k.hub ?? {};
    const us = k.userServers ?? {};
    const nb = k.nbgrader ?? {};
    return {
      ...k,
      ...p,
      namespace: { ...ns, ...p.namespace, annotations: assign(ns.annotations, p.namespace?.annotations), quotaRoom: sumRoom(ns.quotaRoom, p.namespace?.quotaRoom) },
      hub: {
        ...hub,
        ...p.hub,
        configSections: concat<ConfigSection>(hub.configSections, p.hub?.configSections),
        env: concat<HubSecretEnv>(hub.env, p.hub?.env),
        services: concat<Record<string, PyValue>>(hub.services, p.hub?.services),
        roles: concat<HubRole>(hub.roles, p.hub?.roles),
        secretKeys: concat<string>(hub.secretKeys, p.hub?.secretKeys),
      },
      userServers: {
        ...us,
        ...p.userServers,
        spawnerTraits: assign(us.spawnerTraits, p.userServers?.spawnerTraits),
        volumes: concat<UserServerVolume>(us.volumes, p.userServers?.volumes),
        environment: assign(us.environment, p.userServers?.environment),
        extraServerTokenScopes: concat<string>(us.extraServerTokenScopes, p.userServers?.extraServerTokenScopes),
      },
      nbgrader: { ...nb, ...p.nbgrader, extraConfig: joinCode(nb.extraConfig, p.nbgrader?.extraConfig) },
      network: { ...k.network, ...p.network, rules: joinRules(k.network?.rules, p.network?.rules) },
    };
  }, first);
}

/** The output folder group of a hub kind. */
export function hubGroup(k: HubKind): PackageGroup {
  return k.kind === 'exam' ? 'exams' : 'courses';
}
