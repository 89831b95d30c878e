import { HubAuth } from '../auth';
import { StaffConfigInput, staffHookCode, staffRoles } from '../course-staff';
import { ClientRangeCheck, clientRangeHook, clientRangePython, directRequestPython } from './client-range';
import { userVolumeSpecs, UserServerInitContainer, UserServerVolume } from '../extensions';
import { loginThrottlePython } from './login-throttle';
import { profileSlug, ServerProfile } from '../singleuser/profiles';
import { py, PyConfig, pyEnv, PyExpr, PySet, PyValue } from './python';

/** The scopes of JupyterHub's default `server` role (jupyterhub/roles.py get_default_roles). */
export const SERVER_ROLE_SCOPES: readonly string[] = ['users:activity!user', 'access:servers!server'];

/** Everything the rendered jupyterhub_config.py depends on (resolved props of a hub). */
export interface HubConfigModel {
  readonly course: string;
  readonly title: string;
  /** e.g. `https://intro.teaching.example.org/` */
  readonly publicUrl: string;
  /** e.g. `/` or `/intro/` */
  readonly baseUrl: string;
  readonly auth: HubAuth;
  readonly graderGroup: string;
  readonly image: string;
  readonly cpuGuarantee: number;
  readonly cpuLimit: number;
  readonly memoryGuaranteeGiB: number;
  readonly memoryLimitGiB: number;
  readonly profiles: readonly ServerProfile[];
  readonly startTimeoutSeconds: number;
  readonly activeServerLimit: number;
  readonly concurrentSpawnLimit: number;
  /** Idle culling; `notBeforeSeconds` (epoch) holds the culler back until then (exams: after the window). */
  readonly culling?: { readonly timeoutSeconds: number; readonly everySeconds: number; readonly maxAgeSeconds: number; readonly concurrency: number; readonly notBeforeSeconds?: number };
  readonly home?: {
    readonly storageClass?: string;
    readonly sizeGiB: number;
    readonly accessMode: string;
    readonly mountPath: string;
    /** The claim name KubeSpawner makes or finds (adopted claims: the earlier deployment's template). @default 'claim-{user_server}' */
    readonly claimNameTemplate?: string;
    /** Adopted NFS directories: one shared claim, each server its own directory (subPath template); no claims per user. */
    readonly shared?: { readonly claimName: string; readonly subPath: string };
  };
  readonly courseData?: { readonly claimName: string; readonly mountPath: string };
  readonly environment: Readonly<Record<string, string>>;
  /** ngshare service URL when nbgrader is on. */
  readonly ngshareUrl?: string;
  /** The cluster's Prometheus scrapes /hub/metrics with the token in this environment variable (lib/hub/hub/metrics.ts). @default undefined */
  readonly metrics?: { readonly tokenEnv: string };
  readonly uid: number;
  readonly fsGid: number;
  readonly labels: Readonly<Record<string, string>>;
  /** The page a server opens, e.g. `/lab` or `/rstudio`. @default '/lab' */
  readonly defaultUrl?: string;
  /** Image per profile slug after resolving UserImages. @default the profiles' own */
  readonly profileImages?: Readonly<Record<string, string>>;
  /** Default URL per profile slug. @default {} */
  readonly profileDefaultUrls?: Readonly<Record<string, string>>;
  /** The user servers' nbgrader config, from a ConfigMap of the namespace. @default undefined */
  readonly nbgraderConfig?: { readonly configMap: string; readonly key: string; readonly mountPath: string };
  /** Extra volumes and init containers of user servers. @default [] */
  readonly userVolumes?: readonly UserServerVolume[];
  readonly userInitContainers?: readonly UserServerInitContainer[];
  /** Template directories of the hub pod (`c.JupyterHub.template_paths`). @default [] */
  readonly templatePaths?: readonly string[];
  /** The hub-side client-range check (exam hubs). @default undefined */
  readonly clientRange?: ClientRangeCheck;
  /** Named sections of Python appended at the end. @default {} */
  readonly extraConfig?: Readonly<Record<string, string>>;
  /** hubfleet's own code sections (exam window, SEB gate), after the client-range check. @default [] */
  readonly hubfleetCode?: ReadonlyArray<{ readonly title: string; readonly code: string }>;
  /** PriorityClass of the user servers. @default undefined (none) */
  readonly userPriorityClass?: string;
  /** KubeSpawner traits set after hubfleet's own. @default {} */
  readonly spawnerTraits?: Readonly<Record<string, PyValue>>;
  /** Init containers get requests = limits (Guaranteed QoS). @default false */
  readonly guaranteedInitContainers?: boolean;
  /**
   * Course staff, roster and the term's login gate (lib/hub/course-staff.ts): a membership hook after
   * the login's own, and the staff roles instead of the plain grader role. @default undefined
   */
  readonly staff?: Omit<StaffConfigInput, 'loginHook' | 'graderGroup' | 'nbgrader' | 'services'>;
  /** Further services (the grade service's). @default [] */
  readonly extraServices?: readonly Record<string, PyValue>[];
  /** The post-auth hook a code section defines; set after the sections. @default the login's own */
  readonly postAuthHook?: PyExpr;
  /** `Spawner.server_token_scopes`. @default undefined (JupyterHub's `server` role) */
  readonly serverTokenScopes?: readonly string[];
  /** Scopes added to every server token after `serverTokenScopes` or the `server` role's. @default [] */
  readonly extraServerTokenScopes?: readonly string[];
  /** Throttle password logins (lib/hub/hub/login-throttle.ts) when the login checks a password. @default false */
  readonly loginThrottle?: boolean;
  /** Further roles of `load_roles` (a `user` entry replaces the default's scopes). @default [] */
  readonly roles?: ReadonlyArray<{ readonly name: string; readonly description: string; readonly scopes: readonly string[]; readonly services?: readonly string[] }>;
}

