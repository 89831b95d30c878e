import { parseKubernetesVersion } from '../nodes/kubernetes-releases';
import { podSpecOf } from '../fleet/rules';
import { ModelFinding, ModelRule } from './rule-types';

/**
 * What the output needs from the cluster's API server. hubfleet validates objects against the
 * schema of the Kubernetes minor it supports (1.35), so a field that an older cluster lacks (or
 * keeps behind a feature gate that is off by default) passes synth; the API server then drops it
 * silently or refuses the object. On clusters hubfleet does not manage the version is a fact, so this
 * is where an old minor becomes an error: only when the output really uses something it lacks.
 *
 * Minors are the first release where the feature is on by default (beta or GA), from the
 * Kubernetes enhancement (KEP) of each field, as listed in kubernetes.io's feature-gate table
 * (reference/command-line-tools-reference/feature-gates).
 */
export interface ApiFeature {
  /** What the output uses, for messages. */
  readonly feature: string;
  /** The feature gate (for the reader). */
  readonly gate: string;
  /** First minor where it is on by default, e.g. `1.29`. */
  readonly since: string;
  /** What happens on an older API server. */
  readonly older: string;
  /** Does the object use it? Returns the field path, or undefined. */
  readonly usedBy: (obj: any) => string | undefined;
}

const jobSpecOf = (o: any): { spec: any; at: string } | undefined =>
  o.kind === 'Job' ? { spec: o.spec, at: 'spec' } : o.kind === 'CronJob' ? { spec: o.spec?.jobTemplate?.spec, at: 'spec.jobTemplate.spec' } : undefined;

export const API_FEATURES: readonly ApiFeature[] = [
  {
    feature: 'Job backoffLimitPerIndex (retries per index of an Indexed Job)',
    gate: 'JobBackoffLimitPerIndex',
    since: '1.29',
    older: 'the field is dropped, so one failed index fails the whole Job (the exam seat placeholders stop)',
    usedBy: (o) => { const j = jobSpecOf(o); return j && j.spec?.backoffLimitPerIndex !== undefined ? `${j.at}.backoffLimitPerIndex` : undefined; },
  },
  {
    feature: 'Job podReplacementPolicy',
    gate: 'JobPodReplacementPolicy',
    since: '1.29',
    older: 'the field is dropped: replacement pods start while the old ones still terminate',
    usedBy: (o) => { const j = jobSpecOf(o); return j && j.spec?.podReplacementPolicy !== undefined ? `${j.at}.podReplacementPolicy` : undefined; },
  },
  {
    feature: 'Job successPolicy',
    gate: 'JobSuccessPolicy',
    since: '1.31',
    older: 'the field is dropped: the Job succeeds only when every index does',
    usedBy: (o) => { const j = jobSpecOf(o); return j && j.spec?.successPolicy !== undefined ? `${j.at}.successPolicy` : undefined; },
  },
  {
    feature: 'CronJob timeZone',
    gate: 'CronJobTimeZone',
    since: '1.25',
    older: 'the object is refused or the schedule runs in the controller manager\'s time zone (exam windows shift by hours)',
    usedBy: (o) => (o.kind === 'CronJob' && o.spec?.timeZone !== undefined ? 'spec.timeZone' : undefined),
  },
  {
    feature: 'sidecar containers (initContainers with restartPolicy Always)',
    gate: 'SidecarContainers',
    since: '1.29',
    older: 'the init container must end before the main containers start: the pod never starts',
    usedBy: (o) => {
      const p = podSpecOf(o);
      const i = (p?.spec?.initContainers ?? []).findIndex((c: any) => c.restartPolicy === 'Always');
      return p && i >= 0 ? `${p.at}.initContainers[${i}].restartPolicy` : undefined;
    },
  },
  {
    feature: 'PodDisruptionBudget unhealthyPodEvictionPolicy',
    gate: 'PDBUnhealthyPodEvictionPolicy',
    since: '1.27',
    older: 'the field is dropped: a node drain waits on pods that never become ready',
    usedBy: (o) => (o.kind === 'PodDisruptionBudget' && o.spec?.unhealthyPodEvictionPolicy !== undefined ? 'spec.unhealthyPodEvictionPolicy' : undefined),
  },
  {
    feature: 'pod-level resources (spec.resources)',
    gate: 'PodLevelResources',
    since: '1.34',
    older: 'the field is dropped: the pod is scheduled by its containers\' requests only',
    usedBy: (o) => { const p = podSpecOf(o); return p?.spec?.resources !== undefined ? `${p.at}.resources` : undefined; },
  },
];

const minorNumber = (minor: string) => Number(minor.split('.')[1]);

/** The features an object uses that the minor lacks. */
export function missingApiFeatures(obj: any, minor: string): Array<{ feature: ApiFeature; field: string }> {
  const out: Array<{ feature: ApiFeature; field: string }> = [];
  for (const f of API_FEATURES) {
    if (minorNumber(minor) >= minorNumber(f.since)) continue;
    const field = f.usedBy(obj);
    if (field) out.push({ feature: f, field });
  }
  return out;
}

export const API_RULES: readonly ModelRule[] = [
  {
    id: 'wiring-kubernetes-api',
    guards: "the output uses no API field the cluster's Kubernetes minor lacks (or keeps off by default): an old minor on a cluster hubfleet does not manage is a warning until the output needs something it does not have",
    check: (m) => {
      const v = parseKubernetesVersion(m.spec.kubernetes.version);
      if (!v) return []; // cluster-k8s-version reports it
      const out: ModelFinding[] = [];
      for (const o of m.objects) {
        for (const { feature, field } of missingApiFeatures(o.json, v.minor)) {
          out.push({
            path: o.path,
            field: `${o.json.kind}/${o.json.metadata?.name} ${field}`,
            value: m.spec.kubernetes.version,
            message: `the object uses ${feature.feature}, on by default only since Kubernetes ${feature.since} (feature gate ${feature.gate}); on ${v.minor}, ${feature.older}.`,
            fix: `upgrade the cluster to Kubernetes ${feature.since} or newer (a supported minor), or leave out the construct that needs it.`,
          });
        }
      }
      return out;
    },
  },
];
