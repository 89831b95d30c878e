/**
 * A cert-manager that already runs (existingAddons.certManager) is scraped by hubfleet's monitoring
 * like its own: the certificate-expiry alert (CertificateExpiresSoon) is there, a ServiceMonitor in
 * the monitoring namespace selects the controller's metrics Service in cert-manager's namespace by
 * the facts (the jetstack chart's labels and port name unless stated), Prometheus' NetworkPolicy
 * admits the controller's metrics port, and the model proves the flow to the controller's pods.
 * Before, a cluster with an existing cert-manager silently had no certificate alert.
 */
import { parse } from 'yaml';
import { ExistingCertManagerSpec } from '../../lib/fleet/cluster-facts';
import { buildCluster } from '../../lib/fleet/define';
import { synthApp } from '../../lib/fleet/synth';
import { exampleClusters } from '../examples';

const campus = exampleClusters().find((d) => d.spec.name === 'campus-metal')!;

function withCertManager(certManager: ExistingCertManagerSpec) {
  const def = { ...campus, spec: { ...campus.spec, existingAddons: { ...campus.spec.existingAddons, certManager } } };
  return synthApp(buildCluster(def));
}
const yamlOf = (out: ReturnType<typeof synthApp>, file: string) => parse(out.files.get(file)!.replace(/^#.*\n/, ''));
const alerts = (out: ReturnType<typeof synthApp>) => JSON.stringify(yamlOf(out, 'k8s/platform/monitoring/prometheusrule-hubfleet-alerts.yaml'));
const SM = 'k8s/platform/monitoring/servicemonitor-cert-manager.yaml';
const ISSUERS = [{ name: 'letsencrypt-prod', solver: 'http01' as const }];

test('campus-metal (cert-manager 1.14 already installed) gets the certificate alert and scrapes its controller', () => {
  const out = synthApp(buildCluster(campus));
  expect(alerts(out)).toContain('CertificateExpiresSoon');
  const sm = yamlOf(out, SM);
  expect(sm.metadata.namespace).toBe('monitoring');
  expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['cert-manager'] });
  expect(sm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' });
  expect(sm.spec.endpoints).toEqual([{ port: 'tcp-prometheus-servicemonitor', path: '/metrics', interval: '60s' }]);
  const policies = [...out.files.entries()].filter(([f]) => f.startsWith('k8s/platform/monitoring/networkpolicy-')).map(([, t]) => JSON.stringify(parse(t.replace(/^#.*\n/, ''))));
  expect(policies.some((p) => p.includes('"kubernetes.io/metadata.name":"cert-manager"') && p.includes('"port":9402'))).toBe(true);
});

test('the facts decide: another namespace, labels and port reach the ServiceMonitor, the policy and the proved flow', () => {
  const out = withCertManager({ namespace: 'certs', issuers: ISSUERS, metrics: { labels: { app: 'cm-controller' }, servicePort: 'metrics', port: 9999 } });
  const sm = yamlOf(out, SM);
  expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['certs'] });
  expect(sm.spec.selector.matchLabels).toEqual({ app: 'cm-controller' });
  expect(sm.spec.endpoints[0].port).toBe('metrics');
  const prom = [...out.files.entries()].filter(([f]) => f.startsWith('k8s/platform/monitoring/networkpolicy-')).map(([, t]) => JSON.stringify(parse(t.replace(/^#.*\n/, ''))));
  expect(prom.some((p) => p.includes('"kubernetes.io/metadata.name":"certs"') && p.includes('"app":"cm-controller"') && p.includes('"port":9999'))).toBe(true);
  expect(alerts(out)).toContain('CertificateExpiresSoon');
});

test('the defaults are the jetstack chart of cert-manager 1.21 and later: the Service port http-metrics', () => {
  const sm = yamlOf(withCertManager({ issuers: ISSUERS }), SM);
  expect(sm.spec.endpoints[0].port).toBe('http-metrics');
});

test('metrics: false (a cert-manager that serves none): no ServiceMonitor, no certificate alert', () => {
  const out = withCertManager({ issuers: ISSUERS, metrics: false });
  expect(out.files.has(SM)).toBe(false);
  expect(alerts(out)).not.toContain('CertificateExpiresSoon');
});
