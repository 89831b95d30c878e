/**
 * Throttled password logins (issue 17, item 3): the one-time-password, LDAP and shared-password
 * logins of exam and grading hubs delay and then refuse repeated failures, per account and per
 * client address, before any password is checked.
 *
 * - Per account (the name as typed, normalized as JupyterHub normalizes it; unknown names are counted
 *   the same, so the answer tells nothing about which names exist): 5 failures are free; after that
 *   an attempt is admitted only 60 s after the last failure, so a guesser gets at most one guess a
 *   minute, one at a time (while it is being checked, the others wait for its outcome). Attempts
 *   refused meanwhile are not counted (they cannot keep the owner out longer).
 *   Failures older than 15 minutes are forgotten.
 * - Per client address (the address the ingress reports, lib/hub/hub/client-range.ts; only on hubs that
 *   check client ranges, where that address is known to be the client's): the same with 50 free
 *   failures, against one device trying many names.
 * - Every failure and every refusal is answered after 1 s (the hub waits without holding a CPU), so
 *   one client cannot hammer; a refusal is `429 Too Many Requests` with `Retry-After` and JupyterHub's
 *   error page saying when to try again, and a log line.
 * - In memory: a hub restart forgets the counts (a restart takes longer than the lock, and the
 *   passwords are not guessable: the throttle is there so that guessing cannot stall the hub). At
 *   most 100,000 names and addresses are kept; beyond that the longest quiet ones go.
 *
 * Wired at `jupyterhub.auth.Authenticator.get_authenticated_user` (JupyterHub 5.5 jupyterhub/auth.py:
 * `LoginHandler.post` → `BaseHandler.login_user` → `authenticate` → `get_authenticated_user`), so it
 * holds for whichever password authenticator the hub uses. The one-time-password authenticator also
 * caps concurrent scrypt checks (lib/exam/one-time-passwords.ts, `hubfleet_hash`).
 */

/** The throttle's numbers (rendered into the hub; the bench measures them, test/bench/login-throttle.ts). */
export const LOGIN_THROTTLE = {
  /** Failures per account before attempts wait for the lock. */
  accountFreeFailures: 5,
  /** Failures per client address before attempts wait for the lock. */
  addressFreeFailures: 50,
  /** After the free failures, an attempt is admitted this long after the last failure. */
  lockSeconds: 60,
  /** Failures older than this are forgotten. */
  windowSeconds: 900,
  /** Failures and refusals are answered after this. */
  delaySeconds: 1,
  /** Names and addresses kept at most. */
  maxKeys: 100000,
} as const;

