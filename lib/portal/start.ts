/**
 * Start the portal from its configuration file: the service on the cluster's definition, the
 * sign-in, the forge, the web server. `hubfleet portal` (lib/cli/portal-command.ts) calls it.
 */
import { ClusterDefinition } from '../fleet/define';
import { StorageClassRef } from '../core/storage-class-ref';
import { CatalogueRepo } from './catalogue-repo';
import { PortalConfigFile, readSecretFile, sessionKeyOf } from './config';
import { forgeOf } from './forge';
import { OidcSignIn } from './oidc';
import { createPortalServer } from './server';
import { PortalService } from './service';
import { FileUsage, PrometheusUsage, UsageSource } from './usage';

/** A started portal. */
export interface StartedPortal {
  readonly address: string;
  close(): Promise<void>;
}

/** Where the configuration says usage comes from: the cluster's Prometheus, a usage document, or nowhere. */
export function usageSourceOf(config: Pick<PortalConfigFile, 'cluster' | 'usage' | 'usageFile'>): UsageSource | undefined {
  if (config.usage) {
    const { prometheusUrl, refreshSeconds, stepSeconds } = config.usage;
    return new PrometheusUsage({ url: prometheusUrl, ...(refreshSeconds !== undefined ? { refreshSeconds } : {}), ...(stepSeconds !== undefined ? { stepSeconds } : {}) });
  }
  return config.usageFile ? new FileUsage(config.usageFile, config.cluster) : undefined;
}

export async function startPortal(config: PortalConfigFile, def: ClusterDefinition): Promise<StartedPortal> {
  const repo = new CatalogueRepo({
    url: config.git.url,
    workDir: config.git.workDir,
    ...(config.git.branch ? { branch: config.git.branch } : {}),
    ...(config.git.requestPrefix ? { requestPrefix: config.git.requestPrefix } : {}),
    ...(config.git.sshKeyFile ? { sshKeyFile: config.git.sshKeyFile } : {}),
    ...(config.git.knownHostsFile ? { knownHostsFile: config.git.knownHostsFile } : {}),
    committer: config.git.committer,
  });
  const usage = usageSourceOf(config);
  const forge = config.forge ? forgeOf(config.forge.kind, { apiUrl: config.forge.apiUrl, repository: config.forge.repository, token: readSecretFile(config.forge.tokenFile) }) : undefined;
  const service = new PortalService({
    def,
    repo,
    ...(forge ? { forge } : {}),
    ...(config.homeStorageClass ? { hubOptions: { homeStorageClass: StorageClassRef.fromName(config.homeStorageClass, true) } } : {}),
    ...(usage ? { usage } : {}),
    ...(config.refreshSeconds !== undefined ? { refreshSeconds: config.refreshSeconds } : {}),
  });
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const signIn = new OidcSignIn({
    issuer: config.oidc.issuer,
    clientId: config.oidc.clientId,
    clientSecret: readSecretFile(config.oidc.clientSecretFile),
    redirectUri: `${publicUrl}/auth/callback`,
    requesterGroups: config.oidc.requesterGroups,
    ...(config.oidc.groupsClaim ? { groupsClaim: config.oidc.groupsClaim } : {}),
    ...(config.oidc.identityClaim ? { identityClaim: config.oidc.identityClaim } : {}),
    ...(config.oidc.scopes ? { scopes: config.oidc.scopes } : {}),
  });
  const app = await createPortalServer({ service, signIn, sessionKey: sessionKeyOf(config.sessionKeyFile), publicUrl, ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}) });
  // The catalogue and the cluster built once before the first lecturer arrives.
  await service.warm();
  const address = await app.listen({ host: config.listen?.host ?? '0.0.0.0', port: config.listen?.port ?? 8080 });
  return { address, close: () => app.close() };
}
