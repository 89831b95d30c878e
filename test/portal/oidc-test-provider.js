/**
 * oidc-provider (panva, OpenID Certified) configured for the portal's tests. Plain JavaScript loaded
 * with Node's own require (lib/portal/esm.ts), so that its configuration objects are made in Node's
 * realm: oidc-provider merges configuration only from plain objects of its own realm, and jest runs
 * tests in a realm of their own.
 */
'use strict';

/** The provider's request handler for a confidential client with PKCE required and the given users. */
function testProvider(issuer, { clientId, clientSecret, redirectUri, users }) {
  const { default: Provider } = require('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic' }],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    cookies: { keys: ['a-test-cookie-key-for-the-provider'] },
    findAccount: async (_ctx, sub) => {
      const u = users[sub];
      if (!u) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email: u.email, email_verified: true, name: u.name, groups: [...u.groups] }) };
    },
  });
  return provider.callback();
}

module.exports = { testProvider };
