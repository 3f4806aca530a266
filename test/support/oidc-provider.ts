import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** What the provider says about an account: the claims its ID token and UserInfo carry. */
export type AccountClaims = {
  email: string;
  email_verified?: boolean;
  name?: string;
  locale?: string;
};

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by id; a test adds the people it signs in. */
  accounts: Map<string, AccountClaims>;
  /** Who signs in at an interaction URL without `?account=` (a browser that follows the redirects itself). */
  defaultAccount: string | null;
  /**
   * Follows the provider's redirects from an authorization URL, signing in as `account` at its
   * interaction step, until the provider sends the browser to `callbackPrefix`; returns that URL.
   */
  authorize: (authorizationUrl: string, account: string, callbackPrefix: string) => Promise<string>;
  close: () => Promise<void>;
};

/**
 * A real, certified OpenID Provider (the `oidc-provider` package) on a loopback port, with one
 * confidential client registered for `redirectUri`. Its sign-in step is programmatic: the interaction
 * URL takes `?account=<id>` and finishes login and consent for that account, as a person would by
 * typing a password and clicking "Allow".
 */
export async function startProvider(redirectUri: string): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, AccountClaims>();
  const clientId = 'leadgate-test';
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['leadgate-test-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'locale'],
    },
    // The claims the scopes grant go into the ID token too, as Google's and Okta's do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    // Short lives, stated (the provider otherwise notes each default it falls back to).
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    findAccount: async (_ctx, id) => {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
  });
  const handle = provider.callback();
  const testProvider: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    defaultAccount: null,
    authorize: (url, account, callbackPrefix) => followProvider(issuer, url, account, callbackPrefix),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/'))
      void finishInteraction(provider, req, res, testProvider.defaultAccount);
    else handle(req, res);
  });
  return testProvider;
}

/** Signs in as the account named in the query and grants the requested scopes (login and consent at once). */
async function finishInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  defaultAccount: string | null,
) {
  try {
    const account = new URL(req.url!, 'http://x').searchParams.get('account') ?? defaultAccount ?? '';
    const details = await provider.interactionDetails(req, res);
    const grant = new provider.Grant({ accountId: account, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
}

/** A browser's walk through the provider: manual redirects, its cookies kept by name. */
async function followProvider(
  issuer: string,
  start: string,
  account: string,
  callbackPrefix: string,
): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(callbackPrefix)) return url;
    const target = new URL(url, issuer);
    if (!target.href.startsWith(issuer)) throw new Error(`left the provider for ${target.href}`);
    if (target.pathname.startsWith('/interaction/')) target.searchParams.set('account', account);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(target, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
    url = new URL(location, target).href;
  }
  throw new Error('too many redirects at the provider');
}
