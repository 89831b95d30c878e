import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { IsolatedNamespace } from '../core/isolated-namespace';
import { K8sObject } from '../core/k8s-object';
import { isDnsLabel, isDomain, isPinnedImage } from '../core/names';
import { cronProblem, sizeGiBProblem, timeZoneProblem, valueRule } from '../core/value-rules';
import { cidrPeer, DNS_RULE, networkPolicy, podPeer, Rule, tcp } from '../core/network-policy';
import { ingressControllerPeers, PublicRoute } from '../core/public-route';
import { FlowDecl, pods, service } from '../model/declarations';
import { resources, restrictedContainerSecurity, restrictedPodSecurity } from '../core/pod';
import { ClusterApp } from '../fleet/cluster-app';
import { ingressOf } from '../fleet/cluster-spec';
import { Package } from '../fleet/package';
import { ISecretKeyRef, SecretKeyRef } from '../secrets/secret-ref';
import { IStorageClass } from '../storage/storage-class-ref';
import { addMariaDb, DB_CLIENT_LABEL, SEB_DB } from './mariadb';
import { envOfContainer, SEB_ROLE_PROFILES, SEB_START_RULES, SebRole, sebRoleProperties, sebStartContext } from './spring-contract';
import { addBackup, BACKUP, BACKUP_FILE_PATTERN, BACKUP_SCRIPT, PASSWORD_GUARD_SCRIPT, RESTORE_SCRIPT, restoreJobManifest } from './seb-backup';
import { isMovingTag, SEB_IMAGES, SEB_UIDS } from './versions';
import { declareProps } from '../core/props-check';

/** CPU, memory, Java heap and replicas of one Java component (SEB Server, its GUI, SPS). */
export interface SebJavaSizing {
  /** @default 1 */
  readonly replicas?: number;
  readonly cpuRequest?: number;
  readonly cpuLimit?: number;
  readonly memoryRequestMiB?: number;
  readonly memoryLimitMiB?: number;
  /** `JAVA_HEAP_MIN` (-Xms) in MiB. */
  readonly heapMinMiB?: number;
  /** `JAVA_HEAP_MAX` (-Xmx) in MiB; at most 80 % of memoryLimitMiB (metaspace, threads, buffers need the rest). */
  readonly heapMaxMiB?: number;
}

/**
 * SEB Server's credentials: references to keys of Secrets that SealedSecrets create (normally
 * `sealed.key('…')` of a SealedSecret sealed with `hubfleet seal`). hubfleet never sees the values.
 */
export interface SebServerCredentials {
  /**
   * `sebserver_password`: SEB Server encrypts data with it. It MUST NEVER CHANGE after the first
   * start (a password guard refuses to start SEB Server when it does). Use a long random value.
   */
  readonly sebServerPassword: ISecretKeyRef;
  /** MariaDB root password (used by the backup and restore jobs only). */
  readonly databaseRootPassword: ISecretKeyRef;
  /** Password of the `sebserver` database account that SEB Server and SPS use. */
  readonly databasePassword: ISecretKeyRef;
  /**
   * Password of the initial admin account `sebserver-admin`, used only on the first start against an
   * empty database. @default undefined (SEB Server generates one and prints it once in its log)
   */
  readonly initialAdminPassword?: ISecretKeyRef;
}

/** MariaDB settings. */
export interface SebDatabaseOptions {
  /** @default SEB_IMAGES.mariadb */
  readonly image?: string;
  /** Data volume size. @default 20 */
  readonly storageGiB?: number;
  /** Prefer a block StorageClass (not NFS) with reclaimPolicy Retain. @default the cluster default */
  readonly storageClass?: IStorageClass;
  /** @default 0.5 */
  readonly cpuRequest?: number;
  /** @default 2 */
  readonly cpuLimit?: number;
  /** @default 2048 */
  readonly memoryRequestMiB?: number;
  /** @default 3072 */
  readonly memoryLimitMiB?: number;
  /** `innodb_buffer_pool_size`; at most 75 % of memoryLimitMiB. @default half the memory limit */
  readonly innodbBufferPoolMiB?: number;
  /** `max_connections`. @default 5000 (the SEB Server setup's value) */
  readonly maxConnections?: number;
  /** `max_allowed_packet`. @default 256 (the bundled SEB Server setup's value) */
  readonly maxAllowedPacketMiB?: number;
}

/** The nightly database backup. */
export interface SebBackupOptions {
  /** Cron schedule. @default '30 2 * * *' */
  readonly schedule?: string;
  /** IANA time zone of the schedule. @default undefined (the controller's time zone, usually UTC) */
  readonly timeZone?: string;
  /** Keep this many days of dumps. @default 14 */
  readonly retentionDays?: number;
  /** @default 20 */
  readonly storageGiB?: number;
  /** Use a StorageClass with reclaimPolicy Retain (and ideally other disks than the database). @default the cluster default */
  readonly storageClass?: IStorageClass;
}

/** Credentials that SEB Server and screen proctoring must share (each used on both sides). */
export interface ScreenProctoringCredentials {
  /** SPS `sebserver_client_secret` = SEB Server `sps_sebserver_client_secret`. */
  readonly sebServerClientSecret: ISecretKeyRef;
  /** SPS `spsgui_client_secret` = SPS GUI `PROCTOR_SERVER_PASSWORD`. */
  readonly guiClientSecret: ISecretKeyRef;
  /** SPS `sps_init_sebserveraccount_password` = SEB Server `sps_sebserver_password`. */
  readonly sebServerAccountPassword: ISecretKeyRef;
}

/** SEB screen proctoring (SPS webservice and GUI). */
export interface ScreenProctoringOptions {
  readonly credentials: ScreenProctoringCredentials;
  /**
   * The SPS GUI image, pinned to a fixed tag or digest you checked on Docker Hub. Upstream only
   * documents the moving `naritter/seb-sps-gui:v1.2-stable`, so there is no default.
   */
  readonly guiImage: string;
  /** @default SEB_IMAGES.sps */
  readonly image?: string;
  /** Public host of the SPS webservice (SEB clients upload screenshots there). @default `seb-sps.<domain>` */
  readonly host?: string;
  /** Public host of the SPS GUI. @default `seb-sps-gui.<domain>` */
  readonly guiHost?: string;
  /** @default 1 replica, 0.5/2 CPU, 1536/3072 MiB, heap 512–2304 MiB */
  readonly sizing?: SebJavaSizing;
}

