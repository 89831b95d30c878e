import { Construct } from 'constructs';
import { checkRules, Issue, PropRule } from '../core/errors';
import { parseAnyCidr } from '../core/ip-ranges';
import { sizeGiBProblem, valueRule } from '../core/value-rules';
import { declareProps } from '../core/props-check';
import { EXAM_NETWORK_RULES, ExamNetworkBounds } from '../exam/exam-network-rules';
import { EXAM_HUB, examPlacement, examPoolPart, examWindowPart, receiptsPart, seatsPart, sebGatePart, seatWindow } from '../exam/exam-hub-kind';
import { OneTimePasswordAuth } from '../exam/one-time-passwords';
import { submissionExport } from '../exam/receipts';
import { SEB_GATE_PATH, SebGateOptions } from '../exam/seb-gate';
import { seatReservation } from '../exam/seat-reservation';
import { EXAM_WINDOW_RULES, ExamWindow, noWindowIssue, ResolvedWindow, resolveWindow } from '../exam/window';
import { ClusterApp } from '../fleet/cluster-app';
import { NodePoolSpec } from '../fleet/cluster-spec';
import { pods } from '../model/declarations';
import { CourseJupyterHubProps, CullingOptions } from './course-jupyterhub-props';
import { JupyterHubPackage } from './course-jupyterhub';
import { HubKindPart, mergeHubKinds } from './hub-kind';
import { hubLabels, userServerSelector } from './resolved';
import { UserImage } from './user-image';
import { IStorageClass } from '../core/storage-class-ref';

export { seatWindow };

/** Seat placeholders before the start (lib/exam/seat-reservation.ts). */
export interface SeatPlaceholderOptions {
  /** Minutes before the start the placeholders take their seats. @default 60 */
  readonly leadMinutes?: number;
}

/** Props of {@link ExamHub}: a course hub's props with exam defaults. */
export interface ExamHubProps extends CourseJupyterHubProps {
  /**
   * Client networks allowed to reach the hub (exam rooms, the VPN). The ingress controller enforces
   * them (NetworkPolicies cannot: the proxy sees the controller's address, not the client's): a
   * Traefik `ipAllowList` Middleware the route references, or ingress-nginx's
   * `whitelist-source-range` (see lib/fleet/public-route.ts). The hub checks them too.
   */
  readonly allowedSourceCidrs: readonly string[];
  /**
   * When the exam runs (wall-clock times and the IANA zone of its place). Before the window: the
   * hub runs, candidates cannot log in until `earlyLoginMinutes` before the start; placeholders hold
   * the seats from `placeholders.leadMinutes` before it. During: logins open, no idle culling.
   * After `end + graceMinutes`: logins refused, the submission export runs, idle servers are culled.
   * See lib/hub/README-exams.md.
   * @default undefined (a practice hub: no login window, no placeholders, no export; a warning)
   */
  readonly window?: ExamWindow;
  /**
   * Servers at once: one per seat of the rooms (also the number of one-time passwords).
   * @default maxConcurrentUsers, else students
   */
  readonly seats?: number;
  /**
   * Run the exam's servers on this node pool of the ClusterSpec only (its labels become the servers'
   * node selector, its taints their tolerations), as e2x does with `hub.jupyter.org/node-purpose=exam`.
   * @default undefined (the pools any server may use)
   */
  readonly examPool?: string;
  /** Seat placeholders from shortly before the start; false: none (the pre-puller still runs). @default {} with a window */
  readonly placeholders?: SeatPlaceholderOptions | false;
  /**
   * Usernames that may log in outside the window (the lecturer's test runs). They get nothing else.
   * @default []
   */
  readonly supervisors?: readonly string[];
  /**
   * Safe Exam Browser only: the hub admits a browser after its Config Key was checked at the gate
   * `<url>hub/seb-gate` (lib/exam/seb-gate.ts). The keys come sealed. Set the SEB exam's start URL to
   * the hub's URL; `server` is the cluster's SEB Server (lib/seb), named in `sebSetup`.
   * @default undefined (any browser)
   */
  readonly seb?: SebGateOptions & { readonly server?: { readonly url: string } };
  /**
   * Submissions with nbgrader: the receipt hook in the user servers and the export at the end of the
   * window (lib/exam/receipts.ts); false: neither. @default {} when nbgrader is on
   */
  readonly submissions?: SubmissionOptions | false;
  /**
   * How wide the allowed source ranges and egress allowances may be (lib/exam/exam-network-rules.ts).
   * @default { sourcePrefixIpv4: 16, sourcePrefixIpv6: 48, egressPrefix: 24 }
   */
  readonly networkBounds?: ExamNetworkBounds;
}

