import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task, TaskList, TaskSummary } from '../../edge/contract/tasks';
import { sendTaskReminders } from '../../edge/services/tasks/reminders';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, eventsOf, orgWithSessions, type Session, seedLead } from '../support/workspace';

// Saturday before the last Sunday of March 2026: Prague moves to summer time overnight.
const SATURDAY = new Date('2026-03-28T10:00:00Z');

describe.each(['postgres', 'pglite'] as const)('tasks (%s)', (database) => {
  let t: TestApi;
  let clock = SATURDAY;
  beforeAll(async () => {
    t = await setupApi({ now: () => clock }, { database });
  }, 120_000);
  afterAll(() => t?.close());

  /** A fresh organization in Prague's time zone, a session per role, and a lead of the member's. */
  async function arrange() {
    clock = SATURDAY;
    const { org, sessions } = await orgWithSessions(t);
    await t.sql(`update organizations set timezone = 'Europe/Prague' where id = $1`, [org.organizationId]);
    const leadId = await seedLead(
      t,
      org,
      { firstName: 'Jana', lastName: 'Nováková', company: 'Škoda' },
      { assignedTo: org.users.member.id },
    );
    return { org, sessions, leadId };
  }

  const create = (s: Session, leadId: string, body: Record<string, unknown> = {}) =>
    call(t, s, 'POST', `/api/leads/${leadId}/tasks`, body);
  const created = async (s: Session, leadId: string, body: Record<string, unknown> = {}) => {
    const res = await create(s, leadId, body);
    expect(res.status, await res.clone().text()).toBe(201);
    return bodyOf<Task>(res);
  };
  const bucket = async (s: Session, name: string, extra = '') =>
    bodyOf<TaskList>(await call(t, s, 'GET', `/api/tasks?scope=mine&bucket=${name}${extra}`));

  it('defaults: "Follow up" (null), tomorrow 9:00 in the assignee’s zone across DST, the lead’s owner', async () => {
    const { org, sessions, leadId } = await arrange();
    const task = await created(sessions.member, leadId);
    expect(task).toMatchObject({
      title: null,
      note: null,
      // Sunday 09:00 in Prague is already summer time (+02:00), not 08:00Z as 24 hours later would say.
      dueAt: '2026-03-29T07:00:00.000Z',
      assignee: { id: org.users.member.id },
      lead: { id: leadId, name: 'Jana Nováková', company: 'Škoda' },
      done: false,
      canEdit: true,
    });
    // An admin adding a task to the member's lead: the member gets it, due in the member's zone.
    await t.sql(`update users set timezone = 'America/New_York' where id = $1`, [org.users.admin.id]);
    expect(await created(sessions.admin, leadId)).toMatchObject({
      assignee: { id: org.users.member.id },
      dueAt: '2026-03-29T07:00:00.000Z',
    });
    // A lead without an owner: the creator, in the creator's own zone (New York, EDT since March 8).
    const unowned = await seedLead(t, org, { lastName: 'Nikdo' });
    expect(await created(sessions.admin, unowned)).toMatchObject({
      assignee: { id: org.users.admin.id },
      dueAt: '2026-03-29T13:00:00.000Z',
    });
    const events = (await eventsOf(t, leadId)).filter((e) => e.type === 'task_created');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actor_type: 'user',
      actor_id: org.users.member.id,
      data: { taskId: task.id, title: null, dueAt: task.dueAt, assigneeId: org.users.member.id },
    });
    const timeline = await bodyOf<{ items: Array<{ type: string }> }>(
      await call(t, sessions.viewer, 'GET', `/api/leads/${leadId}/timeline`),
    );
    expect(timeline.items.map((e) => e.type)).toContain('task_created');
  });

  it('refuses a due that is not a date, a note over 10,000 characters, a viewer as assignee; allows the past', async () => {
    const { org, sessions, leadId } = await arrange();
    const refused = async (body: Record<string, unknown>, pointer: string) => {
      const res = await create(sessions.member, leadId, body);
      expect(res.status).toBe(422);
      const problem = await bodyOf<{ errors: Array<{ pointer: string; code: string }> }>(res);
      expect(problem.errors.map((e) => e.pointer)).toEqual([pointer]);
      return problem.errors[0]!.code;
    };
    expect(await refused({ dueAt: 'next Tuesday' }, '/dueAt')).toBe('invalid_format');
    expect(await refused({ dueAt: '2026-02-30T09:00:00Z' }, '/dueAt')).toBe('invalid_format');
    expect(await refused({ note: 'x'.repeat(10_001) }, '/note')).toBe('too_big');
    expect(await refused({ title: 'x'.repeat(201) }, '/title')).toBe('too_big');
    expect(await refused({ assigneeId: org.users.viewer.id }, '/assigneeId')).toBe('invalid_assignee');
    const other = await orgWithSessions(t);
    expect(await refused({ assigneeId: other.org.users.member.id }, '/assigneeId')).toBe('invalid_assignee');
    expect((await create(sessions.member, leadId, { priority: 1 })).status).toBe(422);

    const long = await created(sessions.member, leadId, { note: 'ž'.repeat(10_000) });
    expect(long.note).toHaveLength(10_000);
    const past = await created(sessions.member, leadId, {
      dueAt: '2026-03-01T08:00:00+01:00',
      title: 'Late',
    });
    expect(past.dueAt).toBe('2026-03-01T07:00:00.000Z');
    expect((await bucket(sessions.member, 'overdue')).items.map((x) => x.id)).toEqual([past.id]);
  });

  it('sorts my open tasks into overdue, today (my day, in my zone) and upcoming, with a summary and pages', async () => {
    const { org, sessions, leadId } = await arrange();
    const at = (iso: string) => created(sessions.member, leadId, { dueAt: iso });
    const overdue = await at('2026-03-28T08:00:00Z');
    // 23:30 in Prague is still today; 23:30Z is already tomorrow there.
    const tonight = await at('2026-03-28T22:30:00Z');
    const tomorrow = await at('2026-03-28T23:30:00Z');
    const later = await at('2026-04-02T07:00:00Z');
    const done = await at('2026-03-28T09:00:00Z');
    expect((await call(t, sessions.member, 'POST', `/api/tasks/${done.id}/done`)).status).toBe(200);
    // Someone else's task on the same lead is not mine.
    await created(sessions.member, leadId, { assigneeId: org.users.admin.id, dueAt: '2026-03-28T09:00:00Z' });

    const ids = async (name: string) => (await bucket(sessions.member, name)).items.map((x) => x.id);
    expect(await ids('overdue')).toEqual([overdue.id]);
    expect(await ids('today')).toEqual([tonight.id]);
    expect(await ids('upcoming')).toEqual([tomorrow.id, later.id]);
    expect(await bodyOf<TaskSummary>(await call(t, sessions.member, 'GET', '/api/tasks/summary'))).toEqual({
      overdue: 1,
      today: 1,
      timeZone: 'Europe/Prague',
    });

    // My own zone decides "today": in New York (16:00 on Saturday 28th when UTC says 20:00) 23:30Z is today.
    await t.sql(`update users set timezone = 'America/New_York' where id = $1`, [org.users.member.id]);
    clock = new Date('2026-03-28T20:00:00Z');
    expect(await ids('today')).toEqual([tonight.id, tomorrow.id]);

    const first = await bucket(sessions.member, 'upcoming', '&limit=1');
    expect(first.items.map((x) => x.id)).toEqual([later.id]);
    expect(first.nextCursor).toBeNull();
    const page = await bucket(sessions.member, 'today', '&limit=1');
    expect(page.items.map((x) => x.id)).toEqual([tonight.id]);
    const next = await bucket(sessions.member, 'today', `&limit=1&cursor=${page.nextCursor}`);
    expect(next.items.map((x) => x.id)).toEqual([tomorrow.id]);
    expect(next.nextCursor).toBeNull();

    expect((await call(t, sessions.member, 'GET', '/api/tasks?bucket=later')).status).toBe(400);
    expect((await call(t, sessions.member, 'GET', '/api/tasks?bucket=today&cursor=nope')).status).toBe(400);
  });

  it('RBAC: viewers read only; members work tasks on their leads and tasks given to them; admins all', async () => {
    const { org, sessions, leadId } = await arrange();
    const adminLead = await seedLead(t, org, { lastName: 'Admin' }, { assignedTo: org.users.admin.id });
    const mine = await created(sessions.admin, adminLead, { assigneeId: org.users.member.id });
    const theirs = await created(sessions.admin, adminLead);
    const onMyLead = await created(sessions.member, leadId);

    expect((await create(sessions.viewer, leadId)).status).toBe(403);
    expect((await create(sessions.member, adminLead)).status).toBe(403);
    expect((await call(t, sessions.viewer, 'GET', `/api/leads/${adminLead}/tasks`)).status).toBe(200);
    for (const [path, method, body] of [
      ['', 'PATCH', { title: 'Changed' }],
      ['/done', 'POST', undefined],
      ['/done', 'DELETE', undefined],
      ['/snooze', 'POST', { preset: 'hour' }],
      ['', 'DELETE', undefined],
    ] as const) {
      expect((await call(t, sessions.viewer, method, `/api/tasks/${onMyLead.id}${path}`, body)).status).toBe(
        403,
      );
      expect((await call(t, sessions.member, method, `/api/tasks/${theirs.id}${path}`, body)).status).toBe(
        403,
      );
    }
    expect(
      (await call(t, sessions.member, 'PATCH', `/api/tasks/${mine.id}`, { title: 'Send the offer' })).status,
    ).toBe(200);
    expect((await call(t, sessions.member, 'POST', `/api/tasks/${mine.id}/done`)).status).toBe(200);
    expect((await call(t, sessions.admin, 'PATCH', `/api/tasks/${onMyLead.id}`, { note: 'Hi' })).status).toBe(
      200,
    );
    expect((await call(t, sessions.owner, 'DELETE', `/api/tasks/${theirs.id}`)).status).toBe(204);
    const listed = await bodyOf<{ items: Task[] }>(
      await call(t, sessions.member, 'GET', `/api/leads/${adminLead}/tasks`),
    );
    expect(listed.items.map((x) => [x.id, x.canEdit, x.done])).toEqual([[mine.id, true, true]]);
  });

  it('another organization’s lead or task is not found', async () => {
    const { sessions, leadId } = await arrange();
    const task = await created(sessions.member, leadId);
    const other = await orgWithSessions(t);
    const stranger = other.sessions.owner;
    expect((await create(stranger, leadId)).status).toBe(404);
    expect((await call(t, stranger, 'GET', `/api/leads/${leadId}/tasks`)).status).toBe(404);
    expect((await call(t, stranger, 'PATCH', `/api/tasks/${task.id}`, { title: 'x' })).status).toBe(404);
    expect((await call(t, stranger, 'POST', `/api/tasks/${task.id}/done`)).status).toBe(404);
    expect((await call(t, stranger, 'POST', `/api/tasks/${task.id}/snooze`, { preset: 'hour' })).status).toBe(
      404,
    );
    expect((await call(t, stranger, 'DELETE', `/api/tasks/${task.id}`)).status).toBe(404);
    expect((await bucket(stranger, 'upcoming')).items).toEqual([]);
  });

  it('done, undo, edit, snooze and delete are each audited once; doing it twice records nothing', async () => {
    const { sessions, leadId } = await arrange();
    const task = await created(sessions.member, leadId, { title: 'Call' });
    const path = `/api/tasks/${task.id}`;
    expect(await bodyOf<Task>(await call(t, sessions.member, 'POST', `${path}/done`))).toMatchObject({
      done: true,
      doneAt: SATURDAY.toISOString(),
    });
    await call(t, sessions.member, 'POST', `${path}/done`);
    expect((await bodyOf<Task>(await call(t, sessions.member, 'DELETE', `${path}/done`))).done).toBe(false);
    await call(t, sessions.member, 'PATCH', path, { title: 'Call back', note: '' });
    const snoozed = await bodyOf<Task>(
      await call(t, sessions.member, 'POST', `${path}/snooze`, { preset: 'next-week' }),
    );
    expect(snoozed.dueAt).toBe('2026-03-30T07:00:00.000Z');
    const custom = await call(t, sessions.member, 'POST', `${path}/snooze`, {
      dueAt: '2026-04-01T10:00:00Z',
    });
    expect((await bodyOf<Task>(custom)).dueAt).toBe('2026-04-01T10:00:00.000Z');
    expect((await call(t, sessions.member, 'POST', `${path}/snooze`, {})).status).toBe(422);
    expect((await call(t, sessions.member, 'POST', `${path}/snooze`, { preset: 'never' })).status).toBe(422);
    expect((await call(t, sessions.member, 'DELETE', path)).status).toBe(204);
    expect((await call(t, sessions.member, 'DELETE', path)).status).toBe(404);
    const events = (await eventsOf(t, leadId)).filter((e) => e.type.startsWith('task_'));
    expect(events.map((e) => e.type)).toEqual([
      'task_created',
      'task_done',
      'task_reopened',
      'task_updated',
      'task_snoozed',
      'task_snoozed',
      'task_deleted',
    ]);
    expect(events[3]!.data).toEqual({
      taskId: task.id,
      before: { title: 'Call' },
      after: { title: 'Call back' },
    });
    expect(events[4]!.data).toMatchObject({ preset: 'next-week', from: task.dueAt, to: snoozed.dueAt });
    expect(events[6]!.data).toMatchObject({ taskId: task.id, title: 'Call back' });
  });

  it('reminds once when a task falls due; snoozing or moving it re-arms the reminder; email only if asked', async () => {
    const { org, sessions, leadId } = await arrange();
    const deps = { newId: t.deps.newId };
    const task = await created(sessions.member, leadId, { dueAt: '2026-03-28T11:00:00Z', title: 'Call' });
    // The admin's task, on an owner-less lead, and the admin asks for emails.
    const unowned = await seedLead(t, org, { lastName: 'Nikdo' });
    const adminTask = await created(sessions.admin, unowned, { dueAt: '2026-03-28T11:00:00Z' });
    const account = await call(t, sessions.admin, 'PATCH', '/api/account', { taskReminderEmail: true });
    expect(await bodyOf(account)).toMatchObject({ taskReminderEmail: true });

    const notes = () =>
      t.sql<{ user_id: string; type: string; data: Record<string, unknown>; link: string }>(
        `select user_id, type, data, link from notifications where organization_id = $1 and type = 'task.due'
         order by created_at, user_id`,
        [org.organizationId],
      );
    const emails = () =>
      t.sql<{ payload: Record<string, unknown> }>(
        `select payload from outbox where organization_id = $1 and payload->>'template' = 'task-due'`,
        [org.organizationId],
      );

    // The job serves every organization: remind what earlier tests left due, so the counts below are ours.
    await sendTaskReminders(deps, t.db, new Date('2026-03-28T10:59:00Z'));
    expect(await notes()).toEqual([]);
    expect(await sendTaskReminders(deps, t.db, new Date('2026-03-28T11:00:00Z'))).toBe(2);
    expect(await sendTaskReminders(deps, t.db, new Date('2026-03-28T11:01:00Z'))).toBe(0);
    expect((await notes()).map((n) => [n.user_id, n.link])).toEqual(
      [
        [org.users.admin.id, `/app/leads/${unowned}`],
        [org.users.member.id, `/app/leads/${leadId}`],
      ].sort(),
    );
    const memberNote = (await notes()).find((n) => n.user_id === org.users.member.id)!;
    expect(memberNote.data).toEqual({
      taskId: task.id,
      leadId,
      title: 'Call',
      name: 'Jana Nováková',
      company: 'Škoda',
      dueAt: '2026-03-28T11:00:00.000Z',
    });
    expect((await emails()).map((e) => e.payload)).toEqual([
      expect.objectContaining({ template: 'task-due', userId: org.users.admin.id, taskId: adminTask.id }),
    ]);

    // Snoozed an hour (from 11:30): reminded again at 12:30, not before.
    clock = new Date('2026-03-28T11:30:00Z');
    await call(t, sessions.member, 'POST', `/api/tasks/${task.id}/snooze`, { preset: 'hour' });
    expect(await sendTaskReminders(deps, t.db, new Date('2026-03-28T12:29:00Z'))).toBe(0);
    expect(await sendTaskReminders(deps, t.db, new Date('2026-03-28T12:30:00Z'))).toBe(1);
    // Moving the due time by PATCH re-arms it too; a done task is not reminded.
    await call(t, sessions.admin, 'PATCH', `/api/tasks/${adminTask.id}`, { dueAt: '2026-03-28T13:00:00Z' });
    await call(t, sessions.member, 'PATCH', `/api/tasks/${task.id}`, { dueAt: '2026-03-28T13:00:00Z' });
    await call(t, sessions.member, 'POST', `/api/tasks/${task.id}/done`);
    expect(await sendTaskReminders(deps, t.db, new Date('2026-03-28T13:00:00Z'))).toBe(1);
    expect((await notes()).map((n) => n.user_id).filter((u) => u === org.users.member.id)).toHaveLength(2);
    expect(await emails()).toHaveLength(2);
  });

  it('closes a lead’s open tasks when it is marked LOST or converted, when asked', async () => {
    const { org, sessions, leadId } = await arrange();
    const open = await created(sessions.member, leadId);
    const closedBefore = await created(sessions.member, leadId);
    await call(t, sessions.member, 'POST', `/api/tasks/${closedBefore.id}/done`);
    const notLost = await call(t, sessions.member, 'POST', `/api/leads/${leadId}/status`, {
      status: 'CONTACTED',
      closeOpenTasks: true,
    });
    expect(notLost.status).toBe(422);
    const lost = await call(t, sessions.member, 'POST', `/api/leads/${leadId}/status`, {
      status: 'LOST',
      lossReason: 'NO_NEED',
      closeOpenTasks: true,
    });
    expect(lost.status).toBe(200);
    const tasksOf = async (id: string) =>
      (await bodyOf<{ items: Task[] }>(await call(t, sessions.member, 'GET', `/api/leads/${id}/tasks`)))
        .items;
    expect((await tasksOf(leadId)).every((x) => x.done)).toBe(true);
    const closing = (await eventsOf(t, leadId)).filter((e) => e.type === 'task_done');
    expect(closing.map((e) => e.data)).toEqual([
      { taskId: closedBefore.id, title: null },
      { taskId: open.id, title: null, reason: 'lost' },
    ]);

    // Without the flag, LOST leaves them open.
    const other = await seedLead(t, org, { lastName: 'Open' }, { assignedTo: org.users.member.id });
    await created(sessions.member, other);
    await call(t, sessions.member, 'POST', `/api/leads/${other}/status`, {
      status: 'LOST',
      lossReason: 'NO_NEED',
    });
    expect((await tasksOf(other)).map((x) => x.done)).toEqual([false]);

    const qualified = await seedLead(
      t,
      org,
      { firstName: 'John', lastName: 'Doe', company: 'Acme Corp', email: 'john.doe@acme.example' },
      { status: 'QUALIFIED', assignedTo: org.users.member.id },
    );
    await created(sessions.member, qualified);
    await created(sessions.member, qualified, { title: 'Demo' });
    const converted = await call(t, sessions.member, 'POST', `/api/leads/${qualified}/convert`, {
      createAccount: true,
      closeOpenTasks: true,
    });
    expect(converted.status, await converted.clone().text()).toBe(201);
    expect((await tasksOf(qualified)).map((x) => x.done)).toEqual([true, true]);
    const events = (await eventsOf(t, qualified)).filter((e) => e.type === 'task_done');
    expect(events.map((e) => e.data.reason)).toEqual(['converted', 'converted']);
    // A converted lead takes no new tasks.
    expect((await create(sessions.member, qualified)).status).toBe(409);
  });
});

