/** Objects as `hubfleet diff` sees them: identity, naming, equality (shared by diff.ts and diff-risks.ts). */

/** One Kubernetes object of either side. */
export interface DiffObject {
  /** Path relative to `<out>/<cluster>/`. */
  readonly file: string;
  /** Package folder under `k8s/` (`courses/intro`, `argocd`, `seb`). */
  readonly pkg: string;
  readonly json: any;
}

/** One changed field of an object. */
export interface FieldChange {
  /** Path in YAML terms, e.g. `spec.template.metadata.annotations["hubfleet.io/config-hash"]`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** For multi-line strings: a unified line diff instead of before/after. */
  readonly lines?: readonly string[];
}

/** An object present on both sides that differs. */
export interface ObjectChange {
  readonly key: string;
  readonly before: DiffObject;
  readonly after: DiffObject;
  /** Empty when only the bytes differ (comments, formatting, key order). */
  readonly fields: readonly FieldChange[];
}

/** One package's changes. */
export interface PackageDiff {
  readonly pkg: string;
  /** `added`: the folder is new; `removed`: it is gone; `changed`: it exists on both sides. */
  readonly status: 'added' | 'removed' | 'changed';
  readonly added: readonly DiffObject[];
  readonly removed: readonly DiffObject[];
  readonly changed: readonly ObjectChange[];
}

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const i = String(apiVersion).indexOf('/');
  return i < 0 ? '' : String(apiVersion).slice(0, i);
}

/** Identity of an object: group, kind, namespace, name (a new apiVersion of the same group is the same object). */
export function objectKey(json: any): string {
  return `${groupOf(json?.apiVersion)}/${json?.kind}/${json?.metadata?.namespace ?? ''}/${json?.metadata?.name}`;
}

/** How an object is named in the output: `Kind/name (namespace)`. */
export function describe(json: any): string {
  return `${json?.kind}/${json?.metadata?.name}${json?.metadata?.namespace ? ` (${json.metadata.namespace})` : ''}`;
}

/** Structural equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as any)[k], (b as any)[k]));
}

/** A Terraform resource that `terraform apply` would create (+), destroy (-) or update (~). */
export interface TerraformChange {
  readonly op: '+' | '-' | '~';
  /** `<type>.<name>`, as `terraform plan` names it. */
  readonly address: string;
  readonly before?: any;
  readonly after?: any;
}

/** The resources of two Terraform JSON files (cdktf's cdk.tf.json), compared; [] for other files. */
export function terraformChanges(before: string | undefined, after: string | undefined): TerraformChange[] {
  const parse = (t: string | undefined) => {
    if (t === undefined) return {};
    try {
      const j = JSON.parse(t);
      return j !== null && typeof j === 'object' && j.resource && typeof j.resource === 'object' ? (j.resource as Record<string, Record<string, unknown>>) : undefined;
    } catch {
      return undefined;
    }
  };
  const b = parse(before);
  const a = parse(after);
  if (!b || !a || (before === undefined && after === undefined)) return [];
  const out: TerraformChange[] = [];
  for (const type of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    const bt = b[type] ?? {};
    const at = a[type] ?? {};
    for (const name of [...new Set([...Object.keys(bt), ...Object.keys(at)])].sort()) {
      const address = `${type}.${name}`;
      if (!(name in bt)) out.push({ op: '+', address, after: at[name] });
      else if (!(name in at)) out.push({ op: '-', address, before: bt[name] });
      else if (!deepEqual(bt[name], at[name])) out.push({ op: '~', address, before: bt[name], after: at[name] });
    }
  }
  return out;
}
