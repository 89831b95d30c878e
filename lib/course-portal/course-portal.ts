/**
 * `CoursePortal`: the course portal (lib/portal, `hubfleet portal`) deployed by hubfleet itself, in
 * a namespace of its own: the image (images/portal) runs `hubfleet portal` with a configuration
 * file from a ConfigMap; the OIDC client secret, the deploy key, the forge token and the session
 * key come from one SealedSecret as files; a route with TLS; NetworkPolicies that admit the ingress
 * controller and let the portal reach only DNS, the identity provider and the Git host (and the
 * forge's API) and, for its lecturers' usage, the cluster's Prometheus; no ServiceAccount token (it
 * holds no cluster credentials). Its flows are declared for the cluster model to prove.
 */
import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { cidrPeer, DNS_RULE, namespacedPodPeer, networkPolicy, tcp } from '../core/network-policy';
import { ContainerResources, resources, restrictedContainerSecurity, restrictedPodSecurity } from '../core/pod';
import { declareProps } from '../core/props-check';
import { cidr, intersect } from '../model/address-set';
import { ClusterApp } from '../fleet/cluster-app';
import { MonitoringFact, monitoringOf } from '../fleet/existing-addons';
import { SERVICES } from '../monitoring/stack-names';
import { IsolatedNamespace } from '../fleet/isolated-namespace';
import { Package } from '../fleet/package';
import { ingressControllerPeers, PublicRoute } from '../fleet/public-route';
import { FlowDecl, pods, service } from '../model/declarations';
import { SealedSecret } from '../secrets/sealed-secret';

/** A service outside the cluster the portal talks to. */
export interface PortalEgressTarget {
  /** Its host name (documentation and messages: NetworkPolicies know addresses only). */
  readonly host: string;
  /** Its addresses. */
  readonly cidrs: readonly string[];
  /** @default [443] (the Git host: [22]) */
  readonly ports?: readonly number[];
}

/** Where the portal reads each course's usage. */
export interface PortalUsageOptions {
  /**
   * The Prometheus' HTTP address, inside the cluster (`http://<service>.<namespace>.svc[:port]`,
   * in the namespace of the cluster's Prometheus).
   * @default hubfleet's monitoring add-on: `http://monitoring-prometheus.<namespace>.svc:9090`; a Prometheus of existingAddons.monitoring: none (required)
   */
  readonly prometheusUrl?: string;
  /** The Prometheus pods' port the address reaches (the NetworkPolicies' port). @default 9090 */
  readonly prometheusPort?: number;
  /** Ask Prometheus again after this many seconds. @default 300 */
  readonly refreshSeconds?: number;
}

