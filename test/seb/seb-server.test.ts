import { ethTeachingSeb } from '../../apps/eth-teaching.seb';
import { ethTeaching } from '../../clusters/eth-teaching';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { collect, validateObjects } from '../../lib/fleet/synth';
import { SebServer, SebServerProps } from '../../lib/seb/seb-server';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';

const secret = (key: string) => SecretKeyRef.fromName('seb-credentials', key);
const credentials = {
  sebServerPassword: secret('sebserver-password'),
  databaseRootPassword: secret('db-root-password'),
  databasePassword: secret('db-password'),
};
const sps = {
  guiImage: 'naritter/seb-sps-gui@sha256:' + 'a'.repeat(64),
  credentials: { sebServerClientSecret: secret('sps-client-secret'), guiClientSecret: secret('sps-gui-secret'), sebServerAccountPassword: secret('sps-account-password') },
};

function build(props: Partial<SebServerProps> = {}, spec: ClusterSpec = ethTeaching, id = 'seb') {
  const app = new ClusterApp(spec);
  const seb = new SebServer(app, id, { credentials, ...props });
  const { objects, issues } = collect(app);
  const json = objects.map((o) => o.json);
  const find = (kind: string, name: string) => json.find((o) => o.kind === kind && o.metadata.name === name);
  const envOf = (deployment: string, container?: string) => {
    const d = find('Deployment', deployment);
    const c = d.spec.template.spec.containers.find((x: any) => !container || x.name === container);
    return Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
  };
  return { app, seb, objects, issues, json, find, envOf, validation: validateObjects(objects) };
}
const rulesOf = (issues: { rule: string }[]) => issues.map((i) => i.rule);

