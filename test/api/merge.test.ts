import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MergeResult } from '../../edge/contract/duplicates';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

/** A master and two duplicates, each with a note, a document, an event, an opportunity and a notification. */
async function arrange() {
  const { org, sessions } = await orgWithSessions(t);
  const master = await seedLead(
    t,
    org,
    {
      lastName: 'Novák',
      firstName: 'Jan',
      company: 'Acme',
      email: 'jan@acme.test',
    },
    { tags: ['vip'] },
  );
  const dup1 = await seedLead(
    t,
    org,
    {
      lastName: 'Novak',
      firstName: 'Jan',
      company: 'Acme s.r.o.',
      title: 'CTO',
      phone: '+420601111222',
    },
    { tags: ['event-2026', 'vip'] },
  );
  const dup2 = await seedLead(t, org, {
    lastName: 'Nowak',
    firstName: 'Jan',
    company: 'ACME',
    email: 'jan.nowak@acme.test',
  });
  const o = org.organizationId;
  for (const lead of [master, dup1, dup2]) {
    await t.sql('insert into notes (id, organization_id, lead_id, body) values ($1, $2, $3, $4)', [
      `note_${lead}`,
      o,
      lead,
      `note of ${lead}`,
    ]);
    await t.sql(
      `insert into documents (id, organization_id, name, content_type, size, sha256, storage_key) values ($1, $2, 'a.pdf', 'application/pdf', 1, 'x', $3)`,
      [`doc_${lead}`, o, `${o}/doc_${lead}`],
    );
    await t.sql(
      `insert into document_links (document_id, organization_id, entity_type, entity_id) values ($1, $2, 'lead', $3)`,
      [`doc_${lead}`, o, lead],
    );
    await t.sql(
      `insert into lead_events (organization_id, lead_id, entity_id, type, actor_type, data) values ($1, $2, $2, 'note_added', 'system', '{}')`,
      [o, lead],
    );
    await t.sql('insert into opportunities (id, organization_id, lead_id, name) values ($1, $2, $3, $4)', [
      `opp_${lead}`,
      o,
      lead,
      'Deal',
    ]);
    await t.sql(
      `insert into notifications (id, organization_id, user_id, type, data, link) values ($1, $2, $3, 'lead.assigned', jsonb_build_object('leadId', $4::text), '/app/leads/' || $4)`,
      [`ntf_${lead}`, o, org.users.member.id, lead],
    );
  }
  return { org, sessions, master, dup1, dup2 };
}

/** Everything a merge touches, to compare before and after. */
async function snapshot(ids: string[]) {
  return {
    leads: await t.sql('select * from leads where id = any($1) order by id', [ids]),
    notes: await t.sql('select id, lead_id from notes where lead_id = any($1) order by id', [ids]),
    links: await t.sql(
      `select document_id, entity_id from document_links where entity_id = any($1) order by document_id`,
      [ids],
    ),
    events: await t.sql(
      'select id, lead_id, entity_id from lead_events where lead_id = any($1) order by id',
      [ids],
    ),
    opps: await t.sql('select id, lead_id from opportunities where lead_id = any($1) order by id', [ids]),
    ntfs: await t.sql('select id, data, link from notifications where data->>$2 = any($1) order by id', [
      ids,
      'leadId',
    ]),
  };
}

