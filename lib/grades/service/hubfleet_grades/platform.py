"""The platform's side: an access token, the line item of an assignment, one score per student.

Written against:
- IMS Security Framework 1.0 §4.1 (client credentials grant with a JWT client assertion, RFC 7523):
  POST to the token endpoint, form-encoded, `grant_type=client_credentials`,
  `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`,
  `client_assertion=<JWT>`, `scope=<space separated>`; the answer is an RFC 6749 §5.1 token
  response (`access_token`, `token_type` bearer, `expires_in`, `scope`) and services are called with
  `Authorization: Bearer` (RFC 6750 §2.1).
- LTI AGS 2.0 §3.2 (line item service): GET on the container (`application/vnd.ims.lis.v2.lineitemcontainer+json`)
  with the `resource_id` filter and paging by the `Link` header's `rel="next"` (RFC 8288); POST of
  one line item (`application/vnd.ims.lis.v2.lineitem+json`: `label`, `scoreMaximum`, `resourceId`,
  `tag`) answered 201 with the item and its `id` (its URL); PUT to the item's URL to change it.
  The container is a JSON array; some platforms answer a single object when one item matches
  (both are read).
- LTI AGS 2.0 §3.4 (score publish service): POST `application/vnd.ims.lis.v1.score+json` to the
  line item URL with `/scores` appended to its path (query kept), with `userId` (the LTI `sub`),
  `scoreGiven`, `scoreMaximum`, `timestamp`, `activityProgress` and `gradingProgress`.

Every URL the access token goes to must be https on an allowed host (settings.url_allowed).
"""
import json
import re
import time
from urllib.parse import urlencode, urlsplit, urlunsplit

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from . import keys
from .launches import SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, SCOPE_SCORE

LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
RESOURCE_PREFIX = "nbgrader:"
TAG = "nbgrader"
MAX_PAGES = 100


class PlatformError(Exception):
    """A call to the platform failed. `retry`: a later attempt may work (timeouts, 5xx, 429, 401)."""

    def __init__(self, detail, status=None, retry=True):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.retry = retry


class NotAllowed(PlatformError):
    """The platform gave a URL the service will not send its token to."""

    def __init__(self, url, what):
        super().__init__(f"the platform's {what} URL {url!r} is not https on an allowed host (grades.serviceHosts)", retry=False)


def scores_url(lineitem_url):
    """AGS 2.0 §3.4: the scores endpoint is the line item URL with /scores appended to its path."""
    parts = urlsplit(lineitem_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/scores", parts.query, ""))


LINK_VALUE = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,]+)*)')
LINK_PARAM = re.compile(r';\s*([!#$&+\-.^_`|~\w]+)\s*=\s*("[^"]*"|[^;,\s]+)')


def next_link(header):
    """The `rel="next"` target of a Link header (RFC 8288 §3), or None."""
    if not header:
        return None
    for m in LINK_VALUE.finditer(header):
        for name, value in LINK_PARAM.findall(m.group(2)):
            if name.lower() == "rel" and "next" in value.strip('"').lower().split():
                return m.group(1)
    return None


def _describe(e, url):
    body = ""
    if isinstance(e, HTTPClientError) and e.response is not None and e.response.body:
        body = e.response.body[:300].decode("utf-8", "replace").strip()
    if isinstance(e, HTTPClientError) and e.code == 599:
        return f"no answer from {url} ({e.message})"
    if isinstance(e, HTTPClientError):
        return f"{url} answered {e.code} {e.message}" + (f": {body}" if body else "")
    return f"{url}: {e}"


def _classify(e, url):
    if isinstance(e, HTTPClientError):
        code = e.code
        if code == 599 or code >= 500 or code in (401, 408, 425, 429):
            return PlatformError(_describe(e, url), status=None if code == 599 else code, retry=True)
        return PlatformError(_describe(e, url), status=code, retry=False)
    return PlatformError(_describe(e, url), retry=True)


