import { Construct } from 'constructs';
import { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION } from '../argocd/argocd';
import { K8sObject } from '../core/k8s-object';
import sealedSecretsCrd from './data/bitnami.com_sealedsecrets.json';
import { declareProps } from '../core/props-check';

/** An upstream CRD as scripts/gen-schemas.js writes it into lib/platform/data/. */
export interface ShippedCrd {
  /** The line of shared/crds/SOURCES.txt: upstream repository, path and commit. */
  readonly source: string;
  readonly crd: { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> }; readonly spec: unknown };
}

/** The CRDs hubfleet applies itself (regenerate with `node scripts/gen-schemas.js <shared>`). */
export const SHIPPED_CRDS = {
  /** bitnami-labs/sealed-secrets chart 2.18.5's `crds/bitnami.com_sealedsecrets.yaml`. */
  sealedSecrets: sealedSecretsCrd as ShippedCrd,
} as const;

/** What ArgoCD must never do to a CRD whose deletion deletes data: prune it, delete it with its Application. */
export const KEEP_CRD = 'Prune=false,Delete=false';

/** Props of {@link KeptCrd}. */
export interface KeptCrdProps {
  readonly crd: ShippedCrd;
  /**
   * Sync wave inside the package: before the chart's Application (-5) and before any custom resource.
   * @default -10
   */
  readonly syncWave?: number;
}

/**
 * An upstream CRD applied by hubfleet instead of by a chart, because deleting it deletes every
 * custom resource of its kind (and, for SealedSecrets, the Secrets they own): unchanged from
 * upstream, plus `argocd.argoproj.io/sync-options: Prune=false,Delete=false` and an early sync wave.
 * The chart's own copy is left out with `helm.skipCrds`.
 */
export class KeptCrd extends Construct {
  readonly crdName: string;
  readonly apiObject: K8sObject;

  constructor(scope: Construct, id: string, props: KeptCrdProps) {
    super(scope, id);
    declareProps(this, 'KeptCrdProps', props);
    const { crd } = props.crd;
    this.crdName = crd.metadata.name;
    this.apiObject = new K8sObject(this, 'resource', {
      apiVersion: crd.apiVersion,
      kind: crd.kind,
      metadata: {
        name: crd.metadata.name,
        labels: { 'app.kubernetes.io/part-of': 'hubfleet' },
        annotations: {
          ...(crd.metadata.annotations ?? {}),
          [SYNC_OPTIONS_ANNOTATION]: KEEP_CRD,
          [SYNC_WAVE_ANNOTATION]: String(props.syncWave ?? -10),
          'hubfleet.io/upstream': props.crd.source,
        },
      },
      spec: crd.spec,
    });
  }
}