describe('task reminders under concurrent ticks (Postgres)', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await setupApi({ now: () => SATURDAY });
  });
  afterAll(() => t?.close());

  it('two ticks at once remind each due task exactly once', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const leadId = await seedLead(t, org, { lastName: 'Busy' }, { assignedTo: org.users.member.id });
    await t.sql(`update users set task_reminder_email = true where id = $1`, [org.users.member.id]);
    const count = 1200;
    await t.sql(
      `insert into tasks (id, organization_id, lead_id, due_at, assignee_id)
       select 'task_c' || g, $1, $2, $3::timestamptz - g * interval '1 second', $4
       from generate_series(1, $5::int) g`,
      [org.organizationId, leadId, SATURDAY.toISOString(), org.users.member.id, count],
    );
    expect((await call(t, sessions.member, 'GET', '/api/tasks?bucket=overdue&limit=200')).status).toBe(200);
    const deps = { newId: t.deps.newId };
    const [a, b] = await Promise.all([
      sendTaskReminders(deps, t.db, SATURDAY),
      sendTaskReminders(deps, t.db, SATURDAY),
    ]);
    expect(a + b).toBe(count);
    const [row] = await t.sql<{ n: number; distinct_tasks: number; emails: number }>(
      `select count(*)::int n, count(distinct data->>'taskId')::int distinct_tasks,
         (select count(*)::int from outbox where organization_id = $1 and payload->>'template' = 'task-due') emails
       from notifications where organization_id = $1 and type = 'task.due'`,
      [org.organizationId],
    );
    expect(row).toEqual({ n: count, distinct_tasks: count, emails: count });
    expect(await sendTaskReminders(deps, t.db, SATURDAY)).toBe(0);
  });
});