/** Where and when the submissions are exported. */
export interface SubmissionOptions {
  /** StorageClass of the export claim `exam-submissions` (file storage: the grading hub mounts it read-only). @default the cluster's exchange class */
  readonly storageClass?: IStorageClass;
  /** @default 10 */
  readonly sizeGiB?: number;
  /** Minutes after the window closes (end + grace) the export runs. @default 2 */
  readonly exportDelayMinutes?: number;
}

/** Resolved values the exam rules check. */
interface ExamRuleInput {
  readonly props: ExamHubProps;
  /** Guarantees and limits of the default size and each profile. */
  readonly sizes: ReadonlyArray<{ readonly name: string; readonly cpuGuarantee: number; readonly cpuLimit: number; readonly memoryGuaranteeGiB: number; readonly memoryLimitGiB: number }>;
  readonly seats: number;
  readonly pool?: NodePoolSpec;
  readonly pools: readonly NodePoolSpec[];
}

const EXAM_RULES: readonly PropRule<ExamRuleInput>[] = [
  valueRule('exam-submissions-size', 'submissions.sizeGiB', (e) => [e.props.submissions ? e.props.submissions.sizeGiB : undefined], sizeGiBProblem, 'set submissions.sizeGiB to whole GiB, e.g. 10.'),
  {
    id: 'exam-source-cidrs',
    field: 'allowedSourceCidrs',
    value: (e) => e.props.allowedSourceCidrs,
    ok: (e) => e.props.allowedSourceCidrs.length > 0 && e.props.allowedSourceCidrs.every((c) => parseAnyCidr(c) !== undefined),
    message: 'an exam hub needs the exam rooms\' and VPN networks as parseable CIDRs (IPv4 or IPv6).',
    fix: 'set allowedSourceCidrs, e.g. ["10.30.10.0/24", "10.8.0.0/16"].',
  },
  {
    id: 'exam-no-internet',
    field: 'internetAccess',
    value: (e) => e.props.internetAccess,
    ok: (e) => e.props.internetAccess !== true,
    message: 'an exam hub gives notebooks internet access.',
    fix: 'remove internetAccess (exam hubs default to no internet) and list what is needed in egressAllowances.',
  },
  {
    id: 'exam-seats',
    field: 'seats',
    value: (e) => [e.props.seats, e.props.maxConcurrentUsers],
    ok: (e) => Number.isInteger(e.seats) && e.seats >= 1 && e.seats <= 2000 && (e.props.maxConcurrentUsers === undefined || e.props.seats === undefined || e.props.maxConcurrentUsers === e.props.seats),
    message: 'seats must be a whole number from 1 to 2000, and maxConcurrentUsers (if given) the same number: an exam runs one server per seat.',
    fix: 'set seats to the number of seats in the rooms and leave maxConcurrentUsers out.',
  },
  {
    id: 'exam-guaranteed-qos',
    field: 'cpuLimit/memoryLimitGiB/profiles',
    value: (e) => e.sizes.filter((z) => z.cpuGuarantee !== z.cpuLimit || z.memoryGuaranteeGiB !== z.memoryLimitGiB).map((z) => z.name),
    ok: (e) => e.sizes.every((z) => z.cpuGuarantee === z.cpuLimit && z.memoryGuaranteeGiB === z.memoryLimitGiB),
    message: 'exam servers need Guaranteed QoS (limits equal to guarantees, for CPU and memory, in every profile): a Burstable server can be throttled or evicted under memory pressure in the middle of the exam.',
    fix: 'give cpuGuarantee and memoryGuaranteeGiB only (the exam hub sets the limits to them), or the same values for limit and guarantee.',
  },
  {
    id: 'exam-pool',
    field: 'examPool',
    value: (e) => e.props.examPool,
    ok: (e) => e.props.examPool === undefined || (e.pool !== undefined && e.pool.roles.includes('worker') && Object.keys(e.pool.labels ?? {}).length > 0),
    message: (e) => `the exam pool must be a worker pool of the ClusterSpec with at least one label (its node selector); pools: ${e.pools.map((p) => p.name).join(', ')}.`,
    fix: 'add a pool such as { name: "exam", roles: ["worker"], labels: { "hub.jupyter.org/node-purpose": "exam" }, taints: [{ key: "hub.jupyter.org/dedicated", value: "exam", effect: "NoSchedule" }] } to the ClusterSpec, or name an existing one.',
  },
  {
    id: 'exam-placeholders',
    field: 'placeholders.leadMinutes',
    value: (e) => (e.props.placeholders ? e.props.placeholders.leadMinutes : undefined),
    ok: (e) => !e.props.placeholders || e.props.placeholders.leadMinutes === undefined || (Number.isInteger(e.props.placeholders.leadMinutes) && e.props.placeholders.leadMinutes >= 5 && e.props.placeholders.leadMinutes <= 24 * 60),
    message: 'placeholders take their seats 5 minutes to 24 hours before the start.',
    fix: 'set placeholders: { leadMinutes: 60 }.',
  },
  {
    id: 'exam-supervisors',
    field: 'supervisors',
    value: (e) => e.props.supervisors,
    // JupyterHub 5.5 jupyterhub/auth.py normalize_username lowercases every name before the hook sees it.
    ok: (e) => (e.props.supervisors ?? []).every((s) => s.length > 0 && s === s.toLowerCase() && !/\s/.test(s)),
    message: 'supervisors are hub usernames as JupyterHub writes them: lowercase, without spaces.',
    fix: 'write the names in lowercase.',
  },
  {
    id: 'exam-otp-seats',
    field: 'auth.seats',
    value: (e) => [e.props.auth instanceof OneTimePasswordAuth ? e.props.auth.seats : undefined, e.seats],
    ok: (e) => !(e.props.auth instanceof OneTimePasswordAuth) || e.props.auth.seats >= e.seats,
    message: 'the one-time-password sheet has fewer passwords than the exam has seats.',
    fix: 'make a sheet for every seat (hubfleet exam passwords --seats <seats>) and set auth seats to it.',
  },
  {
    id: 'exam-ldap-group',
    field: 'auth',
    value: (e) => e.props.auth.kind,
    ok: (e) => e.props.auth.kind !== 'ldap' || ((e.props.auth as unknown as { common: { allowedGroups?: readonly string[] } }).common.allowedGroups ?? []).length > 0,
    message: 'an exam hub with LDAP login and no allowed group admits every account of the directory.',
    fix: 'set allowedGroups to the group of this exam\'s candidates.',
  },
];

