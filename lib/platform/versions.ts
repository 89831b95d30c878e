/**
 * Upstream Helm charts of the cluster add-ons, each pinned to one reviewed version. Bump them here
 * (one line each) after reading the upstream upgrade notes; the snapshot tests show the change.
 */
export interface ChartPin {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  /** The application version the chart ships, for the reader. */
  readonly appVersion: string;
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
} as const satisfies Record<string, ChartPin>;
