/**
 * A reference to one key of a Kubernetes Secret that exists (or will exist) in the cluster.
 *
 * Constructs that need a credential (an LTI consumer secret, an LDAP bind password, an OAuth client
 * secret, a database password) take one of these and wire it into pods as `secretKeyRef`: they never
 * see the value. The Secret comes from a {@link SealedSecret} (sealed with `hubfleet seal`) or is
 * generated in the cluster.
 */
export interface ISecretKeyRef {
  /** Name of the Secret (in the consuming construct's namespace). */
  readonly secretName: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** Helpers for secret key references. */
export class SecretKeyRef {
  /** Refer to a key of a Secret by name, e.g. one a SealedSecret applied by hand creates. */
  static fromName(secretName: string, key: string): ISecretKeyRef {
    return { secretName, key };
  }

  /** The `valueFrom` of a container env var that reads this key. */
  static envValueFrom(ref: ISecretKeyRef): { secretKeyRef: { name: string; key: string } } {
    return { secretKeyRef: { name: ref.secretName, key: ref.key } };
  }
}
