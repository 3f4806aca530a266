import { describe, expect, it } from 'vitest';
import { formatMessage, messageParams, parseMessage } from './message';

const format = (message: string, values: Record<string, string | number>, locale = 'en') =>
  formatMessage(message, values, locale, (n) => new Intl.NumberFormat(locale).format(n));

describe('formatMessage', () => {
  it.each([
    ['Hello {name}', { name: 'Jana' }, 'Hello Jana'],
    ['{count} of {total}', { count: 1234, total: 5000 }, '1,234 of 5,000'],
    ['Missing {name}', {}, 'Missing {name}'],
    ['{n, plural, =0 {none} one {# item} other {# items}}', { n: 0 }, 'none'],
    [
      '{n, plural, one {# item by {who}} other {# items by {who}}}',
      { n: 3, who: 'Olena' },
      '3 items by Olena',
    ],
  ])('%s with %j → %s', (message, values, expected) => {
    expect(format(message, values)).toBe(expected);
  });

  it.each([
    ['{n', 'unclosed'],
    ['{n, plural, one {# day}}', 'no other branch'],
    ['{n, plural, other {# days}', 'unclosed plural'],
    ['a } b', 'stray brace'],
  ])('rejects %s (%s)', (message) => {
    expect(() => parseMessage(message)).toThrow(SyntaxError);
  });

  it('names the parameters, in branches too', () => {
    expect(messageParams('{n, plural, one {den {x}} other {dny}} {y}')).toEqual(['n', 'x', 'y']);
  });
});
