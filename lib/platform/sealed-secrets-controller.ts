import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { ContainerResources, resources } from '../core/pod';
import { HelmChartApplication } from '../argocd/helm-chart-application';
import { Package } from '../fleet/package';
import { KeptCrd, SHIPPED_CRDS } from './kept-crd';
import { SEALING_KEY_BACKUP_SCRIPT, SEALING_KEY_LABEL, SEALING_KEY_RESTORE_SCRIPT } from './sealing-key-backup';
import { CHARTS } from './versions';
import { declareProps } from '../core/props-check';

/** Props of the {@link SealedSecretsController}. */
export interface SealedSecretsControllerProps {
  /**
   * How often the controller adds a new sealing key (Go duration; old keys stay active).
   * @default '720h' (30 days, upstream's default)
   */
  readonly keyRenewPeriod?: string;
  /**
   * @default 50m/200m CPU, 64/256 MiB
   */
  readonly resources?: ContainerResources;
  /**
   * ArgoCD sync wave: before every package that holds a SealedSecret.
   * @default -15
   */
  readonly syncWave?: number;
}

/** Helm values of the sealed-secrets chart that hubfleet sets. */
export interface SealedSecretsValues {
  /** kubeseal and `hubfleet seal` look for `sealed-secrets-controller` in kube-system. */
  readonly fullnameOverride: string;
  readonly keyrenewperiod: string;
  readonly resources: Record<string, unknown>;
}

/** The SealedSecretsController validation table; each row has a "fails …" test in test/platform/addons.test.ts. */
export const SEALED_SECRETS_CONTROLLER_RULES: readonly PropRule<{ keyRenewPeriod: string }>[] = [
  {
    id: 'sealed-secrets-key-renew-period',
    field: 'keyRenewPeriod',
    value: (p) => p.keyRenewPeriod,
    ok: (p) => p.keyRenewPeriod === '0' || /^(\d+(\.\d+)?(h|m|s|ms))+$/.test(p.keyRenewPeriod),
    message: 'the key renew period must be a Go duration such as "720h" ("d" is not a Go unit), or "0" to disable renewal.',
    fix: 'write days as hours, e.g. 30 days = "720h".',
  },
];

/**
 * The Bitnami sealed-secrets controller, installed from its Helm chart into kube-system as
 * `sealed-secrets-controller` (the name kubeseal and `hubfleet seal` expect). The SealedSecret CRD is
 * not the chart's: hubfleet applies it itself (wave -10, before the chart) with
 * `Prune=false,Delete=false`, and the chart's copy is skipped, because removing that CRD deletes
 * every SealedSecret and with them the Secrets they own. Back up the sealing keys
 * ({@link SealedSecretsController.keyBackupScript}): without them nothing sealed in Git opens again.
 */
export class SealedSecretsController extends Package {
  /** Where the controller runs. */
  static readonly NAMESPACE = 'kube-system';
  /** Its name (Deployment and Service). */
  static readonly NAME = 'sealed-secrets-controller';

  /** The label of the controller's key Secrets in kube-system. */
  static readonly KEY_LABEL = SEALING_KEY_LABEL;
  /** `backup-sealing-keys.sh OUTPUT.yaml [clusters/<name>/sealed-secrets.pem]` (kubectl only). */
  static readonly keyBackupScript = SEALING_KEY_BACKUP_SCRIPT;
  /** `restore-sealing-keys.sh BACKUP.yaml`: apply the keys, restart the controller if it runs. */
  static readonly keyRestoreScript = SEALING_KEY_RESTORE_SCRIPT;

  readonly helm: HelmChartApplication;
  /** The SealedSecret CRD, applied by hubfleet and kept on prune and Application deletion. */
  readonly crd: KeptCrd;

  constructor(scope: Construct, id = 'sealed-secrets', props: SealedSecretsControllerProps = {}) {
    super(scope, id, { group: 'platform', namespace: SealedSecretsController.NAMESPACE, syncWave: props.syncWave ?? -15 });
    declareProps(this, 'SealedSecretsControllerProps', props);
    const keyRenewPeriod = props.keyRenewPeriod ?? '720h';
    const path = this.node.path;
    this.addIssues(() => checkRules(path, { keyRenewPeriod }, SEALED_SECRETS_CONTROLLER_RULES));
    const values: SealedSecretsValues = {
      fullnameOverride: SealedSecretsController.NAME,
      keyrenewperiod: keyRenewPeriod,
      resources: resources(props.resources ?? { cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 256 }),
    };
    this.crd = new KeptCrd(this, 'crd', { crd: SHIPPED_CRDS.sealedSecrets });
    this.helm = new HelmChartApplication(this, 'chart', {
      ...CHARTS.sealedSecrets,
      releaseName: SealedSecretsController.NAME,
      namespace: SealedSecretsController.NAMESPACE,
      skipCrds: true,
      // bitnami-labs/sealed-secrets helm-v2.18.5 helm/sealed-secrets/templates/{deployment,service}.yaml:
      // one controller, labels name/instance, ports http 8080 and metrics 8081, Service
      // "<fullname>" port 8080 → http (kubeseal fetches the certificate through it).
      pods: [
        {
          name: SealedSecretsController.NAME,
          labels: { 'app.kubernetes.io/name': 'sealed-secrets', 'app.kubernetes.io/instance': SealedSecretsController.NAME },
          ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 8081 }],
          containers: [{ name: 'controller', resources: values.resources }],
          services: [{ name: SealedSecretsController.NAME, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] }],
        },
      ],
      values: { ...values },
    });
  }
}
