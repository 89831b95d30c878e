/**
 * Which Kubernetes versions hubfleet accepts: every minor with its upstream end of life, and the
 * RKE2 and Kubespray releases that install it. Plain data (no cdktf), read by the ClusterSpec rule
 * `cluster-k8s-version` and the infrastructure rule `infra-version-distribution`.
 *
 * Support is judged on {@link KUBERNETES_SUPPORT_AS_OF}, a constant, never on the clock: the same
 * spec gives the same verdict on every machine and every day (synth stays deterministic). The date
 * moves forward only in a reviewed commit that re-reads the sources below and updates the rows; a
 * minor whose end of life has passed by then becomes an error in every spec that still uses it.
 * To check a spec against today's date instead (e.g. in a nightly CI job), call
 * {@link kubernetesVersionProblem} with `new Date()`.
 *
 * Sources (read 2026-12-01 from upstream snapshots):
 * - end of life: kubernetes.io/releases (patch-releases "Detailed release history for active
 *   branches"), as mirrored in endoflife-date/endoflife.date `products/kubernetes.md` (2026-08-22);
 * - RKE2: the release tags of rancher/rke2 (snapshot 2026-08-21; `channels.yaml`: stable = v1.35.7+rke2r1);
 * - Kubespray: the kubelet/kubeadm/kubectl keys of `roles/kubespray_defaults/vars/main/checksums.yml`
 *   at each release tag of kubernetes-sigs/kubespray (latest tag v2.31.0, 2026-04-24; Kubespray only
 *   installs versions it has checksums for, and refuses versions older than the oldest one:
 *   `roles/validate_inventory/tasks/main.yml`, "Stop if unsupported version of Kubernetes").
 */

/** The date support is judged on (ISO, UTC). Move it only together with a review of the table. */
export const KUBERNETES_SUPPORT_AS_OF = '2026-12-01';

/** A Kubespray release and the patch releases of one minor it has checksums for. */
export interface KubesprayInstall {
  /** Kubespray release tag, e.g. `v2.31.0`. */
  readonly release: string;
  /** First and last patch number of the minor in that release's checksums, e.g. [0, 4] for 1.35.0–1.35.4. */
  readonly patches: readonly [number, number];
}

/** One Kubernetes minor release. */
export interface KubernetesMinor {
  /** e.g. `1.35`. */
  readonly minor: string;
  /** Upstream release date of x.y.0. */
  readonly released: string;
  /** Upstream end of life (end of maintenance support): no patch releases after it. */
  readonly endOfLife: string;
  /** Every RKE2 release of this minor seen upstream (`v1.35.7+rke2r1`), oldest first. @default [] */
  readonly rke2: readonly string[];
  /** Kubespray releases that install this minor. @default [] */
  readonly kubespray: readonly KubesprayInstall[];
}

/**
 * The table, newest minor first. Minors past end of life keep only their dates (no install data:
 * hubfleet does not install them). A minor missing here is unknown, which is an error too.
 */
