import { HelmChartApplication } from '../../lib/argocd/helm-chart-application';
import { K8sObject } from '../../lib/core/k8s-object';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { REFERENCE_RULES } from '../../lib/model/reference-rules';
import { CertManager } from '../../lib/platform/cert-manager';
import { SealedSecret } from '../../lib/secrets/sealed-secret';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { StorageClassRef } from '../../lib/core/storage-class-ref';
import { testSpec, wiringIssuesOf, SEALED_STAND_IN } from '../helpers';
import { app, deployment, IMAGE, ingress, pkg, svc } from './fixtures';

const hubProps: CourseJupyterHubProps = { auth: HubAuth.moodle('https://moodle.example.org', ['c1']), image: IMAGE, students: 20 };
const rules = (a: ClusterApp) => wiringIssuesOf(a).map((i) => i.rule);
const ldap = (secretName = 'ldap-search') =>
  HubAuth.ldap({ serverAddress: 'ldap.example.org', lookup: { userSearchBase: 'ou=people,dc=example,dc=org', searchUser: 'cn=search', searchPassword: SecretKeyRef.fromName(secretName, 'password') }, allowedGroups: ['cn=students'] });

describe('a well-wired cluster', () => {
  test('a course hub (with nbgrader and a GPU profile on a GPU pool) has no wiring findings', () => {
    const a = new ClusterApp(
      testSpec({
        nodePools: [
          ...testSpec().nodePools,
          { name: 'gpu', roles: ['worker'], count: 1, vcpus: 16, memoryGiB: 64, diskGiB: 100, gpus: 2, labels: { 'hubfleet.io/gpu': 'true' }, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] },
        ],
      }),
    );
    new CourseJupyterHub(a, 'intro', { ...hubProps, maxConcurrentUsers: 1, nbgrader: {}, profiles: [{ displayName: 'CPU', default: true }, { displayName: 'GPU', gpus: 1, nodeSelector: { 'hubfleet.io/gpu': 'true' } }] });
    expect(wiringIssuesOf(a)).toEqual([]);
  });
});

