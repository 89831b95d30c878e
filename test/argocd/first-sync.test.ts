import { e2xCluster } from '../../apps/e2x';
import { ethTeachingCluster } from '../../apps/eth-teaching';
import { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION } from '../../lib/argocd/argocd';
import { buildCluster, ClusterDefinition } from '../../lib/fleet/define';
import { collect } from '../../lib/fleet/synth';

/**
 * The first sync of a fresh cluster, simulated second by second with Argo CD's semantics (argo-cd
 * v3.5.1, gitops-engine/pkg/sync/sync_context.go and controller/appcontroller.go):
 * - an Application created by its parent starts its first automated sync a few seconds later;
 * - the dry run fails the whole sync when a custom resource's CRD is missing, unless the CRD is in
 *   the same sync or SkipDryRunOnMissingResource is set (resource annotation or Application option);
 * - waves apply in order; a CRD applied in a wave is ready for later resources of the sync
 *   (ensureCRDReady); a custom resource whose CRD does not exist fails the sync where it stands;
 * - between waves Argo CD waits 2 s, and, only when argocd-cm has the Application health check,
 *   until the wave's child Applications are Healthy (not after the last wave);
 * - a failed sync is retried after duration × factor^n (at most maxDuration) until `limit` (negative:
 *   forever); after the last retry the Application stays failed until someone syncs it by hand.
 * Charts install their CRDs at once (unless skipCrds) and serve their kinds (webhooks) when ready.
 */

const BUILT_IN_CUSTOM = new Set(['argoproj.io/Application', 'argoproj.io/AppProject']);
/** The CRDs each chart brings (group/kind), as far as hubfleet's output uses them. */
const CHART_KINDS: Record<string, string[]> = {
  'sealed-secrets': ['bitnami.com/SealedSecret'],
  'cert-manager': ['cert-manager.io/ClusterIssuer', 'cert-manager.io/Certificate'],
  metallb: ['metallb.io/IPAddressPool', 'metallb.io/L2Advertisement'],
  traefik: ['traefik.io/Middleware', 'gateway.networking.k8s.io/HTTPRoute', 'gateway.networking.k8s.io/Gateway'],
  // The monitoring add-on's rules and the hubs' ServiceMonitors (kube-prometheus-stack's crds/).
  'kube-prometheus-stack': ['monitoring.coreos.com/PrometheusRule', 'monitoring.coreos.com/ServiceMonitor'],
};

interface Retry { limit: number; backoff: { duration: string; factor: number; maxDuration: string } }
interface SimApp {
  name: string;
  chart?: { name: string; skipCrds: boolean };
  resources: any[];
  syncOptions: string[];
  retry: Retry;
  created?: number;
  phase: 'waiting' | 'running' | 'backoff' | 'synced' | 'stuck';
  attempt: number;
  failures: string[];
  nextAt: number;
  wave: number;
  waiting?: string[];
  syncedAt?: number;
  healthyAt?: number;
}

const seconds = (d: string) => (d.endsWith('m') ? Number(d.slice(0, -1)) * 60 : d.endsWith('s') ? Number(d.slice(0, -1)) : Number(d));
const groupKind = (o: any) => `${String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : ''}/${o.kind}`;
/** Kinds the API server knows without a CRD (lib/validate/data/kubernetes.json). */
const BUILT_IN: Record<string, string> = require('../../lib/validate/data/kubernetes.json').kinds;
const isCustom = (o: any) => !(`${o.apiVersion}/${o.kind}` in BUILT_IN);
const waveOf = (o: any) => Number(o.metadata?.annotations?.[SYNC_WAVE_ANNOTATION] ?? 0);
const resourceSkips = (o: any) => String(o.metadata?.annotations?.[SYNC_OPTIONS_ANNOTATION] ?? '').includes('SkipDryRunOnMissingResource=true');

interface SimOptions {
  /** Seconds a chart needs until its controller and webhooks serve. */
  chartReadySeconds: number;
  /** argocd-cm has the Application health check (README "Bootstrap", step 3). */
  applicationHealth: boolean;
  /** Replace every Application's retry policy (to compare with another policy). */
  retry?: Retry;
  maxSeconds?: number;
}