describe('SebServer bundled (default)', () => {
  const b = build();

  it('passes strict validation and has no prop issues', () => {
    expect(b.issues).toEqual([]);
    expect(b.validation).toEqual([]);
  });

  it('writes to dist/<cluster>/k8s/seb in namespace seb', () => {
    expect(b.seb.outputDir).toBe('seb');
    expect(b.seb.namespaceName).toBe('seb');
    expect(new Set(b.json.filter((o) => o.metadata.namespace).map((o) => o.metadata.namespace))).toEqual(new Set(['seb']));
  });

  it('runs one Deployment with the bundled profiles and a pinned version', () => {
    const deps = b.json.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    expect(deps).toEqual(['seb-server']);
    const env = b.envOf('seb-server', 'seb-server');
    expect(env.spring_profiles_active).toBe('bundled,prod');
    expect(b.find('Deployment', 'seb-server').spec.template.spec.containers[0].image).toBe('anhefti/seb-server:v2.2.0');
    expect(env.sebserver_webservice_distributed).toBe('false');
    expect(b.find('Deployment', 'seb-server').spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('sets the external URL to the public HTTPS name', () => {
    const env = b.envOf('seb-server', 'seb-server');
    expect(env.sebserver_webservice_http_external_scheme).toBe('https');
    expect(env.sebserver_webservice_http_external_servername).toBe('seb.teaching.example-university.ch');
    expect(env.sebserver_webservice_http_external_port).toBe('');
    expect(b.seb.url).toBe('https://seb.teaching.example-university.ch');
    expect(b.seb.guiUrl).toBe('https://seb.teaching.example-university.ch/gui');
  });

  it('sizes the heap within the memory limit', () => {
    const d = b.find('Deployment', 'seb-server');
    const env = b.envOf('seb-server', 'seb-server');
    expect(env.JAVA_HEAP_MIN).toBe('1024m');
    expect(env.JAVA_HEAP_MAX).toBe('3072m');
    expect(d.spec.template.spec.containers[0].resources.limits.memory).toBe('4Gi');
  });

  it('probes /sebserver/check with a startup probe for the first migration', () => {
    const c = b.find('Deployment', 'seb-server').spec.template.spec.containers[0];
    for (const p of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(c[p].httpGet.path).toBe('/sebserver/check');
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(600);
  });

  it('runs as the numeric spring user under Pod Security restricted', () => {
    const pod = b.find('Deployment', 'seb-server').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(b.find('Namespace', 'seb').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('takes every credential from Secret references and renders no Secret', () => {
    expect(b.json.some((o) => o.kind === 'Secret')).toBe(false);
    const env = b.envOf('seb-server', 'seb-server');
    expect(env.sebserver_password).toEqual({ secretKeyRef: { name: 'seb-credentials', key: 'sebserver-password' } });
    expect(env.spring_datasource_password).toEqual({ secretKeyRef: { name: 'seb-credentials', key: 'db-password' } });
    const db = b.find('StatefulSet', 'seb-mariadb').spec.template.spec.containers[0];
    const dbEnv = Object.fromEntries(db.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(dbEnv.MARIADB_ROOT_PASSWORD).toEqual({ secretKeyRef: { name: 'seb-credentials', key: 'db-root-password' } });
    expect(dbEnv.MARIADB_PASSWORD).toEqual({ secretKeyRef: { name: 'seb-credentials', key: 'db-password' } });
    // no literal that looks like a password anywhere
    for (const o of b.json) {
      for (const c of o.spec?.template?.spec?.containers ?? []) for (const e of c.env ?? []) if (/pass|pwd|secret/i.test(e.name)) expect(e.valueFrom?.secretKeyRef).toBeDefined();
    }
  });

  it('guards the SEB Server password: init container, annotation', () => {
    const d = b.find('Deployment', 'seb-server');
    expect(d.metadata.annotations['hubfleet.io/immutable-secret']).toMatch(/^seb-credentials\/sebserver-password: .*never change/);
    const init = d.spec.template.spec.initContainers[0];
    expect(init.name).toBe('password-guard');
    const env = Object.fromEntries(init.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env.SEBSERVER_PASSWORD).toEqual({ secretKeyRef: { name: 'seb-credentials', key: 'sebserver-password' } });
  });

  it('pins MariaDB to the current 11.4 LTS patch release', () => {
    expect(b.find('StatefulSet', 'seb-mariadb').spec.template.spec.containers[0].image).toBe('mariadb:11.4.13');
  });

  it('keeps the database: StatefulSet, protected PVC and namespace, utf8mb4 and connection limits', () => {
    const sts = b.find('StatefulSet', 'seb-mariadb');
    expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true });
    const mounts = sts.spec.template.spec.containers[0].volumeMounts.map((m: any) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(['/var/lib/mysql', '/run/mysqld', '/tmp']));
    const pvc = b.find('PersistentVolumeClaim', 'seb-mariadb-data');
    expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(b.find('Namespace', 'seb').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    const cnf = b.find('ConfigMap', 'seb-mariadb-config').data['config.cnf'];
    expect(cnf).toContain('character-set-server = utf8mb4');
    expect(cnf).toContain('collation-server = utf8mb4_general_ci');
    expect(cnf).toContain('max_connections = 5000');
    expect(cnf).toContain('max_allowed_packet = 256M');
    expect(cnf).toContain('skip-name-resolve');
    expect(b.find('Service', 'seb-mariadb').spec.ports[0].port).toBe(3306);
  });

  it('lets only SEB Server pods and the backup reach the database', () => {
    const np = b.find('NetworkPolicy', 'seb-mariadb');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'hubfleet.io/seb-database-client': 'true' } } }], ports: [{ protocol: 'TCP', port: 3306 }] }]);
    const clients = b.json
      .filter((o) => ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind))
      .filter((o) => (o.spec.template ?? o.spec.jobTemplate.spec.template).metadata.labels['hubfleet.io/seb-database-client'] === 'true')
      .map((o) => o.metadata.name);
    expect(clients.sort()).toEqual(['seb-db-backup', 'seb-server']);
    expect(b.find('NetworkPolicy', 'default-deny')).toBeDefined();
  });

  it('has an Ingress with cert-manager TLS for the public host', () => {
    const ing = b.find('Ingress', 'seb-server');
    expect(ing.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(ing.spec.tls).toEqual([{ hosts: ['seb.teaching.example-university.ch'], secretName: 'seb-server-tls' }]);
    expect(ing.spec.ingressClassName).toBe('traefik');
  });

  it('has a nightly consistent backup CronJob to a protected volume', () => {
    const cj = b.find('CronJob', 'seb-db-backup');
    expect(cj.spec.concurrencyPolicy).toBe('Forbid');
    expect(cj.spec.schedule).toBe('30 2 * * *');
    const c = cj.spec.jobTemplate.spec.template.spec.containers[0];
    expect(c.env.find((e: any) => e.name === 'RETENTION_DAYS').value).toBe('14');
    expect(b.find('PersistentVolumeClaim', 'seb-db-backup').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(b.find('ConfigMap', 'seb-scripts').data['backup.sh']).toContain('--single-transaction');
  });

  it('has PodDisruptionBudgets for the server and the database', () => {
    expect(b.find('PodDisruptionBudget', 'seb-server').spec).toMatchObject({ maxUnavailable: 1 });
    expect(b.find('PodDisruptionBudget', 'seb-mariadb').spec).toMatchObject({ maxUnavailable: 1 });
    const blocked = build({ blockEviction: true });
    expect(blocked.find('PodDisruptionBudget', 'seb-server').spec).toMatchObject({ minAvailable: 1 });
  });

  it('more than one bundled replica: distributed mode and cookie affinity (Traefik: on the Service)', () => {
    const r = build({ server: { replicas: 2 } });
    expect(r.issues).toEqual([]);
    expect(r.validation).toEqual([]);
    expect(r.envOf('seb-server', 'seb-server').sebserver_webservice_distributed).toBe('true');
    expect(r.find('Service', 'seb-server').metadata.annotations['traefik.ingress.kubernetes.io/service.sticky.cookie']).toBe('true');
    expect(r.find('Deployment', 'seb-server').spec.strategy.type).toBe('RollingUpdate');
  });

  it('matches the snapshot', () => {
    expect(b.json).toMatchSnapshot();
  });
});

describe('SebServer split', () => {
  const s = build({ mode: 'split', server: { replicas: 2 }, gui: { replicas: 2 } }, { ...ethTeaching, ingress: { kind: 'ingress', className: 'nginx', controllerNamespace: 'ingress-nginx' } }, 'exams');

  it('passes strict validation', () => {
    expect(s.issues).toEqual([]);
    expect(s.validation).toEqual([]);
    expect(s.seb.outputDir).toBe('seb/exams');
    expect(s.seb.namespaceName).toBe('seb-exams');
  });

  it('runs webservice and GUI with the matching profiles', () => {
    expect(s.envOf('seb-webservice').spring_profiles_active).toBe('ws,prod');
    expect(s.envOf('seb-guiservice').spring_profiles_active).toBe('gui,prod');
    expect(s.envOf('seb-guiservice').sebserver_gui_http_webservice_servername).toBe('seb-webservice');
    expect(s.envOf('seb-guiservice').sebserver_gui_http_webservice_port).toBe('8080');
    expect(s.find('Service', 'seb-webservice').spec.ports[0].port).toBe(8080);
    expect(s.envOf('seb-guiservice').sebserver_password).toEqual(s.envOf('seb-webservice').sebserver_password);
  });

  it('two webservice replicas switch on distributed mode', () => {
    expect(s.envOf('seb-webservice').sebserver_webservice_distributed).toBe('true');
    const one = build({ mode: 'split' });
    expect(one.envOf('seb-webservice').sebserver_webservice_distributed).toBe('false');
    expect(one.find('Ingress', 'seb-guiservice').metadata.annotations['nginx.ingress.kubernetes.io/affinity']).toBeUndefined();
  });

  it('two GUI replicas get cookie affinity on the GUI Ingress (nginx)', () => {
    const ann = s.find('Ingress', 'seb-guiservice').metadata.annotations;
    expect(ann['nginx.ingress.kubernetes.io/affinity']).toBe('cookie');
    expect(s.find('Ingress', 'seb-webservice').metadata.annotations['nginx.ingress.kubernetes.io/affinity']).toBeUndefined();
  });

  it('the GUI cannot reach the database; GUI reaches only the webservice', () => {
    expect(s.find('Deployment', 'seb-guiservice').spec.template.metadata.labels['hubfleet.io/seb-database-client']).toBeUndefined();
    expect(s.find('Deployment', 'seb-guiservice').spec.template.spec.initContainers).toBeUndefined();
    const np = s.find('NetworkPolicy', 'seb-guiservice');
    expect(np.spec.egress.map((e: any) => e.ports)).toContainEqual([{ protocol: 'TCP', port: 8080 }]);
    expect(JSON.stringify(np.spec.egress)).not.toContain('3306');
    expect(s.find('NetworkPolicy', 'seb-webservice').spec.ingress[0].from).toContainEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': 'exams', 'app.kubernetes.io/component': 'gui' } } });
  });

  it('GUI external URL is its own host; autologin points to it', () => {
    expect(s.envOf('seb-guiservice').sebserver_gui_http_external_servername).toBe('seb-gui.teaching.example-university.ch');
    expect(s.envOf('seb-webservice').sebserver_webservice_autologin_url).toBe('https://seb-gui.teaching.example-university.ch');
  });
});

describe('SebServer screen proctoring', () => {
  const p = build({ screenProctoring: sps });

  it('passes strict validation', () => {
    expect(p.issues).toEqual([]);
    expect(p.validation).toEqual([]);
  });

  it('wires each paired secret into both sides', () => {
    const ws = p.envOf('seb-server', 'seb-server');
    const spsEnv = p.envOf('sps-webservice');
    const gui = p.envOf('sps-guiservice', 'sps-guiservice');
    expect(ws.sps_sebserver_client_secret).toEqual(spsEnv.sebserver_client_secret);
    expect(ws.sps_sebserver_password).toEqual(spsEnv.sps_init_sebserveraccount_password);
    expect(gui.PROCTOR_SERVER_PASSWORD).toEqual(spsEnv.spsgui_client_secret);
    expect(spsEnv.sebserver_password).toEqual(ws.sebserver_password);
    expect(p.find('ConfigMap', 'seb-server-config').data['application-prod.properties']).toContain('sebserver.feature.exam.seb.screenProctoring.bundled.url=https://seb-sps.teaching.example-university.ch\n');
    expect(p.find('Deployment', 'sps-webservice').spec.template.spec.containers[0].image).toBe('anhefti/seb-sps:v1.2.3');
  });

  it('never exposes the SPS JMX port (9091)', () => {
    const all = JSON.stringify(p.json.filter((o) => ['Service', 'NetworkPolicy', 'Ingress'].includes(o.kind)));
    expect(all).not.toContain('9091');
    expect(p.find('Deployment', 'sps-webservice').spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 8090, protocol: 'TCP' }]);
    expect(p.find('NetworkPolicy', 'sps-webservice').spec.ingress.map((r: any) => r.ports)).toEqual([[{ protocol: 'TCP', port: 8090 }]]);
  });

  it('refuses unpaired or missing proctoring secrets and a moving GUI tag', () => {
    const bad = build({ screenProctoring: { ...sps, guiImage: 'naritter/seb-sps-gui:v1.2-stable', credentials: { ...sps.credentials, guiClientSecret: sps.credentials.sebServerClientSecret } } });
    expect(rulesOf(bad.issues)).toEqual(expect.arrayContaining(['seb-sps-secrets', 'seb-sps-images-pinned']));
  });
});

