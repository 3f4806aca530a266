import { sql } from 'drizzle-orm';
import { memberships, webhookAttempts, webhookMessages, webhookSubscriptions } from '../../../db/schema';
import type { Db, Tx } from '../../../db/types';
import type { WebhookPerson } from '../../contract/outgoing-webhooks';
import { checkWebhookUrl, DISABLE_AFTER_MS, retryDelaySeconds } from '../../core/outgoing-webhooks';
import { signWebhook } from '../../core/standard-webhooks';
import type { Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { recordEmails } from '../audit/notices';
import { bodyWithPerson, personOf, personsFor } from './person';
import { SECRET_PURPOSE } from './subscriptions';
import { webhookDeps } from './target';
import type { WebhookResponse } from './transport';

/** A claimed message is invisible to other deliverers this long (a crashed delivery's come back after). */
const LEASE_SECONDS = 60;

/** A message with what sending it needs. */
export type Deliverable = {
  id: string;
  organizationId: string;
  subscriptionId: string;
  payload: Record<string, unknown>;
  leadId: string | null;
  /** The endpoint asked for `data.person` (read at send time). */
  includePersonalData: boolean;
  attempts: number;
  url: string;
  secretCiphertexts: string[];
};

export type DeliveryDeps = Pick<Deps, 'now' | 'newId' | 'pii' | 'webhooks' | 'fetch' | 'logger'>;

export type AttemptResult = { ok: boolean; attempt: number; status: number | null; error: string | null };

const RETURNING = sql`m.id, m.organization_id as "organizationId", m.subscription_id as "subscriptionId",
  m.payload, m.lead_id as "leadId", s.include_personal_data as "includePersonalData", m.attempts, s.url,
  s.secret_ciphertexts as "secretCiphertexts"`;

/**
 * The pending messages due at `now` of enabled endpoints, at most one per endpoint and lead (the lead's
 * oldest: a later event waits for an earlier one), claimed with a lease in one statement (FOR UPDATE SKIP
 * LOCKED), so two deliverers never send the same message at once. `organizationIds`: only theirs.
 */
export async function claimDue(
  db: Db,
  now: Date,
  limit: number,
  organizationIds?: string[],
): Promise<Deliverable[]> {
  const at = now.toISOString();
  const orgs = organizationIds
    ? sql` and m.organization_id in (select jsonb_array_elements_text(${JSON.stringify(organizationIds)}::jsonb))`
    : sql``;
  const result = (await db.execute(sql`
    with due as (
      select m.id from ${webhookMessages} m
      join ${webhookSubscriptions} s on s.id = m.subscription_id and s.enabled
      where m.status = 'pending' and m.next_attempt_at <= ${at}::timestamptz${orgs}
        and not exists (select 1 from ${webhookMessages} p where p.subscription_id = m.subscription_id
          and p.lead_id = m.lead_id and p.status = 'pending' and p.seq < m.seq)
      order by m.next_attempt_at, m.seq limit ${limit} for update of m skip locked
    )
    update ${webhookMessages} m set next_attempt_at = ${at}::timestamptz + make_interval(secs => ${LEASE_SECONDS})
    from due, ${webhookSubscriptions} s where m.id = due.id and s.id = m.subscription_id
    returning ${RETURNING}`)) as unknown as { rows: Deliverable[] };
  return result.rows;
}

/** One message by id, for a replay or the queue consumer; null when it is not (or no longer) sendable. */
export async function loadDeliverable(
  db: Db,
  id: string,
  opts: { organizationId?: string; pendingInOrder?: boolean },
): Promise<Deliverable | null> {
  const org = opts.organizationId ? sql` and m.organization_id = ${opts.organizationId}` : sql``;
  const inOrder = opts.pendingInOrder
    ? sql` and m.status = 'pending' and s.enabled and not exists (select 1 from ${webhookMessages} p
        where p.subscription_id = m.subscription_id and p.lead_id = m.lead_id and p.status = 'pending'
          and p.seq < m.seq)`
    : sql``;
  const result = (await db.execute(sql`select ${RETURNING} from ${webhookMessages} m
    join ${webhookSubscriptions} s on s.id = m.subscription_id
    where m.id = ${id}${org}${inOrder}`)) as unknown as { rows: Deliverable[] };
  return result.rows[0] ?? null;
}

/** The Standard Webhooks headers of one attempt: a `v1` signature by every current secret, newest first. */
/** Decrypted secrets by ciphertext, for one drain: an endpoint's secret is decrypted once, not per message. */
type SecretCache = Map<string, Promise<string>>;

async function signedHeaders(
  deps: DeliveryDeps,
  m: Deliverable,
  body: string,
  now: Date,
  cache: SecretCache,
) {
  const timestamp = Math.floor(now.getTime() / 1000);
  const secrets = await Promise.all(
    m.secretCiphertexts.map((c) => {
      let secret = cache.get(c);
      if (!secret) {
        secret = deps.pii.decrypt(m.organizationId, SECRET_PURPOSE, c);
        cache.set(c, secret);
      }
      return secret;
    }),
  );
  const signatures = await Promise.all(secrets.reverse().map((s) => signWebhook(s, m.id, timestamp, body)));
  return {
    'content-type': 'application/json',
    'user-agent': 'Leadgate-Webhooks/1',
    'webhook-id': m.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatures.join(' '),
  };
}

/** One attempt as made: what was sent, when, and the answer. */
type Sent = {
  m: Deliverable;
  headers: Record<string, string>;
  sentAt: Date;
  response: WebhookResponse;
  ok: boolean;
};

/**
 * Signs and sends one message (the SSRF guard checks the URL again first); records nothing. `persons`: the
 * personal data of the leads whose endpoints asked for it (`personsFor`).
 */
async function send(
  deps: DeliveryDeps,
  m: Deliverable,
  cache: SecretCache,
  persons: Map<string, WebhookPerson>,
): Promise<Sent> {
  const webhooks = webhookDeps(deps);
  const body = bodyWithPerson(m.payload, personOf(persons, m));
  const sentAt = deps.now();
  const headers = await signedHeaders(deps, m, body, sentAt, cache);
  const target = checkWebhookUrl(m.url, { allowLoopback: webhooks.allowLoopback });
  const response: WebhookResponse = target.ok
    ? await webhooks.send({ url: m.url, headers, body })
    : { status: null, excerpt: null, durationMs: 0, error: 'blocked-target' };
  const ok = response.status !== null && response.status >= 200 && response.status < 300;
  return { m, headers, sentAt, response, ok };
}

function attemptRow(s: Sent, replay: boolean): typeof webhookAttempts.$inferInsert {
  return {
    organizationId: s.m.organizationId,
    messageId: s.m.id,
    attempt: s.m.attempts + 1,
    replay,
    url: s.m.url,
    // The signatures are kept: with the body they let a receiver's operator check a disputed attempt.
    requestHeaders: s.headers,
    responseStatus: s.response.status,
    responseExcerpt: s.response.excerpt,
    error: s.response.error ?? (s.ok ? null : 'status'),
    durationMs: s.response.durationMs,
    createdAt: s.sentAt,
  };
}

/**
 * Sends one message and records the attempt. `replay`: an admin's extra attempt, which marks the message
 * delivered when it succeeds and otherwise leaves its schedule alone. An automatic attempt that fails is
 * rescheduled with backoff (or failed when the retries are spent), and marks the endpoint failing; one
 * failing for three days is disabled and its organization's admins and owners are emailed.
 */
export async function deliver(
  deps: DeliveryDeps,
  db: Db,
  m: Deliverable,
  opts: { replay: boolean },
): Promise<AttemptResult> {
  const sent = await send(deps, m, new Map(), await personsFor(deps, db, [m]));
  if (sent.ok) await recordDelivered(db, [sent], opts.replay, deps.now());
  else await recordFailed(deps, db, sent, opts.replay);
  return {
    ok: sent.ok,
    attempt: m.attempts + 1,
    status: sent.response.status,
    error: sent.response.error ?? null,
  };
}

/** Records successful attempts in one transaction: their log rows, the messages delivered, the endpoints answering. */
async function recordDelivered(db: Db, sent: Sent[], replay: boolean, now: Date) {
  if (sent.length === 0) return;
  const at = now.toISOString();
  const rows = JSON.stringify(sent.map((s) => ({ id: s.m.id, attempts: s.m.attempts + 1 })));
  const subscriptions = [...new Set(sent.map((s) => s.m.subscriptionId))];
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values(sent.map((s) => attemptRow(s, replay)));
    await tx.execute(sql`update ${webhookMessages} m set status = 'delivered', attempts = r.attempts,
      delivered_at = ${at}::timestamptz, next_attempt_at = ${at}::timestamptz
      from jsonb_to_recordset(${rows}::jsonb) as r(id text, attempts int) where m.id = r.id`);
    await tx.execute(sql`update ${webhookSubscriptions} set failing_since = null
      where id in (select jsonb_array_elements_text(${JSON.stringify(subscriptions)}::jsonb))
        and failing_since is not null`);
  });
}

