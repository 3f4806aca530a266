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
let organizationId: string;

beforeAll(async () => {
  receiver = await startReceiver();
  harness = await startWorker({
    bindings: () => ({ WEBHOOKS_ALLOW_LOOPBACK: '1' }),
    // A message the consumer fails on goes to the dead-letter queue at once, not after five retries.
    queueConsumers: { 'leadgate-webhooks': { maxRetries: 0 } },
  });
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
  organizationId = org.organizationId;
  formId = await createForm(deps, conn.db, org.organizationId, { name: 'Hook form' });
});

afterAll(async () => {
  await harness?.close();
  await conn?.close();
  await receiver?.close();
});

/** Waits up to `ms` for `ready`, polling every 100 ms. */
async function waitFor(ready: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  for (let waited = 0; waited < ms && !(await ready()); waited += 100)
    await new Promise((r) => setTimeout(r, 100));
}

async function messageRow(id: string) {
  return (
    await harness.raw.query(
      'select status, parked_at as "parkedAt", parked_reason as "parkedReason" from webhook_messages where id = $1',
      [id],
    )
  ).rows[0] as { status: string; parkedAt: Date | null; parkedReason: string | null };
}

describe('outgoing webhooks on Workers', () => {
  it('delivers lead.created through the queue consumer right after the commit, without a cron tick', async () => {
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

    // No scheduled run: the request handed its message to the queue once its transaction committed.
    await waitFor(() => receiver.verified().length > 0);
    const [got] = receiver.verified();
    expect(got?.verified).toMatchObject({
      type: 'lead.created',
      version: 1,
      data: { lead: { id: lead.id } },
    });
    await waitFor(async () => (await messageRow(got!.id)).status === 'delivered');
    expect((await messageRow(got!.id)).status).toBe('delivered');

    // The minute's cron finds nothing left to send: the message went once.
    const worker = await harness.mf.getWorker();
    await worker.scheduled({ cron: '* * * * *', scheduledTime: new Date() });
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(1);

    // A message the hand-over missed (still pending, its lease over) is sent by the cron, same webhook-id.
    await harness.raw.query(
      `update webhook_messages set status = 'pending', next_attempt_at = now() - interval '1 minute' where id = $1`,
      [got!.id],
    );
    // (The next minute's run: a job runs once per scheduled minute.)
    await worker.scheduled({ cron: '* * * * *', scheduledTime: new Date(Date.now() + 60_000) });
    await waitFor(() => receiver.received.length > 1);
    expect(receiver.received.map((r) => r.id)).toEqual([got!.id, got!.id]);
    await waitFor(async () => (await messageRow(got!.id)).status === 'delivered');
    expect((await messageRow(got!.id)).status).toBe('delivered');
  });

  it('hands a lead’s next message to the queue as soon as the one before it is delivered', async () => {
    const [sub] = (await harness.raw.query(`select id from webhook_subscriptions where url like '%/hook'`))
      .rows;
    const [lead] = (await harness.raw.query(`select id from leads where last_name = 'Queued'`)).rows;
    // Two waiting messages of one lead (inserted by a plain session, so no hand-over announced them).
    for (const id of ['msg_chain_a', 'msg_chain_b'])
      await harness.raw.query(
        `insert into webhook_messages (id, organization_id, subscription_id, event_type, lead_id, payload)
         values ($1, $2, $3, 'lead.updated', $4, '{"type":"lead.updated"}')`,
        [id, organizationId, sub.id, lead.id],
      );
    receiver.received.length = 0;
    // One cron run: it can only claim the first; the second follows once the first is delivered.
    const worker = await harness.mf.getWorker();
    await worker.scheduled({ cron: '* * * * *', scheduledTime: new Date(Date.now() + 120_000) });
    await waitFor(() => receiver.verified().length >= 2);
    expect(receiver.verified().map((r) => r.id)).toEqual(['msg_chain_a', 'msg_chain_b']);
  });

  it('marks a message the consumer gave up on as parked, through the dead-letter queue consumer', async () => {
    // An endpoint whose secret cannot be decrypted: its consumer throws on every try.
    await harness.raw.query(
      `insert into webhook_subscriptions (id, organization_id, url, event_types, secret_ciphertexts)
       values ('whk_broken', $1, $2, '{lead.created}', '{v1.broken}')`,
      [organizationId, `${receiver.url}/broken`],
    );
    await harness.raw.query(
      `insert into webhook_messages (id, organization_id, subscription_id, event_type, payload)
       values ('msg_broken', $1, 'whk_broken', 'lead.created', '{"type":"lead.created"}')`,
      [organizationId],
    );
    const worker = await harness.mf.getWorker();
    await worker.scheduled({ cron: '* * * * *', scheduledTime: new Date(Date.now() + 180_000) });
    await waitFor(async () => (await messageRow('msg_broken')).parkedAt !== null, 20_000);
    expect(await messageRow('msg_broken')).toEqual({
      status: 'pending',
      parkedAt: expect.any(Date),
      parkedReason: 'queue-retries-exhausted',
    });
    expect(receiver.received.filter((r) => r.path === '/broken')).toEqual([]);
  });
});
