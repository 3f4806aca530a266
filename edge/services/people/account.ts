import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Account, UpdateAccount } from '../../contract/people';
import { AppError } from '../../core/errors';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from '../audit/events';

const COLUMNS = {
  id: users.id,
  email: users.email,
  name: users.name,
  language: users.locale,
  timezone: users.timezone,
  notifyNewLeads: users.notifyNewLeads,
  taskReminderEmail: users.taskReminderEmail,
};
const CHANGEABLE = ['name', 'language', 'timezone', 'notifyNewLeads', 'taskReminderEmail'] as const;

/** The signed-in person's own account. */
export async function getAccount(db: Db, auth: Auth): Promise<Account> {
  if (auth.via !== 'session' || !auth.userId)
    throw new AppError('forbidden', { detail: 'Only a signed-in person has an account.' });
  const [row] = await db.select(COLUMNS).from(users).where(eq(users.id, auth.userId));
  if (!row) throw new AppError('not-found');
  return row;
}

/**
 * Changes the signed-in person's name, language, time zone, new-lead notices or task-reminder email (audited
 * with before/after of what changed).
 */
export async function updateAccount(
  deps: Pick<Deps, 'now'>,
  db: Db,
  auth: Auth,
  change: UpdateAccount,
): Promise<Account> {
  if (auth.via !== 'session' || !auth.userId)
    throw new AppError('forbidden', { detail: 'Only a signed-in person has an account to change.' });
  const userId = auth.userId;
  return db.transaction(async (tx) => {
    const [before] = await tx.select(COLUMNS).from(users).where(eq(users.id, userId)).for('update');
    if (!before) throw new AppError('not-found');
    const set = {
      ...(change.name !== undefined && { name: change.name }),
      ...(change.language !== undefined && { locale: change.language }),
      ...(change.timezone !== undefined && { timezone: change.timezone }),
      ...(change.notifyNewLeads !== undefined && { notifyNewLeads: change.notifyNewLeads }),
      ...(change.taskReminderEmail !== undefined && { taskReminderEmail: change.taskReminderEmail }),
    };
    if (Object.keys(set).length === 0) return before;
    const [after] = await tx.update(users).set(set).where(eq(users.id, userId)).returning(COLUMNS);
    const changed = CHANGEABLE.filter((k) => before[k] !== after![k]);
    if (changed.length)
      await recordEvents(tx, [
        {
          organizationId: auth.organizationId,
          entityType: 'user',
          entityId: userId,
          type: 'account.updated',
          actor: { type: 'user', id: userId },
          at: deps.now(),
          data: {
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, after![k]])),
          },
        },
      ]);
    return after!;
  });
}
