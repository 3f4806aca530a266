import type { PublicForm } from '../edge/contract/public-form';
import { Str } from './locales/keys';

/**
 * The public form definition (`GET /v1/forms/:id`) as the server's contract types it: imported as a type
 * only (no zod in the bundle), so a change of the contract that the widget does not follow fails tsc.
 */
export type FormDefinition = PublicForm;

/**
 * One submission as sent, and as kept for retries: the same body and the same key every time. The Turnstile
 * token rides beside the body (header `CF-Turnstile-Response`), so it is not part of what the key is bound to;
 * it is set per attempt and never kept.
 */
export type Submission = { key: string; form: string; url: string; body: string; token?: string };

/** Field name → the server's error code for it (`too_small`, `custom`, …). */
export type FieldErrors = Record<string, string | undefined>;

export type SendResult =
  | { ok: true; id: string }
  | { ok: false; retry: boolean; code: string; retryAfter: number; errors: FieldErrors };

export type LoadResult =
  | { ok: true; def: FormDefinition }
  | { ok: false; code: string; detail?: string | undefined };

/** The parts of a problem+json (or a receipt) the widget reads. */
type Reply = {
  id?: string;
  code?: string;
  detail?: string;
  errors?: Array<{ pointer: string; code?: string }>;
};

/** A fresh Idempotency-Key: 128 random bits (getRandomValues works on plain http, unlike randomUUID). */
export const newKey = (): string => crypto.getRandomValues(new Uint32Array(4)).join('-');

/** Maps a 422 problem's `errors[].pointer` (RFC 6901, `/email`) back to field names. */
export const fieldErrors = (errors: Reply['errors'] = []): FieldErrors =>
  // Field names hold no `/` or `~`, so the first segment needs no unescaping.
  Object.fromEntries(errors.map((e) => [e.pointer.split('/')[1], e.code]));

/** The widget's message for a server-side field error, in the visitor's language rather than the server's. */
export const fieldMessage = (name: string, code: string | undefined): Str =>
  code === 'too_small'
    ? Str.missing
    : name === 'email'
      ? Str.badEmail
      : code === 'invalid_phone'
        ? Str.badPhone
        : Str.check;

/** Overload, server errors and a still-running duplicate (409) are worth retrying; other 4xx are not. */
export const retryable = (status: number): boolean => status > 499 || status === 429 || status === 409;

const reply = (res: Response): Promise<Reply> => res.json().catch(() => ({}));

/** Posts one submission as JSON with its Idempotency-Key. Never throws; a network failure is retryable. */
export async function send(s: Submission): Promise<SendResult> {
  try {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': s.key,
        ...(s.token && { 'cf-turnstile-response': s.token }),
      },
      body: s.body,
    });
    const r = await reply(res);
    return res.ok
      ? { ok: true, id: r.id! }
      : {
          ok: false,
          retry: retryable(res.status),
          code: r.code ?? `http-${res.status}`,
          // Our server sends seconds; an HTTP date reads as 0 and the backoff decides.
          retryAfter: +(res.headers.get('retry-after') ?? 0) * 1000 || 0,
          errors: fieldErrors(r.errors),
        };
  } catch {
    return { ok: false, retry: true, code: 'network', retryAfter: 0, errors: {} };
  }
}

/**
 * Fetches a form's definition. A refused origin and an unknown form are readable problems whose `detail`
 * says what to do (which origin to allow, and where); a fetch that fails outright is the network.
 */
export async function loadForm(url: string): Promise<LoadResult> {
  try {
    const res = await fetch(url);
    const r = (await reply(res)) as FormDefinition & Reply;
    return res.ok && r.fields
      ? { ok: true, def: r }
      : { ok: false, code: r.code ?? 'load-failed', detail: r.detail };
  } catch {
    return { ok: false, code: 'network' };
  }
}
