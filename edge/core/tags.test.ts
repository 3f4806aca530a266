import { describe, expect, it } from 'vitest';
import { addTags, MAX_TAGS_PER_LEAD, normalizeTag, removeTag } from './tags';

describe('normalizeTag', () => {
  it.each<[string, string | null]>([
    ['  Hot   Lead ', 'Hot Lead'],
    ['VIP', 'VIP'],
    ['Ключовий клієнт', 'Ключовий клієнт'],
    ['', null],
    ['   ', null],
    ['x'.repeat(50), 'x'.repeat(50)],
    ['x'.repeat(51), null],
  ])('%j → %j', (raw, tag) => {
    expect(normalizeTag(raw)).toBe(tag);
  });
});

describe('addTags', () => {
  it.each<[string, string[], string[], string[], string[]]>([
    ['adds new tags in order', ['VIP'], ['Hot', 'Event'], ['VIP', 'Hot', 'Event'], ['Hot', 'Event']],
    ['skips a tag it has, in any case', ['VIP'], ['vip', 'Hot'], ['VIP', 'Hot'], ['Hot']],
    ['skips repeats within the request', [], ['Hot', 'HOT'], ['Hot'], ['Hot']],
    ['changes nothing when all are known', ['VIP'], ['VIP'], ['VIP'], []],
  ])('%s', (_name, current, incoming, tags, added) => {
    expect(addTags(current, incoming)).toEqual({ tags, added, removed: [] });
  });

  it('refuses to go over the limit', () => {
    const full = Array.from({ length: MAX_TAGS_PER_LEAD }, (_, i) => `t${i}`);
    expect(addTags(full, ['one more'])).toBeNull();
    expect(addTags(full, ['t1'])).toEqual({ tags: full, added: [], removed: [] });
  });
});

describe('removeTag', () => {
  it.each<[string, string[], string, string[], string[]]>([
    ['removes a tag', ['VIP', 'Hot'], 'Hot', ['VIP'], ['Hot']],
    ['in any case', ['VIP', 'Hot'], 'vip', ['Hot'], ['VIP']],
    ['of an absent tag, nothing', ['VIP'], 'Hot', ['VIP'], []],
  ])('%s', (_name, current, tag, tags, removed) => {
    expect(removeTag(current, tag)).toEqual({ tags, added: [], removed });
  });
});
