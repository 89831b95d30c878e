"""What one LTI 1.3 launch tells the service.

The claims are those of the id_token ltiauthenticator 1.6.3 verified (it keeps the whole payload as
the user's auth_state). LTI Core 1.3 §5.3 (required message claims: `sub`, the deployment id, the
roles), §5.4.1 (context claim), and AGS 2.0 §3.1 ("Assignment and Grade Service claim": `scope`,
`lineitems`, `lineitem`). The client id is `azp`, or `aud` when it names one client (OIDC Core
§2, which LTI Core §5.1.2 refers to).

Roles decide authority within the context only: context roles are the membership vocabulary
(`http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor`, sub-roles like
`…/membership/Instructor#TeachingAssistant`) or, deprecated but still sent, bare names
(`Instructor`); institution and system roles (`…/institution/person#Administrator`) say nothing
about this course (LTI Core §A.2).
"""
import re
from dataclasses import dataclass

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"

# The claims the hub forwards (and the service reads from auth_state): nothing personal beyond `sub`.
FORWARDED_CLAIMS = (
    "iss",
    "aud",
    "azp",
    "sub",
    "iat",
    LTI + "message_type",
    LTI + "deployment_id",
    LTI + "context",
    LTI + "roles",
    LTI + "resource_link",
    AGS,
)


class LaunchError(ValueError):
    """The claims are not a launch the service can use; the message says why."""


@dataclass(frozen=True)
class Ags:
    lineitems: str
    lineitem: str
    scopes: tuple


@dataclass(frozen=True)
class Launch:
    username: str
    issuer: str
    client_id: str
    deployment_id: str
    context_id: str
    context_title: str
    sub: str
    roles: tuple
    ags: object  # Ags or None
    issued_at: float


def context_role_names(roles):
    """Short names of the context roles among `roles` (membership vocabulary or bare names)."""
    names = set()
    for role in roles:
        role = str(role).strip()
        if not role:
            continue
        if ":" not in role:
            names.add(role)
        elif role.startswith(MEMBERSHIP + "#") or role.startswith(MEMBERSHIP + "/"):
            names.add(re.split(r"[#/]", role)[-1])
    return names


def _claim(claims, name, kind, required=True):
    value = claims.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, kind):
        raise LaunchError(f"claim {name} is missing or not a {kind.__name__}")
    return value


def parse(username, claims, issuer, client_ids):
    """The launch in `claims` (a dict of id_token claims) for hub user `username`."""
    if not isinstance(claims, dict):
        raise LaunchError("the launch claims are not an object")
    if not isinstance(username, str) or not username:
        raise LaunchError("the launch names no hub user")
    iss = _claim(claims, "iss", str)
    if iss != issuer:
        raise LaunchError(f"issuer {iss!r} is not the platform this hub trusts ({issuer!r})")
    aud = claims.get("aud")
    client_id = claims.get("azp") or (aud if isinstance(aud, str) else aud[0] if isinstance(aud, list) and len(aud) == 1 else None)
    if client_id not in client_ids:
        raise LaunchError(f"client id {client_id!r} is not one of this tool's ({', '.join(client_ids)})")
    sub = _claim(claims, "sub", str)
    if not sub:
        raise LaunchError("claim sub is empty")
    deployment = _claim(claims, LTI + "deployment_id", str)
    context = _claim(claims, LTI + "context", dict, required=False)
    if not context or not isinstance(context.get("id"), str) or not context["id"]:
        raise LaunchError("the launch has no LTI context (it did not come from a course)")
    roles = claims.get(LTI + "roles") or []
    if isinstance(roles, str):
        roles = [r for r in roles.split(",") if r]
    if not isinstance(roles, list):
        raise LaunchError("claim roles is not a list")
    ags = None
    endpoint = claims.get(AGS)
    if isinstance(endpoint, dict):
        scopes = endpoint.get("scope") or []
        ags = Ags(
            lineitems=endpoint.get("lineitems") if isinstance(endpoint.get("lineitems"), str) else "",
            lineitem=endpoint.get("lineitem") if isinstance(endpoint.get("lineitem"), str) else "",
            scopes=tuple(sorted(s for s in scopes if isinstance(s, str))),
        )
    iat = claims.get("iat")
    return Launch(
        username=username,
        issuer=iss,
        client_id=client_id,
        deployment_id=deployment,
        context_id=context["id"],
        context_title=str(context.get("title") or context.get("label") or context["id"]),
        sub=sub,
        roles=tuple(sorted(str(r) for r in roles)),
        ags=ags,
        issued_at=float(iat) if isinstance(iat, (int, float)) and not isinstance(iat, bool) else 0.0,
    )


def forwarded(claims):
    """The part of an id_token (or auth_state) the service needs."""
    return {k: claims[k] for k in FORWARDED_CLAIMS if k in claims}
