/**
 * Every seat ready at the start: the exam image pre-pulled on the nodes that will run it, and
 * placeholder pods that hold each seat's resources from shortly before the start until the start.
 *
 * - **Pre-puller** (DaemonSet `image-pre-puller`): on every node the exam's servers may use (the
 *   same node selector and tolerations), an init container per exam image that only prints a line
 *   (so the kubelet pulls the image), then `pause` at 1m CPU / 8 MiB, as z2jh's continuous image
 *   puller does. It runs from the first sync on, so the images are there long before the window.
 * - **Placeholders** (CronJob `seat-placeholders`): at `start − leadMinutes` (the CronJob's
 *   `timeZone` is the exam's) an Indexed Job starts one pod per seat with exactly a server's
 *   guarantees (requests = limits), at PriorityClass `hubfleet-exam-placeholder`: above every course
 *   pod, so on a shared pool they take the room of course servers before the exam instead of at its
 *   first minute, and nothing but the exam preempts them; below the exam's own servers, which
 *   preempt them as candidates arrive early. Each pod sleeps until the start and exits (the Job's
 *   `activeDeadlineSeconds` ends any that remain); a preempted index is not replaced
 *   (`backoffLimitPerIndex: 0`), so a placeholder never comes back to take a seat twice. The pod
 *   also checks the date itself: a CronJob schedule repeats every year, the placeholders do not.
 *
 * Both are counted by capacity planning: the DaemonSet as a per-node pod on the exam's pools; the
 * placeholders hold exactly the seats the exam's servers take after them, so the exam's runtime pods
 * declare the window from `start − lead` (see `seatWindow` in lib/hub/exam-hub.ts) instead of a
 * second set of pods that would count every seat twice.
 */
import { Construct } from 'constructs';
import { K8sObject } from '../core/k8s-object';
import { cpuQuantity, memQuantityGiB, restrictedContainerSecurity, restrictedPodSecurity } from '../core/pod';
import { PRIORITY } from '../fleet/priority-classes';
import { cronAt, isoInZone, ResolvedWindow } from './window';

/** The pause image of the pre-puller's main container (the one z2jh 4.4.0 uses for its image pullers). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

/** Where the exam's servers run. */
export interface ExamPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: ReadonlyArray<{ readonly key: string; readonly operator: 'Equal' | 'Exists'; readonly value?: string; readonly effect: string }>;
}

/** What the reservation needs to know. */
export interface SeatReservationOptions {
  readonly namespace: string;
  /** The hub's release label (its id). */
  readonly release: string;
  readonly labels: (component: string) => Record<string, string>;
  /** Distinct user images of the exam (default and profiles). */
  readonly images: readonly string[];
  /** The image the placeholders run (the default one: it also warms the seat's node). */
  readonly placeholderImage: string;
  readonly seats: number;
  /** Per server: the guarantees (exam servers have requests = limits). */
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly placement: ExamPlacement;
  readonly window: ResolvedWindow;
  /** Minutes before the start the placeholders take their seats. */
  readonly leadMinutes: number;
  /** Placeholders at all (else only the pre-puller). */
  readonly placeholders: boolean;
  /** User id of the exam image (KubeSpawner's uid). */
  readonly uid: number;
}

/** The placeholders' own script: hold the seat only between HOLD_FROM and HOLD_UNTIL (epoch seconds). */
export const PLACEHOLDER_SCRIPT = [
  // Values stay data: the texts are printed with printf %s (echo would read backslashes in dash), and
  // the bounds must be plain digits before they reach arithmetic (bash evaluates what a variable holds).
  'for v in "$HOLD_FROM" "$HOLD_UNTIL"; do case "$v" in ""|*[!0-9]*) echo "HOLD_FROM and HOLD_UNTIL must be whole seconds" >&2; exit 2;; esac; done',
  'now=$(date +%s)',
  'if [ "$now" -ge "$HOLD_FROM" ] && [ "$now" -lt "$HOLD_UNTIL" ]; then',
  '  printf \'holding a seat until %s\\n\' "$HOLD_UNTIL_TEXT"',
  '  exec sleep "$((HOLD_UNTIL - now))"',
  'fi',
  'printf \'not in the hold window (%s to %s): nothing to hold\\n\' "$HOLD_FROM_TEXT" "$HOLD_UNTIL_TEXT"',
].join('\n');

/** Per-node pod of the pre-puller: requests of its largest container (init containers run one at a time). */
export const PRE_PULLER_SIZE = { cpuMillis: 1, memoryMiB: 8 };

