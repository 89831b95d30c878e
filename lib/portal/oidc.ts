/**
 * Sign-in with the university's OpenID Connect provider: the authorization code flow with PKCE
 * (S256), `state` and `nonce`, by openid-client 6 (a certified relying party library). Who may
 * request courses is a group claim: the ID token's, or the UserInfo endpoint's when the ID token
 * has none.
 */
import { nativeRequire } from './esm';

/** Options of {@link OidcSignIn}. */
export interface OidcOptions {
  /** The provider's issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The portal's callback: `<publicUrl>/auth/callback`. */
  readonly redirectUri: string;
  /** @default ['openid', 'profile', 'email', 'groups'] */
  readonly scopes?: readonly string[];
  /** The claim with the user's groups. @default 'groups' */
  readonly groupsClaim?: string;
  /** Members of any of these groups may sign in (request courses). */
  readonly requesterGroups: readonly string[];
  /** The claim that identifies a lecturer in course files' `owners`. @default 'email' */
  readonly identityClaim?: string;
  /** Plain-HTTP issuers on loopback (tests only). @default false */
  readonly allowInsecureLoopbackIssuer?: boolean;
}

/** What the portal keeps of a sign-in. */
export interface SignedIn {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly groups: readonly string[];
}

/** What must survive the redirect to the provider (kept in the encrypted session). */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

/** A sign-in the portal refuses (not in a requester group, no identity). */
export class SignInRefused extends Error {}

type OpenIdClient = typeof import('openid-client');

export class OidcSignIn {
  private config?: Promise<unknown>;
  private readonly lib: OpenIdClient;

  constructor(private readonly o: OidcOptions) {
    this.lib = nativeRequire('openid-client') as OpenIdClient;
  }

  private configuration(): Promise<any> {
    this.config ??= (async () => {
      const url = new URL(this.o.issuer);
      const insecure = this.o.allowInsecureLoopbackIssuer && url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      return this.lib.discovery(url, this.o.clientId, this.o.clientSecret, undefined, insecure ? { execute: [this.lib.allowInsecureRequests] } : undefined);
    })().catch((e) => {
      this.config = undefined;
      throw e;
    });
    return this.config;
  }

  /** The provider's authorization URL and what the callback checks. */
  async start(): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const verifier = this.lib.randomPKCECodeVerifier();
    const pending = { state: this.lib.randomState(), nonce: this.lib.randomNonce(), verifier };
    const url = this.lib.buildAuthorizationUrl(config, {
      redirect_uri: this.o.redirectUri,
      scope: (this.o.scopes ?? ['openid', 'profile', 'email', 'groups']).join(' '),
      code_challenge: await this.lib.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** The callback: exchange the code (checking state, nonce and the PKCE verifier), then the group. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<SignedIn> {
    const config = await this.configuration();
    const tokens = await this.lib.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    let claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    const groupsKey = this.o.groupsClaim ?? 'groups';
    if (claims[groupsKey] === undefined) {
      const info = await this.lib.fetchUserInfo(config, tokens.access_token, claims.sub as string);
      claims = { ...info, ...claims, [groupsKey]: info[groupsKey] };
    }
    const groups = Array.isArray(claims[groupsKey]) ? (claims[groupsKey] as unknown[]).filter((g): g is string => typeof g === 'string') : [];
    if (!groups.some((g) => this.o.requesterGroups.includes(g))) throw new SignInRefused('Your account is not in a group that may request courses. Ask the platform team.');
    const idKey = this.o.identityClaim ?? 'email';
    const id = claims[idKey];
    const email = typeof claims.email === 'string' ? claims.email : '';
    if (typeof id !== 'string' || !id || id.length > 200) throw new SignInRefused(`The login gave no ${idKey}: the portal cannot tell which courses are yours.`);
    if (idKey === 'email' && claims.email_verified === false) throw new SignInRefused('The login says your e-mail address is not verified.');
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : '';
    return { id, name, email: email.slice(0, 200) || id, groups: groups.slice(0, 100).map((g) => g.slice(0, 200)) };
  }
}
