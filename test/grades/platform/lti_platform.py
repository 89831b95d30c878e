"""A stand-in LTI 1.3 platform (an LMS) for hubfleet's grade service tests and the local proof.

Written against the IMS texts, each endpoint naming the section it follows:
- LTI Core 1.3 (https://www.imsglobal.org/spec/lti/v1p3/) §4.1 (login parameters the platform
  adds: lti_message_hint, lti_deployment_id, client_id), §5.3 and §5.4 (the message's claims);
- IMS Security Framework 1.0 (https://www.imsglobal.org/spec/security/v1p0/) §4.1 (client
  credentials grant with a JWT client assertion), §5.1.1 (OpenID Connect launch flow: third-party
  initiated login, authentication request, authentication response), §6 (key sets);
- LTI Assignment and Grade Services 2.0 (https://www.imsglobal.org/spec/lti-ags/v2p0/) §3.1
  (the endpoint claim), §3.2 (line item service: container, paging, filters, media types), §3.3
  (result service), §3.4 (score publish service); scopes and methods as its tables list them;
- RFC 6749 §5.1/§5.2 (token response and errors), RFC 6750 §3.1 (bearer errors), RFC 7523 §3
  (JWT client authentication), RFC 8288 (Link).

It checks what a platform must check (the assertion against the tool's key set, the audience, a
reused jti, scopes per endpoint, media types, members of the context) and keeps what it received,
so a test can ask what the "LMS" holds. `/_control/…` lets a test inject faults (an error status or
no answer, for a number of requests), change paging and the container's shape, and read the state.
It binds to 127.0.0.1 only. Run: `python3 lti_platform.py --config platform.json` (prints
`LTI_PLATFORM_LISTENING <port>`).
"""
import argparse
import asyncio
import base64
import hashlib
import html
import json
import secrets
import sys
import time
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from tornado import web
from tornado.httpclient import AsyncHTTPClient
from tornado.netutil import bind_sockets
from tornado.httpserver import HTTPServer

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
S_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
S_LINEITEM_RO = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
S_RESULT_RO = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
S_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
RESULTS = "application/vnd.ims.lis.v2.resultcontainer+json"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"


def b64u(n):
    return base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()


