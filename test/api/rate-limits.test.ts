import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../edge/core/standard-webhooks';
import { createWebhookSource } from '../../edge/services/ingest/receive-webhook';
import { createTestOrg, sessionAuth, setupApi, type TestApi } from '../support/api';

/** A well-formed secret that is not the source's. */
const FORGED_SECRET = `whsec_${btoa('not the secret, at all!')}`;

describe.each(['postgres', 'pglite'] as const)('rate limits on %s', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({}, { database });
  });
  afterAll(() => t.close());

  const ip = (address: string) => ({ 'x-test-client-ip': address });

  async function deliver(
    src: { id: string; secret: string },
    headers: Record<string, string>,
    { forged = false } = {},
  ) {
    const body = JSON.stringify({ lastName: 'Novák', email: `novak.${Math.random()}@example.cz` });
    const id = `msg_${Math.random().toString(36).slice(2)}`;
    const at = Math.floor(Date.now() / 1000);
    const signature = await signWebhook(forged ? FORGED_SECRET : src.secret, id, at, body);
    return t.app.request(`/v1/hooks/${src.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(at),
        'webhook-signature': signature,
        ...headers,
      },
      body,
    });
  }

  it('counts forged webhooks against the sender’s address, never against the source', async () => {
    const org = await createTestOrg(t);
    const src = await createWebhookSource(t.deps, t.db, sessionAuth(org, 'admin'), {
      name: 'CRM',
      adapter: 'leadgate',
    });
    const statuses = new Map<number, number>();
    // The source's quota is 1,200 a minute: as many forged posts used to spend it all.
    for (let i = 0; i < 1_200; i++) {
      const { status } = await deliver(src, ip('203.0.113.66'), { forged: true });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const signed = await deliver(src, ip('198.51.100.20'));
    expect(signed.status).toBe(201);
    expect(signed.headers.get('ratelimit-policy')).toContain('"hook";q=1200;w=60');
    // 60 are checked (and logged), and one more for each second the loop takes; then the address is
    // refused unheard.
    const checked = statuses.get(401)!;
    expect(checked).toBeGreaterThanOrEqual(60);
    expect(checked).toBeLessThan(70);
    expect(statuses.get(429)).toBe(1_200 - checked);
    const refused = await deliver(src, ip('203.0.113.66'), { forged: true });
    expect(refused.headers.get('ratelimit-policy')).toBe('"hook-sender";q=60;w=60');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('counts posts to an unknown source against the sender’s address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++)
      statuses.push((await deliver({ id: 'src_nope', secret: FORGED_SECRET }, ip('203.0.113.67'))).status);
    expect(statuses).toEqual([...Array(60).fill(404), 429]);
  });
});
