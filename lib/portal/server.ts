/**
 * The portal's web server on fastify 5: security headers (helmet, a strict Content-Security-Policy),
 * an encrypted and authenticated session cookie (@fastify/secure-session: `__Host-` prefixed, Secure,
 * HttpOnly, SameSite=Lax — Lax, because the provider's redirect back is a cross-site navigation
 * that must carry the pending sign-in), a CSRF token in every form (@fastify/csrf-protection, its
 * secret in the session), rate limits (@fastify/rate-limit) and a small body limit. Routes:
 *
 * | route | what |
 * |---|---|
 * | `GET /` | sign-in link, or the lecturer's courses and requests |
 * | `GET /login`, `GET /auth/callback`, `POST /logout` | OpenID Connect sign-in (lib/portal/oidc.ts) and out |
 * | `GET/POST /courses/new`, `GET/POST /courses/:id` | the course form: check (verdict) or submit |
 * | `GET /submitted` | what the last submission became |
 * | `GET /portal.css`, `GET /healthz` | the style sheet; liveness |
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type csrfProtectionPlugin from '@fastify/csrf-protection';
import type formbodyPlugin from '@fastify/formbody';
import type helmetPlugin from '@fastify/helmet';
import type rateLimitPlugin from '@fastify/rate-limit';
import type secureSessionPlugin from '@fastify/secure-session';
import { nativeRequire } from './esm';
import { OidcSignIn, PendingSignIn, SignedIn, SignInRefused } from './oidc';
import { coursePage, errorPage, homePage, PORTAL_CSS, signedOutPage, submittedPage } from './pages';
import { Lecturer, PortalService, Refusal } from './service';

/** Options of {@link createPortalServer}. */
export interface PortalServerOptions {
  readonly service: PortalService;
  readonly signIn: OidcSignIn;
  /** 32 bytes: the session cookie's encryption key. */
  readonly sessionKey: Buffer;
  /** The portal's public address (`https://portal.example.org`): callbacks are built from it, never from the Host header. */
  readonly publicUrl: string;
  /** Sessions last this long. @default 28800 (8 hours) */
  readonly sessionSeconds?: number;
  /** Requests per minute per client (signed-in lecturer, or address). @default 120 */
  readonly requestsPerMinute?: number;
  /** Checks and submissions per minute per lecturer. @default 20 */
  readonly checksPerMinute?: number;
  /** Proxies whose X-Forwarded-For is believed (the ingress controller's addresses). @default none */
  readonly trustProxy?: string | readonly string[];
}

declare module '@fastify/secure-session' {
  interface SessionData {
    user: SignedIn;
    pending: PendingSignIn;
    flash: { branch: string; mergeRequest?: { url: string; number: number }; term: string; headline: string; status: string; details: string[] };
    _csrf: string;
  }
}

const COOKIE = '__Host-portal-session';

/**
 * fastify and its plugins through Node's own require: @fastify/cookie loads the `cookie` package
 * with a dynamic import(), which only Node's loader runs (not jest's module registry).
 */
function fastifyModules() {
  const m = <T>(id: string): T => {
    const x = nativeRequire(id);
    return (x.default ?? x) as T;
  };
  return {
    Fastify: m<typeof import('fastify').default>('fastify'),
    helmet: m<typeof helmetPlugin>('@fastify/helmet'),
    secureSession: m<typeof secureSessionPlugin>('@fastify/secure-session'),
    formbody: m<typeof formbodyPlugin>('@fastify/formbody'),
    csrfProtection: m<typeof csrfProtectionPlugin>('@fastify/csrf-protection'),
    rateLimit: m<typeof rateLimitPlugin>('@fastify/rate-limit'),
  };
}

