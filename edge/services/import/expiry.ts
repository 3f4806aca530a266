import { sql } from 'drizzle-orm';
import { importJobs, importRows } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { eventsFrom, jsonObject, SYSTEM_ACTOR_SQL } from '../audit/events';
import { EDITABLE } from './jobs';

/** Jobs whose rows go per run (up to 50,000 rows each); a backlog drains over the following hours. */
const BATCH = 20;

/** How long after its end a job keeps its staged rows: run hourly, so no row outlives the day. */
export const ENDED_KEEP_HOURS = 23;

/** How long a job left before its commit (staged, previewed, waiting for a mapping) keeps its rows. */
export const ABANDONED_KEEP_DAYS = 7;

const ENDED = ['completed', 'cancelled', 'failed'];
const UNFINISHED = ['uploaded', 'staging', ...EDITABLE];

/**
 * Deletes the staged rows (the file's cells, the staged leads) of import jobs that ended (completed,
 * cancelled, failed) more than ENDED_KEEP_HOURS before `now`, and of jobs left unfinished for
 * ABANDONED_KEEP_DAYS, which are cancelled. The job itself stays (its counts, its history); its preview
 * and error report are empty from then on. Each job leaves an `import.expired` audit event with the
 * number of rows, in the same statement. A second run finds nothing left to do. Returns the rows deleted.
 */
export async function expireImportRows(db: Db, now: Date): Promise<number> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const j = importJobs;
  const list = (values: string[]) =>
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
  const result = (await db.execute(sql`
    with due as (
      select ${j.id} as id, ${j.organizationId} as organization_id, ${j.status} as status,
        ${j.status} in (${list(ENDED)}) as ended
      from ${j}
      where ((${j.status} in (${list(ENDED)})
          and ${j.updatedAt} < ${at} - make_interval(hours => ${ENDED_KEEP_HOURS}))
        or (${j.status} in (${list(UNFINISHED)})
          and ${j.updatedAt} < ${at} - make_interval(days => ${ABANDONED_KEEP_DAYS})))
        and exists (select 1 from ${importRows} r where r.job_id = ${j.id})
      order by ${j.updatedAt} limit ${BATCH}
    ),
    abandoned as (
      update ${j} set status = 'cancelled', updated_at = ${at} from due d
      where ${j.id} = d.id and not d.ended and ${j.status} = d.status
      returning ${j.id} as id
    ),
    expiring as (
      select id, organization_id, ended from due
      where ended or id in (select id from abandoned)
    ),
    gone as (
      delete from ${importRows} r where r.job_id in (select id from expiring) returning r.job_id
    ),
    counted as (
      select x.id, x.organization_id, x.ended, (select count(*)::int from gone g where g.job_id = x.id) as n
      from expiring x
    ),
    tombstones as (${eventsFrom(
      {
        organizationId: sql`c.organization_id`,
        leadId: sql`null`,
        entityType: sql`'import_job'`,
        entityId: sql`c.id`,
        type: 'import.expired',
        ...SYSTEM_ACTOR_SQL,
        data: jsonObject({ rows: sql`c.n`, cancelled: sql`not c.ended` }),
        at,
      },
      sql`counted c`,
    )})
    select count(*)::int as n from gone`)) as unknown as { rows: Array<{ n: number }> };
  return result.rows[0]?.n ?? 0;
}
