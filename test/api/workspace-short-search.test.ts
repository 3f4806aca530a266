import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadList } from '../../edge/contract/leads';
import { defaultConfig } from '../../edge/deps';
import { WALK_LIMIT } from '../../edge/services/leads/list';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, copyLead, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
});
afterAll(() => t.close());

async function list(session: Session, query: string): Promise<LeadList> {
  const res = await call(t, session, 'GET', `/api/leads?${query}`);
  expect(res.status).toBe(200);
  return bodyOf<LeadList>(res);
}

/** Every page of a list, following the cursors: the last names in the order served. */
async function allPages(session: Session, query: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const page: LeadList = await list(session, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
    names.push(...page.items.map((i) => i.lastName));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

describe('GET /api/leads with a search of word starts only', () => {
  it('pages through every match in sort order, past leads that do not match', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const seed = (lastName: string, company: string, score: number, status = 'NEW' as const) =>
      seedLead(t, org, { lastName, company }, { score, status });
    await Promise.all([
      seed('Adler', 'Gmina Opole', 95),
      seed('Bauer', 'Acme', 90),
      seed('Cerny', 'Nord GmbH', 80),
      seed('Dvorak', 'Acme', 70),
      seed('Egger', 'Lagman s.r.o.', 65), // "gm" inside a word: not a word start
      seed('Fiala', 'Sud GmbH', 60),
      seed('Gmeiner', 'Acme', 50),
      seed('Horak', 'Acme', 40),
    ]);
    const bySort = ['Adler', 'Cerny', 'Fiala', 'Gmeiner'];
    expect(await allPages(sessions.member, 'q=gm&limit=2')).toEqual(bySort);
    expect(await allPages(sessions.member, 'q=GM&limit=1&order=asc')).toEqual([...bySort].reverse());
    expect(await allPages(sessions.member, 'q=gm&limit=3&sort=name')).toEqual(bySort);
    expect(await allPages(sessions.member, 'q=gm&limit=2&scoreMax=90')).toEqual([
      'Cerny',
      'Fiala',
      'Gmeiner',
    ]);
    expect(await allPages(sessions.member, 'q=nord%20gm&limit=2')).toEqual(['Cerny']);
    const first = await list(sessions.member, 'q=gm&limit=2');
    expect(first.counts).toEqual({ NEW: 4, CONTACTED: 0, QUALIFIED: 0, LOST: 0 });
  });

  it('finds a rare start whose matches lie beyond the rows it walks first', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const filler = await seedLead(t, org, { lastName: 'Filler', company: 'Acme' }, { score: 90 });
    await copyLead(t, filler, WALK_LIMIT + 10);
    await seedLead(t, org, { lastName: 'Zykova', company: 'Acme' }, { score: 10 });
    await seedLead(t, org, { lastName: 'Novak', company: 'Zyx Labs' }, { score: 5, status: 'CONTACTED' });
    expect(await allPages(sessions.member, 'q=zy&limit=1')).toEqual(['Zykova', 'Novak']);
    expect(await allPages(sessions.member, 'q=zy&limit=5&sort=name')).toEqual(['Novak', 'Zykova']);
    const page = await list(sessions.member, 'q=zy&status=CONTACTED');
    expect(page.items.map((i) => i.lastName)).toEqual(['Novak']);
    expect(page.counts).toEqual({ NEW: 1, CONTACTED: 1, QUALIFIED: 0, LOST: 0 });
  });

  it("does not find another organization's leads", async () => {
    const [a, b] = await Promise.all([orgWithSessions(t), orgWithSessions(t)]);
    await seedLead(t, a.org, { lastName: 'Gmelin', company: 'Acme' }, { score: 50 });
    await seedLead(t, b.org, { lastName: 'Gmund', company: 'Acme' }, { score: 99 });
    expect(await allPages(a.sessions.member, 'q=gm&limit=1')).toEqual(['Gmelin']);
  });
});
