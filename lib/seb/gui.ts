/**
 * SEB Server's GUI, where administrators and lecturers log in: in the bundled Deployment (calling
 * the webservice on localhost) or its own (`gui` role, calling Service `seb-webservice`). More than
 * one GUI replica needs cookie session affinity, set the ingress controller's way.
 */
import { env, needsAffinity, ResolvedSeb } from './resolved';

/** The GUI's settings: its public name and where it finds the webservice. */
export function guiEnv(r: ResolvedSeb, webservice: { readonly scheme: string; readonly servername: string; readonly port: string }): Array<Record<string, unknown>> {
  return [
    env('sebserver_gui_http_external_scheme', 'https'),
    env('sebserver_gui_http_external_servername', r.guiHost),
    env('sebserver_gui_http_external_port', ''),
    env('sebserver_gui_http_webservice_scheme', webservice.scheme),
    env('sebserver_gui_http_webservice_servername', webservice.servername),
    env('sebserver_gui_http_webservice_port', webservice.port),
  ];
}

/** Cookie affinity set on the Ingress (ingress-nginx). */
export function affinityIngressAnnotations(r: ResolvedSeb): Record<string, string> {
  if (r.ingressClass !== 'nginx') return {};
  const n = 'nginx.ingress.kubernetes.io';
  return {
    [`${n}/affinity`]: 'cookie',
    [`${n}/affinity-mode`]: 'persistent',
    [`${n}/session-cookie-name`]: 'SEBGUI_AFFINITY',
    [`${n}/session-cookie-path`]: '/',
    [`${n}/session-cookie-secure`]: 'true',
    [`${n}/session-cookie-samesite`]: 'Lax',
  };
}

/** Cookie affinity set on the Service (Traefik reads sticky cookies from Service annotations). */
export function affinityServiceAnnotations(r: ResolvedSeb): Record<string, string> {
  if (r.ingressClass !== 'traefik' || !needsAffinity(r)) return {};
  const t = 'traefik.ingress.kubernetes.io/service.sticky.cookie';
  return { [t]: 'true', [`${t}.name`]: 'SEBGUI_AFFINITY', [`${t}.secure`]: 'true', [`${t}.httponly`]: 'true', [`${t}.samesite`]: 'lax' };
}
