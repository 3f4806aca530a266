import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadDetail, LeadStatus } from '../../edge/contract/leads';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

/** A fresh org with a lead in `status`, assigned to its member. */
async function arrange(status: LeadStatus = 'NEW', columns: Parameters<typeof seedLead>[3] = {}) {
  const { org, sessions } = await orgWithSessions(t);
  const lossReason = status === 'LOST' ? ('NO_NEED' as const) : null;
  const id = await seedLead(
    t,
    org,
    { lastName: 'Novák' },
    { status, lossReason, assignedTo: org.users.member.id, ...columns },
  );
  return { org, sessions, id };
}

describe('POST /api/leads/:id/status', () => {
  it.each<[LeadStatus, LeadStatus, number, string | null]>([
    ['NEW', 'CONTACTED', 200, null],
    ['NEW', 'LOST', 200, null],
    ['NEW', 'QUALIFIED', 409, 'invalid-transition'],
    ['NEW', 'NEW', 409, 'invalid-transition'],
    ['CONTACTED', 'QUALIFIED', 200, null],
    ['CONTACTED', 'LOST', 200, null],
    ['CONTACTED', 'NEW', 409, 'invalid-transition'],
    ['QUALIFIED', 'LOST', 200, null],
    ['QUALIFIED', 'CONTACTED', 409, 'invalid-transition'],
    ['LOST', 'CONTACTED', 200, null],
    ['LOST', 'QUALIFIED', 409, 'invalid-transition'],
    ['LOST', 'LOST', 409, 'invalid-transition'],
  ])('%s → %s: %i', async (from, to, status, code) => {
    const { sessions, id } = await arrange(from);
    const body = { status: to, ...(to === 'LOST' ? { lossReason: 'BAD_TIMING' } : {}) };
    const res = await call(t, sessions.member, 'POST', `/api/leads/${id}/status`, body);
    expect(res.status).toBe(status);
    if (code) {
      const problem = await bodyOf<{ code: string; from: string; to: string; allowed: string[] }>(res);
      expect(problem).toMatchObject({ code, from, to });
      expect(problem.allowed).not.toContain(to);
      const [row] = await t.sql<{ status: string; version: number }>(
        'select status, version from leads where id = $1',
        [id],
      );
      expect(row).toEqual({ status: from, version: 1 });
    } else expect((await bodyOf<LeadDetail>(res)).status).toBe(to);
  });

  it('stamps the stage dates and actors, keeps the reason while LOST, and records each move', async () => {
    const { sessions, id } = await arrange();
    const move = (body: object) => call(t, sessions.member, 'POST', `/api/leads/${id}/status`, body);
    const contacted = await bodyOf<LeadDetail>(await move({ status: 'CONTACTED' }));
    expect(contacted).toMatchObject({ contactedBy: sessions.member.userId, qualifiedAt: null, version: 2 });
    expect(contacted.allowedTransitions).toEqual(['QUALIFIED', 'LOST']);
    const lost = await bodyOf<LeadDetail>(
      await move({ status: 'LOST', lossReason: 'OTHER', lossReasonText: 'Merged' }),
    );
    expect(lost).toMatchObject({
      status: 'LOST',
      lossReason: 'OTHER',
      lossReasonText: 'Merged',
      lostBy: sessions.member.userId,
    });
    expect(lost.lostAt).not.toBeNull();
    const reopened = await bodyOf<LeadDetail>(await move({ status: 'CONTACTED' }));
    expect(reopened).toMatchObject({
      status: 'CONTACTED',
      lossReason: null,
      lossReasonText: null,
      contactedAt: contacted.contactedAt,
    });
    const events = (await eventsOf(t, id)).filter((e) => e.type === 'status_changed');
    expect(events.map((e) => e.data)).toEqual([
      { from: 'NEW', to: 'CONTACTED', lossReason: null, lossReasonText: null, version: 2 },
      { from: 'CONTACTED', to: 'LOST', lossReason: 'OTHER', lossReasonText: 'Merged', version: 3 },
      {
        from: 'LOST',
        to: 'CONTACTED',
        lossReason: null,
        lossReasonText: null,
        reopened: true,
        previousLossReason: 'OTHER',
        version: 4,
      },
    ]);
    expect(events.every((e) => e.actor_type === 'user' && e.actor_id === sessions.member.userId)).toBe(true);
  });

  it.each([
    [{ status: 'LOST' }, '/lossReason'],
    [{ status: 'LOST', lossReason: null }, '/lossReason'],
    [{ status: 'LOST', lossReason: 'OTHER' }, '/lossReasonText'],
    [{ status: 'LOST', lossReason: 'OTHER', lossReasonText: '  ' }, '/lossReasonText'],
    [{ status: 'CONTACTED', lossReason: 'NO_BUDGET' }, '/lossReason'],
    [{ status: 'LOST', lossReason: 'TOO_EXPENSIVE' }, '/lossReason'],
    [{ status: 'WON' }, '/status'],
    [{}, '/status'],
  ])('%j → 422 at %s', async (body, pointer) => {
    const { sessions, id } = await arrange();
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${id}/status`, body);
    expect(res.status).toBe(422);
    const problem = await bodyOf<{ code: string; errors: Array<{ pointer: string }> }>(res);
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('refuses a stale version with the current record', async () => {
    const { sessions, id } = await arrange();
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${id}/status`, {
      status: 'CONTACTED',
      version: 3,
    });
    expect(res.status).toBe(409);
    expect(await bodyOf(res)).toMatchObject({
      code: 'version-conflict',
      current: { status: 'NEW', version: 1 },
    });
  });

  it('lets exactly one of two concurrent moves from the same version win', async () => {
    const { sessions, id } = await arrange();
    const results = await Promise.all(
      ['CONTACTED', 'LOST'].map((status) =>
        call(t, sessions.admin, 'POST', `/api/leads/${id}/status`, {
          status,
          lossReason: status === 'LOST' ? 'NO_NEED' : undefined,
          version: 1,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await eventsOf(t, id)).filter((e) => e.type === 'status_changed')).toHaveLength(1);
  });
});

describe('POST /api/leads/:id/assign', () => {
  it('assigns, notifies the new assignee, records from/to, and unassigns', async () => {
    const { org, sessions, id } = await arrange();
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${id}/assign`, {
      assigneeId: org.users.owner.id,
    });
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({
      assignee: { id: org.users.owner.id, name: expect.stringContaining('owner') },
      version: 2,
    });
    const notes = await t.sql('select user_id, type, data from notifications where user_id = $1', [
      org.users.owner.id,
    ]);
    expect(notes).toEqual([
      { user_id: org.users.owner.id, type: 'lead.assigned', data: expect.objectContaining({ leadId: id }) },
    ]);
    const mails = await t.sql<{ payload: object }>(
      "select payload from outbox where organization_id = $1 and kind = 'email'",
      [org.organizationId],
    );
    expect(mails.map((m) => m.payload)).toEqual([
      { template: 'lead-assigned', userId: org.users.owner.id, leadId: id },
    ]);
    const unassigned = await call(t, sessions.owner, 'POST', `/api/leads/${id}/assign`, { assigneeId: null });
    expect(await bodyOf(unassigned)).toMatchObject({ assignee: null, version: 3 });
    const events = (await eventsOf(t, id)).filter((e) => e.type === 'assigned').map((e) => e.data);
    expect(events).toEqual([
      { from: org.users.member.id, to: org.users.owner.id, version: 2 },
      { from: org.users.owner.id, to: null, version: 3 },
    ]);
  });

  it('lets a member hand their lead over, after which it is no longer theirs to change', async () => {
    const { org, sessions, id } = await arrange();
    const res = await call(t, sessions.member, 'POST', `/api/leads/${id}/assign`, {
      assigneeId: org.users.admin.id,
    });
    expect(res.status).toBe(200);
    const after = await call(t, sessions.member, 'POST', `/api/leads/${id}/status`, { status: 'CONTACTED' });
    expect(after.status).toBe(403);
  });

  it('changes nothing when assigning to the current assignee', async () => {
    const { org, sessions, id } = await arrange();
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${id}/assign`, {
      assigneeId: org.users.member.id,
    });
    expect((await bodyOf<LeadDetail>(res)).version).toBe(1);
    expect((await eventsOf(t, id)).filter((e) => e.type === 'assigned')).toEqual([]);
  });

  it.each([
    ['a viewer', (o: { users: Record<string, { id: string }> }) => o.users.viewer!.id],
    ['an unknown user', () => 'usr_nobody'],
  ])('refuses %s as assignee with 422', async (_name, pick) => {
    const { org, sessions, id } = await arrange();
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${id}/assign`, { assigneeId: pick(org) });
    expect(res.status).toBe(422);
    expect((await bodyOf<{ errors: Array<{ pointer: string }> }>(res)).errors[0]!.pointer).toBe(
      '/assigneeId',
    );
  });

  it('refuses a user of another organization, even its owner', async () => {
    const { sessions, id } = await arrange();
    const { org: other } = await orgWithSessions(t);
    const res = await call(t, sessions.admin, 'POST', `/api/leads/${id}/assign`, {
      assigneeId: other.users.owner.id,
    });
    expect(res.status).toBe(422);
  });
});
