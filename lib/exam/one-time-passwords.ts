/**
 * One-time passwords for an exam: `hubfleet exam passwords` makes one user name and one random
 * password per seat, prints them on slips (an HTML sheet with print CSS, one slip per seat) and
 * seals only their salted hashes into a SealedSecret; the exam hub's own authenticator
 * (hubfleet's Python, rendered into jupyterhub_config.py) accepts each password once.
 *
 * Passwords: 12 characters from 31 that cannot be mistaken for each other on paper
 * (`abcdefghjkmnpqrstuvwxyz23456789`: no i, l, o, 0, 1), shown as `xxxx-xxxx-xxxx`; the hub
 * ignores case, spaces and dashes. 31^12 ≈ 2^59.4 guesses.
 *
 * Hashes: scrypt (RFC 7914) with N = 2^14, r = 8, p = 1, a 16-byte random salt and a 32-byte key,
 * the scrypt paper's parameters for interactive logins (16 MiB and about 50 ms per check): with
 * 59-bit random passwords an offline attack on a leaked hash list is out of reach, and 120
 * candidates logging in within a minute cost the hub a few seconds of CPU. Computed here with
 * node:crypto `scryptSync`, checked in the hub with Python's `hashlib.scrypt` (both OpenSSL's
 * EVP_PBE_scrypt); test/exam/one-time-passwords.test.ts proves both give the same key.
 *
 * The hash list (Secret key `hashes`), one line per seat:
 * `<user> $scrypt$ln=14,r=8,p=1$<salt base64>$<key base64>`.
 */
import * as crypto from 'node:crypto';
import { checkRules, Issue, PropRule } from '../core/errors';
import { AuthContext, CommonAuthOptions, HubAuth } from '../hub/auth';
import { PyConfig, PyExpr, PySet, pyString } from '../hub/hub/python';
import { isHttpsUrl, isPlainText, shellWord } from '../hub/value-rules';
import { ISecretKeyRef, SecretKeyRef } from '../secrets/secret-ref';

/** The password alphabet: lowercase letters and digits without i, l, o, 0, 1. */
export const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const PASSWORD_LENGTH = 12;
/** scrypt parameters (log2 N, r, p), key and salt length. */
export const SCRYPT = { logN: 14, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
/** Secret key of the hash list. */
export const HASHES_KEY = 'hashes';
/** Default name of the SealedSecret. */
export const PASSWORDS_SECRET = 'exam-passwords';
/** Where the hub keeps which passwords were used (the hub's volume, kept across restarts). */
export const USED_FILE = '/srv/jupyterhub/hubfleet-one-time-passwords-used.json';
/** Concurrent scrypt checks in the hub, and how many may wait (lib/hub/hub/login-throttle.ts). */
export const HASH_POOL = { workers: 1, queue: 32 } as const;
/** Most seats one hash list may hold (it reaches the hub as one environment variable, < 128 KiB). */
export const MAX_SEATS = 1000;

/** The user name of seat i (1-based): `<prefix>-001`. */
export function seatUser(prefix: string, i: number, count: number): string {
  return `${prefix}-${String(i).padStart(Math.max(3, String(count).length), '0')}`;
}

/** Every user name of a sheet. */
export function seatUsers(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => seatUser(prefix, i + 1, count));
}

/** A random password (crypto.randomInt: uniform over the alphabet). */
export function randomPassword(random: (n: number) => number = (n) => crypto.randomInt(n)): string {
  let s = '';
  for (let i = 0; i < PASSWORD_LENGTH; i++) s += PASSWORD_ALPHABET[random(PASSWORD_ALPHABET.length)];
  return s;
}

/** How a password is printed: `abcd-efgh-jkmn`. */
export function printedPassword(p: string): string {
  return p.match(/.{1,4}/g)!.join('-');
}

/** What the hub compares: lowercase, without spaces and dashes (the same in the Python authenticator). */
export function normalizePassword(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]+/g, '');
}

