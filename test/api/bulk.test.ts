import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkResult, BulkUndoResult } from '../../edge/contract/bulk';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, type Session, seedLead } from '../support/workspace';

let t: TestApi;
let clock = Date.parse('2026-03-02T10:00:00Z');
beforeAll(async () => {
  t = await setupApi({ now: () => new Date(clock) });
});
afterAll(() => t.close());

const bulk = (s: Session, body: unknown) => call(t, s, 'POST', '/api/leads/bulk', body);
const undo = (s: Session, id: string) => call(t, s, 'POST', `/api/leads/bulk/${id}/undo`);

/** The stored columns a bulk operation may change, for comparing before and after. */
async function snapshot(ids: string[]) {
  return t.sql(
    `select id, status, loss_reason, loss_reason_text, status_changed_at, status_changed_by, contacted_at,
       contacted_by, qualified_at, qualified_by, lost_at, lost_by, last_activity_at, assigned_to, tags, deleted_at
     from leads where id = any($1) order by id`,
    [ids],
  );
}

function auditEvents(operationId: string) {
  return t.sql<{ type: string; lead_id: string | null; actor_id: string; data: Record<string, unknown> }>(
    `select type, lead_id, actor_id, data from lead_events where entity_type = 'bulk_operation' and entity_id = $1 order by id`,
    [operationId],
  );
}

async function seedMany(org: TestOrg, n: number, columns: Parameters<typeof seedLead>[3] = {}) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await seedLead(t, org, { lastName: `Lead ${i}` }, columns));
  return ids;
}

