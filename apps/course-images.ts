import { UserImage } from '../lib/hub/user-image';

/**
 * The course images the example clusters use: images/course and images/course-r built on the
 * pinned Docker Stacks weekly build by .github/workflows/images.yml and pushed to
 * `ghcr.io/<owner>/hubfleet-course-<stack>:<tag>`. Set REGISTRY to your organisation's.
 */
export const REGISTRY = 'ghcr.io/example-university';
/** The Docker Stacks build the images are made from (STACKS_TAG in the workflow). */
export const STACKS_TAG = '2025-08-18';

const COURSE = ['nbgrader', 'ngshare-exchange', 'nbgitpuller'] as const;
const image = (name: string, extra: Array<'rstudio'> = []) => UserImage.of(`${REGISTRY}/hubfleet-course-${name}:${STACKS_TAG}`, { provides: [...COURSE, ...extra] });

/** One image per Docker Stacks image the examples use. */
export const COURSE_IMAGES = {
  scipy: image('scipy'),
  minimal: image('minimal'),
  datascience: image('datascience'),
  julia: image('julia'),
  pytorchCuda12: image('pytorch-cuda12'),
  r: image('r', ['rstudio']),
} as const;