/** The hash line entry of one password (random salt unless given). */
export function hashPassword(password: string, salt: Buffer = crypto.randomBytes(SCRYPT.saltLength)): string {
  const key = crypto.scryptSync(Buffer.from(normalizePassword(password), 'utf8'), salt, SCRYPT.keyLength, { N: 2 ** SCRYPT.logN, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return `$scrypt$ln=${SCRYPT.logN},r=${SCRYPT.r},p=${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Check a password against a hash entry (constant time). */
export function verifyPassword(password: string, entry: string): boolean {
  const m = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(entry);
  if (!m) return false;
  const key = Buffer.from(m[5], 'base64');
  const got = crypto.scryptSync(Buffer.from(normalizePassword(password), 'utf8'), Buffer.from(m[4], 'base64'), key.length, { N: 2 ** Number(m[1]), r: Number(m[2]), p: Number(m[3]), maxmem: 64 * 1024 * 1024 });
  return crypto.timingSafeEqual(got, key);
}

/** One seat's credentials (the plaintext only ever goes onto the sheet). */
export interface SeatCredential {
  readonly user: string;
  readonly password: string;
  /** A supervisor's password works more than once (test runs, releasing and collecting). @default false */
  readonly supervisor?: boolean;
}

/** The supervisors' user names: `<prefix>-s01` … */
export function supervisorUsers(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-s${String(i + 1).padStart(2, '0')}`);
}

/** Make the credentials of a sheet: one per seat, then the supervisors'. */
export function makeCredentials(prefix: string, count: number, random?: (n: number) => number, supervisors = 0): SeatCredential[] {
  return [...seatUsers(prefix, count).map((user) => ({ user, password: randomPassword(random) })), ...supervisorUsers(prefix, supervisors).map((user) => ({ user, password: randomPassword(random), supervisor: true }))];
}

/** The hash list the SealedSecret holds (supervisors' passwords marked `reusable`). */
export function hashList(creds: readonly SeatCredential[], salt?: (i: number) => Buffer): string {
  return [
    `# hubfleet one-time passwords v1: scrypt N=2^${SCRYPT.logN} r=${SCRYPT.r} p=${SCRYPT.p}, ${SCRYPT.saltLength}-byte salt, ${SCRYPT.keyLength}-byte key (base64)`,
    ...creds.map((c, i) => `${c.user} ${hashPassword(c.password, salt?.(i))}${c.supervisor ? ' reusable' : ''}`),
    '',
  ].join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * What is wrong with the sheet's texts: the title and note are plain text (HTML keeps no control
 * character or line break as written: the parser turns CR into LF and drops NUL), the URL an https
 * URL or nothing. `hubfleet exam passwords` refuses them before it writes anything.
 */
export function sheetProblems(o: SheetOptions): string[] {
  return [
    ...(isPlainText(o.title, 200) ? [] : [`--title must be plain text of at most 200 characters, without control characters or line breaks (got ${JSON.stringify(String(o.title).slice(0, 80))})`]),
    ...(o.note === undefined || isPlainText(o.note, 500) ? [] : [`--note must be plain text of at most 500 characters, without control characters or line breaks (got ${JSON.stringify(String(o.note).slice(0, 80))})`]),
    ...(o.url === '' || isHttpsUrl(o.url) ? [] : [`--url must be the hub's https URL, e.g. https://exam.example.org/ (got ${JSON.stringify(String(o.url).slice(0, 80))})`]),
  ];
}

/** What the sheet shows besides the credentials. */
export interface SheetOptions {
  /** e.g. `Programming exam, 10 February 2026`. */
  readonly title: string;
  /** The hub's URL. */
  readonly url: string;
  /** A line for the candidates, e.g. the window. @default '' */
  readonly note?: string;
}

/**
 * The printable sheet: one slip per seat (8 per A4 page, cut lines), each with the exam, the URL,
 * the user name and the password in a monospace font. Print it, hand the slips out, destroy it.
 */
export function renderSheet(creds: readonly SeatCredential[], o: SheetOptions): string {
  const problems = sheetProblems(o);
  if (problems.length) throw new Error(`${problems.join('; ')}.`);
  const slips = creds
    .map(
      (c) => `<section class="slip${c.supervisor ? ' supervisor' : ''}"><h2>${esc(o.title)}${c.supervisor ? ' (supervisor)' : ''}</h2><p class="url">${esc(o.url)}</p><dl><dt>User name</dt><dd>${esc(c.user)}</dd><dt>Password</dt><dd>${esc(printedPassword(c.password))}</dd></dl><p class="note">${c.supervisor ? "A supervisor's password works more than once and outside the exam window: keep it safe." : `${esc(o.note ?? '')} The password works once: keep this slip until the exam ends.`}</p></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(o.title)}: one-time passwords</title>
<style>
@page { size: A4; margin: 10mm; }
body { font-family: system-ui, sans-serif; margin: 0; }
.warning { border: 2px solid #b00; padding: 4mm; margin-bottom: 4mm; }
.slips { display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
.slip { box-sizing: border-box; height: 66mm; padding: 5mm; border: 1px dashed #888; break-inside: avoid; page-break-inside: avoid; }
.slip h2 { font-size: 11pt; margin: 0 0 2mm; }
.slip .url { font-size: 9pt; margin: 0 0 3mm; word-break: break-all; }
.slip dl { display: grid; grid-template-columns: auto 1fr; gap: 1mm 4mm; margin: 0; }
.slip dt { font-size: 9pt; color: #444; }
.slip dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 15pt; letter-spacing: 0.05em; }
.slip .note { font-size: 8pt; margin: 3mm 0 0; }
@media print { .warning { display: none; } .slip:nth-child(8n) { break-after: page; page-break-after: always; } }
</style></head>
<body>
<p class="warning">${creds.length} one-time passwords in plain text. Print this page (one slip per seat, cut along the dashed lines), then delete this file. Never commit it.</p>
<div class="slips">
${slips}
</div>
</body></html>
`;
}

/** Options of {@link OneTimePasswords.auth}. */
export interface OneTimePasswordOptions extends CommonAuthOptions {
  /** The sealed hash list (`hubfleet exam passwords` makes it; key `hashes` of SealedSecret `exam-passwords`). */
  readonly hashes: ISecretKeyRef;
  /** User name prefix of the sheet (`<prefix>-001` …): lowercase letters, digits and `-`. */
  readonly prefix: string;
  /** Seats on the sheet. */
  readonly seats: number;
  /** Supervisors' passwords on the sheet (`<prefix>-s01` …: reusable, and they may log in outside the window). @default 0 */
  readonly supervisors?: number;
}

const PREFIX = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** The authenticator's Python (stdlib and JupyterHub's Authenticator only); tested on its own. */
export function oneTimePasswordPython(): string {
  return [
    'import asyncio as _hubfleet_asyncio',
    'import base64 as _hubfleet_base64',
    'import concurrent.futures as _hubfleet_futures',
    'import datetime as _hubfleet_datetime',
    'import hashlib as _hubfleet_hashlib',
    'import hmac as _hubfleet_hmac',
    'import json as _hubfleet_json',
    'import os as _hubfleet_os',
    'import re as _hubfleet_re',
    'import tempfile as _hubfleet_tempfile',
    'from jupyterhub.auth import Authenticator as _HubfleetAuthenticator',
    'from tornado import web as _HubfleetOtpWeb',
    '',
    `HUBFLEET_OTP_USED_FILE = ${pyString(USED_FILE)}`,
    'HUBFLEET_OTP_REUSABLE = set()',
    '_HUBFLEET_OTP_ENTRY = _hubfleet_re.compile(r"^\\$scrypt\\$ln=(\\d+),r=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+)$")',
    '',
    '',
    'def hubfleet_otp_normalize(typed):',
    '    """What the hashes are over: lowercase, without spaces and dashes (as the sheet prints it)."""',
    '    return _hubfleet_re.sub(r"[\\s-]+", "", (typed or "").lower())',
    '',
    '',
    'def hubfleet_otp_parse(text):',
    '    """The hash list: user -> entry (a trailing word reusable marks a supervisor password); comments skipped."""',
    '    out = {}',
    '    for line in (text or "").splitlines():',
    '        line = line.strip()',
    '        if not line or line.startswith("#"):',
    '            continue',
    '        user, entry, *flags = line.split()',
    '        if not _HUBFLEET_OTP_ENTRY.match(entry):',
    '            raise ValueError("hubfleet one-time passwords: bad hash entry for %s" % user)',
    '        if flags not in ([], ["reusable"]):',
    '            raise ValueError("hubfleet one-time passwords: unknown flags for %s" % user)',
    '        out[user] = entry',
    '        if flags:',
    '            HUBFLEET_OTP_REUSABLE.add(user)',
    '    return out',
    '',
    '',
    'def hubfleet_otp_verify(typed, entry):',
    '    """scrypt of the normalized password against the entry, compared in constant time."""',
    '    m = _HUBFLEET_OTP_ENTRY.match(entry)',
    '    if not m:',
    '        return False',
    '    key = _hubfleet_base64.b64decode(m.group(5))',
    '    got = _hubfleet_hashlib.scrypt(hubfleet_otp_normalize(typed).encode("utf-8"), salt=_hubfleet_base64.b64decode(m.group(4)), n=2 ** int(m.group(1)), r=int(m.group(2)), p=int(m.group(3)), maxmem=64 * 1024 * 1024, dklen=len(key))',
    '    return _hubfleet_hmac.compare_digest(got, key)',
    '',
    '',
    '# scrypt runs in the hub\'s one CPU: one check at a time in its own thread (hashlib releases the',
    '# GIL, the event loop keeps serving), at most HUBFLEET_HASH_QUEUE waiting; beyond that the login is',
    '# refused at once (429) instead of every login waiting behind a flood (lib/hub/hub/login-throttle.ts).',
    `HUBFLEET_HASH_WORKERS = ${HASH_POOL.workers}`,
    `HUBFLEET_HASH_QUEUE = ${HASH_POOL.queue}`,
    '_hubfleet_hash_executor = _hubfleet_futures.ThreadPoolExecutor(max_workers=HUBFLEET_HASH_WORKERS, thread_name_prefix="hubfleet-scrypt")',
    '_hubfleet_hash_waiting = 0',
    '',
    '',
    'async def hubfleet_hash(fn, *args):',
    '    """Run a password check in the bounded pool."""',
    '    global _hubfleet_hash_waiting',
    '    if _hubfleet_hash_waiting >= HUBFLEET_HASH_QUEUE:',
    '        error = _HubfleetOtpWeb.HTTPError(429, "The hub is checking many passwords at once: try again in a few seconds.")',
    '        error.headers = {"Retry-After": "5"}',
    '        raise error',
    '    _hubfleet_hash_waiting += 1',
    '    try:',
    '        return await _hubfleet_asyncio.get_running_loop().run_in_executor(_hubfleet_hash_executor, fn, *args)',
    '    finally:',
    '        _hubfleet_hash_waiting -= 1',
    '',
    '',
    'def hubfleet_otp_fingerprint(entry):',
    '    """Identifies one password (a new sheet for the same names makes them usable again)."""',
    '    return _hubfleet_hashlib.sha256(entry.encode("ascii")).hexdigest()[:16]',
    '',
    '',
    'class HubfleetOtpStore:',
    '    """Which passwords were used: a JSON file on the hub\'s volume, replaced atomically."""',
    '',
    '    def __init__(self, path):',
    '        self.path = path',
    '',
    '    def load(self):',
    '        try:',
    '            with open(self.path, encoding="utf-8") as f:',
    '                return _hubfleet_json.load(f)',
    '        except FileNotFoundError:',
    '            return {}',
    '',
    '    def used(self, user, fingerprint):',
    '        return self.load().get(user, {}).get("fingerprint") == fingerprint',
    '',
    '    def mark(self, user, fingerprint, when):',
    '        data = self.load()',
    '        data[user] = {"fingerprint": fingerprint, "used": when}',
    '        folder = _hubfleet_os.path.dirname(self.path) or "."',
    '        fd, tmp = _hubfleet_tempfile.mkstemp(prefix=".otp-used-", dir=folder)',
    '        try:',
    '            with _hubfleet_os.fdopen(fd, "w", encoding="utf-8") as f:',
    '                _hubfleet_json.dump(data, f, indent=1, sort_keys=True)',
    '                f.flush()',
    '                _hubfleet_os.fsync(f.fileno())',
    '            _hubfleet_os.replace(tmp, self.path)',
    '        except BaseException:',
    '            _hubfleet_os.unlink(tmp)',
    '            raise',
    '        dfd = _hubfleet_os.open(folder, _hubfleet_os.O_RDONLY)',
    '        try:',
    '            _hubfleet_os.fsync(dfd)',
    '        finally:',
    '            _hubfleet_os.close(dfd)',
    '',
    '',
    'class HubfleetOneTimePasswordAuthenticator(_HubfleetAuthenticator):',
    '    """Each seat\'s password works once; the used state survives restarts (hubfleet, lib/exam/one-time-passwords.ts)."""',
    '',
    '    hubfleet_hashes = {}',
    '    hubfleet_store = HubfleetOtpStore(HUBFLEET_OTP_USED_FILE)',
    '    _hubfleet_lock = None',
    '',
    '    async def authenticate(self, handler, data):',
    '        data = data or {}',
    '        user = self.normalize_username(data.get("username") or "")',
    '        entry = self.hubfleet_hashes.get(user)',
    '        # Unknown users cost the same scrypt, so timing does not tell which names exist.',
    '        check = entry or "$scrypt$ln=14,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="',
    '        ok = await hubfleet_hash(hubfleet_otp_verify, data.get("password") or "", check)',
    '        if entry is None or not ok:',
    '            self.log.warning("one-time password login refused for %r: %s", user, "unknown user" if entry is None else "wrong password")',
    '            return None',
    '        # Outside the exam window (lib/exam/exam-window-code.ts) the password is not spent.',
    '        refusal = globals().get("hubfleet_exam_login_refusal")',
    '        why = refusal(user) if refusal is not None else None',
    '        if why:',
    '            self.log.warning("one-time password login refused for %r: %s (the password stays unused)", user, why)',
    '            raise _HubfleetOtpWeb.HTTPError(403, why)',
    '        if user in HUBFLEET_OTP_REUSABLE:',
    '            self.log.info("supervisor password of %s used (reusable)", user)',
    '            return {"name": user}',
    '        if self._hubfleet_lock is None:',
    '            type(self)._hubfleet_lock = _hubfleet_asyncio.Lock()',
    '        fingerprint = hubfleet_otp_fingerprint(entry)',
    '        async with self._hubfleet_lock:',
    '            if self.hubfleet_store.used(user, fingerprint):',
    '                self.log.warning("one-time password login refused for %r: the password was used already", user)',
    '                return None',
    '            self.hubfleet_store.mark(user, fingerprint, _hubfleet_datetime.datetime.now(_hubfleet_datetime.timezone.utc).isoformat(timespec="seconds"))',
    '        self.log.info("one-time password of %s used", user)',
    '        return {"name": user}',
  ].join('\n');
}

/** Reset one seat (a candidate whose session was lost): what the platform team runs in the hub pod. */
export function resetCommand(namespace: string, user: string): string {
  const code = 'import json, os, sys; p = sys.argv[1]; d = json.load(open(p)); d.pop(sys.argv[2]); t = p + ".reset"; json.dump(d, open(t, "w")); os.replace(t, p)';
  return ['kubectl', '-n', namespace, 'exec', 'deploy/hub', '-c', 'hub', '--', 'python3', '-c', code, USED_FILE, user].map(shellWord).join(' ');
}

/** The one-time-password login of an exam hub. */
export class OneTimePasswordAuth extends HubAuth {
  readonly kind = 'one-time-password';
  constructor(protected readonly common: OneTimePasswordOptions) {
    super();
  }

  /** The user names on the sheet (seats, then supervisors). */
  get users(): string[] {
    return [...seatUsers(this.common.prefix, this.common.seats), ...this.supervisorUsers];
  }

  /** The supervisors' names (reusable passwords, exempt from the login window). */
  get supervisorUsers(): string[] {
    return supervisorUsers(this.common.prefix, this.common.supervisors ?? 0);
  }

  get seats(): number {
    return this.common.seats;
  }

  env() {
    return [{ name: 'HUBFLEET_OTP_HASHES', valueFrom: SecretKeyRef.envValueFrom(this.common.hashes) }];
  }

  egressPorts(): number[] {
    return [];
  }

  get passwordLogin(): boolean {
    return true;
  }

  validate(path: string): Issue[] {
    const rules: PropRule<OneTimePasswordOptions>[] = [
      { id: 'otp-prefix', field: 'auth.prefix', value: (o) => o.prefix, ok: (o) => PREFIX.test(o.prefix), message: 'the user name prefix must be 2–32 lowercase letters, digits or "-" (JupyterHub lowercases names; the prefix is part of every name on the sheet).', fix: 'e.g. prefix: "e2x-exam".' },
      { id: 'otp-seats', field: 'auth.seats/supervisors', value: (o) => [o.seats, o.supervisors], ok: (o) => Number.isInteger(o.seats) && o.seats >= 1 && o.seats + (o.supervisors ?? 0) <= MAX_SEATS && Number.isInteger(o.supervisors ?? 0) && (o.supervisors ?? 0) >= 0 && (o.supervisors ?? 0) <= 99, message: `one sheet holds 1 to ${MAX_SEATS} seats (the hash list reaches the hub as one environment variable).`, fix: 'set seats to the number of passwords on the sheet.' },
    ];
    return checkRules(path, this.common, rules);
  }

  configure(cfg: PyConfig, _ctx: AuthContext): void {
    cfg.code(oneTimePasswordPython());
    cfg.code('\n');
    cfg.code('HubfleetOneTimePasswordAuthenticator.hubfleet_hashes = hubfleet_otp_parse(os.environ["HUBFLEET_OTP_HASHES"])');
    cfg.set('JupyterHub', 'authenticator_class', new PyExpr('HubfleetOneTimePasswordAuthenticator'));
    // JupyterHub 5 admits nobody without an allow rule: exactly the names of the sheet.
    cfg.set('Authenticator', 'allowed_users', new PySet(this.users));
    this.configureAdmins(cfg);
  }
}

/** Factory, in the style of {@link HubAuth}. */
export const OneTimePasswords = {
  auth(o: OneTimePasswordOptions): OneTimePasswordAuth {
    return new OneTimePasswordAuth(o);
  },
};
