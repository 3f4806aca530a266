import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { tasks } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db, Tx } from '../../../db/types';
import type { CreateTask, SnoozeTask, Task, UpdateTask } from '../../contract/tasks';
import { actorOf } from '../../core/actor';
import { AppError } from '../../core/errors';
import { defaultDue, snoozedDue } from '../../core/task-time';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';
import { assertCanEditLead, assertNotConverted, findLead, leadEvent } from '../leads/access';
import {
  assertTaskAssignee,
  effectiveTimeZone,
  getTask,
  lockTask,
  selectTasks,
  type TaskRow,
  toTask,
} from './access';

const MAX_LEAD_TASKS = 500;

/** A lead's tasks: open ones by due time, then done ones, latest done first. */
export async function listLeadTasks(db: Db, auth: Auth, leadId: string): Promise<{ items: Task[] }> {
  await findLead(db, auth.organizationId, leadId);
  const rows = await selectTasks(db, inOrg(tasks, auth.organizationId, eq(tasks.leadId, leadId)))
    .orderBy(sql`${tasks.doneAt} is not null`, desc(tasks.doneAt), asc(tasks.dueAt), asc(tasks.id))
    .limit(MAX_LEAD_TASKS);
  return { items: rows.map((r) => toTask(auth, r)) };
}

/**
 * Adds a task to a lead the caller may change (not a converted one). Defaults: assigned to the lead's
 * owner, else the creator; due tomorrow 9:00 in the assignee's time zone; the title "Follow up" (null).
 */