export const KUBERNETES_MINORS: readonly KubernetesMinor[] = [
  {
    minor: '1.36',
    released: '2026-04-22',
    endOfLife: '2027-06-28',
    rke2: ['v1.36.0+rke2r1', 'v1.36.1+rke2r1', 'v1.36.1+rke2r2', 'v1.36.2+rke2r1', 'v1.36.3+rke2r1'],
    // Kubespray master has 1.36 checksums (2026-08-21), but no release tag carries them yet.
    kubespray: [],
  },
  {
    minor: '1.35',
    released: '2025-12-17',
    endOfLife: '2027-02-28',
    rke2: [
      'v1.35.0+rke2r1',
      'v1.35.0+rke2r2',
      'v1.35.0+rke2r3',
      'v1.35.1+rke2r1',
      'v1.35.2+rke2r1',
      'v1.35.3+rke2r1',
      'v1.35.3+rke2r2',
      'v1.35.3+rke2r3',
      'v1.35.4+rke2r1',
      'v1.35.5+rke2r1',
      'v1.35.5+rke2r2',
      'v1.35.6+rke2r1',
      'v1.35.7+rke2r1',
    ],
    kubespray: [{ release: 'v2.31.0', patches: [0, 4] }],
  },
  { minor: '1.34', released: '2025-08-27', endOfLife: '2026-10-27', rke2: [], kubespray: [] },
  { minor: '1.33', released: '2025-04-23', endOfLife: '2026-06-28', rke2: [], kubespray: [] },
  { minor: '1.32', released: '2024-12-11', endOfLife: '2026-02-28', rke2: [], kubespray: [] },
  { minor: '1.31', released: '2024-08-13', endOfLife: '2025-11-11', rke2: [], kubespray: [] },
  { minor: '1.30', released: '2024-04-17', endOfLife: '2025-07-15', rke2: [], kubespray: [] },
];

/** The Kubespray release hubfleet's inventory is written for and tested against. */
export const KUBESPRAY_RELEASE = 'v2.31.0';

/** A version as hubfleet reads it. */
export interface ParsedKubernetesVersion {
  /** `1.35` */
  readonly minor: string;
  readonly patch: number;
  /** What follows `+`, e.g. `rke2r1`. @default undefined */
  readonly build?: string;
}

/** Parse `v1.35.7` or `v1.35.7+rke2r1`; undefined when it does not look like a Kubernetes release. */
export function parseKubernetesVersion(version: string): ParsedKubernetesVersion | undefined {
  const m = /^v(1)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\+([0-9A-Za-z][0-9A-Za-z.-]*))?$/.exec(version);
  if (!m) return undefined;
  return { minor: `${m[1]}.${m[2]}`, patch: Number(m[3]), build: m[4] };
}

/** The table row of a minor, or undefined. */
export function kubernetesMinorOf(minor: string): KubernetesMinor | undefined {
  return KUBERNETES_MINORS.find((r) => r.minor === minor);
}

/** The minors that are supported on `date` (end of life after it), newest first. */
export function supportedMinors(date: string = KUBERNETES_SUPPORT_AS_OF): string[] {
  return KUBERNETES_MINORS.filter((r) => r.endOfLife > date).map((r) => r.minor);
}

function isoDate(d: Date | string): string {
  return typeof d === 'string' ? d : d.toISOString().slice(0, 10);
}

/** What hubfleet knows about a version on a date. */
export type KubernetesVersionVerdict =
  | { readonly kind: 'supported'; readonly minor: string; readonly endOfLife: string }
  | { readonly kind: 'end-of-life'; readonly minor: string; readonly endOfLife: string }
  | { readonly kind: 'unknown-newer'; readonly minor: string }
  | { readonly kind: 'unknown-older'; readonly minor: string }
  | { readonly kind: 'unparseable' };

/**
 * Classify a version on a date: supported, past its end of life, a minor the table does not know
 * (newer or older), or no Kubernetes release string at all.
 * @param on @default KUBERNETES_SUPPORT_AS_OF
 */
export function kubernetesVersionVerdict(version: string, on: Date | string = KUBERNETES_SUPPORT_AS_OF): KubernetesVersionVerdict {
  const v = parseKubernetesVersion(version);
  if (!v) return { kind: 'unparseable' };
  const row = kubernetesMinorOf(v.minor);
  if (!row) {
    const newest = KUBERNETES_MINORS[0]!.minor;
    return Number(v.minor.split('.')[1]) > Number(newest.split('.')[1]) ? { kind: 'unknown-newer', minor: v.minor } : { kind: 'unknown-older', minor: v.minor };
  }
  return row.endOfLife <= isoDate(on) ? { kind: 'end-of-life', minor: v.minor, endOfLife: row.endOfLife } : { kind: 'supported', minor: v.minor, endOfLife: row.endOfLife };
}

