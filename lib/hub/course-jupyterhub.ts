/**
 * CourseJupyterHub: one JupyterHub per course, in its own namespace, rendered natively (no Helm).
 * This file wires the parts, each in a folder named like Zero to JupyterHub's chart templates
 * (lib/hub/README.md, "Parts"): the namespace with its quota; the hub (RBAC, config, database,
 * Deployment); the proxy; the user servers (KubeSpawner settings, profiles, images); nbgrader's
 * ngshare; the route; the NetworkPolicies and the flows they must allow. Exam and grading hubs are
 * the same parts with what their {@link HubKind} changes.
 */
import { Construct } from 'constructs';
import { checkRules, Issue, isError, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { declareProps } from '../core/props-check';
import { ClusterApp } from '../fleet/cluster-app';
import { monitoringOf } from '../fleet/existing-addons';
import { Package } from '../fleet/package';
import { clusterGpus } from '../model/nodes';
import { PriorityClasses, PRIORITY } from '../fleet/priority-classes';
import { dummyLoginIssues } from './auth';
import { CourseJupyterHubProps } from './course-jupyterhub-props';
import { disruptionBudget } from './disruption-budget';
import { EXTENSION_RULES } from './extensions';
import { staffSettings } from './course-staff';
import { STAFF_RULES } from './course-staff-rules';
import { hubGroup, HubKind, mergeHubKinds } from './hub-kind';
import { lifecyclePart, LIFECYCLE_RULES } from './lifecycle/lifecycle-part';
import { GradeService, gradesIssues } from '../grades/grade-service';
import { HUB_CONFIG_RULES, hubConfigMaps, hubSettings } from './hub/config';
import { HUB_PORTS } from './ports';
import { checkHubContracts } from './hub/contracts';
import { hubDatabaseClaim } from './hub/database';
import { generatedSecretKeys, hubDeployment } from './hub/deployment';
import { GENERATED_SECRET_NAME } from './hub/generated-secrets';
import { HubConfigModel } from './hub/hub-config';
import { hubMetrics, metricsSettings } from './hub/metrics';
import { hubRbac } from './hub/rbac';
import { hubInventoryEntry } from './inventory';
import { hubNamespace, hubOwnPods, NAMESPACE_RULES } from './namespace/hub-namespace';
import { QUOTA_RULES, userServerQuota } from './namespace/hub-quota';
import { NBGITPULLER_LINK_RULES, nbgitpullerLink, NbgitpullerLinkOptions } from './nbgitpuller';
import { hubNetwork, NETWORK_RULES } from './network/network-policies';
import { NBGRADER_RULES } from './ngshare/nbgrader';
import { nbgraderConfigMap, nbgraderCourse, ngshare, ngshareClaim, ngshareSettings } from './ngshare/ngshare';
import { hubProxy } from './proxy/proxy';
import { hubLabels, resolveHubProps, ResolvedHub, userServerSelector } from './resolved';
import { hubRoute, ROUTE_RULES } from './routes/hub-route';
import { declareUserServers, imageNeeds, serverSize, USER_SERVER_RULES, userServerGpus, userServerSettings } from './singleuser/user-servers';
import { imageFeatureIssues } from './user-image';
import { adoptedHomesVolume, adoptionServerProblem, HOME_ADOPTION_RULES } from './singleuser/home-adoption';

export type { CourseJupyterHubProps, CullingOptions, EgressAllowance, HomeStorage, NbgraderOptions } from './course-jupyterhub-props';

/** The validation table of CourseJupyterHub props: each part's rows (kept beside the part); each row has a "fails …" test. */
export const COURSE_HUB_RULES: readonly PropRule<ResolvedHub>[] = [...NAMESPACE_RULES, ...QUOTA_RULES, ...USER_SERVER_RULES, ...HOME_ADOPTION_RULES, ...ROUTE_RULES, ...HUB_CONFIG_RULES, ...NETWORK_RULES, ...STAFF_RULES, ...LIFECYCLE_RULES];

/** A course hub changes nothing in the parts. */
const COURSE: HubKind = { kind: 'course' };

/**
 * One JupyterHub as one package, wired from its parts; {@link CourseJupyterHub}, ExamHub and
 * GradingHub are its kinds. Object names follow Zero-to-JupyterHub (`hub`, `proxy`, `proxy-api`,
 * `proxy-public`, `hub-db-dir`, …) and its `component`/`app`/`release` labels.
 */
export abstract class JupyterHubPackage extends Package {
  /** The namespace the hub lives in. */
  readonly namespaceName: string;
  /** The public URL, ending in "/". */
  readonly url: string;
  /** The public host. */
  readonly host: string;
  /** The hub's database volume claim. */
  readonly hubDatabaseClaim: K8sObject;
  /** The rendered jupyterhub_config.py. */
  readonly hubConfig: string;
  /** With nbgrader: the commands the first instructor runs once to create the course in ngshare. */
  readonly ngshareSetup?: readonly string[];
  /** Resolved settings (after defaults). */
  protected readonly resolved: ResolvedHub;
  /** nbgitpuller apps links were made for (they need nbgitpuller, and 'rstudio' RStudio, in the image). */
  private readonly gitPullApps = new Set<string>();

  protected constructor(scope: Construct, id: string, props: CourseJupyterHubProps, kind: HubKind) {
    const namespace = props.namespace ?? `${kind.kind}-${id}`;
    super(scope, id, { group: hubGroup(kind), namespace });
    declareProps(this, 'CourseJupyterHubProps', props);
    const app = ClusterApp.of(this);
    const spec = app.spec;
    // PriorityClasses are cluster-scoped: a platform package holds them (lib/fleet/priority-classes.ts).
    PriorityClasses.of(app);
    const r = resolveHubProps(id, namespace, spec.domain, props);
    this.resolved = r;
    this.namespaceName = namespace;
    this.host = r.host;
    this.url = `https://${r.host}${r.basePath}`;
    const nb = props.nbgrader;
    const labels = hubLabels(id);
    const hubPriority = kind.hub?.priorityClass ?? PRIORITY.courseHub;
    const homeClass = props.home === false ? undefined : props.home?.storageClass ?? app.storageFor('homes');
    const databaseClass = props.hubDatabaseStorageClass ?? app.storageFor('database');

    // Grades to the LMS: a service of its own (lib/grades) and what it adds to the other parts.
    const grades = props.grades
      ? new GradeService(
          this,
          'grades',
          {
            options: props.grades,
            hub: { id, namespace, basePath: r.basePath, url: this.url, labels: labels.labels, select: labels.select, users: userServerSelector(id), priorityClass: hubPriority, databaseStorageClass: databaseClass, generatedSecret: GENERATED_SECRET_NAME, hubPort: HUB_PORTS.hub },
            platform: props.auth.ltiPlatform(),
            authKind: props.auth.kind,
            nbgrader: !!nb,
            spec,
            // A closed course's service stops with its hub; a retired course keeps only its data.
            replicas: kind.scaledToZero ? 0 : 1,
            onlyData: props.lifecycle?.phase === 'retired',
          },
          this.declarations,
        )
      : undefined;
    const k = grades ? mergeHubKinds(kind, grades.kindPart()) : kind;
    const gpus = userServerGpus(r);
    const monitoring = monitoringOf(spec);

    // The namespace, its quota and limits.
    const path = this.node.path;
    const serverSizes = [serverSize(r), ...r.profiles.map((p) => serverSize(r, p))];
    hubNamespace(this, {
      name: namespace,
      release: id,
      kind: k.inventoryKind ?? k.kind,
      serverSizes,
      maxConcurrent: r.maxConcurrent,
      userQuota: userServerQuota({ maxConcurrent: r.maxConcurrent, sizes: serverSizes, share: props.quotaShare, spec, ownPods: ((c) => ({ cpu: c.reqCpu, memoryGiB: c.reqMemGiB }))(hubOwnPods(!!nb)) }),
      students: props.students,
      homeGiB: props.home === false || props.home?.adopt?.from === 'nfs-directories' ? undefined : r.homeGiB,
      sharedHomesGiB: props.home !== false && props.home?.adopt?.from === 'nfs-directories' ? props.home.adopt.sizeGiB ?? 1024 : undefined,
      ngshareGiB: nb ? nb.sizeGiB ?? 5 : undefined,
      gpus: { ...gpus, inCluster: clusterGpus(spec, gpus.resource) },
      extension: k.namespace,
    });
    const replicas = k.scaledToZero ? 0 : 1;
    const exchange = nb && { namespace, hubId: id, labels, basePath: r.basePath, priorityClass: hubPriority, nbgrader: nb, storageClass: nb.storageClass ?? databaseClass ?? homeClass, extension: k.nbgrader, replicas };
    if (props.lifecycle?.phase === 'retired') {
      // A retired course: its namespace and the claims in Git stay (hub database, exchange); every
      // other object goes (lib/hub/lifecycle). The archived homes are kept on NFS until deleteAfter.
      this.hubDatabaseClaim = hubDatabaseClaim(this, { namespace, labels: labels.labels('hub'), storageClass: databaseClass });
      if (exchange) ngshareClaim(this, exchange);
      this.hubConfig = '';
      this.addIssues(() => checkRules(path, r, [...NAMESPACE_RULES, ...LIFECYCLE_RULES]));
      this.declarations.hub(hubInventoryEntry(r, { kind: k.inventoryKind ?? k.kind, url: this.url, homeClass }));
      return;
    }

    // The hub: RBAC; its config, where the user servers and ngshare have their share; database; Deployment.
    hubRbac(this, { namespace, labels: labels.labels('hub') });
    const staff = staffSettings(props);
    const model: HubConfigModel = {
      ...hubSettings(r, { url: this.url, spec, extension: k.hub ?? {} }),
      ...userServerSettings(r, homeClass, k.userServers ?? {}),
      ...(nb ? ngshareSettings(namespace) : {}),
      ...(staff ? { staff } : {}),
      ...metricsSettings(monitoring),
    };
    const config = hubConfigMaps(this, { namespace, labels: labels.labels('hub'), model, templates: props.templates });
    this.hubConfig = config.text;
    // Graders collect and grade through ngshare as its course instructors: the first instructor adds them.
    const graders = [...new Set([...(props.staff?.graders?.users ?? []), ...Object.values(props.staff?.graders?.sections ?? {}).flat()])].sort();
    if (exchange) this.ngshareSetup = [...nbgraderConfigMap(this, exchange), ...graders.map((g) => `ngshare-course-management add_instructor ${nbgraderCourse(id, exchange.nbgrader).courseId} ${g}`)];
    this.hubDatabaseClaim = hubDatabaseClaim(this, { namespace, labels: labels.labels('hub'), storageClass: databaseClass });
    // Both keep sqlite files: the cluster model checks they are on block storage (wiring-database-on-nfs).
    this.declarations.database({ namespace, claim: 'hub-db-dir', engine: 'sqlite', what: `the hub database of "${id}" (jupyterhub.sqlite)` });
    if (exchange) this.declarations.database({ namespace, claim: 'ngshare-data', engine: 'sqlite', what: `ngshare's database of "${id}" (ngshare.db)` });
    const hub = hubDeployment(this, { namespace, labels, basePath: r.basePath, priorityClass: hubPriority, auth: props.auth, ngshare: !!nb, metrics: !!monitoring, config, templates: props.templates, extraEnv: k.hub?.env, extraSecretKeys: k.hub?.secretKeys, replicas });

    // The proxy, both disruption budgets, the route, ngshare.
    hubProxy(this, { namespace, labels, basePath: r.basePath, priorityClass: hubPriority, replicas });
    for (const component of ['hub', 'proxy']) disruptionBudget(this, component, { namespace, labels, blockEviction: props.blockEviction });
    hubRoute(this, r, labels.labels('ingress'));
    if (exchange) ngshare(this, exchange);
    const adopt = props.home === false ? undefined : props.home?.adopt;
    if (adopt?.from === 'nfs-directories') adoptedHomesVolume(this, { namespace, labels: labels.labels('hub'), adopt, spec });

    // NetworkPolicies and the flows the cluster model proves.
    hubNetwork(this, this.declarations, {
      spec,
      namespace,
      release: id,
      labels,
      nbgrader: !!nb,
      hubEgressPorts: [...new Set([...props.auth.egressPorts(), ...(props.templates && 'git' in props.templates ? [443] : [])])].sort((a, b) => a - b),
      internet: props.internetAccess ?? true,
      allowances: props.egressAllowances ?? [],
      userDns: k.userServers?.dns !== false,
      extension: k.network,
    });
    // The cluster's Prometheus (monitoringOf: hubfleet's add-on or one that runs already) scrapes the hub's metrics.
    if (monitoring) hubMetrics(this, this.declarations, { monitoring, namespace, labels, basePath: r.basePath });

    // Input rules first; the contract rules over the rendered config are a safety net that only
    // speaks when the input passed, so one mistake is reported once.
    this.addIssues(() => {
      const input: Issue[] = [
        ...checkRules(path, r, COURSE_HUB_RULES),
        ...props.auth.validate(path),
        ...dummyLoginIssues(path, props.auth, k.kind === 'exam'),
        ...checkRules(path, props, EXTENSION_RULES),
        ...(nb ? checkRules(path, nbgraderCourse(id, nb), NBGRADER_RULES) : []),
        ...imageFeatureIssues(path, imageNeeds(r, this.gitPullApps)),
        ...((p) => (p ? [{ path, field: 'home.adopt', value: adopt, message: `${p}.`, fix: 'set nfs: { server, exportPath } in the ClusterSpec.', rule: 'hub-home-adopt-nfs-server' }] : []))(adoptionServerProblem(r, spec)),
        ...(props.grades ? gradesIssues(path, { options: props.grades, platform: props.auth.ltiPlatform(), authKind: props.auth.kind, nbgrader: !!nb, spec }) : []),
      ];
      return input.some(isError) ? input : [...input, ...checkHubContracts(path, { traits: config.config.traits(), hubEnv: hub.envNames })];
    });

    // What the cluster model checks and inventory.json lists.
    this.declarations.generatedSecret({ namespace, name: GENERATED_SECRET_NAME, keys: generatedSecretKeys(!!nb, !!monitoring, k.hub?.secretKeys), by: `Deployment ${namespace}/hub (init container ensure-secrets)` });
    declareUserServers(this.declarations, r, { config: config.config, model, seatWindow: k.userServers?.seatWindow });
    this.declarations.hub(hubInventoryEntry(r, { kind: k.inventoryKind ?? k.kind, url: this.url, homeClass, window: k.window, lti13: props.auth.kind === 'lti13' ? this.ltiToolUrls() : undefined, grades: grades?.inventoryEntry() }));
  }

  /** A link that pulls course material from Git into each student's home and opens it. */
  gitPullLink(o: Omit<NbgitpullerLinkOptions, 'hubUrl'>): string {
    this.gitPullApps.add(o.app ?? 'lab');
    this.addIssues(() => checkRules(this.node.path, o, NBGITPULLER_LINK_RULES));
    return nbgitpullerLink({ ...o, hubUrl: this.url });
  }

  /** What a Moodle admin enters for this hub (LTI 1.3 tool registration). */
  ltiToolUrls(): { toolUrl: string; initiateLoginUrl: string; redirectionUri: string; configJson: string } {
    return {
      toolUrl: `${this.url}hub/`,
      initiateLoginUrl: `${this.url}hub/lti13/oauth_login`,
      redirectionUri: `${this.url}hub/lti13/oauth_callback`,
      configJson: `${this.url}hub/lti13/config`,
    };
  }
}

/**
 * A JupyterHub for one course, in its own namespace, rendered natively (no Helm): hub, proxy,
 * ingress, login, user-server settings, idle culling, homes, optional nbgrader with ngshare, quota,
 * and NetworkPolicies that keep notebooks away from cloud metadata, the Kubernetes API, private
 * ranges and the cluster's blocked CIDRs.
 */
export class CourseJupyterHub extends JupyterHubPackage {
  constructor(scope: Construct, id: string, props: CourseJupyterHubProps) {
    // A course of the catalogue renders its lifecycle phase (lib/hub/lifecycle).
    super(scope, id, props, mergeHubKinds(COURSE, lifecyclePart(props.lifecycle, !!props.nbgrader)));
  }
}