describe('POST /api/leads/merge', () => {
  it('dry run reports the changes and counts and writes nothing', async () => {
    const { sessions, master, dup1, dup2 } = await arrange();
    const before = await snapshot([master, dup1, dup2]);
    const res = await call(t, sessions.owner, 'POST', '/api/leads/merge', {
      masterId: master,
      mergedIds: [dup1, dup2],
      fields: { title: dup1, phone: dup1, email: dup2, lastName: master },
      dryRun: true,
    });
    expect(res.status).toBe(200);
    const body = await bodyOf<MergeResult>(res);
    expect(body).toMatchObject({
      dryRun: true,
      mergeId: null,
      repointed: { notes: 2, documents: 2, events: 2, opportunities: 2, notifications: 2 },
    });
    expect(body.changes).toEqual([
      { field: 'title', sourceId: dup1, from: null, to: 'CTO' },
      { field: 'phone', sourceId: dup1, from: null, to: '+420601111222' },
      { field: 'email', sourceId: dup2, from: 'jan@acme.test', to: 'jan.nowak@acme.test' },
      { field: 'tags', sourceId: '*', from: ['vip'], to: ['vip', 'event-2026'] },
    ]);
    expect(await snapshot([master, dup1, dup2])).toEqual(before);
  });

  it('merges: fields, repointed rows, soft delete with merged_into, audit event; undo restores exactly', async () => {
    const { sessions, master, dup1, dup2 } = await arrange();
    const ids = [master, dup1, dup2];
    const before = await snapshot(ids);
    const res = await call(t, sessions.owner, 'POST', '/api/leads/merge', {
      masterId: master,
      mergedIds: [dup1, dup2],
      fields: { title: dup1, phone: dup1, email: dup2 },
    });
    expect(res.status).toBe(200);
    const body = await bodyOf<MergeResult>(res);
    expect(body.mergeId).toMatch(/^mrg/);
    const after = await snapshot(ids);
    for (const kind of ['notes', 'opps'] as const)
      expect(after[kind].map((r) => r.lead_id)).toEqual([master, master, master]);
    expect(after.links.map((r) => r.entity_id)).toEqual([master, master, master]);
    expect(after.ntfs.map((r) => r.link)).toEqual(Array(3).fill(`/app/leads/${master}`));
    const merged = after.leads.filter((l) => l.id !== master);
    expect(merged.every((l) => l.merged_into === master && l.deleted_at)).toBe(true);
    const m = after.leads.find((l) => l.id === master)!;
    expect(m).toMatchObject({ title: 'CTO', tags: ['vip', 'event-2026'], deleted_at: null, version: 2 });
    expect(m.email_index).toBe(before.leads.find((l) => l.id === dup2)!.email_index);
    const audit = (await eventsOf(t, master)).find((e) => e.type === 'merged')!;
    expect(audit.data).toMatchObject({
      mergedIds: [dup1, dup2],
      fields: { title: dup1, phone: dup1, email: dup2 },
    });
    expect(audit.actor_id).toBe(sessions.owner.userId);

    const undo = await call(t, sessions.owner, 'POST', `/api/leads/merges/${body.mergeId}/undo`);
    expect(undo.status).toBe(200);
    const restored = await snapshot(ids);
    const strip = (rows: Array<Record<string, unknown>>) =>
      rows.map(({ version: _, updated_at: __, ...r }) => r);
    expect(strip(restored.leads)).toEqual(strip(before.leads));
    for (const kind of ['notes', 'links', 'opps', 'ntfs'] as const)
      expect(restored[kind]).toEqual(before[kind]);
    // The events from before are back on their leads; the merge's own events stay where they were written.
    const old = new Set(before.events.map((e) => e.id));
    expect(restored.events.filter((e) => old.has(e.id))).toEqual(before.events);
    const again = await call(t, sessions.owner, 'POST', `/api/leads/merges/${body.mergeId}/undo`);
    expect(again.status).toBe(409);
  });

  it('refuses an undo once the master changed since the merge', async () => {
    const { sessions, master, dup1 } = await arrange();
    const res = await call(t, sessions.owner, 'POST', '/api/leads/merge', {
      masterId: master,
      mergedIds: [dup1],
    });
    const { mergeId } = await bodyOf<MergeResult>(res);
    await t.sql('update leads set version = version + 1 where id = $1', [master]);
    const undo = await call(t, sessions.owner, 'POST', `/api/leads/merges/${mergeId}/undo`);
    expect(undo.status).toBe(409);
    expect((await bodyOf(undo)).errors).toEqual([expect.objectContaining({ pointer: '/masterId' })]);
  });
  it("refuses an undo, changing nothing, once a new lead took a merged lead's email", async () => {
    const { org, sessions, master, dup2 } = await arrange();
    const res = await call(t, sessions.owner, 'POST', '/api/leads/merge', {
      masterId: master,
      mergedIds: [dup2],
    });
    const { mergeId } = await bodyOf<MergeResult>(res);
    await seedLead(t, org, { lastName: 'Jiný', email: 'jan.nowak@acme.test' });
    const before = await snapshot([master, dup2]);
    const undo = await call(t, sessions.owner, 'POST', `/api/leads/merges/${mergeId}/undo`);
    expect(undo.status).toBe(409);
    expect((await bodyOf(undo)).code).toBe('duplicate-lead');
    expect(await snapshot([master, dup2])).toEqual(before);
  });
});