/** Props of {@link CoursePortal}. */
export interface CoursePortalProps {
  /** The portal image (images/portal: hubfleet with this repository's app module built in), pinned. */
  readonly image: string;
  /** Public host name. @default `portal.<cluster domain>` */
  readonly host?: string;
  /** @default 'course-portal' */
  readonly namespace?: string;
  /** The university's OpenID Connect provider. */
  readonly oidc: {
    readonly issuer: string;
    readonly clientId: string;
    /** Members of these IdP groups may request courses. */
    readonly requesterGroups: readonly string[];
    /** @default 'groups' */
    readonly groupsClaim?: string;
    /** @default 'email' */
    readonly identityClaim?: string;
  };
  /** The repository that holds the catalogue. */
  readonly git: {
    /** Its SSH address, e.g. `git@gitlab.example.org:platform/teaching-clusters.git`. */
    readonly url: string;
    /** The Git host's public key line(s), as in known_hosts (the portal checks the host strictly). */
    readonly knownHosts: string;
    /** @default 'main' */
    readonly branch?: string;
    /** The only branches the deploy key may push. @default 'course-requests/' */
    readonly requestPrefix?: string;
    /** The committer of every request. @default { name: 'hubfleet course portal', email: `course-portal@<domain>` } */
    readonly committer?: { readonly name: string; readonly email: string };
  };
  /** Merge requests through the forge's API. @default none (request branches only) */
  readonly forge?: { readonly kind: 'github' | 'gitlab'; readonly apiUrl: string; readonly repository: string };
  /** What the portal may reach outside the cluster: the IdP, the Git host, and the forge's API when it is another address. */
  readonly egress: { readonly idp: PortalEgressTarget; readonly git: PortalEgressTarget; readonly forgeApi?: PortalEgressTarget };
  /**
   * The sealed values (`hubfleet seal --namespace <namespace> --name course-portal --from-env-file …`):
   * `oidc-client-secret`, `deploy-key` (the private key), `session-key` (32 random bytes, hex) and,
   * with a forge, `forge-token`.
   */
  readonly sealed: Readonly<Record<string, string>>;
  /** The homes' StorageClass the catalogue's hubs get, as the app stack gives it. @default the cluster's default for homes */
  readonly homeStorageClass?: string;
  /**
   * Usage per course (users, server-hours, the most servers at once against the plan, memory) over
   * its term, from the cluster's Prometheus; `false`: none.
   * @default hubfleet's monitoring add-on's Prometheus when the cluster runs it (ClusterSpec `monitoring`); otherwise none
   */
  readonly usage?: false | PortalUsageOptions;
  /** Only these client networks reach the portal. @default every client */
  readonly allowedSourceCidrs?: readonly string[];
  /** @default 200m/1000m CPU, 512/1536 MiB (the cluster model of a large catalogue is built in memory) */
  readonly resources?: ContainerResources;
}

const PORT = 8080;
const LABELS = { 'app.kubernetes.io/name': 'course-portal', 'app.kubernetes.io/part-of': 'hubfleet' };
const CONFIG_DIR = '/etc/hubfleet-portal';
const SECRET_DIR = '/var/run/hubfleet-portal';
/** Addresses on the internet no portal needs (documentation networks, RFC 5737): the model proves they stay closed. */
const ELSEWHERE = ['198.51.100.7/32', '203.0.113.7/32', '192.0.2.7/32'];

const validCidr = (c: string) => {
  try {
    cidr(c);
    return /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c);
  } catch {
    return false;
  }
};
const targets = (p: CoursePortalProps) => [p.egress.idp, p.egress.git, ...(p.egress.forgeApi ? [p.egress.forgeApi] : [])];

