import { eq, sql } from 'drizzle-orm';
import * as oauth from 'oauth4webapi';
import { organizations, ssoConfigs } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { type SsoRefusal, ssoDomain } from '../../core/sso';
import type { Deps } from '../../deps';
import { ssoConfigRow } from './sso-config';

/** A refusal of the flow, with the organization when it is known (for the audit log). */
export class SsoRefused extends Error {
  constructor(
    readonly refusal: SsoRefusal,
    readonly organizationId: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(`single sign-on refused: ${refusal}`, options);
    this.name = 'SsoRefused';
  }
}

/** What a started flow must remember until the provider sends the browser back. */
export type SsoFlow = {
  organizationId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** The owner who started a test sign-in (nobody is signed in by it), or null. */
  testBy: string | null;
  expiresAt: number;
};

/** A flow lives this long: long enough to sign in at the provider, short enough not to be kept around. */
export const SSO_FLOW_TTL_SECONDS = 600;
/** The flow cookie is sealed by the vault under this scope (not an organization: it is read before one is known). */
const FLOW_SCOPE = 'sso-flow';
const SCOPE = 'openid email profile';

type Config = NonNullable<Awaited<ReturnType<typeof ssoConfigRow>>>;

/**
 * Outgoing requests through the injected fetch (called as a function: workerd refuses a fetch called as
 * another object's method); plain http only for a loopback issuer (see isIssuerUrl).
 */
function httpOptions(deps: Pick<Deps, 'fetch'>, issuer: string) {
  return {
    [oauth.customFetch]: ((input, init) => deps.fetch(input, init)) as typeof fetch,
    [oauth.allowInsecureRequests]: new URL(issuer).protocol === 'http:',
  };
}

/** The provider's metadata from OpenID Discovery, cached per issuer; a failure is `provider-unavailable`. */
async function discover(
  deps: Pick<Deps, 'fetch' | 'caches'>,
  config: Config,
): Promise<oauth.AuthorizationServer> {
  try {
    return await deps.caches.ssoDiscovery.get(config.issuer, async () => {
      const issuer = new URL(config.issuer);
      const response = await oauth.discoveryRequest(issuer, {
        algorithm: 'oidc',
        ...httpOptions(deps, config.issuer),
      });
      return oauth.processDiscoveryResponse(issuer, response);
    });
  } catch (cause) {
    throw new SsoRefused('provider-unavailable', config.organizationId, { cause });
  }
}

/**
 * The organization a sign-in is for: by its slug, or by a work address or its domain among the domains
 * organizations allow (exactly one must). `not-configured` when none has single sign-on.
 */
async function organizationFor(db: Db, org: string): Promise<string> {
  const value = org.normalize('NFC').trim().toLowerCase();
  const [bySlug] = await db
    .select({ id: ssoConfigs.organizationId })
    .from(ssoConfigs)
    .innerJoin(organizations, eq(organizations.id, ssoConfigs.organizationId))
    .where(eq(organizations.slug, value));
  if (bySlug) return bySlug.id;
  const domain = ssoDomain(value.includes('@') ? value.slice(value.lastIndexOf('@') + 1) : value);
  if (!domain) throw new SsoRefused('not-configured');
  const byDomain = await db
    .select({ id: ssoConfigs.organizationId })
    .from(ssoConfigs)
    .where(sql`${ssoConfigs.allowedDomains} @> array[${domain}]::text[]`)
    .limit(2);
  if (byDomain.length !== 1) throw new SsoRefused('not-configured');
  return byDomain[0]!.id;
}

/**
 * Starts a sign-in: the provider's authorization URL (code flow with PKCE S256, `state` and `nonce`) and
 * the sealed flow to keep in the browser (an HttpOnly cookie) until the callback.
 */
