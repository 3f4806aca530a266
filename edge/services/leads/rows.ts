import type { leads } from '../../../db/schema';
import type { NormalizedLead } from '../../core/lead-input';
import type { Deps } from '../../deps';

type LeadInsert = typeof leads.$inferInsert;

/**
 * The stored form of a normalized lead: its fields, its PII sealed (ciphertext + blind index) under the
 * organization, and every timestamp set to `at`. Every channel that creates leads goes through this.
 */
export async function leadRow(
  deps: Pick<Deps, 'newId' | 'pii'>,
  organizationId: string,
  lead: NormalizedLead,
  at: Date,
): Promise<LeadInsert> {
  const [email, phone] = await Promise.all([
    deps.pii.seal(organizationId, 'email', lead.email),
    deps.pii.seal(organizationId, 'phone', lead.phone),
  ]);
  return {
    id: deps.newId('lead'),
    organizationId,
    firstName: lead.firstName,
    lastName: lead.lastName,
    title: lead.title,
    company: lead.company,
    companyKey: lead.companyKey,
    lastNameKey: lead.lastNameKey,
    industry: lead.industry,
    employees: lead.employees,
    country: lead.country,
    region: lead.region,
    city: lead.city,
    description: lead.description,
    custom: lead.custom,
    searchText: lead.searchText,
    emailCiphertext: email.ciphertext,
    emailIndex: email.index,
    phoneCiphertext: phone.ciphertext,
    phoneIndex: phone.index,
    phoneValid: lead.phoneValid,
    piiKeyVersion: deps.pii.keyVersion,
    createdAt: at,
    updatedAt: at,
    statusChangedAt: at,
    lastActivityAt: at,
  };
}