/** Props of {@link SebServer}. */
export interface SebServerProps {
  /**
   * `bundled`: one Deployment running webservice and GUI (`bundled,prod`); `split`: a webservice
   * Deployment (`ws,prod`) and a GUI Deployment (`gui,prod`) that scale separately.
   * @default 'bundled'
   */
  readonly mode?: 'bundled' | 'split';
  /**
   * The public HTTPS name SEB clients reach (written into every SEB client configuration as
   * `sebServerURL`; in bundled mode also the GUI). @default `seb.<cluster domain>`
   */
  readonly host?: string;
  /** Split mode: the public name of the GUI. @default `seb-gui.<cluster domain>` */
  readonly guiHost?: string;
  readonly credentials: SebServerCredentials;
  /** @default SEB_IMAGES.sebServer */
  readonly image?: string;
  /**
   * The bundled Deployment, or the webservice in split mode. More than one replica switches on
   * distributed mode (and, bundled, cookie affinity).
   * @default bundled 1 × 0.5/2 CPU, 2048/4096 MiB, heap 1024–3072 MiB; webservice 1 × 0.5/2 CPU, 2048/3072 MiB, heap 1024–2304 MiB
   */
  readonly server?: SebJavaSizing;
  /** Split mode: the GUI. More than one replica gets cookie affinity. @default 1 × 0.25/1 CPU, 1024/2048 MiB, heap 256–1536 MiB */
  readonly gui?: SebJavaSizing;
  readonly database?: SebDatabaseOptions;
  readonly backup?: SebBackupOptions;
  /** @default undefined (off) */
  readonly screenProctoring?: ScreenProctoringOptions;
  /** TCP ports the webservice may open to outside the cluster (LMS REST APIs). @default [443] */
  readonly lmsEgressPorts?: readonly number[];
  /** @default 'seb' for the id 'seb', else `seb-<id>` */
  readonly namespace?: string;
  /** PodDisruptionBudgets block voluntary eviction (node drains wait). Turn on for exam periods. @default false */
  readonly blockEviction?: boolean;
}

interface Sizing {
  readonly replicas: number;
  readonly cpuRequest: number;
  readonly cpuLimit: number;
  readonly memoryRequestMiB: number;
  readonly memoryLimitMiB: number;
  readonly heapMinMiB: number;
  readonly heapMaxMiB: number;
}

interface Resolved {
  readonly id: string;
  readonly namespace: string;
  readonly mode: 'bundled' | 'split';
  readonly host: string;
  readonly guiHost: string;
  readonly image: string;
  readonly server: Sizing;
  readonly gui?: Sizing;
  readonly sps?: Sizing & { host: string; guiHost: string; image: string; guiImage: string };
  readonly db: Required<Omit<SebDatabaseOptions, 'storageClass'>> & { storageClass?: IStorageClass };
  readonly backup: { schedule: string; timeZone?: string; retentionDays: number; storageGiB: number; storageClass?: IStorageClass };
  readonly lmsEgressPorts: readonly number[];
  readonly ingressKind: 'ingress' | 'gateway';
  readonly ingressClass: string;
  readonly props: SebServerProps;
}

function sizing(given: SebJavaSizing | undefined, d: Sizing): Sizing {
  return { ...d, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) } as Sizing;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const refOk = (r: ISecretKeyRef | undefined) => !!r && typeof r.secretName === 'string' && isDnsLabel(r.secretName.replace(/\./g, '-')) && typeof r.key === 'string' && /^[-._a-zA-Z0-9]+$/.test(r.key);

function javaComponents(r: Resolved): Array<[string, Sizing]> {
  return [[r.mode === 'bundled' ? 'server' : 'server (webservice)', r.server], ...(r.gui ? [['gui', r.gui] as [string, Sizing]] : []), ...(r.sps ? [['screenProctoring.sizing', r.sps] as [string, Sizing]] : [])];
}

function sizingOk(s: Sizing): boolean {
  return [s.cpuRequest, s.cpuLimit, s.memoryRequestMiB, s.memoryLimitMiB, s.heapMinMiB, s.heapMaxMiB].every((v) => isNum(v) && v > 0) && s.cpuLimit >= s.cpuRequest && s.memoryLimitMiB >= s.memoryRequestMiB;
}

function imageOk(image: unknown): boolean {
  return typeof image === 'string' && isPinnedImage(image) && !isMovingTag(image);
}

