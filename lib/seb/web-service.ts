/**
 * SEB Server's webservice: the API SEB clients and the LMS talk to (`sebServerURL`), in the bundled
 * Deployment or its own (`ws` role). Its environment: the database, the public URL, distributed
 * mode with more than one replica, the initial admin, screen proctoring's paired secrets.
 */
import { IMMUTABLE_SECRET_ANNOTATION } from '../core/annotations';
import { SEB_DB } from './mariadb';
import { env, ResolvedSeb, secretEnv } from './resolved';

/** The database connection every database client of SEB Server (and SPS) gets. */
export function databaseEnv(r: ResolvedSeb): Array<Record<string, unknown>> {
  return [
    env('datastore_mariadb_server_address', SEB_DB.host),
    env('datastore_mariadb_server_port', String(SEB_DB.port)),
    env('spring_datasource_username', SEB_DB.appUser),
    secretEnv('spring_datasource_password', r.props.credentials.databasePassword),
  ];
}

/** The webservice's own settings. */
export function webServiceEnv(r: ResolvedSeb): Array<Record<string, unknown>> {
  const creds = r.props.credentials;
  const sps = r.props.screenProctoring;
  return [
    env('sebserver_webservice_http_external_scheme', 'https'),
    env('sebserver_webservice_http_external_servername', r.host),
    // empty = the scheme's default port (443): sebServerURL is https://<host>
    env('sebserver_webservice_http_external_port', ''),
    env('sebserver_webservice_autologin_url', `https://${r.guiHost}`),
    env('sebserver_webservice_distributed', String(r.server.replicas > 1)),
    ...(creds.initialAdminPassword ? [secretEnv('sebserver_init_adminaccount_init_pwd', creds.initialAdminPassword)] : []),
    // Screen proctoring's switches are in the role's properties; its paired secrets come from Secret keys.
    ...(r.sps && sps ? [secretEnv('sps_sebserver_client_secret', sps.credentials.sebServerClientSecret), secretEnv('sps_sebserver_password', sps.credentials.sebServerAccountPassword)] : []),
  ];
}

/** The note on every workload that reads `sebserver_password`: it must never change (hubfleet diff warns). */
export function immutablePasswordAnnotation(r: ResolvedSeb): Record<string, string> {
  const ref = r.props.credentials.sebServerPassword;
  return ref ? { [IMMUTABLE_SECRET_ANNOTATION]: `${ref.secretName}/${ref.key}: sebserver_password must never change after the first start (SEB Server encrypts data with it); see lib/seb/README.md` } : {};
}
