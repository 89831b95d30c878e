# --- hubfleet grades: report each LTI 1.3 launch to the course's grade service -------------------
# Part of jupyterhub_config.py (lib/grades/hub/record_launch.py). ltiauthenticator 1.6.3 keeps the
# verified id_token as the user's auth_state, and each launch overwrites it; the service must see
# every launch (the course it came from, the user's roles there, the platform's id for them and the
# course's grade service endpoints), so the post-auth hook sends the claims the service needs, and
# nothing else, to the service as the launch happens. A service that cannot be reached never stops
# a login: the hook logs a warning, and the service reads every user's last launch from the hub API
# when it is back. Expects HUBFLEET_GRADES_LAUNCHES_URL (set above it) and the service's token in
# the environment variable HUBFLEET_GRADES_TOKEN.
import json as _hubfleet_json

HUBFLEET_GRADES_CLAIMS = (
    "iss",
    "aud",
    "azp",
    "sub",
    "iat",
    "https://purl.imsglobal.org/spec/lti/claim/message_type",
    "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
    "https://purl.imsglobal.org/spec/lti/claim/context",
    "https://purl.imsglobal.org/spec/lti/claim/roles",
    "https://purl.imsglobal.org/spec/lti/claim/resource_link",
    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
)


async def hubfleet_grades_record_launch(authenticator, handler, authentication):
    """Send the launch's course, roles, sub and AGS endpoint to the grade service (never fails a login)."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    state = authentication.get("auth_state") or {}
    claims = {k: state[k] for k in HUBFLEET_GRADES_CLAIMS if k in state}
    if not claims.get("sub"):
        return authentication
    request = HTTPRequest(
        HUBFLEET_GRADES_LAUNCHES_URL,  # noqa: F821 - set by the config section above
        method="POST",
        body=_hubfleet_json.dumps({"username": authentication["name"], "claims": claims}),
        headers={"Authorization": "token " + os.environ.get("HUBFLEET_GRADES_TOKEN", ""), "Content-Type": "application/json"},  # noqa: F821 - os is imported at the top of the config
        connect_timeout=3,
        request_timeout=5,
    )
    try:
        await AsyncHTTPClient().fetch(request)
    except Exception as e:  # noqa: BLE001 - the login goes on; the service catches up from auth_state
        authenticator.log.warning("grades: could not report the launch of %s to the grade service (%s); it reads it from the hub later", authentication["name"], e)
    return authentication
