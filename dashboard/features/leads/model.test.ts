import type { LeadCounts, LeadList, LeadListItem } from '@contract/leads';
import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiResult } from '../../api/client';
import { appendPage, LeadsModel, leadName } from './model';
import { EMPTY_QUERY } from './query';

const lead = (id: string, score = 50): LeadListItem => ({
  id,
  firstName: null,
  lastName: `Lead ${id}`,
  company: null,
  title: null,
  status: 'NEW',
  score,
  source: null,
  assignee: null,
  createdAt: '2025-01-01T00:00:00Z',
});

/** An API whose listLeads answers are released by the test, in any order. */
function controllableApi() {
  const calls: { cursor: string | null | undefined; resolve: (result: ApiResult<LeadList>) => void }[] = [];
  const api = {
    listLeads: ({ cursor }) =>
      new Promise<ApiResult<LeadList>>((resolve) => {
        calls.push({ cursor, resolve });
      }),
    countLeads: (): Promise<ApiResult<LeadCounts>> => new Promise(() => {}),
  } as Partial<ApiClient> as ApiClient;
  return { api, calls };
}

/** Lets answers already given reach the model (they resolve in later microtasks). */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

const page = (ids: string[], nextCursor: string | null) =>
  ({ ok: true, data: { items: ids.map((id) => lead(id)), nextCursor } }) as const;

describe('leadName', () => {
  it.each([
    [{ firstName: 'Ada', lastName: 'Lovelace' }, 'Ada Lovelace'],
    [{ firstName: null, lastName: 'Nakamura' }, 'Nakamura'],
    [{ firstName: '太郎', lastName: '山田' }, '太郎 山田'],
  ])('%o → %s', (input, expected) => {
    expect(leadName(input)).toBe(expected);
  });
});

