import { sql } from 'drizzle-orm';
import { formRefusedOrigins as t } from '../../../db/schema';
import type { Executor } from '../../../db/types';
import { normalizeEmbedOrigin } from '../../core/form-settings';
import type { Deps } from '../../deps';

/** How many refused origins a form keeps: the most recently seen ones. */
export const REFUSED_ORIGINS_KEPT = 20;

type Refusal = { organizationId: string; formId: string; origin: string; at: Date; count: number };

/**
 * Remembers, after the response, that a form refused `origin` — only an origin an admin could allow as it
 * stands (`https://host[:port]`, or http on localhost), never `null`, a path or anything about the visitor.
 * Cheap under a flood: per process, one write per origin and minute and at most 30 writes per form and
 * minute (`caches.refusedOrigins`), the occurrences in between added to the next write.
 */
export function rememberRefusedOriginLater(
  defer: (task: Promise<unknown>) => void,
  deps: Pick<Deps, 'now' | 'caches'>,
  db: Executor,
  form: { id: string; organizationId: string },
  origin: string,
): void {
  if (origin === '*' || normalizeEmbedOrigin(origin) !== origin) return;
  const at = deps.now();
  const count = deps.caches.refusedOrigins.hit(form.id, origin, at.getTime());
  if (count > 0)
    defer(
      recordRefusedOrigin(db, { organizationId: form.organizationId, formId: form.id, origin, at, count }),
    );
}

/**
 * One statement: adds the refusals to the origin's row (or inserts it), and drops the form's rows beyond
 * the most recent `REFUSED_ORIGINS_KEPT` (the origin just seen is always kept). Two writers at once may
 * each keep their own row, so the table can briefly hold a row or two more; readers take the newest 20.
 */
export async function recordRefusedOrigin(db: Executor, r: Refusal): Promise<void> {
  const at = r.at.toISOString();
  await db.execute(sql`
    with seen as (
      insert into ${t} (organization_id, form_id, origin, first_seen_at, last_seen_at, count)
      values (${r.organizationId}, ${r.formId}, ${r.origin}, ${at}::timestamptz, ${at}::timestamptz, ${r.count})
      on conflict (form_id, origin) do update set
        last_seen_at = greatest(${t.lastSeenAt}, excluded.last_seen_at),
        count = least(${t.count}::bigint + excluded.count, 2147483647)::int
      returning 1
    )
    delete from ${t}
    where ${t.formId} = ${r.formId}
      and ${t.origin} in (
        select o.origin from ${t} o
        where o.form_id = ${r.formId} and o.origin <> ${r.origin}
        order by o.last_seen_at desc, o.origin
        offset ${REFUSED_ORIGINS_KEPT - 1}
      )`);
}