/** The sizes an exam's servers get (as the user-servers part resolves them after the exam defaults). */
function examSizes(props: ExamHubProps, cpu: number, mem: number): ExamRuleInput['sizes'] {
  const base = { name: 'default', cpuGuarantee: props.cpuGuarantee ?? cpu, cpuLimit: props.cpuLimit ?? cpu, memoryGuaranteeGiB: props.memoryGuaranteeGiB ?? mem, memoryLimitGiB: props.memoryLimitGiB ?? mem };
  return [
    base,
    ...(props.profiles ?? []).map((p) => ({ name: p.displayName, cpuGuarantee: p.cpuGuarantee ?? base.cpuGuarantee, cpuLimit: p.cpuLimit ?? base.cpuLimit, memoryGuaranteeGiB: p.memoryGuaranteeGiB ?? base.memoryGuaranteeGiB, memoryLimitGiB: p.memoryLimitGiB ?? base.memoryLimitGiB })),
  ];
}

/**
 * A locked-down exam hub: the parts of a course hub with what an exam changes in them
 * (lib/exam/exam-hub-kind.ts), in group `exams` (`dist/<cluster>/k8s/exams/`,
 * namespace `exam-<id>`) whose notebooks reach their hub, proxy and exchange by Service address and
 * nothing else (no internet, no DNS, no ServiceAccount token), whose hub and proxy are not evicted
 * during the exam and outrank everything else, with Guaranteed QoS (limits = guarantees), a seat
 * per candidate held by placeholders before the start, the exam image pre-pulled, no idle culling
 * during the window, and logins only in the window. See lib/hub/README-exams.md.
 */
export class ExamHub extends JupyterHubPackage {
  /** The resolved window (undefined without one, or when it does not validate). */
  readonly window?: ResolvedWindow;
  /** Servers at once. */
  readonly seats: number;
  /** True when submissions are exported at the end (a window, nbgrader, submissions not false). */
  readonly exportsSubmissions: boolean;
  /** The export claim's StorageClass name (undefined: none). */
  readonly exportStorageClass?: string;
  /** The export claim's size. */
  readonly exportSizeGiB: number;
  /** SEB's start URL for this exam (the hub's URL; the hub sends SEB to its gate). */
  readonly sebStartUrl?: string;
  /** What the lecturer sets up in SEB Server for this exam (undefined without SEB). */
  readonly sebSetup?: readonly string[];

