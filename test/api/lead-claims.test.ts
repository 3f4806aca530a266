import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../edge/contract/session';
import { defaultConfig } from '../../edge/deps';
import { replaceRoutingRules } from '../../edge/services/admin/routing-rules';
import { createOrganization } from '../../edge/services/people/organizations';
import { PASSWORD, sessionAuth, setupApi, signIn, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, type Session, seedLead } from '../support/workspace';

type Problem = { code: string; errors?: Array<{ pointer: string; code: string }>; assignee?: unknown };

describe.each(['postgres', 'pglite'] as const)('claiming and releasing leads (%s)', (database) => {
  let t: TestApi;
  let org: TestOrg;
  let sessions: Record<Role, Session>;
  let foreignLead: string;

  beforeAll(async () => {
    t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } }, { database });
    ({ org, sessions } = await orgWithSessions(t));
    const other = await orgWithSessions(t);
    foreignLead = await seedLead(t, other.org, { lastName: 'Foreign' });
  });
  afterAll(() => t.close());

  const unassigned = () => seedLead(t, org, { lastName: 'Pool' });
  const claim = (s: Session, id: string) => call(t, s, 'POST', `/api/leads/${id}/claim`);
  const release = (s: Session, id: string) => call(t, s, 'POST', `/api/leads/${id}/release`);

  it('a member claims an unassigned lead: assigned to them, one `claimed` event, and may then change it', async () => {
    const id = await unassigned();
    const res = await claim(sessions.member, id);
    expect(res.status, await res.clone().text()).toBe(200);
    const lead = await bodyOf(res);
    expect(lead).toMatchObject({ assignee: { id: org.users.member.id }, version: 2 });
    expect(res.headers.get('etag')).toBe('"2"');
    const events = await eventsOf(t, id);
    expect(events.filter((e) => e.type === 'claimed')).toEqual([
      {
        type: 'claimed',
        actor_type: 'user',
        actor_id: org.users.member.id,
        data: { from: null, to: org.users.member.id, version: 2 },
      },
    ]);
    const status = await call(t, sessions.member, 'POST', `/api/leads/${id}/status`, { status: 'CONTACTED' });
    expect(status.status).toBe(200);
  });

  it('claiming a lead one already has changes nothing', async () => {
    const id = await seedLead(t, org, { lastName: 'Mine' }, { assignedTo: org.users.member.id });
    const res = await claim(sessions.member, id);
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ version: 1 });
    expect(await eventsOf(t, id)).toEqual([]);
  });

  it("a member's claim of someone else's lead → 409 naming who has it; nothing changes", async () => {
    const id = await seedLead(t, org, { lastName: 'Taken' }, { assignedTo: org.users.admin.id });
    const res = await claim(sessions.member, id);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await bodyOf<Problem>(res);
    expect(body.code).toBe('lead-already-assigned');
    expect(body.assignee).toEqual({ id: org.users.admin.id, name: expect.stringMatching(/^admin /) });
    expect(await eventsOf(t, id)).toEqual([]);
  });

  it('a viewer may neither claim nor release → 403', async () => {
    const id = await unassigned();
    expect((await claim(sessions.viewer, id)).status).toBe(403);
    const mine = await seedLead(t, org, { lastName: 'Held' }, { assignedTo: org.users.member.id });
    expect((await release(sessions.viewer, mine)).status).toBe(403);
    expect(await eventsOf(t, id)).toEqual([]);
    expect(await eventsOf(t, mine)).toEqual([]);
  });

  it('an API key (no person to give the lead to) cannot claim → 403', async () => {
    const key = await bodyOf<{ key: string }>(
      await call(t, sessions.owner, 'POST', '/api/api-keys', {
        name: 'k',
        role: 'admin',
        scopes: ['leads:write'],
      }),
    );
    const id = await unassigned();
    const res = await t.app.request(`/api/leads/${id}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(res.status).toBe(403);
  });

  it('the assignee releases their lead; an admin releases anyone’s; a member not someone else’s', async () => {
    const mine = await seedLead(t, org, { lastName: 'Mine' }, { assignedTo: org.users.member.id });
    const res = await release(sessions.member, mine);
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ assignee: null, version: 2 });
    expect((await eventsOf(t, mine)).map((e) => [e.type, e.data])).toEqual([
      ['released', { from: org.users.member.id, to: null, version: 2 }],
    ]);

    const others = await seedLead(t, org, { lastName: 'Others' }, { assignedTo: org.users.admin.id });
    expect((await release(sessions.member, others)).status).toBe(403);
    const byAdmin = await seedLead(t, org, { lastName: 'Any' }, { assignedTo: org.users.member.id });
    expect((await release(sessions.admin, byAdmin)).status).toBe(200);
    expect((await eventsOf(t, byAdmin)).map((e) => [e.type, e.actor_id])).toEqual([
      ['released', org.users.admin.id],
    ]);
  });

  it('releasing an unassigned lead changes nothing', async () => {
    const id = await unassigned();
    const res = await release(sessions.member, id);
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ assignee: null, version: 1 });
    expect(await eventsOf(t, id)).toEqual([]);
  });

  it("another organization's lead → 404 for claim and release", async () => {
    for (const res of [
      await claim(sessions.member, foreignLead),
      await release(sessions.owner, foreignLead),
    ]) {
      expect(res.status).toBe(404);
      expect(await bodyOf<Problem>(res)).toMatchObject({ code: 'not-found' });
    }
    expect(await eventsOf(t, foreignLead)).toEqual([]);
  });

  it('a converted lead cannot be claimed → 409 lead-converted', async () => {
    const id = await seedLead(t, org, { lastName: 'Done' }, { convertedAt: new Date() });
    const res = await claim(sessions.member, id);
    expect(res.status).toBe(409);
    expect(await bodyOf<Problem>(res)).toMatchObject({ code: 'lead-converted' });
  });

  it('with claiming turned off, a claim → 403 claiming-disabled (the setting is audited)', async () => {
    const { org: closed, sessions: s } = await orgWithSessions(t);
    const off = await call(t, s.admin, 'PATCH', '/api/organization', { claimingEnabled: false });
    expect(off.status).toBe(200);
    expect(await bodyOf(off)).toMatchObject({ claimingEnabled: false });
    expect((await call(t, s.member, 'PATCH', '/api/organization', { claimingEnabled: true })).status).toBe(
      403,
    );
    const id = await seedLead(t, closed, { lastName: 'Closed' });
    const res = await claim(s.member, id);
    expect(res.status).toBe(403);
    expect(await bodyOf<Problem>(res)).toMatchObject({ code: 'claiming-disabled' });
    const session = await bodyOf<{ organization: { claimingEnabled: boolean } }>(
      await call(t, s.member, 'GET', '/api/session'),
    );
    expect(session.organization.claimingEnabled).toBe(false);
    const [audit] = await t.sql<{ data: unknown }>(
      `select data from lead_events where organization_id = $1 and type = 'organization.updated'`,
      [closed.organizationId],
    );
    expect(audit?.data).toEqual({ before: { claimingEnabled: true }, after: { claimingEnabled: false } });
  });

  it('20 concurrent claims of one lead: one winner, 19 × 409 naming the winner, one claimed event', async () => {
    const tag = Math.random().toString(36).slice(2, 10);
    const members = Array.from({ length: 20 }, (_, i) => ({
      email: `rep${i}.${tag}@example.test`,
      name: `Rep ${i}`,
      role: 'member' as const,
      password: PASSWORD,
    }));
    const { organizationId, userIds } = await createOrganization(t.deps, t.db, {
      name: `Race ${tag}`,
      slug: `race-${tag}`,
      defaultCountry: 'CZ',
      members,
    });
    const reps = await Promise.all(
      members.map(async (m) => ({ id: userIds[m.email]!, headers: (await signIn(t, m.email)).headers })),
    );
    const leadId = await seedLead(t, { organizationId, formId: '', users: org.users }, { lastName: 'Race' });
    const responses = await Promise.all(
      reps.map((r) =>
        call(t, { role: 'member', userId: r.id, headers: r.headers }, 'POST', `/api/leads/${leadId}/claim`),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = reps[statuses.indexOf(200)]!;
    const refusals = await Promise.all(
      responses.filter((r) => r.status === 409).map((r) => bodyOf<Problem>(r)),
    );
    for (const body of refusals)
      expect(body).toMatchObject({ code: 'lead-already-assigned', assignee: { id: winner.id } });
    const events = await eventsOf(t, leadId);
    expect(events.map((e) => [e.type, e.actor_id])).toEqual([['claimed', winner.id]]);
    const [stored] = await t.sql<{ assigned_to: string; version: number }>(
      'select assigned_to, version from leads where id = $1',
      [leadId],
    );
    expect(stored).toEqual({ assigned_to: winner.id, version: 2 });
  });

  it('a lead a member creates is theirs (their event); with a routing rule matching, routing decides', async () => {
    const res = await call(t, sessions.member, 'POST', '/api/leads', { lastName: 'Own', company: 'Acme' });
    expect(res.status).toBe(201);
    const { id } = await bodyOf<{ id: string }>(res);
    const lead = await bodyOf(await call(t, sessions.member, 'GET', `/api/leads/${id}`));
    expect(lead).toMatchObject({ assignee: { id: org.users.member.id } });
    // One statement writes both events at the same instant: their order is not the point.
    const events = (await eventsOf(t, id)).sort((a, b) => a.type.localeCompare(b.type));
    expect(events.map((e) => [e.type, e.actor_type, e.actor_id, e.data.to ?? null])).toEqual([
      ['assigned', 'user', org.users.member.id, org.users.member.id],
      ['created', 'user', org.users.member.id, null],
    ]);
    // The creator is not told about their own lead.
    const [told] = await t.sql<{ n: number }>(
      `select count(*)::int as n from notifications where user_id = $1 and data->>'leadId' = $2`,
      [org.users.member.id, id],
    );
    expect(told?.n).toBe(0);
  });

  it('a routing rule that matches decides over the creator', async () => {
    const { org: routed, sessions: s } = await orgWithSessions(t);
    await replaceRoutingRules(t.deps, t.db, sessionAuth(routed, 'admin'), [
      {
        name: 'to admin',
        enabled: true,
        condition: {},
        action: { type: 'user', userId: routed.users.admin.id },
      },
    ]);
    const res = await call(t, s.member, 'POST', '/api/leads', { lastName: 'Routed' });
    const { id } = await bodyOf<{ id: string }>(res);
    expect(await bodyOf(await call(t, s.member, 'GET', `/api/leads/${id}`))).toMatchObject({
      assignee: { id: routed.users.admin.id },
    });
    const assigned = (await eventsOf(t, id)).find((e) => e.type === 'assigned');
    expect(assigned).toMatchObject({
      actor_type: 'system',
      actor_id: null,
      data: { rule: { name: 'to admin' } },
    });
  });

  it('a lead an admin enters stays unassigned for routing or the pool', async () => {
    const res = await call(t, sessions.admin, 'POST', '/api/leads', { lastName: 'ForTheTeam' });
    const { id } = await bodyOf<{ id: string }>(res);
    expect(await bodyOf(await call(t, sessions.admin, 'GET', `/api/leads/${id}`))).toMatchObject({
      assignee: null,
    });
  });

  it('a lead an API key creates is nobody’s (routing aside)', async () => {
    const key = await bodyOf<{ key: string }>(
      await call(t, sessions.owner, 'POST', '/api/api-keys', {
        name: 'k2',
        role: 'member',
        scopes: ['submit'],
      }),
    );
    const res = await t.app.request('/api/leads', {
      method: 'POST',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lastName: 'Keyed' }),
    });
    expect(res.status).toBe(201);
    const { id } = await bodyOf<{ id: string }>(res);
    expect(await bodyOf(await call(t, sessions.member, 'GET', `/api/leads/${id}`))).toMatchObject({
      assignee: null,
    });
  });
});