describe('bad input: a problem, and nothing half-done', () => {
  it.each([
    [
      'the lead with itself',
      (a: Ids) => ({ masterId: a.master, mergedIds: [a.master] }),
      422,
      '/mergedIds/0',
    ],
    ['a lead twice', (a: Ids) => ({ masterId: a.master, mergedIds: [a.dup1, a.dup1] }), 422, '/mergedIds/1'],
    [
      'a field from a lead outside the merge',
      (a: Ids) => ({ masterId: a.master, mergedIds: [a.dup1], fields: { title: a.dup2 } }),
      422,
      '/fields/title',
    ],
    [
      'an unknown field',
      (a: Ids) => ({ masterId: a.master, mergedIds: [a.dup1], fields: { score: a.dup1 } }),
      422,
      '/fields/score',
    ],
    [
      'a missing lead',
      (a: Ids) => ({ masterId: a.master, mergedIds: [a.dup1, 'lead_nope'] }),
      404,
      '/mergedIds/1',
    ],
    ['no merged ids', (a: Ids) => ({ masterId: a.master, mergedIds: [] }), 422, '/mergedIds'],
  ])('%s', async (_name, body, status, pointer) => {
    const a = await arrange();
    const before = await snapshot([a.master, a.dup1, a.dup2]);
    const res = await call(t, a.sessions.owner, 'POST', '/api/leads/merge', body(a));
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await bodyOf<{ errors: Array<{ pointer: string }> }>(res)).errors.map((e) => e.pointer),
    ).toContain(pointer);
    expect(await snapshot([a.master, a.dup1, a.dup2])).toEqual(before);
  });

  it('an already merged or deleted lead is a conflict', async () => {
    const a = await arrange();
    await call(t, a.sessions.owner, 'POST', '/api/leads/merge', { masterId: a.master, mergedIds: [a.dup1] });
    await t.sql('update leads set deleted_at = now() where id = $1', [a.dup2]);
    const res = await call(t, a.sessions.owner, 'POST', '/api/leads/merge', {
      masterId: a.master,
      mergedIds: [a.dup1, a.dup2],
    });
    expect(res.status).toBe(409);
    const { errors } = await bodyOf<{ errors: Array<{ pointer: string; code: string }> }>(res);
    expect(errors).toEqual([
      expect.objectContaining({ pointer: '/mergedIds/0', code: 'already_merged' }),
      expect.objectContaining({ pointer: '/mergedIds/1', code: 'deleted' }),
    ]);
  });

  it("another organization's lead is not found, and nothing changes", async () => {
    const a = await arrange();
    const b = await arrange();
    const before = await snapshot([a.master, b.dup1]);
    const res = await call(t, a.sessions.owner, 'POST', '/api/leads/merge', {
      masterId: a.master,
      mergedIds: [b.dup1],
    });
    expect(res.status).toBe(404);
    expect(await snapshot([a.master, b.dup1])).toEqual(before);
    const undo = await call(t, b.sessions.owner, 'POST', '/api/leads/merge', {
      masterId: b.master,
      mergedIds: [b.dup1],
    });
    const { mergeId } = await bodyOf<MergeResult>(undo);
    expect((await call(t, a.sessions.owner, 'POST', `/api/leads/merges/${mergeId}/undo`)).status).toBe(404);
  });

  it.each(['viewer', 'member', 'admin'] as const)('%s may not merge', async (role) => {
    const a = await arrange();
    const res = await call(t, a.sessions[role], 'POST', '/api/leads/merge', {
      masterId: a.master,
      mergedIds: [a.dup1],
    });
    expect(res.status).toBe(403);
  });
});

