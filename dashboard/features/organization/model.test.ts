import type { Organization } from '@contract/organization';
import { describe, expect, it } from 'vitest';
import { OrganizationModel, organizationChange } from './model';

const saved: Organization = {
  id: 'org',
  name: 'Acme',
  defaultCountry: 'CZ',
  currency: 'CZK',
  timezone: 'Europe/Prague',
  language: 'cs',
  claimingEnabled: true,
};
const draft = {
  name: 'Acme',
  defaultCountry: 'CZ',
  timezone: 'Europe/Prague',
  language: 'cs',
  claimingEnabled: true,
} as const;

describe('organizationChange', () => {
  it('sends only what differs', () => {
    expect(organizationChange(saved, draft)).toEqual({});
    expect(organizationChange(saved, { ...draft, name: 'Acme s.r.o.', language: 'de' })).toEqual({
      name: 'Acme s.r.o.',
      language: 'de',
    });
    expect(organizationChange(saved, { ...draft, claimingEnabled: false })).toEqual({
      claimingEnabled: false,
    });
  });
});

describe('OrganizationModel', () => {
  it('saves the change and keeps the answer; nothing changed asks nothing', async () => {
    const model = new OrganizationModel();
    await model.load({ getOrganization: async () => ({ ok: true, data: saved }) });
    const sent: unknown[] = [];
    const api = {
      updateOrganization: async (change: object) => {
        sent.push(change);
        return { ok: true as const, data: { ...saved, ...change } };
      },
    };
    expect(await model.save(api, draft)).toBe(true);
    expect(sent).toEqual([]);
    expect(await model.save(api, { ...draft, timezone: 'UTC' })).toBe(true);
    expect(sent).toEqual([{ timezone: 'UTC' }]);
    expect(model.saved.value?.timezone).toBe('UTC');
    expect(model.done.value).toBe(true);
  });

  it('a refused field is an error on that field', async () => {
    const model = new OrganizationModel();
    await model.load({ getOrganization: async () => ({ ok: true, data: saved }) });
    const error = { pointer: '/defaultCountry', detail: '', code: 'invalid_country' as const };
    const ok = await model.save(
      {
        updateOrganization: async () => ({
          ok: false,
          problem: {
            type: 'about:blank',
            title: '',
            status: 422,
            code: 'validation-failed',
            errors: [error],
          },
        }),
      },
      { ...draft, defaultCountry: 'AQ' },
    );
    expect(ok).toBe(false);
    expect(model.fieldErrors.value).toEqual({ defaultCountry: error });
    expect(model.saved.value).toEqual(saved);
  });
});
