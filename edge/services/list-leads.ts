import { and, asc, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { leads, users } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Db } from '../../db/types';
import type { LeadList, LeadListQuery } from '../contract/leads';
import { fromBase64Url, toBase64Url } from '../crypto/encoding';
import { AppError } from '../http/errors';

type Cursor = { s: number; i: string };

function encodeCursor(c: Cursor): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(c)));
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(new TextDecoder().decode(fromBase64Url(text))) as Cursor;
    if (typeof c.s === 'number' && Number.isInteger(c.s) && typeof c.i === 'string') return c;
  } catch {
    // fall through to the problem below
  }
  throw new AppError('invalid-parameter', 'cursor is not a cursor this API returned', [
    { pointer: '/cursor', detail: 'Invalid cursor' },
  ]);
}

/** The organization's leads, best score first, keyset-paginated on (score desc, id). */
export async function listLeads(db: Db, organizationId: string, query: LeadListQuery): Promise<LeadList> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db
    .select({
      id: leads.id,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      title: leads.title,
      status: leads.status,
      score: leads.score,
      source: leads.source,
      assigneeId: leads.assignedTo,
      assigneeName: users.name,
      createdAt: leads.createdAt,
    })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.assignedTo))
    .where(
      inOrg(
        leads,
        organizationId,
        isNull(leads.deletedAt),
        after
          ? or(lt(leads.score, after.s), and(eq(leads.score, after.s), gt(leads.id, after.i)))
          : undefined,
      ),
    )
    .orderBy(desc(leads.score), asc(leads.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      firstName: r.firstName,
      lastName: r.lastName,
      company: r.company,
      title: r.title,
      status: r.status,
      score: r.score,
      source: r.source,
      assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '' } : null,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ s: last.score, i: last.id }) : null,
  };
}
