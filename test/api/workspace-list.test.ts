import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_LIMIT, type LeadCounts, type LeadList } from '../../edge/contract/leads';
import { toBase64Url } from '../../edge/crypto/encoding';
import { defaultConfig } from '../../edge/deps';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
let org: TestOrg;
let member: Session;
const DAY = 86_400_000;
const now = Date.now();
const daysAgo = (n: number) => new Date(now - n * DAY);

/** The fixture: read-only for every test below (each test only lists). */
beforeAll(async () => {
  // One reader makes well over the 100 requests a minute a person may make.
  t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } });
  ({
    org,
    sessions: { member },
  } = await orgWithSessions(t));
  const { member: m, admin } = org.users;
  // Active today unless a lead says otherwise (ingestion would set the creation time).
  const seed = (raw: Parameters<typeof seedLead>[2], columns: Parameters<typeof seedLead>[3]) =>
    seedLead(t, org, raw, { lastActivityAt: new Date(now), ...columns });
  await Promise.all([
    seed(
      {
        firstName: 'Jan',
        lastName: 'Novák',
        company: 'Acme s.r.o.',
        email: 'Jan.Novak@example.cz',
        phone: '+420 601 123 456',
      },
      {
        score: 80,
        source: 'Website Form',
        campaign: 'Spring',
        tags: ['VIP', 'Hot'],
        assignedTo: m.id,
        createdAt: new Date('2026-01-10T12:00:00Z'),
        lastActivityAt: daysAgo(45),
      },
    ),
    seed(
      { firstName: 'Petra', lastName: 'Nováková', company: 'Beta GmbH' },
      {
        status: 'CONTACTED',
        score: 60,
        source: 'Trade Show',
        tags: ['VIP'],
        assignedTo: admin.id,
        createdAt: new Date('2026-02-01T08:00:00Z'),
        updatedAt: new Date('2026-02-20T08:00:00Z'),
        lastActivityAt: daysAgo(70),
      },
    ),
    seed(
      { firstName: 'Олександр', lastName: 'Шевченко', company: 'Київстар' },
      { status: 'QUALIFIED', score: 90, source: 'Referral', createdAt: new Date('2026-02-15T23:30:00Z') },
    ),
    seed(
      { firstName: 'Anna', lastName: 'Wu', company: 'Müller & Söhne' },
      {
        status: 'LOST',
        lossReason: 'NO_BUDGET',
        score: 40,
        source: 'Website Form',
        campaign: 'Spring',
        assignedTo: m.id,
        createdAt: new Date('2026-03-01T00:00:00Z'),
      },
    ),
    seed(
      { firstName: 'Li', lastName: 'Novakovic', company: 'Gamma Ltd' },
      { score: 40, createdAt: new Date('2026-03-01T00:00:00Z') },
    ),
    seed(
      { firstName: 'Zoë', lastName: 'Dvořák', company: 'Delta' },
      { score: 10, createdAt: new Date('2026-03-05T00:00:00Z') },
    ),
  ]);
  // Another organization with the same person: never visible here.
  const { org: other } = await orgWithSessions(t);
  await seedLead(
    t,
    other,
    { firstName: 'Jan', lastName: 'Novák', company: 'Acme s.r.o.', email: 'jan.novak@example.cz' },
    { score: 99 },
  );
});
afterAll(() => t.close());

