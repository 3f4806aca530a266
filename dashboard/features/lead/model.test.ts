import type { LeadDetail } from '@contract/leads';
import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiResult } from '../../api/client';
import type { Problem } from '../../api/problem';
import { customRecord } from './custom-attributes';
import { editValue, LeadModel } from './model';

const detail = (version: number, overrides: Partial<LeadDetail> = {}) =>
  ({
    id: 'lead_1',
    version,
    status: 'NEW',
    tags: [],
    allowedTransitions: ['CONTACTED', 'LOST'],
    ...overrides,
  }) as LeadDetail;

const problem = (code: string, status: number, errors?: Problem['errors']): ApiResult<never> => ({
  ok: false,
  problem: { type: 'about:blank', title: '', status, code, ...(errors && { errors }) },
});

async function loaded(api: Partial<ApiClient>) {
  const model = new LeadModel();
  await model.load({ getLead: async () => ({ ok: true, data: detail(3) }), ...api } as ApiClient, 'lead_1');
  return model;
}

describe('LeadModel', () => {
  it('sends the version shown with a status change and takes the server’s answer', async () => {
    const sent: unknown[] = [];
    const model = await loaded({});
    const api = {
      changeStatus: async (_id: string, body: unknown) => {
        sent.push(body);
        return { ok: true, data: detail(4, { status: 'LOST' }) };
      },
    } as unknown as ApiClient;
    const outcome = await model.changeStatus(api, 'LOST', { reason: 'OTHER', text: 'Budget frozen' });
    expect(outcome).toBe('done');
    expect(sent).toEqual([
      { status: 'LOST', version: 3, lossReason: 'OTHER', lossReasonText: 'Budget frozen' },
    ]);
    expect(model.lead.value?.version).toBe(4);
  });

  it('flags a version conflict instead of a generic error', async () => {
    const model = await loaded({});
    const api = { changeStatus: async () => problem('version-conflict', 409) } as unknown as ApiClient;
    expect(await model.changeStatus(api, 'CONTACTED')).toBe('conflict');
    expect(model.conflict.value).toBe(true);
    expect(model.problem.value).toBeNull();
  });

  it('puts a 422 field error on the edited field and keeps the lead as it was', async () => {
    const model = await loaded({});
    const api = {
      updateLead: async () =>
        problem('validation-failed', 422, [
          { pointer: '/email', detail: 'Invalid email', code: 'invalid_format', params: { format: 'email' } },
        ]),
    } as unknown as ApiClient;
    expect(await model.editField(api, 'email', 'nope')).toEqual({
      ok: false,
      fieldError: {
        pointer: '/email',
        detail: 'Invalid email',
        code: 'invalid_format',
        params: { format: 'email' },
      },
      conflict: false,
    });
    expect(model.lead.value?.version).toBe(3);
  });

  it('sends a blank edit as null (clears the field)', async () => {
    const sent: unknown[] = [];
    const model = await loaded({});
    const api = {
      updateLead: async (_id: string, change: unknown) => {
        sent.push(change);
        return { ok: true, data: detail(4) };
      },
    } as unknown as ApiClient;
    expect(await model.editField(api, 'company', '   ')).toEqual({ ok: true });
    expect(sent).toEqual([{ company: null, version: 3 }]);
  });

  it('marks a missing lead', async () => {
    const model = new LeadModel();
    await model.load({ getLead: async () => problem('not-found', 404) } as unknown as ApiClient, 'x');
    expect(model.phase.value).toBe('missing');
  });
});

describe('editValue', () => {
  it('trims, clears with an empty input, and keeps an empty last name for the server to refuse', () => {
    expect(editValue('company', '  Škoda  ')).toBe('Škoda');
    expect(editValue('campaign', '   ')).toBeNull();
    expect(editValue('lastName', '  ')).toBe('');
  });

  it('sends employees as a whole number, and anything else as text for the server’s field error', () => {
    expect(editValue('employees', ' 250 ')).toBe(250);
    expect(editValue('employees', '')).toBeNull();
    expect(editValue('employees', '2.5')).toBe('2.5');
    expect(editValue('employees', '12345678901')).toBe('12345678901');
  });
});

describe('customRecord', () => {
  it('drops rows without a name, trims names, and lets a repeated name’s last value win', () => {
    expect(
      customRecord([
        { key: ' Budget ', value: '50k' },
        { key: '', value: 'lost' },
        { key: 'Budget', value: '60k' },
        { key: 'Zdroj', value: '' },
      ]),
    ).toEqual({ Budget: '60k', Zdroj: '' });
  });
});
