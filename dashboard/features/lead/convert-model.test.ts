import type { ConversionPreview } from '@contract/conversion';
import { describe, expect, it } from 'vitest';
import { convertBody, defaultAccount } from './convert-model';

const preview = (candidates: { id: string; similarity: number }[], missing: string[] = []) =>
  ({
    candidates: candidates.map((c) => ({ ...c, name: c.id, industry: null, employees: null })),
    missingFields: missing,
  }) as unknown as ConversionPreview;

describe('defaultAccount', () => {
  it.each([
    [preview([]), { kind: 'new' }],
    [preview([{ id: 'a', similarity: 1 }]), { kind: 'existing', id: 'a' }],
    [preview([{ id: 'a', similarity: 0.4 }]), { kind: 'new' }],
    [preview([{ id: 'a', similarity: 0.4 }], ['company']), { kind: 'existing', id: 'a' }],
  ])('%#', (p, choice) => expect(defaultAccount(p)).toEqual(choice));
});

describe('convertBody', () => {
  it.each([
    [
      { kind: 'new' } as const,
      'u1',
      ' Acme - Jo ',
      { createAccount: true, assigneeId: 'u1', opportunityName: 'Acme - Jo' },
    ],
    [{ kind: 'existing', id: 'a' } as const, 'u1', '  ', { accountId: 'a', assigneeId: 'u1' }],
  ])('%o', (choice, ae, name, body) => expect(convertBody(choice, ae, name)).toEqual(body));
});
