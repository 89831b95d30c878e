/**
 * What a candidate and a candidate's server may do on an exam hub: no credential a candidate can
 * read or make opens their server from another browser.
 *
 * JupyterHub 5.5 facts (jupyterhub/roles.py, scopes.py, user.py, services/auth.py):
 * - A server's `$JUPYTERHUB_API_TOKEN` (readable with `env` in the candidate's terminal) gets the
 *   `server` role unless `Spawner.server_token_scopes` says otherwise: `users:activity!user` and
 *   `access:servers!server`. The single-user server admits any token with `access:servers!server=<its
 *   name>` (services/auth.py `check_scopes`), so that token opened the notebook, its files and its
 *   kernels' WebSockets from any browser that sent it (`Authorization: token …`, or `?token=` on
 *   WebSockets). With `users:activity!user` only, the server still reports activity and its token still
 *   identifies its owner (`GET hub/api/user`, which ngshare uses), but it opens nothing.
 * - Every user has the `user` role, `self`, which expands (scopes.py `_expand_self_scope`) to the
 *   scopes below plus `tokens!user` (make API tokens: on the token page or through the API, inside
 *   SEB, then typed into another device) and `users:shares!user` (share the server with another
 *   account). The exam hub's `user` role is `self` without those two; a role's scopes may carry the
 *   `!user` filter, and JupyterHub merges a `load_roles` entry named `user` over the default
 *   (app.py `init_role_creation`). Tokens made before keep no more than their owner has now (a
 *   token's scopes are intersected with its owner's at every use).
 * - What is left that opens a candidate's server is the OAuth token in the server's own cookie,
 *   which the hub issues at `hub/api/oauth2/authorize`: a hub page, behind the room check and the SEB
 *   gate, so only a browser that passed both gets one (lib/hub/README-exams.md, "Which request is
 *   checked where").
 */

/** `Spawner.server_token_scopes` of exam servers: activity only (user.py adds it when missing and warns). */
export const EXAM_SERVER_TOKEN_SCOPES: readonly string[] = ['users:activity!user'];

/** scopes.py `_expand_self_scope` of JupyterHub 5.5, each filtered to the user. */
export const SELF_SCOPES: readonly string[] = [
  'read:users',
  'read:users:name',
  'read:users:groups',
  'users:shares',
  'read:users:shares',
  'read:shares',
  'users:activity',
  'read:users:activity',
  'servers',
  'delete:servers',
  'read:servers',
  'tokens',
  'read:tokens',
  'access:servers',
].map((s) => `${s}!user`);

/** What candidates may not do: make API tokens, share their server. */
export const EXAM_WITHHELD_SCOPES: readonly string[] = ['tokens!user', 'users:shares!user'];

/** The `user` role of an exam hub: `self` without {@link EXAM_WITHHELD_SCOPES}. */
export const EXAM_USER_ROLE = {
  name: 'user',
  description: 'Exam candidates: their own server and nothing to carry out of the room (no API tokens, no sharing).',
  scopes: SELF_SCOPES.filter((s) => !EXAM_WITHHELD_SCOPES.includes(s)),
} as const;
