import { eq, isNull, sql } from 'drizzle-orm';
import { leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import { AppError } from '../../core/errors';
import { escapeLike } from '../../core/search';
import { addTags, MAX_TAGS_PER_LEAD, removeTag, type TagChange } from '../../core/tags';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { assertNotConverted, changeLead, leadEvent } from './access';
import type { LeadRow } from './get';

type TagsResult = { tags: string[]; version: number };

/** Adds tags to a lead (case-insensitively new ones only); one `tags_changed` event with before/after. */
export async function addLeadTags(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Db,
  auth: Auth,
  leadId: string,
  tags: string[],
  expectedVersion: number | undefined,
): Promise<TagsResult> {
  return changeLead(deps, db, auth, leadId, expectedVersion, async (tx, lead, now) => {
    const change = addTags(lead.tags, tags);
    if (!change)
      throw new AppError('validation-failed', {
        detail: `A lead has at most ${MAX_TAGS_PER_LEAD} tags.`,
        errors: [
          {
            pointer: '/tags',
            detail: `At most ${MAX_TAGS_PER_LEAD} tags per lead`,
            code: 'too_big',
            params: { maximum: MAX_TAGS_PER_LEAD, origin: 'array' },
          },
        ],
      });
    return writeTags(tx, auth, lead, change, now);
  });
}

/** Removes one tag (any case); removing a tag the lead does not have changes nothing. */
export async function removeLeadTag(
  deps: Pick<Deps, 'now' | 'pii'>,
  db: Db,
  auth: Auth,
  leadId: string,
  tag: string,
  expectedVersion: number | undefined,
): Promise<TagsResult> {
  return changeLead(deps, db, auth, leadId, expectedVersion, (tx, lead, now) =>
    writeTags(tx, auth, lead, removeTag(lead.tags, tag), now),
  );
}

async function writeTags(
  tx: Tx,
  auth: Auth,
  lead: LeadRow,
  change: TagChange,
  now: Date,
): Promise<TagsResult> {
  assertNotConverted(lead);
  if (change.added.length === 0 && change.removed.length === 0)
    return { tags: lead.tags, version: lead.version };
  const version = lead.version + 1;
  await tx
    .update(leads)
    .set({ tags: change.tags, version, updatedAt: now, lastActivityAt: now })
    .where(eq(leads.id, lead.id));
  await recordEvents(tx, [
    {
      ...leadEvent(auth, lead.id, now),
      type: 'tags_changed',
      data: { added: change.added, removed: change.removed, from: lead.tags, to: change.tags, version },
    },
  ]);
  return { tags: change.tags, version };
}

/**
 * Tags in use in the organization that start with `q` (any case), most used first: the autocomplete
 * source. Counted over live leads; unnesting is a scan of the organization's leads, acceptable for an
 * autocomplete that the dashboard debounces (a tag vocabulary table would take over at large scale).
 */
export async function suggestTags(db: Db, organizationId: string, q: string | undefined, limit: number) {
  const prefix = `${escapeLike((q ?? '').trim().toLowerCase())}%`;
  const tag = sql<string>`t.tag`;
  const rows = await db
    .select({ tag, count: sql<number>`count(*)::int` })
    .from(leads)
    .innerJoin(sql`unnest(${leads.tags}) as t(tag)`, sql`true`)
    .where(inOrg(leads, organizationId, isNull(leads.deletedAt), sql`lower(t.tag) like ${prefix}`))
    .groupBy(tag)
    .orderBy(sql`count(*) desc`, tag)
    .limit(limit);
  return { items: rows };
}