class Platform:
    def __init__(self, config):
        self.config = {"pageSize": 2, "containerMode": "list", "ignoreFilters": False, "grantedScopes": [S_LINEITEM, S_LINEITEM_RO, S_RESULT_RO, S_SCORE], **config}
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "platform-1"
        self.base = ""
        self.faults = {}
        self.tokens = {}
        self.jtis = set()
        self.lineitems = {}  # id → item (with "context")
        self.next_item = 1
        self.scores = []  # every accepted score, in order
        self.results = {}  # (item id, userId) → latest score
        self.refusals = []  # (endpoint, status, reason)
        self.requests = []  # (method, path)
        self.hint_state = {}

    # --- configuration ---------------------------------------------------------------------------------
    @property
    def tool(self):
        return self.config["tool"]

    def token_url(self):
        return self.base + "/token"

    def context_url(self, ctx):
        return f"{self.base}/contexts/{ctx}/lineitems"

    def claims(self, sub, ctx, nonce=None, audience=None):
        """The id_token claims of a launch (LTI Core 1.3 §5.3, §5.4; AGS 2.0 §3.1)."""
        member = self.config["contexts"][ctx]["members"][sub]
        now = int(time.time())
        c = {
            "iss": self.config["issuer"],
            "aud": audience or self.tool["clientId"],
            "azp": self.tool["clientId"],
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce or secrets.token_hex(8),
            "email": member.get("email", ""),
            "name": member.get("name", ""),
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.tool["deploymentId"],
            LTI + "target_link_uri": self.tool.get("targetLinkUri", ""),
            LTI + "resource_link": {"id": f"link-{ctx}", "title": "JupyterHub"},
            LTI + "roles": [r if ":" in r else ROLE + r for r in member["roles"]],
            LTI + "context": {"id": ctx, "label": ctx.upper(), "title": self.config["contexts"][ctx].get("title", ctx), "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]},
        }
        if self.config.get("ags", True):
            c[AGS_CLAIM] = {"scope": list(self.config["grantedScopes"]), "lineitems": self.context_url(ctx)}
        return c

    def sign(self, claims):
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self):
        n = self.key.public_key().public_numbers()
        return {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": self.kid, "n": b64u(n.n), "e": b64u(n.e)}]}

    def is_member(self, ctx, sub):
        return sub in self.config["contexts"].get(ctx, {}).get("members", {})


class Handler(web.RequestHandler):
    def initialize(self, p):
        self.p = p

    def check_xsrf_cookie(self):
        return

    def prepare(self):
        self.p.requests.append((self.request.method, self.request.path))

    def send(self, status, body, content_type="application/json"):
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.finish(json.dumps(body) if not isinstance(body, str) else body)

    def refuse(self, status, reason, error=None, www=None):
        self.p.refusals.append({"endpoint": self.request.path, "status": status, "reason": reason})
        if www:
            self.set_header("WWW-Authenticate", www)
        self.send(status, {"error": error or "invalid_request", "error_description": reason})

    async def fault(self, name):
        """Apply an injected fault for this endpoint; True when the request was answered by it."""
        f = self.p.faults.get(name)
        if not f or f.get("times", 0) <= 0:
            return False
        f["times"] -= 1
        if f.get("hang"):
            await asyncio.sleep(f.get("seconds", 3600))
        self.p.refusals.append({"endpoint": self.request.path, "status": f.get("status", 500), "reason": "injected fault"})
        self.send(f.get("status", 500), {"error": "server_error", "error_description": "injected fault"})
        return True

    def bearer(self, allowed):
        """RFC 6750: a valid token holding one of `allowed` scopes, else the refusal is sent."""
        auth = self.request.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            self.refuse(401, "no bearer token", "invalid_token", 'Bearer error="invalid_token"')
            return None
        t = self.p.tokens.get(auth[7:].strip())
        if not t or t["exp"] < time.time():
            self.refuse(401, "unknown or expired token", "invalid_token", 'Bearer error="invalid_token"')
            return None
        if not set(t["scopes"]) & set(allowed):
            self.refuse(403, f"the token lacks {' or '.join(allowed)}", "insufficient_scope", 'Bearer error="insufficient_scope"')
            return None
        return t


class Jwks(Handler):
    """Security Framework 1.0 §6.3: the platform's key set, for tools to verify its id_tokens."""

    def get(self):
        self.send(200, self.p.jwks())


class StartLaunch(Handler):
    """Security Framework 1.0 §5.1.1.1 / LTI Core 1.3 §4.1: third-party initiated login to the tool."""

    def get(self):
        sub, ctx = self.get_argument("sub"), self.get_argument("context")
        if not self.p.is_member(ctx, sub):
            return self.refuse(404, f"{sub} is not a member of {ctx}")
        hint = secrets.token_hex(8)
        self.p.hint_state[hint] = ctx
        q = {
            "iss": self.p.config["issuer"],
            "login_hint": sub,
            "target_link_uri": self.p.tool.get("targetLinkUri", ""),
            "lti_message_hint": hint,
            "client_id": self.p.tool["clientId"],
            "lti_deployment_id": self.p.tool["deploymentId"],
        }
        self.redirect(self.p.tool["loginUrl"] + "?" + urlencode(q))


class Authorize(Handler):
    """Security Framework 1.0 §5.1.1.2 (authentication request) and §5.1.1.3 (response: form_post of id_token and state)."""

    def get(self):
        a = {k: self.get_argument(k, "") for k in ("scope", "response_type", "client_id", "redirect_uri", "login_hint", "lti_message_hint", "state", "response_mode", "nonce", "prompt")}
        if a["scope"] != "openid" or a["response_type"] != "id_token" or a["response_mode"] != "form_post" or a["prompt"] != "none":
            return self.refuse(400, f"not an LTI authentication request: {a}")
        if a["client_id"] != self.p.tool["clientId"]:
            return self.refuse(400, "unknown client_id", "unauthorized_client")
        if a["redirect_uri"] not in self.p.tool["redirectUris"]:
            return self.refuse(400, f"redirect_uri {a['redirect_uri']} is not registered")
        if not a["nonce"]:
            return self.refuse(400, "no nonce")
        ctx = self.p.hint_state.pop(a["lti_message_hint"], None)
        if ctx is None or not self.p.is_member(ctx, a["login_hint"]):
            return self.refuse(400, "login_hint/lti_message_hint do not name a launch this platform started", "login_required")
        token = self.p.sign(self.p.claims(a["login_hint"], ctx, nonce=a["nonce"]))
        self.set_header("Content-Type", "text/html")
        self.finish(
            f'<form id="f" method="post" action="{html.escape(a["redirect_uri"])}">'
            f'<input type="hidden" name="id_token" value="{html.escape(token)}">'
            f'<input type="hidden" name="state" value="{html.escape(a["state"])}"></form>'
            '<script>document.getElementById("f").submit()</script>'
        )


class Token(Handler):
    """Security Framework 1.0 §4.1: client credentials grant, client authenticated by a JWT (RFC 7523 §3)."""

    async def post(self):
        if await self.fault("token"):
            return
        args = dict(parse_qsl(self.request.body.decode()))
        if args.get("grant_type") != "client_credentials":
            return self.refuse(400, "grant_type must be client_credentials", "unsupported_grant_type")
        if args.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            return self.refuse(400, "client_assertion_type must be jwt-bearer", "invalid_client")
        assertion = args.get("client_assertion", "")
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError as e:
            return self.refuse(401, f"the client assertion is not a JWT: {e}", "invalid_client")
        if header.get("alg") != "RS256":
            return self.refuse(401, f"alg {header.get('alg')} is not RS256", "invalid_client")
        # The tool's public key, from its key set URL (fetched for every request: no stale key).
        try:
            resp = await AsyncHTTPClient().fetch(self.p.tool["jwksUrl"], request_timeout=10)
            keyset = json.loads(resp.body)
        except Exception as e:  # noqa: BLE001
            return self.refuse(401, f"cannot read the tool's key set {self.p.tool['jwksUrl']}: {e}", "invalid_client")
        match = [k for k in keyset.get("keys", []) if k.get("kid") == header.get("kid")]
        if len(match) != 1:
            return self.refuse(401, f"no key {header.get('kid')!r} in the tool's key set", "invalid_client")
        try:
            key = jwt.PyJWK(match[0]).key
            claims = jwt.decode(assertion, key, algorithms=["RS256"], audience=self.p.token_url(), options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]}, leeway=5)
        except jwt.PyJWTError as e:
            return self.refuse(401, f"the client assertion does not verify: {e}", "invalid_client")
        client = self.p.tool["clientId"]
        if claims["iss"] != client or claims["sub"] != client:
            return self.refuse(401, f"iss and sub must be the client id {client}", "invalid_client")
        if claims["exp"] > time.time() + 3600:
            return self.refuse(401, "the assertion lives longer than an hour", "invalid_client")
        if claims["jti"] in self.p.jtis:
            return self.refuse(401, f"jti {claims['jti']} was used before (replay)", "invalid_grant")
        self.p.jtis.add(claims["jti"])
        wanted = set(args.get("scope", "").split())
        granted = wanted & set(self.p.config["grantedScopes"])
        if not granted:
            return self.refuse(400, f"none of the scopes {sorted(wanted)} is granted to this tool", "invalid_scope")
        token = secrets.token_urlsafe(24)
        self.p.tokens[token] = {"scopes": sorted(granted), "exp": time.time() + 3600, "client": client}
        self.set_header("Cache-Control", "no-store")
        self.send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": " ".join(sorted(granted))})


