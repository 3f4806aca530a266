import { type SQL, sql } from 'drizzle-orm';
import { notifications, outbox } from '../../../db/schema';
import type { Executor } from '../../../db/types';
import type { NotificationType } from '../../contract/notifications';
import type { Deps } from '../../deps';
import { jsonObject } from './events';

/**
 * What a user is told: an in-app notification and, with `email`, an email through the outbox (its payload
 * names the template and the recipient; the email is rendered when it is sent, and is due when created).
 * `S` is how a text or time is given, `V` any other value: plain values for `recordNotices`, SQL
 * expressions over a query's rows for `noticesFrom`, so both write the same rows.
 */
type NoticeOf<S, V, T> = {
  organizationId: S;
  userId: S;
  type: NotificationType;
  data: Record<string, V>;
  link: S;
  email: { template: string; data: Record<string, V> } | null;
  at: T;
};

export type Notice = NoticeOf<string, unknown, Date>;
export type NoticeSql = NoticeOf<SQL, SQL, SQL>;

/** Where the dashboard shows a lead (a notification's link). */
export const LEAD_PATH = '/app/leads/';

/** A lead's name as a notice tells it: first and last name, whichever it has. */
export function leadName(lead: { firstName?: string | null; lastName?: string | null }): string {
  return [lead.firstName, lead.lastName].filter(Boolean).join(' ');
}

/**
 * A lead's new assignee is told: the `lead.assigned` notification and the `lead-assigned` email, whether
 * routing assigned it as it arrived or a user did.
 */
export function leadAssignedNotice<S extends V, V, T>(n: {
  organizationId: S;
  userId: S;
  leadId: S;
  name: V;
  company: V;
  link: S;
  at: T;
}): NoticeOf<S, V, T> {
  return {
    organizationId: n.organizationId,
    userId: n.userId,
    type: 'lead.assigned',
    data: { leadId: n.leadId, name: n.name, company: n.company },
    link: n.link,
    email: { template: 'lead-assigned', data: { leadId: n.leadId } },
    at: n.at,
  };
}

/** Writes the notices' notifications and emails inside the caller's transaction (two statements at most). */
export async function recordNotices(
  deps: Pick<Deps, 'newId'>,
  db: Executor,
  notices: Notice[],
): Promise<void> {
  if (notices.length === 0) return;
  await db.insert(notifications).values(
    notices.map((n) => ({
      id: deps.newId('ntf'),
      organizationId: n.organizationId,
      userId: n.userId,
      type: n.type,
      data: n.data,
      link: n.link,
      createdAt: n.at,
    })),
  );
  await recordEmails(
    deps,
    db,
    notices.flatMap((n) =>
      n.email
        ? [
            {
              organizationId: n.organizationId,
              template: n.email.template,
              data: { userId: n.userId, ...n.email.data },
              at: n.at,
            },
          ]
        : [],
    ),
  );
}

/**
 * An email through the outbox, due when created: its payload names the template and the recipient (`userId`
 * for a user, `to` and `locale` for an address that has no user yet) and carries the template's data.
 * `organizationId` null is system mail that belongs to no organization (a sign-up's proof): no Outbox
 * page lists it.
 */
export type OutboxEmail = {
  organizationId: string | null;
  template: string;
  data: Record<string, unknown>;
  at: Date;
};

/** Queues emails inside the caller's transaction (one statement). */
export async function recordEmails(
  deps: Pick<Deps, 'newId'>,
  db: Executor,
  emails: OutboxEmail[],
): Promise<void> {
  if (emails.length === 0) return;
  await db.insert(outbox).values(
    emails.map((e) => ({
      id: deps.newId('out'),
      organizationId: e.organizationId,
      kind: 'email',
      payload: { template: e.template, ...e.data },
      nextAttemptAt: e.at,
      createdAt: e.at,
    })),
  );
}

/**
 * The set-based form: one notice per row of `from` that satisfies `where`, as the inserts of a WITH (the
 * notification, then the email when the notice has one). `ids` are the new rows' ids, expressions over
 * the same rows (made by `deps.newId('ntf')` and `deps.newId('out')`, as recordNotices makes them).
 */
export function noticesFrom(
  n: NoticeSql,
  ids: { notification: SQL; email: SQL },
  from: SQL,
  where?: SQL,
): SQL[] {
  const filter = where ? sql` where ${where}` : sql``;
  const inserts = [
    sql`insert into ${notifications} (id, organization_id, user_id, type, data, link, created_at)
      select ${ids.notification}, ${n.organizationId}, ${n.userId}, ${sql.raw(`'${n.type}'`)}, ${jsonObject(n.data)},
        ${n.link}, ${n.at}
      from ${from}${filter}`,
  ];
  if (n.email)
    inserts.push(sql`insert into ${outbox} (id, organization_id, kind, payload, next_attempt_at, created_at)
      select ${ids.email}, ${n.organizationId}, 'email',
        ${jsonObject({ template: sql.raw(`'${n.email.template}'::text`), userId: n.userId, ...n.email.data })}, ${n.at}, ${n.at}
      from ${from}${filter}`);
  return inserts;
}
