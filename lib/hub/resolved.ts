/**
 * A hub's props after the defaults, shared by its parts and checked by their rule tables, and the
 * labels every part gives its objects (Zero to JupyterHub's `component`/`app`/`release`).
 */
import { CourseJupyterHubProps } from './course-jupyterhub-props';
import { ServerProfile } from './singleuser/profiles';

/** The props of a hub with every default applied. */
export interface ResolvedHub {
  readonly id: string;
  readonly namespace: string;
  readonly title: string;
  readonly maxConcurrent: number;
  readonly cpuGuarantee: number;
  readonly cpuLimit: number;
  readonly memoryGuaranteeGiB: number;
  readonly memoryLimitGiB: number;
  readonly profiles: readonly ServerProfile[];
  readonly host: string;
  readonly basePath: string;
  /** Home size per user; 0 without homes. */
  readonly homeGiB: number;
  readonly props: CourseJupyterHubProps;
}

/** Apply the defaults of {@link CourseJupyterHubProps} (documented there with `@default`). */
export function resolveHubProps(id: string, namespace: string, domain: string, props: CourseJupyterHubProps): ResolvedHub {
  return {
    id,
    namespace,
    title: props.title ?? id,
    maxConcurrent: props.maxConcurrentUsers ?? props.students,
    cpuGuarantee: props.cpuGuarantee ?? 0.5,
    cpuLimit: props.cpuLimit ?? 2,
    memoryGuaranteeGiB: props.memoryGuaranteeGiB ?? 1,
    memoryLimitGiB: props.memoryLimitGiB ?? 2,
    profiles: props.profiles ?? [],
    host: props.host ?? `${id}.${domain}`,
    basePath: props.basePath ?? '/',
    homeGiB: props.home === false ? 0 : props.home?.sizeGiB ?? 10,
    props,
  };
}

/** Labels of a hub's objects and the selectors of its pods, per component (`hub`, `proxy`, …). */
export interface HubLabels {
  /** Labels of the objects of a component. */
  labels(component: string): Record<string, string>;
  /** The labels that select a component's pods. */
  select(component: string): Record<string, string>;
}

/** The labels of hub `release` (the course id). */
export function hubLabels(release: string): HubLabels {
  return {
    labels: (component) => ({ component, app: 'jupyterhub', release, 'app.kubernetes.io/part-of': 'hubfleet', 'hubfleet.io/course': release }),
    select: (component) => ({ component, app: 'jupyterhub', release }),
  };
}

/** The labels of a hub's user servers (KubeSpawner's pods). */
export function userServerSelector(release: string): Record<string, string> {
  return { component: 'singleuser-server', release };
}