/** The throttle (stdlib, `jupyterhub.auth.Authenticator` and `tornado.web` only); tested on its own. */
export function loginThrottlePython(t: typeof LOGIN_THROTTLE = LOGIN_THROTTLE): string {
  return [
    'import asyncio as _hubfleet_throttle_asyncio',
    'import collections as _hubfleet_throttle_collections',
    'import math as _hubfleet_throttle_math',
    'import time as _hubfleet_throttle_time',
    'from jupyterhub.auth import Authenticator as _HubfleetThrottleAuthenticator',
    'from tornado import web as _hubfleet_throttle_web',
    '',
    `HUBFLEET_THROTTLE_DELAY_SECONDS = ${t.delaySeconds}`,
    '# The throttle\'s clock (a name of its own, so a test can move it without moving asyncio\'s).',
    'HUBFLEET_THROTTLE_CLOCK = _hubfleet_throttle_time.monotonic',
    '',
    '',
    'class HubfleetLoginThrottle:',
    '    """Recent failed logins per key (an account name, a client address), and the checks in flight, in memory."""',
    '',
    `    def __init__(self, free, lock_seconds=${t.lockSeconds}, window_seconds=${t.windowSeconds}, max_keys=${t.maxKeys}):`,
    '        self.free, self.lock, self.window, self.max_keys = free, lock_seconds, window_seconds, max_keys',
    '        self.failures = {}',
    '        self.checking = {}',
    '',
    '    def _recent(self, key, now):',
    '        times = self.failures.get(key)',
    '        while times and now - times[0] > self.window:',
    '            times.popleft()',
    '        return times or ()',
    '',
    '    def wait(self, key, now):',
    '        """Seconds until an attempt for key would be admitted (0: now). Past the free failures, one',
    '        attempt at a time: while one is being checked, the others wait for its outcome."""',
    '        times = self._recent(key, now)',
    '        checking = self.checking.get(key, 0)',
    '        if len(times) + checking < self.free:',
    '            return 0',
    '        if checking:',
    '            return self.lock',
    '        return max(0.0, times[-1] + self.lock - now)',
    '',
    '    def admit(self, key, now):',
    '        """0 and the attempt counts as being checked, or the seconds to wait."""',
    '        wait = self.wait(key, now)',
    '        if wait <= 0:',
    '            self.checking[key] = self.checking.get(key, 0) + 1',
    '        return wait',
    '',
    '    def settle(self, key, outcome, now):',
    '        """The checked attempt\'s outcome: "failed", "succeeded" or None (neither: an error)."""',
    '        left = self.checking.get(key, 1) - 1',
    '        if left > 0:',
    '            self.checking[key] = left',
    '        else:',
    '            self.checking.pop(key, None)',
    '        if outcome == "failed":',
    '            self.failed(key, now)',
    '        elif outcome == "succeeded":',
    '            self.failures.pop(key, None)',
    '',
    '    def failed(self, key, now):',
    '        times = self.failures.get(key)',
    '        if times is None:',
    '            if len(self.failures) >= self.max_keys:',
    '                self._forget(now)',
    '            times = self.failures[key] = _hubfleet_throttle_collections.deque(maxlen=self.free)',
    '        times.append(now)',
    '',
    '    def _forget(self, now):',
    '        """Drop keys with no recent failure; if that is not enough, the longest quiet half."""',
    '        for key in [k for k, v in self.failures.items() if not v or now - v[-1] > self.window]:',
    '            del self.failures[key]',
    '        if len(self.failures) >= self.max_keys:',
    '            for key in sorted(self.failures, key=lambda k: self.failures[k][-1])[: len(self.failures) // 2]:',
    '                del self.failures[key]',
    '',
    '',
    `HUBFLEET_THROTTLE_ACCOUNTS = HubfleetLoginThrottle(${t.accountFreeFailures})`,
    `HUBFLEET_THROTTLE_ADDRESSES = HubfleetLoginThrottle(${t.addressFreeFailures})`,
    '',
    '',
    'def hubfleet_throttle_address(handler):',
    '    """The client address as the ingress reported it, on hubs that check client ranges (else None)."""',
    '    find = globals().get("hubfleet_client_address")',
    '    if find is None:',
    '        return None',
    '    address = find(handler.request.headers.get("X-Forwarded-For"))',
    '    return None if address is None else str(address)',
    '',
    '',
    'def hubfleet_too_many_logins(seconds):',
    '    error = _hubfleet_throttle_web.HTTPError(429, "Too many failed logins for this account or from this device: try again in %d seconds.", seconds)',
    '    error.headers = {"Retry-After": str(seconds)}',
    '    return error',
    '',
    '',
    '_hubfleet_throttle_previous = _HubfleetThrottleAuthenticator.get_authenticated_user',
    '',
    '',
    'async def _hubfleet_throttled_get_authenticated_user(self, handler, data):',
    '    name = self.normalize_username(str((data or {}).get("username") or ""))[:256]',
    '    address = hubfleet_throttle_address(handler) if handler is not None else None',
    '    now = HUBFLEET_THROTTLE_CLOCK()',
    '    wait = HUBFLEET_THROTTLE_ACCOUNTS.admit(name, now)',
    '    if wait <= 0 and address:',
    '        wait = HUBFLEET_THROTTLE_ADDRESSES.admit(address, now)',
    '        if wait > 0:',
    '            HUBFLEET_THROTTLE_ACCOUNTS.settle(name, None, now)',
    '    if wait > 0:',
    '        seconds = int(_hubfleet_throttle_math.ceil(wait))',
    '        self.log.warning("login throttled for %r from %s: too many failed logins, the next try is admitted in %d s", name, address or "-", seconds)',
    '        await _hubfleet_throttle_asyncio.sleep(HUBFLEET_THROTTLE_DELAY_SECONDS)',
    '        raise hubfleet_too_many_logins(seconds)',
    '    outcome = None',
    '    try:',
    '        user = await _hubfleet_throttle_previous(self, handler, data)',
    '        outcome = "failed" if user is None else "succeeded"',
    '    finally:',
    '        now = HUBFLEET_THROTTLE_CLOCK()',
    '        HUBFLEET_THROTTLE_ACCOUNTS.settle(name, outcome, now)',
    '        if address:',
    '            HUBFLEET_THROTTLE_ADDRESSES.settle(address, outcome if outcome == "failed" else None, now)',
    '    if user is None:',
    '        await _hubfleet_throttle_asyncio.sleep(HUBFLEET_THROTTLE_DELAY_SECONDS)',
    '    return user',
    '',
    '',
    '_HubfleetThrottleAuthenticator.get_authenticated_user = _hubfleet_throttled_get_authenticated_user',
  ].join('\n');
}
