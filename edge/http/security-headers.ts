/**
 * The dashboard's Content Security Policy: its own scripts, styles and connections only (no inline script
 * or style, no eval), `data:` images for the empty favicon, and no framing by any page (clickjacking).
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export type SecuredResponse = 'dashboard' | 'api' | 'public';

/** Loopback hosts, where HSTS would pin a developer's browser to https for every local port. */
const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * The headers every response of a kind carries (existing ones are kept, except where noted):
 * - all: `nosniff`, no Referer sent onwards, HSTS when served over https (the request's or APP_URL's
 *   scheme; behind a TLS proxy the server itself sees http) outside loopback;
 * - the dashboard: its CSP and X-Frame-Options for browsers without frame-ancestors;
 * - the API: not framable, and `no-store` unless the route chose its own caching (answers carry personal data).
 * Public form endpoints are fetched and posted to from customers' pages: they get the common ones only.
 */
export function securityHeaders(
  kind: SecuredResponse,
  url: URL,
  appUrl: string | undefined,
  has: (name: string) => boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  const https = url.protocol === 'https:' || (appUrl?.startsWith('https:') ?? false);
  const host = appUrl ? safeHost(appUrl) : url.hostname;
  if (https && !LOCAL.test(host))
    headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  if (kind === 'dashboard') {
    headers['Content-Security-Policy'] = DASHBOARD_CSP;
    headers['X-Frame-Options'] = 'DENY';
  }
  if (kind === 'api') {
    headers['Content-Security-Policy'] = "default-src 'none'; frame-ancestors 'none'";
    headers['X-Frame-Options'] = 'DENY';
    if (!has('cache-control')) headers['Cache-Control'] = 'no-store';
  }
  return headers;
}

/** Which kind of response a path is. */
export function responseKind(path: string): SecuredResponse {
  if (path === '/app' || path.startsWith('/app/')) return 'dashboard';
  if (path.startsWith('/api/') || path === '/openapi.json' || path.startsWith('/problems/')) return 'api';
  return 'public';
}

/** The headers added to a response (a copy when the original's headers are immutable, as fetched ones are). */
export function withSecurityHeaders(response: Response, url: URL, appUrl: string | undefined): Response {
  const add = securityHeaders(responseKind(url.pathname), url, appUrl, (n) => response.headers.has(n));
  // A route's own policy (a document download's sandbox) stays, with the framing ban added to it.
  const own = response.headers.get('content-security-policy');
  if (own && add['Content-Security-Policy'])
    add['Content-Security-Policy'] = own.includes('frame-ancestors') ? own : `${own}; frame-ancestors 'none'`;
  let target = response;
  try {
    for (const [name, value] of Object.entries(add)) target.headers.set(name, value);
  } catch {
    target = new Response(response.body, response);
    for (const [name, value] of Object.entries(add)) target.headers.set(name, value);
  }
  return target;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
