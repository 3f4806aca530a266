import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomKeys, LeadList } from '../../edge/contract/leads';
import type { SavedView } from '../../edge/contract/saved-views';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, seedLead } from '../support/workspace';

const fold = (s: string | null | undefined) => (s ?? '').toLowerCase();

describe.each(['postgres', 'pglite'] as const)('the list’s columns on %s', (database) => {
  let t: TestApi;
  let setup: Awaited<ReturnType<typeof orgWithSessions>>;
  beforeAll(async () => {
    t = await setupApi({}, { database });
    setup = await orgWithSessions(t);
    const { org } = setup;
    await Promise.all([
      seedLead(
        t,
        org,
        { lastName: 'Adler', company: 'zeta' },
        {
          country: 'DE',
          campaign: 'Spring',
          custom: { plan: 'pro', seats: '12' },
        },
      ),
      seedLead(
        t,
        org,
        { lastName: 'Bauer', company: 'Alpha' },
        { campaign: 'autumn', country: null, custom: { region: 'x' } },
      ),
      seedLead(t, org, { lastName: 'Cerny', company: 'Mid' }, { campaign: null, country: 'CZ' }),
      seedLead(t, org, { lastName: 'Dvorak' }, { campaign: 'Spring', country: 'AT' }),
      seedLead(t, org, { lastName: 'Erben', company: 'beta' }, { campaign: 'Winter', country: 'ua' }),
    ]);
    // Another organization's custom keys are never listed.
    const other = await orgWithSessions(t);
    await seedLead(t, other.org, { lastName: 'Other' }, { custom: { secret: 'y' } });
  });
  afterAll(() => t.close());

  const list = async (query: string) =>
    bodyOf<LeadList>(await call(t, setup.sessions.member, 'GET', `/api/leads?${query}`));

  it('sends the earliest due time of each lead’s open tasks, done ones aside', async () => {
    const { org } = setup;
    const [adler, bauer] = await Promise.all(
      ['Adler', 'Bauer'].map(async (name) => {
        const [row] = await t.sql<{ id: string }>(
          `select id from leads where organization_id = $1 and last_name = $2`,
          [org.organizationId, name],
        );
        return row!.id;
      }),
    );
    const task = (id: string, leadId: string, dueAt: string, done = false) =>
      t.sql(`insert into tasks (id, organization_id, lead_id, due_at, done_at) values ($1, $2, $3, $4, $5)`, [
        id,
        org.organizationId,
        leadId,
        dueAt,
        done ? dueAt : null,
      ]);
    await task(`tsk_${database}_1`, adler!, '2026-01-01T08:00:00Z', true);
    await task(`tsk_${database}_2`, adler!, '2026-03-01T09:00:00Z');
    await task(`tsk_${database}_3`, adler!, '2026-02-01T09:30:00Z');
    await task(`tsk_${database}_4`, bauer!, '2026-05-01T10:00:00Z', true);
    const due = (items: LeadList['items']) =>
      Object.fromEntries(items.map((l) => [l.lastName, l.nextTaskDueAt]));
    const expected = {
      Adler: '2026-02-01T09:30:00.000Z',
      Bauer: null,
      Cerny: null,
      Dvorak: null,
      Erben: null,
    };
    expect(due((await list('sort=name')).items)).toEqual(expected);
    // A search page (the index walk reads the rows through a subquery) carries it too.
    expect(due((await list('q=adler')).items)).toEqual({ Adler: expected.Adler });
    // Not a sort key.
    expect((await call(t, setup.sessions.member, 'GET', '/api/leads?sort=task')).status).toBe(400);
  });

  it('sends country and custom attributes with every row', async () => {
    const { items } = await list('sort=name');
    expect(items.map((l) => [l.lastName, l.country, l.custom])).toEqual([
      ['Adler', 'DE', { plan: 'pro', seats: '12' }],
      ['Bauer', null, { region: 'x' }],
      ['Cerny', 'CZ', {}],
      ['Dvorak', 'AT', {}],
      ['Erben', 'ua', {}],
    ]);
  });

  it.each([
    ['company', 'asc', (l: LeadList['items'][number]) => fold(l.company)],
    ['company', 'desc', (l: LeadList['items'][number]) => fold(l.company)],
    ['campaign', 'asc', (l: LeadList['items'][number]) => fold(l.campaign)],
    ['campaign', 'desc', (l: LeadList['items'][number]) => fold(l.campaign)],
    ['country', 'asc', (l: LeadList['items'][number]) => fold(l.country)],
    ['country', 'desc', (l: LeadList['items'][number]) => fold(l.country)],
  ])(
    'sort=%s&order=%s pages by 2: each lead once, case-insensitive, missing values as empty',
    async (sort, order, key) => {
      const paged: LeadList['items'] = [];
      let cursor: string | null = null;
      do {
        const page: LeadList = await list(
          `sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(paged.map((l) => l.id)).size).toBe(5);
      const values = paged.map(key);
      const sorted = [...values].sort();
      expect(values).toEqual(order === 'asc' ? sorted : sorted.reverse());
    },
  );

  it('sorts by company ascending when no order is given', async () => {
    expect((await list('sort=company')).items.map((l) => l.lastName)).toEqual([
      'Dvorak',
      'Bauer',
      'Erben',
      'Cerny',
      'Adler',
    ]);
  });

  it.each(['custom:plan', 'email', 'owner'])(
    'refuses sort=%s with a field error (400 at /sort)',
    async (sort) => {
      const res = await call(t, setup.sessions.member, 'GET', `/api/leads?sort=${encodeURIComponent(sort)}`);
      expect(res.status).toBe(400);
      const problem = await bodyOf<{ errors: Array<{ pointer: string }> }>(res);
      expect(problem.errors.map((e) => e.pointer)).toContain('/sort');
    },
  );

  it('refuses a cursor of another text sort', async () => {
    const first = await list('sort=company&limit=2');
    const res = await call(
      t,
      setup.sessions.member,
      'GET',
      `/api/leads?sort=country&cursor=${first.nextCursor}`,
    );
    expect(res.status).toBe(400);
  });

  it('lists the organization’s custom attribute keys, sorted, for every role; nobody else’s', async () => {
    for (const role of ['viewer', 'member', 'owner'] as const) {
      const res = await call(t, setup.sessions[role], 'GET', '/api/leads/custom-keys');
      expect(res.status).toBe(200);
      expect(await bodyOf<CustomKeys>(res)).toEqual({ keys: ['plan', 'region', 'seats'], sampled: 5 });
    }
    expect((await call(t, null, 'GET', '/api/leads/custom-keys')).status).toBe(401);
  });

  it('leaves deleted leads’ keys out', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await seedLead(t, org, { lastName: 'Gone' }, { custom: { old: '1' }, deletedAt: new Date() });
    await seedLead(t, org, { lastName: 'Here' }, { custom: { kept: '1' } });
    const res = await call(t, sessions.viewer, 'GET', '/api/leads/custom-keys');
    expect(await bodyOf<CustomKeys>(res)).toEqual({ keys: ['kept'], sampled: 1 });
  });
});

describe('a saved view’s layout', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi();
  });
  afterAll(() => t.close());
  const layout = { columns: ['name', 'status', 'custom:plan', 'campaign'], density: 'compact' };

  it('keeps columns and density with the filter and sort, and changes them alone', async () => {
    const { sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.viewer, 'POST', '/api/saved-views', {
      name: 'Dense',
      filter: { sort: 'campaign', order: 'desc' },
      layout,
    });
    expect(res.status).toBe(201);
    const view = await bodyOf<SavedView>(res);
    expect(view).toMatchObject({ filter: { sort: 'campaign', order: 'desc' }, layout });
    const changed = await call(t, sessions.viewer, 'PATCH', `/api/saved-views/${view.id}`, {
      layout: { columns: ['company', 'name'], density: 'comfortable' },
    });
    expect(changed.status).toBe(200);
    const listed = await bodyOf<{ items: SavedView[] }>(
      await call(t, sessions.viewer, 'GET', '/api/saved-views'),
    );
    expect(listed.items[0]).toMatchObject({
      filter: { sort: 'campaign', order: 'desc' },
      layout: { columns: ['company', 'name'], density: 'comfortable' },
    });
    const [event] = await t.sql<{ data: { from: { layout: unknown } } }>(
      "select data from lead_events where entity_id = $1 and type = 'saved_view.updated'",
      [view.id],
    );
    expect(event?.data.from.layout).toEqual(layout);
  });

  it('has no layout unless one is sent', async () => {
    const { sessions } = await orgWithSessions(t);
    const view = await bodyOf<SavedView>(
      await call(t, sessions.member, 'POST', '/api/saved-views', { name: 'Plain', filter: {} }),
    );
    expect(view.layout).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ['an unknown column', { columns: ['name', 'colour'], density: 'compact' }, '/layout/columns/1'],
    ['no name column', { columns: ['company'], density: 'compact' }, '/layout/columns'],
    ['a column twice', { columns: ['name', 'name'], density: 'compact' }, '/layout/columns'],
    ['an empty custom key', { columns: ['name', 'custom:'], density: 'compact' }, '/layout/columns/1'],
    ['no columns', { columns: [], density: 'compact' }, '/layout/columns'],
    ['an unknown density', { columns: ['name'], density: 'tiny' }, '/layout/density'],
    ['an unknown field', { columns: ['name'], density: 'compact', width: 3 }, '/layout'],
  ])('refuses %s (422)', async (_name, bad, pointer) => {
    const { sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.member, 'POST', '/api/saved-views', {
      name: 'Bad',
      filter: {},
      layout: bad,
    });
    expect(res.status).toBe(422);
    const problem = await bodyOf<{ errors: Array<{ pointer: string }> }>(res);
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });
});
