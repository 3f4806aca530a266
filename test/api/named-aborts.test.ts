import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABORT, isAbort, pgCode } from '../../db/errors';
import type { Db } from '../../db/types';
import { type IngestInput, ingestDeps, ingestLead } from '../../edge/services/ingest/ingest-lead';
import { createTestOrg, setupApi, type TestApi } from '../support/api';

/**
 * A database handle whose compiled statements can be watched: `before`/`after` run around each statement
 * whose prepared name starts with a prefix (another writer acting between two of a service's round trips),
 * and the SQLSTATE of every statement that failed is recorded by name. The statements themselves run
 * unchanged on the real database.
 */
function watched(
  db: Db,
  hooks: Record<string, { before?: () => Promise<void>; after?: () => Promise<void> }>,
) {
  const failures: Array<{ name: string; code: string | undefined; error: unknown }> = [];
  const session = db._.session;
  const watchedSession = new Proxy(session, {
    get(target, prop) {
      if (prop !== 'prepareQuery') return Reflect.get(target, prop);
      return (...args: Parameters<typeof session.prepareQuery>) => {
        const prepared = target.prepareQuery(...args);
        const name = args[2] ?? '';
        const hook = Object.entries(hooks).find(([prefix]) => name.startsWith(prefix))?.[1];
        const execute = prepared.execute.bind(prepared);
        prepared.execute = (async (values?: Record<string, unknown>) => {
          await hook?.before?.();
          try {
            const result = await execute(values);
            await hook?.after?.();
            return result;
          } catch (error) {
            failures.push({ name, code: pgCode(error), error });
            throw error;
          }
        }) as typeof prepared.execute;
        return prepared;
      };
    },
  });
  const internals = { ...db._, session: watchedSession };
  const handle = new Proxy(db, {
    get: (target, prop) => (prop === '_' ? internals : Reflect.get(target, prop)),
  });
  return { db: handle, failures };
}

describe.each(['postgres', 'pglite'] as const)('named aborts on %s', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    // No group commit: each submission goes through the one-row statement on the handle given.
    t = await setupApi({ newLeads: undefined }, { database });
  });
  afterAll(() => t.close());

  const input = (organizationId: string, lastName: string, email: string, key?: string): IngestInput => ({
    organizationId,
    channel: 'api',
    formId: null,
    lead: { lastName, email },
    source: null,
    campaign: null,
    actor: { type: 'system', id: null },
    defaultCountry: 'DE',
    idempotency: key ? { scope: 'api', key, requestHash: `hash-${key}` } : null,
  });

  it('two claims of one Idempotency-Key: the second statement aborts with claimTaken and replays', async () => {
    const org = await createTestOrg(t);
    const w = watched(t.db, {});
    const deps = ingestDeps(t.deps);
    const body = input(org.organizationId, 'Claim', 'claim@example.test', 'same-key');
    const [a, b] = await Promise.all([ingestLead(deps, w.db, body), ingestLead(deps, w.db, body)]);

    expect(a.leadId).toBe(b.leadId);
    expect(a.receiptId).toBe(b.receiptId);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(w.failures.map((f) => [f.name.replace(/_\d+$/, ''), f.code])).toEqual([
      ['lg_new_leads', ABORT.claimTaken],
    ]);
    expect(isAbort(w.failures[0]!.error, 'claimTaken')).toBe(true);
    const stored = await t.sql('select id from leads where organization_id = $1', [org.organizationId]);
    expect(stored).toHaveLength(1);
    const events = await t.sql('select type from lead_events where lead_id = $1', [a.leadId]);
    expect(events.map((e) => e.type)).toEqual(['created']);
  });

  it('a fill racing a version change aborts with leadMoved, then fills once under the lock', async () => {
    const org = await createTestOrg(t);
    const deps = ingestDeps(t.deps);
    const first = await ingestLead(deps, t.db, input(org.organizationId, 'Race', 'race@example.test'));
    // Another writer changes the lead between the fill's read and its write.
    const w = watched(t.db, {
      lg_known_lead: {
        after: async () => {
          await t.sql('update leads set version = version + 1 where id = $1', [first.leadId]);
        },
      },
    });
    const again = await ingestLead(
      deps,
      w.db,
      input(org.organizationId, 'Race', 'race@example.test', 'fill-key'),
    );

    expect(again).toMatchObject({ leadId: first.leadId, outcome: 'updated', replayed: false });
    expect(w.failures.map((f) => [f.name.replace(/_\d+$/, ''), f.code])).toEqual([
      ['lg_fill_known', ABORT.leadMoved],
    ]);
    expect(isAbort(w.failures[0]!.error, 'leadMoved')).toBe(true);
    const events = await t.sql('select type from lead_events where lead_id = $1 order by id', [first.leadId]);
    expect(events.map((e) => e.type)).toEqual(['created', 'resubmitted']);
    const [lead] = await t.sql<{ version: number }>('select version from leads where id = $1', [
      first.leadId,
    ]);
    expect(lead!.version).toBe(3);
    const [key] = await t.sql<{ status_code: number | null; response_body: { leadId: string } }>(
      'select status_code, response_body from idempotency_keys where organization_id = $1 and key = $2',
      [org.organizationId, 'fill-key'],
    );
    expect(key).toMatchObject({
      status_code: 201,
      response_body: { leadId: first.leadId, outcome: 'updated' },
    });
  });

  it('a known lead gone before its fill is no database error: the submission is taken as new', async () => {
    const org = await createTestOrg(t);
    const deps = ingestDeps(t.deps);
    const first = await ingestLead(deps, t.db, input(org.organizationId, 'Gone', 'gone@example.test'));
    // The lead is deleted between the insert that found the person known and the fill's read.
    const w = watched(t.db, {
      lg_known_lead: {
        before: async () => {
          await t.sql('update leads set deleted_at = now() where id = $1', [first.leadId]);
        },
      },
    });
    const again = await ingestLead(deps, w.db, input(org.organizationId, 'Gone', 'gone@example.test'));

    expect(again.outcome).toBe('created');
    expect(again.leadId).not.toBe(first.leadId);
    expect(w.failures).toEqual([]);
  });

  it('lg_abort raises the code it is given, with its message, and nothing of the statement stays', async () => {
    const org = await createTestOrg(t);
    const error = await t
      .sql(
        `with ev as (insert into lead_events (organization_id, type, actor_type, data, created_at)
           values ($1, 'probe', 'system', '{}', now()) returning id)
         select case when (select count(*) from ev) = 0 then true else lg_abort($2, 'probe refused') end`,
        [org.organizationId, ABORT.leadMoved],
      )
      .catch((e: unknown) => e);
    expect(pgCode(error)).toBe(ABORT.leadMoved);
    expect(String((error as Error).message)).toContain('probe refused');
    const probes = await t.sql("select id from lead_events where organization_id = $1 and type = 'probe'", [
      org.organizationId,
    ]);
    expect(probes).toEqual([]);
  });
});
