/**
 * SEB Server's public routes (lib/fleet/public-route.ts): the webservice (or the bundled server) at
 * `host`, the GUI at `guiHost` in split mode, screen proctoring's webservice and GUI at theirs; with
 * room for exam configuration uploads and the long polls of SEB clients, and cookie affinity for a
 * GUI of several replicas.
 */
import { Construct } from 'constructs';
import { PublicRoute } from '../fleet/public-route';
import { affinityIngressAnnotations } from './gui';
import { needsAffinity, ResolvedSeb, SEB_PORTS } from './resolved';
import { SebScope } from './workload';

/** Every route of the SEB Server `r`. */
export function sebRoutes(scope: Construct, s: SebScope, r: ResolvedSeb): void {
  const route = (cid: string, name: string, host: string, extra: Record<string, string>) =>
    new PublicRoute(scope, cid, {
      namespace: s.namespace,
      name,
      host,
      service: name,
      servicePort: { name: 'http', number: name.startsWith('sps-gui') ? SEB_PORTS.spsGui : name.startsWith('sps') ? SEB_PORTS.sps : SEB_PORTS.seb },
      labels: s.labels.labels('ingress'),
      tlsSecretName: `${name}-tls`,
      // Exam configuration uploads and long polls of SEB clients.
      maxBodyMiB: 64,
      readTimeoutSeconds: 300,
      annotations: extra,
    });
  if (r.mode === 'bundled') {
    route('ingress', 'seb-server', r.host, needsAffinity(r) ? affinityIngressAnnotations(r) : {});
  } else {
    route('ingress', 'seb-webservice', r.host, {});
    route('gui-ingress', 'seb-guiservice', r.guiHost, needsAffinity(r) ? affinityIngressAnnotations(r) : {});
  }
  if (r.sps) {
    route('sps-ingress', 'sps-webservice', r.sps.host, {});
    route('sps-gui-ingress', 'sps-guiservice', r.sps.guiHost, {});
  }
}
