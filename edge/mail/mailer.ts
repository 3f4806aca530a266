/** One email to send: already rendered, addressed, with a key that makes a retried send a no-op. */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The outbox row id: the provider drops a second request with the same key (a retry after a timeout). */
  idempotencyKey: string;
};

/** The provider's answer: its message id, or why not and whether trying again later may help. */
export type MailResult = { ok: true; id: string } | { ok: false; retryable: boolean; error: string };

/** Sends email. Production: an HTTP transport (./resend.ts); the embedded default has none (Outbox page). */
export interface Mailer {
  send(message: MailMessage): Promise<MailResult>;
}
