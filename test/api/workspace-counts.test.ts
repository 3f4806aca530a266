import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_LIMIT, type LeadList } from '../../edge/contract/leads';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, copyLead, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

describe('GET /api/leads counts', () => {
  it('counts each status up to the limit and says where it stops', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const many = await seedLead(t, org, { lastName: 'Many', company: 'Gmbh Holding' });
    await copyLead(t, many, COUNT_LIMIT + 5);
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
    await copyLead(t, many, COUNT_LIMIT * 4 + 5);
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