/** A rendered jupyterhub_config.py and the trait values it sets (the model contracts.ts checks). */
export interface RenderedHub {
  readonly text: string;
  readonly traits: ReadonlyMap<string, PyValue>;
}

/** Sleep until the epoch second in argv[1], then exec the rest of argv (the idle culler). */
export const CULL_NOT_BEFORE = 'import os, signal, sys, time; signal.signal(signal.SIGINT, lambda *a: sys.exit(0)); signal.signal(signal.SIGTERM, lambda *a: sys.exit(0)); time.sleep(max(0.0, float(sys.argv[1]) - time.time())); os.execvp(sys.argv[2], sys.argv[2:])';

/** Bytes spec KubeSpawner takes (`1.5G` means 1.5 × 2^30 in KubeSpawner's byte specs). */
function gib(n: number): string {
  return `${Math.round(n * 1024)}M`;
}

/**
 * A value KubeSpawner will pass through `str.format` (spawner.py `_expand_user_properties`, on
 * environment, volumes, volume mounts and init containers) that must arrive as written: `{` and `}`
 * doubled in every string, so `{username}`, `${HOME}` or JSON in a value stay what they are.
 */
export function kubeSpawnerLiteral<T extends PyValue>(v: T): T {
  if (typeof v === 'string') return v.replace(/[{}]/g, '$&$&') as T;
  if (Array.isArray(v)) return v.map((x) => kubeSpawnerLiteral(x)) as T;
  if (v && typeof v === 'object' && !(v instanceof PySet) && !(v instanceof PyExpr)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, kubeSpawnerLiteral(x)])) as T;
  return v;
}

/** Text as HTML that shows it as written (element content). */
export function htmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** `kubespawner_override` for a profile. */
export function profileOverride(m: HubConfigModel, p: ServerProfile): Record<string, PyValue> {
  const o: Record<string, PyValue> = {};
  const image = m.profileImages?.[profileSlug(p)];
  if (image) o.image = image;
  const url = m.profileDefaultUrls?.[profileSlug(p)];
  if (url) o.default_url = url;
  if (p.cpuGuarantee !== undefined) o.cpu_guarantee = p.cpuGuarantee;
  if (p.cpuLimit !== undefined) o.cpu_limit = p.cpuLimit;
  if (p.memoryGuaranteeGiB !== undefined) o.mem_guarantee = gib(p.memoryGuaranteeGiB);
  if (p.memoryLimitGiB !== undefined) o.mem_limit = gib(p.memoryLimitGiB);
  const gpus = p.gpus ?? 0;
  if (gpus > 0) {
    const res = p.gpuResource ?? 'nvidia.com/gpu';
    o.extra_resource_limits = { [res]: String(gpus) };
    o.extra_resource_guarantees = { [res]: String(gpus) };
  }
  if (p.nodeSelector && Object.keys(p.nodeSelector).length) o.node_selector = { ...p.nodeSelector };
  const tolerations = p.tolerations ?? (gpus > 0 ? [{ key: p.gpuResource ?? 'nvidia.com/gpu', operator: 'Exists' as const, effect: 'NoSchedule' as const }] : []);
  if (tolerations.length) {
    o.tolerations = tolerations.map((t) => ({ key: t.key, operator: t.operator ?? 'Exists', ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect ?? 'NoSchedule' }));
  }
  if (p.environment && Object.keys(p.environment).length) o.environment = kubeSpawnerLiteral({ ...m.environment, ...p.environment });
  return o;
}

