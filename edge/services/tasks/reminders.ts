import { sql } from 'drizzle-orm';
import { leads, memberships, tasks, users } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Deps } from '../../deps';
import { LEAD_PATH, leadName, type Notice, recordNotices } from '../audit/notices';

/** Tasks reminded per statement; a backlog takes a few statements of one run. */
const BATCH = 500;
const MAX_BATCHES = 20;

type Due = {
  id: string;
  organization_id: string;
  lead_id: string;
  title: string | null;
  due_at: string | Date;
  assignee_id: string;
  first_name: string | null;
  last_name: string;
  company: string | null;
  email: boolean;
};

/**
 * Reminds the assignees of open tasks that fell due by `now`: one `task.due` notification each, and an
 * email for those who asked for one (`users.task_reminder_email`). A reminder is claimed by setting
 * `reminded_at` in the same statement that picks the task (rows locked, locked ones skipped), in the
 * transaction that writes the notice: two concurrent runs never remind twice, and a failed run claims
 * nothing. Snoozing or moving the due time clears `reminded_at`, which arms the next reminder. Tasks of
 * deleted leads, without an assignee or of someone no longer active are claimed and not told. Returns how
 * many people were reminded.
 */
export async function sendTaskReminders(deps: Pick<Deps, 'newId'>, db: Db, now: Date): Promise<number> {
  let reminded = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const { claimed, told } = await db.transaction(async (tx) => {
      const result = (await tx.execute(claimQuery(now))) as unknown as {
        rows: Array<Due & { told: boolean }>;
      };
      const due = result.rows.filter((r) => r.told);
      await recordNotices(
        deps,
        tx,
        due.map((r) => reminderNotice(r, now)),
      );
      return { claimed: result.rows.length, told: due.length };
    });
    reminded += told;
    if (claimed < BATCH) break;
  }
  return reminded;
}

function claimQuery(now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`
    with due as (
      select id from ${tasks}
      where ${tasks.doneAt} is null and ${tasks.remindedAt} is null and ${tasks.dueAt} <= ${at}
      order by ${tasks.dueAt} limit ${BATCH}
      for update skip locked
    ),
    claimed as (
      update ${tasks} t set reminded_at = ${at} from due where t.id = due.id
      returning t.id, t.organization_id, t.lead_id, t.title, t.due_at, t.assignee_id
    )
    select c.*, l.first_name, l.last_name, l.company, coalesce(u.task_reminder_email, false) as email,
      (l.deleted_at is null and m.status = 'active') is true as told
    from claimed c
      join ${leads} l on l.id = c.lead_id
      left join ${memberships} m on m.organization_id = c.organization_id and m.user_id = c.assignee_id
      left join ${users} u on u.id = c.assignee_id`;
}

function reminderNotice(r: Due, now: Date): Notice {
  const link = `${LEAD_PATH}${r.lead_id}`;
  const dueAt = new Date(r.due_at).toISOString();
  return {
    organizationId: r.organization_id,
    userId: r.assignee_id,
    type: 'task.due',
    data: {
      taskId: r.id,
      leadId: r.lead_id,
      title: r.title,
      name: leadName({ firstName: r.first_name, lastName: r.last_name }),
      company: r.company,
      dueAt,
    },
    link,
    email: r.email
      ? { template: 'task-due', data: { taskId: r.id, leadId: r.lead_id, title: r.title, dueAt, link } }
      : null,
    at: now,
  };
}
