import { describe, expect, it } from 'vitest';
import { decodeBase64, fromOpaque, pageOf, timingSafeEqual, toBase64, toBase64Url, toOpaque } from './base64';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('toBase64 and toBase64Url', () => {
  it.each([
    [bytes(), '', ''],
    [bytes(0xfb), '+w==', '-w'],
    [bytes(0xff, 0xff), '//8=', '__8'],
    [new TextEncoder().encode('Київ'), '0JrQuNGX0LI=', '0JrQuNGX0LI'],
  ])('%o → %j / %j', (input, standard, url) => {
    expect(toBase64(input)).toBe(standard);
    expect(toBase64Url(input)).toBe(url);
  });
});

describe('decodeBase64', () => {
  it.each([
    ['', []],
    ['+w==', [0xfb]],
    ['-w', [0xfb]],
    ['__8', [0xff, 0xff]],
    ['//8=', [0xff, 0xff]],
  ])('%j → %j', (input, expected) => {
    expect([...(decodeBase64(input) ?? [])]).toEqual(expected);
  });

  it.each(['a', 'ab c', 'ab=c', '****', 'abc==='])('refuses %j', (input) => {
    expect(decodeBase64(input)).toBeNull();
  });
});

describe('timingSafeEqual', () => {
  it.each([
    [bytes(1, 2, 3), bytes(1, 2, 3), true],
    [bytes(1, 2, 3), bytes(1, 2, 4), false],
    [bytes(1, 2), bytes(1, 2, 0), false],
    [bytes(), bytes(), true],
    ['token', 'token', true],
    ['token', 'tokem', false],
    ['tok', 'token', false],
    ['Київ', 'Київ', true],
  ] as const)('%o = %o → %s', (a, b, expected) => {
    expect(timingSafeEqual(a, b)).toBe(expected);
  });
});

describe('toOpaque and fromOpaque', () => {
  it('round-trips JSON, text outside Latin-1 included', () => {
    const value = { s: 0.75, id: 'lead_1', name: 'Коваленко' };
    const token = toOpaque(value);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromOpaque(token)).toEqual(value);
  });

  it.each(['', 'not base64!', toBase64Url(bytes(0xff, 0xfe)), toBase64Url(new TextEncoder().encode('{'))])(
    'gives undefined for %j',
    (token) => {
      expect(fromOpaque(token)).toBeUndefined();
    },
  );
});

describe('pageOf', () => {
  it.each([
    [[1, 2, 3], 2, [1, 2], { at: 2 }],
    [[1, 2], 2, [1, 2], null],
    [[], 2, [], null],
  ])('%j, limit %i → %j, next %j', (rows, limit, page, next) => {
    const result = pageOf(rows, limit, (last) => ({ at: last }));
    expect(result.page).toEqual(page);
    expect(result.nextCursor === null ? null : fromOpaque(result.nextCursor)).toEqual(next);
  });
});
