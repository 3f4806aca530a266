import { and, eq, or, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { abortSql } from '../../../db/errors';
import { runCompiled, StatementCache } from '../../../db/prepared';
import { idempotencyKeys, leads } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import type { Actor } from '../../core/actor';
import type { DedupeRuleId } from '../../core/dedupe';
import { newCustomAttributes, planFill } from '../../core/fill-plan';
import { PROFILE_FIELDS } from '../../core/lead-fields';
import type { NormalizedLead } from '../../core/lead-input';
import type { ScoreResult } from '../../core/score';
import { buildSearchText } from '../../core/text';
import { eventsFrom } from '../audit/events';
import type { leadRow } from '../leads/rows';
import type { IdempotencyClaim } from './idempotency';

type StoredRow = Awaited<ReturnType<typeof leadRow>>;

const FILLABLE = ['firstName', 'title', 'company', 'companyKey', ...PROFILE_FIELDS] as const;

/** What a fill reads of the known lead: what it may fill, compare, extend or keep, and its version. */
const READ = [
  'id',
  'version',
  'lastName',
  ...FILLABLE,
  'emailIndex',
  'phoneIndex',
  'custom',
  'score',
] as const satisfies ReadonlyArray<keyof typeof leads.$inferSelect>;

type KnownLead = Pick<typeof leads.$inferSelect, (typeof READ)[number]>;

/** The known-lead reads: by shape (email, phone, both) and with or without the row lock. */
const reads = new StatementCache('lg_known_lead', 6);

function readStatement(shape: 'email' | 'phone' | 'both', lock: boolean) {
  return reads.get(`${shape}|${lock}`, () => {
    const byEmail = eq(leads.emailIndex, sql.placeholder('email'));
    const byPhone = and(eq(leads.phoneIndex, sql.placeholder('phone')), eq(leads.phoneValid, true));
    const columns = sql.raw(READ.map((k) => `${toSnakeCase(k)} as "${k}"`).join(', '));
    const where = inOrg(
      leads,
      sql.placeholder('org'),
      sql`${leads.deletedAt} is null`,
      shape === 'both' ? or(byEmail, byPhone) : shape === 'email' ? byEmail : byPhone,
    );
    const order =
      shape === 'both' ? sql`order by (${leads.emailIndex} = ${sql.placeholder('email')}) desc` : sql``;
    return sql`select ${columns} from ${leads} where ${where} ${order} limit 1${lock ? sql` for update` : sql``}`;
  });
}

/**
 * The lead a unique index matched (email first, then a valid phone), locked for the update when `lock`.
 * A compiled, named statement per shape: Postgres parses and plans it once per connection (planning this
 * select on a table with the leads' fifteen indexes cost ~0.45 ms of its CPU per fill), and this process
 * builds it once (building it with drizzle on every fill was ~7 % of the Node server's CPU in the ingest
 * benchmark).
 */
async function findKnownLead(
  db: Executor,
  organizationId: string,
  row: StoredRow,
  lock: boolean,
): Promise<KnownLead> {
  const email = row.emailIndex ?? null;
  const phone = row.phoneIndex && row.phoneValid ? row.phoneIndex : null;
  const shape = email && phone ? 'both' : email ? 'email' : 'phone';
  const [known] = await runCompiled<KnownLead>(db, readStatement(shape, lock), {
    org: organizationId,
    email,
    phone,
  });
  if (!known) throw new KnownLeadGone();
  return known;
}

/** Email and phone: filled when the known lead has none; a different one is a conflict, told as ciphertext. */
function planContactFill(known: KnownLead, row: StoredRow) {
  const patch: Partial<KnownLead> = {};
  const filled: string[] = [];
  const conflicts: Array<{ field: string; submitted: string | null | undefined }> = [];
  if (row.emailIndex && known.emailIndex == null) {
    Object.assign(patch, { emailCiphertext: row.emailCiphertext, emailIndex: row.emailIndex });
    filled.push('email');
  } else if (row.emailIndex && known.emailIndex !== row.emailIndex)
    conflicts.push({ field: 'email', submitted: row.emailCiphertext });
  if (row.phoneIndex && known.phoneIndex == null) {
    Object.assign(patch, {
      phoneCiphertext: row.phoneCiphertext,
      phoneIndex: row.phoneIndex,
      phoneValid: row.phoneValid,
    });
    filled.push('phone');
  } else if (row.phoneIndex && known.phoneIndex !== row.phoneIndex)
    conflicts.push({ field: 'phone', submitted: row.phoneCiphertext });
  return { patch, filled, conflicts };
}

export type FillInput = {
  organizationId: string;
  actor: Actor;
  lead: NormalizedLead;
  row: StoredRow;
  scored: ScoreResult;
  context: Record<string, unknown>;
  now: Date;
};

/**
 * The lead a unique index matched is gone by the time the fill reads it (deleted or merged meanwhile):
 * the person is no longer known, so the caller submits again and the insert takes them as new.
 */
export class KnownLeadGone extends Error {
  constructor() {
    super('the known lead is gone; submit again');
  }
}

/** The columns a fill may change; each is set from the known row with the fill's patch laid over it. */
const WRITTEN = [
  ...FILLABLE,
  'emailCiphertext',
  'emailIndex',
  'phoneCiphertext',
  'phoneIndex',
  'phoneValid',
  'custom',
  'score',
  'scoreBreakdown',
  'searchText',
  'lastActivityAt',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof typeof leads.$inferSelect>;

type Patch = Partial<Pick<typeof leads.$inferSelect, (typeof WRITTEN)[number]>>;

const writes = new StatementCache('lg_fill_known', 2);

/**
 * The fill's write, one shape per "with or without a claim to complete", compiled once: the update (the
 * patch is laid over the row by jsonb_populate_record, so which columns it fills changes nothing in the
 * text), the `resubmitted` event, the claim's completion, and the `leadMoved` abort that undoes all of it
 * when the version moved.
 */
function writeStatement(withClaim: boolean) {
  return writes.get(String(withClaim), () => {
    const p = (name: string) => sql.placeholder(name);
    const columns = WRITTEN.map(toSnakeCase);
    const update = sql`update ${leads} set (${sql.raw(columns.join(', '))}, version)
        = (select ${sql.raw(columns.map((c) => `r.${c}`).join(', '))}, ${leads.version} + 1
           from jsonb_populate_record(${leads}, ${p('patch')}::jsonb) r)
      where ${inOrg(leads, p('org'), eq(leads.id, p('id')), sql`${leads.version} = ${p('version')}::int`)}
      returning ${leads.id}`;
    const event = eventsFrom(
      {
        organizationId: sql`${p('org')}`,
        leadId: sql`filled.id`,
        type: 'resubmitted',
        actorType: sql`${p('actorType')}::actor_type`,
        actorId: sql`${p('actorId')}::text`,
        data: sql`${p('data')}::jsonb`,
        at: sql`${p('at')}::timestamptz`,
      },
      sql`filled`,
    );
    const claim = sql`update ${idempotencyKeys} set status_code = 201, response_body = ${p('result')}::jsonb
      where ${inOrg(idempotencyKeys, p('org'), sql`scope = ${p('scope')}`, sql`key = ${p('key')}`)}`;
    // Every write in a WITH runs once, referenced or not; the final abort fails the whole statement, all
    // its writes with it, when the update found the lead at another version than the one read.
    const moved = sql.raw(abortSql('leadMoved', 'the lead changed since it was read'));
    return sql`with filled as (${update}), event as (${event})${withClaim ? sql`, claim as (${claim})` : sql``}
      select case when exists (select 1 from filled) then true else ${moved} end as filled`;
  });
}

/** A pending Idempotency-Key the fill completes, with the answer for the lead it filled. */
export type FillClaim = { claim: IdempotencyClaim; result: (leadId: string) => unknown };

/**
 * Updates the lead a unique index matched: fills its empty fields, keeps its existing values, records what
 * was filled and what differed (personal values only as ciphertext), keeps the higher score, and bumps its
 * last activity; `complete` is the pending claim the same statement completes. Returns the lead's id.
 *
 * Two round trips: the lead is read, then the update, the event and the claim leave as one statement (a
 * WITH of writes) that applies only if the lead's version is still the one read; otherwise that statement
 * aborts with `leadMoved` (db/errors.ts), so nothing of it is stored. With `lock` the read
 * takes the row lock (inside the caller's transaction), and the version cannot move. Without it, the
 * caller runs both as separate statements, with no transaction to open, lock or commit: fills were ~80 %
 * of the statements an ingest run sent at 10 % of its submissions, and a version that moved in between is
 * rare (the caller then fills again under the lock).
 */
export async function fillKnownLead(
  db: Executor,
  m: FillInput,
  complete?: FillClaim,
  { lock = false }: { lock?: boolean } = {},
): Promise<string> {
  const known = await findKnownLead(db, m.organizationId, m.row, lock);
  const rule: DedupeRuleId =
    m.row.emailIndex && known.emailIndex === m.row.emailIndex ? 'email-exact' : 'phone-exact';
  const fields = planFill(known, m.lead as Partial<KnownLead>, FILLABLE, ['companyKey']);
  const contact = planContactFill(known, m.row);
  const custom = newCustomAttributes(known.custom, m.lead.custom);
  const filled = [...fields.filled, ...contact.filled, ...Object.keys(custom).map((k) => `custom.${k}`)];
  const rescored =
    m.scored.score > known.score ? { score: m.scored.score, scoreBreakdown: m.scored.breakdown } : {};
  const patch: Patch = {
    ...fields.patch,
    ...contact.patch,
    ...(Object.keys(custom).length ? { custom: { ...known.custom, ...custom } } : {}),
    ...rescored,
    searchText: buildSearchText([
      known.firstName ?? m.lead.firstName,
      known.lastName,
      known.company ?? m.lead.company,
    ]),
    lastActivityAt: m.now,
    updatedAt: m.now,
  };
  const data = {
    ...m.context,
    dedupe: { rule },
    filled,
    conflicts: [...fields.conflicts, ...contact.conflicts],
    ...('score' in rescored ? { score: rescored.score } : {}),
  };
  await runCompiled(db, writeStatement(!!complete), {
    org: m.organizationId,
    id: known.id,
    version: known.version,
    patch: JSON.stringify(Object.fromEntries(Object.entries(patch).map(([k, v]) => [toSnakeCase(k), v]))),
    actorType: m.actor.type,
    actorId: m.actor.id,
    data: JSON.stringify(data),
    at: m.now.toISOString(),
    ...(complete
      ? {
          scope: complete.claim.scope,
          key: complete.claim.key,
          result: JSON.stringify(complete.result(known.id)),
        }
      : {}),
  });
  return known.id;
}
