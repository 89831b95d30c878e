/**
 * The upstream images hubfleet's hubs run, pinned to one Zero-to-JupyterHub release (4.4.0:
 * JupyterHub 5.5.0, KubeSpawner 7.0.0, ltiauthenticator 1.6.3, oauthenticator 17.4.0,
 * ldapauthenticator 2.0.2, jupyterhub-idle-culler 1.4.0 inside the hub image). Changing a tag here
 * is an upgrade of every hub: do it in its own reviewed commit.
 */
export const Z2JH_VERSION = '4.4.0';

export const IMAGES = {
  /** The hub: JupyterHub 5.5.0 with KubeSpawner and the authenticators. */
  hub: `quay.io/jupyterhub/k8s-hub:${Z2JH_VERSION}`,
  /** configurable-http-proxy as z2jh 4.4.0 ships it. */
  proxy: 'quay.io/jupyterhub/configurable-http-proxy:5.2.0',
  /**
   * nbgrader exchange server (last release). v0.6.0's code needs SQLAlchemy 1.x (on 2.x released
   * assignments are silently not stored); its published image predates SQLAlchemy 2. When it has to
   * be rebuilt, use images/ngshare (a later upstream commit that fixed it).
   */
  ngshare: 'libretexts/ngshare:v0.6.0',
  /** z2jh's sample user image, a safe default for trials. */
  singleuserSample: `quay.io/jupyterhub/k8s-singleuser-sample:${Z2JH_VERSION}`,
} as const;
