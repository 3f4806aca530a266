import type { MessageKey } from './locales';

/** The public form definition (`GET /v1/forms/:id`), the part of it the widget reads. */
export type FormDefinition = {
  id: string;
  name: string;
  defaultLocale: string;
  fields: Array<{ name: string; required: boolean; label: Record<string, string> }>;
  consentText: Record<string, string> | null;
  successMessage: Record<string, string> | null;
  redirectUrl: string | null;
  /** Not rendered yet: Turnstile and behavioural signals come in a later slice. */
  turnstileSiteKey: string | null;
  signalsEnabled: boolean;
  spam: { honeypotField: string; elapsedField: string; minSubmitSeconds: number };
  action: string;
};

/** One submission as sent, and as kept for retries: the same body and the same key every time. */
export type Submission = { key: string; form: string; url: string; body: string };

/** A field error from a 422 problem, keyed by field name. */
export type FieldErrors = Record<string, { detail: string; code?: string }>;

export type SendResult =
  | { ok: true; id: string }
  | { ok: false; retry: boolean; code: string; retryAfter?: number; errors?: FieldErrors };

export type LoadResult = { ok: true; def: FormDefinition } | { ok: false; code: string };

type Problem = {
  code?: string;
  id?: string;
  errors?: Array<{ pointer: string; detail: string; code?: string }>;
};

const readJson = (res: Response): Promise<Problem> => res.json().catch(() => ({}));

/** A fresh Idempotency-Key (getRandomValues works on plain http too, unlike randomUUID). */
export function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** `Retry-After` (seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header) ? +header * 1000 : Date.parse(header) - now;
  return ms >= 0 ? ms : undefined;
}

/** Maps a problem's `errors[].pointer` (RFC 6901, `/email`) back to field names. */
export function fieldErrors(errors: Problem['errors']): FieldErrors | undefined {
  if (!errors?.length) return undefined;
  const out: FieldErrors = {};
  for (const e of errors) {
    const name = e.pointer?.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
    if (name) out[name] = { detail: e.detail, code: e.code };
  }
  return out;
}

/** The widget's message for a server-side field error, in the visitor's language rather than the server's. */
export function fieldMessage(name: string, code: string | undefined): MessageKey {
  return code === 'too_small' ? 'missing' : name === 'email' ? 'badEmail' : 'check';
}

/** Network failures, overload, server errors and a still-running duplicate are worth retrying; 4xx are not. */
export function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 409 || status === 429;
}

/** Posts one submission as JSON with its Idempotency-Key. Never throws. */
export async function send(s: Submission, now = Date.now()): Promise<SendResult> {
  let res: Response;
  try {
    res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': s.key },
      body: s.body,
    });
  } catch {
    return { ok: false, retry: true, code: 'network' };
  }
  const body = await readJson(res);
  if (res.ok) return { ok: true, id: String(body.id) };
  return {
    ok: false,
    retry: retryable(res.status),
    code: body.code ?? `http-${res.status}`,
    retryAfter: retryAfterMs(res.headers.get('retry-after'), now),
    errors: fieldErrors(body.errors),
  };
}

/**
 * Fetches a form's definition. A fetch that fails outright is either the network or CORS refusing this
 * page's origin; an opaque `no-cors` request that succeeds tells them apart: the server is reachable.
 */
export async function loadForm(url: string): Promise<LoadResult> {
  try {
    const res = await fetch(url);
    if (res.ok) return { ok: true, def: (await res.json()) as FormDefinition };
    return { ok: false, code: (await readJson(res)).code ?? 'load-failed' };
  } catch {
    try {
      await fetch(url, { mode: 'no-cors' });
      return { ok: false, code: 'origin-not-allowed' };
    } catch {
      return { ok: false, code: 'network' };
    }
  }
}
