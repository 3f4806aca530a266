import type { ApiKey, CreatedApiKey, WebhookSource } from '@contract/admin';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/problem';
import { ApiKeysModel, expiryFor } from './api-keys-model';
import { overlapEnd, WebhookSourcesModel } from './webhook-sources-model';

const key = (id: string, name: string): ApiKey => ({
  id,
  name,
  role: 'admin',
  scopes: ['leads:read'],
  prefix: 'abcd1234',
  lastUsedAt: null,
  lastUsedIp: null,
  expiresAt: null,
  createdBy: null,
  createdAt: '2026-01-01T00:00:00Z',
});
const source = (id: string, name: string): WebhookSource => ({
  id,
  name,
  adapter: 'leadgate',
  defaultSource: 'Partner',
  formId: null,
  enabled: true,
  secretCount: 1,
  oldSecretsExpireAt: null,
  url: `/v1/hooks/${id}`,
  createdAt: '2026-01-01T00:00:00Z',
});
const problem = (status: number, code: string): Problem => ({ type: 'about:blank', title: '', status, code });

describe('ApiKeysModel', () => {
  it('creates (new first, its secret held once), dismisses the secret, revokes', async () => {
    const model = new ApiKeysModel();
    await model.load({ listKeys: async () => ({ ok: true, data: { items: [key('k1', 'Old')] } }) });
    const created: CreatedApiKey = { ...key('k2', 'CI'), key: 'lg_abcd1234_secret' };
    await model.create(
      { createKey: async () => ({ ok: true, data: created }) },
      { name: 'CI', scopes: ['submit'] },
    );
    expect(model.items.value.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(JSON.stringify(model.items.value)).not.toContain('lg_abcd1234_secret');
    expect(model.created.value?.key).toBe('lg_abcd1234_secret');
    expect(model.notice.value).toEqual({ kind: 'created', name: 'CI' });
    model.dismissCreated();
    expect(model.created.value).toBeNull();
    await model.revoke({ revokeKey: async () => ({ ok: true, data: null }) }, key('k1', 'Old'));
    expect(model.items.value.map((k) => k.id)).toEqual(['k2']);
    expect(model.notice.value).toEqual({ kind: 'revoked', name: 'Old' });
  });

  it('a refused key: the problem, nothing added, no secret', async () => {
    const model = new ApiKeysModel();
    await model.load({ listKeys: async () => ({ ok: true, data: { items: [] } }) });
    const result = await model.create(
      { createKey: async () => ({ ok: false, problem: problem(422, 'validation-failed') }) },
      { name: 'x', scopes: ['submit'] },
    );
    expect(result.ok).toBe(false);
    expect(model.items.value).toEqual([]);
    expect(model.created.value).toBeNull();
  });

  it.each([
    ['30', '2026-01-31T00:00:00.000Z'],
    ['365', '2027-01-01T00:00:00.000Z'],
    ['never', undefined],
  ] as const)('expiry %s → %s', (choice, expected) => {
    expect(expiryFor(choice, new Date('2026-01-01T00:00:00Z'))).toBe(expected);
  });
});

describe('WebhookSourcesModel', () => {
  it('rotates (the new secret held once, the overlap shown), revokes, keeps each source’s log', async () => {
    const model = new WebhookSourcesModel();
    await model.load({ listSources: async () => ({ ok: true, data: { items: [source('s1', 'Zap')] } }) });
    const until = overlapEnd('24', new Date('2026-01-01T00:00:00Z'));
    expect(until).toBe('2026-01-02T00:00:00.000Z');
    await model.rotate(
      { rotateSource: async () => ({ ok: true, data: { secret: 'whsec_new', oldSecretsExpireAt: until } }) },
      source('s1', 'Zap'),
      until,
    );
    expect(model.secret.value).toEqual({ sourceName: 'Zap', secret: 'whsec_new', url: null });
    expect(model.items.value[0]).toMatchObject({ secretCount: 2, oldSecretsExpireAt: until });
    await model.loadLog(
      {
        listDeliveries: async () => ({
          ok: true,
          data: {
            items: [
              {
                receivedAt: until,
                messageId: 'm1',
                outcome: 'accepted',
                leadId: 'lead_1',
                leadOutcome: 'created',
                status: 201,
                problem: null,
              },
            ],
          },
        }),
      },
      's1',
    );
    expect(model.logs.value.s1).toHaveLength(1);
    await model.revoke({ revokeSource: async () => ({ ok: true, data: null }) }, source('s1', 'Zap'));
    expect(model.items.value).toEqual([]);
    expect(model.notice.value).toEqual({ kind: 'revoked', name: 'Zap' });
  });
});
