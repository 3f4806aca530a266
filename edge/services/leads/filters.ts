import {
  arrayContains,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { leads, organizations } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { LeadFilter } from '../../contract/leads';
import { normalizePhone } from '../../core/contact';
import { AppError } from '../../core/errors';
import { escapeLike, planSearch, type SearchPlan, type SearchTerm } from '../../core/search';
import type { Deps } from '../../deps';

/** Who filters, and when: `assignee=me` and `stale` depend on it. */
export type FilterScope = { organizationId: string; userId: string | null; now: Date };

/**
 * The name sort key: the folded last name (rows from before it existed: lower-cased). This exact expression
 * is indexed (leads_org_sort_name_idx), so the planner can walk the index in name order.
 */
export const LEAD_SORT_NAME = sql`coalesce(${leads.lastNameKey}, lower(${leads.lastName}))`;

/**
 * The company, campaign and country sort keys: lower-cased, a missing value as '' (a cursor carries the key as
 * text, and NULL would compare as unknown). Each exact expression is indexed (leads_org_sort_*_idx).
 */
export const LEAD_SORT_TEXT = {
  company: sql`coalesce(lower(${leads.company}), '')`,
  campaign: sql`coalesce(lower(${leads.campaign}), '')`,
  country: sql`coalesce(lower(${leads.country}), '')`,
};

const DAY_MS = 86_400_000;

/**
 * The WHERE conditions of a lead list filter (the organization is added by `inOrg`). `withStatus: false`
 * leaves the status part out, for the per-status counts.
 */
export function filterConditions(
  filter: LeadFilter,
  scope: FilterScope,
  search: SQL | undefined,
  withStatus: boolean,
): Array<SQL | undefined> {
  const f = filter;
  return [
    isNull(leads.deletedAt),
    withStatus && f.status?.length ? inArray(leads.status, f.status) : undefined,
    f.assignee?.length ? assigneeCondition(f.assignee, scope.userId) : undefined,
    f.source?.length ? inArray(leads.source, f.source) : undefined,
    f.campaign?.length ? inArray(leads.campaign, f.campaign) : undefined,
    f.tags?.length ? arrayContains(leads.tags, f.tags) : undefined,
    f.scoreMin !== undefined ? gte(leads.score, f.scoreMin) : undefined,
    f.scoreMax !== undefined ? lte(leads.score, f.scoreMax) : undefined,
    f.createdFrom ? gte(leads.createdAt, f.createdFrom) : undefined,
    f.createdTo ? lt(leads.createdAt, f.createdTo) : undefined,
    f.updatedFrom ? gte(leads.updatedAt, f.updatedFrom) : undefined,
    f.updatedTo ? lt(leads.updatedAt, f.updatedTo) : undefined,
    f.stale ? lt(leads.lastActivityAt, new Date(scope.now.getTime() - Number(f.stale) * DAY_MS)) : undefined,
    f.converted === 'true' ? isNotNull(leads.convertedAt) : undefined,
    f.converted === 'false' ? isNull(leads.convertedAt) : undefined,
    search,
  ];
}

function assigneeCondition(values: string[], userId: string | null): SQL {
  const ids = values.filter((v) => v !== 'me' && v !== 'unassigned');
  // An API key has no user, so `me` matches nothing for it.
  if (values.includes('me')) ids.push(userId ?? '');
  return or(
    ids.length ? inArray(leads.assignedTo, ids) : undefined,
    values.includes('unassigned') ? isNull(leads.assignedTo) : undefined,
  )!;
}

/**
 * The search condition of `q`. Emails and phones are encrypted, so they match only exactly, by blind index;
 * other text matches the folded name + company text word by word, each word answerable by the trigram index.
 */
export async function searchCondition(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  organizationId: string,
  q: string | undefined,
  plan: SearchPlan | undefined = q === undefined ? undefined : planSearch(q),
): Promise<SQL | undefined> {
  if (q === undefined || plan === undefined) return undefined;
  if (plan.kind === 'too-short') throw tooShortSearch();
  if (plan.kind === 'email') return eq(leads.emailIndex, await exactIndex(deps, db, organizationId, plan));
  if (plan.kind === 'phone') return eq(leads.phoneIndex, await exactIndex(deps, db, organizationId, plan));
  return sql`(${sql.join(plan.terms.map(termCondition), sql` and `)})`;
}

/** The answer to a search of single letters: too unselective to run (see planSearch). */
export function tooShortSearch(): AppError {
  return new AppError('invalid-parameter', {
    detail: 'The search is too short.',
    errors: [
      {
        pointer: '/q',
        detail: 'Type at least two letters, or a whole email or phone number',
        code: 'too_small',
      },
    ],
  });
}

/**
 * The blind index an exact email or phone search looks up (leads and contacts share it). A phone is
 * normalized as ingestion normalizes it, with the organization's default country for national numbers.
 */
export async function exactIndex(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  organizationId: string,
  plan: Extract<SearchPlan, { kind: 'email' | 'phone' }>,
): Promise<string> {
  if (plan.kind === 'email') return deps.pii.blindIndex(organizationId, 'email', plan.email);
  const [org] = await db
    .select({ defaultCountry: organizations.defaultCountry })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const phone = normalizePhone(plan.phone, null, org?.defaultCountry ?? 'US');
  return deps.pii.blindIndex(organizationId, 'phone', phone.phone);
}

function termCondition(term: SearchTerm): SQL {
  const text = escapeLike(term.text);
  if (term.match === 'substring') return like(leads.searchText, `%${text}%`);
  // A word start: the beginning of the text, or after a space (the trigram index keeps word-start trigrams).
  return sql`(${like(leads.searchText, `${text}%`)} or ${like(leads.searchText, `% ${text}%`)})`;
}
