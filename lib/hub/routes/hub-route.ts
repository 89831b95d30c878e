/**
 * The hub's public route: Ingress (or HTTPRoute) `jupyterhub` to Service `proxy-public`, on the
 * course's host or under a base path of a shared host, with TLS from cert-manager and the client
 * allow list enforced by the ingress controller (lib/fleet/public-route.ts).
 */
import { Construct } from 'constructs';
import { PropRule } from '../../core/errors';
import { isDnsLabel, isDomain } from '../../core/names';
import { exposureAnnotationProblem, valueRule } from '../../core/value-rules';
import { PublicRoute } from '../../fleet/public-route';
import { ResolvedHub } from '../resolved';

/** The route rules; each row has a "fails …" test (test/hub/course-jupyterhub.test.ts). */
export const ROUTE_RULES: readonly PropRule<ResolvedHub>[] = [
  { id: 'hub-host', field: 'host', value: (r) => r.host, ok: (r) => isDomain(r.host) || (r.props.host === undefined && !isDnsLabel(r.id)), message: 'the public host is not a DNS name.', fix: 'set host, or the cluster domain, to a lowercase DNS name.' },
  valueRule('hub-exposure-annotations', 'exposureAnnotations', (r) => Object.entries(r.props.exposureAnnotations ?? {}), (e) => exposureAnnotationProblem((e as [string, unknown])[0], (e as [string, unknown])[1]), 'pass annotations the controller documents for a route (timeouts, body size); configuration snippets are not for tenants.'),
  { id: 'hub-base-path', field: 'basePath', value: (r) => r.basePath, ok: (r) => /^\/([a-z0-9-]+\/)*$/.test(r.basePath), message: 'basePath must start and end with "/" and contain lowercase path segments.', fix: 'write it like "/intro/".' },
];

/** Route `jupyterhub` of the hub whose resolved props are `r`. */
export function hubRoute(scope: Construct, r: ResolvedHub, labels: Record<string, string>): PublicRoute {
  return new PublicRoute(scope, 'route', {
    namespace: r.namespace,
    name: 'jupyterhub',
    host: r.host,
    path: r.basePath,
    service: 'proxy-public',
    servicePort: { name: 'http', number: 80 },
    labels,
    tlsSecretName: `${r.host.split('.')[0]}-tls`,
    allowedSourceCidrs: r.props.allowedSourceCidrs,
    annotations: r.props.exposureAnnotations,
  });
}
