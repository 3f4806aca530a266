import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EraseResult } from '../../edge/contract/duplicates';
import { purgeDeletedJob } from '../../edge/jobs/purge-deleted';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

const NAME = { firstName: 'Zdeňka', lastName: 'Přívětivá', company: 'Tajná Firma', title: 'Ředitelka' };
const WORDS = [
  'Zdeňka',
  'Přívětivá',
  'privetiva',
  'Tajná',
  'tajna',
  'Ředitelka',
  'zdenka@secret.test',
  '601234567',
];

/** A lead with personal data everywhere: row, events, a note, a stored document, a notification. */
async function arrange(org: TestOrg, columns = {}) {
  const id = await seedLead(
    t,
    org,
    { ...NAME, email: 'zdenka@secret.test', phone: '+420601234567', city: 'Brno' },
    columns,
  );
  const o = org.organizationId;
  await t.sql(
    `insert into lead_events (organization_id, lead_id, entity_id, type, actor_type, data)
    values ($1, $2, $2, 'updated', 'system', '{"before": {"lastName": "Přívětivá"}, "after": {"title": "Ředitelka"}}')`,
    [o, id],
  );
  await t.sql('insert into notes (id, organization_id, lead_id, body) values ($1, $2, $3, $4)', [
    `note_${id}`,
    o,
    id,
    'Zdeňka called about zdenka@secret.test',
  ]);
  const key = `${o}/doc_${id}`;
  await t.deps.documents.put(key, new TextEncoder().encode('Přívětivá CV'), 'text/plain');
  await t.sql(
    `insert into documents (id, organization_id, name, content_type, size, sha256, storage_key) values ($1, $2, 'cv.txt', 'text/plain', 12, 'x', $3)`,
    [`doc_${id}`, o, key],
  );
  await t.sql(
    `insert into document_links (document_id, organization_id, entity_type, entity_id) values ($1, $2, 'lead', $3)`,
    [`doc_${id}`, o, id],
  );
  await t.sql(
    `insert into notifications (id, organization_id, user_id, type, data, link) values ($1, $2, $3, 'lead.assigned', jsonb_build_object('leadId', $4::text, 'name', 'Zdeňka Přívětivá'), '/app/leads/' || $4)`,
    [`ntf_${id}`, o, org.users.member.id, id],
  );
  await t.sql(
    `insert into outbox (id, organization_id, kind, payload) values ($1, $2, 'email', jsonb_build_object('template', 'task-due', 'leadId', $3::text, 'title', 'Call Zdeňka'))`,
    [`out_${id}`, o, id],
  );
  return { id, key };
}

/** Every trace of the person: fails when any stored text still holds one of the words. */
async function assertNoTrace(id: string, key: string) {
  const texts = await t.sql<{ t: string }>(
    `select row_to_json(l)::text as t from leads l where id = $1
     union all select data::text from lead_events where lead_id = $1
     union all select row_to_json(n)::text from notes n where lead_id = $1
     union all select data::text from notifications where data->>'leadId' = $1
     union all select row_to_json(d)::text from document_links d where entity_id = $1
     union all select payload::text from outbox where payload->>'leadId' = $1`,
    [id],
  );
  const all = texts.map((r) => r.t).join('\n');
  for (const w of WORDS) expect(all).not.toContain(w);
  const lead = (await t.sql('select * from leads where id = $1', [id]))[0]!;
  for (const c of [
    'email_ciphertext',
    'email_index',
    'phone_ciphertext',
    'phone_index',
    'first_name',
    'company',
    'city',
  ])
    expect(lead[c]).toBeNull();
  expect(lead.deleted_at).not.toBeNull();
  expect(await t.deps.documents.get(key)).toBeNull();
  const tomb = await t.sql<{ type: string; data: Record<string, unknown> }>(
    `select type, data from lead_events where lead_id = $1 and type = 'erased'`,
    [id],
  );
  expect(tomb).toHaveLength(1);
  expect(tomb[0]!.data).toMatchObject({ removed: { notes: 1, documents: 1, notifications: 1, emails: 1 } });
}

describe('POST /api/leads/:id/erase', () => {
  it('removes the personal data at once and leaves one tombstone; a second call changes nothing', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const { id, key } = await arrange(org);
    const res = await call(t, sessions.owner, 'POST', `/api/leads/${id}/erase`);
    expect(res.status).toBe(200);
    expect(await bodyOf<EraseResult>(res)).toMatchObject({ leadId: id, erased: true });
    await assertNoTrace(id, key);
    const again = await call(t, sessions.owner, 'POST', `/api/leads/${id}/erase`);
    expect(await bodyOf<EraseResult>(again)).toMatchObject({ erased: false });
    await assertNoTrace(id, key);
  });

  it('an erased lead of a merge makes the merge impossible to undo', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const { id } = await arrange(org);
    const other = await seedLead(t, org, { lastName: 'Jiná' });
    const merge = await call(t, sessions.owner, 'POST', '/api/leads/merge', {
      masterId: other,
      mergedIds: [id],
      fields: { lastName: id },
    });
    const { mergeId } = await bodyOf<{ mergeId: string }>(merge);
    await call(t, sessions.owner, 'POST', `/api/leads/${id}/erase`);
    expect(await t.sql('select journal from lead_merges where id = $1', [mergeId])).toEqual([
      { journal: null },
    ]);
    expect((await call(t, sessions.owner, 'POST', `/api/leads/merges/${mergeId}/undo`)).status).toBe(409);
  });

  it.each(['viewer', 'member', 'admin'] as const)('%s may not erase', async (role) => {
    const { org, sessions } = await orgWithSessions(t);
    const { id } = await arrange(org);
    expect((await call(t, sessions[role], 'POST', `/api/leads/${id}/erase`)).status).toBe(403);
    expect((await t.sql('select first_name from leads where id = $1', [id]))[0]).toEqual({
      first_name: 'Zdeňka',
    });
  });

  it("another organization's lead is not found", async () => {
    const a = await orgWithSessions(t);
    const b = await orgWithSessions(t);
    const { id } = await arrange(b.org);
    const res = await call(t, a.sessions.owner, 'POST', `/api/leads/${id}/erase`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.sql('select first_name from leads where id = $1', [id]))[0]).toEqual({
      first_name: 'Zdeňka',
    });
  });
});

describe('purge job', () => {
  it('erases leads soft-deleted more than 30 days before its clock, and only those', async () => {
    const { org } = await orgWithSessions(t);
    const now = new Date('2027-03-01T04:00:00Z');
    const old = await arrange(org, { deletedAt: new Date('2027-01-15T00:00:00Z') });
    const recent = await arrange(org, { deletedAt: new Date('2027-02-15T00:00:00Z') });
    const live = await arrange(org);
    await purgeDeletedJob.run(t.deps, now);
    await assertNoTrace(old.id, old.key);
    for (const l of [recent, live])
      expect((await t.sql('select first_name from leads where id = $1', [l.id]))[0]).toEqual({
        first_name: 'Zdeňka',
      });
    await purgeDeletedJob.run(t.deps, now);
    await assertNoTrace(old.id, old.key);
  });
});