/**
 * Render a hub's jupyterhub_config.py. Only real traits of JupyterHub 5.5, KubeSpawner 7.0 and the
 * chosen authenticator are set; secrets are read from environment variables, never written here.
 */
export function renderHubConfig(m: HubConfigModel): string {
  return buildHubConfig(m).render();
}

/** Render a hub's jupyterhub_config.py with the trait values it sets (the model contracts.ts checks). */
export function renderHub(m: HubConfigModel): RenderedHub {
  const cfg = buildHubConfig(m);
  return { text: cfg.render(), traits: cfg.traits() };
}

/** The hub config as a PyConfig (its `traitsOf('KubeSpawner')` is what the cluster model reads). */
export function buildHubConfig(m: HubConfigModel): PyConfig {
  const cfg = new PyConfig();
  cfg.code(
    [
      `# jupyterhub_config.py of course "${m.course.replace(/[^a-z0-9-]/g, '')}", generated by hubfleet.`,
      '# Do not edit: change the app stack and run `hubfleet synth`.',
      'import os',
      'import re',
      '',
      'c = get_config()  # noqa: F821',
    ].join('\n'),
  );

  cfg.comment('Hub and proxy: the proxy runs in its own pod; its token comes from CONFIGPROXY_AUTH_TOKEN,\nthe cookie secret from JPY_COOKIE_SECRET and the auth-state key from JUPYTERHUB_CRYPT_KEY.');
  cfg.set('JupyterHub', 'base_url', m.baseUrl);
  cfg.set('JupyterHub', 'hub_bind_url', 'http://:8081');
  cfg.set('JupyterHub', 'hub_connect_url', 'http://hub:8081');
  cfg.set('JupyterHub', 'db_url', 'sqlite:////srv/jupyterhub/jupyterhub.sqlite');
  cfg.set('JupyterHub', 'cleanup_servers', false);
  cfg.set('JupyterHub', 'last_activity_interval', 60);
  cfg.set('JupyterHub', 'concurrent_spawn_limit', m.concurrentSpawnLimit);
  cfg.set('JupyterHub', 'active_server_limit', m.activeServerLimit);
  cfg.set('JupyterHub', 'allow_named_servers', false);
  cfg.set('JupyterHub', 'template_vars', { course: m.title });
  cfg.set('ConfigurableHTTPProxy', 'should_start', false);
  cfg.set('ConfigurableHTTPProxy', 'api_url', 'http://proxy-api:8001');
  cfg.set('Authenticator', 'enable_auth_state', true);

  cfg.comment(`Login: ${m.auth.kind}`);
  m.auth.configure(cfg, { publicUrl: m.publicUrl, graderGroup: m.graderGroup, profileGroups: [...new Set(m.profiles.flatMap((p) => p.groups ?? []))].sort() });
  const staff = m.staff && { ...m.staff, graderGroup: m.graderGroup, nbgrader: m.ngshareUrl !== undefined, services: (m.extraServices ?? []).map((x) => String(x.name)) };
  if (staff) {
    const loginHook = cfg.traitsOf('Authenticator').get('post_auth_hook');
    cfg.comment(`Course staff and students (lib/hub/course-staff.ts): each login joins the groups of its course role\nand roster; the roles below scope what each group may do. Logins: ${staff.gate}.`);
    cfg.code(staffHookCode({ ...staff, loginHook: loginHook instanceof PyExpr ? loginHook.code : undefined }, m.auth.kind === 'lti13' || m.auth.kind === 'lti11'));
    cfg.comment('The hook runs after every login: group membership follows each login (manage_groups).');
    cfg.set('Authenticator', 'manage_groups', true);
    cfg.set('Authenticator', 'post_auth_hook', new PyExpr('hubfleet_course_members'));
  }

  cfg.comment('User servers (KubeSpawner 7)');
  cfg.set('JupyterHub', 'spawner_class', 'kubespawner.KubeSpawner');
  cfg.set('KubeSpawner', 'image', m.image);
  cfg.set('KubeSpawner', 'cpu_guarantee', m.cpuGuarantee);
  cfg.set('KubeSpawner', 'cpu_limit', m.cpuLimit);
  cfg.set('KubeSpawner', 'mem_guarantee', gib(m.memoryGuaranteeGiB));
  cfg.set('KubeSpawner', 'mem_limit', gib(m.memoryLimitGiB));
  cfg.set('KubeSpawner', 'start_timeout', m.startTimeoutSeconds);
  cfg.set('KubeSpawner', 'http_timeout', 120);
  cfg.set('KubeSpawner', 'cmd', ['jupyterhub-singleuser']);
  cfg.set('KubeSpawner', 'default_url', m.defaultUrl ?? '/lab');
  cfg.set('KubeSpawner', 'slug_scheme', 'safe');
  cfg.set('KubeSpawner', 'common_labels', { ...m.labels, 'app.kubernetes.io/managed-by': 'kubespawner' });
  cfg.set('KubeSpawner', 'extra_labels', { 'hub.jupyter.org/network-access-hub': 'true' });
  cfg.set('KubeSpawner', 'uid', m.uid);
  cfg.set('KubeSpawner', 'fs_gid', m.fsGid);
  cfg.set('KubeSpawner', 'allow_privilege_escalation', false);
  cfg.set('KubeSpawner', 'pod_security_context', { runAsNonRoot: true, fsGroup: m.fsGid, seccompProfile: { type: 'RuntimeDefault' } });
  cfg.set('KubeSpawner', 'container_security_context', {
    runAsUser: m.uid,
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  });
  cfg.set('KubeSpawner', 'automount_service_account_token', false);
  // KubeSpawner formats environment, volumes, mounts and init containers with str.format (spawner.py
  // _expand_all): values from props go in as literals ({ and } doubled), hubfleet's templates as templates.
  cfg.set('KubeSpawner', 'environment', kubeSpawnerLiteral({ ...m.environment }));
  if (m.userPriorityClass) cfg.set('KubeSpawner', 'priority_class_name', m.userPriorityClass);

  const volumes: PyValue[] = [];
  const mounts: PyValue[] = [];
  if (m.home?.shared) {
    // Adopted directories on the NFS server: one shared claim, each server its own directory.
    cfg.set('KubeSpawner', 'storage_pvc_ensure', false);
    volumes.push({ name: 'home', persistentVolumeClaim: { claimName: m.home.shared.claimName } });
    mounts.push({ name: 'home', mountPath: m.home.mountPath, subPath: m.home.shared.subPath });
  } else if (m.home) {
    cfg.set('KubeSpawner', 'storage_pvc_ensure', true);
    if (m.home.storageClass) cfg.set('KubeSpawner', 'storage_class', m.home.storageClass);
    cfg.set('KubeSpawner', 'storage_capacity', `${m.home.sizeGiB}Gi`);
    cfg.set('KubeSpawner', 'storage_access_modes', [m.home.accessMode]);
    cfg.set('KubeSpawner', 'pvc_name_template', m.home.claimNameTemplate ?? 'claim-{user_server}');
    // Student homes outlive their users: the hub never deletes a home volume.
    cfg.set('KubeSpawner', 'delete_pvc', false);
    cfg.set('KubeSpawner', 'storage_extra_labels', { 'hubfleet.io/data': 'home' });
    volumes.push({ name: 'home', persistentVolumeClaim: { claimName: '{pvc_name}' } });
    mounts.push({ name: 'home', mountPath: kubeSpawnerLiteral(m.home.mountPath) });
  }
  if (m.courseData) {
    volumes.push(kubeSpawnerLiteral({ name: 'course-data', persistentVolumeClaim: { claimName: m.courseData.claimName, readOnly: true } }));
    mounts.push(kubeSpawnerLiteral({ name: 'course-data', mountPath: m.courseData.mountPath, readOnly: true }));
  }
  if (m.nbgraderConfig) {
    // nbgrader reads nbgrader_config.py from every Jupyter config dir, /etc/jupyter among them.
    volumes.push({ name: 'nbgrader-config', configMap: { name: m.nbgraderConfig.configMap } });
    mounts.push({ name: 'nbgrader-config', mountPath: m.nbgraderConfig.mountPath, subPath: m.nbgraderConfig.key, readOnly: true });
  }
  const extra = userVolumeSpecs(m.userVolumes ?? []);
  volumes.push(...extra.volumes.map(kubeSpawnerLiteral));
  mounts.push(...extra.mounts.map(kubeSpawnerLiteral));
  cfg.set('KubeSpawner', 'volumes', volumes);
  cfg.set('KubeSpawner', 'volume_mounts', mounts);
  const inits = m.userInitContainers ?? [];
  if (inits.length) {
    const mountOf = new Map(mounts.map((x) => [String((x as Record<string, PyValue>).name), x]));
    cfg.set(
      'KubeSpawner',
      'init_containers',
      inits.map((i) => ({
        // The mounts are the server's (already literal); the rest comes from props.
        ...(kubeSpawnerLiteral({ name: i.name, image: i.image, command: [...i.command] }) as Record<string, PyValue>),
        volumeMounts: (i.volumes ?? []).map((v) => mountOf.get(v) ?? { name: v, mountPath: `/mnt/${v}` }),
        resources: m.guaranteedInitContainers
          ? { requests: { cpu: String(i.cpuLimit ?? 0.1), memory: `${i.memoryLimitMiB ?? 128}Mi` }, limits: { cpu: String(i.cpuLimit ?? 0.1), memory: `${i.memoryLimitMiB ?? 128}Mi` } }
          : { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: String(i.cpuLimit ?? 0.1), memory: `${i.memoryLimitMiB ?? 128}Mi` } },
        securityContext: { runAsUser: m.uid, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      })),
    );
  }

  for (const [trait, value] of Object.entries(m.spawnerTraits ?? {})) cfg.set('KubeSpawner', trait, value);
  if (m.serverTokenScopes || m.extraServerTokenScopes?.length) {
    // jupyterhub/user.py spawn: $JUPYTERHUB_API_TOKEN gets these scopes (those the user holds) instead of
    // the server role's (jupyterhub/roles.py: users:activity!user, access:servers!server).
    const base = m.serverTokenScopes ?? SERVER_ROLE_SCOPES;
    cfg.set('Spawner', 'server_token_scopes', [...base, ...(m.extraServerTokenScopes ?? []).filter((s) => !base.includes(s))]);
  }

  if (m.profiles.length) {
    cfg.set(
      'KubeSpawner',
      'profile_list',
      m.profiles.map((p) => ({
        // kubespawner/spawner.py _render_options_form renders templates/form.html with a jinja2
        // Environment without autoescape: the texts go in as HTML that shows them as written.
        display_name: htmlText(p.displayName),
        slug: profileSlug(p),
        description: htmlText(p.description ?? ''),
        ...(p.default ? { default: true } : {}),
        kubespawner_override: profileOverride(m, p),
      })),
    );
    const restricted = m.profiles.filter((p) => (p.groups ?? []).length > 0);
    if (restricted.length) {
      cfg.comment('Profiles for some users: KubeSpawner 7 calls profile_list with the spawner for the spawn page and\nagain when a server starts; a profile the owner may not have is "No such profile" (also via the REST API).');
      cfg.code(
        [
          `HUBFLEET_PROFILE_GROUPS = ${py(Object.fromEntries(restricted.map((p) => [profileSlug(p), new PySet([...new Set(p.groups)])])))}`,
          'HUBFLEET_PROFILES = c.KubeSpawner.profile_list',
          '',
          '',
          'def hubfleet_profile_list(spawner):',
          '    """The profiles of the server\'s owner: every profile without groups, and those of a group the owner is in."""',
          '    mine = {g.name for g in spawner.user.groups}',
          '    return [p for p in HUBFLEET_PROFILES if not HUBFLEET_PROFILE_GROUPS.get(p["slug"]) or mine & HUBFLEET_PROFILE_GROUPS[p["slug"]]]',
          '',
          '',
          'c.KubeSpawner.profile_list = hubfleet_profile_list',
        ].join('\n'),
      );
    }
  }

  if (m.templatePaths?.length) {
    cfg.comment('Custom templates (login page, banner), searched before JupyterHub\'s own');
    cfg.set('JupyterHub', 'template_paths', [...m.templatePaths]);
  }

  cfg.comment('Services: the idle culler (hub-managed, only the scopes it needs) and the nbgrader exchange');
  const services: PyValue[] = [];
  const roles: PyValue[] = [];
  if (m.culling) {
    // Held back until notBeforeSeconds (exams: culling off during the window): the hub starts the
    // service at once, and the service waits, also after a hub restart.
    const wait = m.culling.notBeforeSeconds !== undefined ? ['python3', '-c', CULL_NOT_BEFORE, String(m.culling.notBeforeSeconds)] : [];
    services.push({
      name: 'jupyterhub-idle-culler',
      command: [
        ...wait,
        'python3',
        '-m',
        'jupyterhub_idle_culler',
        `--url=http://localhost:8081${m.baseUrl}hub/api`,
        `--timeout=${m.culling.timeoutSeconds}`,
        `--cull-every=${m.culling.everySeconds}`,
        `--concurrency=${m.culling.concurrency}`,
        ...(m.culling.maxAgeSeconds > 0 ? [`--max-age=${m.culling.maxAgeSeconds}`] : []),
      ],
    });
    roles.push({
      name: 'jupyterhub-idle-culler',
      scopes: ['list:users', 'read:users:activity', 'read:servers', 'delete:servers'],
      services: ['jupyterhub-idle-culler'],
    });
  }
  if (m.ngshareUrl) {
    // ngshare: an external service with a token generated in the cluster.
    services.push({ name: 'ngshare', url: m.ngshareUrl, api_token: pyEnv('HUBFLEET_NGSHARE_TOKEN'), oauth_no_confirm: true });
  }
  if (m.metrics) {
    // The cluster's Prometheus: a token generated in the cluster, allowed to read the metrics and
    // nothing else (authenticate_prometheus stays on: /hub/metrics is reachable through the proxy).
    services.push({ name: 'prometheus', api_token: pyEnv(m.metrics.tokenEnv) });
    roles.push({ name: 'prometheus', description: "The cluster's Prometheus reads the hub's metrics.", scopes: ['read:metrics'], services: ['prometheus'] });
  }
  if (staff) roles.push(...staffRoles(staff).map((r): PyValue => ({ name: r.name, description: r.description, scopes: [...r.scopes], ...(r.users ? { users: [...r.users] } : {}), ...(r.groups ? { groups: [...r.groups] } : {}) })));
  else {
    roles.push({
      name: 'course-grader',
      description: 'Graders of the course: see users and their servers, reach the exchange.',
      scopes: ['list:users', 'read:users', 'read:servers', 'access:services'],
      groups: [m.graderGroup],
    });
  }
  services.push(...(m.extraServices ?? []));
  for (const role of m.roles ?? []) roles.push({ name: role.name, description: role.description, scopes: [...role.scopes], ...(role.services?.length ? { services: [...role.services] } : {}) });
  cfg.set('JupyterHub', 'services', services);
  // The grader group is created by JupyterHub from this role's "groups" ("Creating group … found in
  // role"), so no load_groups: with manage_groups (LTI, OAuth groups) JupyterHub 5.5 refuses
  // load_groups at start (app.py init_groups, contract jh-groups-offloaded).
  cfg.set('JupyterHub', 'load_roles', roles);

  if (m.clientRange) {
    cfg.comment('Exam client ranges, checked by the hub on every request that came through the proxy\n(lib/hub/hub/client-range.ts: the client is the address the ingress controller reports); requests\nthat did not come through it may do only what probes and user servers do.');
    cfg.code(clientRangePython(m.clientRange));
    cfg.code('\n');
    cfg.code(directRequestPython(m.baseUrl));
    cfg.code('\n');
    cfg.code(clientRangeHook());
  }

  if (m.loginThrottle && m.auth.passwordLogin) {
    cfg.comment('Throttled logins: failures per account and client address are delayed, then refused (lib/hub/hub/login-throttle.ts).');
    cfg.code(loginThrottlePython());
  }

  for (const section of m.hubfleetCode ?? []) {
    cfg.comment(section.title);
    cfg.code(section.code);
  }
  if (m.postAuthHook) {
    // The hook set so far (the login's, or the course membership hook that calls it) runs first:
    // the section's hook calls it as hubfleet_previous_post_auth (a synchronous function).
    const previous = cfg.traitsOf('Authenticator').get('post_auth_hook');
    cfg.comment('The post-auth hook, defined in a section above; it calls the hook set before it first.');
    cfg.code(`hubfleet_previous_post_auth = ${previous instanceof PyExpr ? previous.code : '(lambda authenticator, handler, authentication: authentication)'}`);
    cfg.set('Authenticator', 'post_auth_hook', m.postAuthHook);
  }

  for (const name of Object.keys(m.extraConfig ?? {}).sort()) {
    cfg.comment(`--- extra hub config: ${name} (CourseJupyterHubProps.extraHubConfig) ---`);
    cfg.code(m.extraConfig![name]);
  }
  return cfg;
}
