import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_LIMIT, type LeadList } from '../../edge/contract/leads';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

/** Copies a stored lead `times` times (new ids), the fastest way to pass the count limit. */
async function copies(leadId: string, times: number): Promise<void> {
  const columns = (
    await t.sql<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'leads' and column_name <> 'id'`,
    )
  ).map((c) => `"${c.column_name}"`);
  await t.sql(
    `insert into leads (id, ${columns.join(', ')})
     select $1 || g, ${columns.map((c) => `l.${c}`).join(', ')} from leads l, generate_series(1, $2::int) g
     where l.id = $3`,
    [`${leadId}_copy_`, times, leadId],
  );
}

describe('GET /api/leads counts', () => {
  it('counts each status up to the limit and says where it stops', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const many = await seedLead(t, org, { lastName: 'Many', company: 'Gmbh Holding' });
    await copies(many, COUNT_LIMIT + 5);
    await seedLead(t, org, { lastName: 'Few', company: 'Gmbh Holding' }, { status: 'CONTACTED' });
    const res = await call(t, sessions.member, 'GET', '/api/leads?q=gm&limit=5');
    expect(res.status).toBe(200);
    const page = await bodyOf<LeadList>(res);
    expect(page.countLimit).toBe(COUNT_LIMIT);
    expect(page.counts).toEqual({ NEW: COUNT_LIMIT, CONTACTED: 1, QUALIFIED: 0, LOST: 0 });
    expect(page.items).toHaveLength(5);
  });

  it('counts the statuses under the limit exactly when other statuses pass it many times over', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const many = await seedLead(t, org, { lastName: 'Many', company: 'Acme' }, { source: 'Partner' });
    // More than one pass samples (the limit for every status), all of one status.
    await copies(many, COUNT_LIMIT * 4 + 5);
    await seedLead(t, org, { lastName: 'One', company: 'Acme' }, { source: 'Partner', status: 'CONTACTED' });
    await seedLead(t, org, { lastName: 'Two', company: 'Acme' }, { source: 'Partner', status: 'LOST' });
    await seedLead(t, org, { lastName: 'Three', company: 'Acme' }, { source: 'Partner', status: 'LOST' });
    await seedLead(t, org, { lastName: 'Other', company: 'Acme' }, { source: 'Import', status: 'LOST' });
    const page = await bodyOf<LeadList>(
      await call(t, sessions.member, 'GET', '/api/leads?source=Partner&limit=1'),
    );
    expect(page.counts).toEqual({ NEW: COUNT_LIMIT, CONTACTED: 1, QUALIFIED: 0, LOST: 2 });
    const few = await bodyOf<LeadList>(await call(t, sessions.member, 'GET', '/api/leads?source=Import'));
    expect(few.counts).toEqual({ NEW: 0, CONTACTED: 0, QUALIFIED: 0, LOST: 1 });
  });
});