describe('appendPage', () => {
  it('appends and drops leads already shown', () => {
    const result = appendPage([lead('a'), lead('b')], [lead('b'), lead('c')]);
    expect(result.map((l) => l.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('LeadsModel', () => {
  it('loads the first page, then appends the next one by cursor', async () => {
    const { api, calls } = controllableApi();
    const model = new LeadsModel();

    const first = model.refresh(api);
    expect(model.phase.value).toBe('loading');
    calls[0]?.resolve(page(['a', 'b'], 'c1'));
    expect(await first).toBe(true);
    expect(model.count.value).toBe(2);
    expect(model.hasMore.value).toBe(true);

    const more = model.loadMore(api);
    expect(model.phase.value).toBe('loading-more');
    expect(calls[1]?.cursor).toBe('c1');
    calls[1]?.resolve(page(['c'], null));
    await more;
    expect(model.items.value.map((l) => l.id)).toEqual(['a', 'b', 'c']);
    expect(model.hasMore.value).toBe(false);
    expect(model.phase.value).toBe('ready');
    expect(await model.loadMore(api)).toBe(false);
  });

  it('drops a slow answer that a refresh has superseded', async () => {
    const { api, calls } = controllableApi();
    const model = new LeadsModel();
    const first = model.refresh(api);
    calls[0]?.resolve(page(['a'], 'c1'));
    await first;

    const more = model.loadMore(api);
    const again = model.refresh(api);
    calls[2]?.resolve(page(['x', 'y'], null));
    await again;
    calls[1]?.resolve(page(['b'], 'c2'));
    expect(await more).toBe(false);
    expect(model.items.value.map((l) => l.id)).toEqual(['x', 'y']);
    expect(model.nextCursor.value).toBeNull();
  });

  it('keeps what is shown and records the problem when a page fails', async () => {
    const { api, calls } = controllableApi();
    const model = new LeadsModel();
    const first = model.refresh(api);
    calls[0]?.resolve(page(['a'], 'c1'));
    await first;

    const more = model.loadMore(api);
    calls[1]?.resolve({
      ok: false,
      problem: { type: 'about:blank', title: '', status: 0, code: 'network-error' },
    });
    expect(await more).toBe(false);
    expect(model.phase.value).toBe('error');
    expect(model.problem.value?.code).toBe('network-error');
    expect(model.count.value).toBe(1);
    expect(model.hasMore.value).toBe(true);
  });

  it('forgets everything on reset, including answers still in flight', async () => {
    const { api, calls } = controllableApi();
    const model = new LeadsModel();
    const first = model.refresh(api);
    model.reset();
    calls[0]?.resolve(page(['a'], null));
    expect(await first).toBe(false);
    expect(model.count.value).toBe(0);
    expect(model.phase.value).toBe('idle');
  });
});

describe('LeadsModel queries', () => {
  it('sends the query with each page, asks for the counts beside it, and sums the shown statuses', async () => {
    const sent: Array<Record<string, string> | undefined> = [];
    const counted: Array<Record<string, string>> = [];
    const counts = { NEW: 3, CONTACTED: 2, QUALIFIED: 1, LOST: 4 };
    const api = {
      listLeads: async ({ params }) => {
        sent.push(params);
        return { ok: true, data: { items: [lead('a')], nextCursor: null, counts: null } };
      },
      countLeads: async (params) => {
        counted.push(params);
        return { ok: true, data: { counts, countLimit: 1_000 } };
      },
    } as ApiClient;
    const model = new LeadsModel();
    await model.setQuery(api, { ...EMPTY_QUERY, q: 'acme', status: ['NEW', 'LOST'] });
    await settled();
    expect(sent).toEqual([{ q: 'acme', status: 'NEW,LOST', counts: 'false' }]);
    expect(counted).toEqual([{ q: 'acme', status: 'NEW,LOST' }]);
    expect(model.counts.value).toEqual(counts);
    expect(model.total.value).toBe(7);
    expect(await model.setQuery(api, { ...EMPTY_QUERY, q: 'acme', status: ['NEW', 'LOST'] })).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('never shows the counts of an earlier query beside a later page', async () => {
    const countCalls: Array<{ q: string | undefined; resolve: (r: ApiResult<LeadCounts>) => void }> = [];
    const api = {
      listLeads: async () => ({ ok: true, data: { items: [lead('a')], nextCursor: null, counts: null } }),
      countLeads: (params: Record<string, string>) =>
        new Promise<ApiResult<LeadCounts>>((resolve) => countCalls.push({ q: params.q, resolve })),
    } as unknown as ApiClient;
    const counted = (n: number) =>
      ({
        ok: true,
        data: { counts: { NEW: n, CONTACTED: 0, QUALIFIED: 0, LOST: 0 }, countLimit: 1_000 },
      }) as const;
    const model = new LeadsModel();
    await model.setQuery(api, { ...EMPTY_QUERY, q: 'acme' });
    countCalls[0]!.resolve(counted(5));
    await settled();
    expect(model.counts.value?.NEW).toBe(5);
    await model.setQuery(api, { ...EMPTY_QUERY, q: 'acme gmbh' });
    // The new page is shown; the old query's counts are not, and neither are they when they come late.
    expect(model.counts.value).toBeNull();
    await model.setQuery(api, { ...EMPTY_QUERY, q: 'acme s.r.o.' });
    countCalls[1]!.resolve(counted(9));
    await settled();
    expect(model.counts.value).toBeNull();
    countCalls[2]!.resolve(counted(2));
    await settled();
    expect(model.counts.value?.NEW).toBe(2);
    expect(countCalls.map((c) => c.q)).toEqual(['acme', 'acme gmbh', 'acme s.r.o.']);
  });
});

describe('LeadsModel capped counts', () => {
  it('marks the total as a lower bound only when a counted status reached the limit', async () => {
    const counts = { NEW: 10_000, CONTACTED: 3, QUALIFIED: 0, LOST: 1 };
    const api = {
      listLeads: async () => ({ ok: true, data: { items: [], nextCursor: null, counts: null } }),
      countLeads: async () => ({ ok: true, data: { counts, countLimit: 10_000 } }),
    } as unknown as ApiClient;
    const model = new LeadsModel();
    await model.setQuery(api, EMPTY_QUERY);
    await settled();
    expect(model.total.value).toBe(10_004);
    expect(model.totalCapped.value).toBe(true);
    await model.setQuery(api, { ...EMPTY_QUERY, status: ['CONTACTED', 'LOST'] });
    await settled();
    expect(model.total.value).toBe(4);
    expect(model.totalCapped.value).toBe(false);
  });
});