export async function createTask(deps: Deps, db: Db, auth: Auth, leadId: string, input: CreateTask) {
  const id = await db.transaction(async (tx) => {
    const lead = await findLead(tx, auth.organizationId, leadId, true);
    assertCanEditLead(auth, lead);
    assertNotConverted(lead);
    const assigneeId = input.assigneeId ?? lead.assignedTo ?? auth.userId;
    if (!assigneeId) {
      const detail = 'Required when the lead has no owner and an API key creates the task';
      throw new AppError('validation-failed', {
        detail,
        errors: [{ pointer: '/assigneeId', detail, code: 'required' }],
      });
    }
    await assertTaskAssignee(tx, auth.organizationId, assigneeId);
    const now = deps.now();
    const dueAt = input.dueAt
      ? new Date(input.dueAt)
      : defaultDue(now, await effectiveTimeZone(tx, auth.organizationId, assigneeId));
    const [task] = await tx
      .insert(tasks)
      .values({
        id: deps.newId('task'),
        organizationId: auth.organizationId,
        leadId,
        title: input.title ?? null,
        note: input.note || null,
        dueAt,
        assigneeId,
        createdBy: actorOf(auth).id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordEvents(tx, [
      {
        ...leadEvent(auth, leadId, now),
        type: 'task_created',
        data: { taskId: task!.id, ...snapshot(task!) },
      },
    ]);
    return task!.id;
  });
  return getTask(db, auth, id);
}

/** What an event tells of a task. */
function snapshot(t: TaskRow) {
  return { title: t.title, note: t.note, dueAt: t.dueAt.toISOString(), assigneeId: t.assigneeId };
}

type TaskChange = (tx: Tx, task: TaskRow, now: Date) => Promise<void>;

/** Runs one change of a task in one transaction, on the row locked after lockTask's checks. */
async function changeTask(deps: Deps, db: Db, auth: Auth, taskId: string, change: TaskChange) {
  await db.transaction(async (tx) => change(tx, await lockTask(tx, auth, taskId), deps.now()));
  return getTask(db, auth, taskId);
}

/**
 * Edits a task. A new due time or assignee re-arms the reminder (the new due time, or the new assignee,
 * has not been reminded yet). The event keeps before and after of what changed.
 */
export function updateTask(deps: Deps, db: Db, auth: Auth, taskId: string, input: UpdateTask) {
  return changeTask(deps, db, auth, taskId, async (tx, task, now) => {
    if (input.assigneeId !== undefined && input.assigneeId !== task.assigneeId)
      await assertTaskAssignee(tx, auth.organizationId, input.assigneeId);
    const next = {
      title: input.title === undefined ? task.title : input.title,
      note: input.note === undefined ? task.note : input.note || null,
      dueAt: input.dueAt === undefined ? task.dueAt : new Date(input.dueAt),
      assigneeId: input.assigneeId ?? task.assigneeId,
    };
    const before = snapshot(task);
    const after = snapshot({ ...task, ...next });
    const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return;
    const rearm = changed.includes('dueAt') || changed.includes('assigneeId');
    await tx
      .update(tasks)
      .set({ ...next, updatedAt: now, ...(rearm && { remindedAt: null }) })
      .where(eq(tasks.id, task.id));
    await recordEvents(tx, [
      {
        ...leadEvent(auth, task.leadId, now),
        type: 'task_updated',
        data: {
          taskId: task.id,
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        },
      },
    ]);
  });
}

/** Marks a task done, or open again; doing what is already so changes nothing and records nothing. */
export function setTaskDone(deps: Deps, db: Db, auth: Auth, taskId: string, done: boolean) {
  return changeTask(deps, db, auth, taskId, async (tx, task, now) => {
    if ((task.doneAt !== null) === done) return;
    await tx
      .update(tasks)
      .set(
        done
          ? { doneAt: now, doneBy: actorOf(auth).id, updatedAt: now }
          : { doneAt: null, doneBy: null, updatedAt: now },
      )
      .where(eq(tasks.id, task.id));
    await recordEvents(tx, [
      {
        ...leadEvent(auth, task.leadId, now),
        type: done ? 'task_done' : 'task_reopened',
        data: { taskId: task.id, title: task.title },
      },
    ]);
  });
}

/** Moves a task's due time (a preset in the assignee's time zone, or a chosen time) and re-arms its reminder. */
export function snoozeTask(deps: Deps, db: Db, auth: Auth, taskId: string, input: SnoozeTask) {
  return changeTask(deps, db, auth, taskId, async (tx, task, now) => {
    const zone = await effectiveTimeZone(tx, auth.organizationId, task.assigneeId ?? auth.userId);
    const dueAt = input.dueAt ? new Date(input.dueAt) : snoozedDue(input.preset!, now, zone);
    await tx.update(tasks).set({ dueAt, remindedAt: null, updatedAt: now }).where(eq(tasks.id, task.id));
    await recordEvents(tx, [
      {
        ...leadEvent(auth, task.leadId, now),
        type: 'task_snoozed',
        data: {
          taskId: task.id,
          title: task.title,
          preset: input.preset ?? null,
          from: task.dueAt.toISOString(),
          to: dueAt.toISOString(),
        },
      },
    ]);
  });
}

/** Deletes a task; its `task_deleted` event keeps what it was. */
export async function deleteTask(deps: Deps, db: Db, auth: Auth, taskId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const task = await lockTask(tx, auth, taskId);
    const now = deps.now();
    await tx.delete(tasks).where(eq(tasks.id, task.id));
    await recordEvents(tx, [
      {
        ...leadEvent(auth, task.leadId, now),
        type: 'task_deleted',
        data: { taskId: task.id, ...snapshot(task), done: task.doneAt !== null },
      },
    ]);
  });
}

/**
 * Closes a lead's open tasks inside the caller's transaction (marking it LOST, converting it): one
 * `task_done` event each, saying why. Returns how many were closed.
 */
export function closeOpenTasks(
  tx: Tx,
  auth: Auth,
  leadId: string,
  now: Date,
  reason: 'lost' | 'converted',
): Promise<number> {
  return closeOpenTasksOf(tx, auth, [leadId], now, reason);
}

/** The same for several leads at once (a bulk LOST), in one statement. */
export async function closeOpenTasksOf(
  tx: Tx,
  auth: Auth,
  leadIds: readonly string[],
  now: Date,
  reason: 'lost' | 'converted',
): Promise<number> {
  if (leadIds.length === 0) return 0;
  const closed = await tx
    .update(tasks)
    .set({ doneAt: now, doneBy: actorOf(auth).id, updatedAt: now })
    .where(and(inOrg(tasks, auth.organizationId, inArray(tasks.leadId, [...leadIds])), isNull(tasks.doneAt)))
    .returning({ id: tasks.id, leadId: tasks.leadId, title: tasks.title });
  await recordEvents(
    tx,
    closed.map((t) => ({
      ...leadEvent(auth, t.leadId, now),
      type: 'task_done',
      data: { taskId: t.id, title: t.title, reason },
    })),
  );
  return closed.length;
}
