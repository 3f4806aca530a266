import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCommit } from '../../edge/services/import/run';
import { postJson, setupApi, type TestApi } from '../support/api';
import { type LiveClient, liveClient } from '../support/live';
import { bodyOf, call, orgWithSessions, type Session } from '../support/workspace';

describe.each(['postgres', 'pglite'] as const)('live updates (%s)', (database) => {
  let t: TestApi;
  const open: LiveClient[] = [];
  beforeAll(async () => {
    t = await setupApi({}, { database });
    t.deps.jobs = { enqueue: (m) => runImportCommit(t.deps, t.db, m) };
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await t.close();
  });

  async function subscribe(s: Session): Promise<LiveClient> {
    const c = await liveClient(await call(t, s, 'GET', '/api/live'));
    open.push(c);
    return c;
  }

  it('tells a subscribed person of a lead submitted through a public form within 1 s, and no other org', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const other = await orgWithSessions(t);
    const mine = await subscribe(sessions.member);
    const theirs = await subscribe(other.sessions.owner);
    const res = await postJson(t, `/v1/forms/${org.formId}/submissions`, {
      lastName: 'Live',
      email: `live.${Math.random()}@example.test`,
    });
    expect(res.status).toBe(201);
    const started = performance.now();
    const event = await mine.next((e) => e.type === 'lead.created');
    expect(performance.now() - started).toBeLessThan(1_000);
    const [lead] = await t.sql<{ id: string }>('select id from leads where organization_id = $1', [
      org.organizationId,
    ]);
    expect(event).toEqual({ type: 'lead.created', leadId: lead!.id });
    // The other organization's stream stays silent (its own next change would arrive, this one never).
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.events).toEqual([]);
  });

  it('tells of leads committed by a CSV import, and of the importer’s notification', async () => {
    const { sessions } = await orgWithSessions(t);
    const owner = await subscribe(sessions.owner);
    const form = new FormData();
    const csv =
      'First Name,Last Name,Email\nAda,Lovelace,ada.live@example.test\nAlan,Turing,alan.live@example.test';
    form.append('file', new Blob([csv]), 'leads.csv');
    const up = await t.app.request('/api/leads/imports', {
      method: 'POST',
      headers: sessions.owner.headers,
      body: form,
    });
    expect(up.status, await up.clone().text()).toBe(201);
    const { id } = await bodyOf<{ id: string }>(up);
    // The commit follows the preview (a dry run), as in the dashboard.
    expect((await call(t, sessions.owner, 'GET', `/api/leads/imports/${id}/preview`)).status).toBe(200);
    const commit = await call(t, sessions.owner, 'POST', `/api/leads/imports/${id}/commit`);
    expect(commit.status, await commit.clone().text()).toBe(202);
    await owner.next((e) => e.type === 'lead.created', 1_000);
    await owner.next((e) => e.type === 'notification', 1_000);
    expect(owner.events.filter((e) => e.type === 'lead.created')).toHaveLength(2);
  });

  it('tells of a change to a lead, and sends no personal data', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const created = await call(t, sessions.admin, 'POST', '/api/leads', {
      lastName: 'Secretname',
      email: 'secret.live@example.test',
    });
    expect(created.status).toBe(201);
    const { id } = await bodyOf<{ id: string }>(created);
    const member = await subscribe(sessions.viewer);
    const res = await call(
      t,
      sessions.admin,
      'PATCH',
      `/api/leads/${id}`,
      { title: 'CTO' },
      { 'if-match': '"1"' },
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await member.next((e) => e.type === 'lead.changed')).toEqual({ type: 'lead.changed', leadId: id });
    expect(JSON.stringify(member.events)).not.toMatch(/Secretname|secret\.live|CTO/);
    expect(org.organizationId).toBeTruthy();
  });

  it.runIf(database === 'postgres')(
    "is quiet for a session that did not ask to notify (a Worker's): its commits are not serialised",
    async () => {
      const { org, sessions } = await orgWithSessions(t);
      const stream = await subscribe(sessions.admin);
      // t.sql is a plain pool of its own, without `leadgate.live = on`.
      const insert = `insert into lead_events (organization_id, lead_id, type, actor_type) values ($1, 'lead_x', 'updated', 'system')`;
      await t.sql(insert, [org.organizationId]);
      await new Promise((r) => setTimeout(r, 300));
      expect(stream.events).toEqual([]);
      await t.sql(
        `begin; set local leadgate.live = 'on'; ${insert.replace('$1', `'${org.organizationId}'`)}; commit;`,
      );
      expect(await stream.next((e) => e.type === 'lead.changed')).toEqual({
        type: 'lead.changed',
        leadId: 'lead_x',
      });
    },
  );

  it('keeps a listener row for an organization while one of its streams is open, and drops it after', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const rows = async () =>
      (
        await t.sql<{ n: number }>(
          'select count(*)::int as n from live_listeners where organization_id = $1',
          [org.organizationId],
        )
      )[0]!.n;
    expect(await rows()).toBe(0);
    const first = await subscribe(sessions.admin);
    const second = await subscribe(sessions.member);
    // One row per process, however many streams.
    expect(await rows()).toBe(1);
    await first.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(await rows()).toBe(1);
    await second.close();
    await expect.poll(rows, { timeout: 2_000 }).toBe(0);
  });

  it.runIf(database === 'postgres')(
    'notifies the database channel only for organizations someone watches (a notifying commit is serialised)',
    async () => {
      const watched = await orgWithSessions(t);
      const unwatched = await orgWithSessions(t);
      const stream = await subscribe(watched.sessions.admin);
      const listener = new pg.Client({ connectionString: t.url });
      await listener.connect();
      const heard: string[] = [];
      listener.on('notification', (m) => heard.push(m.payload ?? ''));
      await listener.query('LISTEN leadgate_live');
      try {
        const insert = (org: string, lead: string) =>
          t.sql(
            `begin; set local leadgate.live = 'on'; insert into lead_events (organization_id, lead_id, type, actor_type) values ('${org}', '${lead}', 'updated', 'system'); commit;`,
          );
        await insert(unwatched.org.organizationId, 'lead_unwatched');
        await insert(watched.org.organizationId, 'lead_watched');
        await stream.next((e) => e.type === 'lead.changed');
        await expect.poll(() => heard.some((p) => p.includes('lead_watched'))).toBe(true);
        expect(heard.filter((p) => p.includes(unwatched.org.organizationId))).toEqual([]);
        // Once its last stream closes, the organization's commits stop notifying.
        await stream.close();
        await expect
          .poll(
            async () =>
              (
                await t.sql('select 1 from live_listeners where organization_id = $1', [
                  watched.org.organizationId,
                ])
              ).length,
          )
          .toBe(0);
        await insert(watched.org.organizationId, 'lead_after');
        await insert(unwatched.org.organizationId, 'lead_flush');
        await new Promise((r) => setTimeout(r, 300));
        expect(heard.filter((p) => p.includes('lead_after'))).toEqual([]);
      } finally {
        await listener.end();
      }
    },
  );

  it('refuses the unauthenticated (401) and API keys (403), and bounds connections per person', async () => {
    expect((await t.app.request('/api/live')).status).toBe(401);
    const { sessions } = await orgWithSessions(t);
    const key = await call(t, sessions.owner, 'POST', '/api/api-keys', {
      name: 'live',
      role: 'admin',
      scopes: ['leads:read'],
    });
    expect(key.status).toBe(201);
    const { key: secret } = await bodyOf<{ key: string }>(key);
    const byKey = await t.app.request('/api/live', { headers: { authorization: `Bearer ${secret}` } });
    expect(byKey.status).toBe(403);
    const streams = await Promise.all(Array.from({ length: 5 }, () => subscribe(sessions.viewer)));
    const sixth = await call(t, sessions.viewer, 'GET', '/api/live');
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('content-type')).toMatch(/problem\+json/);
    const before = t.live.size;
    await streams[0]!.close();
    // The closed stream's place is free again.
    await expect.poll(() => t.live.size, { timeout: 1_000 }).toBe(before - 1);
    await subscribe(sessions.viewer);
  });
});
