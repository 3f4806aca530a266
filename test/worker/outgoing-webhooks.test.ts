import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../db/connect';
import { formatId } from '../../edge/core/ids';
import { randomBytes } from '../../edge/crypto/encoding';
import { defaultConfig } from '../../edge/deps';
import { createForm, createOrganization } from '../../edge/services/people/organizations';
import { type Receiver, startReceiver } from '../support/webhook-receiver';
import { signedIn, startWorker, type WorkerHarness } from './support';

/**
 * Outgoing webhooks in workerd: the Cron Trigger hands due messages to the WEBHOOK_QUEUE binding of
 * wrangler.toml, and the worker's queue consumer delivers them, signed, to a receiver that verifies with
 * the `standardwebhooks` package.
 */
let harness: WorkerHarness;
let receiver: Receiver;
let conn: Awaited<ReturnType<typeof connect>>;
let formId: string;

beforeAll(async () => {
  receiver = await startReceiver();
  harness = await startWorker({ bindings: () => ({ WEBHOOKS_ALLOW_LOOPBACK: '1' }) });
  conn = await connect({ url: harness.database.url });
  const deps = {
    now: () => new Date(),
    newId: (p: string) => formatId(p, Date.now(), randomBytes(10)),
    config: defaultConfig,
  };
  const org = await createOrganization(deps, conn.db, {
    name: 'Hook Org',
    slug: 'hook-org',
    members: [{ email: 'admin@hooks.test', name: 'Ada Admin', role: 'admin', password: 'hooks-pass-1' }],
  });
  formId = await createForm(deps, conn.db, org.organizationId, { name: 'Hook form' });
});

afterAll(async () => {
  await harness?.close();
  await conn?.close();
  await receiver?.close();
});

describe('outgoing webhooks on Workers', () => {
  it('delivers lead.created through the queue consumer after the cron dispatch', async () => {
    const headers = await signedIn(
      await harness.post('/api/session', { email: 'admin@hooks.test', password: 'hooks-pass-1' }),
    );
    const created = await harness.post(
      '/api/webhook-subscriptions',
      { url: `${receiver.url}/hook`, eventTypes: ['lead.created'] },
      headers,
    );
    expect(created.status, await created.clone().text()).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    receiver.secrets = [secret];

    // Workers checks the URL as written: a private address is refused there too.
    const refused = await harness.post(
      '/api/webhook-subscriptions',
      { url: 'https://10.0.0.1/hook', eventTypes: ['lead.created'] },
      headers,
    );
    expect(refused.status).toBe(422);

    const submitted = await harness.post(`/v1/forms/${formId}/submissions`, {
      lastName: 'Queued',
      email: 'queued@example.test',
    });
    expect(submitted.status).toBe(201);
    const [lead] = (await harness.raw.query(`select id from leads where last_name = 'Queued'`)).rows;

    const worker = await harness.mf.getWorker();
    await worker.scheduled({ cron: '* * * * *', scheduledTime: new Date() });
    for (let i = 0; i < 100 && receiver.verified().length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));

    const [got] = receiver.verified();
    expect(got?.verified).toMatchObject({
      type: 'lead.created',
      version: 1,
      data: { lead: { id: lead.id } },
    });
    let status = '';
    for (let i = 0; i < 50 && status !== 'delivered'; i++) {
      const [m] = (await harness.raw.query('select status from webhook_messages where id = $1', [got!.id]))
        .rows;
      status = m.status;
      if (status !== 'delivered') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('delivered');
    expect(receiver.received).toHaveLength(1);
  });
});
