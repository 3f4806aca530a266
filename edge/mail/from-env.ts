import type { Mailer } from './mailer';
import { RESEND_ENDPOINT, ResendMailer } from './resend';

/** The mail settings both entries read from their environment. */
export type MailEnv = { MAIL_API_KEY?: string; MAIL_FROM?: string; MAIL_ENDPOINT?: string };

/**
 * The HTTP transport when an API key and a sender are configured; otherwise none, and the emails stay in
 * the outbox (visible on the dashboard's Outbox page).
 */
export function mailerFromEnv(env: MailEnv, fetchFn: typeof fetch): Mailer | undefined {
  if (!env.MAIL_API_KEY || !env.MAIL_FROM) return undefined;
  return new ResendMailer(
    { endpoint: env.MAIL_ENDPOINT ?? RESEND_ENDPOINT, apiKey: env.MAIL_API_KEY, from: env.MAIL_FROM },
    fetchFn,
  );
}
