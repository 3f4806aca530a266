import type { ClusterMember } from '@contract/duplicates';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogs, locale } from '../../i18n';
import { clusterMatchSummary, memberMatchText } from './messages';

const member = (id: string, match: ClusterMember['match'], firstName = 'Jan'): ClusterMember => ({
  id,
  firstName,
  lastName: 'Novák',
  company: 'Acme',
  email: null,
  phone: null,
  title: null,
  city: null,
  status: 'NEW',
  updatedAt: '2026-11-01T00:00:00Z',
  createdAt: '2026-11-01T00:00:00Z',
  match,
});

const jan = member('a', { leadId: 'b', rule: 'name-company-fuzzy', similarity: 0.938 });
const other = (match: ClusterMember['match']) => member('b', match, 'Honza');

afterEach(() => {
  locale.value = 'en';
});

describe('memberMatchText', () => {
  it.each([
    [{ leadId: 'a', rule: 'email-exact', similarity: 1 }, 'Same email as Jan Novák'],
    [{ leadId: 'a', rule: 'phone-exact', similarity: 1 }, 'Same phone number as Jan Novák'],
    [
      { leadId: 'a', rule: 'name-company-fuzzy', similarity: 0.938 },
      'Name and company 94 % similar to Jan Novák',
    ],
    // never 100 % for a fuzzy match: identical names say so in words, a near miss stays below 100
    [{ leadId: 'a', rule: 'name-company-fuzzy', similarity: 1 }, 'Same name and company as Jan Novák'],
    [
      { leadId: 'a', rule: 'name-company-fuzzy', similarity: 0.996 },
      'Name and company 99 % similar to Jan Novák',
    ],
    [{ leadId: 'gone', rule: 'email-exact', similarity: 1 }, 'Same email'],
    [null, 'Not recorded yet: scan again to see it'],
  ] as const)('%j → %s', (match, text) => {
    const b = other(match);
    expect(memberMatchText(b, [jan, b])).toBe(text);
  });

  it('words the match in the chosen language', async () => {
    await loadCatalogs(['cs', 'uk', 'de']);
    const b = other({ leadId: 'a', rule: 'name-company-fuzzy', similarity: 0.87 });
    const texts = Object.fromEntries(
      (['de', 'cs', 'uk'] as const).map((code) => {
        locale.value = code;
        return [code, memberMatchText(b, [jan, b])];
      }),
    );
    expect(texts).toEqual({
      de: 'Name und Firma zu 87 % ähnlich wie bei Jan Novák',
      cs: 'Jméno a firma z 87 % podobné záznamu Jan Novák',
      uk: 'Ім’я та компанія збігаються із записом Jan Novák на 87 %',
    });
  });
});

describe('clusterMatchSummary', () => {
  it('names the rules that paired the cluster, strongest first', () => {
    const b = other({ leadId: 'c', rule: 'email-exact', similarity: 1 });
    const c = member('c', { leadId: 'b', rule: 'email-exact', similarity: 1 });
    expect(clusterMatchSummary({ id: 'x', rule: 'email-exact', score: 1, members: [jan, b, c] })).toBe(
      'Match: same email, similar name and company',
    );
    expect(clusterMatchSummary({ id: 'y', rule: 'email-exact', score: 1, members: [b, c] })).toBe(
      'Match: same email',
    );
  });
});