describe('POST /api/leads/bulk', () => {
  it('moves many leads at once, reports invalid transitions per lead, one event each plus one audit', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const fresh = await seedMany(org, 3);
    const [qualified] = await seedMany(org, 1, { status: 'QUALIFIED' });
    const res = await bulk(sessions.admin, {
      action: 'status',
      selection: { ids: [...fresh, qualified] },
      status: 'CONTACTED',
    });
    expect(res.status).toBe(200);
    const body = await bodyOf<BulkResult>(res);
    expect(body.changed).toBe(3);
    expect(body.skipped).toEqual([{ id: qualified, reason: 'invalid-transition' }]);
    expect(body.undoUntil).toBe(new Date(clock + 30_000).toISOString());
    const rows = await snapshot(fresh);
    expect(rows.map((r) => r.status)).toEqual(['CONTACTED', 'CONTACTED', 'CONTACTED']);
    expect(rows.every((r) => r.contacted_by === sessions.admin.userId)).toBe(true);
    for (const id of fresh) {
      const events = await eventsOf(t, id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'status_changed', actor_id: sessions.admin.userId });
      expect(events[0]!.data).toMatchObject({ from: 'NEW', to: 'CONTACTED', operationId: body.operationId });
    }
    expect(await eventsOf(t, qualified!)).toEqual([]);
    const audit = await auditEvents(body.operationId!);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ type: 'bulk_applied', lead_id: null, actor_id: sessions.admin.userId });
    expect(audit[0]!.data).toMatchObject({
      action: 'status',
      changed: 3,
      skipped: 1,
      params: { status: 'CONTACTED' },
    });
  });

  it('asks for a loss reason when losing leads (422), and loses them with one', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await seedMany(org, 2);
    const refused = await bulk(sessions.admin, { action: 'status', selection: { ids }, status: 'LOST' });
    expect(refused.status).toBe(422);
    const problem = await bodyOf<{ errors: Array<{ pointer: string }> }>(refused);
    expect(problem.errors[0]!.pointer).toBe('/lossReason');
    expect((await snapshot(ids)).map((r) => r.status)).toEqual(['NEW', 'NEW']);
    const ok = await bulk(sessions.admin, {
      action: 'status',
      selection: { ids },
      status: 'LOST',
      lossReason: 'NO_BUDGET',
    });
    expect((await bodyOf<BulkResult>(ok)).changed).toBe(2);
    expect((await snapshot(ids)).map((r) => [r.status, r.loss_reason])).toEqual([
      ['LOST', 'NO_BUDGET'],
      ['LOST', 'NO_BUDGET'],
    ]);
  });

  it('closes the open tasks of the leads it loses when asked, and only then; only LOST may ask', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const [closing, keeping] = [await seedMany(org, 2), await seedMany(org, 1)];
    for (const id of [...closing, ...keeping]) {
      const task = await call(t, sessions.admin, 'POST', `/api/leads/${id}/tasks`, { title: `Call ${id}` });
      expect(task.status, await task.clone().text()).toBe(201);
    }
    const wrong = await bulk(sessions.admin, {
      action: 'status',
      selection: { ids: closing },
      status: 'CONTACTED',
      closeOpenTasks: true,
    });
    expect(wrong.status).toBe(422);
    expect((await bodyOf<{ errors: Array<{ pointer: string }> }>(wrong)).errors[0]!.pointer).toBe(
      '/closeOpenTasks',
    );
    const ok = await bulk(sessions.admin, {
      action: 'status',
      selection: { ids: closing },
      status: 'LOST',
      lossReason: 'NO_NEED',
      closeOpenTasks: true,
    });
    expect((await bodyOf<BulkResult>(ok)).changed).toBe(2);
    await bulk(sessions.admin, {
      action: 'status',
      selection: { ids: keeping },
      status: 'LOST',
      lossReason: 'NO_NEED',
    });
    const open = await t.sql<{ lead_id: string }>(
      'select lead_id from tasks where lead_id = any($1) and done_at is null order by lead_id',
      [[...closing, ...keeping]],
    );
    expect(open.map((r) => r.lead_id)).toEqual(keeping);
    for (const id of closing) {
      const done = (await eventsOf(t, id)).filter((e) => e.type === 'task_done');
      expect(done).toHaveLength(1);
      expect(done[0]!.data).toMatchObject({ reason: 'lost' });
    }
  });

  it('assigns, refusing a viewer as assignee', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await seedMany(org, 2);
    const viewer = await bulk(sessions.admin, {
      action: 'assign',
      selection: { ids },
      assigneeId: org.users.viewer.id,
    });
    expect(viewer.status).toBe(422);
    const res = await bulk(sessions.admin, {
      action: 'assign',
      selection: { ids },
      assigneeId: org.users.member.id,
    });
    expect((await bodyOf<BulkResult>(res)).changed).toBe(2);
    expect((await snapshot(ids)).map((r) => r.assigned_to)).toEqual([
      org.users.member.id,
      org.users.member.id,
    ]);
    expect((await eventsOf(t, ids[0]!))[0]).toMatchObject({
      type: 'assigned',
      data: { from: null, to: org.users.member.id },
    });
  });

  it('adds and removes tags case-insensitively, skipping leads already tagged', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const [a] = await seedMany(org, 1, { tags: ['VIP'] });
    const [b] = await seedMany(org, 1, { tags: ['other'] });
    const add = await bodyOf<BulkResult>(
      await bulk(sessions.owner, { action: 'addTags', selection: { ids: [a, b] }, tags: ['vip'] }),
    );
    expect(add.changed).toBe(1);
    expect(add.skipped).toEqual([{ id: a, reason: 'unchanged' }]);
    expect((await snapshot([b!]))[0]!.tags).toEqual(['other', 'vip']);
    const remove = await bodyOf<BulkResult>(
      await bulk(sessions.owner, { action: 'removeTags', selection: { ids: [a, b] }, tags: ['VIP'] }),
    );
    expect(remove.changed).toBe(2);
    const rows = await snapshot([a!, b!]);
    expect(rows.find((r) => r.id === a)!.tags).toEqual([]);
    expect(rows.find((r) => r.id === b)!.tags).toEqual(['other']);
  });

  it('soft-deletes (owners only), and the undo brings the leads back', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await seedMany(org, 2);
    const refused = await bulk(sessions.admin, { action: 'delete', selection: { ids } });
    expect(refused.status).toBe(403);
    expect((await snapshot(ids)).every((r) => r.deleted_at === null)).toBe(true);
    const del = await bodyOf<BulkResult>(
      await bulk(sessions.owner, { action: 'delete', selection: { ids } }),
    );
    expect(del.changed).toBe(2);
    expect((await snapshot(ids)).every((r) => r.deleted_at !== null)).toBe(true);
    const list = await bodyOf<{ items: unknown[] }>(await call(t, sessions.admin, 'GET', '/api/leads'));
    expect(list.items).toHaveLength(0);
    const res = await undo(sessions.owner, del.operationId!);
    expect(res.status).toBe(200);
    expect((await snapshot(ids)).every((r) => r.deleted_at === null)).toBe(true);
    expect((await eventsOf(t, ids[0]!)).map((e) => e.type)).toEqual(['deleted', 'restored']);
  });

  it('selects by filter', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const [fresh] = await seedMany(org, 1);
    const [contacted] = await seedMany(org, 1, { status: 'CONTACTED' });
    const res = await bulk(sessions.admin, {
      action: 'addTags',
      selection: { filter: { status: 'CONTACTED' } },
      tags: ['call'],
    });
    expect((await bodyOf<BulkResult>(res)).changed).toBe(1);
    const rows = await snapshot([fresh!, contacted!]);
    expect(rows.find((r) => r.id === contacted)!.tags).toEqual(['call']);
    expect(rows.find((r) => r.id === fresh)!.tags).toEqual([]);
  });

  it('refuses more than 1,000 ids with the count (422), changing nothing', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await t.sql(
      `insert into leads (id, organization_id, last_name) select 'lead_many' || g, $1, 'Many' from generate_series(1, 1001) g`,
      [org.organizationId],
    );
    const ids = Array.from({ length: 1001 }, (_, i) => `lead_many${i + 1}`);
    const byIds = await bulk(sessions.owner, { action: 'delete', selection: { ids } });
    expect(byIds.status).toBe(422);
    expect(byIds.headers.get('content-type')).toContain('application/problem+json');
    expect(await bodyOf(byIds)).toMatchObject({ code: 'too-many-leads', count: 1001, limit: 1000 });
    const [live] = await t.sql<{ n: number }>(
      'select count(*)::int as n from leads where organization_id = $1 and deleted_at is null',
      [org.organizationId],
    );
    expect(live!.n).toBe(1001);
  });

  it('resolves "all matching" past 1,000 leads to the first 1,000 by score, and says more matched', async () => {
    const { org, sessions } = await orgWithSessions(t);
    // 1,200 NEW leads, scores 0..99 cycling; the bulk takes the 1,000 highest-scored.
    await t.sql(
      `insert into leads (id, organization_id, last_name, score)
       select 'lead_all' || lpad(g::text, 4, '0'), $1, 'All', g % 100 from generate_series(1, 1200) g`,
      [org.organizationId],
    );
    const res = await bulk(sessions.admin, {
      action: 'addTags',
      selection: { filter: { status: 'NEW' } },
      tags: ['wave'],
    });
    expect(res.status).toBe(200);
    const body = await bodyOf<BulkResult>(res);
    expect(body).toMatchObject({ changed: 1000, selected: 1000, moreMatched: true, skipped: [] });
    const tagged = await t.sql<{ n: number; min: number }>(
      `select count(*)::int as n, min(score)::int as min from leads
       where organization_id = $1 and tags @> array['wave']::text[]`,
      [org.organizationId],
    );
    expect(tagged[0]).toEqual({ n: 1000, min: 16 });
    const [audit] = await auditEvents(body.operationId!);
    expect(audit!.data).toMatchObject({ changed: 1000, selection: { matched: 1000, moreMatched: true } });

    // A filter matching fewer than the limit takes them all, and says nothing more matched.
    const rest = await bodyOf<BulkResult>(
      await bulk(sessions.admin, {
        action: 'addTags',
        selection: { filter: { status: 'NEW', scoreMax: 15 } },
        tags: ['wave'],
      }),
    );
    expect(rest).toMatchObject({ changed: 192, selected: 192, moreMatched: false });
  });

  it('gives a member a partial result: only their own leads change, the others are listed', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const own = await seedMany(org, 2, { assignedTo: org.users.member.id });
    const others = await seedMany(org, 1, { assignedTo: org.users.admin.id });
    const res = await bulk(sessions.member, {
      action: 'addTags',
      selection: { ids: [...own, ...others] },
      tags: ['x'],
    });
    const body = await bodyOf<BulkResult>(res);
    expect(body.changed).toBe(2);
    expect(body.skipped).toEqual([{ id: others[0], reason: 'forbidden' }]);
    expect((await snapshot(others))[0]!.tags).toEqual([]);
    expect((await bulk(sessions.viewer, { action: 'delete', selection: { ids: own } })).status).toBe(403);
  });

  it('ignores ids of another organization (reported as not found) and hides its operations', async () => {
    const a = await orgWithSessions(t);
    const b = await orgWithSessions(t);
    const [theirs] = await seedMany(b.org, 1);
    const [ours] = await seedMany(a.org, 1);
    const body = await bodyOf<BulkResult>(
      await bulk(a.sessions.owner, { action: 'delete', selection: { ids: [ours, theirs] } }),
    );
    expect(body.changed).toBe(1);
    expect(body.skipped).toEqual([{ id: theirs, reason: 'not-found' }]);
    expect((await snapshot([theirs!]))[0]!.deleted_at).toBeNull();
    expect((await undo(b.sessions.owner, body.operationId!)).status).toBe(404);
  });

  it('refuses bad input with problem+json', async () => {
    const { sessions } = await orgWithSessions(t);
    for (const body of [
      {},
      { action: 'explode', selection: { ids: ['lead_1'] } },
      { action: 'delete', selection: { ids: [] } },
      { action: 'delete', selection: {} },
      { action: 'addTags', selection: { ids: ['lead_1'] }, tags: [] },
      { action: 'delete', selection: { filter: { status: 'NOPE' } } },
    ]) {
      const res = await bulk(sessions.admin, body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('POST /api/leads/bulk/:operationId/undo', () => {
  it('restores exactly the changed fields, records the undo, and refuses a second undo', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await seedMany(org, 2, {
      status: 'CONTACTED',
      contactedAt: new Date('2026-01-05T08:00:00Z'),
    });
    const before = await snapshot(ids);
    const op = await bodyOf<BulkResult>(
      await bulk(sessions.admin, {
        action: 'status',
        selection: { ids },
        status: 'LOST',
        lossReason: 'OTHER',
        lossReasonText: 'Gone',
      }),
    );
    clock += 10_000;
    const res = await undo(sessions.admin, op.operationId!);
    expect(res.status).toBe(200);
    expect(await bodyOf<BulkUndoResult>(res)).toEqual({
      operationId: op.operationId,
      restored: 2,
      skipped: [],
    });
    expect(await snapshot(ids)).toEqual(before);
    const events = await eventsOf(t, ids[0]!);
    expect(events.map((e) => [e.type, e.data.from, e.data.to])).toEqual([
      ['status_changed', 'CONTACTED', 'LOST'],
      ['status_changed', 'LOST', 'CONTACTED'],
    ]);
    expect(events[1]!.data.undoOf).toBe(op.operationId);
    expect((await auditEvents(op.operationId!)).map((e) => e.type)).toEqual(['bulk_applied', 'bulk_undone']);
    expect((await undo(sessions.admin, op.operationId!)).status).toBe(409);
  });

  it('leaves a lead changed since the operation as it is, and reports it', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await seedMany(org, 2);
    const op = await bodyOf<BulkResult>(
      await bulk(sessions.admin, { action: 'assign', selection: { ids }, assigneeId: org.users.member.id }),
    );
    await bulk(sessions.admin, { action: 'addTags', selection: { ids: [ids[1]] }, tags: ['later'] });
    const body = await bodyOf<BulkUndoResult>(await undo(sessions.admin, op.operationId!));
    expect(body.restored).toBe(1);
    expect(body.skipped).toEqual([{ id: ids[1], reason: 'changed-since' }]);
    const rows = await snapshot(ids);
    expect(rows.find((r) => r.id === ids[0])!.assigned_to).toBeNull();
    expect(rows.find((r) => r.id === ids[1])!.assigned_to).toBe(org.users.member.id);
  });

  it('refuses to bring back a deleted lead whose email another lead has taken since (409), changing nothing', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const gone = await seedLead(t, org, { lastName: 'Dvořák', email: 'same@example.test' });
    const op = await bodyOf<BulkResult>(
      await bulk(sessions.owner, { action: 'delete', selection: { ids: [gone] } }),
    );
    await seedLead(t, org, { lastName: 'Dvořáková', email: 'same@example.test' });
    const res = await undo(sessions.owner, op.operationId!);
    expect(res.status).toBe(409);
    expect(await bodyOf(res)).toMatchObject({ code: 'duplicate-lead' });
    expect((await snapshot([gone]))[0]!.deleted_at).not.toBeNull();
  });

  it('refuses after 30 seconds (410), and another member’s undo (403)', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const ids = await seedMany(org, 1, { assignedTo: org.users.member.id });
    const op = await bodyOf<BulkResult>(
      await bulk(sessions.admin, { action: 'addTags', selection: { ids }, tags: ['t'] }),
    );
    expect((await undo(sessions.member, op.operationId!)).status).toBe(403);
    clock += 30_001;
    const late = await undo(sessions.admin, op.operationId!);
    expect(late.status).toBe(410);
    expect(await bodyOf(late)).toMatchObject({ code: 'undo-expired' });
    expect((await snapshot(ids))[0]!.tags).toEqual(['t']);
  });
});
