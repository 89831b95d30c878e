/**
 * A small builder for Grafana dashboard JSON (schema of Grafana 11+: panels with `gridPos`,
 * `fieldConfig`, `options`, Prometheus `targets`), enough for hubfleet's dashboards. Panels are laid
 * out as grafonnet's `util.grid.makeGrid` does: rows span the width, panels fill rows of 24 columns.
 */

/** The datasource every panel uses: the dashboard's `PROMETHEUS_DS` variable (a Prometheus data source). */
export const DS = { type: 'prometheus', uid: '${PROMETHEUS_DS}' } as const;

/** One Prometheus query of a panel. */
export interface Query {
  readonly expr: string;
  /** @default undefined */
  readonly legendFormat?: string;
  /** An instant query (tables of current values). @default false */
  readonly instant?: boolean;
  /** @default 'time_series' */
  readonly format?: 'time_series' | 'heatmap' | 'table';
  /** @default undefined */
  readonly intervalFactor?: number;
}

/** A panel, before layout. */
export interface PanelSpec {
  readonly type: 'timeseries' | 'heatmap' | 'table' | 'bargauge' | 'stat';
  readonly title: string;
  /** @default undefined */
  readonly description?: string;
  /** Grafana unit id, e.g. `bytes`, `percentunit`, `s`, `short`, `sishort`. @default undefined */
  readonly unit?: string;
  readonly queries: readonly Query[];
  /** @default 0 (every hubfleet panel starts its axis at zero, as upstream's tsOptions) */
  readonly min?: number;
  /** @default undefined */
  readonly max?: number;
  /** @default undefined */
  readonly decimals?: number;
  /** Stack the series (the total matters as much as each). @default false */
  readonly stacked?: boolean;
  /** @default 'line' */
  readonly drawStyle?: 'line' | 'points' | 'bars';
  /** @default 'stepAfter' */
  readonly lineInterpolation?: 'linear' | 'stepAfter' | 'stepBefore';
  /** Minimum query interval, e.g. `2m`. @default undefined */
  readonly interval?: string;
  /** Legend as a table with these calculations (`min`, `mean`, `max`, `lastNotNull`). @default undefined */
  readonly legendCalcs?: readonly string[];
  /** Table: sort by this column. @default undefined */
  readonly sortBy?: { readonly displayName: string; readonly desc: boolean };
  /** Grafana transformations. @default [] */
  readonly transformations?: readonly Record<string, unknown>[];
  /** Field overrides (dashed request/limit lines, phase colours). @default [] */
  readonly overrides?: readonly Record<string, unknown>[];
  /** Width in grid columns (24 = full). @default the dashboard's panel width */
  readonly width?: number;
}

/** A row: a title and its panels. */
export interface RowSpec {
  readonly row: string;
  readonly panels: readonly PanelSpec[];
}

/** A dashboard variable. */
export type VariableSpec =
  | { readonly kind: 'datasource'; readonly multi?: boolean }
  | { readonly kind: 'query'; readonly name: string; readonly query: string; readonly label: string; readonly metric: string; readonly regex?: string }
  | { readonly kind: 'custom'; readonly name: string; readonly label: string; readonly description: string; readonly options: ReadonlyArray<{ readonly text: string; readonly value: string }>; readonly current: string };

/** A whole dashboard. */
export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly variables: readonly VariableSpec[];
  readonly content: ReadonlyArray<PanelSpec | RowSpec>;
  /** @default 12 */
  readonly panelWidth?: number;
  /** @default 10 */
  readonly panelHeight?: number;
  /** @default 'now-6h' */
  readonly from?: string;
  /** A description shown in the dashboard's settings (provenance). @default undefined */
  readonly description?: string;
  /** Rows repeated once per selected data source. @default false */
  readonly repeatRowsByDatasource?: boolean;
}

/** The standard datasource variable (`PROMETHEUS_DS`, upstream's common.variables.prometheus). */
export const DATASOURCE_VARIABLE: VariableSpec = { kind: 'datasource' };

/** `label_values(<metric>, <label>)` query variable with "All" = `.*` (upstream's common.variables). */
export function queryVariable(name: string, label: string, metric: string, regex?: string): VariableSpec {
  return { kind: 'query', name, label, metric, query: `label_values(${metric}, ${label})`, ...(regex ? { regex } : {}) };
}

