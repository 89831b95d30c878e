/**
 * Secrets a hub makes for itself in the cluster: the proxy token, the cookie secret, the
 * CryptKeeper key and service API tokens. They never appear in Git.
 *
 * An init container of the hub pod runs {@link ENSURE_SECRETS_PY} with the hub's own
 * ServiceAccount: it creates the Secret when it is missing and adds keys that are missing (a service
 * added later), and never changes a key that exists. So values survive restarts, upgrades and ArgoCD
 * re-syncs; ArgoCD does not track the Secret, so it never prunes it. Pods that read it (the proxy,
 * ngshare) wait until it exists.
 */

/** Name of the Secret the hub generates. */
export const GENERATED_SECRET_NAME = 'hub-generated';

/** Keys of the generated Secret. */
export const GENERATED_KEYS = {
  proxyToken: 'proxy-token',
  cookieSecret: 'cookie-secret',
  cryptKey: 'crypt-key',
  ngshareToken: 'ngshare-token',
  /** The token of the `prometheus` service (read:metrics only), when the cluster states its monitoring. */
  metricsToken: 'metrics-token',
} as const;

/**
 * The init script (Python 3 standard library only: the hub image has nothing else we can rely on).
 * Environment: SECRET_NAME, SECRET_KEYS (comma separated). Each value is 32 random bytes in hex.
 */
export const ENSURE_SECRETS_PY = `"""Create the hub's generated Secret if it is missing; add missing keys; never change existing ones."""
import base64
import json
import os
import secrets
import ssl
import sys
import urllib.error
import urllib.request

SA = "/var/run/secrets/kubernetes.io/serviceaccount"
NAME = os.environ["SECRET_NAME"]
KEYS = [k for k in os.environ["SECRET_KEYS"].split(",") if k]

with open(f"{SA}/namespace") as f:
    NAMESPACE = f.read().strip()
with open(f"{SA}/token") as f:
    TOKEN = f.read().strip()
API = "https://{}:{}".format(os.environ["KUBERNETES_SERVICE_HOST"], os.environ["KUBERNETES_SERVICE_PORT"])
CTX = ssl.create_default_context(cafile=f"{SA}/ca.crt")


def call(method, path, body=None, content_type="application/json"):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(API + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + TOKEN)
    req.add_header("Content-Type", content_type)
    with urllib.request.urlopen(req, context=CTX, timeout=30) as resp:
        return json.load(resp)


def fresh():
    return base64.b64encode(secrets.token_hex(32).encode()).decode()


path = f"/api/v1/namespaces/{NAMESPACE}/secrets/{NAME}"
try:
    existing = call("GET", path)
except urllib.error.HTTPError as e:
    if e.code != 404:
        raise
    existing = None

if existing is None:
    body = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": NAME,
            "labels": {"app.kubernetes.io/managed-by": "hubfleet-hub-init"},
            "annotations": {"hubfleet.io/note": "generated in the cluster by the hub; never in Git; do not delete"},
        },
        "type": "Opaque",
        "data": {k: fresh() for k in KEYS},
    }
    try:
        call("POST", f"/api/v1/namespaces/{NAMESPACE}/secrets", body)
        print(f"created secret {NAME} with keys {', '.join(KEYS)}")
    except urllib.error.HTTPError as e:
        if e.code != 409:
            raise
        print(f"secret {NAME} was created concurrently; keeping it")
    sys.exit(0)

missing = [k for k in KEYS if k not in (existing.get("data") or {})]
if missing:
    call("PATCH", path, {"data": {k: fresh() for k in missing}}, "application/merge-patch+json")
    print(f"added keys {', '.join(missing)} to secret {NAME}")
else:
    print(f"secret {NAME} is complete")
`;
