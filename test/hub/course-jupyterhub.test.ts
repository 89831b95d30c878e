import { hasPython, runConfig } from './run-config';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { COURSE_HUB_RULES, CourseJupyterHub, CourseJupyterHubProps } from '../../lib/hub/course-jupyterhub';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { StorageClassRef } from '../../lib/core/storage-class-ref';
import { UserImage } from '../../lib/hub/user-image';
import { find, issuesOf, objectsOf, testSpec } from '../helpers';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';
const NB_IMAGE = UserImage.of('ghcr.io/example-university/hubfleet-course-scipy:2025-08-18', { provides: ['nbgrader', 'ngshare-exchange', 'nbgitpuller'] });
const moodle = () => HubAuth.moodle('https://moodle.example.org', ['client-1']);

function hub(props: Partial<CourseJupyterHubProps> = {}, id = 'intro') {
  const app = new ClusterApp(testSpec());
  const h = new CourseJupyterHub(app, id, { auth: moodle(), image: IMAGE, students: 40, ...props });
  return { app, hub: h, objects: objectsOf(app) };
}


describe('CourseJupyterHub', () => {
  test('the smallest course passes strict validation and every safety rule', () => {
    const { app } = hub();
    expect(issuesOf(app)).toEqual([]);
  });

  test('renders the z2jh object set with chosen, stable names in its own namespace', () => {
    const all = hub().objects;
    // The cluster-scoped PriorityClasses the hub uses live in platform package priority-classes.
    expect(all.filter((o) => o.json.kind === 'PriorityClass').map((o) => o.pkg.outputDir)).toEqual(Array(5).fill('platform/priority-classes'));
    const objects = all.filter((o) => o.json.kind !== 'PriorityClass');
    const ids = objects.map((o) => `${o.json.kind}/${o.json.metadata.name}`).sort();
    expect(ids).toEqual(
      [
        'ConfigMap/hub-config', 'Deployment/hub', 'Deployment/proxy', 'Ingress/jupyterhub', 'LimitRange/limits', 'Namespace/course-intro',
        'NetworkPolicy/acme-http01-solver', 'NetworkPolicy/default-deny', 'NetworkPolicy/hub', 'NetworkPolicy/proxy', 'NetworkPolicy/singleuser', 'PersistentVolumeClaim/hub-db-dir',
        'PodDisruptionBudget/hub', 'PodDisruptionBudget/proxy', 'ResourceQuota/quota', 'Role/hub', 'RoleBinding/hub', 'Service/hub',
        'Service/proxy-api', 'Service/proxy-public', 'ServiceAccount/hub',
      ].sort(),
    );
    for (const o of objects) if (o.json.kind !== 'Namespace') expect(o.json.metadata.namespace).toBe('course-intro');
  });

  test('the namespace enforces restricted Pod Security and is kept on removal', () => {
    const ns = find(hub().objects, 'Namespace', 'course-intro');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('the hub database claim is kept on removal', () => {
    const pvc = find(hub().objects, 'PersistentVolumeClaim', 'hub-db-dir');
    expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('the hub image is pinned to one z2jh release and the hub probes /hub/health', () => {
    const d = find(hub().objects, 'Deployment', 'hub');
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe('quay.io/jupyterhub/k8s-hub:4.4.0');
    expect(c.readinessProbe.httpGet.path).toBe('/hub/health');
    expect(c.livenessProbe.httpGet.path).toBe('/hub/health');
    expect(d.spec.strategy.type).toBe('Recreate');
  });

  test('internal secrets come from the in-cluster generated Secret, never from Git', () => {
    const { objects } = hub({ nbgrader: { instructors: ['prof'] }, image: NB_IMAGE });
    const d = find(objects, 'Deployment', 'hub');
    const env = d.spec.template.spec.containers[0].env;
    for (const name of ['CONFIGPROXY_AUTH_TOKEN', 'JPY_COOKIE_SECRET', 'JUPYTERHUB_CRYPT_KEY', 'HUBFLEET_NGSHARE_TOKEN']) {
      expect(env.find((e: any) => e.name === name).valueFrom.secretKeyRef.name).toBe('hub-generated');
    }
    const init = d.spec.template.spec.initContainers[0];
    expect(init.env.find((e: any) => e.name === 'SECRET_KEYS').value).toBe('proxy-token,cookie-secret,crypt-key,ngshare-token');
    expect(objects.some((o) => o.json.kind === 'Secret')).toBe(false);
    const proxy = find(objects, 'Deployment', 'proxy');
    expect(proxy.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef).toEqual({ name: 'hub-generated', key: 'proxy-token' });
  });

  test('the hub Role holds only what KubeSpawner and the secret init need, and cannot delete homes', () => {
    const role = find(hub().objects, 'Role', 'hub');
    const pvc = role.rules.find((r: any) => r.resources.includes('persistentvolumeclaims'));
    expect(pvc.verbs).not.toContain('delete');
    const secretRules = role.rules.filter((r: any) => r.resources.includes('secrets'));
    expect(secretRules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['hub-generated'], verbs: ['get', 'patch'] },
    ]);
  });

  test('user pods never reach metadata, the API, private ranges or blocked CIDRs', () => {
    const np = find(hub().objects, 'NetworkPolicy', 'singleuser');
    const internet = np.spec.egress.find((e: any) => e.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0');
    expect(internet.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10', '131.152.0.0/16']));
    // the node network (API server) is inside 10/8, so it is covered
    expect(np.spec.egress.some((e: any) => e.ports?.some((p: any) => p.port === 6443 || p.port === 443))).toBe(false);
  });

  test('an exam-style hub without internet keeps only DNS, hub and proxy', () => {
    const np = find(hub({ internetAccess: false }).objects, 'NetworkPolicy', 'singleuser');
    expect(np.spec.egress.some((e: any) => e.to?.some((t: any) => t.ipBlock))).toBe(false);
    expect(np.spec.egress).toHaveLength(3);
  });

  test('the hub reaches the Kubernetes API and the LMS over 443, but not link-local', () => {
    const np = find(hub().objects, 'NetworkPolicy', 'hub');
    const auth = np.spec.egress.find((e: any) => e.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0');
    expect(auth.to[0].ipBlock.except).toEqual(['169.254.0.0/16']);
    expect(auth.ports).toEqual([{ protocol: 'TCP', port: 443 }]);
    expect(np.spec.egress.some((e: any) => e.ports?.[0]?.port === 6443)).toBe(true);
  });

  test('quota and limits are sized from students, concurrency and the profiles (the peak: default servers plus one of each larger profile)', () => {
    const { objects } = hub({ students: 100, maxConcurrentUsers: 50, memoryGuaranteeGiB: 1, memoryLimitGiB: 2, profiles: [{ displayName: 'Big', memoryGuaranteeGiB: 4, memoryLimitGiB: 8, gpus: 1 }] });
    const q = find(objects, 'ResourceQuota', 'quota').spec.hard;
    // 50 × 1 GiB + one Big server's extra 3 GiB + the hub's own pods 0.75 GiB (test/hub/quota.test.ts has the rest).
    expect(q['requests.memory']).toBe(`${Math.round((50 * 1 + 3 + 0.75) * 1024)}Mi`);
    expect(q['limits.memory']).toBe(`${Math.round((50 * 2 + 6 + 1.5) * 1024)}Mi`);
    expect(q.persistentvolumeclaims).toBe('104');
    expect(q['requests.storage']).toBe('1001Gi');
    // 50 servers × 1 GPU, capped at the GPUs the pools have (none in the test cluster).
    expect(q['requests.nvidia.com/gpu']).toBe('0');
    expect(find(objects, 'LimitRange', 'limits').spec.limits[0].max.memory).toBe('8Gi');
  });

  test('homes go on the chosen StorageClass with ReadWriteMany for NFS, and are never deleted by the hub', () => {
    const { hub: h } = hub({ home: { storageClass: StorageClassRef.fromName('nfs-homes', true), sizeGiB: 5 } });
    expect(h.hubConfig).toContain('c.KubeSpawner.storage_class = "nfs-homes"');
    expect(h.hubConfig).toContain('c.KubeSpawner.storage_access_modes = ["ReadWriteMany"]');
    expect(h.hubConfig).toContain('c.KubeSpawner.storage_capacity = "5Gi"');
    expect(h.hubConfig).toContain('c.KubeSpawner.delete_pvc = False');
  });

  test('a GPU profile gets extra resource limits, node selector and a GPU toleration', () => {
    const { hub: h } = hub({ profiles: [{ displayName: 'CPU', default: true }, { displayName: 'GPU', gpus: 1, nodeSelector: { 'hubfleet.io/gpu': 'true' } }] });
    expect(h.hubConfig).toMatch(/"extra_resource_limits": \{\n\s+"nvidia.com\/gpu": "1",/);
    expect(h.hubConfig).toContain('"hubfleet.io/gpu": "true"');
    expect(h.hubConfig).toMatch(/"key": "nvidia.com\/gpu",\n\s+"operator": "Exists",\n\s+"effect": "NoSchedule"/);
  });

  test('nbgrader adds ngshare (kept volume, service registered with the hub, reachable from user pods)', () => {
    const { objects, hub: h } = hub({ nbgrader: { instructors: ['prof'] }, image: NB_IMAGE });
    expect(find(objects, 'PersistentVolumeClaim', 'ngshare-data').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(find(objects, 'Deployment', 'ngshare').spec.template.spec.containers[0].image).toBe('libretexts/ngshare:v0.6.0');
    expect(h.hubConfig).toContain('"url": "http://ngshare.course-intro.svc.cluster.local:8080"');
    const np = find(objects, 'NetworkPolicy', 'singleuser');
    expect(np.spec.egress.some((e: any) => e.to?.[0]?.podSelector?.matchLabels?.component === 'ngshare')).toBe(true);
  });

  test('a shared host with a base path sets base_url, ingress path and probes', () => {
    const { objects, hub: h } = hub({ host: 'jupyter.example.org', basePath: '/intro/' });
    expect(h.url).toBe('https://jupyter.example.org/intro/');
    expect(h.hubConfig).toContain('c.JupyterHub.base_url = "/intro/"');
    expect(find(objects, 'Ingress', 'jupyterhub').spec.rules[0].http.paths[0].path).toBe('/intro/');
    expect(find(objects, 'Deployment', 'hub').spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/intro/hub/health');
  });

  test('the Gateway API mode renders an HTTPRoute instead of an Ingress', () => {
    const app = new ClusterApp(testSpec({ ingress: { kind: 'gateway', gateway: { namespace: 'gw', name: 'public' } } }));
    new CourseJupyterHub(app, 'intro', { auth: moodle(), image: IMAGE, students: 10 });
    const objects = objectsOf(app);
    expect(objects.some((o) => o.json.kind === 'Ingress')).toBe(false);
    expect(find(objects, 'HTTPRoute', 'jupyterhub').spec.parentRefs[0]).toMatchObject({ namespace: 'gw', name: 'public' });
    expect(issuesOf(app)).toEqual([]);
  });

  test('the config changes roll the hub (content hash annotation, deterministic)', () => {
    const a = find(hub().objects, 'Deployment', 'hub').spec.template.metadata.annotations['hubfleet.io/config-hash'];
    const b = find(hub().objects, 'Deployment', 'hub').spec.template.metadata.annotations['hubfleet.io/config-hash'];
    const c = find(hub({ memoryLimitGiB: 3 }).objects, 'Deployment', 'hub').spec.template.metadata.annotations['hubfleet.io/config-hash'];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  test('snapshot of the rendered course', () => {
    const { objects } = hub({ nbgrader: { instructors: ['prof@example.org'] }, image: NB_IMAGE, profiles: [{ displayName: 'Standard', default: true }, { displayName: 'GPU', gpus: 1 }] });
    expect(objects.map((o) => o.json)).toMatchSnapshot();
  });
});

describe('CourseJupyterHub validation table', () => {
  const cases: Record<string, { props?: Partial<CourseJupyterHubProps>; id?: string }> = {
    'hub-name-dns': { id: 'Intro_Programming' },
    'hub-namespace-dns': { props: { namespace: 'Course.Intro' } },
    'hub-students': { props: { students: 0, maxConcurrentUsers: 1 } },
    'hub-concurrent': { props: { maxConcurrentUsers: 2.5 } },
    'hub-image-pinned': { props: { image: 'quay.io/jupyter/scipy-notebook:latest' } },
    'hub-cpu': { props: { cpuGuarantee: 2, cpuLimit: 1 } },
    'hub-memory': { props: { memoryGuaranteeGiB: 4, memoryLimitGiB: 2 } },
    'hub-profile-sizes': { props: { profiles: [{ displayName: 'Bad', memoryGuaranteeGiB: 8, memoryLimitGiB: 4 }] } },
    'hub-profile-slugs': { props: { profiles: [{ displayName: 'Big' }, { displayName: 'big' }] } },
    'hub-profile-default': { props: { profiles: [{ displayName: 'A', default: true }, { displayName: 'B', default: true }] } },
    'hub-profile-images': { props: { profiles: [{ displayName: 'A', image: 'rocker/rstudio' }] } },
    'hub-profile-gpus': { props: { profiles: [{ displayName: 'A', gpus: 0.5 }] } },
    'hub-profile-groups': { props: { profiles: [{ displayName: 'A', default: true }, { displayName: 'B', groups: [''] }] } },
    'hub-profile-group-default': { props: { profiles: [{ displayName: 'A' }, { displayName: 'B', default: true, groups: ['graders'] }] } },
    'hub-quota-share': { props: { quotaShare: 1.5 } },
    'hub-home-adopt-template': { props: { namespace: 'jhub', home: { adopt: { from: 'claims', claimNameTemplate: 'claim_{escaped_username}' } } } },
    'hub-home-adopt-namespace': { props: { home: { adopt: { from: 'claims' } } } },
    'hub-profile-groups-login': { props: { profiles: [{ displayName: 'A', default: true }, { displayName: 'B', groups: ['gpu-users'] }] } },
    'hub-host': { props: { host: 'not a host' } },
    'hub-base-path': { props: { basePath: 'intro' } },
    'hub-exposure-annotations': { props: { exposureAnnotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";' } } },
    'hub-timeouts': { props: { culling: { idleTimeoutMinutes: 1 } } },
    'hub-home-size': { props: { home: { sizeGiB: 0 } } },
    'hub-home-mount-path': { props: { home: { mountPath: '/home/../etc' } } },
    'hub-course-data-mount-path': { props: { courseData: { claimName: 'data', mountPath: 'srv/data' } } },
    'hub-default-url': { props: { defaultUrl: '//evil.example.org/' } },
    'hub-nbgrader-size': { props: { nbgrader: { instructors: ['prof@example.org'], sizeGiB: 0.5 }, image: NB_IMAGE } },
    'hub-environment': { props: { environment: { 'BAD-NAME': 'x' } } },
    'hub-egress': { props: { egressAllowances: [{ cidr: '10.1.2.3', reason: 'mirror' }] } },
    'hub-client-cidrs': { props: { clientCidrs: ['exam room'] } },
    'hub-staff-users': { props: { staff: { graders: { users: ['Tom Tutor'] } } } },
    'hub-staff-lti-roles': { props: { staff: { instructors: { ltiRoles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] } } } },
    'hub-staff-sections': { props: { staff: { graders: { sections: { 'Mon A': ['tom'] } } } } },
    'hub-roster': { props: { roster: [{ username: 'ada@example.org', section: 'Mon A' }] } },
    'hub-lifecycle-deployed': { props: { lifecycle: { term: 't', day: '2026-01-01', phase: 'planned', dates: { opens: '2026-02-16', closes: '2026-06-15', archiveAfter: '2026-07-01', deleteAfter: '2027-07-01', prepareFrom: '2026-02-02', stopAfterDays: 1, retireAfter: '2026-07-01' } } } },
    'hub-lifecycle-archive': { props: { lifecycle: { term: 't', day: '2026-07-02', phase: 'archived', dates: { opens: '2026-02-16', closes: '2026-06-15', archiveAfter: '2026-07-01', deleteAfter: '2027-07-01', prepareFrom: '2026-02-02', stopAfterDays: 1, retireAfter: '2026-07-01' } } } },
  };

  test('every rule of the table has a failing case', () => {
    expect(Object.keys(cases).sort()).toEqual(COURSE_HUB_RULES.map((r) => r.id).sort());
  });

  for (const [id, c] of Object.entries(cases)) {
    test(`fails ${id}`, () => {
      const app = new ClusterApp(testSpec());
      new CourseJupyterHub(app, c.id ?? 'intro', { auth: moodle(), image: IMAGE, students: 40, ...(c.props ?? {}) });
      const issues = issuesOf(app).filter((i) => i.rule.startsWith('hub-'));
      expect(issues.map((i) => i.rule)).toEqual([id]);
      expect(issues[0].path).toBe(c.id ?? 'intro');
      expect(issues[0].fix.length).toBeGreaterThan(5);
    });
  }
});

describe('login methods', () => {
  const ref = SecretKeyRef.fromName('creds', 'value');
  const authCases: Record<string, HubAuth> = {
    'lti13-issuer': HubAuth.lti13({ issuer: '', clientIds: ['a'], authorizeUrl: 'https://m.example.org/mod/lti/auth.php', jwksEndpoint: 'https://m.example.org/mod/lti/certs.php' }),
    'lti13-client-ids': HubAuth.moodle('https://moodle.example.org', []),
    'lti13-urls': HubAuth.lti13({ issuer: 'https://m.example.org', clientIds: ['a'], authorizeUrl: 'http://m.example.org/auth', jwksEndpoint: 'https://m.example.org/certs' }),
    'lti11-consumers': HubAuth.lti11({ consumers: {} }),
    'ldap-server': HubAuth.ldap({ serverAddress: 'ldaps://ldap.example.org', bindDnTemplates: ['uid={username},dc=x'] }),
    'ldap-dn': HubAuth.ldap({ serverAddress: 'ldap.example.org' }),
    'oauth2-urls': HubAuth.oauth2({ clientId: 'hub', clientSecret: ref, authorizeUrl: 'https://idp/auth', tokenUrl: 'ftp://idp/token', userdataUrl: 'https://idp/user', allowedGroups: ['course'] }),
    'oauth2-client-id': HubAuth.oauth2({ clientId: '', clientSecret: ref, authorizeUrl: 'https://idp.example.org/auth', tokenUrl: 'https://idp.example.org/token', userdataUrl: 'https://idp.example.org/user', allowedGroups: ['course'] }),
    'oauth2-allow-rule': HubAuth.oauth2({ clientId: 'hub', clientSecret: ref, authorizeUrl: 'https://idp.example.org/auth', tokenUrl: 'https://idp.example.org/token', userdataUrl: 'https://idp.example.org/user' }),
    'oauth2-allow-all-public': HubAuth.oauth2({ clientId: 'hub', clientSecret: ref, authorizeUrl: 'https://idp.example.org/auth', tokenUrl: 'https://idp.example.org/token', userdataUrl: 'https://idp.example.org/user', allowAllAccounts: true }),
    'oauth2-email-domains': HubAuth.oauth2({ clientId: 'hub', clientSecret: ref, authorizeUrl: 'https://idp.example.org/auth', tokenUrl: 'https://idp.example.org/token', userdataUrl: 'https://idp.example.org/user', allowedEmailDomains: ['@example.org'] }),
    'github-client-id': HubAuth.github({ clientId: '', clientSecret: ref, allowedUsers: ['octocat'] }),
    'github-allow-rule': HubAuth.github({ clientId: 'gh', clientSecret: ref }),
    'github-organizations': HubAuth.github({ clientId: 'gh', clientSecret: ref, allowedOrganizations: ['https://github.com/org'] }),
    'google-client-id': HubAuth.google({ clientId: '', clientSecret: ref, hostedDomains: ['example.org'] }),
    'google-allow-rule': HubAuth.google({ clientId: 'g', clientSecret: ref }),
  };
  for (const [id, auth] of Object.entries(authCases)) {
    test(`fails ${id}`, () => {
      expect(auth.validate('c').filter((i) => i.severity !== 'warning').map((i) => i.rule)).toEqual([id]);
    });
  }

  test('an LTI 1.3 hub without an issuer makes synth name the course and the field', () => {
    const app = new ClusterApp(testSpec());
    new CourseJupyterHub(app, 'stats', { auth: HubAuth.lti13({ issuer: '', clientIds: ['x'], authorizeUrl: 'https://m.example.org/a', jwksEndpoint: 'https://m.example.org/b' }), image: IMAGE, students: 10 });
    expect(issuesOf(app)).toEqual([expect.objectContaining({ path: 'stats', field: 'auth.issuer', rule: 'lti13-issuer' })]);
  });

  test('LTI 1.3 sets real ltiauthenticator traits, allow_all and the staff-role hook', () => {
    const { hub: h } = hub();
    for (const line of [
      'c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"',
      'c.LTI13Authenticator.issuer = "https://moodle.example.org"',
      'c.LTI13Authenticator.client_id = {"client-1"}',
      'c.LTI13Authenticator.authorize_url = "https://moodle.example.org/mod/lti/auth.php"',
      'c.LTI13Authenticator.jwks_endpoint = "https://moodle.example.org/mod/lti/certs.php"',
      'c.Authenticator.allow_all = True',
      'c.Authenticator.post_auth_hook = hubfleet_lti_roles',
    ]) expect(h.hubConfig).toContain(line);
  });

  test('credentials reach the hub only as secretKeyRefs', () => {
    const app = new ClusterApp(testSpec());
    new CourseJupyterHub(app, 'x', { auth: HubAuth.lti11({ consumers: { moodle: ref } }), image: IMAGE, students: 5 });
    const env = find(objectsOf(app), 'Deployment', 'hub').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'HUBFLEET_LTI11_SECRET_0', valueFrom: { secretKeyRef: { name: 'creds', key: 'value' } } });
  });
});

describe('jupyterhub_config.py', () => {
  const variants: Record<string, Partial<CourseJupyterHubProps>> = {
    lti13: {},
    lti11: { auth: HubAuth.lti11({ consumers: { moodle: SecretKeyRef.fromName('c', 'k') } }) },
    ldap: { auth: HubAuth.ldap({ serverAddress: 'ldap.example.org', lookup: { userSearchBase: 'ou=p,dc=x', searchUser: 'cn=s,dc=x', searchPassword: SecretKeyRef.fromName('l', 'p') }, allowedGroups: ['cn=g,dc=x'] }) },
    oauth2: { auth: HubAuth.oauth2({ clientId: 'hub', clientSecret: SecretKeyRef.fromName('o', 's'), authorizeUrl: 'https://idp.example.org/a', tokenUrl: 'https://idp.example.org/t', userdataUrl: 'https://idp.example.org/u', adminGroups: ['staff'] }) },
    'oauth2-domains': { auth: HubAuth.oauth2({ clientId: 'hub', clientSecret: SecretKeyRef.fromName('o', 's'), authorizeUrl: 'https://idp.example.org/a', tokenUrl: 'https://idp.example.org/t', userdataUrl: 'https://idp.example.org/u', allowedEmailDomains: ['example.org'], allowedUsers: ['guest'] }), clientCidrs: ['10.30.10.0/24'] },
    github: { auth: HubAuth.github({ clientId: 'gh', clientSecret: SecretKeyRef.fromName('o', 's'), allowedOrganizations: ['uni:course-staff'] }) },
    google: { auth: HubAuth.google({ clientId: 'g', clientSecret: SecretKeyRef.fromName('o', 's'), hostedDomains: ['example.org'] }) },
    dummy: { auth: HubAuth.dummy({ password: SecretKeyRef.fromName('d', 'p') }), nbgrader: { instructors: ['prof'] }, image: NB_IMAGE, profiles: [{ displayName: 'GPU', gpus: 1 }], culling: { maxAgeHours: 8 }, templates: { files: { 'login.html': '{% extends "templates/login.html" %}' } }, userVolumes: [{ name: 'seed', source: { emptyDir: {} }, mountPath: '/srv/seed' }], userInitContainers: [{ name: 'seed', image: 'busybox:1.37.0', command: ['true'], volumes: ['seed'] }] },
  };

  const python = hasPython();
  if (!python) test.skip('python3 is not installed: the compile checks of jupyterhub_config.py are skipped', () => undefined);

  for (const [name, props] of Object.entries(variants)) {
    (python ? test : test.skip)(`compiles and runs under python3 (${name}), setting only known traits`, () => {
      const { hub: h } = hub(props);
      // Execute it against a recording config object and list what it sets.
      const out = runConfig(h.hubConfig, 'print(json.dumps(sorted(f"{c}.{t}" for c, s in cfg.items() for t in s)))');
      const traits: string[] = JSON.parse(out);
      const known = new Set(KNOWN_TRAITS);
      expect(traits.filter((t) => !known.has(t))).toEqual([]);
    });
  }
});

/**
 * Traits hubfleet may set, checked against the upstream sources of JupyterHub 5.5, KubeSpawner 7.0,
 * ltiauthenticator 1.6.3, ldapauthenticator 2.0 and oauthenticator 17 (see the reference notes).
 */
const KNOWN_TRAITS = [
  'JupyterHub.base_url', 'JupyterHub.hub_bind_url', 'JupyterHub.hub_connect_url', 'JupyterHub.db_url', 'JupyterHub.cleanup_servers',
  'JupyterHub.last_activity_interval', 'JupyterHub.concurrent_spawn_limit', 'JupyterHub.active_server_limit', 'JupyterHub.allow_named_servers',
  'JupyterHub.template_vars', 'JupyterHub.authenticator_class', 'JupyterHub.spawner_class', 'JupyterHub.services', 'JupyterHub.load_roles',
  'JupyterHub.template_paths', 'ConfigurableHTTPProxy.should_start', 'ConfigurableHTTPProxy.api_url',
  'Authenticator.enable_auth_state', 'Authenticator.allow_all', 'Authenticator.admin_users', 'Authenticator.manage_groups', 'Authenticator.post_auth_hook',
  'LTI13Authenticator.issuer', 'LTI13Authenticator.client_id', 'LTI13Authenticator.authorize_url', 'LTI13Authenticator.jwks_endpoint',
  'LTI13Authenticator.username_key', 'LTI13Authenticator.uri_scheme', 'LTI11Authenticator.consumers', 'LTI11Authenticator.username_key',
  'LTI11Authenticator.uri_scheme', 'LDAPAuthenticator.server_address', 'LDAPAuthenticator.server_port', 'LDAPAuthenticator.tls_strategy',
  'LDAPAuthenticator.lookup_dn', 'LDAPAuthenticator.user_search_base', 'LDAPAuthenticator.user_attribute', 'LDAPAuthenticator.lookup_dn_search_user',
  'LDAPAuthenticator.lookup_dn_search_password', 'LDAPAuthenticator.lookup_dn_user_dn_attribute', 'LDAPAuthenticator.bind_dn_template',
  'LDAPAuthenticator.allowed_groups', 'GenericOAuthenticator.client_id', 'GenericOAuthenticator.client_secret', 'GenericOAuthenticator.oauth_callback_url',
  'GenericOAuthenticator.authorize_url', 'GenericOAuthenticator.token_url', 'GenericOAuthenticator.userdata_url', 'GenericOAuthenticator.username_claim',
  'GenericOAuthenticator.scope', 'GenericOAuthenticator.login_service', 'GenericOAuthenticator.manage_groups', 'GenericOAuthenticator.auth_state_groups_key',
  'GenericOAuthenticator.allowed_groups', 'GenericOAuthenticator.admin_groups', 'GenericOAuthenticator.allowed_users', 'GenericOAuthenticator.allow_all',
  'GitHubOAuthenticator.client_id', 'GitHubOAuthenticator.client_secret', 'GitHubOAuthenticator.oauth_callback_url', 'GitHubOAuthenticator.scope',
  'GitHubOAuthenticator.allowed_organizations', 'GitHubOAuthenticator.allowed_users', 'GoogleOAuthenticator.client_id', 'GoogleOAuthenticator.client_secret',
  'GoogleOAuthenticator.oauth_callback_url', 'GoogleOAuthenticator.hosted_domain', 'GoogleOAuthenticator.allow_all', 'GoogleOAuthenticator.allowed_users',
  'SharedPasswordAuthenticator.user_password',
  'KubeSpawner.image', 'KubeSpawner.cpu_guarantee', 'KubeSpawner.cpu_limit', 'KubeSpawner.mem_guarantee', 'KubeSpawner.mem_limit',
  'KubeSpawner.start_timeout', 'KubeSpawner.http_timeout', 'KubeSpawner.cmd', 'KubeSpawner.default_url', 'KubeSpawner.slug_scheme',
  'KubeSpawner.common_labels', 'KubeSpawner.extra_labels', 'KubeSpawner.uid', 'KubeSpawner.fs_gid', 'KubeSpawner.allow_privilege_escalation',
  'KubeSpawner.pod_security_context', 'KubeSpawner.container_security_context', 'KubeSpawner.automount_service_account_token',
  // kubespawner 7.0.0 spawner.py: priority_class_name (Unicode, config); the classes are lib/fleet/priority-classes.ts.
  'KubeSpawner.priority_class_name',
  'KubeSpawner.environment', 'KubeSpawner.storage_pvc_ensure', 'KubeSpawner.storage_class', 'KubeSpawner.storage_capacity',
  'KubeSpawner.storage_access_modes', 'KubeSpawner.pvc_name_template', 'KubeSpawner.delete_pvc', 'KubeSpawner.storage_extra_labels',
  'KubeSpawner.volumes', 'KubeSpawner.volume_mounts', 'KubeSpawner.profile_list', 'KubeSpawner.init_containers',
];

describe('LTI staff as hub admins', () => {
  const lti = (staffAdmins?: boolean) => HubAuth.moodle('https://moodle.example.org', ['c1'], staffAdmins === undefined ? {} : { staffAdmins });

  test('warns lti-staff-admins while the choice is implicit, and not once it is explicit', () => {
    expect(lti().validate('c').map((i) => [i.rule, i.severity])).toEqual([['lti-staff-admins', 'warning']]);
    expect(lti(true).validate('c')).toEqual([]);
    expect(lti(false).validate('c')).toEqual([]);
  });

  (hasPython() ? test : test.skip)('the rendered post_auth_hook, run in python3: an Instructor becomes grader (and admin only with staffAdmins), a Learner neither', () => {
    const run = (staffAdmins: boolean, role: string) => {
      const { hub: h } = hub({ auth: lti(staffAdmins) });
      const tail = [
        'auth = {"name": "u", "auth_state": {"https://purl.imsglobal.org/spec/lti/claim/roles": [sys.argv[2]]}}',
        'print(json.dumps(cfg.Authenticator.post_auth_hook(None, None, auth)))',
      ].join('\n');
      const out = JSON.parse(runConfig(h.hubConfig, tail, [role]));
      return { admin: out.admin, groups: out.groups };
    };
    const instructor = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
    const learner = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
    expect(run(true, instructor)).toEqual({ admin: true, groups: ['graders'] });
    expect(run(true, learner)).toEqual({ admin: false, groups: [] });
    expect(run(false, instructor)).toEqual({ admin: undefined, groups: ['graders'] });
    expect(run(false, learner)).toEqual({ admin: undefined, groups: [] });
  });

  test('staffAdmins: false keeps staff graders without making them admins', () => {
    const { hub: on } = hub({ auth: lti(true) });
    const { hub: off } = hub({ auth: lti(false) });
    expect(on.hubConfig).toContain('HUBFLEET_STAFF_ADMINS = True');
    expect(off.hubConfig).toContain('HUBFLEET_STAFF_ADMINS = False');
    expect(off.hubConfig).toContain('authentication["groups"] = [HUBFLEET_GRADER_GROUP] if staff else []');
  });
});