export async function createPortalServer(o: PortalServerOptions): Promise<FastifyInstance> {
  const cluster = o.service.cluster;
  const { Fastify, helmet, secureSession, formbody, csrfProtection, rateLimit } = fastifyModules();
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    trustProxy: o.trustProxy === undefined ? false : typeof o.trustProxy === 'string' ? o.trustProxy : [...o.trustProxy],
    routerOptions: { maxParamLength: 100 },
  });
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], styleSrc: ["'self'"], imgSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"] } },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(secureSession, {
    key: o.sessionKey,
    cookieName: COOKIE,
    expiry: o.sessionSeconds ?? 8 * 3600,
    cookie: { path: '/', httpOnly: true, secure: true, sameSite: 'lax' },
  });
  await app.register(formbody);
  await app.register(csrfProtection, { sessionPlugin: '@fastify/secure-session' });
  await app.register(rateLimit, {
    max: o.requestsPerMinute ?? 120,
    timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => req.session?.get('user')?.id ?? req.ip,
  });

  const strict = { rateLimit: { max: o.checksPerMinute ?? 20, timeWindow: '1 minute' } };
  const html = (reply: FastifyReply, body: string, status = 200) => reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(body);
  const lecturer = (req: FastifyRequest): Lecturer | undefined => {
    const u = req.session.get('user');
    return u ? { id: u.id, name: u.name, email: u.email } : undefined;
  };
  const csrf = (reply: FastifyReply) => reply.generateCsrf();
  const page = { cluster };

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err instanceof Refusal ? err.status : err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const message =
      err instanceof Refusal ? err.message
      : err.code?.startsWith('FST_CSRF') ? 'The form is missing its security token or it does not match your session. Open the page again and repeat.'
      : status === 429 ? 'Too many requests: wait a minute.'
      : status < 500 ? 'The request was not understood.'
      : 'The portal could not do this. The platform team finds the details in its log.';
    if (status >= 500) req.log.error(err);
    return html(reply, errorPage(cluster, status, message), status);
  });
  app.setNotFoundHandler((_req, reply) => html(reply, errorPage(cluster, 404, 'There is no such page.'), 404));

  /** Signed in, or sent to the sign-in page (GET) / refused (POST). */
  const requireLecturer = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!lecturer(req)) {
      if (req.method === 'GET') return reply.redirect('/', 303);
      return html(reply, errorPage(cluster, 401, 'Sign in first.'), 401);
    }
  };

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/portal.css', async (_req, reply) => reply.header('Cache-Control', 'public, max-age=3600').type('text/css; charset=utf-8').send(PORTAL_CSS));

  app.get('/', async (req, reply) => {
    const who = lecturer(req);
    if (!who) return html(reply, signedOutPage(cluster));
    const [courses, requests] = await Promise.all([o.service.coursesOf(who), o.service.requestsOf(who)]);
    return html(reply, homePage({ ...page, who, csrf: csrf(reply), courses, requests }));
  });

  app.get('/login', { config: strict }, async (req, reply) => {
    const { url, pending } = await o.signIn.start();
    req.session.set('pending', pending);
    return reply.redirect(url, 303);
  });

  app.get('/auth/callback', { config: strict }, async (req, reply) => {
    const pending = req.session.get('pending');
    if (!pending) return html(reply, signedOutPage(cluster, 'The sign-in expired or was started elsewhere: sign in again.'), 400);
    req.session.set('pending', undefined);
    let user: SignedIn;
    try {
      user = await o.signIn.finish(new URL(req.url, o.publicUrl), pending);
    } catch (e) {
      if (e instanceof SignInRefused) return html(reply, signedOutPage(cluster, e.message), 403);
      req.log.warn(e);
      return html(reply, signedOutPage(cluster, 'The sign-in did not succeed: sign in again.'), 400);
    }
    // A new session: a fresh CSRF secret, the user.
    req.session.set('_csrf', undefined);
    req.session.set('user', user);
    return reply.redirect('/', 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    req.session.delete();
    return reply.redirect('/', 303);
  });

  app.get('/courses/new', { preHandler: requireLecturer }, async (req, reply) => {
    const who = lecturer(req)!;
    const { s, values } = await o.service.formFor(who);
    return html(reply, coursePage({ ...page, who, csrf: csrf(reply), fields: s.fields, values, isNew: true }));
  });

  app.get<{ Params: { id: string } }>('/courses/:id', { preHandler: requireLecturer }, async (req, reply) => {
    const who = lecturer(req)!;
    const { s, values } = await o.service.formFor(who, req.params.id);
    return html(reply, coursePage({ ...page, who, csrf: csrf(reply), fields: s.fields, values, isNew: false, courseId: req.params.id }));
  });

  type Post = { Params: { id?: string }; Body: Record<string, unknown> };
  const post = async (req: FastifyRequest<Post>, reply: FastifyReply) => {
    const who = lecturer(req as FastifyRequest)!;
    const id = req.params.id;
    const action = req.body?.action === 'submit' ? 'submit' : 'check';
    const isNew = id === undefined;
    if (action === 'check') {
      const r = await o.service.check(who, req.body, id);
      const bad = r.errors.length > 0 || r.issues.some((i) => i.severity !== 'warning');
      return html(reply, coursePage({ ...page, who, csrf: csrf(reply), fields: r.s.fields, values: r.values, isNew, courseId: id, result: r }), bad ? 422 : 200);
    }
    const r = await o.service.submit(who, req.body, id);
    if (r.refused || !r.branch) {
      const fields = (await o.service.snapshot()).fields;
      return html(reply, coursePage({ ...page, who, csrf: csrf(reply), fields, values: r.values, isNew, courseId: id, result: r }), 422);
    }
    req.session.set('flash', { branch: r.branch, ...(r.mergeRequest ? { mergeRequest: { url: r.mergeRequest.url, number: r.mergeRequest.number } } : {}), term: r.verdict!.term, headline: r.view!.headline, status: r.view!.status, details: [...r.view!.details] });
    return reply.redirect('/submitted', 303);
  };
  app.post<Post>('/courses/new', { preHandler: [requireLecturer, app.csrfProtection], config: strict }, post);
  app.post<Post>('/courses/:id', { preHandler: [requireLecturer, app.csrfProtection], config: strict }, post);

  app.get('/submitted', { preHandler: requireLecturer }, async (req, reply) => {
    const who = lecturer(req)!;
    const f = req.session.get('flash');
    if (!f) return reply.redirect('/', 303);
    req.session.set('flash', undefined);
    const view = { status: f.status as 'fits', headline: f.headline, details: f.details, day: '' };
    return html(reply, submittedPage({ ...page, who, csrf: csrf(reply), result: { file: '', values: {}, errors: [], issues: [], branch: f.branch, mergeRequest: f.mergeRequest, view, verdict: { term: f.term } as never } }));
  });

  return app;
}
