import { eq } from 'drizzle-orm';
import { organizations } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { LeadFields } from '../../contract/submissions';
import { actorOf } from '../../core/actor';
import type { RawLead } from '../../core/lead-input';
import type { Auth, Deps } from '../../deps';
import { ingestDeps, ingestLead } from '../ingest/ingest-lead';

/**
 * A lead created by a signed-in user or an API key: the same pipeline as a form, without spam checks;
 * an authenticated caller may learn that the email or phone matched an existing lead (`outcome`). A new
 * lead a member enters is theirs when no routing rule assigns it (a known person's lead keeps its assignee).
 */
export async function createLead(
  deps: Deps,
  db: Db,
  auth: Auth,
  input: {
    fields: LeadFields;
    custom: Record<string, string>;
    idempotency: { key: string; requestHash: string } | null;
  },
) {
  const [org] = await db
    .select({ defaultCountry: organizations.defaultCountry })
    .from(organizations)
    .where(eq(organizations.id, auth.organizationId));
  const { source, campaign, ...lead } = input.fields;
  return ingestLead(ingestDeps(deps), db, {
    organizationId: auth.organizationId,
    channel: 'api',
    formId: null,
    lead: { ...(lead as RawLead), custom: input.custom },
    source: source ?? (auth.via === 'api_key' ? 'API' : 'Manual'),
    campaign: campaign ?? null,
    actor: actorOf(auth),
    // A member who enters a lead works it, unless a routing rule gives it to someone. Admins and owners
    // change every lead anyway and often enter leads for the team; an API key is nobody.
    creator: auth.via === 'session' && auth.role === 'member' ? auth.userId : null,
    defaultCountry: org?.defaultCountry ?? 'US',
    idempotency: input.idempotency
      ? { scope: `api:${auth.apiKeyId ?? auth.userId}`, ...input.idempotency }
      : null,
  });
}
