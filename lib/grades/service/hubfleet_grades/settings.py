"""The service's settings: a JSON file (ConfigMap `grades-config`) plus secrets from the environment.

The JSON file holds what hubfleet knows at synth (the platform's issuer, client ids and token URL,
the hosts the service may send the platform's token to, the roles that may send grades, retry
timing). Secrets never appear in it: the service's hub API token comes from JUPYTERHUB_API_TOKEN
(generated in the cluster), the tool key lives on the service's own volume (keys.py).
"""
import json
import os
from dataclasses import dataclass
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """The settings cannot work; the message says which field and why."""


@dataclass(frozen=True)
class Settings:
    issuer: str
    client_ids: tuple
    token_url: str
    token_audience: str
    service_hosts: frozenset
    sender_roles: frozenset
    learner_roles: frozenset
    first_retry_seconds: float
    max_retry_seconds: float
    request_timeout_seconds: float
    tick_seconds: float
    sync_seconds: float
    hub_api_url: str
    api_token: str
    service_name: str
    prefix: str
    db_url: str
    key_file: str
    port: int
    bind: str
    # Tests and the local proof run the stand-in platform on http://127.0.0.1; never set in a cluster.
    allow_http: bool = False

    def url_allowed(self, url):
        """May the service send the platform's token to this URL? https on an allowed host only."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        if parts.scheme != "https" and not (self.allow_http and parts.scheme == "http"):
            return False
        return (parts.hostname or "").lower() in self.service_hosts


def _host(url):
    return (urlsplit(url).hostname or "").lower()


def _number(raw, key, default, minimum):
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise SettingsError(f"settings field {key!r} must be a number >= {minimum}, not {value!r}")
    return float(value)


def _strings(raw, key, default=None):
    value = raw.get(key, default)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise SettingsError(f"settings field {key!r} must be a non-empty list of strings, not {value!r}")
    return value


def load(environ=None):
    """Read HUBFLEET_GRADES_SETTINGS (a JSON file) and the environment."""
    env = os.environ if environ is None else environ
    path = env.get("HUBFLEET_GRADES_SETTINGS", "/etc/hubfleet-grades/settings.json")
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    return from_dict(raw, env)


def from_dict(raw, env):
    issuer = raw.get("issuer")
    if not isinstance(issuer, str) or not issuer:
        raise SettingsError("settings field 'issuer' (the platform's issuer) is missing")
    token_url = raw.get("tokenUrl")
    if not isinstance(token_url, str) or not token_url:
        raise SettingsError("settings field 'tokenUrl' (the platform's OAuth 2 token URL) is missing")
    allow_http = env.get("HUBFLEET_GRADES_ALLOW_HTTP") == "1"
    hosts = raw.get("serviceHosts") or [_host(issuer), _host(token_url)]
    settings = Settings(
        issuer=issuer,
        client_ids=tuple(_strings(raw, "clientIds")),
        token_url=token_url,
        token_audience=raw.get("tokenAudience") or token_url,
        service_hosts=frozenset(h.lower() for h in hosts if h),
        sender_roles=frozenset(_strings(raw, "senderRoles", ["Instructor", "TeachingAssistant"])),
        learner_roles=frozenset(_strings(raw, "learnerRoles", ["Learner"])),
        first_retry_seconds=_number(raw, "firstRetrySeconds", 60, 0.01),
        max_retry_seconds=_number(raw, "maxRetrySeconds", 6 * 3600, 0.01),
        request_timeout_seconds=_number(raw, "requestTimeoutSeconds", 30, 0.1),
        tick_seconds=_number(raw, "tickSeconds", 5, 0.01),
        sync_seconds=_number(raw, "syncSeconds", 1800, 0),
        hub_api_url=env.get("JUPYTERHUB_API_URL", "http://hub:8081/hub/api").rstrip("/") + "/",
        api_token=env.get("JUPYTERHUB_API_TOKEN", ""),
        service_name=env.get("JUPYTERHUB_SERVICE_NAME", "grades"),
        prefix=env.get("JUPYTERHUB_SERVICE_PREFIX", "/services/grades/"),
        db_url=env.get("HUBFLEET_GRADES_DB", "sqlite:////srv/grades/grades.sqlite"),
        key_file=env.get("HUBFLEET_GRADES_KEY_FILE", "/srv/grades/tool-key.pem"),
        port=int(env.get("HUBFLEET_GRADES_PORT", "8080")),
        bind=env.get("HUBFLEET_GRADES_BIND", "0.0.0.0"),
        allow_http=allow_http,
    )
    if not settings.api_token:
        raise SettingsError("JUPYTERHUB_API_TOKEN is empty: the service needs its hub API token (Secret hub-generated)")
    if not settings.prefix.startswith("/") or not settings.prefix.endswith("/"):
        raise SettingsError(f"JUPYTERHUB_SERVICE_PREFIX must start and end with '/', not {settings.prefix!r}")
    if settings.max_retry_seconds < settings.first_retry_seconds:
        raise SettingsError("maxRetrySeconds must be at least firstRetrySeconds")
    if not settings.url_allowed(token_url):
        raise SettingsError(f"tokenUrl {token_url!r} must be https on one of the service hosts {sorted(settings.service_hosts)}")
    return settings
