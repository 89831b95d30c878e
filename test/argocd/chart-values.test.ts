import { HelmChartApplication, HelmChartApplicationProps } from '../../lib/argocd/helm-chart-application';
import { chartValuesData, checkChartValues, shippedChartValues } from '../../lib/argocd/chart-values';
import { Package } from '../../lib/fleet/package';
import { CHARTS, ChartPin } from '../../lib/platform/versions';
import { testApp } from '../platform/test-cluster';
import { collect } from '../../lib/fleet/synth';

const pins = Object.entries(CHARTS) as Array<[string, ChartPin]>;
const problems = (pin: ChartPin, values: Record<string, unknown>) => checkChartValues(values, chartValuesData(pin.chart, pin.version)!, pin.valuesRules);

/** Issues (with warnings) of one HelmChartApplication. */
function chartIssues(props: Partial<HelmChartApplicationProps>) {
  const app = testApp();
  const pkg = new Package(app, 'demo', { group: 'platform', namespace: 'kube-system' });
  new HelmChartApplication(pkg, 'chart', { repoURL: 'https://charts.example.org', chart: 'demo', version: '1.2.3', namespace: 'kube-system', pods: [], ...props });
  return collect(app).issues;
}

describe('chart values data', () => {
  test('every chart hubfleet pins has its values data, generated from that chart and version', () => {
    for (const [, pin] of pins) {
      const data = chartValuesData(pin.chart, pin.version);
      expect([pin.chart, data?.chart, data?.version]).toEqual([pin.chart, pin.chart, pin.version]);
      expect(data!.source).toMatch(/@/);
    }
    // No stale data for a version nobody pins.
    expect(shippedChartValues()).toEqual(pins.map(([, p]) => `${p.chart}-${p.version}`).sort());
  });

  test('Traefik, cert-manager and MetalLB ship a values.schema.json, which the data keeps; the others are checked by their values.yaml keys', () => {
    const withSchema = pins.filter(([, p]) => chartValuesData(p.chart, p.version)!.schema !== undefined).map(([k]) => k);
    expect(withSchema.sort()).toEqual(['certManager', 'metallb', 'traefik']);
  });
});

describe('chart values check', () => {
  describe('fails on a misspelt key of every pinned chart, naming it and the key it meant', () => {
    const cases: Array<[keyof typeof CHARTS, Record<string, unknown>, string, string]> = [
      ['traefik', { deployment: { replicsa: 2 } }, 'deployment.replicsa', 'deployment.replicas'],
      ['certManager', { crds: { enabeld: true } }, 'crds.enabeld', 'crds.enabled'],
      ['metallb', { speaker: { tolerateMastr: false } }, 'speaker.tolerateMastr', 'speaker.tolerateMaster'],
      ['sealedSecrets', { keyrenewperiodd: '720h' }, 'keyrenewperiodd', 'keyrenewperiod'],
      ['kubePrometheusStack', { grafana: { persistance: { enabled: true } } }, 'grafana.persistance', 'grafana.persistence'],
      ['kubePrometheusStack', { prometheus: { prometheusSpec: { retenton: '30d' } } }, 'prometheus.prometheusSpec.retenton', 'prometheus.prometheusSpec.retention'],
      ['blackboxExporter', { serviceMonitor: { enabeld: true } }, 'serviceMonitor.enabeld', 'serviceMonitor.enabled'],
    ];
    test.each(cases)('%s: %j', (pin, values, path, meant) => {
      const found = problems(CHARTS[pin], values);
      expect(found.map((p) => p.path)).toEqual([path]);
      expect(found[0].fix).toContain(`did you mean "${meant}"`);
    });
  });

  test('fails on a value of the wrong type where the chart has a schema', () => {
    const found = problems(CHARTS.traefik, { deployment: { replicas: 'two' } });
    expect(found.map((p) => [p.path, p.message])).toEqual([['deployment.replicas', expect.stringMatching(/must be integer.*values\.schema\.json/)]]);
  });

  test("fails on a map where the chart's values.yaml has a plain value (the templates would not read the keys below it)", () => {
    expect(problems(CHARTS.kubePrometheusStack, { grafana: { adminUser: { name: 'root' } } }).map((p) => p.path)).toEqual(['grafana.adminUser']);
  });

  test('accepts any key in maps values.yaml leaves empty, and in the maps a chart reads as free-form', () => {
    expect(problems(CHARTS.kubePrometheusStack, { grafana: { podAnnotations: { 'example.org/anything': 'x' } } })).toEqual([]);
    expect(problems(CHARTS.kubePrometheusStack, { alertmanager: { config: { global: { smtp_smarthost: 'smtp.example.org:587' } } } })).toEqual([]);
    expect(problems(CHARTS.kubePrometheusStack, { grafana: { 'grafana.ini': { 'auth.generic_oauth': { enabled: true } } } })).toEqual([]);
  });

  test("keys the chart's templates read although values.yaml comments them out are known (grafana's podAnnotations, fullnameOverride)", () => {
    expect(problems(CHARTS.kubePrometheusStack, { grafana: { fullnameOverride: 'grafana', podLabels: { a: 'b' } } })).toEqual([]);
    expect(problems(CHARTS.kubePrometheusStack, { grafana: { fullnameOverride: 'grafana', fulnameOverride: 'x' } }).map((p) => p.path)).toEqual(['grafana.fulnameOverride']);
  });

  test('extra keys and free-form maps of a chart are listed in its valuesRules', () => {
    const data = { chart: 'demo', version: '1', source: 'test', keys: { image: { tag: 's' as const }, config: { a: 'n' as const } } };
    expect(checkChartValues({ image: { digest: 'x' }, config: { b: 1 } }, data).map((p) => p.path)).toEqual(['image.digest', 'config.b']);
    expect(checkChartValues({ image: { digest: 'x' }, config: { b: 1 } }, data, { extraKeys: ['image.digest'], open: ['config'] })).toEqual([]);
  });

  test('a HelmChartApplication reports each problem as helm-chart-values, with the chart and the fix', () => {
    const issues = chartIssues({ ...CHARTS.kubePrometheusStack, namespace: 'kube-system', values: { grafana: { persistance: { enabled: true } } } });
    expect(issues.map((i) => [i.rule, i.field])).toEqual([['helm-chart-values', 'values.grafana.persistance']]);
    expect(issues[0].message).toContain('kube-prometheus-stack 88.5.3');
    expect(issues[0].fix).toContain('grafana.persistence');
  });

  test('a chart hubfleet has no data for is a warning (values unchecked); data given as valuesData is used', () => {
    const issues = chartIssues({ values: { anything: 1 } });
    expect(issues.map((i) => [i.rule, i.severity])).toEqual([['helm-chart-values-unchecked', 'warning']]);
    const own = chartIssues({ values: { replicas: 2, replicaz: 3 }, valuesData: { chart: 'demo', version: '1.2.3', source: 'test', keys: { replicas: 'n' } } });
    expect(own.map((i) => [i.rule, i.field])).toEqual([['helm-chart-values', 'values.replicaz']]);
  });

  test('data of another chart version is refused', () => {
    const issues = chartIssues({ valuesData: { chart: 'demo', version: '1.0.0', source: 'test', keys: {} } });
    expect(issues.map((i) => i.rule)).toEqual(['helm-chart-values']);
  });
});
