import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Executor } from '../../db/types';
import { defaultConfig } from '../../edge/deps';
import { recordAccess, recordAccessLater } from '../../edge/services/audit/access';
import { sessionAuth, setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, seedLead } from '../support/workspace';

type AccessRow = {
  entity_id: string;
  actor_type: string;
  actor_id: string | null;
  data: Record<string, unknown>;
};

describe.each(['postgres', 'pglite'] as const)('access to personal data (%s)', (database) => {
  let t: TestApi;
  let shiftMs = 0;
  beforeAll(async () => {
    t = await setupApi(
      { now: () => new Date(Date.now() + shiftMs), config: { ...defaultConfig, apiPerMinute: 10_000 } },
      { database },
    );
  });
  afterAll(() => t.close());

  const accessOf = (organizationId: string) =>
    t.sql<AccessRow>(
      `select entity_id, actor_type, actor_id, data from lead_events
       where organization_id = $1 and type = 'accessed' and entity_type = 'lead_access' order by id`,
      [organizationId],
    );

  /** The access events once `n` are stored (they are written after the answer). */
  async function accessOnce(organizationId: string, n: number): Promise<AccessRow[]> {
    return vi.waitFor(
      async () => {
        const rows = await accessOf(organizationId);
        expect(rows).toHaveLength(n);
        return rows;
      },
      { timeout: 5_000, interval: 20 },
    );
  }

  /** Lets the writes after earlier answers finish, then answers the events stored. */
  async function settled(organizationId: string): Promise<AccessRow[]> {
    await new Promise((r) => setTimeout(r, 300));
    return accessOf(organizationId);
  }

  async function arrange() {
    const { org, sessions } = await orgWithSessions(t);
    const id = await seedLead(t, org, {
      lastName: 'Nováková',
      email: 'jana@example.cz',
      phone: '+420601123456',
    });
    return { org, sessions, id };
  }

  it('records a lead detail read once per person and minute, with what it revealed and how', async () => {
    const { org, sessions, id } = await arrange();
    expect((await call(t, sessions.member, 'GET', `/api/leads/${id}`)).status).toBe(200);
    expect(await accessOnce(org.organizationId, 1)).toEqual([
      {
        entity_id: id,
        actor_type: 'user',
        actor_id: sessions.member.userId,
        data: { kind: 'contact', revealed: ['email', 'phone'], via: 'GET /api/leads/{id}' },
      },
    ]);
    expect((await call(t, sessions.member, 'GET', `/api/leads/${id}`)).status).toBe(200);
    expect(await settled(org.organizationId)).toHaveLength(1);
    // Another person is another access; the same person a minute later is too.
    await call(t, sessions.viewer, 'GET', `/api/leads/${id}`);
    await accessOnce(org.organizationId, 2);
    shiftMs += 61_000;
    await call(t, sessions.member, 'GET', `/api/leads/${id}`);
    const rows = await accessOnce(org.organizationId, 3);
    expect(rows.map((r) => r.actor_id)).toEqual([
      sessions.member.userId,
      sessions.viewer.userId,
      sessions.member.userId,
    ]);
  });

  it('shows access in the audit log, filtered by action or by the lead whose data was read', async () => {
    const { org, sessions, id } = await arrange();
    await call(t, sessions.member, 'GET', `/api/leads/${id}`);
    await accessOnce(org.organizationId, 1);
    type Page = { items: Array<{ type: string; actor: { name: string }; entity: unknown; data: unknown }> };
    for (const query of ['action=accessed', `entityType=lead_access&entityId=${id}`]) {
      const res = await call(t, sessions.admin, 'GET', `/api/audit?${query}`);
      expect(res.status).toBe(200);
      const page = await bodyOf<Page>(res);
      expect(page.items).toEqual([
        expect.objectContaining({
          type: 'accessed',
          actor: expect.objectContaining({ type: 'user', id: sessions.member.userId }),
          entity: { type: 'lead_access', id },
          data: { kind: 'contact', revealed: ['email', 'phone'], via: 'GET /api/leads/{id}' },
        }),
      ]);
    }
  });

  it('names the API key that read, and records nothing for a lead without email or phone', async () => {
    const { org, sessions, id } = await arrange();
    const created = await call(t, sessions.admin, 'POST', '/api/api-keys', {
      name: 'sync',
      scopes: ['leads:read'],
    });
    const key = await bodyOf<{ id: string; key: string }>(created);
    const res = await t.app.request(`/api/leads/${id}`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(res.status).toBe(200);
    expect(await accessOnce(org.organizationId, 1)).toMatchObject([
      { entity_id: id, actor_type: 'api_key', actor_id: key.id },
    ]);
    const bare = await seedLead(t, org, { lastName: 'Bez Kontaktu' });
    expect((await call(t, sessions.member, 'GET', `/api/leads/${bare}`)).status).toBe(200);
    expect(await settled(org.organizationId)).toHaveLength(1);
  });

  it('records a document download once a minute per document, and the GDPR export as an export', async () => {
    const { org, sessions, id } = await arrange();
    const form = new FormData();
    form.append('file', new Blob(['offer'], { type: 'text/plain' }), 'offer.txt');
    const upload = await t.app.request(`/api/leads/${id}/documents`, {
      method: 'POST',
      headers: sessions.admin.headers,
      body: form,
    });
    expect(upload.status).toBe(201);
    const doc = await bodyOf<{ id: string }>(upload);
    expect((await call(t, sessions.member, 'GET', `/api/leads/${id}/documents/${doc.id}`)).status).toBe(200);
    expect(await accessOnce(org.organizationId, 1)).toEqual([
      {
        entity_id: id,
        actor_type: 'user',
        actor_id: sessions.member.userId,
        data: { kind: 'document', documentId: doc.id, via: 'GET /api/leads/{id}/documents/{documentId}' },
      },
    ]);
    await call(t, sessions.member, 'GET', `/api/leads/${id}/documents/${doc.id}`);
    expect(await settled(org.organizationId)).toHaveLength(1);

    const exported = await call(t, sessions.admin, 'GET', `/api/leads/${id}/export`);
    expect(exported.status).toBe(200);
    const events = await t.sql<{ type: string; actor_id: string; data: Record<string, unknown> }>(
      `select type, actor_id, data from lead_events where lead_id = $1 and type = 'exported'`,
      [id],
    );
    expect(events).toEqual([
      {
        type: 'exported',
        actor_id: sessions.admin.userId,
        data: { kind: 'gdpr', revealed: ['email', 'phone'], via: 'GET /api/leads/{id}/export' },
      },
    ]);
  });

  it('records an admin’s duplicate review for every lead it showed, in one statement', async () => {
    const { org, sessions } = await arrange();
    const a = await seedLead(t, org, {
      firstName: 'Jan',
      lastName: 'Novák',
      company: 'Acme s.r.o.',
      email: 'novak@acme.test',
    });
    const b = await seedLead(t, org, {
      firstName: 'Jan',
      lastName: 'Novak',
      company: 'ACME',
      email: 'jan@acme.test',
    });
    expect((await call(t, sessions.admin, 'POST', '/api/duplicates/scan')).status).toBe(200);
    const page = await bodyOf<{ items: Array<{ members: Array<{ id: string }> }> }>(
      await call(t, sessions.admin, 'GET', '/api/duplicates'),
    );
    const shown = page.items.flatMap((c) => c.members.map((m) => m.id));
    const rows = await accessOnce(org.organizationId, shown.length);
    expect(rows.map((r) => r.entity_id).sort()).toEqual([...shown].sort());
    expect([...shown].sort()).toEqual([a, b].sort());
    // A member sees them masked: nothing is revealed, nothing recorded.
    await call(t, sessions.member, 'GET', '/api/duplicates');
    expect(await settled(org.organizationId)).toHaveLength(shown.length);
  });

  it('keeps organizations apart: another organization’s read is a 404 and leaves nothing', async () => {
    const { org, id } = await arrange();
    const other = await orgWithSessions(t);
    expect((await call(t, other.sessions.admin, 'GET', `/api/leads/${id}`)).status).toBe(404);
    expect(await settled(org.organizationId)).toEqual([]);
    expect(await settled(other.org.organizationId)).toEqual([]);
  });

  it('writes one event per read in one statement, skipping what the same actor read within a minute', async () => {
    const { org, id } = await arrange();
    const second = await seedLead(t, org, { lastName: 'Druhá', email: 'druha@example.cz' });
    const auth = sessionAuth(org, 'member');
    const at = new Date();
    const reads = [
      { leadId: id, kind: 'contact' as const, revealed: ['email' as const] },
      { leadId: id, kind: 'contact' as const, revealed: ['email' as const] },
      { leadId: second, kind: 'contact' as const, revealed: ['email' as const] },
    ];
    await recordAccess(t.db, auth, reads, 'GET /api/test', at);
    expect(await accessOf(org.organizationId)).toHaveLength(2);
    await recordAccess(t.db, auth, reads, 'GET /api/test', new Date(at.getTime() + 59_000));
    expect(await accessOf(org.organizationId)).toHaveLength(2);
    await recordAccess(t.db, sessionAuth(org, 'admin'), reads.slice(0, 1), 'GET /api/test', at);
    expect(await accessOf(org.organizationId)).toHaveLength(3);
    await recordAccess(t.db, auth, reads, 'GET /api/test', new Date(at.getTime() + 61_000));
    expect(await accessOf(org.organizationId)).toHaveLength(5);
  });

  it('logs the reads a failed write held: an access is never lost without a trace', async () => {
    const { org, id } = await arrange();
    const errors: Array<[string, unknown]> = [];
    const tasks: Promise<unknown>[] = [];
    const down = { execute: () => Promise.reject(new Error('connection lost')) } as unknown as Executor;
    recordAccessLater(
      (task) => tasks.push(task),
      { now: () => new Date(), logger: { info: () => {}, error: (msg, data) => errors.push([msg, data]) } },
      down,
      sessionAuth(org, 'member'),
      [{ leadId: id, kind: 'contact', revealed: ['email'] }],
      'GET /api/leads/{id}',
    );
    await Promise.all(tasks);
    expect(errors).toEqual([
      [
        'access events not recorded',
        expect.objectContaining({
          organizationId: org.organizationId,
          actor: { type: 'user', id: org.users.member.id },
          reads: [{ leadId: id, kind: 'contact', revealed: ['email'] }],
          error: 'connection lost',
        }),
      ],
    ]);
  });
});
