import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';

/** Object metadata as hubfleet writes it. */
export interface ObjectMeta {
  readonly name: string;
  /** @default the package's namespace for namespaced kinds, none for cluster-scoped ones */
  readonly namespace?: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
  /** @default {} */
  readonly annotations?: Record<string, string>;
}

/** A whole Kubernetes object as plain JSON: apiVersion, kind, metadata and the kind's body. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/**
 * A Kubernetes object whose content is plain JSON, built by hubfleet's constructs.
 *
 * It is a cdk8s `ApiObject`, so `addJsonPatch()` and `metadata.addLabel()`/`addAnnotation()` work
 * and other cdk8s code can find it, but it skips cdk8s's token resolution: hubfleet never puts
 * tokens in manifests, and resolving every leaf is what makes plain cdk8s synth slow. The JSON it
 * returns keeps the key order it was built with (apiVersion, kind, metadata first), so output is
 * deterministic without sorting.
 */
export class K8sObject extends ApiObject {
  /** The manifest as built; `toJson()` adds metadata changes and JSON patches. */
  readonly manifest: Manifest;
  private readonly extraMeta: { labels: Record<string, string>; annotations: Record<string, string> } = {
    labels: {},
    annotations: {},
  };

  constructor(scope: Construct, id: string, manifest: Manifest) {
    super(scope, id, { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: manifest.metadata.name } });
    this.manifest = manifest;
    // Route cdk8s's metadata API to our manifest.
    const meta = this.metadata as unknown as Record<string, unknown>;
    meta.addLabel = (k: string, v: string) => {
      this.extraMeta.labels[k] = v;
    };
    meta.addAnnotation = (k: string, v: string) => {
      this.extraMeta.annotations[k] = v;
    };
  }

  /** Add labels after construction (kept in insertion order after the built ones). */
  addLabels(labels: Record<string, string>): void {
    Object.assign(this.extraMeta.labels, labels);
  }

  /** Add annotations after construction. */
  addAnnotations(annotations: Record<string, string>): void {
    Object.assign(this.extraMeta.annotations, annotations);
  }

  /** The object as Kubernetes JSON. */
  override toJson(): any {
    const m = this.manifest;
    const hasExtraLabels = Object.keys(this.extraMeta.labels).length > 0;
    const hasExtraAnn = Object.keys(this.extraMeta.annotations).length > 0;
    let json: any = m;
    if (hasExtraLabels || hasExtraAnn) {
      const metadata: Record<string, unknown> = { ...m.metadata };
      if (hasExtraLabels) metadata.labels = { ...(m.metadata.labels ?? {}), ...this.extraMeta.labels };
      if (hasExtraAnn) metadata.annotations = { ...(m.metadata.annotations ?? {}), ...this.extraMeta.annotations };
      json = { ...m, metadata };
    }
    const patches: JsonPatch[] = (this as unknown as { patches: JsonPatch[] }).patches;
    if (patches.length > 0) {
      // Rare path: reuse cdk8s's JSON-patch machinery on a deep copy.
      json = JsonPatch.apply(JSON.parse(JSON.stringify(json)), ...patches);
    }
    return json;
  }
}
