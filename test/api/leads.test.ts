import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leads } from '../../db/schema';
import { createTestOrg, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';

let t: TestApi;
let org: TestOrg;
let other: TestOrg;
const SCORES = [90, 75, 75, 75, 60, 40, 40, 10, 0, 100, 55, 75];

async function seedLeads(orgId: string, scores: number[], prefix: string) {
  await t.db.insert(leads).values(
    scores.map((score, i) => ({
      id: t.deps.newId('lead'),
      organizationId: orgId,
      lastName: `${prefix}${i}`,
      score,
    })),
  );
}

beforeAll(async () => {
  t = await setupApi();
  org = await createTestOrg(t);
  other = await createTestOrg(t);
  await seedLeads(org.organizationId, SCORES, 'Mine');
  await seedLeads(other.organizationId, [99, 98, 97], 'Theirs');
});
afterAll(() => t.close());

type Page = { items: Array<{ id: string; lastName: string; score: number }>; nextCursor: string | null };

describe('GET /api/leads', () => {
  it('requires a session', async () => {
    const res = await t.app.request('/api/leads');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it("lists only the caller's organization, best score first, across keyset pages", async () => {
    const s = await signIn(t, org.users.viewer.email);
    const seen: Page['items'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const res = await t.app.request(`/api/leads?limit=5${q}`, { headers: { cookie: s.cookie } });
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((l) => l.score)).toEqual([...SCORES].sort((a, b) => b - a));
    expect(new Set(seen.map((l) => l.id)).size).toBe(SCORES.length);
    expect(seen.every((l) => l.lastName.startsWith('Mine'))).toBe(true);
  });

  it.each([
    ['limit=101', '/limit'],
    ['limit=0', '/limit'],
    ['limit=abc', '/limit'],
    ['cursor=garbage', '/cursor'],
  ])('%s → 400 naming the parameter', async (query, pointer) => {
    const s = await signIn(t, org.users.viewer.email);
    const res = await t.app.request(`/api/leads?${query}`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: Array<{ pointer: string }> };
    expect(problem.code).toBe('invalid-parameter');
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });
});

describe('GET /api/leads/:id', () => {
  it("answers 404 for another organization's lead, exactly as for a missing one", async () => {
    const s = await signIn(t, org.users.owner.email);
    const [theirs] = await t.sql<{ id: string }>('select id from leads where organization_id = $1 limit 1', [
      other.organizationId,
    ]);
    const foreign = await t.app.request(`/api/leads/${theirs!.id}`, { headers: { cookie: s.cookie } });
    const missing = await t.app.request('/api/leads/lead_doesnotexist', { headers: { cookie: s.cookie } });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    const [a, b] = [
      (await foreign.json()) as Record<string, unknown>,
      (await missing.json()) as Record<string, unknown>,
    ];
    expect(a.code).toBe(b.code);
    expect(a.title).toBe(b.title);
  });

  it('returns an own lead', async () => {
    const s = await signIn(t, org.users.member.email);
    const [mine] = await t.sql<{ id: string }>('select id from leads where organization_id = $1 limit 1', [
      org.organizationId,
    ]);
    const res = await t.app.request(`/api/leads/${mine!.id}`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: mine!.id, email: null, status: 'NEW' });
  });
});
