/**
 * The validation table of SebServer props, over the resolved props (resolved.ts); each row has a
 * test in test/seb/seb-server.test.ts. The start contract of each SEB Server container is checked
 * beside it (spring-contract.ts, SEB_START_RULES).
 */
import { PropRule } from '../core/errors';
import { isDnsLabel, isDomain, isPinnedImage } from '../core/names';
import { cronProblem, sizeGiBProblem, timeZoneProblem, valueRule } from '../core/value-rules';
import { ISecretKeyRef } from '../secrets/secret-ref';
import { needsAffinity, ResolvedSeb, SebSizing } from './resolved';
import { isMovingTag, SEB_IMAGES } from './versions';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const refOk = (r: ISecretKeyRef | undefined) => !!r && typeof r.secretName === 'string' && isDnsLabel(r.secretName.replace(/\./g, '-')) && typeof r.key === 'string' && /^[-._a-zA-Z0-9]+$/.test(r.key);

function javaComponents(r: ResolvedSeb): Array<[string, SebSizing]> {
  return [[r.mode === 'bundled' ? 'server' : 'server (webservice)', r.server], ...(r.gui ? [['gui', r.gui] as [string, SebSizing]] : []), ...(r.sps ? [['screenProctoring.sizing', r.sps] as [string, SebSizing]] : [])];
}

function sizingOk(s: SebSizing): boolean {
  return [s.cpuRequest, s.cpuLimit, s.memoryRequestMiB, s.memoryLimitMiB, s.heapMinMiB, s.heapMaxMiB].every((v) => isNum(v) && v > 0) && s.cpuLimit >= s.cpuRequest && s.memoryLimitMiB >= s.memoryRequestMiB;
}

function imageOk(image: unknown): boolean {
  return typeof image === 'string' && isPinnedImage(image) && !isMovingTag(image);
}

/** The validation table of SebServer props; each row has a test in test/seb/seb-server.test.ts. */
export const SEB_SERVER_RULES: readonly PropRule<ResolvedSeb>[] = [
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

/** Ingress classes whose cookie affinity hubfleet configures (routes.ts). */
export const AFFINITY_CLASSES = new Set(['nginx', 'traefik']);
function neededConnections(r: ResolvedSeb): number {
  return 100 * r.server.replicas + (r.sps ? 10 * r.sps.replicas : 0) + 20;
}
function sameRef(a: ISecretKeyRef, b: ISecretKeyRef): boolean {
  return a.secretName === b.secretName && a.key === b.key;
}