describe('SebServer bad input', () => {
  it('fails when the heap is above the memory limit', () => {
    const { issues } = build({ server: { memoryLimitMiB: 3072, heapMaxMiB: 4096 } });
    const i = issues.find((x) => x.rule === 'seb-heap-within-limit')!;
    expect(i).toBeDefined();
    expect(i.field).toBe('server.heapMaxMiB');
    expect(i.message).toMatch(/JAVA_HEAP_MAX is above 80 % of the container memory limit/);
    expect(i.value).toEqual([{ component: 'server', heapMaxMiB: 4096, memoryLimitMiB: 3072 }]);
  });

  it('fails when the GUI heap is above its limit in split mode', () => {
    expect(rulesOf(build({ mode: 'split', gui: { memoryLimitMiB: 1024, heapMaxMiB: 1024 } }).issues)).toContain('seb-heap-within-limit');
  });

  it('fails when the public host name is missing', () => {
    const { issues } = build({ host: '' });
    const i = issues.find((x) => x.rule === 'seb-host')!;
    expect(i.message).toMatch(/public host name SEB clients reach is missing/);
    expect(i.fix).toMatch(/never an internal service name/);
  });

  it('fails on an unpinned or moving image', () => {
    for (const image of ['anhefti/seb-server', 'anhefti/seb-server:latest', 'anhefti/seb-server:v2.2-stable', 'anhefti/seb-server:v2.2']) {
      expect(rulesOf(build({ image }).issues)).toEqual(['seb-image-pinned']);
    }
    expect(rulesOf(build({ database: { image: 'mariadb:11.4' } }).issues)).toEqual(['seb-db-image-pinned']);
    expect(build({ image: 'anhefti/seb-server@sha256:' + 'b'.repeat(64) }).issues).toEqual([]);
  });

  it('fails without a SEB Server password reference, or with one DB key for both accounts', () => {
    expect(rulesOf(build({ credentials: { ...credentials, sebServerPassword: undefined as any } }).issues)).toContain('seb-password-ref');
    expect(rulesOf(build({ credentials: { ...credentials, databasePassword: credentials.databaseRootPassword } }).issues)).toContain('seb-db-password-refs');
  });

  it('fails on bad replicas, GUI sizing in bundled mode, bad backup, too few connections', () => {
    expect(rulesOf(build({ server: { replicas: 0 } }).issues)).toContain('seb-replicas');
    expect(rulesOf(build({ gui: { replicas: 2 } }).issues)).toContain('seb-gui-split-only');
    expect(rulesOf(build({ backup: { retentionDays: 0 } }).issues)).toContain('seb-backup');
    expect(rulesOf(build({ backup: { schedule: 'nightly' } }).issues)).toContain('seb-backup-schedule');
    expect(rulesOf(build({ backup: { timeZone: 'Local' } }).issues)).toContain('seb-backup-time-zone');
    expect(rulesOf(build({ database: { storageGiB: 1e21 } }).issues)).toContain('seb-db-storage-size');
    expect(rulesOf(build({ database: { maxConnections: 50 } }).issues)).toContain('seb-db-connections');
    expect(rulesOf(build({ database: { innodbBufferPoolMiB: 3000 } }).issues)).toContain('seb-db-sizes');
  });

  it('fails when GUI replicas need affinity the ingress class cannot give', () => {
    const spec: ClusterSpec = { ...ethTeaching, ingress: { kind: 'ingress', className: 'haproxy' } };
    expect(rulesOf(build({ mode: 'split', gui: { replicas: 2 } }, spec).issues)).toEqual(['seb-cookie-affinity']);
  });
});