def _item_view(item):
    return {k: v for k, v in item.items() if k != "context"}


class Container(Handler):
    """AGS 2.0 §3.2: the line item container of a context (GET list, POST create)."""

    async def get(self, ctx):
        if await self.fault("lineitems"):
            return
        if not self.bearer([S_LINEITEM, S_LINEITEM_RO]):
            return
        items = [i for i in self.p.lineitems.values() if i["context"] == ctx]
        if not self.p.config["ignoreFilters"]:
            for arg, field in (("resource_id", "resourceId"), ("tag", "tag"), ("resource_link_id", "resourceLinkId")):
                if self.get_argument(arg, None) is not None:
                    items = [i for i in items if i.get(field) == self.get_argument(arg)]
        size = self.p.config["pageSize"]
        if self.get_argument("limit", None):
            size = max(1, min(size, int(self.get_argument("limit"))))
        page = int(self.get_argument("page", "1"))
        chunk = items[(page - 1) * size : page * size]
        if page * size < len(items):
            parts = urlsplit(self.p.base + self.request.uri)
            q = [(k, v) for k, v in parse_qsl(parts.query) if k != "page"] + [("page", str(page + 1))]
            self.set_header("Link", f'<{urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(q), ""))}>; rel="next"')
        body = [_item_view(i) for i in chunk]
        if self.p.config["containerMode"] == "object" and len(body) == 1:
            body = body[0]
        self.send(200, body, CONTAINER)

    async def post(self, ctx):
        if await self.fault("lineitems"):
            return
        if not self.bearer([S_LINEITEM]):
            return
        if self.request.headers.get("Content-Type", "").split(";")[0].strip() != LINEITEM:
            return self.refuse(415, f"a line item is {LINEITEM}")
        try:
            item = json.loads(self.request.body)
        except ValueError:
            return self.refuse(400, "not JSON")
        if not isinstance(item.get("label"), str) or not item["label"]:
            return self.refuse(400, "label is required")
        if not isinstance(item.get("scoreMaximum"), (int, float)) or item["scoreMaximum"] <= 0:
            return self.refuse(400, "scoreMaximum must be a number > 0")
        item_id = f"{self.p.context_url(ctx)}/{self.p.next_item}"
        self.p.next_item += 1
        stored = {k: item[k] for k in ("label", "scoreMaximum", "resourceId", "tag", "resourceLinkId") if k in item}
        self.p.lineitems[item_id] = {"id": item_id, **stored, "context": ctx}
        self.send(201, _item_view(self.p.lineitems[item_id]), LINEITEM)


