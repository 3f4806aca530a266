// The product code the outgoing-webhooks benchmark runs, bundled by bench/outhooks.mjs (esbuild): the real
// schema and migrations, the subscription service, the trigger that enqueues, and the Node face's deliverer.
import { sql } from 'drizzle-orm';
import { connect } from '../db/connect';
import { formatId } from '../edge/core/ids';
import { randomBytes } from '../edge/crypto/encoding';
import { generatePiiKeyMaterial, PiiVault } from '../edge/crypto/pii';
import { defaultConfig } from '../edge/deps';
import { deliverDue } from '../edge/services/outgoing-webhooks/deliver';
import { nodeWebhookDeps } from '../edge/services/outgoing-webhooks/node-transport';
import { createSubscription } from '../edge/services/outgoing-webhooks/subscriptions';
import { createOrganization } from '../edge/services/people/organizations';

/** A migrated database with one organization subscribed to lead.created at `receiverUrl`. */
export async function prepare(url: string, receiverUrl: string) {
  const conn = await connect({ url, poolSize: 40 });
  await conn.migrate('db/migrations');
  const newId = (p: string) => formatId(p, Date.now(), randomBytes(10));
  const deps = {
    now: () => new Date(),
    newId,
    config: defaultConfig,
    pii: await PiiVault.create(generatePiiKeyMaterial()),
    fetch: globalThis.fetch,
    webhooks: nodeWebhookDeps(true),
    logger: { info: () => {}, error: (m: string, d?: unknown) => console.error(m, d) },
  };
  const { organizationId } = await createOrganization(deps, conn.db, {
    name: 'Bench hooks',
    slug: `bench-hooks-${Date.now()}`,
    members: [],
  });
  const auth = {
    organizationId,
    userId: null,
    apiKeyId: null,
    role: 'owner' as const,
    via: 'session' as const,
    csrfToken: null,
  };
  const sub = await createSubscription(deps, conn.db, auth, {
    url: receiverUrl,
    eventTypes: ['lead.created'],
  });
  return {
    secret: sub.secret,
    /** `n` new leads and their `created` events in one statement: the trigger enqueues one message each. */
    async createLeads(n: number, tag: string) {
      const started = performance.now();
      await conn.db.execute(sql`
        with ins as (
          insert into leads (id, organization_id, last_name, status)
          select 'lead_' || ${tag} || '_' || g, ${organizationId}, 'Bench ' || g, 'NEW'
          from generate_series(1, ${n}) g returning id
        )
        insert into lead_events (organization_id, lead_id, entity_type, entity_id, type, actor_type, data)
        select ${organizationId}, id, 'lead', id, 'created', 'system', '{}'::jsonb from ins`);
      return performance.now() - started;
    },
    async setEnabled(enabled: boolean) {
      await conn.db.execute(sql`update webhook_subscriptions set enabled = ${enabled} where id = ${sub.id}`);
    },
    async counts() {
      const r = (await conn.db.execute(sql`select status, count(*)::int as n from webhook_messages
        where subscription_id = ${sub.id} group by status`)) as unknown as {
        rows: Array<{ status: string; n: number }>;
      };
      return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
    },
    async attempts() {
      const r = (await conn.db.execute(sql`select count(*)::int as n from webhook_attempts a
        join webhook_messages m on m.id = a.message_id where m.subscription_id = ${sub.id}`)) as unknown as {
        rows: Array<{ n: number }>;
      };
      return r.rows[0]!.n;
    },
    /** Runs the Node face's deliverer until nothing is due; its elapsed milliseconds and counts. */
    async deliver() {
      const started = performance.now();
      const result = await deliverDue(deps, conn.db, new Date());
      return { ms: performance.now() - started, ...result };
    },
    close: () => conn.close(),
  };
}