function simulate(def: ClusterDefinition, opts: SimOptions) {
  const objects = collect(buildCluster(def)).objects;
  const byFolder = new Map<string, any[]>();
  for (const o of objects) {
    const list = byFolder.get(o.pkg.outputDir) ?? [];
    list.push(o.json);
    byFolder.set(o.pkg.outputDir, list);
  }
  const apps = new Map<string, SimApp>();
  const appOf = (json: any): SimApp => {
    const name = json.metadata.name;
    if (apps.has(name)) return apps.get(name)!;
    const chart = json.spec.source.chart ? { name: json.spec.source.chart, skipCrds: json.spec.source.helm?.skipCrds === true } : undefined;
    const folder = chart ? [] : byFolder.get(String(json.spec.source.path).replace(/^.*\/k8s\//, '')) ?? [];
    const app: SimApp = { name, chart, resources: folder, syncOptions: json.spec.syncPolicy?.syncOptions ?? [], retry: opts.retry ?? json.spec.syncPolicy.retry, phase: 'waiting', attempt: 0, failures: [], nextAt: 0, wave: -Infinity };
    apps.set(name, app);
    return app;
  };
  const established = new Map<string, number>([...BUILT_IN_CUSTOM].map((k) => [k, 0]));
  const served = (kind: string, t: number) => (established.get(kind) ?? Infinity) <= t;
  const root = appOf(byFolder.get('argocd')!.find((o) => o.kind === 'Application' && o.metadata.name === 'root'));
  root.created = 0;
  const healthy = (a: SimApp, t: number): boolean => {
    if (a.phase !== 'synced') return false;
    if (a.chart) return (a.healthyAt ?? Infinity) <= t;
    return a.resources.filter((r) => r.kind === 'Application' && r.metadata.name !== a.name).every((r) => healthy(appOf(r), t));
  };
  const fail = (a: SimApp, t: number, why: string) => {
    a.failures.push(`${t}s: ${why}`);
    if (a.retry.limit < 0 || a.attempt < a.retry.limit) {
      a.phase = 'backoff';
      a.nextAt = t + Math.min(seconds(a.retry.backoff.duration) * a.retry.backoff.factor ** a.attempt, seconds(a.retry.backoff.maxDuration));
      a.attempt++;
    } else {
      a.phase = 'stuck';
    }
  };
  const maxSeconds = opts.maxSeconds ?? 6 * 3600;
  for (let t = 0; t <= maxSeconds; t++) {
    for (const a of [...apps.values()]) {
      if (a.created === undefined || a.phase === 'synced' || a.phase === 'stuck') continue;
      if ((a.phase === 'waiting' && t >= a.created + 3) || (a.phase === 'backoff' && t >= a.nextAt)) {
        // A new sync operation: the dry run first.
        a.phase = 'running';
        a.wave = -Infinity;
        a.waiting = undefined;
        if (a.chart) {
          for (const k of a.chart.skipCrds ? [] : CHART_KINDS[a.chart.name] ?? []) if (!established.has(k)) established.set(k, t + opts.chartReadySeconds);
          a.phase = 'synced';
          a.syncedAt = t;
          a.healthyAt = t + opts.chartReadySeconds;
          continue;
        }
        const crdsInSync = new Set(a.resources.filter((r) => r.kind === 'CustomResourceDefinition').map((r) => `${r.spec.group}/${r.spec.names.kind}`));
        const skipAll = a.syncOptions.includes('SkipDryRunOnMissingResource=true');
        const missing = a.resources.find((r) => isCustom(r) && !served(groupKind(r), t) && !crdsInSync.has(groupKind(r)) && !skipAll && !resourceSkips(r));
        if (missing) {
          fail(a, t, `dry run: ${groupKind(missing)} ${missing.metadata.name} has no CRD`);
          continue;
        }
        a.nextAt = t;
      }
      if (a.phase !== 'running' || t < a.nextAt) continue;
      const waves = [...new Set(a.resources.map(waveOf))].sort((x, y) => x - y);
      if (a.waiting) {
        if (!a.waiting.every((n) => healthy(apps.get(n)!, t))) continue;
        a.waiting = undefined;
      }
      const next = waves.find((w) => w > a.wave);
      if (next === undefined) {
        a.phase = 'synced';
        a.syncedAt = t;
        continue;
      }
      const wave = a.resources.filter((r) => waveOf(r) === next).sort((x, y) => Number(y.kind === 'CustomResourceDefinition') - Number(x.kind === 'CustomResourceDefinition'));
      let failed: any;
      for (const r of wave) {
        if (r.kind === 'CustomResourceDefinition') {
          established.set(`${r.spec.group}/${r.spec.names.kind}`, Math.min(established.get(`${r.spec.group}/${r.spec.names.kind}`) ?? Infinity, t));
        } else if (isCustom(r) && !served(groupKind(r), t)) {
          failed = r;
          break;
        }
        if (r.kind === 'Application') {
          const child = appOf(r);
          if (child.created === undefined) child.created = t;
        }
      }
      if (failed) {
        fail(a, t, `apply: ${groupKind(failed)} ${failed.metadata.name}: no matches for kind`);
        continue;
      }
      a.wave = next;
      const last = next === waves[waves.length - 1];
      a.nextAt = t + 2;
      // A self-managing root does not wait for itself (its own health leaves itself out: controller/health.go).
      if (opts.applicationHealth && !last) a.waiting = wave.filter((r) => r.kind === 'Application' && r.metadata.name !== a.name).map((r) => r.metadata.name);
    }
    if ([...apps.values()].every((a) => a.phase === 'synced' || a.phase === 'stuck') && [...apps.values()].every((a) => a.chart || a.resources.filter((r) => r.kind === 'Application').every((r) => apps.has(r.metadata.name)))) break;
  }
  const all = [...apps.values()];
  return {
    apps: all,
    stuck: all.filter((a) => a.phase !== "synced").map((a) => `${a.name} (${a.phase}, wave ${a.wave}, waiting for ${(a.waiting ?? []).filter((n) => !healthy(apps.get(n)!, maxSeconds)).join(" ")})`),
    failedAttempts: all.reduce((n, a) => n + a.failures.length, 0),
    failures: all.filter((a) => a.failures.length).map((a) => `${a.name}: ${a.failures[0]}`),
    convergedAt: Math.max(...all.map((a) => a.syncedAt ?? Infinity)),
  };
}

const OLD_RETRY: Retry = { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } };

describe.each([
  ['eth-teaching', ethTeachingCluster],
  ['e2x', e2xCluster],
])('first sync of a fresh %s cluster', (_, def) => {
  test('converges without manual retries: every Application syncs, none is left failed', () => {
    const r = simulate(def, { chartReadySeconds: 120, applicationHealth: false });
    expect(r.stuck).toEqual([]);
    expect(r.apps.length).toBeGreaterThan(8);
    // The dry run never fails the whole package: custom resources skip it until their CRD exists.
    expect(r.failures.filter((f) => f.includes('dry run'))).toEqual([]);
  });

  test('converges even when the charts need an hour (slow image pulls); a limit of 10 retries would leave Applications failed', () => {
    const slow = simulate(def, { chartReadySeconds: 3600, applicationHealth: false });
    expect(slow.stuck).toEqual([]);
    const old = simulate(def, { chartReadySeconds: 3600, applicationHealth: false, retry: OLD_RETRY });
    expect(old.stuck.length).toBeGreaterThan(0);
  });

  test('with the Application health check in argocd-cm the root waits per wave: not one sync fails', () => {
    const r = simulate(def, { chartReadySeconds: 600, applicationHealth: true });
    expect(r.stuck).toEqual([]);
    expect(r.failures).toEqual([]);
  });
});

test('the SealedSecret CRD is part of the sealed-secrets package sync and ready before the chart (wave -10 < -5)', () => {
  const objs = collect(buildCluster(ethTeachingCluster)).objects.filter((o) => o.pkg.outputDir === 'platform/sealed-secrets').map((o) => o.json);
  const crd = objs.find((o) => o.kind === 'CustomResourceDefinition');
  const chart = objs.find((o) => o.kind === 'Application');
  expect(crd.metadata.name).toBe('sealedsecrets.bitnami.com');
  expect(waveOf(crd)).toBeLessThan(waveOf(chart));
  expect(chart.spec.source.helm.skipCrds).toBe(true);
});
