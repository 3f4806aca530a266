import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/types';
import type { RescoreInput } from '../../core/rescore';
import type { ScoreInput, ScoreItem } from '../../core/score';

const CHANNELS: ReadonlyArray<ScoreInput['channel']> = ['form', 'webhook', 'api', 'import'];

/** A live lead as rescoring reads it: what it is scored on, and its stored score. */
export type ScoredLead = {
  id: string;
  name: string;
  company: string | null;
  /** Optimistic concurrency: a rescore skips a lead edited since it was read. */
  version: number;
  score: number;
  breakdown: ScoreItem[];
  input: RescoreInput;
};

type Row = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  version: number;
  score: number;
  score_breakdown: ScoreItem[] | null;
  industry: string | null;
  employees: number | null;
  title: string | null;
  country: string | null;
  region: string | null;
  last_activity_at: string | Date;
  open: boolean;
  channel: string | null;
  pages: unknown;
};

/** Which live leads to read: the next `limit` after `after` in id order, or a Bernoulli sample. */
export type LeadSelection = { limit: number; after?: string | null } | { sample: number };

/**
 * Live leads of an organization with what their `created` event recorded (channel, pages viewed), in id
 * order: the next `limit` after `after`, or (`sample`, a fraction in (0, 1]) each lead independently with that
 * probability. Every lead has the same chance, so counts scaled by total / sampled stay unbiased. The
 * sample's ids come first, from an index-only scan without a sort; the rows are then read by those ids
 * (in one query the planner, blind to random()'s selectivity, walks the whole organization instead).
 */
export async function readScoredLeads(
  db: Executor,
  organizationId: string,
  selection: LeadSelection,
): Promise<ScoredLead[]> {
  let which: SQL;
  if ('sample' in selection) {
    const picked = (await db.execute(sql`select s.id from leads s where s.organization_id = ${organizationId}
      and s.deleted_at is null and random() < ${selection.sample}`)) as unknown as {
      rows: Array<{ id: string }>;
    };
    if (picked.rows.length === 0) return [];
    which = sql`l.id = any(${sql.param(picked.rows.map((r) => r.id))}::text[])`;
  } else {
    which = selection.after ? sql`l.id > ${selection.after}` : sql`true`;
  }
  const limit = 'sample' in selection ? sql`` : sql`limit ${selection.limit}`;
  const result = (await db.execute(sql`
    select l.id, l.first_name, l.last_name, l.company, l.version, l.score, l.score_breakdown,
      l.industry, l.employees, l.title, l.country, l.region, l.last_activity_at,
      (l.converted_at is null and l.status <> 'LOST') as open, ev.channel, ev.pages
    from leads l
    left join lateral (
      select e.data ->> 'channel' as channel, e.data -> 'signals' -> 'pagesViewed' as pages from lead_events e
      where e.organization_id = l.organization_id and e.lead_id = l.id and e.type = 'created'
      order by e.created_at limit 1) ev on true
    where l.organization_id = ${organizationId} and l.deleted_at is null and ${which}
    order by l.id ${limit}`)) as unknown as { rows: Row[] };
  return result.rows.map(toScoredLead);
}

function toScoredLead(r: Row): ScoredLead {
  return {
    id: r.id,
    name: [r.first_name, r.last_name].filter(Boolean).join(' '),
    company: r.company,
    version: r.version,
    score: r.score,
    breakdown: Array.isArray(r.score_breakdown) ? r.score_breakdown : [],
    input: {
      industry: r.industry,
      employees: r.employees,
      title: r.title,
      country: r.country,
      region: r.region,
      channel: CHANNELS.find((c) => c === r.channel) ?? 'api',
      pagesViewed: Array.isArray(r.pages) ? r.pages.filter((p): p is string => typeof p === 'string') : [],
      open: r.open,
      lastActivityAt: new Date(r.last_activity_at),
    },
  };
}
