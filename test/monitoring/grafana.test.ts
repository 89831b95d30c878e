import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { synthApp } from '../../lib/fleet/synth';
import { dashboardQueries } from '../../lib/monitoring/dashboards/grafana';
import { monitoredApp } from './fixtures';
import { substituteVariables } from './variables';
import { promtool, tempDir, writeYaml } from './promtool';

/**
 * Grafana started with an empty database shows every dashboard: the output is read the way
 * Grafana's provisioning reads it. The kiwigrid k8s-sidecar (src/resources.py: ConfigMaps of the
 * watched namespace whose label `LABEL` has `LABEL_VALUE`; each data key becomes a file in FOLDER,
 * or in FOLDER/<value of the FOLDER_ANNOTATION annotation>) fills the folders; the Grafana chart
 * 12.11.1 (templates/_pod.tpl, templates/_config.tpl `grafana.configDashboardProviderData`) points the
 * datasource sidecar at /etc/grafana/provisioning/datasources and writes the dashboard provider file;
 * Grafana then reads both as its provisioning docs describe (data sources: `apiVersion: 1`,
 * `datasources[]` with name, type, uid, url, one default; providers: `providers[]` of type `file`
 * loading every *.json under `options.path`, folders from the directory names when
 * `foldersFromFilesStructure`).
 */

/** What the sidecar would write: every labelled ConfigMap of the namespaces it watches, per file. */
function sidecar(objects: any[], label: string, labelValue: string, namespaces: string[], folder: string, folderAnnotation?: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const o of objects) {
    if (o.kind !== 'ConfigMap' || !namespaces.includes(o.metadata.namespace) || o.metadata.labels?.[label] !== labelValue) continue;
    const sub = folderAnnotation ? o.metadata.annotations?.[folderAnnotation] : undefined;
    const dir = sub ? (path.isAbsolute(sub) ? sub : path.join(folder, sub)) : folder;
    for (const [key, content] of Object.entries<string>(o.data ?? {})) files.set(path.join(dir, key), content);
  }
  return files;
}

/** The Grafana chart's dashboard provider file for its values (templates/_config.tpl). */
function providerYaml(sidecarValues: any): any {
  const p = sidecarValues.dashboards.provider;
  return {
    apiVersion: 1,
    providers: [
      {
        name: p.name ?? 'sidecarProvider',
        orgId: p.orgid ?? 1,
        ...(p.foldersFromFilesStructure ? {} : { folder: p.folder ?? '', folderUid: p.folderUid ?? '' }),
        type: p.type ?? 'file',
        disableDeletion: p.disableDelete ?? false,
        allowUiUpdates: p.allowUiUpdates ?? false,
        updateIntervalSeconds: p.updateIntervalSeconds ?? 30,
        options: { foldersFromFilesStructure: p.foldersFromFilesStructure ?? false, path: sidecarValues.dashboards.folder ?? '/tmp/dashboards' },
      },
    ],
  };
}

/** Grafana's file provider: every *.json below the path, the first directory level as its folder. */
function loadDashboards(root: string, provider: any): Array<{ folder: string; file: string; json: any }> {
  const out: Array<{ folder: string; file: string; json: any }> = [];
  const base = path.join(root, provider.options.path);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) {
        const rel = path.relative(base, p).split(path.sep);
        out.push({ folder: provider.options.foldersFromFilesStructure && rel.length > 1 ? rel[0] : provider.folder ?? 'General', file: path.relative(base, p), json: JSON.parse(fs.readFileSync(p, 'utf8')) });
      }
    }
  };
  if (fs.existsSync(base)) walk(base);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

