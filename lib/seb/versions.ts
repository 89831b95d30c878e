/**
 * The images the SEB Server package runs. Changing a tag here is an upgrade of the exam server:
 * do it in its own reviewed commit, outside exam periods, after a backup (see lib/seb/README.md).
 *
 * Sources (checked 2026): SafeExamBrowser/seb-server (tag v2.2.0, CI pushes `anhefti/seb-server:<git tag>`),
 * SafeExamBrowser/seb-screen-proctoring-server (tag v1.2.3), the MariaDB support note of the SEB
 * Server 2.2 README (MariaDB 11.4 supported). Moving tags (`v2.2-stable`, `v2.2-latest`) are refused
 * by SebServer's rules: a re-pushed tag would upgrade the exam server without a Git change.
 */
export const SEB_IMAGES = {
  /** SEB Server 2.2 (webservice and GUI are one image; Spring profiles pick the role). */
  sebServer: 'anhefti/seb-server:v2.2.0',
  /** SEB screen proctoring webservice (SPS). */
  sps: 'anhefti/seb-sps:v1.2.3',
  /**
   * MariaDB 11.4 LTS (supported by SEB Server 2.2; upstream compose files still show 10.5/10.6), at
   * its newest patch release: 11.4.13 ("The most recent release of MariaDB Community Server 11.4 is
   * 11.4.13", mariadb.com/docs/release-notes/community-server/11.4). The official image's source
   * (MariaDB/mariadb-docker versions.json, read at its 2026-05-29 snapshot) still listed 11.4.12:
   * check `docker manifest inspect mariadb:11.4.13` before the first deploy.
   */
  mariadb: 'mariadb:11.4.13',
} as const;

/**
 * Numeric user of the images. Pod Security "restricted" needs `runAsNonRoot`, and the kubelet can
 * only verify that when `runAsUser` is numeric:
 * - SEB Server and SPS images: `USER spring:spring`, created with `useradd --system` on an Ubuntu
 *   (eclipse-temurin) base, which allocates the top system id 999. Check after an image upgrade:
 *   `docker run --rm --entrypoint id anhefti/seb-server:<tag>`.
 * - MariaDB: the official image's `mysql` user is 999:999.
 * - SPS GUI: a `node:*-alpine` image without USER (root); hubfleet runs it as `node` (1000).
 */
export const SEB_UIDS = {
  sebServer: 999,
  sps: 999,
  mariadb: 999,
  spsGui: 1000,
} as const;

/** True for tags that upstream re-pushes (`v2.2-stable`, `v1.2-latest`, `latest`). */
export function isMovingTag(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return false;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon < 0 ? '' : last.slice(colon + 1);
  return tag === '' || tag === 'latest' || /-(stable|latest|snapshot|SNAPSHOT)$/.test(tag) || /^v?\d+(\.\d+)?$/.test(tag);
}
