/** Who is signed in: the identity the IdP gave the portal (lib/portal/oidc.ts). */
export interface Lecturer {
  /** The identity course files name in `owners` (the IdP's e-mail claim by default). */
  readonly id: string;
  readonly name: string;
  readonly email: string;
}
