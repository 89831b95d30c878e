import { ingressOf } from '../fleet/cluster-spec';
import { proxyName, upstreamProxyOf } from '../fleet/upstream-proxy';
import { ClusterModel, key, ModelRoute } from './cluster-model';
import { ModelFinding, ModelRule } from './rule-types';

/**
 * Rules about the way from a client to the routes: whether an allow list on a route sees the
 * client's address (not a node's or an upstream proxy's). Whether something issues the routes'
 * certificates is `wiring-tls` (and inventory.json lists cert-manager as a prerequisite when the
 * output does not install it). Each row has a "fails …" test in test/model/exposure-rules.test.ts.
 */

/** What restricts a route to client networks, if anything: the Traefik Middleware (with its spec) or the ingress-nginx annotation. */
function allowListOf(m: ClusterModel, r: ModelRoute): { readonly kind: 'traefik'; readonly middleware: string; readonly spec: any } | { readonly kind: 'ingress-nginx' } | undefined {
  const nginx = r.annotations['nginx.ingress.kubernetes.io/whitelist-source-range'] ?? r.annotations['nginx.ingress.kubernetes.io/allowlist-source-range'];
  if (nginx) return { kind: 'ingress-nginx' };
  const refs =
    r.kind === 'Ingress'
      ? (r.annotations['traefik.ingress.kubernetes.io/router.middlewares'] ?? '').split(',').map((x) => x.trim()).filter(Boolean).map((x) => x.split('@')[0])
      : (r.obj.json.spec?.rules ?? []).flatMap((rule: any) => (rule.filters ?? []).filter((f: any) => f.extensionRef?.kind === 'Middleware').map((f: any) => `${r.namespace}-${f.extensionRef.name}`));
  for (const ref of refs) {
    const mw = m.objects.find((o) => o.json.kind === 'Middleware' && `${o.json.metadata?.namespace}-${o.json.metadata?.name}` === ref);
    if (mw?.json.spec?.ipAllowList) return { kind: 'traefik', middleware: `${mw.json.metadata.namespace}/${mw.json.metadata.name}`, spec: mw.json.spec.ipAllowList };
  }
  return undefined;
}

/**
 * Why the controller would not see the client's own address on this cluster's path, or undefined
 * when it does. `ipStrategy` is the allow list's way of reading X-Forwarded-For (Traefik).
 */
export function clientAddressLoss(m: ClusterModel, allowList: ReturnType<typeof allowListOf>): string | undefined {
  const ingress = ingressOf(m.spec);
  const exposure = ingress.exposure;
  if (exposure.type === 'node-port') return undefined; // trustedProxyCidrs: rule ingress-exposure-trusted-proxies
  const existing = m.spec.existingAddons?.ingressController;
  if (existing && (existing.externalTrafficPolicy ?? 'Cluster') !== 'Local') {
    return `the ingress controller's Service (${existing.namespace}, existing) has externalTrafficPolicy ${existing.externalTrafficPolicy ?? 'Cluster'}: kube-proxy may forward a connection to another node and replace the client's address with a node's`;
  }
  const proxy = upstreamProxyOf(exposure);
  if (!proxy) return undefined;
  if (proxy.clientAddress === 'none') return `${proxyName(proxy)} (${proxy.addresses.join(', ')}) passes no client address on (neither the PROXY protocol nor X-Forwarded-For), so every request comes from ${proxy.addresses.join(', ')}`;
  if (existing && !existing.trustsUpstreamProxy) return `the existing ${existing.controller} is not declared to read the client address from ${proxyName(proxy)} (existingAddons.ingressController.trustsUpstreamProxy), so it sees the proxy's address`;
  if (proxy.clientAddress === 'x-forwarded-for' && allowList?.kind === 'traefik' && !allowList.spec.ipStrategy) {
    return `${proxyName(proxy)} passes the client in X-Forwarded-For, but the Middleware ${allowList.middleware} checks the connection's address (no ipStrategy), which is the proxy's`;
  }
  return undefined;
}

export const EXPOSURE_RULES: readonly ModelRule[] = [
  {
    id: 'wiring-client-address',
    guards: 'a route with a client allow list (exam rooms, staff networks) sees the client\'s own address on this cluster\'s path: externalTrafficPolicy Local, an upstream proxy that passes the address (PROXY protocol or X-Forwarded-For) and a controller that reads it',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const r of m.routes) {
        const allow = allowListOf(m, r);
        if (!allow) continue;
        const loss = clientAddressLoss(m, allow);
        if (!loss) continue;
        out.push({
          path: r.obj.path,
          field: `${r.kind}/${r.name} (client allow list${allow.kind === 'traefik' ? ` ${allow.middleware}` : ''})`,
          value: allow.kind === 'traefik' ? allow.spec.sourceRange : r.annotations['nginx.ingress.kubernetes.io/whitelist-source-range'],
          message: `the route admits only some client networks, but ${loss}: the allow list would refuse every client, or admit all of them once that address is listed.`,
          fix: 'let the proxy send the PROXY protocol (nginx stream `proxy_protocol on;`, HAProxy `send-proxy-v2`) and declare clientAddress: "proxy-protocol" (or X-Forwarded-For from an HTTP proxy); for an existing controller set externalTrafficPolicy Local on its Service and configure it to trust the proxy.',
        });
      }
      // One finding per namespace's route is enough; keys keep the output stable.
      return out.filter((f, i) => out.findIndex((g) => key(g.path, g.field) === key(f.path, f.field)) === i);
    },
  },
];
