import { leads } from '../../db/schema';
import type { Role } from '../../edge/contract/session';
import { normalizeLead, type RawLead } from '../../edge/core/lead-input';
import { leadRow } from '../../edge/services/leads/rows';
import { createTestOrg, signIn, type TestApi, type TestOrg } from './api';

export const ROLES: Role[] = ['viewer', 'member', 'admin', 'owner'];

export type Session = { role: Role; userId: string; headers: Record<string, string> };

/** A fresh organization and a signed-in session per role. */
export async function orgWithSessions(t: TestApi) {
  const org = await createTestOrg(t);
  const signedIn = await Promise.all(
    ROLES.map(async (role): Promise<Session> => {
      const s = await signIn(t, org.users[role].email);
      return { role, userId: org.users[role].id, headers: s.headers };
    }),
  );
  const sessions = Object.fromEntries(signedIn.map((s) => [s.role, s])) as Record<Role, Session>;
  return { org, sessions };
}

export type Seed = Partial<RawLead> & { lastName: string };

/**
 * Stores a lead exactly as ingestion would (normalized, PII sealed, search text and match keys computed)
 * with any stored column overridden: the fastest way to arrange many leads with chosen scores and dates.
 */
export async function seedLead(
  t: TestApi,
  org: TestOrg,
  raw: Seed,
  columns: Partial<typeof leads.$inferInsert> = {},
): Promise<string> {
  const at = columns.createdAt ?? new Date();
  const row = await leadRow(t.deps, org.organizationId, normalizeLead(raw, 'CZ'), at);
  await t.db.insert(leads).values({ ...row, ...columns });
  return row.id!;
}

/** Sends a request as a session (or anonymously), JSON body when given. */
export function call(
  t: TestApi,
  session: Session | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return t.app.request(path, {
    method,
    headers: {
      ...(session?.headers ?? {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The body of a response, typed loosely for assertions. */
export async function bodyOf<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export type StoredEvent = {
  type: string;
  actor_type: string;
  actor_id: string | null;
  data: Record<string, unknown>;
};

/** The audit events of a lead, oldest first. */
export function eventsOf(t: TestApi, leadId: string): Promise<StoredEvent[]> {
  return t.sql<StoredEvent>(
    'select type, actor_type, actor_id, data from lead_events where lead_id = $1 order by created_at, id',
    [leadId],
  );
}

/**
 * Copies a stored lead `times` times with new ids, everything else the same: many leads, quickly (past a
 * count limit, or a walk's bound). `spreadScores` gives the copies scores spread over 0–100 instead.
 */
export async function copyLead(
  t: TestApi,
  leadId: string,
  times: number,
  { spreadScores = false } = {},
): Promise<void> {
  const columns = (
    await t.sql<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'leads' and column_name <> 'id'`,
    )
  ).map((c) => `"${c.column_name}"`);
  const value = (c: string) => (spreadScores && c === '"score"' ? '(g * 37) % 101' : `l.${c}`);
  await t.sql(
    `insert into leads (id, ${columns.join(', ')})
     select $1 || g, ${columns.map(value).join(', ')} from leads l, generate_series(1, $2::int) g
     where l.id = $3`,
    [`${leadId}_copy_`, times, leadId],
  );
}
