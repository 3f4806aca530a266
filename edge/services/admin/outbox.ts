import { desc, eq, sql } from 'drizzle-orm';
import { outbox, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { OutboxList } from '../../contract/outbox';
import { PRIVATE_LINK_TEMPLATES, renderEmail } from '../../core/email-templates';

/**
 * The organization's latest emails as they are (or would be) sent: recipient, rendered subject and text in
 * the recipient's locale, status. What the embedded default shows instead of sending.
 */
export async function listOutbox(db: Db, organizationId: string, appUrl: string): Promise<OutboxList> {
  const rows = await db
    .select({
      id: outbox.id,
      payload: outbox.payload,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      // An email to a user, or to an address that has no user yet (an invitation's `to`).
      email: sql<string | null>`coalesce(${users.email}, ${outbox.payload}->>'to')`,
      name: sql<string | null>`coalesce(${users.name}, ${outbox.payload}->>'to')`,
      locale: sql<string | null>`coalesce(${users.locale}, ${outbox.payload}->>'locale')`,
    })
    .from(outbox)
    .leftJoin(users, eq(users.id, sql`${outbox.payload}->>'userId'`))
    .where(inOrg(outbox, organizationId, eq(outbox.kind, 'email')))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(100);
  return {
    items: rows.map((r) => {
      const template = typeof r.payload.template === 'string' ? r.payload.template : null;
      const shown =
        template && PRIVATE_LINK_TEMPLATES.has(template) ? { ...r.payload, link: '/app/' } : r.payload;
      const rendered = renderEmail(shown, r.locale, appUrl);
      return {
        id: r.id,
        template,
        to: r.email ? { email: r.email, name: r.name ?? r.email } : null,
        subject: rendered.subject,
        text: rendered.text,
        status: r.status,
        attempts: r.attempts,
        lastError: r.lastError,
        createdAt: r.createdAt.toISOString(),
        sentAt: r.sentAt?.toISOString() ?? null,
      };
    }),
  };
}
