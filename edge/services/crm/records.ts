import { desc, eq, isNull, or, type SQL } from 'drizzle-orm';
import { accounts, contacts, opportunities } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor } from '../../../db/types';
import type { AccountDetail, ContactDetail, ContactListItem, CrmListQuery } from '../../contract/crm';
import { phoneDisplay } from '../../core/contact';
import { AppError } from '../../core/errors';
import type { PiiVault } from '../../crypto/pii';
import { nameContains, opportunityRows } from './opportunities';

/** Accounts whose name contains `q`, by name. */
export async function listAccounts(db: Executor, organizationId: string, query: CrmListQuery) {
  const rows = await db
    .select()
    .from(accounts)
    .where(inOrg(accounts, organizationId, isNull(accounts.deletedAt), nameContains(accounts.name, query.q)))
    .orderBy(accounts.name, accounts.id)
    .limit(query.limit);
  return { items: rows.map(accountItem) };
}

function accountItem(a: typeof accounts.$inferSelect) {
  const { id, name, industry, employees } = a;
  return { id, name, industry, employees, createdAt: a.createdAt.toISOString() };
}

/** One account with its contacts and opportunities. */
export async function getAccount(
  db: Executor,
  pii: PiiVault,
  organizationId: string,
  id: string,
): Promise<AccountDetail> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(inOrg(accounts, organizationId, eq(accounts.id, id), isNull(accounts.deletedAt)));
  if (!row) throw new AppError('not-found', { detail: `No account ${id}.` });
  const [people, opps] = await Promise.all([
    contactRows(db, pii, organizationId, eq(contacts.accountId, id), 200),
    opportunityRows(db, organizationId, eq(opportunities.accountId, id), 200),
  ]);
  return { ...accountItem(row), website: row.website, contacts: people, opportunities: opps };
}

/** Contacts matching `where`, newest first, email and phone decrypted in memory. */
async function contactRows(
  db: Executor,
  pii: PiiVault,
  organizationId: string,
  where: SQL | undefined,
  limit: number,
): Promise<Array<ContactListItem & { leadId: string | null }>> {
  const rows = await db
    .select({ c: contacts, accountName: accounts.name })
    .from(contacts)
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(inOrg(contacts, organizationId, isNull(contacts.deletedAt), where))
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(limit);
  return Promise.all(
    rows.map(async ({ c, accountName }) => {
      const phone = c.phoneCiphertext ? await pii.decrypt(organizationId, 'phone', c.phoneCiphertext) : null;
      return {
        id: c.id,
        firstName: c.firstName,
        lastName: c.lastName,
        title: c.title,
        email: c.emailCiphertext ? await pii.decrypt(organizationId, 'email', c.emailCiphertext) : null,
        phone,
        phoneDisplay: phone ? phoneDisplay(phone) : null,
        account: c.accountId ? { id: c.accountId, name: accountName ?? '' } : null,
        createdAt: c.createdAt.toISOString(),
        leadId: c.leadId,
      };
    }),
  );
}

/** Contacts whose last or first name contains `q` (email and phone are ciphertext: not searchable here). */
export async function listContacts(db: Executor, pii: PiiVault, organizationId: string, query: CrmListQuery) {
  const where = query.q
    ? or(nameContains(contacts.lastName, query.q), nameContains(contacts.firstName, query.q))
    : undefined;
  const rows = await contactRows(db, pii, organizationId, where, query.limit);
  return { items: rows.map(({ leadId: _, ...item }) => item) };
}

/** One contact with the opportunities they are the contact of. */
export async function getContact(
  db: Executor,
  pii: PiiVault,
  organizationId: string,
  id: string,
): Promise<ContactDetail> {
  const [row] = await contactRows(db, pii, organizationId, eq(contacts.id, id), 1);
  if (!row) throw new AppError('not-found', { detail: `No contact ${id}.` });
  const opps = await opportunityRows(db, organizationId, eq(opportunities.contactId, id), 200);
  return { ...row, opportunities: opps };
}