class Item(Handler):
    """AGS 2.0 §3.2: one line item (GET, PUT)."""

    def get(self, ctx, n):
        item = self.p.lineitems.get(f"{self.p.context_url(ctx)}/{n}")
        if not self.bearer([S_LINEITEM, S_LINEITEM_RO]):
            return
        if item is None:
            return self.refuse(404, "no such line item")
        self.send(200, _item_view(item), LINEITEM)

    def put(self, ctx, n):
        key = f"{self.p.context_url(ctx)}/{n}"
        if not self.bearer([S_LINEITEM]):
            return
        if key not in self.p.lineitems:
            return self.refuse(404, "no such line item")
        item = json.loads(self.request.body)
        if not isinstance(item.get("scoreMaximum"), (int, float)) or item["scoreMaximum"] <= 0 or not item.get("label"):
            return self.refuse(400, "label and scoreMaximum > 0 are required")
        self.p.lineitems[key].update({k: item[k] for k in ("label", "scoreMaximum", "resourceId", "tag") if k in item})
        self.send(200, _item_view(self.p.lineitems[key]), LINEITEM)


class Scores(Handler):
    """AGS 2.0 §3.4: the score publish service (POST application/vnd.ims.lis.v1.score+json)."""

    async def post(self, ctx, n):
        if await self.fault("scores"):
            return
        if not self.bearer([S_SCORE]):
            return
        key = f"{self.p.context_url(ctx)}/{n}"
        if key not in self.p.lineitems:
            return self.refuse(404, "no such line item")
        if self.request.headers.get("Content-Type", "").split(";")[0].strip() != SCORE:
            return self.refuse(415, f"a score is {SCORE}")
        try:
            s = json.loads(self.request.body)
        except ValueError:
            return self.refuse(400, "not JSON")
        for field in ("userId", "timestamp", "activityProgress", "gradingProgress"):
            if field not in s:
                return self.refuse(400, f"{field} is required")
        if s["activityProgress"] not in ("Initialized", "Started", "InProgress", "Submitted", "Completed"):
            return self.refuse(400, "activityProgress is not one of the AGS values")
        if s["gradingProgress"] not in ("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"):
            return self.refuse(400, "gradingProgress is not one of the AGS values")
        if "scoreGiven" in s and s["scoreGiven"] is not None:
            if not isinstance(s["scoreGiven"], (int, float)) or s["scoreGiven"] < 0:
                return self.refuse(400, "scoreGiven must be a number >= 0")
            if not isinstance(s.get("scoreMaximum"), (int, float)) or s["scoreMaximum"] <= 0:
                return self.refuse(400, "scoreMaximum must be present (> 0) with scoreGiven")
        try:
            ts = datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00"))
            if ts.tzinfo is None:
                raise ValueError("no offset")
        except (ValueError, AttributeError):
            return self.refuse(400, "timestamp is not ISO 8601 with an offset")
        if not self.p.is_member(ctx, s["userId"]):
            return self.refuse(400, f"user {s['userId']} is not a member of {ctx}")
        last = self.p.results.get((key, s["userId"]))
        if last and datetime.fromisoformat(last["timestamp"].replace("Z", "+00:00")) >= ts:
            return self.refuse(409, "the platform has a score with this or a later timestamp")
        record = {**s, "lineitem": key, "context": ctx}
        self.p.scores.append(record)
        self.p.results[(key, s["userId"])] = record
        self.set_status(200)
        self.finish()


