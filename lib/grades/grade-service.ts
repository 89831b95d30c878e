/**
 * `GradeService`: the part of a course hub that sends nbgrader's scores to the LMS over LTI 1.3
 * Assignment and Grade Services (AGS 2.0). It renders, in the hub's namespace:
 *
 * - ConfigMap `grades`: the service's Python package (lib/grades/service/hubfleet_grades, the real
 *   .py files) and its settings.json;
 * - PersistentVolumeClaim `grades-data`: its SQLite database (launches learned, line items, the
 *   score outbox with every attempt) and its tool key, kept on removal (Prune=false,Delete=false);
 * - Deployment `grades` on the hub image (quay.io/jupyterhub/k8s-hub, which has tornado, PyJWT,
 *   cryptography and SQLAlchemy: z2jh 4.4.0 images/hub/requirements.txt), Service `grades`;
 * - NetworkPolicy `grades`: in from the hub, the proxy and user servers (8080); out to DNS, the
 *   hub API and the LMS's HTTPS port only.
 *
 * - ConfigMap `grades-exporter`: the nbgrader exporter module user servers import;
 *
 * and gives the hub's parts what they must add (kindPart(), merged into the hub's kind): the service
 * entry and its role, the post-auth hook that reports launches, the scope for graders' server
 * tokens, the exporter module and its environment in user servers, the policy rules towards the
 * service. See lib/grades/README.md.
 */
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { GRADES_KEYSET_ANNOTATION } from '../core/annotations';
import { checkRules, Issue, PropRule } from '../core/errors';
import { declareProps } from '../core/props-check';
import { K8sObject } from '../core/k8s-object';
import { cidrOverlaps, isDomain, parseCidr } from '../core/names';
import { cidrPeer, DNS_RULE, networkPolicy, podPeer, Rule, tcp } from '../core/network-policy';
import { KEEP_ON_REMOVAL, resources, restrictedContainerSecurity, restrictedPodSecurity } from '../core/pod';
import { ClusterSpec } from '../fleet/cluster-spec';
import { FlowDecl, HubInventoryEntry, Labels, PackageDeclarations, pods, service } from '../model/declarations';
import { IStorageClass } from '../core/storage-class-ref';
import { GradesOptions } from './grades-options';
import { PyExpr, pyEnv, pyString } from '../hub/hub/python';
import type { HubKindPart } from '../hub/hub-kind';
import { IMAGES } from '../hub/versions';
import { exporterModule, launchHook, servicePackage } from './sources';

export type { GradesOptions } from './grades-options';

/** The LTI 1.3 platform facts the service needs (from the hub's login). */
export interface GradesPlatform {
  readonly issuer: string;
  readonly clientIds: readonly string[];
  /** The platform's OAuth 2 token URL (Moodle: `<wwwroot>/mod/lti/token.php`). */
  readonly tokenUrl?: string;
  /** `aud` of the client assertion. @default tokenUrl */
  readonly tokenAudience?: string;
}

/** What the hub tells its grade service part. */
export interface GradeServiceHub {
  /** The hub's id (label `release`). */
  readonly id: string;
  readonly namespace: string;
  /** The hub's base path (`/` or `/intro/`). */
  readonly basePath: string;
  /** The hub's public URL, ending in `/`. */
  readonly url: string;
  /** Labels of a component's objects. */
  readonly labels: (component: string) => Labels;
  /** Selector of a component's pods. */
  readonly select: (component: string) => Labels;
  /** Selector of the user servers. */
  readonly users: Labels;
  readonly priorityClass: string;
  /** The hub's database class, the default for the service's claim. */
  readonly databaseStorageClass?: IStorageClass;
  /** The Secret the hub generates (its init container adds the service's token key). */
  readonly generatedSecret: string;
  /** The hub's in-cluster port. */
  readonly hubPort: number;
}

/** Props of {@link GradeService}. */
export interface GradeServiceProps {
  readonly options: GradesOptions;
  readonly hub: GradeServiceHub;
  /** The platform (undefined when the hub's login is not LTI 1.3: rule `grades-lti13`). */
  readonly platform?: GradesPlatform;
  /** The hub's login method (`lti13`, `ldap`, …). */
  readonly authKind: string;
  /** Is nbgrader on for the hub? */
  readonly nbgrader: boolean;
  readonly spec: ClusterSpec;
  /** Replicas of the service: 0 while the course's hub is at zero (a closed course, lib/hub/lifecycle). @default 1 */
  readonly replicas?: number;
  /**
   * A retired course: only the claim `grades-data` stays (the scores sent and held), like the hub
   * database, until the course's namespace is deleted on purpose.
   * @default false
   */
  readonly onlyData?: boolean;
}