describe('Grafana provisioning from the output', () => {
  const { app } = monitoredApp({ exam: true });
  const out = synthApp(app);
  const objects = [...out.files.entries()].filter(([f]) => f.endsWith('.yaml')).map(([, c]) => parse(c));
  const values = objects.find((o) => o.kind === 'Application' && o.spec.source.chart === 'kube-prometheus-stack').spec.source.helm.valuesObject;
  const grafana = values.grafana;

  test('a Grafana with an empty database finds every data source and dashboard, in its folder', () => {
    const root = tempDir('grafana');
    const write = (files: Map<string, string>) => {
      for (const [f, c] of files) {
        fs.mkdirSync(path.join(root, path.dirname(f)), { recursive: true });
        fs.writeFileSync(path.join(root, f), c);
      }
    };
    // The two sidecars, configured by the chart values hubfleet renders.
    const ds = grafana.sidecar.datasources;
    write(sidecar(objects, ds.label, ds.labelValue, ds.searchNamespace, '/etc/grafana/provisioning/datasources'));
    const db = grafana.sidecar.dashboards;
    write(sidecar(objects, db.label, db.labelValue, db.searchNamespace, db.folder, db.folderAnnotation));
    // The provider file the chart writes into /etc/grafana/provisioning/dashboards.
    fs.mkdirSync(path.join(root, 'etc/grafana/provisioning/dashboards'), { recursive: true });
    writeYaml(path.join(root, 'etc/grafana/provisioning/dashboards/sc-dashboardproviders.yaml'), providerYaml(grafana.sidecar));

    // Grafana: data sources.
    const dsDir = path.join(root, 'etc/grafana/provisioning/datasources');
    const sources = fs.readdirSync(dsDir).flatMap((f) => {
      const doc = parse(fs.readFileSync(path.join(dsDir, f), 'utf8'));
      expect(doc.apiVersion).toBe(1);
      return doc.datasources;
    });
    expect(sources.map((s: any) => [s.name, s.type, s.uid, s.url])).toEqual([
      ['Prometheus', 'prometheus', 'prometheus', 'http://monitoring-prometheus.monitoring.svc:9090'],
      ['Alertmanager', 'alertmanager', 'alertmanager', 'http://monitoring-alertmanager.monitoring.svc:9093'],
    ]);
    expect(sources.filter((s: any) => s.isDefault)).toHaveLength(1);

    // Grafana: dashboard providers, then every dashboard they load.
    const provDir = path.join(root, 'etc/grafana/provisioning/dashboards');
    const providers = fs.readdirSync(provDir).flatMap((f) => parse(fs.readFileSync(path.join(provDir, f), 'utf8')).providers);
    expect(providers.map((p: any) => [p.type, p.options.path, p.allowUiUpdates])).toEqual([['file', '/tmp/dashboards', false]]);
    const dashboards = providers.flatMap((p: any) => loadDashboards(root, p));
    expect(dashboards.map((d) => [d.folder, d.json.uid, d.json.title])).toEqual([
      ['hubfleet', 'hubfleet-capacity', 'Capacity versus use'],
      ['hubfleet', 'hubfleet-exams', 'Exams'],
      ['JupyterHub', 'hub-dashboard', 'JupyterHub Dashboard'],
      ['JupyterHub', 'jhgd-activity', 'Activity'],
      ['JupyterHub', 'jhgd-cluster', 'Cluster Information'],
      ['JupyterHub', 'jhgd-support', 'NFS and Support Information'],
      ['JupyterHub', 'jhgd-usage-report', 'Usage Report'],
      ['JupyterHub', 'user-diagnostics-dashboard', 'User Diagnostics Dashboard'],
    ]);
    // Every panel queries through the PROMETHEUS_DS variable, which picks a provisioned Prometheus.
    for (const d of dashboards) {
      const variable = d.json.templating.list.find((v: any) => v.name === 'PROMETHEUS_DS');
      expect([d.json.uid, variable?.type, variable?.query]).toEqual([d.json.uid, 'datasource', 'prometheus']);
      expect(sources.some((s: any) => s.type === variable.query)).toBe(true);
      for (const p of d.json.panels.filter((x: any) => x.type !== 'row')) expect([d.json.uid, p.title, p.datasource]).toEqual([d.json.uid, p.title, { type: 'prometheus', uid: '${PROMETHEUS_DS}' }]);
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("nothing of it lives in Grafana: no volume (persistence off), edits in the UI are not kept, the ConfigMaps are in Git", () => {
    expect(grafana.persistence).toEqual({ enabled: false });
    expect(grafana.sidecar.dashboards.provider).toMatchObject({ allowUiUpdates: false, disableDelete: true });
    // Argo CD re-creates the ConfigMaps from the output (they are ordinary objects of the package).
    expect([...out.files.keys()].filter((f) => /platform\/monitoring\/configmap-(dashboard|grafana)/.test(f))).toHaveLength(9);
  });

  test('every dashboard query and every alert expression parses (promtool check rules, queries wrapped as recording rules)', () => {
    const dir = tempDir('queries');
    const dashboards = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1').map((o) => JSON.parse(Object.values<string>(o.data)[0]));
    const queries = dashboards.flatMap((d) => dashboardQueries(d).map((q) => substituteVariables(q.expr)));
    const prometheusRule = objects.find((o) => o.kind === 'PrometheusRule');
    const rules = {
      groups: [{ name: 'dashboard-queries', rules: queries.map((expr, i) => ({ record: `hubfleet:dashboard_query:${i}`, expr })) }, ...prometheusRule.spec.groups],
    };
    const r = promtool(['check', 'rules', writeYaml(path.join(dir, 'all.yaml'), rules)], dir);
    expect([r.status, r.output]).toEqual([0, expect.stringContaining(`SUCCESS: ${queries.length + rules.groups.slice(1).reduce((n, g: any) => n + g.rules.length, 0)} rules found`)]);
    // And the check can fail: a query with a syntax error.
    const bad = promtool(['check', 'rules', writeYaml(path.join(dir, 'bad.yaml'), { groups: [{ name: 'x', rules: [{ record: 'x:y', expr: 'sum(rate(foo[5m])' }] }] })], dir);
    expect(bad.status).not.toBe(0);
  });
});