class Results(Handler):
    """AGS 2.0 §3.3: the result service (GET, result.readonly)."""

    def get(self, ctx, n):
        if not self.bearer([S_RESULT_RO]):
            return
        key = f"{self.p.context_url(ctx)}/{n}"
        out = [
            {"id": f"{key}/results/{hashlib.sha1(u.encode()).hexdigest()[:8]}", "scoreOf": key, "userId": u, "resultScore": r.get("scoreGiven"), "resultMaximum": r.get("scoreMaximum"), "timestamp": r["timestamp"]}
            for (item, u), r in sorted(self.p.results.items())
            if item == key
        ]
        self.send(200, out, RESULTS)


class Control(Handler):
    """Test control: faults, settings, what the platform holds, claims of a launch."""

    def get(self, what):
        if what == "state":
            self.send(
                200,
                {
                    "lineitems": [_item_view(i) | {"context": i["context"]} for i in self.p.lineitems.values()],
                    "scores": self.p.scores,
                    "results": [dict(v) for v in self.p.results.values()],
                    "refusals": self.p.refusals,
                    "tokens": len(self.p.tokens),
                    "requests": self.p.requests,
                    "faults": self.p.faults,
                },
            )
        else:
            self.send(404, {"error": "unknown"})

    def post(self, what):
        data = json.loads(self.request.body or b"{}")
        if what == "config":
            for k, v in data.items():
                if k == "faults":
                    self.p.faults.update(v)
                else:
                    self.p.config[k] = v
            self.send(200, {"ok": True})
        elif what == "claims":
            self.send(200, self.p.claims(data["sub"], data["context"]))
        elif what == "lineitem":
            item_id = f"{self.p.context_url(data['context'])}/{self.p.next_item}"
            self.p.next_item += 1
            self.p.lineitems[item_id] = {"id": item_id, **{k: v for k, v in data.items() if k != "context"}, "context": data["context"]}
            self.send(200, _item_view(self.p.lineitems[item_id]))
        else:
            self.send(404, {"error": "unknown"})


def make_app(p):
    a = {"p": p}
    return web.Application(
        [
            (r"/jwks", Jwks, a),
            (r"/launch", StartLaunch, a),
            (r"/auth", Authorize, a),
            (r"/token", Token, a),
            (r"/contexts/([^/]+)/lineitems", Container, a),
            (r"/contexts/([^/]+)/lineitems/(\d+)", Item, a),
            (r"/contexts/([^/]+)/lineitems/(\d+)/scores", Scores, a),
            (r"/contexts/([^/]+)/lineitems/(\d+)/results", Results, a),
            (r"/_control/(\w+)", Control, a),
        ]
    )


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    with open(args.config, encoding="utf-8") as f:
        config = json.load(f)
    p = Platform(config)
    sockets = bind_sockets(args.port, "127.0.0.1")
    port = sockets[0].getsockname()[1]
    p.base = f"http://127.0.0.1:{port}"
    if p.config.get("issuer") in (None, "", "auto"):
        p.config["issuer"] = p.base
    HTTPServer(make_app(p)).add_sockets(sockets)
    print(f"LTI_PLATFORM_LISTENING {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