/** The service's name in JupyterHub (its URL prefix is `<base>services/grades/`). */
export const GRADES_SERVICE = 'grades';
/** Its port (container and Service). */
export const GRADES_PORT = 8080;
/** The key of the hub's generated Secret that holds the service's hub API token. */
export const GRADES_TOKEN_KEY = 'grades-token';
/** The hub container's environment variable with that token. */
export const GRADES_TOKEN_ENV = 'HUBFLEET_GRADES_TOKEN';
/** Where user servers find the exporter module (from ConfigMap `grades-exporter`, volume `hubfleet-grades`). */
export const EXPORTER_DIR = '/opt/hubfleet/python';
export const EXPORTER_CONFIGMAP = 'grades-exporter';
export const EXPORTER_VOLUME = 'hubfleet-grades';
/** The AGS scopes the service asks for (AGS 2.0 §3.2, §3.4): line items, and scores. */
export const AGS_SCOPES: readonly string[] = ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'];
export const DEFAULT_SENDER_ROLES: readonly string[] = ['Instructor', 'TeachingAssistant'];
/** The hub role the service holds: list users and read their auth state (the catch-up). */
export const GRADES_SERVICE_SCOPES: readonly string[] = ['list:users', 'read:users:name', 'admin:auth_state'];

const LINK_LOCAL = '169.254.0.0/16';
const HTTPS_URL = /^https:\/\/[^\s/?#@]+(\/[^\s#]*)?$/;

/** What a grades rule checks. */
export interface GradesRuleInput {
  readonly options: GradesOptions;
  readonly platform?: GradesPlatform;
  readonly authKind: string;
  readonly nbgrader: boolean;
  readonly spec: ClusterSpec;
}

function clusterNetworks(spec: ClusterSpec): string[] {
  return [spec.networks.nodeCidr, spec.networks.podCidr ?? '10.42.0.0/16', spec.networks.serviceCidr ?? '10.43.0.0/16'];
}

const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** The validation table of the grades options; each row has a "fails …" test (test/grades/grade-service.test.ts). */
export const GRADES_RULES: readonly PropRule<GradesRuleInput>[] = [
  {
    id: 'grades-lti13',
    field: 'grades.lms',
    value: (g) => ({ lms: g.options.lms, login: g.authKind }),
    ok: (g) => g.options.lms === 'lti13' && g.authKind === 'lti13' && g.platform !== undefined,
    message: (g) =>
      g.options.lms !== 'lti13'
        ? "the only grade protocol is LTI 1.3 Assignment and Grade Services (lms: 'lti13')."
        : `grades go back over the LTI 1.3 launch the hub is opened with, but this hub logs in with ${g.authKind}: the service would never learn a course or a student's LMS id.`,
    fix: "log in with HubAuth.moodle(...) or HubAuth.lti13(...) and set grades: { lms: 'lti13' }, or leave grades out.",
  },
  {
    id: 'grades-nbgrader',
    field: 'grades',
    value: (g) => g.nbgrader,
    ok: (g) => g.nbgrader,
    message: 'grades come from nbgrader\'s gradebook (the exporter runs in instructors\' servers), but nbgrader is off for this hub.',
    fix: 'turn nbgrader on (nbgrader: { instructors: [...] }) or leave grades out.',
  },
  {
    id: 'grades-token-url',
    field: 'auth.tokenUrl',
    value: (g) => g.platform?.tokenUrl,
    ok: (g) => g.platform === undefined || (typeof g.platform.tokenUrl === 'string' && HTTPS_URL.test(g.platform.tokenUrl) && (g.platform.tokenAudience === undefined || /^\S+$/.test(g.platform.tokenAudience))),
    message: "the service needs the platform's OAuth 2 token URL (https) to get a token for scores.",
    fix: 'HubAuth.moodle sets it (<wwwroot>/mod/lti/token.php); for HubAuth.lti13 set tokenUrl to the platform\'s "Access token URL" (Canvas: https://sso.canvaslms.com/login/oauth2/token).',
  },
  {
    id: 'grades-lms-cidrs',
    field: 'grades.lmsCidrs',
    value: (g) => g.options.lmsCidrs,
    ok: (g) =>
      g.options.lmsCidrs === undefined ||
      (g.options.lmsCidrs.length > 0 &&
        g.options.lmsCidrs.every((c) => {
          const p = parseCidr(c);
          return p !== undefined && p.prefix > 0 && ![LINK_LOCAL, ...clusterNetworks(g.spec)].some((x) => cidrOverlaps(p, parseCidr(x)!));
        })),
    message: "each LMS address must be an IPv4 CIDR (not 0.0.0.0/0) outside link-local 169.254/16 and the cluster's node, pod and service networks.",
    fix: 'write the LMS servers\' addresses, e.g. ["192.0.2.10/32"], or leave lmsCidrs out.',
  },
  {
    id: 'grades-service-hosts',
    field: 'grades.serviceHosts',
    value: (g) => g.options.serviceHosts,
    ok: (g) => g.options.serviceHosts === undefined || (g.options.serviceHosts.length > 0 && g.options.serviceHosts.every((h) => isDomain(h) && h === h.toLowerCase())),
    message: 'the service hosts must be lowercase DNS names (the hosts of the LMS\'s token and line item URLs).',
    fix: 'write host names only, e.g. ["moodle.example.org"], or leave serviceHosts out (the issuer\'s and token URL\'s hosts).',
  },
  {
    id: 'grades-sender-roles',
    field: 'grades.senderRoles',
    value: (g) => g.options.senderRoles,
    ok: (g) => g.options.senderRoles === undefined || (g.options.senderRoles.length > 0 && g.options.senderRoles.every((r) => /^[A-Z][A-Za-z]+$/.test(r) && r !== 'Learner')),
    message: 'sender roles are LTI context role names (Instructor, TeachingAssistant, ContentDeveloper, Mentor …), at least one, and never Learner.',
    fix: 'write the last part of the role URI, e.g. ["Instructor"].',
  },
  {
    id: 'grades-retry',
    field: 'grades.firstRetrySeconds/maxRetrySeconds',
    value: (g) => [g.options.firstRetrySeconds, g.options.maxRetrySeconds],
    ok: (g) => isInt(g.options.firstRetrySeconds ?? 60, 1, 86400) && isInt(g.options.maxRetrySeconds ?? 21600, g.options.firstRetrySeconds ?? 60, 7 * 86400),
    message: 'the retry delays must be whole seconds: the first from 1 to 86400, the longest from the first to 604800 (7 days).',
    fix: 'set e.g. firstRetrySeconds: 60, maxRetrySeconds: 21600.',
  },
  {
    id: 'grades-storage',
    field: 'grades.sizeGiB/catchUpMinutes',
    value: (g) => [g.options.sizeGiB, g.options.catchUpMinutes],
    ok: (g) => isInt(g.options.sizeGiB ?? 1, 1, 100) && isInt(g.options.catchUpMinutes ?? 30, 0, 1440),
    message: 'sizeGiB must be a whole number from 1 to 100, catchUpMinutes from 0 (off) to 1440.',
    fix: 'leave them out (1 GiB, 30 minutes) or set whole numbers in range.',
  },
];

/** The warning when the service may reach the LMS port anywhere. */
function openEgressWarning(path: string, g: GradesRuleInput): Issue[] {
  if (g.options.lmsCidrs !== undefined) return [];
  return [
    {
      path,
      field: 'grades.lmsCidrs',
      value: undefined,
      message: "the grade service may reach the LMS's port on any address outside link-local and the cluster's networks: a NetworkPolicy cannot name a host.",
      fix: 'set grades.lmsCidrs to the LMS servers\' addresses to narrow it.',
      rule: 'grades-lms-cidrs-open',
      severity: 'warning',
    },
  ];
}

/** Every issue of the grades options (rules, then the open-egress warning). */
export function gradesIssues(path: string, g: GradesRuleInput): Issue[] {
  const errors = checkRules(path, g, GRADES_RULES);
  return errors.length ? errors : openEgressWarning(path, g);
}

function urlPort(url: string | undefined): number {
  if (!url) return 443;
  try {
    const u = new URL(url);
    return u.port ? Number(u.port) : 443;
  } catch {
    return 443;
  }
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The service of one hub. */
export class GradeService extends Construct {
  /** The public key set URL the LMS registers ("Public keyset URL" / Canvas "Public JWK URL"). */
  readonly jwksUrl: string;
  /** The service's URL inside the cluster (with its prefix), for user servers and the hub. */
  readonly internalUrl: string;
  /** The flows the cluster model proves. */
  readonly flows: readonly FlowDecl[];
  private readonly props: GradeServiceProps;

  constructor(scope: Construct, id: string, props: GradeServiceProps, declarations: PackageDeclarations) {
    super(scope, id);
    declareProps(this, 'GradeServiceProps', props);
    this.props = props;
    const { hub, options: o } = props;
    const ns = hub.namespace;
    const prefix = `${hub.basePath}services/${GRADES_SERVICE}/`;
    this.jwksUrl = `${hub.url}services/${GRADES_SERVICE}/.well-known/jwks.json`;
    this.internalUrl = `http://${GRADES_SERVICE}.${ns}.svc.cluster.local:${GRADES_PORT}${prefix}`;
    const labels = hub.labels('grades');
    const select = hub.select('grades');
    const platform = props.platform;
    const tokenPort = urlPort(platform?.tokenUrl);
    const lmsPorts = [...new Set([tokenPort, urlPort(platform?.issuer)])].sort((a, b) => a - b);

    const settings = {
      issuer: platform?.issuer ?? '',
      clientIds: [...(platform?.clientIds ?? [])],
      tokenUrl: platform?.tokenUrl ?? '',
      ...(platform?.tokenAudience ? { tokenAudience: platform.tokenAudience } : {}),
      serviceHosts: [...(o.serviceHosts ?? [hostOf(platform?.issuer), hostOf(platform?.tokenUrl)].filter((h): h is string => !!h))].filter((h, i, a) => a.indexOf(h) === i),
      senderRoles: [...(o.senderRoles ?? DEFAULT_SENDER_ROLES)],
      learnerRoles: ['Learner'],
      firstRetrySeconds: o.firstRetrySeconds ?? 60,
      maxRetrySeconds: o.maxRetrySeconds ?? 21600,
      requestTimeoutSeconds: 30,
      tickSeconds: 5,
      syncSeconds: (o.catchUpMinutes ?? 30) * 60,
    };
    const code = servicePackage();
    const data: Record<string, string> = { ...code, 'settings.json': `${JSON.stringify(settings, null, 2)}\n` };
    const configHash = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
    const live = !props.onlyData;
    if (live) new K8sObject(this, 'configmap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grades', namespace: ns, labels }, data });
    if (live) new K8sObject(this, 'exporter', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: EXPORTER_CONFIGMAP, namespace: ns, labels: hub.labels('singleuser') }, data: { 'hubfleet_lms_grades.py': exporterModule() } });

    const cls = o.storageClass ?? hub.databaseStorageClass;
    new K8sObject(this, 'pvc', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'grades-data', namespace: ns, labels: { ...labels, 'hubfleet.io/data': 'grades' }, annotations: { ...KEEP_ON_REMOVAL } },
      spec: { accessModes: ['ReadWriteOnce'], ...(cls ? { storageClassName: cls.storageClassName } : {}), resources: { requests: { storage: `${o.sizeGiB ?? 1}Gi` } } },
    });
    if (!live) {
      this.flows = [];
      return;
    }

    const probe = (extra: Record<string, unknown>) => ({ httpGet: { path: `${prefix}health`, port: 'http' }, ...extra });
    new K8sObject(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'grades', namespace: ns, labels, annotations: { [GRADES_KEYSET_ANNOTATION]: this.jwksUrl } },
      spec: {
        replicas: props.replicas ?? 1,
        // One SQLite writer: the old pod stops before the new one opens the database.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: select },
        template: {
          metadata: { labels, annotations: { 'hubfleet.io/config-hash': configHash } },
          spec: {
            automountServiceAccountToken: false,
            priorityClassName: hub.priorityClass,
            securityContext: restrictedPodSecurity({ runAsUser: 1000, fsGroup: 1000 }),
            containers: [
              {
                name: 'grades',
                image: IMAGES.hub,
                command: ['python3', '-m', 'hubfleet_grades'],
                workingDir: '/opt/hubfleet',
                env: [
                  { name: 'PYTHONUNBUFFERED', value: '1' },
                  { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
                  { name: 'HUBFLEET_GRADES_SETTINGS', value: '/opt/hubfleet/settings.json' },
                  { name: 'HUBFLEET_GRADES_DB', value: 'sqlite:////srv/grades/grades.sqlite' },
                  { name: 'HUBFLEET_GRADES_KEY_FILE', value: '/srv/grades/tool-key.pem' },
                  { name: 'HUBFLEET_GRADES_PORT', value: String(GRADES_PORT) },
                  { name: 'JUPYTERHUB_SERVICE_NAME', value: GRADES_SERVICE },
                  { name: 'JUPYTERHUB_SERVICE_PREFIX', value: prefix },
                  { name: 'JUPYTERHUB_API_URL', value: `http://hub.${ns}.svc.cluster.local:${hub.hubPort}${hub.basePath}hub/api` },
                  { name: 'JUPYTERHUB_API_TOKEN', valueFrom: { secretKeyRef: { name: hub.generatedSecret, key: GRADES_TOKEN_KEY } } },
                ],
                ports: [{ name: 'http', containerPort: GRADES_PORT }],
                resources: resources({ cpuRequest: 0.05, cpuLimit: 0.5, memoryRequestMiB: 128, memoryLimitMiB: 256 }),
                securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
                startupProbe: probe({ periodSeconds: 2, failureThreshold: 60 }),
                livenessProbe: probe({ periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 }),
                readinessProbe: probe({ periodSeconds: 5, timeoutSeconds: 2 }),
                volumeMounts: [
                  { name: 'code', mountPath: '/opt/hubfleet', readOnly: true },
                  { name: 'data', mountPath: '/srv/grades' },
                ],
              },
            ],
            volumes: [
              {
                name: 'code',
                configMap: {
                  name: 'grades',
                  items: [...Object.keys(code).map((f) => ({ key: f, path: `hubfleet_grades/${f}` })), { key: 'settings.json', path: 'settings.json' }],
                },
              },
              { name: 'data', persistentVolumeClaim: { claimName: 'grades-data' } },
            ],
          },
        },
      },
    });
    new K8sObject(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: GRADES_SERVICE, namespace: ns, labels },
      spec: { type: 'ClusterIP', selector: select, ports: [{ name: 'http', port: GRADES_PORT, targetPort: 'http', protocol: 'TCP' }] },
    });

    const lms = o.lmsCidrs?.length ? o.lmsCidrs.map((c) => cidrPeer(c)) : [cidrPeer('0.0.0.0/0', [LINK_LOCAL, ...clusterNetworks(props.spec)])];
    networkPolicy(this, 'netpol', {
      name: 'grades',
      namespace: ns,
      labels,
      podSelector: select,
      ingress: [{ peers: [podPeer(hub.select('hub')), podPeer(hub.select('proxy')), podPeer(hub.users)], ports: tcp(GRADES_PORT) }],
      egress: [DNS_RULE, { peers: [podPeer(hub.select('hub'))], ports: tcp(hub.hubPort) }, { peers: lms, ports: tcp(...lmsPorts) }],
    });

    const me = pods(ns, select, 'the grade service');
    const allowed = (from: FlowDecl['from'], to: FlowDecl['to'], port: number | string, why: string, protocol: 'TCP' | 'UDP' = 'TCP'): FlowDecl => ({ from, to, port, protocol, expect: 'allowed', why });
    this.flows = [
      allowed(pods(ns, hub.select('hub'), 'the hub'), service(ns, GRADES_SERVICE), 'http', 'the hub reports launches to the grade service and checks its health'),
      allowed(pods(ns, hub.select('proxy'), 'the proxy'), service(ns, GRADES_SERVICE), 'http', 'the proxy routes the public key set (/services/grades/.well-known/jwks.json) the LMS fetches'),
      allowed(pods(ns, hub.users, 'user servers'), service(ns, GRADES_SERVICE), 'http', "nbgrader's exporter in instructors' servers sends scores"),
      allowed(me, service(ns, 'hub'), 'hub', 'the grade service identifies callers and reads launches through the hub API'),
      allowed(me, { kind: 'dns' }, 53, 'it resolves the hub and the LMS', 'UDP'),
      ...(o.lmsCidrs ?? []).flatMap((c) => lmsPorts.map((p) => allowed(me, { kind: 'address', cidr: c, name: 'the LMS' }, p, 'the grade service gets tokens and sends scores to the LMS'))),
      { from: me, to: { kind: 'address', cidr: '169.254.169.254/32', name: 'cloud metadata' }, port: 'any', expect: 'denied', why: 'the grade service never reads cloud metadata' },
      { from: me, to: { kind: 'api-server' }, port: 'any', expect: 'denied', why: 'the grade service needs no Kubernetes API' },
      { from: me, to: { kind: 'other-namespaces' }, port: 'any', expect: 'denied', why: 'the grade service reaches no other namespace' },
    ];
    for (const f of this.flows) declarations.flow(f);
  }

  /**
   * What the hub's parts add for the service (merged into the hub's kind): the service entry and its
   * role, the hook section and the post-auth hook, the token in the hub's environment and generated
   * Secret, the server-token scope for graders, the exporter in user servers, the policy rules
   * towards the service, room in the quota.
   */
  kindPart(): HubKindPart {
    const hub = this.props.hub;
    const o = this.props.options;
    const grades = podPeer(hub.select('grades'));
    const toService: Rule = { peers: [grades], ports: tcp(GRADES_PORT) };
    return {
      namespace: { quotaRoom: { pods: 1, cpu: 0.5, memoryGiB: 0.25, claims: 1, storageGiB: o.sizeGiB ?? 1 } },
      hub: {
        services: [{ name: GRADES_SERVICE, url: `http://${GRADES_SERVICE}.${hub.namespace}.svc.cluster.local:${GRADES_PORT}`, api_token: pyEnv(GRADES_TOKEN_ENV), display: false }],
        roles: [{ name: 'grades-service', description: 'The grade service: list users and read the LTI launch in their auth state.', scopes: [...GRADES_SERVICE_SCOPES], services: [GRADES_SERVICE] }],
        configSections: [
          {
            title: 'Grades to the LMS (lib/grades): report every LTI 1.3 launch to the grade service, after the hook set before it',
            code: [
              `HUBFLEET_GRADES_LAUNCHES_URL = ${pyString(`${this.internalUrl}api/launches`)}`,
              launchHook().replace(/\n+$/, ''),
              '',
              '',
              'async def hubfleet_post_auth(authenticator, handler, authentication):',
              '    """The hook set before this one (the login\'s staff-role hook, or the course membership hook that calls it), then the launch report."""',
              '    authentication = hubfleet_previous_post_auth(authenticator, handler, authentication)',
              '    if authentication is None:',
              '        return None',
              '    return await hubfleet_grades_record_launch(authenticator, handler, authentication)',
            ].join('\n'),
          },
        ],
        postAuthHook: new PyExpr('hubfleet_post_auth'),
        env: [{ name: GRADES_TOKEN_ENV, valueFrom: { secretKeyRef: { name: hub.generatedSecret, key: GRADES_TOKEN_KEY } } }],
        secretKeys: [GRADES_TOKEN_KEY],
      },
      userServers: {
        // The default server token ("server" role: users:activity!user, access:servers!server) plus
        // access to this service. JupyterHub grants a server token only the scopes its owner holds
        // (jupyterhub/user.py spawn, _resolve_requested_scopes): graders (role course-grader,
        // access:services) get it, students do not.
        extraServerTokenScopes: [`access:services!service=${GRADES_SERVICE}`],
        volumes: [{ name: EXPORTER_VOLUME, source: { configMap: EXPORTER_CONFIGMAP }, mountPath: EXPORTER_DIR, readOnly: true }],
        environment: { HUBFLEET_GRADES_URL: this.internalUrl, PYTHONPATH: EXPORTER_DIR },
      },
      network: { rules: { hubIngress: [{ peers: [grades], ports: tcp(hub.hubPort) }], hubEgress: [toService], proxyEgress: [toService], userEgress: [toService] } },
    };
  }

  /** What inventory.json and the report's LTI sheet say about the service. */
  inventoryEntry(): NonNullable<HubInventoryEntry['grades']> {
    return { jwksUrl: this.jwksUrl, tokenUrl: this.props.platform?.tokenUrl ?? '', scopes: [...AGS_SCOPES] };
  }
}
