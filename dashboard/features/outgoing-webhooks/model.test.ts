import type { WebhookMessage, WebhookSubscription } from '@contract/outgoing-webhooks';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/problem';
import { OutgoingWebhooksModel } from './model';

const sub = (id: string, extra: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  id,
  url: `https://hooks.example.com/${id}`,
  description: '',
  eventTypes: ['lead.created'],
  enabled: true,
  includePersonalData: false,
  disabledReason: null,
  failingSince: null,
  secretCount: 1,
  pending: 0,
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});
const message = (id: string, status: WebhookMessage['status']): WebhookMessage => ({
  id,
  subscriptionId: 'whk_a',
  eventType: 'lead.created',
  leadId: 'lead_1',
  status,
  attempts: 1,
  nextAttemptAt: null,
  deliveredAt: null,
  parkedAt: null,
  parkedReason: null,
  createdAt: '2026-01-01T00:00:00Z',
  body: '{}',
  log: [],
});
const problem = (status: number, code: string, extra: Partial<Problem> = {}): Problem => ({
  type: 'about:blank',
  title: '',
  status,
  code,
  ...extra,
});

async function loaded(items: WebhookSubscription[]) {
  const model = new OutgoingWebhooksModel();
  await model.load({ list: async () => ({ ok: true, data: { items } }) });
  return model;
}

describe('OutgoingWebhooksModel', () => {
  it('shows a new endpoint first and its secret once, until dismissed', async () => {
    const model = await loaded([sub('whk_a')]);
    await model.create(
      { create: async () => ({ ok: true, data: { ...sub('whk_b'), secret: 'whsec_abc' } }) },
      { url: 'https://hooks.example.com/whk_b', eventTypes: ['lead.created'] },
    );
    expect(model.items.value.map((s) => s.id)).toEqual(['whk_b', 'whk_a']);
    expect(model.secret.value).toEqual({
      subscriptionId: 'whk_b',
      url: 'https://hooks.example.com/whk_b',
      secret: 'whsec_abc',
    });
    expect(model.notice.value).toEqual({ kind: 'created', url: 'https://hooks.example.com/whk_b' });
    model.dismissSecret();
    expect(model.secret.value).toBeNull();
  });

  it('switches an endpoint’s personal data and says so', async () => {
    const model = await loaded([sub('whk_a')]);
    const sent: unknown[] = [];
    await model.setPersonalData(
      {
        update: async (_id, body) => {
          sent.push(body);
          return { ok: true, data: sub('whk_a', { includePersonalData: true }) };
        },
      },
      'whk_a',
      true,
    );
    expect(sent).toEqual([{ includePersonalData: true }]);
    expect(model.items.value[0]!.includePersonalData).toBe(true);
    expect(model.notice.value).toEqual({ kind: 'personalOn', url: 'https://hooks.example.com/whk_a' });
  });

  it('keeps a refused URL on the form (its action failed), not as a notice', async () => {
    const model = await loaded([]);
    const refused = problem(422, 'validation-failed', {
      errors: [{ pointer: '/url', detail: 'private', code: 'private_address' }],
    });
    await model.create(
      { create: async () => ({ ok: false, problem: refused }) },
      { url: 'https://10.0.0.1', eventTypes: ['lead.created'] },
    );
    expect(model.failed.value).toBe('new');
    expect(model.problem.value).toBe(refused);
    expect(model.items.value).toEqual([]);
    expect(model.secret.value).toBeNull();
  });

  it('counts the secrets through a rotation and shows the new one once', async () => {
    const model = await loaded([sub('whk_a')]);
    await model.rotate(
      { rotate: async () => ({ ok: true, data: { secret: 'whsec_new', secretCount: 2 } }) },
      'whk_a',
    );
    expect(model.items.value[0]!.secretCount).toBe(2);
    expect(model.secret.value?.secret).toBe('whsec_new');
    await model.dropOldSecrets({ dropOldSecrets: async () => ({ ok: true, data: null }) }, 'whk_a');
    expect(model.items.value[0]!.secretCount).toBe(1);
  });

  it('reloads the open log after a replay', async () => {
    const model = await loaded([sub('whk_a')]);
    let status: WebhookMessage['status'] = 'pending';
    const api = {
      messages: async () => ({ ok: true as const, data: { items: [message('msg_1', status)] } }),
      replay: async () => {
        status = 'delivered';
        return { ok: true as const, data: { ok: true, attempt: 2, status: 200, error: null } };
      },
    };
    await model.openLog(api, 'whk_a');
    expect(model.log.value.map((m) => m.status)).toEqual(['pending']);
    await model.replay(api, 'msg_1');
    expect(model.notice.value).toEqual({ kind: 'replayed', ok: true, status: 200, attempt: 2 });
    expect(model.log.value.map((m) => m.status)).toEqual(['delivered']);
    await model.openLog(api, null);
    expect(model.logFor.value).toBeNull();
  });
});
