import type { LeadList, LeadListItem } from '@contract/leads';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import { PipelineModel } from './model';

const lead = (id: string, status: LeadListItem['status'], score = 50): LeadListItem => ({
  id,
  firstName: null,
  lastName: id,
  company: null,
  title: null,
  status,
  score,
  source: null,
  assignee: null,
  createdAt: '2025-01-01T00:00:00Z',
});

const counts = { NEW: 1, CONTACTED: 1, QUALIFIED: 0, LOST: 0 };

function api(changeOk: boolean) {
  return {
    listLeads: async ({ params }: { params?: Record<string, string> }) => {
      const status = params?.status as LeadListItem['status'];
      const items =
        status === 'NEW' ? [lead('a', 'NEW')] : status === 'CONTACTED' ? [lead('b', 'CONTACTED')] : [];
      return { ok: true, data: { items, nextCursor: null, counts } satisfies LeadList };
    },
    changeStatus: async () =>
      changeOk
        ? { ok: true, data: {} }
        : { ok: false, problem: { type: 'about:blank', title: '', status: 409, code: 'invalid-transition' } },
  } as unknown as ApiClient;
}

describe('PipelineModel', () => {
  it('loads a column per status with the server’s counts', async () => {
    const model = new PipelineModel();
    await model.load(api(true));
    expect(model.board.value.NEW.items.map((l) => l.id)).toEqual(['a']);
    expect(model.board.value.CONTACTED.count).toBe(1);
  });

  it('moves at once and keeps the move when the server agrees', async () => {
    const model = new PipelineModel();
    await model.load(api(true));
    const moving = model.move(api(true), lead('a', 'NEW'), 'CONTACTED');
    expect(model.board.value.CONTACTED.items.map((l) => l.id)).toEqual(['b', 'a']);
    expect(await moving).toBe('moved');
    expect(model.board.value.NEW.count).toBe(0);
  });

  it('rolls the card back and records the problem when the server refuses', async () => {
    const model = new PipelineModel();
    await model.load(api(true));
    expect(await model.move(api(false), lead('a', 'NEW'), 'CONTACTED')).toBe('failed');
    expect(model.board.value.NEW.items.map((l) => l.id)).toEqual(['a']);
    expect(model.board.value.CONTACTED.items.map((l) => l.id)).toEqual(['b']);
    expect(model.board.value.NEW.count).toBe(1);
    expect(model.problem.value?.code).toBe('invalid-transition');
  });

  it('does not send a move the status rules forbid, and says why', async () => {
    const model = new PipelineModel();
    await model.load(api(true));
    const sent: unknown[] = [];
    const spy = {
      ...api(true),
      changeStatus: async (...args: unknown[]) => sent.push(args),
    } as unknown as ApiClient;
    expect(await model.move(spy, lead('a', 'NEW'), 'QUALIFIED')).toBe('transition');
    expect(
      await model.move(spy, { ...lead('c', 'QUALIFIED'), convertedAt: '2025-02-01T00:00:00Z' }, 'LOST'),
    ).toBe('converted');
    expect(sent).toEqual([]);
    expect(model.board.value.NEW.items.map((l) => l.id)).toEqual(['a']);
  });

  it('loads converted leads into their own column, apart from the open qualified ones', async () => {
    const asked: Array<Record<string, string> | undefined> = [];
    const listing = {
      listLeads: async ({ params }: { params?: Record<string, string> }) => {
        asked.push(params);
        return { ok: true, data: { items: [], nextCursor: null, counts } };
      },
    } as unknown as ApiClient;
    await new PipelineModel().load(listing);
    expect(asked).toContainEqual({ status: 'QUALIFIED', converted: 'false' });
    expect(asked).toContainEqual({ status: 'QUALIFIED', converted: 'true' });
  });

  it('marks a column whose count reached the server’s limit', async () => {
    const capped = {
      listLeads: async () => ({
        ok: true,
        data: { items: [], nextCursor: null, counts: { ...counts, NEW: 10 }, countLimit: 10 },
      }),
    } as unknown as ApiClient;
    const model = new PipelineModel();
    await model.load(capped);
    expect(model.board.value.NEW.capped).toBe(true);
    expect(model.board.value.CONTACTED.capped).toBe(false);
  });
});
