import { and, asc, desc, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { accounts, contacts, opportunities } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { GlobalSearch, GlobalSearchQuery } from '../../contract/search';
import type { OpportunityStage } from '../../core/convert-plan';
import { escapeLike, MAX_SEARCH_TERMS, planSearch, type SearchPlan } from '../../core/search';
import { cleanText } from '../../core/text';
import type { Deps } from '../../deps';
import { exactIndex, type FilterScope, tooShortSearch } from '../leads/filters';
import { listLeads } from '../leads/list';

type ExactPlan = Extract<SearchPlan, { kind: 'email' | 'phone' }>;

/**
 * The search box of the whole app: leads through the lead list's own search (same plan, indexes and
 * planner choices; best score first), and accounts, contacts and opportunities by name, a contact also by
 * exact email or phone through the blind index it shares with leads. Each group holds up to `limit`
 * results and says whether more match.
 */
export async function globalSearch(
  deps: Pick<Deps, 'pii' | 'caches'>,
  db: Db,
  scope: FilterScope,
  query: GlobalSearchQuery,
): Promise<GlobalSearch> {
  const plan = planSearch(query.q);
  if (plan.kind === 'too-short') throw tooShortSearch();
  const take = query.limit + 1;
  const org = scope.organizationId;
  const exact = plan.kind === 'text' ? null : { plan, index: await exactIndex(deps, db, org, plan) };
  const words = textWords(query.q);
  const [leadPage, accountRows, contactRows, opportunityRows] = await Promise.all([
    listLeads(deps, db, scope, { q: query.q, limit: query.limit, counts: 'false' }),
    exact ? [] : findAccounts(db, org, words, query.q, take),
    findContacts(db, org, exact ?? words, query.q, take),
    exact ? [] : findOpportunities(db, org, words, query.q, take),
  ]);
  return {
    match: plan.kind,
    leads: {
      items: leadPage.items.map((l) => ({
        id: l.id,
        name: personName(l.firstName, l.lastName),
        company: l.company,
        status: l.status,
        score: l.score,
        owner: l.assignee,
      })),
      more: leadPage.nextCursor !== null,
    },
    accounts: capped(accountRows, query.limit),
    contacts: capped(contactRows, query.limit),
    opportunities: capped(opportunityRows, query.limit),
  };
}

function capped<T>(rows: T[], limit: number) {
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

const personName = (first: string | null, last: string) => [first, last].filter(Boolean).join(' ');

/** The words of a name search, as typed (the CRM tables keep no folded copy of their names). */
function textWords(q: string): string[] {
  return [...new Set((cleanText(q) ?? '').split(' ').filter(Boolean))].slice(0, MAX_SEARCH_TERMS);
}

/** Every word appears in one of `columns`, any case. */
function allWords(words: string[], ...columns: SQL[]): SQL | undefined {
  return and(...words.map((w) => or(...columns.map((c) => ilike(c, `%${escapeLike(w)}%`)))));
}

/** Names starting with the whole query first, then by name: what was typed from the start ranks best. */
function startsFirst(column: SQL, q: string): SQL {
  return sql`(${column} ilike ${`${escapeLike(cleanText(q) ?? '')}%`}) desc`;
}

async function findAccounts(db: Db, org: string, words: string[], q: string, take: number) {
  const name = sql`${accounts.name}`;
  return db
    .select({ id: accounts.id, name: accounts.name, industry: accounts.industry })
    .from(accounts)
    .where(inOrg(accounts, org, isNull(accounts.deletedAt), allWords(words, name)))
    .orderBy(startsFirst(name, q), asc(accounts.name), asc(accounts.id))
    .limit(take);
}

async function findContacts(
  db: Db,
  org: string,
  by: string[] | { plan: ExactPlan; index: string },
  q: string,
  take: number,
) {
  // The indexed expression (contacts_full_name_trgm_idx), so a part of a name is found through the index.
  const fullName = sql`(coalesce(${contacts.firstName}, '') || ' ' || ${contacts.lastName})`;
  const where = Array.isArray(by)
    ? allWords(by, fullName)
    : eq(by.plan.kind === 'email' ? contacts.emailIndex : contacts.phoneIndex, by.index);
  const rows = await db
    .select({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      title: contacts.title,
      accountId: contacts.accountId,
      accountName: accounts.name,
    })
    .from(contacts)
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(inOrg(contacts, org, isNull(contacts.deletedAt), where))
    .orderBy(
      startsFirst(sql`${contacts.lastName}`, q),
      startsFirst(fullName, q),
      asc(contacts.lastName),
      asc(contacts.id),
    )
    .limit(take);
  return rows.map((r) => ({
    id: r.id,
    name: personName(r.firstName, r.lastName),
    title: r.title,
    account: r.accountId ? { id: r.accountId, name: r.accountName ?? '' } : null,
  }));
}

/**
 * The opportunities whose own name or whose account's name holds `word`: both sides from their trigram
 * indexes, so the OR across the join (which no index answers) only filters these.
 */
function opportunityCandidates(org: string, word: string): SQL {
  const like = `%${escapeLike(word)}%`;
  return sql`${opportunities.id} in (
    select o.id from opportunities o where o.organization_id = ${org} and o.name ilike ${like}
    union all
    select o.id from accounts a join opportunities o on o.organization_id = a.organization_id and o.account_id = a.id
    where a.organization_id = ${org} and a.name ilike ${like})`;
}

async function findOpportunities(db: Db, org: string, words: string[], q: string, take: number) {
  const name = sql`${opportunities.name}`;
  const rows = await db
    .select({
      id: opportunities.id,
      name: opportunities.name,
      stage: opportunities.stage,
      amount: opportunities.amount,
      currency: opportunities.currency,
      accountId: opportunities.accountId,
      accountName: accounts.name,
    })
    .from(opportunities)
    .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
    .where(
      inOrg(
        opportunities,
        org,
        isNull(opportunities.deletedAt),
        words[0] === undefined ? undefined : opportunityCandidates(org, words[0]),
        allWords(words, name, sql`${accounts.name}`),
      ),
    )
    .orderBy(startsFirst(name, q), desc(opportunities.createdAt), asc(opportunities.id))
    .limit(take);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    stage: r.stage as OpportunityStage,
    amount: r.amount,
    currency: r.currency,
    account: r.accountId ? { id: r.accountId, name: r.accountName ?? '' } : null,
  }));
}
