import type { Timeline } from '@contract/workspace-activity';
import { describe, expect, it } from 'vitest';
import { byDay, dayKey, eventDetails } from './timeline-text';

type TimelineEvent = Timeline['items'][number];
const event = (type: string, data: Record<string, unknown>, at = '2026-03-28T10:00:00Z'): TimelineEvent => ({
  id: `${type}-${at}`,
  type,
  actor: { type: 'user', id: 'usr_1', name: 'Petr' },
  at,
  data,
});

describe('eventDetails', () => {
  it('tells a status change from → to, with the loss reason and its text', () => {
    expect(eventDetails(event('status_changed', { from: 'NEW', to: 'CONTACTED' }))).toEqual([
      'New → Contacted',
    ]);
    expect(
      eventDetails(
        event('status_changed', {
          from: 'CONTACTED',
          to: 'LOST',
          lossReason: 'OTHER',
          lossReasonText: 'Moved',
        }),
      ),
    ).toEqual(['Contacted → Lost', 'Reason: Other — Moved']);
  });

  it('tells each edited field with its old and new value; email and phone only that they changed', () => {
    const lines = eventDetails(
      event('updated', {
        changes: {
          company: { from: 'Acme', to: 'Škoda' },
          employees: { from: null, to: 250 },
          email: { changed: true },
          custom: { from: {}, to: { Budget: '5k' } },
          score: { from: 10, to: 25 },
          utm_term: { from: 'a', to: 'b' },
        },
      }),
    );
    expect(lines).toEqual([
      'Company: Acme → Škoda',
      'Employees: — → 250',
      'Email changed',
      'Custom fields changed',
      'Score: 10 → 25',
      'utm_term: a → b',
    ]);
  });

  it('names the people of an assignment, and says unassigned for nobody', () => {
    const people = { usr_1: 'Petr Svoboda', usr_2: 'Olena Kovalenko' };
    expect(eventDetails(event('assigned', { from: 'usr_1', to: 'usr_2' }), people)).toEqual([
      'Petr Svoboda → Olena Kovalenko',
    ]);
    expect(eventDetails(event('assigned', { from: null, to: 'usr_9' }), people)).toEqual([
      'Unassigned → a former member',
    ]);
  });

  it('lists tags added and removed, and says nothing more for events that carry no change', () => {
    expect(eventDetails(event('tags_changed', { added: ['hot', 'q2'], removed: ['cold'] }))).toEqual([
      'Added: hot, q2',
      'Removed: cold',
    ]);
    expect(eventDetails(event('note_added', { noteId: 'n1' }))).toEqual([]);
    expect(eventDetails(event('updated', { changes: 'not an object' }))).toEqual([]);
  });
});

describe('byDay', () => {
  it('groups events by their day in the given time zone, newest day first', () => {
    const events = [
      event('updated', {}, '2026-03-29T00:30:00Z'),
      event('updated', {}, '2026-03-28T23:30:00Z'),
      event('created', {}, '2026-03-28T08:00:00Z'),
    ];
    // In Prague (UTC+1 that night) the first two fall on 29 March; in UTC they are on two days.
    expect(byDay(events, 'Europe/Prague').map(([day, items]) => [day, items.length])).toEqual([
      ['2026-03-29', 2],
      ['2026-03-28', 1],
    ]);
    expect(byDay(events, 'UTC').map(([day, items]) => [day, items.length])).toEqual([
      ['2026-03-29', 1],
      ['2026-03-28', 2],
    ]);
    expect(dayKey('2026-12-31T23:59:59Z', 'Asia/Tokyo')).toBe('2027-01-01');
  });
});