describe('restore command', () => {
  const b = build();

  it('returns the exact kubectl commands and a restricted restore Job', () => {
    const cmd = b.seb.restoreCommand('sebserver-20260101T023000Z.sql.gz');
    const lines = cmd.split('\n');
    expect(lines[0]).toBe('kubectl -n seb scale deployment -l app.kubernetes.io/instance=seb,app.kubernetes.io/name=seb-server --replicas=0');
    expect(lines[1]).toBe('kubectl -n seb delete job seb-db-restore --ignore-not-found');
    expect(lines[2]).toBe("kubectl -n seb create -f - <<'EOF'");
    expect(lines.slice(-3)).toEqual(['EOF', 'kubectl -n seb wait --for=condition=complete --timeout=2h job/seb-db-restore', 'kubectl -n seb logs job/seb-db-restore']);
    const job = JSON.parse(lines.slice(3, -3).join('\n'));
    expect(job).toEqual(b.seb.restoreJob('sebserver-20260101T023000Z.sql.gz'));
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(['/bin/bash', '/scripts/restore.sh']);
    expect(c.env).toContainEqual({ name: 'BACKUP_FILE', value: 'sebserver-20260101T023000Z.sql.gz' });
    expect(job.spec.template.metadata.labels['hubfleet.io/seb-database-client']).toBe('true');
    // The Job passes the same schema and Pod Security checks as the synthesized objects.
    const issues = validateObjects([...b.objects, { path: 'restore', pkg: b.seb, json: job }]);
    expect(issues).toEqual([]);
  });

  it('defaults to the latest dump and refuses other file names', () => {
    expect(b.seb.restoreJob()).toMatchObject({ spec: { template: { spec: { containers: [{ env: expect.arrayContaining([{ name: 'BACKUP_FILE', value: 'latest' }]) }] } } } });
    expect(() => b.seb.restoreCommand('../etc/passwd')).toThrow(/not a backup file name/);
    expect(b.seb.backupNowCommand()).toMatch(/^kubectl -n seb create job --from=cronjob\/seb-db-backup /);
  });
});

describe('eth-teaching example', () => {
  it('runs one SEB Server that passes strict validation', () => {
    const app = new ClusterApp(ethTeaching);
    const seb = ethTeachingSeb(app);
    const { objects, issues } = collect(app);
    expect(issues).toEqual([]);
    expect(validateObjects(objects)).toEqual([]);
    expect(seb.url).toBe('https://seb.teaching.example-university.ch');
    expect(objects.filter((o) => o.json.kind === 'CronJob').map((o) => o.json.metadata.name)).toEqual(['seb-db-backup']);
  });
});
