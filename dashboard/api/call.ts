import { hc } from 'hono/client';
import type { AppType } from '../../edge/app';
import { networkProblem, type Problem, readProblem } from './problem';

/** Every API call resolves to a result; it never throws into the views. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export type ApiClientOptions = {
  /** Origin of the API, e.g. `location.origin`. */
  baseUrl: string;
  /** The session's CSRF token, sent as `X-CSRF-Token` on every mutation. */
  csrfToken: () => string | null;
  /** Called when a request that needs a session gets 401 (the session expired or was revoked). */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
};

/** The typed hono client over the API routes. */
export type TypedClient = ReturnType<typeof hc<AppType>>;

/** The minimum of hono's `ClientResponse` that `call` relies on. */
type AnyResponse = { ok: boolean; status: number; json(): Promise<unknown> };

/** The JSON body of a response type's success statuses (those whose `ok` may be true). */
type SuccessBody<R extends AnyResponse> = Awaited<ReturnType<Exclude<R, { ok: false }>['json']>>;

export type CallOptions = {
  /** `none` for answers without a body (204): the result's data is null. */
  read?: 'json' | 'none';
  /** False where a 401 means wrong credentials (sign-in), not an ended session. */
  unauthorizedEndsSession?: boolean;
};

/**
 * Runs one request: a failed fetch becomes a `network-error` problem, an error status its problem+json
 * (401 ends the session), a success its JSON body (or null with `read: 'none'`).
 */
export type Call = {
  <R extends AnyResponse>(
    request: () => Promise<R>,
    options: CallOptions & { read: 'none' },
  ): Promise<ApiResult<null>>;
  <R extends AnyResponse>(
    request: () => Promise<R>,
    options?: CallOptions & { read?: 'json' },
  ): Promise<ApiResult<SuccessBody<R>>>;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The typed client (same-origin cookies, CSRF header on mutations) and the `call` every API method goes through. */
export function createTransport(options: ApiClientOptions): {
  client: TypedClient;
  call: Call;
  baseFetch: typeof fetch;
} {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sameOriginFetch: typeof fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    const token = options.csrfToken();
    if (token && !SAFE_METHODS.has((init.method ?? 'GET').toUpperCase())) headers.set('X-CSRF-Token', token);
    return baseFetch(input, { ...init, headers, credentials: 'same-origin' });
  };
  const client = hc<AppType>(options.baseUrl, { fetch: sameOriginFetch });

  async function call(
    request: () => Promise<AnyResponse>,
    { read = 'json', unauthorizedEndsSession = true }: CallOptions = {},
  ): Promise<ApiResult<unknown>> {
    let response: AnyResponse;
    try {
      response = await request();
    } catch {
      return { ok: false, problem: networkProblem() };
    }
    if (!response.ok) {
      if (response.status === 401 && unauthorizedEndsSession) options.onUnauthorized?.();
      return { ok: false, problem: await readProblem(response) };
    }
    return { ok: true, data: read === 'none' ? null : await response.json() };
  }

  return { client, call: call as Call, baseFetch };
}