/** The validation table of SebServer props; each row has a test in test/seb/seb-server.test.ts. */
export const SEB_SERVER_RULES: readonly PropRule<Resolved>[] = [
  { id: 'seb-name-dns', field: 'id', value: (r) => r.id, ok: (r) => isDnsLabel(r.id) && r.id.length <= 40, message: 'the SEB Server name must be a DNS-1123 label of at most 40 characters.', fix: 'use lowercase letters, digits and "-", e.g. "seb".' },
  { id: 'seb-namespace-dns', field: 'namespace', value: (r) => r.namespace, ok: (r) => isDnsLabel(r.namespace), message: 'the namespace must be a DNS-1123 label.', fix: 'choose a short lowercase name, e.g. "seb".' },
  {
    id: 'seb-host', field: 'host', value: (r) => r.host, ok: (r) => isDomain(r.host),
    message: 'the public host name SEB clients reach is missing or not a DNS name; it is written into every SEB client configuration (sebServerURL).',
    fix: 'set host to the public HTTPS name, e.g. "seb.teaching.example.org" (never an internal service name).',
  },
  { id: 'seb-gui-host', field: 'guiHost', value: (r) => r.guiHost, ok: (r) => r.mode === 'bundled' || (isDomain(r.guiHost) && r.guiHost !== r.host), message: 'in split mode the GUI needs its own public DNS name, different from host.', fix: 'set guiHost, e.g. "seb-gui.teaching.example.org".' },
  { id: 'seb-image-pinned', field: 'image', value: (r) => r.image, ok: (r) => imageOk(r.image), message: 'the SEB Server image is not pinned to a fixed version: "latest", "-stable"/"-latest" tags and bare major.minor tags move when upstream pushes.', fix: `pin a release tag or digest, e.g. "${SEB_IMAGES.sebServer}".` },
  { id: 'seb-db-image-pinned', field: 'database.image', value: (r) => r.db.image, ok: (r) => imageOk(r.db.image), message: 'the MariaDB image is not pinned to a patch release or digest.', fix: `pin it, e.g. "${SEB_IMAGES.mariadb}".` },
  {
    id: 'seb-sps-images-pinned', field: 'screenProctoring.image/guiImage', value: (r) => (r.sps ? [r.sps.image, r.sps.guiImage] : undefined), ok: (r) => !r.sps || (imageOk(r.sps.image) && imageOk(r.sps.guiImage)),
    message: 'a screen proctoring image is not pinned to a fixed version (moving "-stable" tags included).', fix: 'pin both to a release tag or a @sha256 digest.',
  },
  {
    id: 'seb-replicas', field: 'server.replicas/gui.replicas', value: (r) => javaComponents(r).map(([, s]) => s.replicas), ok: (r) => javaComponents(r).every(([, s]) => Number.isInteger(s.replicas) && s.replicas >= 1 && s.replicas <= 10),
    message: 'replicas must be whole numbers from 1 to 10.', fix: 'set replicas, e.g. 2 for a distributed webservice.',
  },
  { id: 'seb-gui-split-only', field: 'gui', value: (r) => r.props.gui, ok: (r) => r.mode === 'split' || r.props.gui === undefined, message: 'gui sizing only applies in split mode; in bundled mode "server" sizes the one Deployment.', fix: 'remove gui, or set mode: "split".' },
  { id: 'seb-resources', field: 'server/gui/screenProctoring.sizing', value: (r) => javaComponents(r).filter(([, s]) => !sizingOk(s)).map(([n]) => n), ok: (r) => javaComponents(r).every(([, s]) => sizingOk(s)), message: 'CPU and memory must be positive with limits at least the requests.', fix: 'raise the limits or lower the requests of the components named in the value.' },
  {
    id: 'seb-heap-within-limit', field: (r) => javaComponents(r).filter(([, s]) => !(s.heapMaxMiB <= 0.8 * s.memoryLimitMiB)).map(([n]) => `${n}.heapMaxMiB`).join(', ') || 'heapMaxMiB',
    value: (r) => javaComponents(r).filter(([, s]) => !(s.heapMaxMiB <= 0.8 * s.memoryLimitMiB)).map(([n, s]) => ({ component: n, heapMaxMiB: s.heapMaxMiB, memoryLimitMiB: s.memoryLimitMiB })),
    ok: (r) => javaComponents(r).every(([, s]) => s.heapMaxMiB <= 0.8 * s.memoryLimitMiB),
    message: 'JAVA_HEAP_MAX is above 80 % of the container memory limit: the JVM also needs metaspace, thread stacks and buffers, so the container would be OOM-killed under load (upstream ships -Xmx8G under a 3Gi limit).',
    fix: 'lower heapMaxMiB to at most 0.8 × memoryLimitMiB (about 75 % is the usual choice), or raise memoryLimitMiB.',
  },
  { id: 'seb-heap-min', field: 'heapMinMiB', value: (r) => javaComponents(r).map(([n, s]) => [n, s.heapMinMiB, s.heapMaxMiB]), ok: (r) => javaComponents(r).every(([, s]) => s.heapMinMiB <= s.heapMaxMiB), message: 'JAVA_HEAP_MIN is above JAVA_HEAP_MAX; the JVM would not start.', fix: 'set heapMinMiB ≤ heapMaxMiB.' },
  {
    id: 'seb-password-ref', field: 'credentials.sebServerPassword', value: (r) => r.props.credentials?.sebServerPassword, ok: (r) => refOk(r.props.credentials?.sebServerPassword),
    message: 'the SEB Server password must come from a Secret key (a SealedSecret); it encrypts SEB Server data and must never change after the first start.', fix: 'set credentials.sebServerPassword to sealed.key("sebserver-password").',
  },
  {
    id: 'seb-db-password-refs', field: 'credentials.databaseRootPassword/databasePassword', value: (r) => [r.props.credentials?.databaseRootPassword, r.props.credentials?.databasePassword], ok: (r) => refOk(r.props.credentials?.databaseRootPassword) && refOk(r.props.credentials?.databasePassword) && !sameRef(r.props.credentials.databaseRootPassword, r.props.credentials.databasePassword),
    message: 'the database root and application passwords must be two different Secret keys.', fix: 'seal two random values and reference both keys.',
  },
  { id: 'seb-admin-password-ref', field: 'credentials.initialAdminPassword', value: (r) => r.props.credentials?.initialAdminPassword, ok: (r) => r.props.credentials?.initialAdminPassword === undefined || refOk(r.props.credentials.initialAdminPassword), message: 'the initial admin password reference is not a valid Secret key.', fix: 'set it to sealed.key("admin-password") or leave it out.' },
  {
    id: 'seb-sps-secrets', field: 'screenProctoring.credentials', value: (r) => r.props.screenProctoring?.credentials,
    ok: (r) => { const c = r.props.screenProctoring?.credentials; if (!r.sps) return true; const refs = [c?.sebServerClientSecret, c?.guiClientSecret, c?.sebServerAccountPassword]; return refs.every(refOk) && new Set(refs.map((x) => `${x!.secretName}/${x!.key}`)).size === 3; },
    message: 'screen proctoring needs three distinct Secret keys (SEB Server client secret, GUI client secret, SEB Server account password); each is wired into both sides of its pair.', fix: 'seal three random values and reference them.',
  },
  { id: 'seb-sps-hosts', field: 'screenProctoring.host/guiHost', value: (r) => (r.sps ? [r.sps.host, r.sps.guiHost] : undefined), ok: (r) => !r.sps || (isDomain(r.sps.host) && isDomain(r.sps.guiHost) && r.sps.host !== r.sps.guiHost && ![r.host, r.guiHost].some((h) => h === r.sps!.host || h === r.sps!.guiHost)), message: 'the screen proctoring hosts must be DNS names distinct from each other and from SEB Server\'s.', fix: 'set screenProctoring.host and guiHost, e.g. "seb-sps.teaching.example.org".' },
  {
    id: 'seb-db-sizes', field: 'database', value: (r) => ({ storageGiB: r.db.storageGiB, memoryLimitMiB: r.db.memoryLimitMiB, innodbBufferPoolMiB: r.db.innodbBufferPoolMiB }),
    ok: (r) => Number.isInteger(r.db.storageGiB) && r.db.storageGiB >= 1 && r.db.cpuRequest > 0 && r.db.cpuLimit >= r.db.cpuRequest && r.db.memoryRequestMiB > 0 && r.db.memoryLimitMiB >= r.db.memoryRequestMiB && r.db.innodbBufferPoolMiB >= 128 && r.db.innodbBufferPoolMiB <= 0.75 * r.db.memoryLimitMiB && r.db.maxAllowedPacketMiB >= 16 && r.db.maxAllowedPacketMiB <= 1024,
    message: 'database sizes are inconsistent: storage ≥ 1 GiB, limits ≥ requests, innodbBufferPoolMiB from 128 to 75 % of the memory limit, maxAllowedPacketMiB from 16 to 1024.', fix: 'fix the database settings named in the value.',
  },
  {
    id: 'seb-db-connections', field: 'database.maxConnections', value: (r) => r.db.maxConnections, ok: (r) => Number.isInteger(r.db.maxConnections) && r.db.maxConnections >= neededConnections(r),
    message: (r) => `max_connections must cover SEB Server's connection pools (100 per webservice replica, 10 per SPS replica, plus admin and backup): at least ${neededConnections(r)}.`, fix: 'raise database.maxConnections (the SEB Server setup uses 5000).',
  },
  {
    id: 'seb-backup', field: 'backup', value: (r) => r.backup, ok: (r) => Number.isInteger(r.backup.retentionDays) && r.backup.retentionDays >= 1 && r.backup.retentionDays <= 365 && sizeGiBProblem(r.backup.storageGiB) === undefined,
    message: 'backup needs retentionDays from 1 to 365 and storageGiB a whole number of GiB ≥ 1.', fix: 'e.g. backup: { schedule: "30 2 * * *", retentionDays: 14, storageGiB: 20 }.',
  },
  valueRule('seb-backup-schedule', 'backup.schedule', (r) => [r.backup.schedule], cronProblem, 'write a five-field schedule in the time zone of backup.timeZone, e.g. "30 2 * * *" (02:30 every night).'),
  valueRule('seb-backup-time-zone', 'backup.timeZone', (r) => [r.backup.timeZone], timeZoneProblem, 'name an IANA time zone, e.g. "Europe/Zurich", or leave it out (the controller\'s zone, usually UTC).'),
  valueRule('seb-db-storage-size', 'database.storageGiB', (r) => [r.db.storageGiB], sizeGiBProblem, 'set database.storageGiB to whole GiB, e.g. 20.'),
  { id: 'seb-lms-ports', field: 'lmsEgressPorts', value: (r) => r.lmsEgressPorts, ok: (r) => r.lmsEgressPorts.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535), message: 'LMS egress ports must be TCP port numbers.', fix: 'e.g. lmsEgressPorts: [443].' },
  { id: 'seb-ingress-kind', field: 'cluster ingress.kind', value: (r) => r.ingressKind, ok: (r) => r.ingressKind === 'ingress', message: 'SebServer renders networking.k8s.io Ingresses with cert-manager TLS; Gateway API routes are not supported yet.', fix: 'use ingress.kind "ingress" on this cluster, or extend SebServer with HTTPRoutes.' },
  {
    id: 'seb-cookie-affinity', field: 'gui.replicas', value: (r) => r.ingressClass, ok: (r) => !needsAffinity(r) || AFFINITY_CLASSES.has(r.ingressClass),
    message: (r) => `more than one GUI replica needs cookie session affinity, which hubfleet can configure for the ingress classes ${[...AFFINITY_CLASSES].join(', ')} but not for "${r.ingressClass}".`, fix: 'run one GUI replica, or add this ingress class to SebServer\'s affinity settings.',
  },
];