/** One case per rule: an app that breaks exactly that rule, and the message it must give. */
const CASES: Array<{ rule: string; what: string; build: () => ClusterApp; message: RegExp }> = [
  {
    rule: 'wiring-secret',
    what: 'a hub that reads an LDAP password nothing creates',
    build: () => {
      const a = app();
      new CourseJupyterHub(a, 'intro', { ...hubProps, auth: ldap() });
      return a;
    },
    message: /Deployment course-intro\/hub reads Secret "ldap-search" \(key "password"\) in namespace course-intro, but nothing in the output creates it.*hubfleet seal --namespace course-intro --name ldap-search/,
  },
  {
    rule: 'wiring-secret',
    what: 'a SealedSecret without the key the pod reads',
    build: () => {
      const a = app();
      const hub = new CourseJupyterHub(a, 'intro', { ...hubProps, auth: ldap() });
      new SealedSecret(hub, 'ldap-search', { encryptedData: { passwd: SEALED_STAND_IN } });
      return a;
    },
    message: /reads key "password" of Secret course-intro\/ldap-search, which SealedSecret course-intro\/ldap-search .* does not hold \(it has passwd\)/,
  },
  {
    rule: 'wiring-configmap',
    what: 'a pod mounting a ConfigMap that is not in the output',
    build: () => {
      const a = app();
      const p = pkg(a);
      deployment(p, 'web', { pod: { volumes: [{ name: 'cfg', configMap: { name: 'web-config' } }] } });
      svc(p, 'web');
      return a;
    },
    message: /Deployment demo\/web mounts ConfigMap "web-config", which the output does not create/,
  },
  {
    rule: 'wiring-claim',
    what: 'a pod mounting a claim nobody creates',
    build: () => {
      const a = app();
      deployment(pkg(a), 'web', { pod: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'web-data' } }] } });
      return a;
    },
    message: /mounts claim "web-data", which nothing creates in namespace demo/,
  },
  {
    rule: 'wiring-service-account',
    what: 'a pod running as a ServiceAccount that is not in the output',
    build: () => {
      const a = app();
      deployment(pkg(a), 'web', { pod: { serviceAccountName: 'web' } });
      return a;
    },
    message: /runs as ServiceAccount "web", which the output does not create in demo/,
  },
  {
    rule: 'wiring-storage-class-named',
    what: 'a hub on a cluster that has no StorageClass for its database and homes (RKE2 ships none)',
    build: () => {
      const a = app({ existingStorageClasses: [] });
      new CourseJupyterHub(a, 'intro', hubProps);
      return a;
    },
    message: /PersistentVolumeClaim course-intro\/hub-db-dir names no StorageClass; RKE2 ships no StorageClass, so it would wait for a default class that nothing makes/,
  },
  {
    rule: 'wiring-storage-class-exists',
    what: 'a hub database on a StorageClass the cluster does not have',
    build: () => {
      const a = app();
      new CourseJupyterHub(a, 'intro', { ...hubProps, hubDatabaseStorageClass: StorageClassRef.fromName('fast-ssd') });
      return a;
    },
    message: /PersistentVolumeClaim course-intro\/hub-db-dir names StorageClass "fast-ssd", which neither the output nor the ClusterSpec's existingStorageClasses has \(known: local-block\)/,
  },
  {
    rule: 'wiring-storage-access-mode',
    what: 'homes shared ReadWriteMany on a block class',
    build: () => {
      const a = app();
      new CourseJupyterHub(a, 'intro', { ...hubProps, home: { storageClass: StorageClassRef.fromName('local-block', true) } });
      return a;
    },
    message: /claim claim-\{user_server\} that KubeSpawner of hub "intro" creates asks for ReadWriteMany on StorageClass "local-block"/,
  },
  {
    rule: 'wiring-route-backend',
    what: 'an Ingress to a Service that does not exist',
    build: () => {
      const a = app();
      ingress(pkg(a), 'web', { service: 'nope' });
      return a;
    },
    message: /Ingress demo\/web routes to Service "nope", which the output does not create in demo/,
  },
  {
    rule: 'wiring-service-selects',
    what: 'a Service whose selector matches no pod',
    build: () => {
      const a = app();
      const p = pkg(a);
      deployment(p, 'web');
      svc(p, 'web', { app: 'wbe' });
      return a;
    },
    message: /Service demo\/web selects app=wbe, but no pod of the output .* has those labels/,
  },
  {
    rule: 'wiring-route-unique',
    what: 'two hubs on one host',
    build: () => {
      const a = app();
      new CourseJupyterHub(a, 'intro', { ...hubProps, host: 'hub.hubs.example.org' });
      new CourseJupyterHub(a, 'stats', { ...hubProps, host: 'hub.hubs.example.org' });
      return a;
    },
    message: /Ingress course-stats\/jupyterhub serves hub.hubs.example.org\/, which Ingress course-intro\/jupyterhub serves already/,
  },
  {
    rule: 'wiring-route-class',
    what: 'an Ingress of a class no controller serves',
    build: () => {
      const a = app();
      const p = pkg(a);
      deployment(p, 'web');
      svc(p, 'web');
      ingress(p, 'web', { className: 'nginx' });
      return a;
    },
    message: /no controller of this cluster serves IngressClass "nginx" \(the cluster's is "traefik"\)/,
  },
  {
    rule: 'wiring-route-annotations',
    what: 'an ingress-nginx annotation under Traefik',
    build: () => {
      const a = app();
      new CourseJupyterHub(a, 'intro', { ...hubProps, exposureAnnotations: { 'nginx.ingress.kubernetes.io/whitelist-source-range': '10.30.0.0/16' } });
      return a;
    },
    message: /the traefik controller ignores this annotation, so what it asks for \(whitelist-source-range\) does not happen/,
  },
  {
    rule: 'wiring-route-middleware',
    what: 'a route using a Traefik Middleware that is not in the output',
    build: () => {
      const a = app();
      new CourseJupyterHub(a, 'intro', { ...hubProps, exposureAnnotations: { 'traefik.ingress.kubernetes.io/router.middlewares': 'course-intro-rooms@kubernetescrd' } });
      return a;
    },
    message: /the route uses Middleware "course-intro-rooms@kubernetescrd", which the output does not create/,
  },
  {
    rule: 'wiring-tls',
    what: 'an Ingress whose TLS Secret nobody issues',
    build: () => {
      const a = app();
      const p = pkg(a);
      deployment(p, 'web');
      svc(p, 'web');
      ingress(p, 'web', { annotations: {} });
      return a;
    },
    message: /the TLS Secret "web-tls" is neither issued by cert-manager .* nor sealed/,
  },
  {
    rule: 'wiring-tls',
    what: 'an Ingress asking an issuer the output does not have',
    build: () => {
      const a = app({ tls: { acmeEmail: 'ops@example.org', clusterIssuer: 'letsencrypt-staging-typo' } });
      new CertManager(a, 'cert-manager', {});
      new CourseJupyterHub(a, 'intro', hubProps);
      return a;
    },
    message: /the Ingress asks ClusterIssuer "letsencrypt-staging-typo" for its certificate, but the issuers are letsencrypt-prod \(the output\), letsencrypt-staging \(the output\)/,
  },
  {
    rule: 'wiring-scheduling',
    what: 'a GPU profile on a cluster without GPU nodes',
    build: () => {
      const a = app();
      new CourseJupyterHub(a, 'intro', { ...hubProps, profiles: [{ displayName: 'GPU', gpus: 1, nodeSelector: { 'hubfleet.io/gpu': 'true' } }] });
      return a;
    },
    message: /user server \(profile "GPU"\) in course-intro .* fits no node pool, so it stays Pending: pool "cp": its labels do not satisfy nodeSelector hubfleet.io\/gpu=true; .*it has 0 nvidia.com\/gpu per node, the pod asks for 1/,
  },
  {
    rule: 'wiring-scheduling',
    what: 'a profile bigger than any node',
    build: () => {
      const a = app();
      new CourseJupyterHub(a, 'intro', { ...hubProps, profiles: [{ displayName: 'Huge', memoryGuaranteeGiB: 40, memoryLimitGiB: 40 }] });
      return a;
    },
    message: /pool "worker": the pod requests 40.00 GiB, a node can give 30.51 GiB/,
  },
  {
    rule: 'wiring-runtime-pod-safety',
    what: 'a runtime pod that breaks Pod Security "restricted"',
    build: () => {
      const a = app();
      const p = pkg(a);
      p.declarations.runtimePod({
        name: 'worker',
        namespace: 'demo',
        labels: { app: 'worker' },
        createdBy: 'a controller',
        maxCount: 1,
        podSpec: { containers: [{ name: 'w', image: IMAGE, resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }, securityContext: { privileged: true } }] },
      });
      return a;
    },
    message: /privileged containers are not allowed. \(rule pod-security-restricted\)/,
  },
  {
    rule: 'wiring-chart-claim-retained',
    what: "a chart's StatefulSet claim on a class that deletes its volumes",
    build: () => {
      const a = app({ existingStorageClasses: [{ name: 'fast', reclaimPolicy: 'Delete' }] });
      new HelmChartApplication(pkg(a), 'chart', { repoURL: 'https://charts.example.org', chart: 'db', version: '1.0.0', namespace: 'demo', pods: [{ name: 'db', labels: { app: 'db' }, claims: [{ name: 'data-db-0', storageClassName: 'fast', sizeGiB: 10 }] }] });
      return a;
    },
    message: /claim data-db-0 that chart db creates is on StorageClass "fast", whose reclaim policy is Delete/,
  },
  {
    rule: 'wiring-service-monitor-secret',
    what: 'a ServiceMonitor whose bearer token nothing creates',
    build: () => {
      const a = app();
      new K8sObject(pkg(a), 'sm', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'demo' }, spec: { selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http', authorization: { type: 'Bearer', credentials: { name: 'scrape', key: 'token' } } }] } });
      return a;
    },
    message: /Secret demo\/scrape is neither sealed nor generated in demo: prometheus-operator skips the ServiceMonitor/,
  },
  {
    rule: 'wiring-gpu-quota',
    what: 'a GPU quota above the GPUs of the pools (a warning)',
    build: () => {
      const a = app();
      const p = pkg(a);
      new K8sObject(p, 'quota', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'gpus', namespace: 'demo' }, spec: { hard: { 'requests.nvidia.com/gpu': '8' } } });
      return a;
    },
    message: /the quota allows 8 nvidia.com\/gpu, but all node pools together have 0/,
  },
];

