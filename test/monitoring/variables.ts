/** Grafana's variables in a query, as a dashboard with "All" selected resolves them (for Prometheus and promtool). */
export function substituteVariables(expr: string): string {
  return expr
    .replace(/\$__rate_interval/g, '2m')
    .replace(/\$__interval/g, '1m')
    .replace(/\$__range/g, '1h')
    .replace(/\$(hub_name|hub|user_name)\b/g, '.*');
}