function variableJson(v: VariableSpec): Record<string, unknown> {
  switch (v.kind) {
    case 'datasource':
      return { name: 'PROMETHEUS_DS', label: 'Data source', type: 'datasource', query: 'prometheus', hide: 0, multi: v.multi ?? false, includeAll: v.multi ?? false, current: {}, options: [], refresh: 1, regex: '' };
    case 'query':
      return {
        name: v.name,
        label: v.name,
        type: 'query',
        datasource: { ...DS },
        query: { qryType: 1, query: v.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
        definition: v.query,
        multi: true,
        includeAll: true,
        allValue: '.*',
        current: {},
        options: [],
        refresh: 2,
        regex: v.regex ?? '',
        sort: 1,
        hide: 0,
      };
    case 'custom':
      return {
        name: v.name,
        label: v.label,
        description: v.description,
        type: 'custom',
        query: v.options.map((o) => `${o.text} : ${o.value}`).join(','),
        options: v.options.map((o) => ({ text: o.text, value: o.value, selected: o.value === v.current })),
        current: { text: v.options.find((o) => o.value === v.current)?.text ?? '', value: v.current },
        hide: 0,
      };
  }
}

function panelJson(p: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }): Record<string, unknown> {
  const targets = p.queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: { ...DS },
    expr: q.expr,
    ...(q.legendFormat !== undefined ? { legendFormat: q.legendFormat } : {}),
    ...(q.instant ? { instant: true, range: false } : { range: true }),
    ...(q.format ? { format: q.format } : {}),
    ...(q.intervalFactor !== undefined ? { intervalFactor: q.intervalFactor } : {}),
  }));
  const custom: Record<string, unknown> =
    p.type === 'timeseries'
      ? { lineInterpolation: p.lineInterpolation ?? 'stepAfter', fillOpacity: 10, drawStyle: p.drawStyle ?? 'line', ...(p.stacked ? { stacking: { mode: 'normal', group: 'A' } } : {}) }
      : {};
  const options: Record<string, unknown> =
    p.type === 'timeseries'
      ? { tooltip: { mode: 'multi', sort: 'none' }, legend: p.legendCalcs ? { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: [...p.legendCalcs] } : { displayMode: 'list', placement: 'bottom', showLegend: true } }
      : p.type === 'heatmap'
        ? { calculate: p.queries.some((q) => q.format === 'heatmap') ? false : true, color: { scheme: 'Greens', mode: 'scheme' }, yAxis: { unit: p.unit } }
        : p.type === 'table'
          ? { showHeader: true, ...(p.sortBy ? { sortBy: [{ ...p.sortBy }] } : {}) }
          : p.type === 'bargauge'
            ? { orientation: 'horizontal', displayMode: 'gradient', reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } }
            : { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } };
  return {
    id,
    type: p.type,
    title: p.title,
    ...(p.description ? { description: p.description } : {}),
    datasource: { ...DS },
    gridPos,
    ...(p.interval ? { interval: p.interval } : {}),
    ...(p.type === 'heatmap' ? { maxDataPoints: 60 } : {}),
    targets,
    fieldConfig: {
      defaults: {
        ...(p.unit ? { unit: p.unit } : {}),
        min: p.min ?? 0,
        ...(p.max !== undefined ? { max: p.max } : {}),
        ...(p.decimals !== undefined ? { decimals: p.decimals } : {}),
        custom,
      },
      overrides: (p.overrides ?? []).map((o) => ({ ...o })),
    },
    options,
    ...(p.transformations?.length ? { transformations: p.transformations.map((t) => ({ ...t })) } : {}),
  };
}

/** The dashboard JSON, panels laid out on Grafana's 24-column grid. */
export function dashboardJson(d: DashboardSpec): Record<string, unknown> {
  const width = d.panelWidth ?? 12;
  const height = d.panelHeight ?? 10;
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let x = 0;
  let y = 0;
  const place = (p: PanelSpec) => {
    const w = p.width ?? width;
    if (x + w > 24) {
      x = 0;
      y += height;
    }
    panels.push(panelJson(p, id++, { x, y, w, h: height }));
    x += w;
  };
  for (const c of d.content) {
    if ('row' in c) {
      if (x > 0) {
        x = 0;
        y += height;
      }
      panels.push({ id: id++, type: 'row', title: c.row, collapsed: false, panels: [], gridPos: { x: 0, y, w: 24, h: 1 }, ...(d.repeatRowsByDatasource ? { repeat: 'PROMETHEUS_DS' } : {}) });
      y += 1;
      for (const p of c.panels) place(p);
      if (x > 0) {
        x = 0;
        y += height;
      }
    } else place(c);
  }
  return {
    uid: d.uid,
    title: d.title,
    ...(d.description ? { description: d.description } : {}),
    tags: [...d.tags],
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    time: { from: d.from ?? 'now-6h', to: 'now' },
    refresh: '1m',
    annotations: { list: [] },
    templating: { list: d.variables.map(variableJson) },
    panels,
  };
}

/** Every PromQL expression of a dashboard JSON (panels and query variables). */
export function dashboardQueries(json: any): Array<{ panel: string; expr: string; instant: boolean }> {
  const out: Array<{ panel: string; expr: string; instant: boolean }> = [];
  for (const p of json.panels ?? []) for (const t of p.targets ?? []) out.push({ panel: p.title, expr: t.expr, instant: t.instant === true });
  return out;
}

/** Dashed lines for series whose names match a pattern (upstream's _getDashedLineOverride). */
export function dashedOverride(pattern: string, color: string): Record<string, unknown> {
  return {
    matcher: { id: 'byRegexp', options: pattern },
    properties: [
      { id: 'color', value: { mode: 'fixed', fixedColor: color } },
      { id: 'custom.fillOpacity', value: 0 },
      { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
    ],
  };
}

/** Colours of pod phases (upstream's tsPodStateStylingOverrides). */
export const POD_PHASE_OVERRIDES: readonly Record<string, unknown>[] = [
  ['Pending', 'yellow'],
  ['Running', 'blue'],
  ['Succeeded', 'green'],
  ['Unknown', 'orange'],
  ['Failed', 'red'],
].map(([name, color]) => ({ matcher: { id: 'byName', options: name }, properties: [{ id: 'color', value: { fixedColor: color, mode: 'fixed' } }] }));