/** The CoursePortal rules; each row has a "fails …" test in test/course-portal/course-portal.test.ts. */
export const COURSE_PORTAL_RULES: readonly PropRule<CoursePortalProps>[] = [
  { id: 'portal-image-pinned', field: 'image', value: (p) => p.image, ok: (p) => /^[^\s:@]+(:[A-Za-z0-9_.-]+)?(@sha256:[0-9a-f]{64})?$/.test(p.image) && /(@sha256:|:(?!latest$)[^:/]+$)/.test(p.image), message: 'the portal image must be pinned (a tag other than latest, or a digest).', fix: 'build images/portal and name it with its tag or digest.' },
  { id: 'portal-oidc-issuer', field: 'oidc.issuer', value: (p) => p.oidc.issuer, ok: (p) => /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(p.oidc.issuer), message: 'the issuer must be an https:// URL.', fix: 'give the provider\'s issuer (its discovery document is <issuer>/.well-known/openid-configuration).' },
  { id: 'portal-requester-groups', field: 'oidc.requesterGroups', value: (p) => p.oidc.requesterGroups, ok: (p) => p.oidc.requesterGroups.length > 0 && p.oidc.requesterGroups.every((g) => g.length > 0 && g.length <= 200), message: 'no IdP group may request courses.', fix: 'name the group(s) of lecturers, e.g. ["lecturers"].' },
  { id: 'portal-git-ssh', field: 'git.url', value: (p) => p.git.url, ok: (p) => /^(ssh:\/\/[^\s@/]+@[^\s/]+\/\S+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:\S+)$/.test(p.git.url), message: 'the catalogue repository must be an SSH address (the deploy key pushes over SSH).', fix: 'write git@host:group/repository.git or ssh://git@host/group/repository.git.' },
  { id: 'portal-known-hosts', field: 'git.knownHosts', value: (p) => p.git.knownHosts.slice(0, 60), ok: (p) => p.git.knownHosts.split('\n').some((l) => /^\S+ (ssh-ed25519|ecdsa-sha2-nistp\d+|ssh-rsa) [A-Za-z0-9+/=]+/.test(l.trim())), message: 'the Git host\'s key is missing: without it the portal could not check whom it pushes to.', fix: 'paste the line(s) of `ssh-keyscan <git host>` after checking them against the forge\'s published fingerprints.' },
  { id: 'portal-request-prefix', field: 'git.requestPrefix', value: (p) => p.git.requestPrefix, ok: (p) => p.git.requestPrefix === undefined || /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*\/$/.test(p.git.requestPrefix), message: 'the request prefix must be lowercase path segments ending in "/".', fix: 'e.g. "course-requests/" (the forge\'s branch rules allow the deploy key only this prefix).' },
  { id: 'portal-egress-cidrs', field: 'egress', value: (p) => targets(p).map((t) => t.cidrs), ok: (p) => targets(p).every((t) => t.cidrs.length > 0 && t.cidrs.every((c) => validCidr(c) && !c.endsWith('/0'))), message: 'each egress target needs its own addresses (IPv4 CIDRs, never /0: the portal reaches only the IdP and the Git host).', fix: 'give the addresses of the IdP and the Git host, e.g. ["192.0.2.10/32"].' },
  { id: 'portal-egress-ports', field: 'egress', value: (p) => targets(p).map((t) => t.ports), ok: (p) => targets(p).every((t) => (t.ports ?? [443]).every((n) => Number.isInteger(n) && n > 0 && n < 65536)), message: 'egress ports must be TCP port numbers.', fix: 'e.g. [443] for the IdP, [22] for SSH to the Git host.' },
  { id: 'portal-sealed-keys', field: 'sealed', value: (p) => Object.keys(p.sealed), ok: (p) => ['oidc-client-secret', 'deploy-key', 'session-key', ...(p.forge ? ['forge-token'] : [])].every((k) => k in p.sealed), message: 'the portal reads oidc-client-secret, deploy-key and session-key (and forge-token with a forge) from its SealedSecret.', fix: 'seal all of them: hubfleet seal --namespace course-portal --name course-portal --from-env-file portal.env.' },
];

/** The usage settings checked against the cluster's Prometheus. */
export interface PortalUsageCheck {
  readonly usage?: false | PortalUsageOptions;
  readonly prometheus?: MonitoringFact;
  readonly namespace: string;
}

/** Where a usage address points: service, namespace and port of `http(s)://<service>.<namespace>.svc[.cluster.local][:port]`. */
export function clusterServiceUrl(url: string | undefined): { service: string; namespace: string } | undefined {
  const m = /^https?:\/\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?(:(\d{1,5}))?\/?$/.exec(url ?? '');
  return m && (m[7] === undefined || (Number(m[7]) > 0 && Number(m[7]) < 65536)) ? { service: m[1], namespace: m[3] } : undefined;
}

const usageOn = (c: PortalUsageCheck): c is PortalUsageCheck & { usage: PortalUsageOptions } => c.usage !== undefined && c.usage !== false;

