import type { TestApi, TestOrg } from './api';
import type { TestProvider } from './oidc-provider';
import { call, type Session } from './workspace';

/** The dashboard's public origin in SSO tests: the redirect URI registered with the provider. */
export const APP_URL = 'https://leadgate.test';
export const CALLBACK = `${APP_URL}/api/sso/callback`;

/** A fresh email domain, so organizations in one database never claim the same one. */
export const freshDomain = () => `acme-${Math.random().toString(36).slice(2, 10)}.test`;

/** Sets the organization's SSO to the test provider as its owner. */
export async function configureSso(
  t: TestApi,
  owner: Session,
  idp: TestProvider,
  input: { allowedDomains: string[]; newPeople: 'invitation' | 'viewer' | 'member' | 'admin' },
) {
  const res = await call(t, owner, 'PUT', '/api/sso', {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    ...input,
  });
  if (res.status !== 200) throw new Error(`SSO not configured: ${res.status} ${await res.text()}`);
}

/** The `name=value` of a Set-Cookie of the response, or null. */
export function cookieOf(res: Response, name: string): string | null {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  const pair = found?.split(';')[0] ?? null;
  return pair && pair !== `${name}=` ? pair : null;
}

export type SsoAttempt = {
  /** The app's last answer (the callback's redirect). */
  res: Response;
  location: string;
  session: string | null;
};

/**
 * A browser's whole SSO sign-in: start at the app, sign in as `account` at the provider, come back to
 * the callback with the flow cookie. `change` may alter the authorization URL (before the provider) or
 * the callback URL (after it), as an attacker in the middle would.
 */
export async function ssoSignIn(
  t: TestApi,
  idp: TestProvider,
  org: TestOrg | string,
  account: string,
  change: {
    authorizationUrl?: (url: URL) => void;
    callbackUrl?: (url: URL) => void;
    headers?: Record<string, string>;
    start?: string;
  } = {},
): Promise<SsoAttempt> {
  const slug = typeof org === 'string' ? org : await slugOf(t, org);
  const start = await t.app.request(
    change.start ?? `${APP_URL}/api/sso/start?org=${encodeURIComponent(slug)}`,
    {
      headers: change.headers ?? {},
    },
  );
  if (start.status !== 302) throw new Error(`start answered ${start.status}: ${await start.text()}`);
  const flow = cookieOf(start, 'lg_sso_flow');
  const location = start.headers.get('location')!;
  if (!flow) return { res: start, location, session: null };
  const authorizationUrl = new URL(location);
  change.authorizationUrl?.(authorizationUrl);
  const back = new URL(await idp.authorize(authorizationUrl.href, account, CALLBACK));
  change.callbackUrl?.(back);
  const res = await t.app.request(back.href, {
    headers: { cookie: [flow, change.headers?.cookie].filter(Boolean).join('; ') },
  });
  return {
    res,
    location: res.headers.get('location') ?? '',
    session: cookieOf(res, '__Host-lg_session') ?? cookieOf(res, 'lg_session'),
  };
}

async function slugOf(t: TestApi, org: TestOrg): Promise<string> {
  const [row] = await t.sql<{ slug: string }>('select slug from organizations where id = $1', [
    org.organizationId,
  ]);
  return row!.slug;
}

/** The organization's SSO audit events of a type, oldest first. */
export function ssoEvents(t: TestApi, org: TestOrg, type: string) {
  return t.sql<{ actor_id: string | null; data: Record<string, unknown> }>(
    'select actor_id, data from lead_events where organization_id = $1 and type = $2 order by id',
    [org.organizationId, type],
  );
}