describe('REFERENCE_RULES', () => {
  for (const c of CASES) {
    test(`fails ${c.rule} on ${c.what}`, () => {
      const issues = wiringIssuesOf(c.build());
      expect(issues.map((i) => i.rule)).toContain(c.rule);
      const mine = issues.filter((i) => i.rule === c.rule);
      expect(mine.map((i) => `${i.message} Fix: ${i.fix}`).join("\n")).toMatch(c.message);
      for (const i of mine) {
        expect(i.path).not.toBe('');
        expect(i.fix.length).toBeGreaterThan(10);
      }
      // Nothing else is wrong with the case: it breaks exactly that rule (warnings aside).
      expect([...new Set(issues.filter((i) => i.severity !== 'warning' || i.rule === c.rule).map((i) => i.rule))]).toEqual([c.rule]);
    });
  }

  test('every rule in the table has a failing case here', () => {
    expect([...new Set(CASES.map((c) => c.rule))].sort()).toEqual(REFERENCE_RULES.map((r) => r.id).sort());
  });

  test('a hub never asks a GPU quota above the GPUs of the pools', () => {
    const a = new ClusterApp(testSpec({ nodePools: [...testSpec().nodePools, { name: 'gpu', roles: ['worker'], count: 1, vcpus: 16, memoryGiB: 64, diskGiB: 100, gpus: 1, labels: { 'hubfleet.io/gpu': 'true' }, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] }] }));
    new CourseJupyterHub(a, 'intro', { ...hubProps, maxConcurrentUsers: 5, profiles: [{ displayName: 'GPU', gpus: 1, nodeSelector: { 'hubfleet.io/gpu': 'true' } }] });
    expect(wiringIssuesOf(a)).toEqual([]);
  });

  test('the GPU quota finding is a warning, the others errors', () => {
    const gpu = CASES.find((c) => c.rule === 'wiring-gpu-quota')!;
    expect(wiringIssuesOf(gpu.build()).every((i) => i.severity === 'warning')).toBe(true);
    expect(wiringIssuesOf(CASES[0].build()).every((i) => i.severity === undefined)).toBe(true);
  });

  test('an optional Secret reference is not required to exist', () => {
    const a = app();
    const p = pkg(a);
    deployment(p, 'web', { container: { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'maybe', key: 'x', optional: true } } }] } });
    expect(rules(a)).toEqual([]);
  });

  test('a generated Secret counts only with the keys its creator declares', () => {
    const a = app();
    const p = pkg(a);
    deployment(p, 'web', { container: { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'gen', key: 'token' } } }] } });
    p.declarations.generatedSecret({ namespace: 'demo', name: 'gen', keys: ['other'], by: 'Deployment demo/web' });
    expect(rules(a)).toEqual(['wiring-secret']);
    p.declarations.generatedSecret({ namespace: 'demo', name: 'gen', keys: ['token'], by: 'Deployment demo/web' });
    expect(rules(a)).toEqual([]);
  });

  test('a StorageClass of the output counts; an object claim on it passes', () => {
    const a = app({ existingStorageClasses: [] });
    const p = pkg(a);
    new K8sObject(p, 'sc', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'mine' }, provisioner: 'csi.example.org', reclaimPolicy: 'Retain' });
    new K8sObject(p, 'pvc', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'demo' }, spec: { storageClassName: 'mine', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    expect(rules(a)).toEqual([]);
  });
});
