import { HubAuth } from '../lib/hub/auth';
import { SecretKeyRef } from '../lib/secrets/secret-ref';

/**
 * The university directory (LDAPS, DN looked up with the JupyterHub search account, whose password
 * each hub namespace gets as SealedSecret `ldap-search`), admitting the members of one group.
 */
export function universityLdap(group: string): HubAuth {
  return HubAuth.ldap({
    serverAddress: 'ldap.example-university.ch',
    tlsStrategy: 'on_connect',
    lookup: {
      userSearchBase: 'ou=users,dc=example-university,dc=ch',
      userAttribute: 'uid',
      searchUser: 'cn=jupyterhub-search,ou=services,dc=example-university,dc=ch',
      searchPassword: SecretKeyRef.fromName('ldap-search', 'password'),
    },
    allowedGroups: [group],
  });
}
