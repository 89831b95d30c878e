import { HelmChartApplication, HelmChartApplicationProps } from '../../lib/argocd/helm-chart-application';
import { Package } from '../../lib/fleet/package';
import { find, issuesOf, objectsOf, testApp } from '../platform/test-cluster';

const BASE: HelmChartApplicationProps = { repoURL: 'https://charts.example.org', chart: 'demo', version: '1.2.3', namespace: 'kube-system', pods: [] };

function build(props: Partial<HelmChartApplicationProps> = {}) {
  const app = testApp();
  const pkg = new Package(app, 'demo', { group: 'platform', namespace: 'kube-system' });
  new HelmChartApplication(pkg, 'chart', { ...BASE, ...props });
  return app;
}

describe('HelmChartApplication', () => {
  test('renders a CRD-valid Application pinned to one chart version, values inline, no prune, no finalizer', () => {
    const app = build({ values: { replicas: 2 }, createNamespace: { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });
    expect(issuesOf(app)).toEqual([]);
    const a = find(objectsOf(app), 'Application', 'demo');
    expect(a.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-5');
    expect(a.metadata.finalizers).toBeUndefined();
    expect(a.spec.source).toEqual({ repoURL: BASE.repoURL, chart: 'demo', targetRevision: '1.2.3', helm: { releaseName: 'demo', valuesObject: { replicas: 2 } } });
    expect(a.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
    expect(a.spec.syncPolicy.managedNamespaceMetadata).toEqual({ labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } });
    expect(a).toMatchSnapshot();
  });
  describe('fails', () => {
    test.each(['^1.2', '1.x', 'latest', '*'])('… on an unpinned version %s', (version) => {
      expect(issuesOf(build({ version })).map((i) => i.rule)).toContain('helm-chart-version-pinned');
    });
    test('… on a plain-http repository', () => expect(issuesOf(build({ repoURL: 'http://charts.example.org' })).map((i) => i.rule)).toContain('helm-chart-repo'));
    test('… on a bad namespace', () => expect(issuesOf(build({ namespace: 'Kube_System' })).map((i) => i.rule)).toContain('helm-chart-names'));
  });
});