const AFFINITY_CLASSES = new Set(['nginx', 'traefik']);
function needsAffinity(r: Resolved): boolean {
  return r.mode === 'bundled' ? r.server.replicas > 1 : (r.gui?.replicas ?? 1) > 1;
}
function neededConnections(r: Resolved): number {
  return 100 * r.server.replicas + (r.sps ? 10 * r.sps.replicas : 0) + 20;
}
function sameRef(a: ISecretKeyRef, b: ISecretKeyRef): boolean {
  return a.secretName === b.secretName && a.key === b.key;
}

/** Stands in for a reference the caller left out (the rule table reports it). */
const MISSING_REF: ISecretKeyRef = { secretName: 'missing', key: 'missing' };

const PORT = { seb: 8080, sps: 8090, spsGui: 3000 } as const;

/** Annotation on SEB Server workloads naming the secret that must never change. */
export const IMMUTABLE_SECRET_ANNOTATION = 'hubfleet.io/immutable-secret';

/**
 * A SEB Server (Safe Exam Browser server) in its own namespace: MariaDB, SEB Server bundled or split
 * into webservice and GUI, optional screen proctoring, a nightly backup, Ingresses with cert-manager
 * TLS, and NetworkPolicies that let only SEB Server pods (and the backup) reach the database.
 * Credentials come only from Secrets (SealedSecrets); the SEB Server password is guarded against
 * change by an init container. See lib/seb/README.md.
 */
export class SebServer extends Package {
  /** The namespace. */
  readonly namespaceName: string;
  /** The public host SEB clients reach. */
  readonly host: string;
  /** `sebServerURL` as SEB clients get it: `https://<host>` (no port: 443). */
  readonly url: string;
  /** Where administrators and lecturers log in: `<gui URL>/gui`. */
  readonly guiUrl: string;
  /** The screen proctoring webservice URL, when on. */
  readonly screenProctoringUrl?: string;
  /** The screen proctoring GUI URL, when on. */
  readonly screenProctoringGuiUrl?: string;
  protected readonly resolved: Resolved;

