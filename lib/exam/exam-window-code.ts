/**
 * The exam hub's login window, rendered into jupyterhub_config.py: a `post_auth_hook` (JupyterHub
 * 5.5 jupyterhub/auth.py `get_authenticated_user` runs it after the authenticator, the name's
 * normalization and the allow checks) that refuses every login outside `[start − earlyLoginMinutes, end + graceMinutes)`
 * with a 403 that names the time, except for the exam's supervisors. It wraps the LTI role hook
 * when the hub logs in with LTI. Sessions that began inside the window keep working after it (the
 * idle culler stops idle servers once the window has closed).
 */
import { pyString } from '../hub/hub/python';
import { isoInZone, ResolvedWindow } from './window';

export function examWindowCode(w: ResolvedWindow, supervisors: readonly string[]): string {
  const opensText = isoInZone(w.loginOpensMs, w.timeZone);
  const closesText = isoInZone(w.closesMs, w.timeZone);
  return [
    'import time as _hubfleet_time',
    'from tornado import web as _hubfleet_web',
    '',
    `HUBFLEET_EXAM_OPENS = ${Math.floor(w.loginOpensMs / 1000)}  # ${opensText} (${w.earlyLoginMinutes} min before the start ${w.startIso})`,
    `HUBFLEET_EXAM_CLOSES = ${Math.floor(w.closesMs / 1000)}  # ${closesText} (${w.graceMinutes} min after the end ${w.endIso})`,
    `HUBFLEET_EXAM_OPENS_TEXT = ${pyString(`${opensText.slice(0, 16).replace('T', ' ')} (${w.timeZone})`)}`,
    `HUBFLEET_EXAM_CLOSES_TEXT = ${pyString(`${closesText.slice(0, 16).replace('T', ' ')} (${w.timeZone})`)}`,
    `HUBFLEET_EXAM_SUPERVISORS = ${supervisors.length ? `{${[...supervisors].sort().map(pyString).join(', ')}}` : 'set()'}`,
    '',
    '',
    'def hubfleet_exam_login_refusal(name, now=None):',
    '    """Why a login is refused now, or None when it is allowed."""',
    '    if name in HUBFLEET_EXAM_SUPERVISORS:',
    '        return None',
    '    now = _hubfleet_time.time() if now is None else now',
    '    if now < HUBFLEET_EXAM_OPENS:',
    '        return "The exam opens for login at %s." % HUBFLEET_EXAM_OPENS_TEXT',
    '    if now >= HUBFLEET_EXAM_CLOSES:',
    '        return "The exam closed at %s." % HUBFLEET_EXAM_CLOSES_TEXT',
    '    return None',
    '',
    '',
    '_hubfleet_exam_previous_hook = globals().get("hubfleet_lti_roles")',
    '',
    '',
    'def hubfleet_exam_window_hook(authenticator, handler, authentication):',
    '    if _hubfleet_exam_previous_hook is not None:',
    '        authentication = _hubfleet_exam_previous_hook(authenticator, handler, authentication)',
    '    if authentication is None:',
    '        return None',
    '    refusal = hubfleet_exam_login_refusal(authentication["name"])',
    '    if refusal:',
    '        authenticator.log.warning("refused login of %s: %s", authentication["name"], refusal)',
    '        raise _hubfleet_web.HTTPError(403, refusal)',
    '    return authentication',
    '',
    '',
    'c.Authenticator.post_auth_hook = hubfleet_exam_window_hook',
  ].join('\n');
}
