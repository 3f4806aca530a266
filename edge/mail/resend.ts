import type { Mailer, MailMessage, MailResult } from './mailer';

/** Resend's send-email endpoint (https://resend.com/docs/api-reference/emails/send-email). */
export const RESEND_ENDPOINT = 'https://api.resend.com/emails';

export type ResendConfig = {
  /** Overridable for a regional endpoint, a relay speaking the same wire format, or a test's fake. */
  endpoint: string;
  apiKey: string;
  /** The sender, e.g. `Leadgate <leads@example.com>` (a domain verified with the provider). */
  from: string;
};

/**
 * The HTTP transport: Resend's documented wire format. `POST /emails` with `Authorization: Bearer <key>`,
 * an `Idempotency-Key` header, and JSON `{ from, to: [..], subject, html, text }`; 200 answers `{ id }`,
 * errors answer `{ statusCode, name, message }`. 429 and 5xx are worth retrying; other 4xx are not
 * (a bad address or key will not fix itself).
 */
export class ResendMailer implements Mailer {
  constructor(
    private readonly config: ResendConfig,
    private readonly fetchFn: typeof fetch,
  ) {}

  async send(message: MailMessage): Promise<MailResult> {
    let response: Response;
    try {
      response = await this.fetchFn(this.config.endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.config.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': message.idempotencyKey,
        },
        body: JSON.stringify({
          from: this.config.from,
          to: [message.to],
          subject: message.subject,
          html: message.html,
          text: message.text,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      return { ok: false, retryable: true, error: `network: ${String(error)}` };
    }
    const body = (await response.json().catch(() => null)) as { id?: unknown; message?: unknown } | null;
    if (response.ok && typeof body?.id === 'string') return { ok: true, id: body.id };
    const retryable = response.status === 429 || response.status >= 500;
    const detail = typeof body?.message === 'string' ? body.message : 'no message';
    return { ok: false, retryable, error: `${response.status}: ${detail}`.slice(0, 500) };
  }
}
