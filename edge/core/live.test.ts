import { describe, expect, it } from 'vitest';
import { liveEventsFor, mergeLiveNotices, parseLiveNotice } from './live';

describe('live notices', () => {
  it.each([
    ['{"o":"org_1","c":["led_1"]}', { o: 'org_1', c: ['led_1'] }],
    ['{"c":["led_1"]}', null],
    ['not json', null],
    ['null', null],
    ['{"o":5}', null],
  ])('parses %s', (payload, expected) => {
    expect(parseLiveNotice(payload)).toEqual(expected);
  });

  it.each([
    [
      'created and changed leads; a lead created in the same statement is told once',
      { o: 'o', c: ['a'], u: ['a', 'b'] },
      'usr_1',
      [
        { type: 'lead.created', leadId: 'a' },
        { type: 'lead.changed', leadId: 'b' },
      ],
    ],
    [
      'too many to list: one id-less change',
      { o: 'o', c: ['a'], u: ['b'], m: true },
      'usr_1',
      [{ type: 'lead.created', leadId: 'a' }, { type: 'lead.changed' }],
    ],
    ['my notifications', { o: 'o', n: ['usr_1', 'usr_2'] }, 'usr_1', [{ type: 'notification' }]],
    ["someone else's notifications", { o: 'o', n: ['usr_2'] }, 'usr_1', []],
    ['no user (an API key) is told of no notification', { o: 'o', n: ['usr_2'] }, null, []],
  ])('%s', (_, notice, userId, expected) => {
    expect(liveEventsFor(notice, userId)).toEqual(expected);
  });
});

describe('mergeLiveNotices', () => {
  it('merges one unit of work’s notices into one per organization, without repeats', () => {
    expect(
      mergeLiveNotices([
        { o: 'org_a', c: ['l1'], u: [] },
        { o: 'org_b', n: ['u9'] },
        { o: 'org_a', c: [], u: ['l1', 'l2'] },
        { o: 'org_a', n: ['u1', 'u1'] },
      ]),
    ).toEqual([
      { o: 'org_a', c: ['l1'], u: ['l1', 'l2'], n: ['u1'] },
      { o: 'org_b', n: ['u9'] },
    ]);
  });

  it('keeps the database’s bounds: 20 leads of each kind (more sets m), 100 users', () => {
    const ids = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const [merged] = mergeLiveNotices([
      { o: 'org_a', c: ids('c', 15), u: ids('u', 3), n: ids('x', 60) },
      { o: 'org_a', c: ids('d', 10), n: ids('y', 60) },
    ]);
    expect(merged!.c).toHaveLength(20);
    expect(merged!.u).toHaveLength(3);
    expect(merged!.m).toBe(true);
    expect(merged!.n).toHaveLength(100);
    expect(mergeLiveNotices([{ o: 'org_a', u: ['l1'], m: true }])).toEqual([
      { o: 'org_a', u: ['l1'], m: true },
    ]);
    expect(mergeLiveNotices([{ o: 'org_a', c: ['l1'] }])[0]!.m).toBeUndefined();
  });
});