/**
 * What is wrong with a version on a date, or undefined when it is a supported release:
 * not a release string, a minor the table does not know, or a minor past its end of life.
 * (Whether the distribution can install that exact release is `installProblem`'s question.)
 * @param on the date to judge support on @default KUBERNETES_SUPPORT_AS_OF
 */
export function kubernetesVersionProblem(version: string, on: Date | string = KUBERNETES_SUPPORT_AS_OF): string | undefined {
  const date = isoDate(on);
  const v = parseKubernetesVersion(version);
  if (!v) return `"${version}" is not a Kubernetes release such as v1.35.4 (or v1.35.7+rke2r1 for RKE2).`;
  const row = kubernetesMinorOf(v.minor);
  const minors = supportedMinors(date);
  const supported = minors.length > 0 ? minors.join(', ') : `none in hubfleet's release table (as of ${KUBERNETES_SUPPORT_AS_OF}), which needs an update`;
  if (!row) {
    const newest = KUBERNETES_MINORS[0]!.minor;
    const newer = Number(v.minor.split('.')[1]) > Number(newest.split('.')[1]);
    return newer
      ? `Kubernetes ${v.minor} is newer than hubfleet's release table (as of ${KUBERNETES_SUPPORT_AS_OF}); supported: ${supported}.`
      : `Kubernetes ${v.minor} is long past its end of life; supported on ${date}: ${supported}.`;
  }
  if (row.endOfLife <= date) {
    return `Kubernetes ${v.minor} reached its end of life on ${row.endOfLife} (no more security fixes); supported on ${date}: ${supported}.`;
  }
  return undefined;
}

/**
 * Whether `distribution` can install `version` (the minor is assumed supported): RKE2 needs a
 * release the table lists; Kubespray needs a patch the tested Kubespray release has checksums for,
 * written without a build suffix. undefined when fine, or for other distributions.
 */
export function installProblem(distribution: string, version: string): string | undefined {
  const v = parseKubernetesVersion(version);
  const row = v && kubernetesMinorOf(v.minor);
  if (!v || !row) return undefined; // reported by cluster-k8s-version
  if (distribution === 'rke2') {
    if (v.build === undefined || !/^rke2r\d+$/.test(v.build)) {
      return `RKE2 versions end in +rke2rN (they name the RKE2 release), e.g. ${row.rke2[row.rke2.length - 1] ?? 'v1.35.7+rke2r1'}.`;
    }
    if (!row.rke2.includes(version)) {
      const known = row.rke2.length > 0 ? `known ${row.minor} releases: ${row.rke2.join(', ')}` : `no RKE2 release of ${row.minor} is known`;
      return `${version} is not an RKE2 release hubfleet knows (${known}; table as of ${KUBERNETES_SUPPORT_AS_OF}).`;
    }
    return undefined;
  }
  if (distribution === 'kubespray') {
    if (v.build !== undefined) return `Kubespray versions have no build suffix: write v${v.minor}.${v.patch}.`;
    const k = row.kubespray.find((x) => x.release === KUBESPRAY_RELEASE);
    if (!k) {
      const others = row.kubespray.map((x) => x.release).join(', ');
      return `Kubespray ${KUBESPRAY_RELEASE} (the release hubfleet's inventory is written for) does not install Kubernetes ${row.minor}${others ? ` (${others} does)` : ''}.`;
    }
    if (v.patch < k.patches[0] || v.patch > k.patches[1]) {
      return `Kubespray ${KUBESPRAY_RELEASE} has checksums for ${row.minor}.${k.patches[0]}–${row.minor}.${k.patches[1]} only; it cannot download ${version}.`;
    }
  }
  return undefined;
}

/** Kubespray's `kube_version` for a spec version: `1.35.4` (Kubespray ≥ 2.28 takes it without the leading `v`). */
export function kubesprayKubeVersion(version: string): string {
  return version.replace(/^v/, '');
}
