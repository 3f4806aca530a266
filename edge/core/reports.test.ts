import { describe, expect, it } from 'vitest';
import { attributionRow, funnelRow, rate, repRow, velocityRow } from './reports';

describe('rate', () => {
  it.each([
    [1, 2, 0.5],
    [2, 3, 0.6667],
    [1, 3, 0.3333],
    [0, 5, 0],
    [5, 5, 1],
    [0, 0, null],
    [3, 0, null],
  ])('%i / %i → %s', (part, whole, expected) => {
    expect(rate(part, whole)).toBe(expected);
  });
});

describe('funnelRow', () => {
  it.each([
    [
      { total: 10, contacted: 5, qualified: 2, converted: 1, lost: 3 },
      { contacted: 0.5, qualified: 0.4, converted: 0.5, overall: 0.1 },
    ],
    [
      { total: 3, contacted: 0, qualified: 0, converted: 0, lost: 0 },
      { contacted: 0, qualified: null, converted: null, overall: 0 },
    ],
    [
      { total: 0, contacted: 0, qualified: 0, converted: 0, lost: 0 },
      { contacted: null, qualified: null, converted: null, overall: null },
    ],
  ])('%j → rates %j', (counts, rates) => {
    expect(funnelRow({ key: 'k', label: 'K', ...counts })).toEqual({
      key: 'k',
      label: 'K',
      ...counts,
      rates,
    });
  });
});

describe('velocityRow', () => {
  it('names the stages, rounds seconds, shares the within-an-hour count of all leads', () => {
    expect(
      velocityRow({
        key: null,
        label: null,
        total: 4,
        stages: [
          { count: 2, avg: 100.4, median: 99.6 },
          { count: 0, avg: null, median: null },
        ],
        response: { count: 2, avg: 1800.5, median: 1800, withinHour: 1 },
      }),
    ).toEqual({
      key: null,
      label: null,
      total: 4,
      stages: [
        { stage: 'NEW', count: 2, avgSeconds: 100, medianSeconds: 100 },
        { stage: 'CONTACTED', count: 0, avgSeconds: null, medianSeconds: null },
        { stage: 'QUALIFIED', count: 0, avgSeconds: null, medianSeconds: null },
      ],
      response: { contacted: 2, avgSeconds: 1801, medianSeconds: 1800, withinHourShare: 0.25 },
    });
  });
});

describe('attributionRow and repRow', () => {
  it.each([
    [4, 2, 1, { qualified: 0.5, converted: 0.25 }],
    [0, 0, 0, { qualified: null, converted: null }],
  ])('attribution %i leads, %i qualified, %i converted', (leads, qualified, converted, rates) => {
    const row = attributionRow({ key: 'Web', label: 'Web', leads, qualified, converted, amount: '0.00' });
    expect(row.rates).toEqual(rates);
  });

  it('a rep: median response in whole seconds and shares of the assigned leads', () => {
    expect(
      repRow({
        key: 'u',
        label: 'Ann',
        assigned: 4,
        contacted: 3,
        qualified: 2,
        converted: 1,
        medianResponse: 61.5,
      }),
    ).toEqual({
      key: 'u',
      label: 'Ann',
      assigned: 4,
      contacted: 3,
      qualified: 2,
      converted: 1,
      medianResponseSeconds: 62,
      rates: { contacted: 0.75, qualified: 0.5, converted: 0.25 },
    });
  });
});