class Platform:
    def __init__(self, settings, key, client=None):
        self.settings = settings
        self.key = key
        self.http = client or AsyncHTTPClient()
        self._tokens = {}

    def _check(self, url, what):
        if not self.settings.url_allowed(url):
            raise NotAllowed(url, what)

    async def _fetch(self, url, what, **kw):
        self._check(url, what)
        timeout = self.settings.request_timeout_seconds
        req = HTTPRequest(url, connect_timeout=min(timeout, 10), request_timeout=timeout, follow_redirects=False, **kw)
        try:
            return await self.http.fetch(req)
        except Exception as e:  # noqa: BLE001 - every failure is classified and kept
            raise _classify(e, url) from e

    # --- token ------------------------------------------------------------------------------------

    async def token(self, client_id, scopes, now=None):
        """A bearer token for these scopes, cached until a minute before it expires."""
        now = time.time() if now is None else now
        cache_key = (client_id, tuple(sorted(scopes)))
        cached = self._tokens.get(cache_key)
        if cached and cached[1] - 60 > now:
            return cached[0]
        assertion = keys.client_assertion(self.key, client_id, self.settings.token_audience, now)
        body = urlencode(
            {
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": assertion,
                "scope": " ".join(sorted(scopes)),
            }
        )
        resp = await self._fetch(self.settings.token_url, "token", method="POST", body=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        try:
            answer = json.loads(resp.body)
            token = answer["access_token"]
            lifetime = float(answer.get("expires_in") or 3600)
        except (ValueError, KeyError, TypeError) as e:
            raise PlatformError(f"the token endpoint {self.settings.token_url} answered without an access_token ({e})") from e
        if str(answer.get("token_type", "bearer")).lower() != "bearer":
            raise PlatformError(f"the token endpoint gave a {answer.get('token_type')!r} token, not a bearer token", retry=False)
        self._tokens[cache_key] = (token, now + lifetime)
        return token

    def forget_token(self, client_id, scopes):
        self._tokens.pop((client_id, tuple(sorted(scopes))), None)

    # --- line items -------------------------------------------------------------------------------

    async def find_lineitem(self, token, container_url, resource_id):
        """The line item with this resourceId in the container (all pages), or None."""
        parts = urlsplit(container_url)
        query = (parts.query + "&" if parts.query else "") + urlencode({"resource_id": resource_id})
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
        seen = set()
        for _ in range(MAX_PAGES):
            if url in seen:
                break
            seen.add(url)
            resp = await self._fetch(url, "line items", headers={"Authorization": f"Bearer {token}", "Accept": CONTAINER})
            try:
                data = json.loads(resp.body)
            except ValueError as e:
                raise PlatformError(f"{url} answered with something that is not JSON ({e})") from e
            items = data if isinstance(data, list) else [data] if isinstance(data, dict) and data.get("id") else []
            for item in items:
                # Platforms need not honour the filter (it is a "should"): match on the item itself.
                if isinstance(item, dict) and item.get("resourceId") == resource_id and isinstance(item.get("id"), str):
                    return item
            url = next_link(resp.headers.get("Link"))
            if not url:
                return None
        raise PlatformError(f"the line item container {container_url} pages on past {MAX_PAGES} pages", retry=False)

    async def create_lineitem(self, token, container_url, label, resource_id, score_maximum):
        body = json.dumps({"label": label, "scoreMaximum": score_maximum, "resourceId": resource_id, "tag": TAG})
        resp = await self._fetch(container_url, "line items", method="POST", body=body, headers={"Authorization": f"Bearer {token}", "Content-Type": LINEITEM, "Accept": LINEITEM})
        try:
            item = json.loads(resp.body)
            if not isinstance(item.get("id"), str):
                raise ValueError("no id")
        except (ValueError, AttributeError) as e:
            raise PlatformError(f"{container_url} created a line item but its answer has no id ({e})", retry=False) from e
        return item

    async def update_lineitem(self, token, item, score_maximum):
        body = json.dumps({**{k: v for k, v in item.items() if k in ("id", "label", "resourceId", "tag", "resourceLinkId", "startDateTime", "endDateTime")}, "scoreMaximum": score_maximum})
        await self._fetch(item["id"], "line item", method="PUT", body=body, headers={"Authorization": f"Bearer {token}", "Content-Type": LINEITEM, "Accept": LINEITEM})

    # --- scores -----------------------------------------------------------------------------------

    async def post_score(self, token, lineitem_url, sub, score_given, score_maximum, timestamp):
        body = json.dumps(
            {
                "userId": sub,
                "scoreGiven": score_given,
                "scoreMaximum": score_maximum,
                "timestamp": timestamp,
                "activityProgress": "Completed",
                "gradingProgress": "FullyGraded",
            }
        )
        url = scores_url(lineitem_url)
        return await self._fetch(url, "scores", method="POST", body=body, headers={"Authorization": f"Bearer {token}", "Content-Type": SCORE})


def needed_scopes(granted):
    """The scopes to ask for: scores, and managing line items when the platform allows it."""
    granted = set(granted)
    wanted = {SCOPE_SCORE}
    if SCOPE_LINEITEM in granted:
        wanted.add(SCOPE_LINEITEM)
    elif SCOPE_LINEITEM_READONLY in granted:
        wanted.add(SCOPE_LINEITEM_READONLY)
    return wanted & granted if SCOPE_SCORE in granted else set()