async function list(query: string, session = member): Promise<LeadList> {
  const res = await call(t, session, 'GET', `/api/leads?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return bodyOf<LeadList>(res);
}

const names = (page: LeadList) => page.items.map((l) => l.lastName).sort();

describe('GET /api/leads filters and search', () => {
  it.each<[string, string[]]>([
    ['', ['Dvořák', 'Novakovic', 'Novák', 'Nováková', 'Wu', 'Шевченко']],
    ['status=NEW', ['Dvořák', 'Novakovic', 'Novák']],
    ['status=NEW,LOST', ['Dvořák', 'Novakovic', 'Novák', 'Wu']],
    ['assignee=me', ['Novák', 'Wu']],
    ['assignee=unassigned', ['Dvořák', 'Novakovic', 'Шевченко']],
    ['source=Website%20Form', ['Novák', 'Wu']],
    ['source=Referral,Trade%20Show', ['Nováková', 'Шевченко']],
    ['campaign=Spring', ['Novák', 'Wu']],
    ['scoreMin=50&scoreMax=85', ['Novák', 'Nováková']],
    ['scoreMax=40', ['Dvořák', 'Novakovic', 'Wu']],
    ['createdFrom=2026-02-01&createdTo=2026-02-15', ['Nováková', 'Шевченко']],
    ['createdFrom=2026-03-01T00:00:00Z', ['Dvořák', 'Novakovic', 'Wu']],
    ['updatedFrom=2026-02-20&updatedTo=2026-02-20', ['Nováková']],
    ['tags=VIP', ['Novák', 'Nováková']],
    ['tags=VIP,Hot', ['Novák']],
    ['stale=30', ['Novák', 'Nováková']],
    ['stale=60', ['Nováková']],
    ['q=Novak', ['Novakovic', 'Novák', 'Nováková']],
    ['q=nov%C3%A1k', ['Novakovic', 'Novák', 'Nováková']],
    ['q=NOV%C3%81KOV%C3%81', ['Nováková']],
    ['q=acme%20novak', ['Novák']],
    ['q=m%C3%BCller', ['Wu']],
    ['q=Muller', ['Wu']],
    ['q=%D0%9E%D0%BB%D0%B5%D0%BA%D1%81%D0%B0%D0%BD%D0%B4%D1%80', ['Шевченко']],
    ['q=%D1%88%D0%B5%D0%B2%D1%87%D0%B5%D0%BD%D0%BA%D0%BE', ['Шевченко']],
    ['q=%D0%BA%D0%B8%D1%97%D0%B2', ['Шевченко']],
    ['q=Wu', ['Wu']],
    ['q=li%20gamma', ['Novakovic']],
    ['q=50%25', []],
    ['q=nobody', []],
    ['q=jan.novak%40example.cz', ['Novák']],
    ['q=JAN.NOVAK%40EXAMPLE.CZ', ['Novák']],
    ['q=someone%40example.cz', []],
    ['q=%2B420601123456', ['Novák']],
    ['q=601%20123%20456', ['Novák']],
    ['status=NEW&q=novak', ['Novakovic', 'Novák']],
    ['assignee=me&status=LOST&source=Website%20Form', ['Wu']],
  ])('%s', async (query, expected) => {
    expect(names(await list(query))).toEqual(expected);
  });

  it('sends each row as the contract has it, without the cursor’s sort value', async () => {
    for (const query of ['limit=2', 'q=novak&limit=2', 'q=Wu&limit=2'])
      for (const item of (await list(query)).items) expect(Object.keys(item)).not.toContain('sortValue');
  });

  it("lists another user's assignments by id, with the unassigned", async () => {
    const page = await list(`assignee=${org.users.admin.id},unassigned`);
    expect(names(page)).toEqual(['Dvořák', 'Novakovic', 'Nováková', 'Шевченко']);
  });

  it('counts per status for the same filter, ignoring its status part, on the first page only', async () => {
    const first = await list('source=Website%20Form&status=NEW&limit=1');
    expect(first.counts).toEqual({ NEW: 1, CONTACTED: 0, QUALIFIED: 0, LOST: 1 });
    expect(names(first)).toEqual(['Novák']);
    const all = await list('limit=1');
    expect(all.counts).toEqual({ NEW: 3, CONTACTED: 1, QUALIFIED: 1, LOST: 1 });
    expect((await list(`limit=1&cursor=${all.nextCursor}`)).counts).toBeNull();
    expect((await list('limit=1&counts=false')).counts).toBeNull();
  });

  it('GET /api/leads/counts: the same counts for a filter alone, in the organization only', async () => {
    const counts = async (query: string) => {
      const res = await call(t, member, 'GET', `/api/leads/counts?${query}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return bodyOf<LeadCounts>(res);
    };
    for (const query of [
      'source=Website%20Form&status=NEW',
      '',
      'q=novak',
      'q=jan.novak%40example.cz',
      'tags=VIP',
    ])
      expect(await counts(query), query).toEqual({
        counts: (await list(`${query}&limit=1`)).counts,
        countLimit: COUNT_LIMIT,
      });
    // The other organization's Novák (same email) is not counted.
    expect((await counts('q=jan.novak%40example.cz')).counts).toEqual({
      NEW: 1,
      CONTACTED: 0,
      QUALIFIED: 0,
      LOST: 0,
    });
    const viewer = await call(t, (await orgWithSessions(t)).sessions.viewer, 'GET', '/api/leads/counts');
    expect(await bodyOf<LeadCounts>(viewer)).toEqual({
      counts: { NEW: 0, CONTACTED: 0, QUALIFIED: 0, LOST: 0 },
      countLimit: COUNT_LIMIT,
    });
    expect((await call(t, null, 'GET', '/api/leads/counts')).status).toBe(401);
  });

  it.each([
    ['status=OPEN', '/status'],
    ['scoreMin=80&scoreMax=20', '/scoreMax'],
    ['q=x', '/q'],
    ['limit=10', '/limit'],
    ['cursor=abc', '/cursor'],
  ])('GET /api/leads/counts?%s → 400 naming %s', async (query, pointer) => {
    const res = await call(t, member, 'GET', `/api/leads/counts?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await bodyOf<{ code: string; errors: Array<{ pointer: string }> }>(res);
    expect(problem.code).toBe('invalid-parameter');
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('sends the workspace fields on each row', async () => {
    const [lead] = (await list('q=jan.novak%40example.cz')).items;
    expect(lead).toMatchObject({
      tags: ['VIP', 'Hot'],
      campaign: 'Spring',
      lossReason: null,
      assignee: { id: org.users.member.id },
      // Days in stage count from here (the seed entered NEW when it was created).
      statusChangedAt: '2026-01-10T12:00:00.000Z',
    });
  });
});

describe('GET /api/leads sorting and keyset pages', () => {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
  const keys: Record<string, (l: LeadList['items'][number]) => number | string> = {
    score: (l) => l.score,
    created: (l) => Date.parse(l.createdAt),
    activity: (l) => Date.parse(l.lastActivityAt!),
    name: (l) => fold(l.lastName),
  };

  it.each([
    ['score', 'desc'],
    ['score', 'asc'],
    ['created', 'desc'],
    ['created', 'asc'],
    ['activity', 'desc'],
    ['name', 'asc'],
    ['name', 'desc'],
  ])('sort=%s&order=%s: pages of 2 give the single page, each lead once, in order', async (sort, order) => {
    const whole = await list(`sort=${sort}&order=${order}&limit=100`);
    const paged: LeadList['items'] = [];
    let cursor: string | null = null;
    do {
      const page: LeadList = await list(
        `sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((l) => l.id)).toEqual(whole.items.map((l) => l.id));
    expect(new Set(paged.map((l) => l.id)).size).toBe(6);
    const values = paged.map(keys[sort]!);
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(values).toEqual(order === 'asc' ? sorted : sorted.reverse());
  });

  it('sorts by score, best first, by default; by name accent-insensitively', async () => {
    expect((await list('')).items.map((l) => l.score)).toEqual([90, 80, 60, 40, 40, 10]);
    const byName = (await list('sort=name')).items.map((l) => l.lastName);
    expect(byName.slice(0, 5)).toEqual(['Dvořák', 'Novák', 'Nováková', 'Novakovic', 'Wu']);
  });

  it('pages a search too', async () => {
    const first = await list('q=novak&limit=2&sort=name');
    expect(first.items.map((l) => l.lastName)).toEqual(['Novák', 'Nováková']);
    const second = await list(`q=novak&limit=2&sort=name&cursor=${first.nextCursor}`);
    expect(second.items.map((l) => l.lastName)).toEqual(['Novakovic']);
    expect(second.nextCursor).toBeNull();
  });
});

