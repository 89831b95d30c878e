/** The portal started in the test process on loopback (port 0) against a test repository, provider and forge. */
import { randomBytes } from 'crypto';
import { AddressInfo } from 'net';
import * as path from 'path';
import { CatalogueRepo } from '../../lib/portal/catalogue-repo';
import { Forge } from '../../lib/portal/forge';
import { OidcSignIn } from '../../lib/portal/oidc';
import { createPortalServer, PortalServerOptions } from '../../lib/portal/server';
import { PortalService } from '../../lib/portal/service';
import { UsageSource } from '../../lib/portal/usage';
import { portalCluster, PREFIX, TestProvider, TestRepo } from './fixtures';

export interface RunningPortal {
  readonly url: string;
  readonly service: PortalService;
  readonly sessionKey: Buffer;
  close(): Promise<void>;
}

export async function startPortal(o: { repo: TestRepo; provider: TestProvider; forge?: Forge; clock?: () => Date; usage?: UsageSource }): Promise<RunningPortal> {
  const service = new PortalService({
    def: portalCluster(),
    repo: new CatalogueRepo({ url: o.repo.bare, workDir: path.join(o.repo.dir, 'portal-clone'), requestPrefix: PREFIX, committer: { name: 'hubfleet course portal', email: 'portal@example.org' } }),
    ...(o.forge ? { forge: o.forge } : {}),
    refreshSeconds: 0,
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.usage ? { usage: o.usage } : {}),
  });
  const sessionKey = randomBytes(32);
  // The server reads publicUrl and signIn per request: both are set once the port is known.
  const options: { -readonly [K in keyof PortalServerOptions]: PortalServerOptions[K] } = { service, signIn: undefined as unknown as OidcSignIn, sessionKey, publicUrl: '', requestsPerMinute: 1000, checksPerMinute: 1000 };
  const app = await createPortalServer(options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const publicUrl = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  options.publicUrl = publicUrl;
  options.signIn = new OidcSignIn({ issuer: o.provider.issuer, clientId: o.provider.clientId, clientSecret: o.provider.clientSecret, redirectUri: `${publicUrl}/auth/callback`, requesterGroups: ['lecturers'], allowInsecureLoopbackIssuer: true });
  o.provider.register(`${publicUrl}/auth/callback`);
  return { url: publicUrl, service, sessionKey, close: () => app.close() };
}