  constructor(scope: Construct, id: string, props: SebServerProps) {
    const namespace = props.namespace ?? (id === 'seb' ? 'seb' : `seb-${id}`);
    super(scope, id, { group: 'seb', namespace, outputDir: id === 'seb' ? 'seb' : `seb/${id}` });
    declareProps(this, 'SebServerProps', props);
    const app = ClusterApp.of(this);
    const spec = app.spec;
    const ingress = ingressOf(spec);
    const mode = props.mode ?? 'bundled';
    const dbMemLimit = props.database?.memoryLimitMiB ?? 3072;
    const spsOpts = props.screenProctoring;
    const r: Resolved = {
      id,
      namespace,
      mode,
      host: props.host ?? `seb.${spec.domain}`,
      guiHost: mode === 'bundled' ? props.host ?? `seb.${spec.domain}` : props.guiHost ?? `seb-gui.${spec.domain}`,
      image: props.image ?? SEB_IMAGES.sebServer,
      server: sizing(
        props.server,
        mode === 'bundled'
          ? { replicas: 1, cpuRequest: 0.5, cpuLimit: 2, memoryRequestMiB: 2048, memoryLimitMiB: 4096, heapMinMiB: 1024, heapMaxMiB: 3072 }
          : { replicas: 1, cpuRequest: 0.5, cpuLimit: 2, memoryRequestMiB: 2048, memoryLimitMiB: 3072, heapMinMiB: 1024, heapMaxMiB: 2304 },
      ),
      gui: mode === 'split' ? sizing(props.gui, { replicas: 1, cpuRequest: 0.25, cpuLimit: 1, memoryRequestMiB: 1024, memoryLimitMiB: 2048, heapMinMiB: 256, heapMaxMiB: 1536 }) : undefined,
      sps: spsOpts
        ? {
            ...sizing(spsOpts.sizing, { replicas: 1, cpuRequest: 0.5, cpuLimit: 2, memoryRequestMiB: 1536, memoryLimitMiB: 3072, heapMinMiB: 512, heapMaxMiB: 2304 }),
            host: spsOpts.host ?? `seb-sps.${spec.domain}`,
            guiHost: spsOpts.guiHost ?? `seb-sps-gui.${spec.domain}`,
            image: spsOpts.image ?? SEB_IMAGES.sps,
            guiImage: spsOpts.guiImage,
          }
        : undefined,
      db: {
        image: props.database?.image ?? SEB_IMAGES.mariadb,
        storageGiB: props.database?.storageGiB ?? 20,
        storageClass: props.database?.storageClass ?? app.storageFor('database'),
        cpuRequest: props.database?.cpuRequest ?? 0.5,
        cpuLimit: props.database?.cpuLimit ?? 2,
        memoryRequestMiB: props.database?.memoryRequestMiB ?? 2048,
        memoryLimitMiB: dbMemLimit,
        innodbBufferPoolMiB: props.database?.innodbBufferPoolMiB ?? Math.floor(dbMemLimit / 2),
        maxConnections: props.database?.maxConnections ?? 5000,
        maxAllowedPacketMiB: props.database?.maxAllowedPacketMiB ?? 256,
      },
      backup: {
        schedule: props.backup?.schedule ?? '30 2 * * *',
        timeZone: props.backup?.timeZone,
        retentionDays: props.backup?.retentionDays ?? 14,
        storageGiB: props.backup?.storageGiB ?? 20,
        // Backups belong on other disks than the database (NFS registers 'backup'); the block class is the fallback.
        storageClass: props.backup?.storageClass ?? app.storageFor('backup') ?? app.storageFor('database'),
      },
      lmsEgressPorts: props.lmsEgressPorts ?? [443],
      ingressKind: ingress.kind,
      ingressClass: ingress.className,
      props,
    };
    this.resolved = r;
    this.namespaceName = namespace;
    this.host = r.host;
    this.url = `https://${r.host}`;
    this.guiUrl = `https://${r.guiHost}/gui`;
    if (r.sps) {
      this.screenProctoringUrl = `https://${r.sps.host}`;
      this.screenProctoringGuiUrl = `https://${r.sps.guiHost}`;
    }
    const path = this.node.path;
    this.addIssues(() => checkRules(path, r, SEB_SERVER_RULES));

    const ns = namespace;
    const creds = props.credentials;
    const labels = (component: string) => ({ 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': id, 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': 'hubfleet' });
    const select = (component: string) => ({ 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': id, 'app.kubernetes.io/component': component });
    const env = (name: string, value: string) => ({ name, value });
    // A missing reference is reported by the rule table at synth; render a placeholder instead of crashing.
    const secretEnv = (name: string, ref: ISecretKeyRef | undefined) => ({ name, valueFrom: SecretKeyRef.envValueFrom(ref ?? MISSING_REF) });
    const mib = (n: number) => `${Math.round(n)}m`;
    const sebComponent = mode === 'bundled' ? 'server' : 'webservice';
    const sebName = mode === 'bundled' ? 'seb-server' : 'seb-webservice';

    // --- namespace --------------------------------------------------------------------------------
    new IsolatedNamespace(this, 'namespace', { name: ns, labels: { 'hubfleet.io/kind': 'seb-server', 'hubfleet.io/seb-server': id } });

    // --- scripts and Spring config ----------------------------------------------------------------
    new K8sObject(this, 'scripts', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: BACKUP.scripts, namespace: ns, labels: labels('scripts') },
      data: { 'backup.sh': BACKUP_SCRIPT, 'restore.sh': RESTORE_SCRIPT, 'password-guard.sh': PASSWORD_GUARD_SCRIPT },
    });
    // Each role has its own application-prod.properties (lib/seb/spring-contract.ts).
    const roles: SebRole[] = mode === 'bundled' ? ['bundled'] : ['ws', 'gui'];
    const springConfig = (role: SebRole) => (role === 'bundled' ? 'seb-server-config' : role === 'ws' ? 'seb-webservice-config' : 'seb-guiservice-config');
    const springProps = new Map(roles.map((role) => [role, sebRoleProperties({ role, port: PORT.seb, screenProctoringUrl: r.sps ? `https://${r.sps.host}` : undefined })]));
    for (const role of roles) {
      new K8sObject(this, role === 'gui' ? 'gui-spring-config' : 'spring-config', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: springConfig(role), namespace: ns, labels: labels('config') },
        data: { 'application-prod.properties': springProps.get(role)! },
      });
    }

    // --- MariaDB ------------------------------------------------------------------------------------
    addMariaDb(this, {
      namespace: ns,
      image: r.db.image,
      labels: labels('mariadb'),
      selector: select('mariadb'),
      settings: { maxConnections: r.db.maxConnections, innodbBufferPoolMiB: r.db.innodbBufferPoolMiB, maxAllowedPacketMiB: r.db.maxAllowedPacketMiB },
      rootPassword: creds.databaseRootPassword ?? MISSING_REF,
      appPassword: creds.databasePassword ?? MISSING_REF,
      storageGiB: r.db.storageGiB,
      storageClass: r.db.storageClass,
      cpuRequest: r.db.cpuRequest,
      cpuLimit: r.db.cpuLimit,
      memoryRequestMiB: r.db.memoryRequestMiB,
      memoryLimitMiB: r.db.memoryLimitMiB,
      blockEviction: props.blockEviction ?? false,
    });

    // --- SEB Server -----------------------------------------------------------------------------------
    const dbEnv = [
      env('datastore_mariadb_server_address', SEB_DB.host),
      env('datastore_mariadb_server_port', String(SEB_DB.port)),
      env('spring_datasource_username', SEB_DB.appUser),
      secretEnv('spring_datasource_password', creds.databasePassword),
    ];
    const javaEnv = (s: Sizing, port: number) => [env('SERVER_PORT', String(port)), env('JAVA_HEAP_MIN', mib(s.heapMinMiB)), env('JAVA_HEAP_MAX', mib(s.heapMaxMiB))];
    const distributed = r.server.replicas > 1;
    const webserviceEnv = [
      env('sebserver_webservice_http_external_scheme', 'https'),
      env('sebserver_webservice_http_external_servername', r.host),
      // empty = the scheme's default port (443): sebServerURL is https://<host>
      env('sebserver_webservice_http_external_port', ''),
      env('sebserver_webservice_autologin_url', `https://${r.guiHost}`),
      env('sebserver_webservice_distributed', String(distributed)),
      ...(creds.initialAdminPassword ? [secretEnv('sebserver_init_adminaccount_init_pwd', creds.initialAdminPassword)] : []),
      // Screen proctoring's switches are in the role's properties; its paired secrets come from Secret keys.
      ...(r.sps
        ? [
            secretEnv('sps_sebserver_client_secret', spsOpts!.credentials.sebServerClientSecret),
            secretEnv('sps_sebserver_password', spsOpts!.credentials.sebServerAccountPassword),
          ]
        : []),
    ];
    const guiEnv = (webservice: { scheme: string; servername: string; port: string }) => [
      env('sebserver_gui_http_external_scheme', 'https'),
      env('sebserver_gui_http_external_servername', r.guiHost),
      env('sebserver_gui_http_external_port', ''),
      env('sebserver_gui_http_webservice_scheme', webservice.scheme),
      env('sebserver_gui_http_webservice_servername', webservice.servername),
      env('sebserver_gui_http_webservice_port', webservice.port),
    ];
    const passwordRef = creds.sebServerPassword;
    const immutable: Record<string, string> = passwordRef ? { [IMMUTABLE_SECRET_ANNOTATION]: `${passwordRef.secretName}/${passwordRef.key}: sebserver_password must never change after the first start (SEB Server encrypts data with it); see lib/seb/README.md` } : {};
    const guardInit = {
      name: 'password-guard',
      image: r.db.image,
      command: ['/bin/bash', '/scripts/password-guard.sh'],
      env: [
        env('DB_HOST', SEB_DB.host),
        env('DB_PORT', String(SEB_DB.port)),
        env('DB_USER', SEB_DB.appUser),
        secretEnv('MYSQL_PWD', creds.databasePassword),
        secretEnv('SEBSERVER_PASSWORD', passwordRef),
      ],
      resources: resources({ cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 128 }),
      securityContext: { ...restrictedContainerSecurity({ readOnlyRootFilesystem: true }), runAsUser: SEB_UIDS.mariadb, runAsGroup: SEB_UIDS.mariadb },
      volumeMounts: [{ name: 'scripts', mountPath: '/scripts', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
    };
    const checkProbes = {
      // First boot runs the Flyway migrations of an empty database: allow 15 minutes.
      startupProbe: { httpGet: { path: '/sebserver/check', port: 'http' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 },
      livenessProbe: { httpGet: { path: '/sebserver/check', port: 'http' }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
      readinessProbe: { httpGet: { path: '/sebserver/check', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    };
    const sebDeployment = (cid: string, name: string, component: string, s: Sizing, role: SebRole, envs: Array<Record<string, unknown>>, dbClient: boolean) => {
      const podLabels = { ...labels(component), ...(dbClient ? DB_CLIENT_LABEL : {}) };
      const configHash = createHash('sha256').update(springProps.get(role)!).update(PASSWORD_GUARD_SCRIPT).digest('hex').slice(0, 16);
      const containerEnv = [env('spring_profiles_active', SEB_ROLE_PROFILES[role]), secretEnv('sebserver_password', passwordRef), ...javaEnv(s, PORT.seb), ...envs];
      // The start contract of SEB Server v2.2.0, on exactly what this container gets.
      const start = sebStartContext(role, envOfContainer(containerEnv as Array<{ name: string; value?: string; valueFrom?: unknown }>), springProps.get(role));
      this.addIssues(() => checkRules(`${path}/${cid}`, start, SEB_START_RULES));
      new K8sObject(this, cid, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels: labels(component), annotations: immutable },
        spec: {
          replicas: s.replicas,
          minReadySeconds: 10,
          // One non-distributed instance must never run next to another against the same database.
          strategy: s.replicas > 1 || !dbClient ? { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } : { type: 'Recreate' },
          selector: { matchLabels: select(component) },
          template: {
            metadata: { labels: podLabels, annotations: { 'hubfleet.io/config-hash': configHash } },
            spec: {
              serviceAccountName: 'seb-server',
              automountServiceAccountToken: false,
              terminationGracePeriodSeconds: 60,
              securityContext: restrictedPodSecurity({ runAsUser: SEB_UIDS.sebServer, runAsGroup: SEB_UIDS.sebServer, fsGroup: SEB_UIDS.sebServer }),
              ...(s.replicas > 1 ? { affinity: antiAffinity(select(component)) } : {}),
              ...(dbClient ? { initContainers: [guardInit] } : {}),
              containers: [
                {
                  name: 'seb-server',
                  image: r.image,
                  ports: [{ name: 'http', containerPort: PORT.seb, protocol: 'TCP' }],
                  env: containerEnv,
                  resources: resources(s),
                  securityContext: restrictedContainerSecurity(),
                  ...checkProbes,
                  volumeMounts: [
                    { name: 'spring-config', mountPath: '/sebserver/config/spring', readOnly: true },
                    { name: 'tmp', mountPath: '/tmp' },
                    { name: 'log', mountPath: '/sebserver/log' },
                  ],
                },
              ],
              volumes: [
                { name: 'spring-config', configMap: { name: springConfig(role) } },
                ...(dbClient ? [{ name: 'scripts', configMap: { name: BACKUP.scripts } }] : []),
                { name: 'tmp', emptyDir: {} },
                { name: 'log', emptyDir: {} },
              ],
            },
          },
        },
      });
      this.service(`${cid}-service`, name, component, PORT.seb, 'http', component === 'gui' || (mode === 'bundled' && needsAffinity(r)) ? this.affinityServiceAnnotations(r) : {});
      this.pdb(`${cid}-pdb`, name, component, s.replicas, props.blockEviction ?? false);
    };
    new K8sObject(this, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'seb-server', namespace: ns, labels: labels('server') }, automountServiceAccountToken: false });

    if (mode === 'bundled') {
      sebDeployment('server', 'seb-server', 'server', r.server, 'bundled', [...dbEnv, ...webserviceEnv, ...guiEnv({ scheme: 'http', servername: 'localhost', port: String(PORT.seb) })], true);
    } else {
      sebDeployment('webservice', 'seb-webservice', 'webservice', r.server, 'ws', [...dbEnv, ...webserviceEnv], true);
      sebDeployment('gui', 'seb-guiservice', 'gui', r.gui!, 'gui', guiEnv({ scheme: 'http', servername: 'seb-webservice', port: String(PORT.seb) }), false);
    }

    // --- screen proctoring ----------------------------------------------------------------------------
    if (r.sps && spsOpts) {
      const sps = r.sps;
      const sc = spsOpts.credentials;
      new K8sObject(this, 'sps-deployment', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'sps-webservice', namespace: ns, labels: labels('sps-webservice'), annotations: immutable },
        spec: {
          replicas: sps.replicas,
          minReadySeconds: 10,
          strategy: sps.replicas > 1 ? { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } : { type: 'Recreate' },
          selector: { matchLabels: select('sps-webservice') },
          template: {
            metadata: { labels: { ...labels('sps-webservice'), ...DB_CLIENT_LABEL } },
            spec: {
              serviceAccountName: 'seb-server',
              automountServiceAccountToken: false,
              securityContext: restrictedPodSecurity({ runAsUser: SEB_UIDS.sps, runAsGroup: SEB_UIDS.sps, fsGroup: SEB_UIDS.sps }),
              ...(sps.replicas > 1 ? { affinity: antiAffinity(select('sps-webservice')) } : {}),
              containers: [
                {
                  name: 'sps-webservice',
                  image: sps.image,
                  // Only 8090 is declared; the image's JMX port (9091, unauthenticated) stays unreachable:
                  // no Service port and no NetworkPolicy admits it.
                  ports: [{ name: 'http', containerPort: PORT.sps, protocol: 'TCP' }],
                  env: [
                    env('spring_profiles_active', 'prod'),
                    ...javaEnv(sps, PORT.sps),
                    secretEnv('sebserver_password', passwordRef),
                    ...dbEnv,
                    env('sps_data_store_adapter', 'FULL_RDBMS'),
                    secretEnv('sebserver_client_secret', sc.sebServerClientSecret),
                    secretEnv('spsgui_client_secret', sc.guiClientSecret),
                    secretEnv('sps_init_sebserveraccount_password', sc.sebServerAccountPassword),
                    env('sps_webservice_http_external_scheme', 'https'),
                    env('sps_webservice_http_external_servername', sps.host),
                    env('sps_webservice_http_external_port', ''),
                    env('sps_gui_redirect_url', `https://${sps.guiHost}`),
                    env('sps_webservice_sebserver_bundle', 'true'),
                    env('sps_webservice_distributed', String(sps.replicas > 1)),
                  ],
                  resources: resources(sps),
                  securityContext: restrictedContainerSecurity(),
                  startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 },
                  livenessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
                  readinessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
                  volumeMounts: [
                    { name: 'spring-config', mountPath: '/sebsps/config/spring', readOnly: true },
                    { name: 'tmp', mountPath: '/tmp' },
                  ],
                },
              ],
              volumes: [{ name: 'spring-config', configMap: { name: 'sps-config' } }, { name: 'tmp', emptyDir: {} }],
            },
          },
        },
      });
      new K8sObject(this, 'sps-config', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'sps-config', namespace: ns, labels: labels('sps-webservice') },
        data: { 'application-prod.properties': ['# generated by hubfleet (lib/seb/seb-server.ts)', 'server.address=0.0.0.0', `server.port=${PORT.sps}`, 'logging.level.ROOT=WARN', 'logging.level.ch=INFO', ''].join('\n') },
      });
      this.service('sps-service', 'sps-webservice', 'sps-webservice', PORT.sps, 'http', {});
      this.pdb('sps-pdb', 'sps-webservice', 'sps-webservice', sps.replicas, props.blockEviction ?? false);

      // The GUI image writes env.js into /app/server/dist/views at start; it runs as non-root here, so
      // an init container copies that folder to a writable emptyDir first.
      const guiUid = SEB_UIDS.spsGui;
      new K8sObject(this, 'sps-gui-deployment', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'sps-guiservice', namespace: ns, labels: labels('sps-gui') },
        spec: {
          replicas: 1,
          minReadySeconds: 10,
          selector: { matchLabels: select('sps-gui') },
          template: {
            metadata: { labels: labels('sps-gui') },
            spec: {
              serviceAccountName: 'seb-server',
              automountServiceAccountToken: false,
              securityContext: restrictedPodSecurity({ runAsUser: guiUid, runAsGroup: guiUid, fsGroup: guiUid }),
              initContainers: [
                {
                  name: 'copy-views',
                  image: sps.guiImage,
                  command: ['/bin/sh', '-c', 'cp -R /app/server/dist/views/. /views/'],
                  resources: resources({ cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 32, memoryLimitMiB: 64 }),
                  securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
                  volumeMounts: [{ name: 'views', mountPath: '/views' }],
                },
              ],
              containers: [
                {
                  name: 'sps-guiservice',
                  image: sps.guiImage,
                  ports: [{ name: 'http', containerPort: PORT.spsGui, protocol: 'TCP' }],
                  env: [
                    env('NODE_ENV', 'prod'),
                    env('SERVER_PORT', String(PORT.spsGui)),
                    env('VITE_SERVER_URL', `https://${sps.guiHost}`),
                    env('VITE_SERVER_PORT', '443'),
                    env('PROCTOR_SERVER_URL', 'http://sps-webservice'),
                    env('PROCTOR_SERVER_PORT', String(PORT.sps)),
                    env('PROCTOR_DEFAULT_URL', '/admin-api/v1'),
                    env('PROCTOR_SERVER_USERNAME', 'spsGuiClient'),
                    secretEnv('PROCTOR_SERVER_PASSWORD', sc.guiClientSecret),
                    env('SEB_SERVER_INTEGRATED_MODE', 'true'),
                  ],
                  resources: resources({ cpuRequest: 0.1, cpuLimit: 0.5, memoryRequestMiB: 128, memoryLimitMiB: 512 }),
                  securityContext: restrictedContainerSecurity(),
                  livenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 15, failureThreshold: 4 },
                  readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5 },
                  volumeMounts: [{ name: 'views', mountPath: '/app/server/dist/views' }],
                },
              ],
              volumes: [{ name: 'views', emptyDir: {} }],
            },
          },
        },
      });
      this.service('sps-gui-service', 'sps-guiservice', 'sps-gui', PORT.spsGui, 'http', {});
      this.pdb('sps-gui-pdb', 'sps-guiservice', 'sps-gui', 1, props.blockEviction ?? false);
    }

    // --- backup ---------------------------------------------------------------------------------------
    addBackup(this, {
      namespace: ns,
      image: r.db.image,
      labels: labels('backup'),
      rootPassword: creds.databaseRootPassword ?? MISSING_REF,
      schedule: r.backup.schedule,
      timeZone: r.backup.timeZone,
      retentionDays: r.backup.retentionDays,
      storageGiB: r.backup.storageGiB,
      storageClass: r.backup.storageClass,
    });

    // --- ingresses ------------------------------------------------------------------------------------
    const route = (cid: string, name: string, host: string, extra: Record<string, string>) =>
      new PublicRoute(this, cid, {
        namespace: ns,
        name,
        host,
        service: name,
        servicePort: { name: 'http', number: name.startsWith('sps-gui') ? PORT.spsGui : name.startsWith('sps') ? PORT.sps : PORT.seb },
        labels: labels('ingress'),
        tlsSecretName: `${name}-tls`,
        // Exam configuration uploads and long polls of SEB clients.
        maxBodyMiB: 64,
        readTimeoutSeconds: 300,
        annotations: extra,
      });
    if (mode === 'bundled') {
      route('ingress', 'seb-server', r.host, needsAffinity(r) ? this.affinityIngressAnnotations(r) : {});
    } else {
      route('ingress', 'seb-webservice', r.host, {});
      route('gui-ingress', 'seb-guiservice', r.guiHost, needsAffinity(r) ? this.affinityIngressAnnotations(r) : {});
    }
    if (r.sps) {
      route('sps-ingress', 'sps-webservice', r.sps.host, {});
      route('sps-gui-ingress', 'sps-guiservice', r.sps.guiHost, {});
    }

    // --- network policies -----------------------------------------------------------------------------
    const controller: Rule['peers'] = ingressControllerPeers(this);
    const db = podPeer(select('mariadb'));
    const dbRule: Rule = { peers: [db], ports: tcp(SEB_DB.port) };
    const seb = podPeer(select(sebComponent));
    const gui = podPeer(select('gui'));
    const spsWs = podPeer(select('sps-webservice'));
    const spsGui = podPeer(select('sps-gui'));
    // Outside the cluster (LMS REST APIs, the public SPS URL via the load balancer), but never the pod
    // and service networks or link-local (cloud metadata).
    const outside = cidrPeer('0.0.0.0/0', ['169.254.0.0/16', spec.networks.podCidr ?? '10.42.0.0/16', spec.networks.serviceCidr ?? '10.43.0.0/16']);
    networkPolicy(this, 'mariadb-netpol', {
      name: 'seb-mariadb',
      namespace: ns,
      labels: labels('mariadb'),
      podSelector: select('mariadb'),
      ingress: [{ peers: [podPeer(DB_CLIENT_LABEL)], ports: tcp(SEB_DB.port) }],
      egress: [],
    });
    networkPolicy(this, 'server-netpol', {
      name: sebName,
      namespace: ns,
      labels: labels(sebComponent),
      podSelector: select(sebComponent),
      ingress: [{ peers: [...controller!, ...(mode === 'split' ? [gui] : []), ...(r.sps ? [spsWs, spsGui] : [])], ports: tcp(PORT.seb) }],
      egress: [
        DNS_RULE,
        dbRule,
        ...(r.sps ? [{ peers: [spsWs], ports: tcp(PORT.sps) }] : []),
        ...(r.lmsEgressPorts.length ? [{ peers: [outside], ports: tcp(...r.lmsEgressPorts) }] : []),
      ],
    });
    if (mode === 'split') {
      networkPolicy(this, 'gui-netpol', {
        name: 'seb-guiservice',
        namespace: ns,
        labels: labels('gui'),
        podSelector: select('gui'),
        ingress: [{ peers: controller, ports: tcp(PORT.seb) }],
        egress: [DNS_RULE, { peers: [seb], ports: tcp(PORT.seb) }],
      });
    }
    if (r.sps) {
      networkPolicy(this, 'sps-netpol', {
        name: 'sps-webservice',
        namespace: ns,
        labels: labels('sps-webservice'),
        podSelector: select('sps-webservice'),
        // 8090 only: the image's unauthenticated JMX port (9091) is never admitted.
        ingress: [{ peers: [...controller!, seb, spsGui], ports: tcp(PORT.sps) }],
        egress: [DNS_RULE, dbRule, { peers: [seb], ports: tcp(PORT.seb) }],
      });
      networkPolicy(this, 'sps-gui-netpol', {
        name: 'sps-guiservice',
        namespace: ns,
        labels: labels('sps-gui'),
        podSelector: select('sps-gui'),
        ingress: [{ peers: controller, ports: tcp(PORT.spsGui) }],
        egress: [DNS_RULE, { peers: [spsWs], ports: tcp(PORT.sps) }, { peers: [seb], ports: tcp(PORT.seb) }],
      });
    }
    networkPolicy(this, 'backup-netpol', {
      name: 'seb-db-backup',
      namespace: ns,
      labels: labels('backup'),
      podSelector: select('backup'),
      ingress: [],
      egress: [DNS_RULE, dbRule],
    });

    // --- what the cluster model checks ------------------------------------------------------------
    const end = (component: string, what: string) => pods(ns, select(component), what);
    const allowed = (from: FlowDecl['from'], to: FlowDecl['to'], port: number | string, why: string, protocol: 'TCP' | 'UDP' = 'TCP'): FlowDecl => ({ from, to, port, protocol, expect: 'allowed', why });
    const sebEnd = end(sebComponent, mode === 'bundled' ? 'SEB Server' : 'the SEB webservice');
    const backupEnd = end('backup', 'the database backup');
    const dbEnd = end('mariadb', 'MariaDB');
    const flows: FlowDecl[] = [
      allowed(sebEnd, service(ns, SEB_DB.host), 'mysql', 'SEB Server keeps its data in MariaDB'),
      allowed(backupEnd, service(ns, SEB_DB.host), 'mysql', 'the nightly backup dumps the database'),
      allowed(sebEnd, { kind: 'dns' }, 53, 'it resolves the database Service', 'UDP'),
      allowed(backupEnd, { kind: 'dns' }, 53, 'it resolves the database Service', 'UDP'),
      { from: dbEnd, to: { kind: 'other-namespaces' }, port: 'any', expect: 'denied', why: 'the database talks to nobody' },
      { from: dbEnd, to: { kind: 'address', cidr: '0.0.0.0/0', name: 'any address' }, port: 'any', expect: 'denied', why: 'the database talks to nobody' },
    ];
    if (mode === 'split') flows.push(allowed(end('gui', 'the SEB GUI'), service(ns, 'seb-webservice'), 'http', 'the GUI calls the webservice API'));
    if (r.sps) {
      flows.push(
        allowed(end('sps-webservice', 'screen proctoring'), service(ns, SEB_DB.host), 'mysql', 'screen proctoring keeps its data in MariaDB'),
        allowed(sebEnd, service(ns, 'sps-webservice'), 'http', 'SEB Server registers exams with screen proctoring'),
        allowed(end('sps-gui', 'the screen proctoring GUI'), service(ns, 'sps-webservice'), 'http', 'the proctoring GUI calls its webservice'),
      );
    }
    for (const f of flows) this.declarations.flow(f);
  }

  /** The shell command that takes a backup now (outside the schedule, e.g. before an upgrade). */
  backupNowCommand(): string {
    const job = `${BACKUP.cronJob}-manual-$(date -u +%Y%m%d%H%M%S)`;
    return `kubectl -n ${this.namespaceName} create job --from=cronjob/${BACKUP.cronJob} ${job} && kubectl -n ${this.namespaceName} wait --for=condition=complete --timeout=1h job/${job}`;
  }

  /** The restore Job for one dump file (or `latest`), as a Kubernetes manifest. */
  restoreJob(file = 'latest'): Record<string, unknown> {
    if (file !== 'latest' && !BACKUP_FILE_PATTERN.test(file)) {
      throw new Error(`restore: "${file}" is not a backup file name; expected "latest" or sebserver-YYYYMMDDTHHMMSSZ.sql.gz (list them with: kubectl -n ${this.namespaceName} logs job/<backup job>)`);
    }
    const labels = { 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': this.node.id, 'app.kubernetes.io/component': 'backup', 'app.kubernetes.io/part-of': 'hubfleet' };
    return restoreJobManifest({ namespace: this.namespaceName, image: this.resolved.db.image, labels, rootPassword: this.resolved.props.credentials.databaseRootPassword }, file);
  }

  /**
   * The exact commands that restore a dump from the backup volume: stop SEB Server and SPS, run the
   * restore Job, wait, print its log. Pause ArgoCD auto-sync of this package first (self-heal would
   * scale the servers back up), and resume it afterwards. See lib/seb/README.md.
   */
  restoreCommand(file = 'latest'): string {
    const ns = this.namespaceName;
    const job = JSON.stringify(this.restoreJob(file), null, 2);
    return [
      `kubectl -n ${ns} scale deployment -l app.kubernetes.io/instance=${this.node.id},app.kubernetes.io/name=seb-server --replicas=0`,
      `kubectl -n ${ns} delete job ${BACKUP.restoreJob} --ignore-not-found`,
      `kubectl -n ${ns} create -f - <<'EOF'`,
      job,
      'EOF',
      `kubectl -n ${ns} wait --for=condition=complete --timeout=2h job/${BACKUP.restoreJob}`,
      `kubectl -n ${ns} logs job/${BACKUP.restoreJob}`,
    ].join('\n');
  }

  private service(cid: string, name: string, component: string, port: number, portName: string, annotations: Record<string, string>): void {
    new K8sObject(this, cid, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace: this.namespaceName,
        labels: { 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': this.node.id, 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': 'hubfleet' },
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': this.node.id, 'app.kubernetes.io/component': component },
        ports: [{ name: portName, port, targetPort: portName, protocol: 'TCP' }],
      },
    });
  }

  private pdb(cid: string, name: string, component: string, replicas: number, block: boolean): void {
    new K8sObject(this, cid, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: this.namespaceName, labels: { 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': this.node.id, 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': 'hubfleet' } },
      spec: {
        ...(block ? { minAvailable: replicas } : { maxUnavailable: 1 }),
        selector: { matchLabels: { 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': this.node.id, 'app.kubernetes.io/component': component } },
      },
    });
  }

  /** Cookie affinity set on the Ingress (ingress-nginx). */
  private affinityIngressAnnotations(r: Resolved): Record<string, string> {
    if (r.ingressClass !== 'nginx') return {};
    const n = 'nginx.ingress.kubernetes.io';
    return {
      [`${n}/affinity`]: 'cookie',
      [`${n}/affinity-mode`]: 'persistent',
      [`${n}/session-cookie-name`]: 'SEBGUI_AFFINITY',
      [`${n}/session-cookie-path`]: '/',
      [`${n}/session-cookie-secure`]: 'true',
      [`${n}/session-cookie-samesite`]: 'Lax',
    };
  }

  /** Cookie affinity set on the Service (Traefik reads sticky cookies from Service annotations). */
  private affinityServiceAnnotations(r: Resolved): Record<string, string> {
    if (r.ingressClass !== 'traefik' || !needsAffinity(r)) return {};
    const t = 'traefik.ingress.kubernetes.io/service.sticky.cookie';
    return { [t]: 'true', [`${t}.name`]: 'SEBGUI_AFFINITY', [`${t}.secure`]: 'true', [`${t}.httponly`]: 'true', [`${t}.samesite`]: 'lax' };
  }
}

function antiAffinity(selector: Record<string, string>): Record<string, unknown> {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } }],
    },
  };
}
