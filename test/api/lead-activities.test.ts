import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../edge/contract/session';
import { defaultConfig } from '../../edge/deps';
import { setupApi, type TestApi, type TestOrg } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, type Session, seedLead } from '../support/workspace';

type Problem = { code: string; errors?: Array<{ pointer: string; code: string }> };
type Lead = { lastActivityAt: string; firstResponseAt: string | null; version: number };

describe.each(['postgres', 'pglite'] as const)('logging activities (%s)', (database) => {
  let t: TestApi;
  let org: TestOrg;
  let sessions: Record<Role, Session>;
  let foreignLead: string;
  const created = new Date(Date.now() - 3 * 86_400_000);

  beforeAll(async () => {
    t = await setupApi({ config: { ...defaultConfig, apiPerMinute: 10_000 } }, { database });
    ({ org, sessions } = await orgWithSessions(t));
    const other = await orgWithSessions(t);
    foreignLead = await seedLead(
      t,
      other.org,
      { lastName: 'Foreign' },
      { assignedTo: other.org.users.member.id },
    );
  });
  afterAll(() => t.close());

  const mine = () =>
    seedLead(
      t,
      org,
      { lastName: 'Mine' },
      { assignedTo: org.users.member.id, createdAt: created, lastActivityAt: created },
    );
  const log = (s: Session, id: string, body: unknown) =>
    call(t, s, 'POST', `/api/leads/${id}/activities`, body);
  const leadOf = async (id: string) =>
    bodyOf<Lead>(await call(t, sessions.member, 'GET', `/api/leads/${id}`));

  it('a call: 201, one `activity.call` event with what was entered, shown in the timeline', async () => {
    const id = await mine();
    const res = await log(sessions.member, id, {
      kind: 'call',
      outcome: 'no_answer',
      durationSeconds: 20,
      note: 'Rang out',
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const activity = await bodyOf<{ id: string; type: string; data: Record<string, unknown> }>(res);
    expect(activity).toMatchObject({
      type: 'activity.call',
      data: { outcome: 'no_answer', durationSeconds: 20, note: 'Rang out' },
    });
    const events = await eventsOf(t, id);
    expect(events).toEqual([
      {
        type: 'activity.call',
        actor_type: 'user',
        actor_id: org.users.member.id,
        data: activity.data,
      },
    ]);
    const timeline = await bodyOf<{ items: Array<{ id: string; type: string; actor: { name: string } }> }>(
      await call(t, sessions.viewer, 'GET', `/api/leads/${id}/timeline?type=activity.call,activity.email`),
    );
    expect(timeline.items).toEqual([
      expect.objectContaining({
        id: activity.id,
        type: 'activity.call',
        actor: expect.objectContaining({ name: expect.stringMatching(/^member /) }),
      }),
    ]);
  });

  it('emails and meetings are stored with their own fields', async () => {
    const id = await mine();
    const email = await log(sessions.member, id, {
      kind: 'email',
      direction: 'received',
      subject: 'Re: demo',
    });
    expect(email.status).toBe(201);
    const meeting = await log(sessions.member, id, { kind: 'meeting', durationMinutes: 45, note: 'Demo' });
    expect(meeting.status).toBe(201);
    expect((await eventsOf(t, id)).map((e) => [e.type, e.data])).toEqual([
      ['activity.email', { direction: 'received', subject: 'Re: demo', occurredAt: expect.any(String) }],
      ['activity.meeting', { durationMinutes: 45, note: 'Demo', occurredAt: expect.any(String) }],
    ]);
  });

  it('the first activity is the first response, set once; last activity moves forward only', async () => {
    const id = await mine();
    expect((await leadOf(id)).firstResponseAt).toBeNull();
    const first = new Date(Date.now() - 86_400_000).toISOString();
    await log(sessions.member, id, { kind: 'call', outcome: 'voicemail', occurredAt: first });
    let lead = await leadOf(id);
    expect(lead.firstResponseAt).toBe(first);
    expect(lead.lastActivityAt).toBe(first);
    // An activity dated earlier does not move either back; a later one moves the last activity only.
    const earlier = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await log(sessions.member, id, { kind: 'email', direction: 'sent', occurredAt: earlier });
    lead = await leadOf(id);
    expect(lead).toMatchObject({ firstResponseAt: first, lastActivityAt: first });
    await log(sessions.member, id, { kind: 'meeting' });
    lead = await leadOf(id);
    expect(lead.firstResponseAt).toBe(first);
    expect(Date.parse(lead.lastActivityAt)).toBeGreaterThan(Date.parse(first));
    // Activities are not edits: the version stays.
    expect(lead.version).toBe(1);
  });

  it('an activity dated before the lead existed answered it when it was entered', async () => {
    const id = await mine();
    await log(sessions.member, id, {
      kind: 'call',
      outcome: 'connected',
      occurredAt: new Date(created.getTime() - 86_400_000).toISOString(),
    });
    expect((await leadOf(id)).firstResponseAt).toBe(created.toISOString());
  });

  it('the first move to CONTACTED is the first response when no activity came before; not later', async () => {
    const id = await mine();
    const moved = await call(t, sessions.member, 'POST', `/api/leads/${id}/status`, { status: 'CONTACTED' });
    const lead = await bodyOf<Lead & { contactedAt: string }>(moved);
    expect(lead.firstResponseAt).toBe(lead.contactedAt);

    const answered = await mine();
    await log(sessions.member, answered, { kind: 'call', outcome: 'connected' });
    const before = (await leadOf(answered)).firstResponseAt;
    await new Promise((r) => setTimeout(r, 5));
    await call(t, sessions.member, 'POST', `/api/leads/${answered}/status`, { status: 'CONTACTED' });
    expect((await leadOf(answered)).firstResponseAt).toBe(before);
  });

  it('a bulk move to CONTACTED is the first response of the leads nothing answered before', async () => {
    const [quiet, answered] = [await mine(), await mine()];
    await log(sessions.member, answered, { kind: 'call', outcome: 'connected' });
    const before = (await leadOf(answered)).firstResponseAt;
    const res = await call(t, sessions.admin, 'POST', '/api/leads/bulk', {
      action: 'status',
      selection: { ids: [quiet, answered] },
      status: 'CONTACTED',
    });
    expect(res.status).toBe(200);
    const moved = await bodyOf<Lead & { contactedAt: string }>(
      await call(t, sessions.member, 'GET', `/api/leads/${quiet}`),
    );
    expect(moved.firstResponseAt).toBe(moved.contactedAt);
    expect((await leadOf(answered)).firstResponseAt).toBe(before);
  });

  it("stops the reports' response clock: a logged call before any status change counts", async () => {
    const { org: fresh, sessions: s } = await orgWithSessions(t);
    const at = new Date(Date.now() - 2 * 86_400_000);
    const id = await seedLead(
      t,
      fresh,
      { lastName: 'Clocked' },
      { assignedTo: fresh.users.member.id, createdAt: at, lastActivityAt: at },
    );
    const called = new Date(at.getTime() + 30 * 60_000).toISOString();
    await log(s.member, id, { kind: 'call', outcome: 'connected', occurredAt: called });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const res = await call(t, s.viewer, 'GET', `/api/reports/velocity?from=${day(at)}&to=${day(new Date())}`);
    const { rows } = await bodyOf<{ rows: Array<{ response: Record<string, number> }> }>(res);
    expect(rows[0]?.response).toMatchObject({ contacted: 1, medianSeconds: 1800, withinHourShare: 1 });
  });

  it.each([
    ['a bad outcome', { kind: 'call', outcome: 'busy' }, '/outcome'],
    ['a call without outcome', { kind: 'call' }, '/outcome'],
    ['an unknown kind', { kind: 'fax' }, '/kind'],
    ['a direction missing', { kind: 'email', subject: 'x' }, '/direction'],
    ['a negative duration', { kind: 'call', outcome: 'connected', durationSeconds: -1 }, '/durationSeconds'],
    ['a duration over a day', { kind: 'meeting', durationMinutes: 1441 }, '/durationMinutes'],
    ['an unknown field', { kind: 'meeting', outcome: 'connected' }, '/'],
    ['a date that is not one', { kind: 'meeting', occurredAt: 'yesterday' }, '/occurredAt'],
    ['a note over 10,000 characters', { kind: 'meeting', note: 'x'.repeat(10_001) }, '/note'],
  ])('%s → 422 pointing at the field, nothing stored', async (_name, body, pointer) => {
    const id = await mine();
    const res = await log(sessions.member, id, body);
    expect(res.status).toBe(422);
    const problem = await bodyOf<Problem>(res);
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
    expect(await eventsOf(t, id)).toEqual([]);
  });

  it('a 10,000-character note is kept whole', async () => {
    const id = await mine();
    const note = 'ž'.repeat(10_000);
    expect((await log(sessions.member, id, { kind: 'call', outcome: 'connected', note })).status).toBe(201);
    expect((await eventsOf(t, id))[0]?.data.note).toBe(note);
  });

  it('an activity dated more than five minutes ahead → 422 in_future; a minute ahead is clock skew, kept', async () => {
    const id = await mine();
    const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
    const res = await log(sessions.member, id, { kind: 'call', outcome: 'connected', occurredAt: ahead });
    expect(res.status).toBe(422);
    expect((await bodyOf<Problem>(res)).errors).toEqual([
      expect.objectContaining({ pointer: '/occurredAt', code: 'in_future' }),
    ]);
    const skewed = new Date(Date.now() + 60_000).toISOString();
    expect((await log(sessions.member, id, { kind: 'meeting', occurredAt: skewed })).status).toBe(201);
    // The lead's clocks never run ahead of the server's.
    expect(Date.parse((await leadOf(id)).lastActivityAt)).toBeLessThanOrEqual(Date.now());
  });

  it('a viewer → 403; a member on someone else’s lead → 403; an admin on anyone’s → 201', async () => {
    const id = await mine();
    expect((await log(sessions.viewer, id, { kind: 'meeting' })).status).toBe(403);
    const others = await seedLead(t, org, { lastName: 'Others' }, { assignedTo: org.users.admin.id });
    expect((await log(sessions.member, others, { kind: 'meeting' })).status).toBe(403);
    expect((await log(sessions.admin, id, { kind: 'meeting' })).status).toBe(201);
    expect((await eventsOf(t, others)).length).toBe(0);
  });

  it("another organization's lead → 404, nothing stored", async () => {
    const res = await log(sessions.owner, foreignLead, { kind: 'call', outcome: 'connected' });
    expect(res.status).toBe(404);
    expect(await bodyOf<Problem>(res)).toMatchObject({ code: 'not-found' });
    expect(await eventsOf(t, foreignLead)).toEqual([]);
  });
});
