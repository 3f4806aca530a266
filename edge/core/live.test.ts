import { describe, expect, it } from 'vitest';
import { liveEventsFor, parseLiveNotice } from './live';

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
