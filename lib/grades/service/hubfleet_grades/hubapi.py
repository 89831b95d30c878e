"""The hub's REST API (JupyterHub 5.5): who a caller's token belongs to, and users' auth state.

Identifying a caller is what jupyterhub.services.auth.HubAuth does (JupyterHub 5.5
jupyterhub/services/auth.py `user_for_token`): GET `<api>/user` with the caller's own token; the
answer is the token owner's model with the token's `scopes`. The caller may use the service when
the token holds `access:services!service=<name>` or the unfiltered `access:services`
(`HubAuthenticated.hub_scopes`, jupyterhub/scopes.py filters). JupyterHub itself is not imported:
the service needs nothing of it but these requests.

Reading auth state (the catch-up from launches the service missed) needs the service's role
scopes `list:users` (GET `<api>/users`, paged with `offset`/`limit`,
jupyterhub/apihandlers/users.py `UserListAPIHandler`) and `admin:auth_state` (GET
`<api>/users/<name>` includes `auth_state`, `UserAPIHandler.get`).
"""
import hashlib
import json
import time
from urllib.parse import quote, urlencode

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

PAGE = 200


class HubApi:
    def __init__(self, settings, client=None, cache_seconds=60):
        self.settings = settings
        self.http = client or AsyncHTTPClient()
        self.cache_seconds = cache_seconds
        self._cache = {}

    async def _get(self, path, token, query=None, accept="application/json"):
        url = self.settings.hub_api_url + path + (("?" + urlencode(query)) if query else "")
        req = HTTPRequest(url, headers={"Authorization": f"token {token}", "Accept": accept}, connect_timeout=10, request_timeout=30)
        resp = await self.http.fetch(req)
        return json.loads(resp.body)

    async def identify(self, token):
        """The user model of the token's owner (with `scopes`), or None for an invalid token."""
        key = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
        hit = self._cache.get(key)
        if hit and hit[1] > time.monotonic():
            return hit[0]
        try:
            model = await self._get("user", token)
        except HTTPClientError as e:
            if e.code in (401, 403, 404):
                model = None
            else:
                raise
        self._cache[key] = (model, time.monotonic() + self.cache_seconds)
        return model

    def may_use(self, model):
        """Does the token hold access to this service?"""
        if not model:
            return False
        wanted = f"access:services!service={self.settings.service_name}"
        scopes = set(model.get("scopes") or [])
        return wanted in scopes or "access:services" in scopes

    async def usernames(self):
        """Every user's name, following the hub's pagination (`_pagination.next`)."""
        names, offset = [], 0
        for _ in range(10000):
            page = await self._get("users", self.settings.api_token, {"offset": offset, "limit": PAGE}, accept="application/jupyterhub-pagination+json")
            items = page.get("items", []) if isinstance(page, dict) else page
            names.extend(u["name"] for u in items if isinstance(u, dict) and u.get("name"))
            nxt = (page.get("_pagination") or {}).get("next") if isinstance(page, dict) else None
            if not nxt or not items:
                return names
            offset = int(nxt.get("offset", offset + len(items)))
        return names

    async def auth_state(self, name):
        model = await self._get(f"users/{quote(name, safe='')}", self.settings.api_token)
        return model.get("auth_state") or {}