/** The pre-puller DaemonSet and the placeholder CronJob. */
export function seatReservation(scope: Construct, o: SeatReservationOptions): void {
  const placementSpec = {
    ...(Object.keys(o.placement.nodeSelector).length ? { nodeSelector: { ...o.placement.nodeSelector } } : {}),
    ...(o.placement.tolerations.length ? { tolerations: o.placement.tolerations.map((t) => ({ ...t })) } : {}),
  };
  const tiny = (cpuMillis: number, mib: number) => ({ requests: { cpu: `${cpuMillis}m`, memory: `${mib}Mi` }, limits: { cpu: `${cpuMillis}m`, memory: `${mib}Mi` } });
  const preLabels = { ...o.labels('image-pre-puller') };
  new K8sObject(scope, 'image-pre-puller', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'image-pre-puller', namespace: o.namespace, labels: preLabels },
    spec: {
      selector: { matchLabels: { component: 'image-pre-puller', app: 'jupyterhub', release: o.release } },
      // A new exam image reaches every node at once, not one node at a time.
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } },
      template: {
        metadata: { labels: preLabels },
        spec: {
          automountServiceAccountToken: false,
          priorityClassName: PRIORITY.examPlaceholder,
          terminationGracePeriodSeconds: 1,
          securityContext: restrictedPodSecurity({ runAsUser: 65535 }),
          ...placementSpec,
          initContainers: o.images.map((image, i) => ({
            name: `pull-${i}`,
            image,
            command: ['sh', '-c', 'echo "exam image present on this node"'],
            resources: tiny(PRE_PULLER_SIZE.cpuMillis, PRE_PULLER_SIZE.memoryMiB),
            securityContext: { ...restrictedContainerSecurity({ readOnlyRootFilesystem: true }), runAsUser: o.uid },
          })),
          containers: [{ name: 'pause', image: PAUSE_IMAGE, resources: tiny(1, 8), securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }) }],
        },
      },
    },
  });
  if (!o.placeholders) return;

  const holdFrom = o.window.startMs - o.leadMinutes * 60000;
  const holdUntil = o.window.startMs;
  const phLabels = { ...o.labels('seat-placeholder') };
  const resources = { requests: { cpu: cpuQuantity(o.cpu), memory: memQuantityGiB(o.memoryGiB) }, limits: { cpu: cpuQuantity(o.cpu), memory: memQuantityGiB(o.memoryGiB) } };
  const podSpec = {
    restartPolicy: 'Never',
    automountServiceAccountToken: false,
    priorityClassName: PRIORITY.examPlaceholder,
    // Preemption waits for the victims' grace period: give it back at once.
    terminationGracePeriodSeconds: 1,
    securityContext: restrictedPodSecurity({ runAsUser: o.uid, runAsGroup: 100, fsGroup: 100 }),
    ...placementSpec,
    containers: [
      {
        name: 'seat',
        image: o.placeholderImage,
        command: ['sh', '-c', PLACEHOLDER_SCRIPT],
        env: [
          { name: 'HOLD_FROM', value: String(Math.floor(holdFrom / 1000)) },
          { name: 'HOLD_UNTIL', value: String(Math.floor(holdUntil / 1000)) },
          { name: 'HOLD_FROM_TEXT', value: isoInZone(holdFrom, o.window.timeZone) },
          { name: 'HOLD_UNTIL_TEXT', value: o.window.startIso },
        ],
        resources,
        securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
      },
    ],
  };
  new K8sObject(scope, 'seat-placeholders', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'seat-placeholders', namespace: o.namespace, labels: phLabels },
    spec: {
      schedule: cronAt(holdFrom, o.window.timeZone),
      timeZone: o.window.timeZone,
      concurrencyPolicy: 'Forbid',
      // A controller that was down at the scheduled minute still starts them before the exam.
      startingDeadlineSeconds: Math.max(60, o.leadMinutes * 60 - 60),
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { labels: phLabels },
        spec: {
          completionMode: 'Indexed',
          completions: o.seats,
          parallelism: o.seats,
          // A preempted placeholder (an early candidate took its seat) is not replaced.
          backoffLimitPerIndex: 0,
          activeDeadlineSeconds: o.leadMinutes * 60 + 120,
          ttlSecondsAfterFinished: 86400,
          template: { metadata: { labels: phLabels }, spec: podSpec },
        },
      },
    },
  });
}
