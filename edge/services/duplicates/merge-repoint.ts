import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/types';

/** The kinds of rows a merge moves to the master, as reported and journaled. */
export const REPOINTED_KINDS = ['notes', 'documents', 'events', 'opportunities', 'notifications'] as const;
export type RepointedKind = (typeof REPOINTED_KINDS)[number];

type Ctx = { org: string; master: string; ids: string[] };

/** A JSON array as a Postgres text[]: drizzle would expand a JS array into a parameter list. */
function textArray(values: string[]): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** A table whose rows belong to a lead through `lead_id` alone: they move by setting it to the master. */
function byLeadId(table: 'notes' | 'opportunities') {
  const name = sql.raw(table);
  return {
    rows: (c: Ctx) => sql`select id, lead_id as old from ${name} where organization_id = ${c.org}
      and lead_id = any(${textArray(c.ids)})`,
    move: (c: Ctx, rows: SQL) => sql`update ${name} t set lead_id = ${c.master} from (${rows}) o
      where t.id = o.id returning t.id, o.old`,
  };
}

/**
 * Per kind: the rows of the merged leads (selected, so dry runs count exactly what a merge moves), and
 * the statement that moves them, returning [row id, lead id before] for the undo journal. A document
 * already linked to the master keeps that link and not a second one (the link is unique).
 */
const KINDS: Record<RepointedKind, { rows: (c: Ctx) => SQL; move: (c: Ctx, rows: SQL) => SQL }> = {
  notes: byLeadId('notes'),
  events: {
    rows: (c) => sql`select id::text as id, lead_id as old from lead_events where organization_id = ${c.org}
      and lead_id = any(${textArray(c.ids)})`,
    move: (c, rows) => sql`update lead_events t set lead_id = ${c.master},
      entity_id = case when t.entity_type = 'lead' and t.entity_id = o.old then ${c.master} else t.entity_id end
      from (${rows}) o where t.id = o.id::bigint returning o.id, o.old`,
  },
  opportunities: byLeadId('opportunities'),
  notifications: {
    rows: (c) => sql`select id, data->>'leadId' as old from notifications where organization_id = ${c.org}
      and data->>'leadId' = any(${textArray(c.ids)})`,
    move: (
      c,
      rows,
    ) => sql`update notifications t set data = jsonb_set(t.data, '{leadId}', to_jsonb(${c.master}::text)),
      link = case when t.link = '/app/leads/' || o.old then '/app/leads/' || ${c.master} else t.link end
      from (${rows}) o where t.id = o.id returning t.id, o.old`,
  },
  documents: {
    rows: (c) => sql`select distinct on (document_id) document_id as id, entity_id as old from document_links
      where organization_id = ${c.org} and entity_type = 'lead' and entity_id = any(${textArray(c.ids)})
      and document_id not in (select document_id from document_links where organization_id = ${c.org}
        and entity_type = 'lead' and entity_id = ${c.master})
      order by document_id, entity_id`,
    move: (c, rows) => sql`update document_links t set entity_id = ${c.master} from (${rows}) o
      where t.document_id = o.id and t.entity_type = 'lead' and t.entity_id = o.old returning o.id, o.old`,
  },
};

type Pair = { id: string; old: string };

async function pairs(db: Executor, query: SQL): Promise<Array<[string, string]>> {
  const result = (await db.execute(query)) as unknown as { rows: Pair[] };
  return result.rows.map((r) => [String(r.id), r.old]);
}

/** How many rows of each kind a merge would move (the dry run). */
export async function countRepointable(db: Executor, c: Ctx): Promise<Record<RepointedKind, number>> {
  const out = {} as Record<RepointedKind, number>;
  for (const kind of REPOINTED_KINDS) {
    const result = (await db.execute(
      sql`select count(*)::int as n from (${KINDS[kind].rows(c)}) r`,
    )) as unknown as {
      rows: Array<{ n: number }>;
    };
    out[kind] = result.rows[0]?.n ?? 0;
  }
  return out;
}

/** Moves every kind to the master; returns the journal of what moved. */
export async function repointAll(
  db: Executor,
  c: Ctx,
): Promise<Record<RepointedKind, Array<[string, string]>>> {
  const out = {} as Record<RepointedKind, Array<[string, string]>>;
  for (const kind of REPOINTED_KINDS) out[kind] = await pairs(db, KINDS[kind].move(c, KINDS[kind].rows(c)));
  return out;
}

/** Statements putting journaled rows back on the lead they came from (undo). */
const RESTORE: Record<RepointedKind, (org: string, master: string, u: SQL) => SQL> = {
  notes: (org, _m, u) =>
    sql`update notes t set lead_id = u.old from ${u} where t.id = u.id and t.organization_id = ${org}`,
  events: (org, m, u) => sql`update lead_events t set lead_id = u.old,
    entity_id = case when t.entity_type = 'lead' and t.entity_id = ${m} then u.old else t.entity_id end
    from ${u} where t.id = u.id::bigint and t.organization_id = ${org}`,
  opportunities: (org, _m, u) =>
    sql`update opportunities t set lead_id = u.old from ${u} where t.id = u.id and t.organization_id = ${org}`,
  notifications: (
    org,
    m,
    u,
  ) => sql`update notifications t set data = jsonb_set(t.data, '{leadId}', to_jsonb(u.old)),
    link = case when t.link = '/app/leads/' || ${m} then '/app/leads/' || u.old else t.link end
    from ${u} where t.id = u.id and t.organization_id = ${org}`,
  documents: (org, m, u) => sql`update document_links t set entity_id = u.old from ${u}
    where t.document_id = u.id and t.entity_type = 'lead' and t.entity_id = ${m} and t.organization_id = ${org}`,
};

/** Puts every journaled row back (rows deleted since are simply not found). */
export async function restoreAll(
  db: Executor,
  org: string,
  master: string,
  journal: Record<string, Array<[string, string]>>,
): Promise<void> {
  for (const kind of REPOINTED_KINDS) {
    const rows = journal[kind] ?? [];
    if (rows.length === 0) continue;
    const json = JSON.stringify(rows.map(([id, old]) => ({ id, old })));
    const u = sql`jsonb_to_recordset(${json}::jsonb) as u(id text, old text)`;
    await db.execute(RESTORE[kind](org, master, u));
  }
}