describe('converted leads', () => {
  /** Converts the lead through the API, as an SDR would (it must be qualified first). */
  async function convertLead(a: Awaited<ReturnType<typeof arrange>>, id: string) {
    await t.sql(`update leads set status = 'QUALIFIED' where id = $1`, [id]);
    const res = await call(t, a.sessions.owner, 'POST', `/api/leads/${id}/convert`, { createAccount: true });
    expect(res.status).toBe(201);
  }

  it.each([true, false])(
    'a converted lead cannot be merged away (dryRun %s): 409, nothing changes',
    async (dryRun) => {
      const a = await arrange();
      await convertLead(a, a.dup2);
      const before = await snapshot([a.master, a.dup1, a.dup2]);
      const res = await call(t, a.sessions.owner, 'POST', '/api/leads/merge', {
        masterId: a.master,
        mergedIds: [a.dup1, a.dup2],
        dryRun,
      });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = await bodyOf<{ code: string; detail: string; errors: unknown[] }>(res);
      expect(body.code).toBe('lead-converted');
      expect(body.detail).toMatch(/choose it as the master/);
      expect(body.errors).toEqual([expect.objectContaining({ pointer: '/mergedIds/1', code: 'converted' })]);
      expect(await snapshot([a.master, a.dup1, a.dup2])).toEqual(before);
    },
  );

  it("a converted master takes the duplicates' rows but keeps its fields and tags", async () => {
    const a = await arrange();
    await convertLead(a, a.master);
    const dry = await call(t, a.sessions.owner, 'POST', '/api/leads/merge', {
      masterId: a.master,
      mergedIds: [a.dup1],
      fields: { lastName: a.master },
      dryRun: true,
    });
    expect(dry.status).toBe(200);
    expect((await bodyOf<MergeResult>(dry)).changes).toEqual([]);
    const [before] = await t.sql('select * from leads where id = $1', [a.master]);
    const res = await call(t, a.sessions.owner, 'POST', '/api/leads/merge', {
      masterId: a.master,
      mergedIds: [a.dup1],
    });
    expect(res.status).toBe(200);
    const after = await snapshot([a.master, a.dup1]);
    expect(after.notes.map((r) => r.lead_id)).toEqual([a.master, a.master]);
    const m = after.leads.find((l) => l.id === a.master)!;
    expect({ ...m, version: 0, updated_at: 0 }).toEqual({ ...before, version: 0, updated_at: 0 });
    expect(after.leads.find((l) => l.id === a.dup1)).toMatchObject({ merged_into: a.master });
  });

  it('a field choice that would change a converted master is a 409 naming the field', async () => {
    const a = await arrange();
    await convertLead(a, a.master);
    const before = await snapshot([a.master, a.dup1]);
    for (const dryRun of [true, false]) {
      const res = await call(t, a.sessions.owner, 'POST', '/api/leads/merge', {
        masterId: a.master,
        mergedIds: [a.dup1],
        fields: { title: a.dup1, lastName: a.master },
        dryRun,
      });
      expect(res.status).toBe(409);
      const body = await bodyOf<{ code: string; errors: unknown[] }>(res);
      expect(body.code).toBe('lead-converted');
      expect(body.errors).toEqual([
        expect.objectContaining({ pointer: '/fields/title', code: 'master_converted' }),
      ]);
    }
    expect(await snapshot([a.master, a.dup1])).toEqual(before);
  });
});

type Ids = { master: string; dup1: string; dup2: string };