  constructor(scope: Construct, id: string, props: ExamHubProps) {
    const app = ClusterApp.of(scope);
    const spec = app.spec;
    const cpu = props.cpuGuarantee ?? props.cpuLimit ?? 1;
    const mem = props.memoryGuaranteeGiB ?? props.memoryLimitGiB ?? 2;
    const seats = props.seats ?? props.maxConcurrentUsers ?? props.students;
    const win = props.window ? resolveWindow(props.window) : undefined;
    const pool = props.examPool ? spec.nodePools.find((p) => p.name === props.examPool) : undefined;
    const placement = examPlacement(pool);
    const images = [...new Set([UserImage.from(props.image).ref, ...(props.profiles ?? []).filter((p) => p.image).map((p) => UserImage.from(p.image!).ref)])];
    const placeholders = win !== undefined && props.placeholders !== false;
    const leadMinutes = (props.placeholders || undefined)?.leadMinutes ?? 60;
    const receipts = !!props.nbgrader && props.submissions !== false;
    const exporting = receipts && win !== undefined;
    const subs = props.submissions || {};
    const exportClass = subs.storageClass ?? app.storageFor('exchange');
    const workerNodes = spec.nodePools.filter((p) => p.roles.includes('worker')).reduce((n, p) => n + p.count, 0);
    // Culling off during the window; after it, idle servers go (their homes stay).
    const culling: CullingOptions | false = props.culling ?? (win ? { idleTimeoutMinutes: 30, everyMinutes: 5 } : false);
    const supervisors = [...(props.supervisors ?? []), ...(props.auth instanceof OneTimePasswordAuth ? props.auth.supervisorUsers : [])];
    // What each exam piece changes in the hub's parts (lib/exam/exam-hub-kind.ts).
    const pieces: HubKindPart[] = [
      ...(pool ? [examPoolPart(placement)] : []),
      ...(win ? [examWindowPart(win, supervisors, culling)] : []),
      ...(props.seb ? [sebGatePart(props.seb, { baseUrl: props.basePath ?? '/', examId: id })] : []),
      seatsPart({ seats, cpu, memoryGiB: mem, placeholders, workerNodes, seatWindow: win ? seatWindow(win, placeholders ? leadMinutes : 0, culling) : undefined }),
      ...(receipts ? [receiptsPart()] : []),
    ];
    super(
      scope,
      id,
      {
        blockEviction: true,
        cpuGuarantee: cpu,
        cpuLimit: cpu,
        memoryGuaranteeGiB: mem,
        memoryLimitGiB: mem,
        ...props,
        culling,
        maxConcurrentUsers: seats,
        internetAccess: props.internetAccess ?? false,
        // The hub checks the client address too (lib/hub/hub/client-range.ts), whatever the controller does.
        // (A missing list is reported by props-required: the hub-side check then refuses every client.)
        clientCidrs: props.clientCidrs ?? (props.allowedSourceCidrs ?? []).filter((c) => parseAnyCidr(c) !== undefined),
      },
      mergeHubKinds(EXAM_HUB, ...pieces),
    );
    declareProps(this, 'ExamHubProps', props);
    this.window = win;
    this.seats = seats;
    this.exportsSubmissions = exporting;
    this.exportStorageClass = exporting ? exportClass?.storageClassName : undefined;
    this.exportSizeGiB = subs.sizeGiB ?? 10;
    if (props.seb) {
      this.sebStartUrl = this.url;
      this.sebSetup = [
        `In SEB Server${props.seb.server ? ` (${props.seb.server.url})` : ''}: make an exam configuration whose start URL is ${this.url} (the hub sends SEB to ${this.url}${SEB_GATE_PATH}), with "Use Config Key" on.`,
        'Copy the Config Key SEB Server shows for that configuration (64 hex characters) and seal it:',
        `printf %s "$CONFIG_KEY" | npx hubfleet seal --cert clusters/<cluster>/sealed-secrets.pem --namespace ${this.namespaceName} --name <secret> (key of seb.configKeys)`,
        'After every change of the SEB settings the Config Key changes: seal the new one before the exam.',
      ];
    }
    const path = this.node.path;
    this.addIssues((): Issue[] => [
      ...checkRules(path, { props, seats, pool, pools: spec.nodePools, sizes: examSizes(props, cpu, mem) }, EXAM_RULES),
      ...checkRules(path, { allowedSourceCidrs: props.allowedSourceCidrs ?? [], egressAllowances: props.egressAllowances ?? [], bounds: props.networkBounds, spec }, EXAM_NETWORK_RULES),
      ...(props.window ? checkRules(path, props.window, EXAM_WINDOW_RULES) : [noWindowIssue(path)]),
    ]);

    // The objects of the exam pieces: seat placeholders and the pre-puller, the submission export.
    const ns = this.namespaceName;
    const { labels } = hubLabels(id);
    if (win) {
      seatReservation(this, { namespace: ns, release: id, labels, images, placeholderImage: images[0], seats, cpu, memoryGiB: mem, placement, window: win, leadMinutes, placeholders, uid: 1000 });
    }
    if (exporting && win) submissionExport(this, { namespace: ns, examName: id, labels, window: win, storageClass: exportClass, sizeGiB: this.exportSizeGiB, delayMinutes: subs.exportDelayMinutes ?? 2 });
    // Placeholders and the pre-puller talk to nobody and nobody to them (default-deny holds them).
    const users = pods(ns, userServerSelector(id), 'exam user servers');
    if (placeholders) this.declarations.flow({ from: users, to: pods(ns, { component: 'seat-placeholder', release: id }, 'seat placeholders'), port: 'any', expect: 'denied', why: 'placeholders only hold seats' });
  }
}