export async function startSso(
  deps: Pick<Deps, 'fetch' | 'caches' | 'pii' | 'now'>,
  db: Db,
  input: { org: string } | { testOrganizationId: string; testBy: string },
  redirectUri: string,
): Promise<{ location: string; sealedFlow: string }> {
  const organizationId = 'org' in input ? await organizationFor(db, input.org) : input.testOrganizationId;
  const config = await ssoConfigRow(db, organizationId);
  if (!config) throw new SsoRefused('not-configured', organizationId);
  const as = await discover(deps, config);
  if (!as.authorization_endpoint) throw new SsoRefused('provider-unavailable', organizationId);
  const flow: SsoFlow = {
    organizationId,
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    redirectUri,
    testBy: 'testBy' in input ? input.testBy : null,
    expiresAt: deps.now().getTime() + SSO_FLOW_TTL_SECONDS * 1000,
  };
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', SCOPE);
  url.searchParams.set('state', flow.state);
  url.searchParams.set('nonce', flow.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(flow.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  const sealedFlow = await deps.pii.encrypt(FLOW_SCOPE, 'sso_flow', JSON.stringify(flow));
  return { location: url.toString(), sealedFlow };
}

/** The flow a cookie carries, if it is one this server sealed and it has not expired. */
export async function openFlow(
  deps: Pick<Deps, 'pii' | 'now'>,
  sealed: string | undefined,
): Promise<SsoFlow | null> {
  if (!sealed) return null;
  try {
    const flow = JSON.parse(await deps.pii.decrypt(FLOW_SCOPE, 'sso_flow', sealed)) as SsoFlow;
    return flow.expiresAt > deps.now().getTime() ? flow : null;
  } catch {
    return null;
  }
}

/** The verified identity a provider vouched for. */
export type SsoIdentity = {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean | null;
  name: string | null;
  locale: string | null;
};

/** How the client authenticates at the token endpoint: Basic unless the provider supports only POST. */
function clientAuth(as: oauth.AuthorizationServer, secret: string): oauth.ClientAuth {
  const methods = as.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post'))
    return oauth.ClientSecretPost(secret);
  return oauth.ClientSecretBasic(secret);
}

/**
 * Completes a sign-in at the callback: checks the authorization response against the flow's state,
 * redeems the code with the PKCE verifier, and verifies the ID token — its signature against the
 * provider's published keys, issuer, audience, expiry and the flow's nonce. The email comes from the
 * ID token, else from the UserInfo endpoint (whose subject must be the token's).
 */
export async function verifySso(
  deps: Pick<Deps, 'fetch' | 'caches' | 'pii'>,
  db: Db,
  flow: SsoFlow,
  callbackUrl: URL,
): Promise<SsoIdentity> {
  const org = flow.organizationId;
  const config = await ssoConfigRow(db, org);
  if (!config) throw new SsoRefused('not-configured', org);
  const as = await discover(deps, config);
  const client: oauth.Client = { client_id: config.clientId };
  const options = httpOptions(deps, config.issuer);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, callbackUrl, flow.state);
  } catch (cause) {
    const denied = cause instanceof oauth.AuthorizationResponseError;
    throw new SsoRefused(denied ? 'provider-denied' : 'state-mismatch', org, { cause });
  }
  const secret = await deps.pii.decrypt(org, 'sso_client_secret', config.clientSecretCiphertext);
  let response: Response;
  try {
    response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth(as, secret),
      params,
      flow.redirectUri,
      flow.codeVerifier,
      options,
    );
  } catch (cause) {
    throw new SsoRefused('provider-unavailable', org, { cause });
  }
  let claims: oauth.IDToken;
  let accessToken: string;
  try {
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: flow.nonce,
      requireIdToken: true,
    });
    await oauth.validateApplicationLevelSignature(as, response, options);
    claims = oauth.getValidatedIdTokenClaims(result)!;
    accessToken = result.access_token;
  } catch (cause) {
    // The provider refusing the code (an OAuth error body) is a denial; anything else is the token.
    const denied = cause instanceof oauth.ResponseBodyError;
    throw new SsoRefused(denied ? 'provider-denied' : 'token-invalid', org, { cause });
  }
  let source: Record<string, unknown> = claims;
  if (typeof claims.email !== 'string') {
    try {
      const info = await oauth.userInfoRequest(as, client, accessToken, options);
      source = await oauth.processUserInfoResponse(as, client, claims.sub, info);
    } catch (cause) {
      throw new SsoRefused('provider-unavailable', org, { cause });
    }
  }
  return identityOf(claims, source);
}

function identityOf(claims: oauth.IDToken, source: Record<string, unknown>): SsoIdentity {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const verified = source.email_verified;
  const joined = [text(source.given_name), text(source.family_name)].filter(Boolean).join(' ');
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email: text(source.email),
    // Some providers send the flag as a string.
    emailVerified:
      verified === true || verified === 'true'
        ? true
        : verified === false || verified === 'false'
          ? false
          : null,
    name: text(source.name) ?? (joined || null),
    locale: text(source.locale),
  };
}
