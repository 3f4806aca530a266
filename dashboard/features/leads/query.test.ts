import { describe, expect, it } from 'vitest';
import { activeFilterCount, daysSince, EMPTY_QUERY, parseQuery, staleLevel, toSearch } from './query';

describe('parseQuery / toSearch', () => {
  it('reads every part and writes it back in a stable order', () => {
    const search =
      '?q=M%C3%BCller&status=NEW,LOST&assignee=me,unassigned&source=web&tags=vip,hot&scoreMin=10&scoreMax=90&createdFrom=2025-01-01&createdTo=2025-02-01&stale=60&sort=name&order=asc';
    const query = parseQuery(search);
    expect(query).toEqual({
      q: 'Müller',
      status: ['NEW', 'LOST'],
      assignee: ['me', 'unassigned'],
      source: ['web'],
      tags: ['vip', 'hot'],
      scoreMin: 10,
      scoreMax: 90,
      createdFrom: '2025-01-01',
      createdTo: '2025-02-01',
      stale: '60',
      sort: 'name',
      order: 'asc',
    });
    expect(parseQuery(toSearch(query))).toEqual(query);
  });

  it('is empty for the default list, so the plain link stays plain', () => {
    expect(toSearch(EMPTY_QUERY)).toBe('');
    expect(parseQuery('')).toEqual(EMPTY_QUERY);
  });

  it.each([
    ['?status=NOPE', { status: [] }],
    ['?scoreMin=101', { scoreMin: null }],
    ['?scoreMin=-1', { scoreMin: null }],
    ['?createdFrom=yesterday', { createdFrom: '' }],
    ['?stale=45', { stale: null }],
    ['?sort=random', { sort: 'score' }],
    ['?tags=a,,a, b ', { tags: ['a', 'b'] }],
  ])('falls back to defaults for %s', (search, expected) => {
    expect(parseQuery(search)).toMatchObject(expected);
  });

  it('drops a blank search', () => {
    expect(toSearch({ ...EMPTY_QUERY, q: '   ' })).toBe('');
  });
});

describe('activeFilterCount', () => {
  it('counts filters, not search or sort', () => {
    expect(activeFilterCount({ ...EMPTY_QUERY, q: 'x', sort: 'name' })).toBe(0);
    expect(activeFilterCount({ ...EMPTY_QUERY, status: ['NEW'], scoreMin: 5, stale: '30' })).toBe(3);
  });
});

describe('daysSince / staleLevel', () => {
  const now = new Date('2025-03-31T12:00:00Z');
  it.each([
    ['2025-03-31T00:00:00Z', 0, null],
    ['2025-03-02T12:00:00Z', 29, null],
    ['2025-03-01T12:00:00Z', 30, 'yellow'],
    ['2025-01-30T12:00:00Z', 60, 'red'],
    ['2026-01-01T00:00:00Z', 0, null],
    [undefined, 0, null],
    ['garbage', 0, null],
  ] as const)('%s → %i days, %s', (iso, days, level) => {
    expect(daysSince(iso, now)).toBe(days);
    expect(staleLevel(daysSince(iso, now))).toBe(level);
  });
});
