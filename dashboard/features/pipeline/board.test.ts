import type { LeadListItem } from '@contract/leads';
import { describe, expect, it } from 'vitest';
import { dropRefusal, emptyBoard, moveCard, stepColumn } from './board';

const lead = (id: string, score: number, status: LeadListItem['status'] = 'NEW'): LeadListItem => ({
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

describe('moveCard', () => {
  it('moves by id into the score order of the target and updates both counts', () => {
    const board = emptyBoard();
    board.NEW = { items: [lead('a', 80), lead('b', 40)], nextCursor: null, count: 5 };
    board.CONTACTED = {
      items: [lead('c', 90, 'CONTACTED'), lead('d', 30, 'CONTACTED')],
      nextCursor: 'x',
      count: 9,
    };
    const moved = moveCard(board, 'b', 'CONTACTED');
    expect(moved.NEW.items.map((l) => l.id)).toEqual(['a']);
    expect(moved.NEW.count).toBe(4);
    expect(moved.CONTACTED.items.map((l) => [l.id, l.status])).toEqual([
      ['c', 'CONTACTED'],
      ['b', 'CONTACTED'],
      ['d', 'CONTACTED'],
    ]);
    expect(moved.CONTACTED.count).toBe(10);
    expect(board.NEW.items).toHaveLength(2);
  });

  it('leaves the board alone for an unknown lead or the same column', () => {
    const board = emptyBoard();
    board.NEW.items = [lead('a', 1)];
    expect(moveCard(board, 'zzz', 'LOST')).toBe(board);
    expect(moveCard(board, 'a', 'NEW')).toBe(board);
  });
});

describe('stepColumn', () => {
  it.each([
    ['NEW', 1, 'CONTACTED'],
    ['NEW', -1, 'NEW'],
    ['QUALIFIED', 1, 'LOST'],
    ['LOST', 1, 'CONVERTED'],
    ['CONVERTED', 1, 'CONVERTED'],
  ] as const)('%s %i → %s', (from, delta, to) => {
    expect(stepColumn(from, delta)).toBe(to);
  });
});

describe('dropRefusal', () => {
  const converted = { status: 'QUALIFIED', convertedAt: '2025-02-01T00:00:00Z' } as const;
  it.each([
    [{ status: 'NEW' }, 'CONTACTED', null],
    [{ status: 'NEW' }, 'NEW', null],
    [{ status: 'NEW' }, 'QUALIFIED', 'transition'],
    [{ status: 'QUALIFIED' }, 'CONTACTED', 'transition'],
    [{ status: 'LOST' }, 'CONTACTED', null],
    [{ status: 'QUALIFIED' }, 'CONVERTED', 'convert'],
    [converted, 'LOST', 'converted'],
    [converted, 'CONVERTED', null],
  ] as const)('%o onto %s → %s', (lead, column, refusal) => {
    expect(dropRefusal(lead, column)).toBe(refusal);
  });
});