/** Records one failed attempt: a replay only counts it; an automatic one reschedules and may disable. */
async function recordFailed(deps: DeliveryDeps, db: Db, s: Sent, replay: boolean) {
  const attempt = s.m.attempts + 1;
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values(attemptRow(s, replay));
    if (replay)
      await tx.execute(sql`update ${webhookMessages} set attempts = ${attempt} where id = ${s.m.id}`);
    else await markFailed(deps, tx, s.m, attempt, deps.now());
  });
}

async function markFailed(deps: DeliveryDeps, tx: Tx, m: Deliverable, attempt: number, now: Date) {
  const delay = retryDelaySeconds(attempt, Math.random());
  const next = new Date(now.getTime() + (delay ?? 0) * 1000).toISOString();
  await tx.execute(sql`update ${webhookMessages} set attempts = ${attempt},
    status = ${delay === null ? 'failed' : 'pending'}, next_attempt_at = ${next}::timestamptz where id = ${m.id}`);
  const cutoff = new Date(now.getTime() - DISABLE_AFTER_MS).toISOString();
  const at = now.toISOString();
  const result = (await tx.execute(sql`
    with old as (select id, enabled, failing_since from ${webhookSubscriptions} where id = ${m.subscriptionId} for update)
    update ${webhookSubscriptions} s set failing_since = coalesce(old.failing_since, ${at}::timestamptz),
      enabled = old.enabled and coalesce(old.failing_since, ${at}::timestamptz) > ${cutoff}::timestamptz,
      disabled_reason = case when old.enabled and old.failing_since <= ${cutoff}::timestamptz then 'failing'
        else s.disabled_reason end
    from old where s.id = old.id
    returning s.enabled, old.enabled as "wasEnabled", s.url`)) as unknown as {
    rows: Array<{ enabled: boolean; wasEnabled: boolean; url: string }>;
  };
  const sub = result.rows[0];
  if (sub?.wasEnabled && !sub.enabled) await tellDisabled(deps, tx, m, sub.url, now);
}

