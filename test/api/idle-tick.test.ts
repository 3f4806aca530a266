import type { PGlite } from '@electric-sql/pglite';
import type { NodePgClient } from 'drizzle-orm/node-postgres';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import type { Db } from '../../db/types';
import type { Deps } from '../../edge/deps';
import { JOBS } from '../../edge/jobs';
import { runDueJobs } from '../../edge/jobs/run-due';
import type { Mailer } from '../../edge/mail/mailer';
import { createTestOrg, setupApi, type TestApi } from '../support/api';

const WRITES = /^\s*(insert|update|delete|with\b[\s\S]*\b(insert|update|delete)\b)/i;
const sent: string[] = [];
const mailer: Mailer = {
  send: async (message) => {
    sent.push(message.to);
    return { ok: true, id: message.idempotencyKey };
  },
};

describe.each(['postgres', 'pglite'] as const)('the scheduler on an idle tick (%s)', (database) => {
  let t: TestApi;
  /** Every statement the jobs and the scheduler send, through a second drizzle over the same client. */
  const statements: string[] = [];
  let deps: Deps;
  let db: Db;
  beforeAll(async () => {
    t = await setupApi({ mailer }, { database });
    const client = (t.db as unknown as { $client: unknown }).$client;
    const logger = { logQuery: (query: string) => statements.push(query) };
    db = (database === 'pglite'
      ? drizzlePglite({ client: client as PGlite, schema, casing: 'snake_case', logger })
      : drizzleNodePg({
          client: client as NodePgClient,
          schema,
          casing: 'snake_case',
          logger,
        })) as unknown as Db;
    deps = { ...t.deps, database: { acquire: () => ({ db, release: async () => {} }) } };
  });
  afterAll(() => t?.close());

  const tick = (iso: string) => {
    statements.length = 0;
    return runDueJobs(deps, db, JOBS, new Date(iso));
  };
  const jobRuns = () => t.sql('select * from job_runs order by name');

  it('reads once and writes nothing when no job is due or has work; runs a job once work appears', async () => {
    // The first tick ever catches up on the daily and weekly jobs.
    await tick('2026-03-03T10:00:05Z');
    const before = await jobRuns();

    expect(await tick('2026-03-03T10:01:05Z')).toEqual([]);
    expect(statements).toHaveLength(1);
    expect(statements.filter((s) => WRITES.test(s))).toEqual([]);
    expect(await jobRuns()).toEqual(before);

    const org = await createTestOrg(t);
    await t.sql(`insert into leads (id, organization_id, last_name) values ('idle_lead', $1, 'Idle')`, [
      org.organizationId,
    ]);
    await t.sql(
      `insert into tasks (id, organization_id, lead_id, title, due_at, assignee_id)
       values ('idle_task', $1, 'idle_lead', 'Call back', '2026-03-03T10:01:30Z', $2)`,
      [org.organizationId, org.users.owner.id],
    );
    const outcomes = await tick('2026-03-03T10:02:05Z');
    expect(outcomes.map((o) => [o.name, o.ok])).toEqual([['task-reminders', true]]);
    expect(await t.sql(`select reminded_at from tasks where id = 'idle_task'`)).toEqual([
      { reminded_at: expect.anything() },
    ]);

    // The reminder's notice queued no email (the owner did not ask for one): idle again.
    expect(await tick('2026-03-03T10:03:05Z')).toEqual([]);
    expect(statements.filter((s) => WRITES.test(s))).toEqual([]);
  });
});
