/** Ports of a hub's components (Zero to JupyterHub's). */
export const HUB_PORTS = { hub: 8081, proxyHttp: 8000, proxyApi: 8001, singleuser: 8888, ngshare: 8080 } as const;
