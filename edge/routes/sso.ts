import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { problemResponses } from '../contract/problem';
import { PutSsoConfigSchema, SsoConfigSchema, SsoSettingsSchema, SsoStartQuerySchema } from '../contract/sso';
import type { SsoRefusal } from '../core/sso';
import type { AppEnv, Deps } from '../deps';
import { json } from '../http/json';
import { readSessionToken, secured } from '../http/middleware/auth';
import { router } from '../http/validation';
import { resolveSession } from '../services/people/sessions';
import { deleteSsoConfig, getSsoConfig, putSsoConfig } from '../services/people/sso-config';
import { openFlow, SSO_FLOW_TTL_SECONDS, SsoRefused, startSso } from '../services/people/sso-flow';
import { completeSso, recordSsoRefusal, type SsoOutcome } from '../services/people/sso-sign-in';
import { isLocalHttp, setSessionCookie } from './session';

const OWNER = problemResponses(401, 403, 429);
const FLOW_COOKIE = 'lg_sso_flow';
const FLOW_PATH = '/api/sso';
const LOGIN = '/app/login';
const SETTINGS = '/app/settings/sso';
const HOME = '/app/leads';
const redirectResponse = { 302: { description: 'To the next step of the sign-in' } };

/** Where the provider sends the browser back: the public origin when configured, else this request's. */
function callbackUrl(deps: Deps, c: Context): string {
  const origin = deps.config.appUrl?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
  return `${origin}/api/sso/callback`;
}

/** The page a refusal is shown on, with its code in the fragment (never sent to a server or a Referer). */
function refusedAt(test: boolean, refusal: SsoRefusal, email: string | null = null): string {
  if (!test) return `${LOGIN}#${new URLSearchParams({ 'sso-error': refusal })}`;
  return `${SETTINGS}#${new URLSearchParams({ 'sso-test': 'refused', code: refusal, ...(email ? { email } : {}) })}`;
}

/** The owner's test report: who the provider vouched for and what a real sign-in would do. */
function testReport(outcome: Extract<SsoOutcome, { ok: true }>): string {
  const { decision } = outcome;
  const report = new URLSearchParams({ 'sso-test': 'ok', email: outcome.email, outcome: decision.outcome });
  if (decision.outcome === 'join') report.set('role', decision.role);
  return `${SETTINGS}#${report}`;
}

function setFlowCookie(c: Context<AppEnv>, sealed: string): void {
  const secure = !isLocalHttp(c.req.url);
  setCookie(c, FLOW_COOKIE, sealed, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: FLOW_PATH,
    maxAge: SSO_FLOW_TTL_SECONDS,
  });
}

/** The owner starting a test sign-in, from the session cookie; null for anyone else. */
async function ownerOf(deps: Deps, c: Context<AppEnv>) {
  const token = readSessionToken(c);
  const resolved = token ? await resolveSession(c.get('db'), token, deps.now()) : null;
  return resolved?.auth.role === 'owner' ? resolved.auth : null;
}

/** Single sign-on: the owner's configuration, and the OpenID Connect sign-in (start and callback). */
export function ssoRoutes(deps: Deps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/sso',
        tags: ['sso'],
        summary:
          "The organization's single sign-on (never the client secret) and the redirect URI to register",
        middleware: secured(deps, 'owner'),
        responses: { 200: { description: 'Settings', content: json(SsoSettingsSchema) }, ...OWNER },
      }),
      async (c) =>
        c.json(
          {
            config: await getSsoConfig(c.get('db'), c.get('auth').organizationId),
            callbackUrl: callbackUrl(deps, c),
          },
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/sso',
        tags: ['sso'],
        summary: 'Set single sign-on: issuer, client, allowed domains, what new people get',
        middleware: secured(deps, 'owner'),
        request: { body: { required: true, content: json(PutSsoConfigSchema) } },
        responses: {
          200: { description: 'Saved', content: json(SsoConfigSchema) },
          ...OWNER,
          ...problemResponses(422),
        },
      }),
      async (c) => c.json(await putSsoConfig(deps, c.get('db'), c.get('auth'), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/sso',
        tags: ['sso'],
        summary: 'Turn single sign-on off',
        middleware: secured(deps, 'owner'),
        responses: { 204: { description: 'Removed' }, ...OWNER, ...problemResponses(404) },
      }),
      async (c) => {
        await deleteSsoConfig(deps, c.get('db'), c.get('auth'));
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/sso/start',
        tags: ['sso'],
        summary:
          "Start a sign-in at the organization's provider (by slug, work email or domain; test=1: the owner's test)",
        request: { query: SsoStartQuerySchema },
        responses: { ...redirectResponse, ...problemResponses(400) },
      }),
      async (c) => {
        const { org, test } = c.req.valid('query');
        const db = c.get('db');
        const owner = test ? await ownerOf(deps, c) : null;
        if (test && !owner) return c.redirect(refusedAt(true, 'owner-required'), 302);
        try {
          const input = owner
            ? { testOrganizationId: owner.organizationId, testBy: owner.userId! }
            : { org: org ?? '' };
          const started = await startSso(deps, db, input, callbackUrl(deps, c));
          setFlowCookie(c, started.sealedFlow);
          return c.redirect(started.location, 302);
        } catch (error) {
          if (!(error instanceof SsoRefused)) throw error;
          // Audited in the organization it was for; without one (an unknown name) only logged.
          if (!error.organizationId) deps.logger.info('sso start refused', { refusal: error.refusal });
          else
            await recordSsoRefusal(deps, db, {
              organizationId: error.organizationId,
              refusal: error.refusal,
              test: Boolean(owner),
              step: 'start',
            });
          return c.redirect(refusedAt(Boolean(owner), error.refusal), 302);
        }
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/sso/callback',
        tags: ['sso'],
        summary: 'Where the provider sends the browser back: verify, then sign in (or report the test)',
        request: {
          query: z.object({
            code: z.string().optional(),
            state: z.string().optional(),
            error: z.string().optional(),
            iss: z.string().optional(),
          }),
        },
        responses: redirectResponse,
      }),
      async (c) => {
        const db = c.get('db');
        const flow = await openFlow(deps, getCookie(c, FLOW_COOKIE));
        deleteCookie(c, FLOW_COOKIE, { path: FLOW_PATH, secure: !isLocalHttp(c.req.url) });
        if (!flow) {
          deps.logger.info('sso callback without a valid flow cookie');
          return c.redirect(refusedAt(false, 'state-mismatch'), 302);
        }
        const test = flow.testBy !== null;
        const result = await completeSso(deps, db, {
          flow,
          callbackUrl: new URL(c.req.url),
          userAgent: c.req.header('user-agent') ?? null,
          ip: deps.clientIp(c),
        });
        if (result.kind === 'tested') return c.redirect(testReport(result.outcome), 302);
        if (result.kind === 'refused')
          return c.redirect(refusedAt(test, result.refusal, test ? result.email : null), 302);
        setSessionCookie(c, result.session);
        return c.redirect(HOME, 302);
      },
    );
}
