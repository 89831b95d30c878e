/**
 * User images that say what they contain. A hub feature that needs a package inside the user
 * server (nbgrader, the ngshare exchange, nbgitpuller links, RStudio) is a synth error on an image
 * that does not declare it: the Jupyter Docker Stacks images (jupyter/docker-stacks
 * `images/*-notebook/Dockerfile`) contain none of them, and a hub on such an image starts but its
 * assignments, links or RStudio fail for every student.
 */
import { Issue } from '../core/errors';

/** What an image can provide, each a package (or program) installed in it. */
export type ImageFeature =
  /** nbgrader (`pip install nbgrader`): the assignment list, formgrader and the `nbgrader` CLI. */
  | 'nbgrader'
  /** ngshare_exchange (`pip install --no-deps ngshare_exchange`): nbgrader's exchange over ngshare. */
  | 'ngshare-exchange'
  /** nbgitpuller (`pip install nbgitpuller`): the `/git-pull` links. */
  | 'nbgitpuller'
  /** RStudio Server and jupyter-rsession-proxy: `/rstudio` in the user server. */
  | 'rstudio';

/** Every feature, for messages and docs. */
export const IMAGE_FEATURES: readonly ImageFeature[] = ['nbgrader', 'ngshare-exchange', 'nbgitpuller', 'rstudio'];

/** Options of {@link UserImage.of}. */
export interface UserImageOptions {
  /** What the image contains beyond a Jupyter server. @default [] */
  readonly provides?: readonly ImageFeature[];
}

/** A pinned user image and what it contains. */
export class UserImage {
  /**
   * An image with the features it provides, e.g.
   * `UserImage.of('ghcr.io/org/course-image:2025-10', { provides: ['nbgrader', 'ngshare-exchange', 'nbgitpuller'] })`.
   */
  static of(ref: string, o: UserImageOptions = {}): UserImage {
    return new UserImage(ref, [...new Set(o.provides ?? [])].sort());
  }

  /** A plain image reference: it provides nothing beyond a Jupyter server. */
  static from(image: string | UserImage): UserImage {
    return typeof image === 'string' ? UserImage.of(image) : image;
  }

  private constructor(
    /** The image reference (registry/repository:tag or @digest). */
    readonly ref: string,
    /** What it provides, sorted. */
    readonly provides: readonly ImageFeature[],
  ) {}

  /** True when the image provides every one of `features`. */
  has(...features: ImageFeature[]): boolean {
    return features.every((f) => this.provides.includes(f));
  }

  /** Those of `features` the image lacks. */
  missing(features: readonly ImageFeature[]): ImageFeature[] {
    return features.filter((f) => !this.provides.includes(f));
  }
}

/** Which features one image of a hub must provide, and why. */
export interface ImageNeed {
  /** The prop that names the image, e.g. `image` or `profiles[1].image`. */
  readonly field: string;
  readonly image: UserImage;
  readonly needs: readonly { readonly feature: ImageFeature; readonly why: string }[];
}

/** One issue per image that lacks a feature its hub uses (rule `hub-image-features`). */
export function imageFeatureIssues(path: string, needs: readonly ImageNeed[]): Issue[] {
  const out: Issue[] = [];
  for (const n of needs) {
    const missing = n.needs.filter((x) => !n.image.has(x.feature));
    if (!missing.length) continue;
    const features = [...new Set(missing.map((m) => m.feature))];
    out.push({
      path,
      field: n.field,
      value: { image: n.image.ref, provides: n.image.provides, missing: features },
      message: `the image does not provide ${features.join(', ')}, which ${[...new Set(missing.map((m) => m.why))].join(' and ')}.`,
      fix: `build the image from images/ (it adds nbgrader, ngshare_exchange, nbgitpuller, and RStudio for R) and declare it as UserImage.of(ref, { provides: [${features.map((f) => `'${f}'`).join(', ')}] }).`,
      rule: 'hub-image-features',
    });
  }
  return out;
}
