import { desc, eq, isNull, or, type SQL } from 'drizzle-orm';
import { leads, organizations, users } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Db } from '../../../db/types';
import type { DuplicateCheckQuery, DuplicateMatch } from '../../contract/workspace';
import { normalizeEmail, normalizePhone } from '../../core/contact';
import { confirmFuzzyMatch, DEDUPE_RULES, FUZZY_RULE } from '../../core/dedupe';
import { AppError } from '../../core/errors';
import { cleanText, companyMatchKey, foldForMatch } from '../../core/text';
import type { Deps } from '../../deps';

/** The warning shows a handful; more would not help a person decide. */
const MAX_MATCHES = 10;
/** Fuzzy candidates per blocking key, as in the background duplicate check. */
const CANDIDATE_LIMIT = 200;

const RULE_ORDER = DEDUPE_RULES.map((r) => r.id as string);

const MATCH_COLUMNS = {
  id: leads.id,
  firstName: leads.firstName,
  lastName: leads.lastName,
  company: leads.company,
  companyKey: leads.companyKey,
  status: leads.status,
  assigneeId: leads.assignedTo,
  assigneeName: users.name,
  createdAt: leads.createdAt,
  emailIndex: leads.emailIndex,
  phoneIndex: leads.phoneIndex,
};

type Keys = {
  emailIndex: string | null;
  phoneIndex: string | null;
  person: { firstName: string | null; lastName: string; companyKey: string | null };
};

/**
 * The real-time "similar lead found" check of the create form, by the same criteria as ingestion (core's
 * DEDUPE_RULES): the same email or phone exactly (by blind index), or first + last name + company alike
 * (candidates by blocking key, confirmed in core). Exact matches are looked up on their own, so a large
 * block of namesakes can never crowd them out. Best rule first, at most MAX_MATCHES.
 */
export async function checkDuplicates(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  organizationId: string,
  q: DuplicateCheckQuery,
): Promise<{ matches: DuplicateMatch[] }> {
  const last = cleanText(q.last);
  if (!q.email && !q.phone && !last)
    throw new AppError('invalid-parameter', {
      detail: 'Send an email, a phone or a last name to check.',
      errors: [{ pointer: '/last', detail: 'Send email, phone or last (with first and company)' }],
    });
  const keys: Keys = {
    emailIndex: q.email ? await deps.pii.blindIndex(organizationId, 'email', email(q.email)) : null,
    phoneIndex: q.phone ? await phoneIndexOf(deps, db, organizationId, q.phone) : null,
    person: { firstName: cleanText(q.first), lastName: last ?? '', companyKey: companyMatchKey(q.company) },
  };
  const { companyKey } = keys.person;
  const [exact, fuzzy] = await Promise.all([
    findCandidates(db, organizationId, [
      keys.emailIndex ? eq(leads.emailIndex, keys.emailIndex) : undefined,
      keys.phoneIndex ? eq(leads.phoneIndex, keys.phoneIndex) : undefined,
    ]),
    // The fuzzy rule needs a company on both sides, so without one there is nothing to look for.
    last && companyKey
      ? findCandidates(db, organizationId, [
          eq(leads.companyKey, companyKey),
          eq(leads.lastNameKey, foldForMatch(last)),
        ])
      : [],
  ]);
  const seen = new Set<string>();
  const matches = [...exact, ...fuzzy]
    .filter((c) => !seen.has(c.id) && seen.add(c.id))
    .flatMap((c) => toMatch(c, keys));
  matches.sort(
    (a, b) => RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule) || b.similarity - a.similarity,
  );
  return { matches: matches.slice(0, MAX_MATCHES) };
}

/** Live leads matching any of `conditions` (index lookups), most recently active first. */
async function findCandidates(db: Db, organizationId: string, conditions: Array<SQL | undefined>) {
  if (!conditions.some(Boolean)) return [];
  return db
    .select(MATCH_COLUMNS)
    .from(leads)
    .leftJoin(users, eq(users.id, leads.assignedTo))
    .where(inOrg(leads, organizationId, isNull(leads.deletedAt), or(...conditions)))
    .orderBy(desc(leads.lastActivityAt))
    .limit(CANDIDATE_LIMIT);
}

type Candidate = Awaited<ReturnType<typeof findCandidates>>[number];

/** Which rule a candidate matches, if any: an exact index first, else the fuzzy rule confirmed in core. */
function toMatch(c: Candidate, keys: Keys): DuplicateMatch[] {
  const rule =
    c.emailIndex && c.emailIndex === keys.emailIndex
      ? 'email-exact'
      : c.phoneIndex && c.phoneIndex === keys.phoneIndex
        ? 'phone-exact'
        : null;
  const similarity = rule ? 1 : keys.person.lastName ? confirmFuzzyMatch(keys.person, c) : null;
  if (similarity === null) return [];
  const { assigneeId, assigneeName, companyKey: _, emailIndex: __, phoneIndex: ___, ...lead } = c;
  const assignee = assigneeId ? { id: assigneeId, name: assigneeName ?? '' } : null;
  return [
    { ...lead, assignee, createdAt: c.createdAt.toISOString(), rule: rule ?? FUZZY_RULE.id, similarity },
  ];
}

function email(raw: string): string {
  const result = normalizeEmail(raw);
  return result.ok ? result.email : raw;
}

async function phoneIndexOf(deps: Pick<Deps, 'pii'>, db: Db, organizationId: string, raw: string) {
  const [org] = await db
    .select({ defaultCountry: organizations.defaultCountry })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const phone = normalizePhone(raw, null, org?.defaultCountry ?? 'US');
  return deps.pii.blindIndex(organizationId, 'phone', phone.phone);
}
