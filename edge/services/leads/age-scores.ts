import { sql } from 'drizzle-orm';
import { leads, scoringRules } from '../../../db/schema';
import type { Executor } from '../../../db/types';
import { DEFAULT_SCORING_RULES } from '../../core/score';
import { eventsFrom, jsonObject, SYSTEM_ACTOR_SQL } from '../audit/events';

const WEEK_SECONDS = 7 * 24 * 3600;

/**
 * Score aging for every organization, in ONE statement: the scoring model's `aging.pointsPerWeek` (the
 * version in force) per full week since the lead's last activity, never below 0, on open leads (not lost, not converted). The aging is recomputed from
 * `last_activity_at` and `now` and stored as the breakdown's single `aging` item, REPLACED each run, so a
 * second run in the same week changes nothing, and activity (which moves last_activity_at) gives the
 * points back on the next run. The lead's base score is its score minus its previous aging, so leads
 * whose breakdown does not add up (imports, seeds) keep their base. Every changed score gets a
 * `score_aged` event. Returns how many leads changed. `applyAging` in core is the same rule for rescores;
 * test/api/scoring-aging.test.ts runs both on the same leads.
 */
export async function ageScores(db: Executor, now: Date): Promise<number> {
  const at = now.toISOString();
  const weekAgo = new Date(now.getTime() - WEEK_SECONDS * 1000).toISOString();
  const result = (await db.execute(sql`
    with rates as (
      select distinct on (organization_id) organization_id,
        case when jsonb_typeof(rules->'aging'->'pointsPerWeek') = 'number'
          then greatest(0, round((rules->'aging'->>'pointsPerWeek')::numeric))::int end as per_week
      from ${scoringRules} order by organization_id, version desc
    ),
    candidates as (
      select l.id, l.organization_id, l.score, l.score_breakdown,
        greatest(0, floor(extract(epoch from (${at}::timestamptz - l.last_activity_at)) / ${WEEK_SECONDS}))::int as weeks,
        coalesce((select sum((e->>'points')::int) from jsonb_array_elements(l.score_breakdown) e
                  where e->>'rule' = 'aging'), 0)::int as old_aging,
        coalesce((select jsonb_agg(e order by i) from jsonb_array_elements(l.score_breakdown) with ordinality x(e, i)
                  where e->>'rule' is distinct from 'aging'), '[]'::jsonb) as base_items
      from ${leads} l
      where l.deleted_at is null and l.converted_at is null and l.status <> 'LOST'
        and (l.last_activity_at <= ${weekAgo}::timestamptz or l.score_breakdown @> '[{"rule":"aging"}]'::jsonb)
    ),
    planned as (
      select c.*, least(coalesce(r.per_week, ${DEFAULT_SCORING_RULES.aging.pointsPerWeek}) * weeks,
        greatest(0, score - old_aging)) as penalty
      from candidates c left join rates r on r.organization_id = c.organization_id
    ),
    final as (
      select id, organization_id, score as before, weeks,
        least(100, greatest(0, score - old_aging - penalty)) as after,
        case when penalty > 0 then base_items || jsonb_build_array(jsonb_build_object(
          'rule', 'aging', 'points', -penalty, 'detail', weeks || ' week(s) without activity'))
        else base_items end as breakdown
      from planned
    ),
    changed as (
      update ${leads} set score = f.after, score_breakdown = f.breakdown, version = ${leads}.version + 1
      from final f
      where ${leads}.id = f.id and ${leads}.organization_id = f.organization_id
        and (${leads}.score <> f.after or ${leads}.score_breakdown <> f.breakdown)
      returning f.id, f.organization_id, f.before, f.after, f.weeks
    ),
    events as (${eventsFrom(
      {
        organizationId: sql`organization_id`,
        leadId: sql`id`,
        type: 'score_aged',
        ...SYSTEM_ACTOR_SQL,
        data: jsonObject({ before: sql`before`, after: sql`after`, weeks: sql`weeks` }),
        at: sql`${at}::timestamptz`,
      },
      sql`changed`,
      sql`before <> after`,
    )}
      returning 1
    )
    select (select count(*)::int from changed) as changed, (select count(*)::int from events) as events`)) as unknown as {
    rows: Array<{ changed: number }>;
  };
  return result.rows[0]?.changed ?? 0;
}
