import { describe, expect, it } from 'vitest';
import { storedPageUrl } from './page-url';

describe('storedPageUrl', () => {
  it.each([
    ['https://www.example.com/demo', 'https://www.example.com/demo'],
    [
      'https://www.example.com/demo?email=jana%40example.cz&tel=%2B420+601+123+456&utm_source=ads&gclid=abc#form',
      'https://www.example.com/demo?utm_source=ads&gclid=abc',
    ],
    [
      'https://example.com/?utm_content=jana@example.cz&utm_medium=cpc',
      'https://example.com/?utm_medium=cpc',
    ],
    ['https://example.com/?utm_term=601123456', 'https://example.com/'],
    ['https://example.com/?UTM_Campaign=spring-2026', 'https://example.com/?UTM_Campaign=spring-2026'],
    ['https://example.com/?name=Jana&first=Nov%C3%A1kov%C3%A1', 'https://example.com/'],
    ['https://user:secret@example.com:8443/p', 'https://example.com:8443/p'],
    ['https://example.com/unsubscribe/jana%40example.cz/done', 'https://example.com/unsubscribe/_/done'],
    ['https://example.com/call/+420601123456', 'https://example.com/call/_'],
    ['https://example.com/pricing/2026', 'https://example.com/pricing/2026'],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['/pricing', '/pricing'],
    ['/thanks?email=jana%40example.cz&utm_source=ads', '/thanks?utm_source=ads'],
    ['//evil.example/x', null],
    ['javascript:alert(1)', null],
    ['not a url jana@example.cz', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(storedPageUrl(input)).toBe(expected);
  });
});