/** The rules of `usage`; each row has a "fails …" test in test/course-portal/usage.test.ts. */
export const COURSE_PORTAL_USAGE_RULES: readonly PropRule<PortalUsageCheck>[] = [
  { id: 'portal-usage-prometheus', field: 'usage', value: (c) => c.usage, ok: (c) => !usageOn(c) || c.prometheus !== undefined, message: 'usage asks for the cluster\'s Prometheus, but the cluster has none.', fix: 'turn on hubfleet\'s monitoring (ClusterSpec monitoring and the Platform\'s monitoring prop), state the Prometheus that runs already (existingAddons.monitoring), or leave usage out.' },
  { id: 'portal-usage-own-prometheus', field: 'usage', value: (c) => (usageOn(c) ? { prometheusUrl: c.usage.prometheusUrl, prometheusPort: c.usage.prometheusPort } : undefined), ok: (c) => !usageOn(c) || c.prometheus?.source !== 'hubfleet' || (c.usage.prometheusUrl === undefined && c.usage.prometheusPort === undefined), message: (c) => `hubfleet's monitoring add-on runs the cluster's Prometheus: the portal reaches it at http://${SERVICES.prometheus.name}.${c.prometheus?.namespace}.svc:${SERVICES.prometheus.port} and both NetworkPolicies admit port ${SERVICES.prometheus.port}; another address or port would not match them.`, fix: 'leave prometheusUrl and prometheusPort out (usage: {} or no usage at all).' },
  { id: 'portal-usage-url', field: 'usage.prometheusUrl', value: (c) => (usageOn(c) ? c.usage.prometheusUrl : undefined), ok: (c) => !usageOn(c) || c.prometheus?.source !== 'existing' || clusterServiceUrl(c.usage.prometheusUrl)?.namespace === c.prometheus.namespace, message: (c) => (usageOn(c) && c.usage.prometheusUrl === undefined ? `hubfleet does not know the Service of the Prometheus that runs already in ${c.prometheus?.namespace}.` : `the address must be a Service of the Prometheus' namespace ${c.prometheus?.namespace} (http://<service>.${c.prometheus?.namespace}.svc:<port>): the portal's NetworkPolicy lets it reach only the Prometheus pods there.`), fix: (c) => `e.g. prometheusUrl: "http://prometheus-operated.${c.prometheus?.namespace ?? 'monitoring'}.svc:9090".` },
  { id: 'portal-usage-numbers', field: 'usage', value: (c) => (usageOn(c) ? { prometheusPort: c.usage.prometheusPort, refreshSeconds: c.usage.refreshSeconds } : undefined), ok: (c) => !usageOn(c) || ((c.usage.prometheusPort === undefined || (Number.isInteger(c.usage.prometheusPort) && c.usage.prometheusPort > 0 && c.usage.prometheusPort < 65536)) && (c.usage.refreshSeconds === undefined || (Number.isInteger(c.usage.refreshSeconds) && c.usage.refreshSeconds >= 15 && c.usage.refreshSeconds <= 86400))), message: 'prometheusPort must be a TCP port and refreshSeconds a whole number from 15 to 86400.', fix: 'e.g. { prometheusPort: 9090, refreshSeconds: 300 }.' },
  { id: 'portal-usage-existing-policy', severity: 'warning', field: 'usage', value: (c) => c.prometheus?.namespace, ok: (c) => !usageOn(c) || c.prometheus?.source !== 'existing', message: (c) => `hubfleet does not write the NetworkPolicies of the Prometheus that runs already in ${c.prometheus?.namespace}: if they restrict ingress, the portal's queries are refused and lecturers see "usage not available".`, fix: (c) => `admit pods ${JSON.stringify(LABELS)} of namespace ${c.namespace} on port ${(usageOn(c) && c.usage.prometheusPort) || 9090} in that namespace's policies.` },
];

/** The course portal on the cluster: a package of its own (`k8s/platform/course-portal/`). */
export class CoursePortal extends Package {
  readonly url: string;
  readonly namespaceName: string;
  readonly secret: SealedSecret;

