import { eq, isNull } from 'drizzle-orm';
import { leads, users } from '../../db/schema';
import { inOrg } from '../../db/tenant';
import type { Db } from '../../db/types';
import type { LeadDetail } from '../contract/leads';
import type { PiiVault } from '../crypto/pii';
import { AppError } from '../http/errors';

/** One lead of the caller's organization with its PII decrypted; another org's id is simply not found. */
export async function getLead(
  db: Db,
  pii: PiiVault,
  organizationId: string,
  id: string,
): Promise<LeadDetail> {
  const [row] = await db
    .select({ lead: leads, assigneeName: users.name })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.assignedTo))
    .where(inOrg(leads, organizationId, eq(leads.id, id), isNull(leads.deletedAt)))
    .limit(1);
  if (!row) throw new AppError('not-found', `No lead ${id}.`);
  const l = row.lead;
  const [email, phone] = await Promise.all([
    l.emailCiphertext ? pii.decrypt(organizationId, 'email', l.emailCiphertext) : null,
    l.phoneCiphertext ? pii.decrypt(organizationId, 'phone', l.phoneCiphertext) : null,
  ]);
  return {
    id: l.id,
    firstName: l.firstName,
    lastName: l.lastName,
    company: l.company,
    title: l.title,
    status: l.status,
    score: l.score,
    source: l.source,
    assignee: l.assignedTo ? { id: l.assignedTo, name: row.assigneeName ?? '' } : null,
    createdAt: l.createdAt.toISOString(),
    email,
    phone,
    phoneValid: l.phoneValid,
    industry: l.industry,
    employees: l.employees,
    country: l.country,
    city: l.city,
    campaign: l.campaign,
    description: l.description,
    tags: l.tags,
    scoreBreakdown: l.scoreBreakdown,
    custom: l.custom,
    version: l.version,
    updatedAt: l.updatedAt.toISOString(),
    lastActivityAt: l.lastActivityAt.toISOString(),
  };
}
