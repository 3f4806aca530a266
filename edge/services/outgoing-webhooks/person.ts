import { sql } from 'drizzle-orm';
import { leadErasures, leads } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { WebhookPerson } from '../../contract/outgoing-webhooks';
import type { Deps } from '../../deps';

/** What `personsFor` needs of a message: whose lead, and whether its endpoint asked for personal data. */
type PersonTarget = { organizationId: string; leadId: string | null; includePersonalData: boolean };

type PersonRow = {
  id: string;
  organizationId: string;
  firstName: string | null;
  lastName: string;
  title: string | null;
  company: string | null;
  industry: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  emailCiphertext: string | null;
  phoneCiphertext: string | null;
};

const key = (organizationId: string, leadId: string) => `${organizationId}\u0000${leadId}`;

/** The person of one lead: empty fields are left out, PII decrypted in memory only. */
async function toPerson(pii: Deps['pii'], r: PersonRow): Promise<WebhookPerson> {
  const [email, phone] = await Promise.all([
    r.emailCiphertext ? pii.decrypt(r.organizationId, 'email', r.emailCiphertext) : null,
    r.phoneCiphertext ? pii.decrypt(r.organizationId, 'phone', r.phoneCiphertext) : null,
  ]);
  const fields = {
    firstName: r.firstName,
    lastName: r.lastName,
    email,
    phone,
    company: r.company,
    title: r.title,
    industry: r.industry,
    country: r.country,
    region: r.region,
    city: r.city,
  };
  return Object.fromEntries(
    Object.entries(fields).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''),
  ) as WebhookPerson;
}

/**
 * The personal data of the leads of the messages whose endpoint asked for it, read from the leads' current
 * rows in one query (so a change or an erasure since the event wins): an erased lead has none. Keyed by
 * organization and lead (`personOf` reads it).
 */
export async function personsFor(
  deps: Pick<Deps, 'pii'>,
  db: Db,
  messages: PersonTarget[],
): Promise<Map<string, WebhookPerson>> {
  const wanted = new Map<string, { o: string; l: string }>();
  for (const m of messages)
    if (m.includePersonalData && m.leadId)
      wanted.set(key(m.organizationId, m.leadId), { o: m.organizationId, l: m.leadId });
  if (wanted.size === 0) return new Map();
  const result = (await db.execute(sql`
    select l.id, l.organization_id as "organizationId", l.first_name as "firstName", l.last_name as "lastName",
      l.title, l.company, l.industry, l.country, l.region, l.city,
      l.email_ciphertext as "emailCiphertext", l.phone_ciphertext as "phoneCiphertext"
    from jsonb_to_recordset(${JSON.stringify([...wanted.values()])}::jsonb) as w(o text, l text)
    join ${leads} l on l.organization_id = w.o and l.id = w.l
    where not exists (select 1 from ${leadErasures} e where e.lead_id = l.id and e.organization_id = l.organization_id)`)) as unknown as {
    rows: PersonRow[];
  };
  const persons = new Map<string, WebhookPerson>();
  await Promise.all(
    result.rows.map(async (r) => persons.set(key(r.organizationId, r.id), await toPerson(deps.pii, r))),
  );
  return persons;
}

/** The person a message carries: none unless its endpoint asked for it and the lead is not erased. */
export function personOf(persons: Map<string, WebhookPerson>, m: PersonTarget): WebhookPerson | undefined {
  return m.includePersonalData && m.leadId ? persons.get(key(m.organizationId, m.leadId)) : undefined;
}

/** The body of one attempt: the stored payload, with `data.person` when there is one. */
export function bodyWithPerson(payload: Record<string, unknown>, person: WebhookPerson | undefined): string {
  if (!person) return JSON.stringify(payload);
  const data = (payload.data ?? {}) as Record<string, unknown>;
  return JSON.stringify({ ...payload, data: { ...data, person } });
}