  constructor(scope: Construct, id: string, props: CoursePortalProps) {
    const namespace = props.namespace ?? 'course-portal';
    super(scope, id, { group: 'platform', namespace, outputDir: `platform/${id}`, clusterScoped: false });
    declareProps(this, 'CoursePortalProps', props);
    const spec = ClusterApp.of(this).spec;
    const prometheus = monitoringOf(spec);
    // By default usage comes from hubfleet's own Prometheus; a Prometheus that runs already is named explicitly.
    const usage: PortalUsageOptions | undefined = props.usage === false ? undefined : props.usage ?? (prometheus?.source === 'hubfleet' ? {} : undefined);
    const usageCheck: PortalUsageCheck = { usage: props.usage === undefined ? usage : props.usage, ...(prometheus ? { prometheus } : {}), namespace };
    this.addIssues(() => [...checkRules(this.node.path, props, COURSE_PORTAL_RULES), ...checkRules(this.node.path, usageCheck, COURSE_PORTAL_USAGE_RULES)]);
    const host = props.host ?? `portal.${spec.domain}`;
    this.url = `https://${host}`;
    this.namespaceName = namespace;
    const r = props.resources ?? { cpuRequest: 0.2, cpuLimit: 1, memoryRequestMiB: 512, memoryLimitMiB: 1536 };

    new IsolatedNamespace(this, 'namespace', {
      name: namespace,
      labels: { 'hubfleet.io/kind': 'course-portal' },
      keepOnRemoval: false,
      quota: { requestsCpu: '1', limitsCpu: '2', requestsMemory: '2Gi', limitsMemory: '3Gi', pods: 4, persistentVolumeClaims: 0, requestsStorage: '0' },
    });
    this.secret = new SealedSecret(this, 'course-portal', { encryptedData: props.sealed, labels: LABELS });

    const config = {
      cluster: spec.name,
      publicUrl: this.url,
      listen: { host: '0.0.0.0', port: PORT },
      oidc: { issuer: props.oidc.issuer, clientId: props.oidc.clientId, clientSecretFile: `${SECRET_DIR}/oidc-client-secret`, requesterGroups: [...props.oidc.requesterGroups], ...(props.oidc.groupsClaim ? { groupsClaim: props.oidc.groupsClaim } : {}), ...(props.oidc.identityClaim ? { identityClaim: props.oidc.identityClaim } : {}) },
      git: {
        url: props.git.url,
        branch: props.git.branch ?? 'main',
        requestPrefix: props.git.requestPrefix ?? 'course-requests/',
        sshKeyFile: `${SECRET_DIR}/deploy-key`,
        knownHostsFile: `${CONFIG_DIR}/known_hosts`,
        workDir: '/var/lib/hubfleet-portal/catalogue.git',
        committer: props.git.committer ?? { name: 'hubfleet course portal', email: `course-portal@${spec.domain}` },
      },
      ...(props.forge ? { forge: { ...props.forge, tokenFile: `${SECRET_DIR}/forge-token` } } : {}),
      sessionKeyFile: `${SECRET_DIR}/session-key`,
      ...(props.homeStorageClass ? { homeStorageClass: props.homeStorageClass } : {}),
      ...(usage && prometheus
        ? { usage: { prometheusUrl: usage.prometheusUrl ?? `http://${SERVICES.prometheus.name}.${prometheus.namespace}.svc:${SERVICES.prometheus.port}`, ...(usage.refreshSeconds !== undefined ? { refreshSeconds: usage.refreshSeconds } : {}) } }
        : {}),
      trustProxy: [spec.networks.podCidr ?? '10.42.0.0/16', spec.networks.nodeCidr],
    };
    new K8sObject(this, 'config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'course-portal-config', namespace, labels: LABELS },
      data: { 'portal.json': `${JSON.stringify(config, null, 2)}\n`, known_hosts: props.git.knownHosts.endsWith('\n') ? props.git.knownHosts : `${props.git.knownHosts}\n` },
    });
    // No token: the portal never talks to the Kubernetes API.
    new K8sObject(this, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'course-portal', namespace, labels: LABELS }, automountServiceAccountToken: false });
    new K8sObject(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'course-portal', namespace, labels: LABELS },
      spec: {
        replicas: 1,
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: {
            serviceAccountName: 'course-portal',
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurity({ runAsUser: 10001, fsGroup: 10001 }),
            containers: [
              {
                name: 'portal',
                image: props.image,
                args: ['portal', '--config', `${CONFIG_DIR}/portal.json`],
                ports: [{ name: 'http', containerPort: PORT }],
                env: [{ name: 'NODE_ENV', value: 'production' }],
                resources: resources(r),
                securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: true }),
                startupProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5, failureThreshold: 60 },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 20 },
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                  { name: 'secrets', mountPath: SECRET_DIR, readOnly: true },
                  { name: 'work', mountPath: '/var/lib/hubfleet-portal' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'course-portal-config' } },
              { name: 'secrets', secret: { secretName: this.secret.secretName, defaultMode: 0o400 } },
              { name: 'work', emptyDir: { sizeLimit: '2Gi' } },
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
            ],
          },
        },
      },
    });
    new K8sObject(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'course-portal', namespace, labels: LABELS },
      spec: { selector: LABELS, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    });
    new PublicRoute(this, 'route', {
      namespace,
      name: 'course-portal',
      host,
      service: 'course-portal',
      servicePort: { name: 'http', number: 80 },
      labels: LABELS,
      maxBodyMiB: 1,
      ...(props.allowedSourceCidrs ? { allowedSourceCidrs: props.allowedSourceCidrs } : {}),
    });
    this.network(namespace, props, usage && prometheus ? { prometheus, port: usage.prometheusPort ?? 9090 } : undefined);
  }

  /** The portal's NetworkPolicy and the flows the cluster model proves. */
  private network(namespace: string, props: CoursePortalProps, usage?: { prometheus: MonitoringFact; port: number }): void {
    const out = targets(props).map((t, i) => ({ t, ports: t.ports ?? (t === props.egress.git ? [22] : [443]), what: ['the identity provider', 'the Git host', 'the forge API'][i] }));
    networkPolicy(this, 'netpol', {
      name: 'course-portal',
      namespace,
      labels: LABELS,
      podSelector: LABELS,
      ingress: [{ peers: ingressControllerPeers(this), ports: tcp(PORT) }],
      egress: [
        DNS_RULE,
        ...out.map((o) => ({ peers: o.t.cidrs.map((c) => cidrPeer(c)), ports: tcp(...o.ports) })),
        ...(usage ? [{ peers: [namespacedPodPeer(usage.prometheus.namespace, { ...usage.prometheus.prometheusPodLabels })], ports: tcp(usage.port) }] : []),
      ],
    });
    const portal = pods(namespace, LABELS, 'the course portal');
    const flows: FlowDecl[] = [
      { from: { kind: 'ingress-controller' }, to: service(namespace, 'course-portal'), port: 'http', expect: 'allowed', why: 'lecturers reach the portal through the route' },
      { from: portal, to: { kind: 'dns' }, port: 53, protocol: 'UDP', expect: 'allowed', why: 'it resolves the IdP and the Git host' },
      ...out.flatMap((o) => o.ports.map((port): FlowDecl => ({ from: portal, to: { kind: 'address', cidr: o.t.cidrs[0], name: `${o.what} (${o.t.host})` }, port, expect: 'allowed', why: `the portal talks to ${o.what}` }))),
      ...(usage ? [{ from: portal, to: { kind: 'monitoring' }, port: usage.port, expect: 'allowed', why: "the portal asks the cluster's Prometheus for its lecturers' usage" } as FlowDecl] : []),
      { from: portal, to: { kind: 'api-server' }, port: 'any', expect: 'denied', why: 'the portal holds no cluster credentials and needs no API' },
      usage
        ? { from: portal, to: { kind: 'other-namespaces', except: [{ namespace: usage.prometheus.namespace, labels: usage.prometheus.prometheusPodLabels, ports: [usage.port] }] }, port: 'any', expect: 'denied', why: 'the portal reaches no hub and no other workload but Prometheus' }
        : { from: portal, to: { kind: 'other-namespaces' }, port: 'any', expect: 'denied', why: 'the portal reaches no hub and no other workload' },
    ];
    const overlaps = (a: string, c: string) => {
      try {
        return intersect(cidr(a), cidr(c)) !== undefined;
      } catch {
        return true;
      }
    };
    const elsewhere = ELSEWHERE.find((a) => !targets(props).some((t) => t.cidrs.some((c) => overlaps(a, c))));
    if (elsewhere) flows.push({ from: portal, to: { kind: 'address', cidr: elsewhere, name: 'any other address on the internet' }, port: 443, expect: 'denied', why: 'the portal reaches only the IdP and the Git host' });
    for (const f of flows) this.declarations.flow(f);
  }
}
