import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, routeRoundRobin, setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions } from '../support/workspace';

describe.each(['postgres', 'pglite'] as const)('new inbound lead notices (%s)', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({}, { database });
  });
  afterAll(() => t.close());

  const submit = (formId: string, lastName: string) =>
    postJson(t, `/v1/forms/${formId}/submissions`, {
      lastName,
      email: `${lastName}.${Math.random()}@example.test`,
    });

  const notices = (organizationId: string) =>
    t.sql<{ user_id: string; type: string; lead_id: string }>(
      `select user_id, type, data->>'leadId' as lead_id from notifications where organization_id = $1 order by user_id`,
      [organizationId],
    );

  it('is a personal setting of PATCH /api/account, `assigned` by default, refused when unknown', async () => {
    const { sessions } = await orgWithSessions(t);
    const bad = await call(t, sessions.member, 'PATCH', '/api/account', { notifyNewLeads: 'always' });
    expect(bad.status).toBe(422);
    expect((await bodyOf<{ errors: Array<{ pointer: string }> }>(bad)).errors[0]?.pointer).toBe(
      '/notifyNewLeads',
    );
    const res = await call(t, sessions.member, 'PATCH', '/api/account', { notifyNewLeads: 'claimable' });
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ notifyNewLeads: 'claimable' });
    const other = await call(t, sessions.admin, 'PATCH', '/api/account', {});
    expect(await bodyOf(other)).toMatchObject({ notifyNewLeads: 'assigned' });
    const [event] = await t.sql<{ data: unknown }>(
      `select data from lead_events where type = 'account.updated' and entity_id = $1`,
      [sessions.member.userId],
    );
    expect(event?.data).toEqual({
      before: { notifyNewLeads: 'assigned' },
      after: { notifyNewLeads: 'claimable' },
    });
  });

  it('tells an unassigned lead to those who asked (`claimable`, not viewers), and no one else', async () => {
    const { org, sessions } = await orgWithSessions(t);
    for (const role of ['member', 'viewer'] as const)
      expect(
        (await call(t, sessions[role], 'PATCH', '/api/account', { notifyNewLeads: 'claimable' })).status,
      ).toBe(200);
    expect((await submit(org.formId, 'Claimable')).status).toBe(201);
    await expect.poll(() => notices(org.organizationId), { timeout: 2_000 }).toHaveLength(1);
    const [lead] = await t.sql<{ id: string }>('select id from leads where organization_id = $1', [
      org.organizationId,
    ]);
    expect(await notices(org.organizationId)).toEqual([
      { user_id: sessions.member.userId, type: 'lead.claimable', lead_id: lead!.id },
    ]);
  });

  it('`off`: a lead routed to the person arrives without a notice; others are still told theirs', async () => {
    const { org, sessions } = await orgWithSessions(t);
    await routeRoundRobin(t, org, 'everyone');
    expect((await call(t, sessions.member, 'PATCH', '/api/account', { notifyNewLeads: 'off' })).status).toBe(
      200,
    );
    for (let i = 0; i < 6; i++) expect((await submit(org.formId, `Routed${i}`)).status).toBe(201);
    await expect
      .poll(
        async () =>
          (await t.sql('select 1 from leads where organization_id = $1', [org.organizationId])).length,
      )
      .toBe(6);
    const assignees = await t.sql<{ assigned_to: string }>(
      'select assigned_to from leads where organization_id = $1',
      [org.organizationId],
    );
    expect(assignees.map((a) => a.assigned_to)).toContain(sessions.member.userId);
    const told = await notices(org.organizationId);
    expect(told.filter((n) => n.user_id === sessions.member.userId)).toEqual([]);
    expect(told.length).toBe(assignees.filter((a) => a.assigned_to !== sessions.member.userId).length);
  });
});
