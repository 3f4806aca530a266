import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { organizations, users } from './identity';

/**
 * An organization's single sign-on through an OpenID Connect provider (one per organization). The client
 * secret is stored sealed like other secrets (AES-256-GCM bound to the organization and the field).
 */
export const ssoConfigs = pgTable(
  'sso_configs',
  {
    organizationId: text()
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
    issuer: text().notNull(),
    clientId: text().notNull(),
    clientSecretCiphertext: text().notNull(),
    /** Normalized domains (lower case, ASCII): only addresses there may sign in with SSO. */
    allowedDomains: text().array().notNull(),
    /** `invitation` (new people need one), or the role new people join with. */
    newPeople: text().$type<'invitation' | 'viewer' | 'member' | 'admin'>().notNull(),
    updatedBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // `start?org=<email domain>` finds the organization by a domain it allows.
  (t) => [index('sso_configs_domains_idx').using('gin', t.allowedDomains)],
);