describe('GET /api/leads bad parameters', () => {
  const forged = (c: object) => toBase64Url(new TextEncoder().encode(JSON.stringify(c)));

  it.each([
    ['status=OPEN', '/status'],
    ['status=NEW&status=LOST', '/status'],
    ['assignee=not%20an%20id!', '/assignee'],
    ['scoreMin=-1', '/scoreMin'],
    ['scoreMax=101', '/scoreMax'],
    ['scoreMin=abc', '/scoreMin'],
    ['scoreMin=80&scoreMax=20', '/scoreMax'],
    ['createdFrom=yesterday', '/createdFrom'],
    ['createdTo=2026-02-30', '/createdTo'],
    ['createdFrom=2026-03-01&createdTo=2026-02-01', '/createdTo'],
    ['updatedFrom=2026-13-01', '/updatedFrom'],
    ['stale=10', '/stale'],
    ['sort=random', '/sort'],
    ['order=up', '/order'],
    ['counts=maybe', '/counts'],
    ['q=x', '/q'],
    ['q=a%20b', '/q'],
    [`cursor=${'x'.repeat(501)}`, '/cursor'],
    [`sort=created&cursor=${forged({ s: 'score', d: 'desc', v: '10', i: 'lead_x' })}`, '/cursor'],
    [`cursor=${forged({ s: 'score', d: 'desc', v: '1; drop table leads', i: 'lead_x' })}`, '/cursor'],
    [`sort=created&cursor=${forged({ s: 'created', d: 'desc', v: '2026-01-01', i: 'lead_x' })}`, '/cursor'],
    [`cursor=${forged({ s: 'score', d: 'desc', v: 5, i: 'lead_x' })}`, '/cursor'],
    [`cursor=${forged([1, 2])}`, '/cursor'],
  ])('%s → 400 naming %s', async (query, pointer) => {
    const res = await call(t, member, 'GET', `/api/leads?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await bodyOf<{ code: string; errors: Array<{ pointer: string }> }>(res);
    expect(problem.code).toBe('invalid-parameter');
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('treats a forged but well-formed cursor value as a position, not an error', async () => {
    const cursor = forged({ s: 'created', d: 'desc', v: '-99999999999999999', i: '' });
    expect((await list(`sort=created&cursor=${cursor}`)).items).toEqual([]);
  });
});

describe('GET /api/leads?converted=', () => {
  it('lists converted leads apart from the open ones, each row saying when it was converted', async () => {
    const { org: own, sessions } = await orgWithSessions(t);
    const convertedAt = new Date(now - DAY);
    const [open, converted] = await Promise.all([
      seedLead(t, own, { lastName: 'Open' }, { status: 'QUALIFIED' }),
      seedLead(t, own, { lastName: 'Converted' }, { status: 'QUALIFIED', convertedAt }),
    ]);
    const list = async (query: string) =>
      bodyOf<LeadList>(await call(t, sessions.member, 'GET', `/api/leads?status=QUALIFIED${query}`));
    const notConverted = await list('&converted=false');
    expect(notConverted.items.map((l) => [l.id, l.convertedAt])).toEqual([[open, null]]);
    expect(notConverted.counts?.QUALIFIED).toBe(1);
    const onlyConverted = await list('&converted=true');
    expect(onlyConverted.items.map((l) => [l.id, l.convertedAt])).toEqual([
      [converted, convertedAt.toISOString()],
    ]);
    expect((await list('')).items).toHaveLength(2);
  });
});
