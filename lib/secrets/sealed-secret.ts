import { Construct } from 'constructs';
import { checkRules, Issue, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { isDnsLabel, isDnsSubdomain } from '../core/names';
import { Package } from '../fleet/package';
import {
  CLUSTER_WIDE_ANNOTATION,
  isSealScope,
  isSecretDataKey,
  MIN_RSA_BITS,
  NAMESPACE_WIDE_ANNOTATION,
  SealScope,
  sealedSecretManifest,
} from './seal';
import { ISecretKeyRef } from './secret-ref';
import { declareProps } from '../core/props-check';

/** A SealedSecret other constructs can take: it hands out key references, never values. */
export interface ISealedSecret {
  /** Name of the SealedSecret and of the Secret the controller makes from it. */
  readonly secretName: string;
  /** Namespace of both (undefined only for a cluster-wide secret outside any namespaced package). */
  readonly namespace?: string;
  /** A reference to one key, for `secretKeyRef`. Throws when the key was not sealed. */
  key(key: string): ISecretKeyRef;
}

/** Props of a {@link SealedSecret}. */
export interface SealedSecretProps {
  /**
   * Name of the SealedSecret and of the Secret it becomes.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the SealedSecret and its Secret.
   * @default the enclosing package's namespace
   */
  readonly namespace?: string;
  /**
   * Data key → sealed value: the base64 output of `hubfleet seal` (or `kubeseal --raw`), never the
   * plain value. Sealed for exactly this name/namespace/scope.
   */
  readonly encryptedData: Readonly<Record<string, string>>;
  /**
   * The scope the values were sealed with: `strict` (this namespace and name), `namespace-wide`
   * (any name in this namespace) or `cluster-wide`. Must match the `hubfleet seal --scope` used.
   * @default 'strict'
   */
  readonly scope?: SealScope;
  /**
   * Type of the produced Secret.
   * @default 'Opaque'
   */
  readonly type?: string;
  /**
   * Labels of the produced Secret.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations of the produced Secret (not the scope annotations: those come from `scope`).
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** What the rule table sees. */
interface ResolvedSealedSecret {
  readonly name: string;
  readonly namespace?: string;
  readonly scope: SealScope;
  readonly encryptedData: Readonly<Record<string, string>>;
  readonly type: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** GCM tag length: every sealed value carries it after the ciphertext. */
const GCM_TAG_BYTES = 16;
/** Largest RSA modulus we expect (8192 bits). */
const MAX_RSA_BYTES = 1024;

/**
 * Why a string is not a plausible sealed value, or undefined when it is: standard base64 that
 * decodes to `uint16be(n) || n bytes of RSA-OAEP || ≥ 1 byte of AES-GCM ciphertext || 16-byte tag`,
 * with n between 256 (2048-bit key) and 1024 (8192-bit key).
 */
export function sealedValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is empty or not a string';
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return 'is not standard base64 text';
  const raw = Buffer.from(value, 'base64');
  if (raw.length < 2) return 'is too short to be a sealed value';
  const rsaLen = raw.readUInt16BE(0);
  if (rsaLen < MIN_RSA_BITS / 8 || rsaLen > MAX_RSA_BYTES) {
    return `does not start with the RSA length prefix of a sealed value (found ${rsaLen} bytes; a 4096-bit controller key gives 512 and base64 starting "AgA")`;
  }
  if (raw.length < 2 + rsaLen + GCM_TAG_BYTES + 1) return `is ${raw.length} bytes long, shorter than a sealed value with a ${rsaLen * 8}-bit key (≥ ${2 + rsaLen + GCM_TAG_BYTES + 1})`;
  return undefined;
}

/** The SealedSecret validation table; each row has a "fails …" test in test/secrets/sealed-secret.test.ts. */
export const SEALED_SECRET_RULES: readonly PropRule<ResolvedSealedSecret>[] = [
  {
    id: 'sealed-secret-name',
    field: 'name',
    value: (p) => p.name,
    ok: (p) => isDnsSubdomain(p.name),
    message: 'the SealedSecret name must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".").',
    fix: 'rename it, e.g. "ldap-search"; then seal the values again (strict scope binds them to the name).',
  },
  {
    id: 'sealed-secret-scope',
    field: 'scope',
    value: (p) => p.scope,
    ok: (p) => isSealScope(p.scope),
    message: 'the scope must be strict, namespace-wide or cluster-wide.',
    fix: 'set scope to the --scope you sealed with (hubfleet seal defaults to strict).',
  },
  {
    id: 'sealed-secret-namespace',
    field: 'namespace',
    value: (p) => p.namespace,
    ok: (p) => isDnsLabel(p.namespace),
    message: 'a SealedSecret needs the namespace its Secret lives in (a DNS-1123 label); none was given and the package has none.',
    fix: 'set namespace, or create the SealedSecret inside a package that has a namespace (a course, exam or add-on).',
  },
  {
    id: 'sealed-secret-not-empty',
    field: 'encryptedData',
    value: (p) => Object.keys(p.encryptedData),
    ok: (p) => Object.keys(p.encryptedData).length > 0,
    message: 'encryptedData is empty: the Secret would have no keys.',
    fix: 'seal at least one value with `hubfleet seal` and put its output here.',
  },
  {
    id: 'sealed-secret-keys',
    field: 'encryptedData',
    value: (p) => Object.keys(p.encryptedData).filter((k) => !isSecretDataKey(k)),
    ok: (p) => Object.keys(p.encryptedData).every((k) => isSecretDataKey(k)),
    message: 'some keys are not valid Secret data keys (letters, digits, "-", "_" and "." only).',
    fix: 'rename the keys listed in the value and seal them again.',
  },
  {
    id: 'sealed-secret-ciphertext',
    field: (p) => `encryptedData.${Object.keys(p.encryptedData).filter((k) => sealedValueProblem(p.encryptedData[k]))[0] ?? ''}`,
    // Never echo the value: if it is not ciphertext it may be the plain secret.
    value: (p) =>
      Object.entries(p.encryptedData)
        .filter(([, v]) => sealedValueProblem(v))
        .map(([k, v]) => `${k}: ${sealedValueProblem(v)} (${typeof v === 'string' ? v.length : 0} characters, not shown)`),
    ok: (p) => Object.values(p.encryptedData).every((v) => sealedValueProblem(v) === undefined),
    message: 'a value does not look like sealed ciphertext. If it is the plain value, it must not be committed: treat it as leaked and rotate it.',
    fix: 'seal the value with `hubfleet seal --namespace <ns> --name <name> --scope <scope>` (or `kubeseal --raw`) against the cluster certificate and paste the output.',
  },
  {
    id: 'sealed-secret-type',
    field: 'type',
    value: (p) => p.type,
    ok: (p) => typeof p.type === 'string' && /^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(p.type),
    message: 'the Secret type must be a non-empty name such as Opaque or kubernetes.io/tls.',
    fix: 'set type, or leave it out for Opaque.',
  },
  {
    id: 'sealed-secret-scope-annotations',
    field: 'annotations',
    value: (p) => Object.keys(p.annotations).filter((a) => a === NAMESPACE_WIDE_ANNOTATION || a === CLUSTER_WIDE_ANNOTATION),
    ok: (p) => !(NAMESPACE_WIDE_ANNOTATION in p.annotations) && !(CLUSTER_WIDE_ANNOTATION in p.annotations),
    message: 'the scope annotations are derived from `scope`; setting them by hand can make the controller use another label and fail to decrypt.',
    fix: 'remove them from annotations and set scope instead.',
  },
];

/**
 * A Bitnami Sealed Secret: ciphertext only, decrypted into a Secret by the sealed-secrets controller
 * in the cluster. Works in any package (course hub, exam, SEB server, platform add-on).
 *
 * ```ts
 * const ldap = new SealedSecret(hub, 'ldap-search', { encryptedData: { password: 'AgB…' } });
 * HubAuth.ldap({ …, searchPassword: ldap.key('password') });
 * ```
 *
 * The values are checked to look like sealed ciphertext (base64 of the kubeseal blob layout), so a
 * plain value pasted by mistake fails synth instead of landing in Git.
 */
export class SealedSecret extends Construct implements ISealedSecret {
  readonly secretName: string;
  readonly namespace?: string;
  readonly scope: SealScope;
  /** The rendered object. */
  readonly apiObject: K8sObject;
  private readonly keys: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: SealedSecretProps) {
    super(scope, id);
    declareProps(this, 'SealedSecretProps', props);
    const pkg = Package.ofConstruct(this);
    const r: ResolvedSealedSecret = {
      name: props.name ?? id,
      namespace: props.namespace ?? pkg.targetNamespace,
      scope: props.scope ?? 'strict',
      encryptedData: props.encryptedData ?? {},
      type: props.type ?? 'Opaque',
      annotations: props.annotations ?? {},
    };
    this.secretName = r.name;
    this.namespace = r.namespace;
    this.scope = r.scope;
    this.keys = new Set(Object.keys(r.encryptedData));
    const issues: Issue[] = checkRules(this.node.path, r, SEALED_SECRET_RULES);
    pkg.addIssues(() => issues);

    const manifest =
      issues.length === 0
        ? sealedSecretManifest({ name: r.name, namespace: r.namespace, scope: r.scope, encryptedData: r.encryptedData, type: r.type, labels: props.labels, annotations: r.annotations })
        : // Invalid input: synth fails on the issues above; render a placeholder without the values.
          { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) }, spec: { encryptedData: {} } };
    this.apiObject = new K8sObject(this, 'resource', manifest as any);
  }

  /** True when `key` was sealed into this secret. */
  hasKey(key: string): boolean {
    return this.keys.has(key);
  }

  /**
   * A reference to one sealed key, to pass to constructs that read it with `secretKeyRef`
   * (they never see the value). Throws when the key is not in `encryptedData`.
   */
  key(key: string): ISecretKeyRef {
    if (!this.keys.has(key)) {
      const known = [...this.keys].sort().join(', ') || '(none)';
      throw new Error(`${this.node.path}: SealedSecret "${this.secretName}" has no key "${key}" (sealed keys: ${known}). Seal it with \`hubfleet seal\` and add it to encryptedData, or use one of the sealed keys.`);
    }
    return { secretName: this.secretName, key };
  }
}
