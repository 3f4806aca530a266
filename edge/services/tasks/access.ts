import { and, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { leads, memberships, organizations, tasks, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor, Tx } from '../../../db/types';
import type { Task } from '../../contract/tasks';
import { AppError } from '../../core/errors';
import { canEditTask, canTakeLeads } from '../../core/permissions';
import type { Auth } from '../../deps';
import { leadName } from '../audit/notices';

export type TaskRow = typeof tasks.$inferSelect;
type LeadBits = {
  firstName: string | null;
  lastName: string;
  company: string | null;
  assignedTo: string | null;
};

/** The person's own time zone, else their organization's: where their "today" and "9:00" are. */
export async function effectiveTimeZone(db: Executor, organizationId: string, userId: string | null) {
  const [row] = await db
    .select({ zone: sql<string>`coalesce(${users.timezone}, ${organizations.timezone})` })
    .from(organizations)
    .leftJoin(users, eq(users.id, userId ?? ''))
    .where(eq(organizations.id, organizationId));
  return row?.zone ?? 'UTC';
}

/** A task's assignee is an active member of the organization who can work leads (not a viewer). */
export async function assertTaskAssignee(tx: Tx, organizationId: string, userId: string): Promise<void> {
  const [member] = await tx
    .select({ role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (member && member.status === 'active' && canTakeLeads(member.role)) return;
  const detail = member ? 'This person cannot be given tasks' : 'Not a member of this organization';
  throw new AppError('validation-failed', {
    detail,
    errors: [{ pointer: '/assigneeId', detail, code: 'invalid_assignee' }],
  });
}

/**
 * The task, locked, with its lead's owner, when it is the caller organization's and its lead is live
 * (`not-found` otherwise), and the caller may work it (`forbidden` otherwise).
 */
export async function lockTask(tx: Tx, auth: Auth, taskId: string): Promise<TaskRow> {
  const [row] = await tx
    .select({ task: tasks, assignedTo: leads.assignedTo })
    .from(tasks)
    .innerJoin(leads, eq(leads.id, tasks.leadId))
    .where(inOrg(tasks, auth.organizationId, eq(tasks.id, taskId), sql`${leads.deletedAt} is null`))
    .for('update', { of: tasks });
  if (!row) throw new AppError('not-found', { detail: `No task ${taskId}.` });
  if (!canEditTask({ role: auth.role, userId: auth.userId }, row.task, { assignedTo: row.assignedTo }))
    throw new AppError('forbidden', {
      detail:
        auth.role === 'viewer'
          ? 'Viewers cannot change tasks.'
          : 'Members change tasks on their own leads and tasks assigned to them.',
    });
  return row.task;
}

const assignee = alias(users, 'assignee');

/** Tasks with their lead and assignee as the API shows them, filtered by `where` (organization included). */
export function selectTasks(db: Executor, where: SQL) {
  return db
    .select({
      task: tasks,
      lead: {
        firstName: leads.firstName,
        lastName: leads.lastName,
        company: leads.company,
        assignedTo: leads.assignedTo,
      },
      assigneeName: assignee.name,
    })
    .from(tasks)
    .innerJoin(leads, eq(leads.id, tasks.leadId))
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .where(and(where, sql`${leads.deletedAt} is null`));
}

/** One row of `selectTasks` on the wire, with whether the caller may change it. */
export function toTask(
  auth: Auth,
  row: { task: TaskRow; lead: LeadBits; assigneeName: string | null },
): Task {
  const { task, lead } = row;
  return {
    id: task.id,
    lead: { id: task.leadId, name: leadName(lead), company: lead.company },
    title: task.title,
    note: task.note,
    dueAt: task.dueAt.toISOString(),
    assignee: task.assigneeId ? { id: task.assigneeId, name: row.assigneeName ?? '' } : null,
    done: task.doneAt !== null,
    doneAt: task.doneAt?.toISOString() ?? null,
    createdAt: task.createdAt.toISOString(),
    canEdit: canEditTask({ role: auth.role, userId: auth.userId }, task, lead),
  };
}

/** One task as the API shows it (after a change). */
export async function getTask(db: Executor, auth: Auth, taskId: string): Promise<Task> {
  const [row] = await selectTasks(db, inOrg(tasks, auth.organizationId, eq(tasks.id, taskId)));
  if (!row) throw new AppError('not-found', { detail: `No task ${taskId}.` });
  return toTask(auth, row);
}
