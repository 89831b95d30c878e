/**
 * SebServer: the Safe Exam Browser server, wired on one page from its parts (lib/seb/README.md,
 * "Parts"): the namespace, the scripts and Spring config, MariaDB, SEB Server's web service and GUI
 * (bundled or split), screen proctoring, the backup, the routes, the NetworkPolicies and flows.
 */
import { Construct } from 'constructs';
import { checkRules } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { declareProps } from '../core/props-check';
import { ClusterApp } from '../fleet/cluster-app';
import { IsolatedNamespace } from '../fleet/isolated-namespace';
import { Package } from '../fleet/package';
import { affinityServiceAnnotations, guiEnv } from './gui';
import { addMariaDb } from './mariadb';
import { sebNetwork } from './network';
import { MISSING_REF, needsAffinity, resolveSebServer, ResolvedSeb, SEB_PORTS, sebLabels } from './resolved';
import { sebRoutes } from './routes';
import { screenProctoring } from './screen-proctoring';
import { addBackup, BACKUP, BACKUP_FILE_PATTERN, BACKUP_SCRIPT, PASSWORD_GUARD_SCRIPT, RESTORE_SCRIPT, restoreJobManifest } from './seb-backup';
import { sebDeployment, springConfigs } from './seb-deployment';
import { SEB_SERVER_RULES } from './seb-rules';
import { SebServerProps } from './seb-server-props';
import { databaseEnv, immutablePasswordAnnotation, webServiceEnv } from './web-service';
import { SebScope } from './workload';

export type { ScreenProctoringCredentials, ScreenProctoringOptions, SebBackupOptions, SebDatabaseOptions, SebJavaSizing, SebServerCredentials, SebServerProps } from './seb-server-props';
export { SEB_SERVER_RULES } from './seb-rules';

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
  protected readonly resolved: ResolvedSeb;

  constructor(scope: Construct, id: string, props: SebServerProps) {
    const namespace = props.namespace ?? (id === 'seb' ? 'seb' : `seb-${id}`);
    super(scope, id, { group: 'seb', namespace, outputDir: id === 'seb' ? 'seb' : `seb/${id}` });
    declareProps(this, 'SebServerProps', props);
    const app = ClusterApp.of(this);
    const r = resolveSebServer(id, namespace, props, app);
    this.resolved = r;
    this.namespaceName = namespace;
    this.host = r.host;
    this.url = `https://${r.host}`;
    this.guiUrl = `https://${r.guiHost}/gui`;
    if (r.sps) {
      this.screenProctoringUrl = `https://${r.sps.host}`;
      this.screenProctoringGuiUrl = `https://${r.sps.guiHost}`;
    }
    this.addIssues(() => checkRules(this.node.path, r, SEB_SERVER_RULES));
    const s: SebScope = { namespace, labels: sebLabels(id) };
    const { labels, select } = s.labels;
    const creds = props.credentials;
    const block = props.blockEviction ?? false;

    // The namespace; the scripts of backup, restore and password guard; the Spring config per role.
    new IsolatedNamespace(this, 'namespace', { name: namespace, labels: { 'hubfleet.io/kind': 'seb-server', 'hubfleet.io/seb-server': id } });
    new K8sObject(this, 'scripts', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: BACKUP.scripts, namespace, labels: labels('scripts') },
      data: { 'backup.sh': BACKUP_SCRIPT, 'restore.sh': RESTORE_SCRIPT, 'password-guard.sh': PASSWORD_GUARD_SCRIPT },
    });
    const spring = springConfigs(this, s, r);

    // The database.
    this.declarations.database({ namespace, claim: 'seb-mariadb-data', engine: 'mariadb', what: "SEB Server's MariaDB" });
    addMariaDb(this, {
      namespace,
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
      blockEviction: block,
    });

    // SEB Server: web service and GUI in one Deployment, or each in its own.
    new K8sObject(this, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'seb-server', namespace, labels: labels('server') }, automountServiceAccountToken: false });
    const common = { annotations: immutablePasswordAnnotation(r), blockEviction: block };
    if (r.mode === 'bundled') {
      const gui = guiEnv(r, { scheme: 'http', servername: 'localhost', port: String(SEB_PORTS.seb) });
      sebDeployment(this, s, r, { ...common, cid: 'server', name: 'seb-server', component: 'server', sizing: r.server, role: 'bundled', springProperties: spring.get('bundled')!, env: [...databaseEnv(r), ...webServiceEnv(r), ...gui], databaseClient: true, serviceAnnotations: needsAffinity(r) ? affinityServiceAnnotations(r) : {} });
    } else {
      sebDeployment(this, s, r, { ...common, cid: 'webservice', name: 'seb-webservice', component: 'webservice', sizing: r.server, role: 'ws', springProperties: spring.get('ws')!, env: [...databaseEnv(r), ...webServiceEnv(r)], databaseClient: true, serviceAnnotations: {} });
      const gui = guiEnv(r, { scheme: 'http', servername: 'seb-webservice', port: String(SEB_PORTS.seb) });
      sebDeployment(this, s, r, { ...common, cid: 'gui', name: 'seb-guiservice', component: 'gui', sizing: r.gui!, role: 'gui', springProperties: spring.get('gui')!, env: gui, databaseClient: false, serviceAnnotations: affinityServiceAnnotations(r) });
    }

    // Screen proctoring, the backup, the routes, the NetworkPolicies and the flows they must allow.
    if (r.sps && props.screenProctoring) screenProctoring(this, s, { ...r, sps: r.sps }, props.screenProctoring);
    addBackup(this, {
      namespace,
      image: r.db.image,
      labels: labels('backup'),
      rootPassword: creds.databaseRootPassword ?? MISSING_REF,
      schedule: r.backup.schedule,
      timeZone: r.backup.timeZone,
      retentionDays: r.backup.retentionDays,
      storageGiB: r.backup.storageGiB,
      storageClass: r.backup.storageClass,
    });
    sebRoutes(this, s, r);
    sebNetwork(this, this.declarations, s, r, app.spec);
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
    return restoreJobManifest({ namespace: this.namespaceName, image: this.resolved.db.image, labels: sebLabels(this.node.id).labels('backup'), rootPassword: this.resolved.props.credentials.databaseRootPassword }, file);
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
}
