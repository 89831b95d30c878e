/**
 * The hub's configuration: jupyterhub_config.py, rendered by hub-config.ts from a HubConfigModel
 * the parts fill in (the hub its login, URLs, culler and code sections; the user servers their
 * KubeSpawner settings; ngshare its service), in ConfigMap `hub-config` next to the secret init
 * script; custom templates in ConfigMap `hub-templates`; and the hash that restarts the hub when any
 * of them changes.
 */
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { PropRule } from '../../core/errors';
import { K8sObject } from '../../core/k8s-object';
import { parseAnyCidr } from '../../core/ip-ranges';
import { ClusterSpec } from '../../fleet/cluster-spec';
import { HubTemplates, TEMPLATE_DIR } from '../extensions';
import { ResolvedHub } from '../resolved';
import { clientRangeCheck } from './client-range';
import { ENSURE_SECRETS_PY } from './generated-secrets';
import { buildHubConfig, HubConfigModel } from './hub-config';
import { PyConfig, PyExpr, PyValue } from './python';

/** Python a hub kind adds to jupyterhub_config.py: a titled section. */
export interface ConfigSection {
  /** The comment above the code (says what it is and where it comes from). */
  readonly title: string;
  readonly code: string;
}

/** An environment variable of the hub container, read from a Secret. */
export interface HubSecretEnv {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

/** What a hub kind may change in the hub part (the hub pod and its config). */
export interface HubExtension {
  /** PriorityClass of the hub, proxy and ngshare pods. @default PRIORITY.courseHub */
  readonly priorityClass?: string;
  /** hubfleet's own config sections (exam window, SEB gate), after the client-range check and before extraHubConfig. @default [] */
  readonly configSections?: readonly ConfigSection[];
  /** Environment of the hub container from Secrets (e.g. the SEB Config Keys). @default [] */
  readonly env?: readonly HubSecretEnv[];
  /** The idle culler starts at this instant (seconds since the epoch), not before. @default undefined (at once) */
  readonly cullingNotBeforeSeconds?: number;
  /** The culler's settings instead of the course's (a closed course stops every server at once). @default the course's culling */
  readonly culling?: HubConfigModel['culling'];
  /** Further JupyterHub services (`c.JupyterHub.services` entries, e.g. the grade service). @default [] */
  readonly services?: readonly Record<string, PyValue>[];
  /** The post-auth hook, a function a config section defines (set after the sections). @default the login's */
  readonly postAuthHook?: PyExpr;
  /** Further keys of the generated Secret (created by the hub's init container). @default [] */
  readonly secretKeys?: readonly string[];
  /** Roles of `load_roles` besides hubfleet's own (an exam's `user` role: lib/exam/exam-access.ts; the grade service's role). @default [] */
  readonly roles?: readonly HubRole[];
  /** Throttle password logins (exam and grading hubs: lib/hub/hub/login-throttle.ts). @default false */
  readonly loginThrottle?: boolean;
}

/** A JupyterHub role (a `user` role replaces the default's scopes: JupyterHub 5.5 app.py init_role_creation). */
export interface HubRole {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  /** Services that hold the role. @default [] */
  readonly services?: readonly string[];
}

/** The hub config rules; each row has a "fails …" test (test/hub/course-jupyterhub.test.ts). */
export const HUB_CONFIG_RULES: readonly PropRule<ResolvedHub>[] = [
  { id: 'hub-client-cidrs', field: 'clientCidrs', value: (r) => r.props.clientCidrs, ok: (r) => (r.props.clientCidrs ?? []).every((c) => parseAnyCidr(c) !== undefined), message: 'the hub-side client ranges must be parseable IPv4 or IPv6 CIDRs (an empty list refuses every client).', fix: 'set clientCidrs, e.g. ["10.30.10.0/24"].' },
];

/** The hub's own share of the config model: login, URLs, templates, the client-range check, the culler, code sections. */
export type HubSettings = Pick<HubConfigModel, 'course' | 'title' | 'publicUrl' | 'baseUrl' | 'auth' | 'graderGroup' | 'templatePaths' | 'clientRange' | 'extraConfig' | 'hubfleetCode' | 'culling' | 'extraServices' | 'roles' | 'postAuthHook' | 'loginThrottle'>;

/** The hub's settings from the resolved props and the hub kind's extension. */
export function hubSettings(r: ResolvedHub, o: { readonly url: string; readonly spec: ClusterSpec; readonly extension: HubExtension }): HubSettings {
  const props = r.props;
  const culling = props.culling === false ? undefined : props.culling ?? {};
  return {
    course: r.id,
    title: r.title,
    publicUrl: o.url,
    baseUrl: r.basePath,
    auth: props.auth,
    graderGroup: props.graderGroup ?? 'graders',
    templatePaths: props.templates ? [TEMPLATE_DIR] : undefined,
    clientRange: props.clientCidrs ? clientRangeCheck(o.spec, props.clientCidrs) : undefined,
    extraConfig: props.extraHubConfig,
    hubfleetCode: o.extension.configSections,
    extraServices: o.extension.services,
    roles: o.extension.roles,
    postAuthHook: o.extension.postAuthHook,
    loginThrottle: o.extension.loginThrottle,
    culling: o.extension.culling ?? (culling
      ? { timeoutSeconds: (culling.idleTimeoutMinutes ?? 60) * 60, everySeconds: (culling.everyMinutes ?? 10) * 60, maxAgeSeconds: (culling.maxAgeHours ?? 0) * 3600, concurrency: 10, notBeforeSeconds: o.extension.cullingNotBeforeSeconds }
      : undefined),
  };
}

/** The rendered config and what the hub pod needs of it. */
export interface HubConfigFiles {
  /** The config as built (its traits are what the contracts and the cluster model read). */
  readonly config: PyConfig;
  /** jupyterhub_config.py */
  readonly text: string;
  /** Inline templates, sorted by name (undefined: none, or from Git). */
  readonly templateFiles?: Readonly<Record<string, string>>;
  /** Covers everything the hub reads from files at start (annotation `hubfleet.io/config-hash`). */
  readonly hash: string;
}

/** ConfigMaps `hub-config` and (with inline templates) `hub-templates`. */
export function hubConfigMaps(scope: Construct, o: { readonly namespace: string; readonly labels: Record<string, string>; readonly model: HubConfigModel; readonly templates?: HubTemplates }): HubConfigFiles {
  const config = buildHubConfig(o.model);
  const text = config.render();
  new K8sObject(scope, 'hub-config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'hub-config', namespace: o.namespace, labels: o.labels },
    data: { 'jupyterhub_config.py': text, 'ensure_secrets.py': ENSURE_SECRETS_PY },
  });
  const t = o.templates;
  const templateFiles = t && 'files' in t ? Object.fromEntries(Object.keys(t.files).sort().map((k) => [k, t.files[k]])) : undefined;
  if (templateFiles) {
    new K8sObject(scope, 'hub-templates', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hub-templates', namespace: o.namespace, labels: o.labels }, data: templateFiles });
  }
  // Everything the hub reads from files at start; the pod spec itself (env, image, init containers) rolls the pod anyway.
  const hash = createHash('sha256').update(text).update(ENSURE_SECRETS_PY).update(JSON.stringify(templateFiles ?? t ?? null)).digest('hex').slice(0, 16);
  return { config, text, templateFiles, hash };
}