/** The endpoint was just disabled for failing: an audit event and an email to each admin and owner. */
async function tellDisabled(deps: DeliveryDeps, tx: Tx, m: Deliverable, url: string, now: Date) {
  await recordEvents(tx, [
    {
      organizationId: m.organizationId,
      entityType: 'webhook_subscription',
      entityId: m.subscriptionId,
      type: 'webhook_subscription.disabled',
      actor: { type: 'system', id: null },
      at: now,
      data: { reason: 'failing', url },
    },
  ]);
  const admins = (await tx.execute(sql`select user_id as "userId" from ${memberships}
    where organization_id = ${m.organizationId} and role in ('admin', 'owner') and status = 'active'`)) as unknown as {
    rows: Array<{ userId: string }>;
  };
  await recordEmails(
    deps,
    tx,
    admins.rows.map((a) => ({
      organizationId: m.organizationId,
      template: 'webhook-disabled',
      data: { userId: a.userId, url, link: '/app/settings/outgoing-webhooks' },
      at: now,
    })),
  );
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export type DrainResult = { delivered: number; failed: number };

/**
 * Delivers the messages due at `now` (the Node face's deliverer, and tests with an injected clock): claims a
 * batch, sends them `concurrency` at a time, and claims again until nothing is due.
 */
export async function deliverDue(
  deps: DeliveryDeps,
  db: Db,
  now: Date,
  { batch = 200, concurrency = 32 }: { batch?: number; concurrency?: number } = {},
): Promise<DrainResult> {
  const result: DrainResult = { delivered: 0, failed: 0 };
  const cache: SecretCache = new Map();
  for (;;) {
    const claimed = await claimDue(db, now, batch);
    const delivered: Sent[] = [];
    const persons = await personsFor(deps, db, claimed);
    await pool(claimed, concurrency, async (m) => {
      const sent = await send(deps, m, cache, persons);
      if (sent.ok) delivered.push(sent);
      else {
        result.failed++;
        await recordFailed(deps, db, sent, false);
      }
    });
    await recordDelivered(db, delivered, false, deps.now());
    result.delivered += delivered.length;
    // Claimed messages are leased and failed ones rescheduled, so the loop ends; a lead's next message
    // becomes claimable once its earlier one is delivered.
    if (claimed.length === 0) return result;
  }
}
