import type { ChartValuesRules } from '../argocd/chart-values';

/**
 * Upstream Helm charts of the cluster add-ons, each pinned to one reviewed version. Bump them here
 * (one line each) after reading the upstream upgrade notes; the snapshot tests show the change.
 * Every pin needs its values data, generated from the chart at that version
 * (lib/platform/data/charts/<chart>-<version>.json, scripts/gen-chart-values.js): synth checks
 * every value hubfleet sets against it (test/argocd/chart-values.test.ts fails on a pin without it).
 */
export interface ChartPin {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  /** The application version the chart ships, for the reader. */
  readonly appVersion: string;
  /** What the chart reads beyond its values.yaml keys. @default {} */
  readonly valuesRules?: ChartValuesRules;
}

export const CHARTS = {
  /** cert-manager v1.21.1 (reference/platform-components.md §4.1; chart version = app version). */
  certManager: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1', appVersion: 'v1.21.1' },
  /** MetalLB v0.16.1 (reference §4.2; chart version = app version without "v"). */
  metallb: { repoURL: 'https://metallb.github.io/metallb', chart: 'metallb', version: '0.16.1', appVersion: 'v0.16.1' },
  /** Bitnami sealed-secrets chart 2.18.5, controller 0.36.6 (reference §2.4). */
  sealedSecrets: { repoURL: 'https://bitnami-labs.github.io/sealed-secrets', chart: 'sealed-secrets', version: '2.18.5', appVersion: '0.36.6' },
  /**
   * Traefik chart 37.3.0 = Traefik Proxy v3.6.0 with Gateway API v1.4 support (traefik-helm-chart
   * Changelog, released 2025-11-10). Not in the reference: verify before pinning a newer one.
   */
  traefik: { repoURL: 'https://traefik.github.io/charts', chart: 'traefik', version: '37.3.0', appVersion: 'v3.6.0' },
  /**
   * kube-prometheus-stack 88.5.3 (2026-08-21): prometheus-operator v0.93.1, Prometheus v3, Alertmanager
   * v0.34.0, Grafana 13.2.0 (grafana-community chart 12.11.1), kube-state-metrics 2.20.0 (chart
   * 8.4.0), node-exporter 1.12.1 (chart 4.56.1). Not in the reference: read the chart's UPGRADE.md
   * before a bump (major versions change CRDs).
   */
  kubePrometheusStack: {
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
    appVersion: 'v0.93.1',
    valuesRules: {
      open: [
        // templates/alertmanager/secret.yaml renders it whole as alertmanager.yaml (Alertmanager's own configuration).
        'alertmanager.config',
        // grafana chart templates/_config.tpl renders it whole as grafana.ini (Grafana's own configuration).
        'grafana.grafana\\.ini',
      ],
    },
  },
  /** prometheus-blackbox-exporter 11.17.2 (blackbox_exporter v0.28.0): probes the NFS server. */
  blackboxExporter: {
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    chart: 'prometheus-blackbox-exporter',
    version: '11.17.2',
    appVersion: 'v0.28.0',
    valuesRules: {
      // templates/configmap.yaml renders it whole as blackbox.yaml (the exporter's own modules).
      open: ['config'],
    },
  },
} as const satisfies Record<string, ChartPin>;
