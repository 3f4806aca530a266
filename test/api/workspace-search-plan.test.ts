import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import type { Db } from '../../db/types';
import { type LeadList, LeadListQuerySchema } from '../../edge/contract/leads';
import { createCaches, defaultConfig } from '../../edge/deps';
import { listLeads } from '../../edge/services/leads/list';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, copyLead, orgWithSessions, type Session, seedLead } from '../support/workspace';

// A text search asks the planner whether to walk the sort index (a search matching many leads) or to sort
// the trigram index's matches (a rare one), and in an organization that is most of the table filters on the
// organization instead of reading its index. Whichever way a page is read, it must hold the same leads in the
// same order as the plain definition: every live lead of the organization matching the search, by score.

let t: TestApi;
let pool: pg.Pool;
let logged: string[] = [];
let db: Db;
beforeAll(async () => {
  t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
  pool = new pg.Pool({ connectionString: t.url, max: 4 });
  db = drizzle({
    client: pool,
    schema,
    casing: 'snake_case',
    logger: { logQuery: (text) => logged.push(text) },
  }) as unknown as Db;
});
afterAll(async () => {
  await pool.end();
  await t.close();
});

/** Every page of a list through the API, following the cursors: the ids in the order served. */
async function allPages(session: Session, query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(t, session, 'GET', `/api/leads?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const page: LeadList = await bodyOf<LeadList>(res);
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** The definition: the organization's live leads whose folded text holds `term`, by score, then id. */
async function expected(org: TestOrg, term: string, order: 'desc' | 'asc' = 'desc'): Promise<string[]> {
  const rows = await t.sql<{ id: string }>(
    `select id from leads where organization_id = $1 and deleted_at is null and search_text like $2
     order by score ${order}, id ${order === 'desc' ? 'asc' : 'desc'}`,
    [org.organizationId, `%${term}%`],
  );
  return rows.map((r) => r.id);
}

/** The service run directly, its SQL recorded: which way it read the page. */
async function served(org: TestOrg, q: string) {
  logged = [];
  const query = LeadListQuerySchema.parse({ q, limit: '50' });
  const list = await listLeads(
    { pii: t.deps.pii, caches: createCaches() },
    db,
    { organizationId: org.organizationId, userId: null, now: new Date() },
    query,
  );
  return {
    list,
    asked: logged.some((s) => s.startsWith('explain (format json)')),
    walked: logged.some((s) => /from \(select .* limit \$\d+\) "leads"/s.test(s)),
    orgUnindexed: logged.some((s) => s.includes(`("leads"."organization_id" || '') =`)),
  };
}

describe('GET /api/leads: the planned search paths', () => {
  let big: { org: TestOrg; sessions: Record<string, Session> };
  let small: { org: TestOrg; sessions: Record<string, Session> };

  beforeAll(async () => {
    big = await orgWithSessions(t);
    small = await orgWithSessions(t);
    const common = await seedLead(t, big.org, { lastName: 'Novak', company: 'Servis Praha s.r.o.' });
    const other = await seedLead(t, big.org, { lastName: 'Dvorak', company: 'Acme' });
    await copyLead(t, common, 2_500, { spreadScores: true });
    await copyLead(t, other, 1_500, { spreadScores: true });
    for (const [i, lastName] of ['Zykova', 'Zykova', 'Zýková'].entries())
      await seedLead(t, big.org, { lastName, company: 'Acme' }, { score: 30 + i });
    // A deleted match is never listed, and another organization's never either.
    await seedLead(t, big.org, { lastName: 'Zykova', company: 'Servis' }, { deletedAt: new Date() });
    for (let i = 0; i < 20; i++)
      await seedLead(t, small.org, { lastName: `Small${i}`, company: 'Servis Brno' }, { score: i });
    await t.sql('analyze leads');
  }, 60_000);

  it('walks the sort index for a common term, and serves every match once, in order', async () => {
    const s = await served(big.org, 'servis');
    expect(s).toMatchObject({ asked: true, walked: true, orgUnindexed: true });
    const all = await expected(big.org, 'servis');
    expect(all.length).toBe(2_501);
    expect(s.list.items.map((i) => i.id)).toEqual(all.slice(0, 50));
    expect(s.list.counts).toEqual({ NEW: 1_000, CONTACTED: 0, QUALIFIED: 0, LOST: 0 });
    expect(await allPages(big.sessions.viewer!, 'q=servis&limit=100')).toEqual(all);
    expect(await allPages(big.sessions.viewer!, 'q=SERVIS&limit=100&order=asc')).toEqual(
      await expected(big.org, 'servis', 'asc'),
    );
  }, 60_000);

  it.each([
    ['created', 'created_at', 'desc'],
    ['activity', 'last_activity_at', 'desc'],
    ['name', 'coalesce(last_name_key, lower(last_name))', 'asc'],
  ] as const)(
    'walks for a common term sorted by %s too, every match once, in order',
    async (sort, column, dir) => {
      const rows = await t.sql<{ id: string }>(
        `select id from leads where organization_id = $1 and deleted_at is null and search_text like '%servis%'
       order by ${column} ${dir}, id asc`,
        [big.org.organizationId],
      );
      expect(rows.length).toBe(2_501);
      expect(await allPages(big.sessions.viewer!, `q=servis&limit=100&sort=${sort}`)).toEqual(
        rows.map((r) => r.id),
      );
    },
    60_000,
  );

  it('sorts the trigram matches for a rare term, accents folded, the organization filtered', async () => {
    const s = await served(big.org, 'zykova');
    expect(s).toMatchObject({ asked: true, walked: false, orgUnindexed: true });
    const all = await expected(big.org, 'zykova');
    expect(all.length).toBe(3);
    expect(s.list.items.map((i) => i.id)).toEqual(all);
    expect(s.list.counts).toEqual({ NEW: 3, CONTACTED: 0, QUALIFIED: 0, LOST: 0 });
    expect(await allPages(big.sessions.member!, 'q=Z%C3%BDkov%C3%A1&limit=2')).toEqual(all);
  });

  it('keeps the organization index for an organization that is a small share of the table', async () => {
    const s = await served(small.org, 'servis');
    expect(s.orgUnindexed).toBe(false);
    const all = await expected(small.org, 'servis');
    expect(all.length).toBe(20);
    expect(s.list.items.map((i) => i.id)).toEqual(all);
    expect(await allPages(small.sessions.viewer!, 'q=servis&limit=7')).toEqual(all);
  });
});
