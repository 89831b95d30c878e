"""The tool key: made once in the cluster, kept on the service's volume, published as a key set.

The platform verifies the service's token requests against the public key set the service serves
at `<hub>/services/grades/.well-known/jwks.json` (the "public keyset URL" of the tool's registration
in Moodle and Canvas), so the private key never leaves the pod: it is generated on first start into
the service's own claim (mode 0600, never in Git, never in a Secret) and kept across restarts. To
rotate it, delete the file and restart the service: the platform fetches the new key set on its
next verification (the key id changes with the key).

The client assertion follows IMS Security Framework 1.0 §4.1 ("Using JSON Web Tokens with OAuth
2.0 Client Credentials Grant", with RFC 7523 §2.2 and §3): a JWT signed RS256 with the tool key,
`iss` and `sub` the tool's client id, `aud` the platform's token endpoint, `iat`, `exp` a few
minutes later and a fresh `jti`; the header names the key (`kid`) so the platform picks it from the
key set.
"""
import base64
import hashlib
import json
import os
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_BITS = 3072
ASSERTION_LIFETIME_SECONDS = 300


def _b64url_uint(n):
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def load_or_create(path):
    """The private key at `path`; a new one (written atomically, 0600) when the file is missing."""
    if os.path.exists(path):
        with open(path, "rb") as f:
            key = serialization.load_pem_private_key(f.read(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path} is not an RSA private key")
        return key
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return key


def public_jwk(key):
    """The public key as a JWK (RFC 7517) with its RFC 7638 thumbprint as `kid`."""
    numbers = key.public_key().public_numbers()
    core = {"e": _b64url_uint(numbers.e), "kty": "RSA", "n": _b64url_uint(numbers.n)}
    # RFC 7638 §3.2: the required members in lexicographic order, no whitespace.
    digest = hashlib.sha256(json.dumps(core, separators=(",", ":"), sort_keys=True).encode()).digest()
    kid = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return {**core, "kid": kid, "alg": "RS256", "use": "sig"}


def key_set(key):
    """The JWKS the service publishes."""
    return {"keys": [public_jwk(key)]}


def client_assertion(key, client_id, audience, now, jti=None):
    """A signed JWT for the client credentials grant (Security Framework 1.0 §4.1)."""
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": int(now),
        "exp": int(now) + ASSERTION_LIFETIME_SECONDS,
        "jti": jti or str(uuid.uuid4()),
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": public_jwk(key)["kid"], "typ": "JWT"})
