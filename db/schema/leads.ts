import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { actorTypeEnum, formStatusEnum, leadStatusEnum, lossReasonEnum } from './enums';
import { users } from './identity';
import { organizationId } from './tenant-column';

/** One field of a public form, in the order it is rendered. */
export type FormFieldDef = {
  name: string;
  required: boolean;
  /** Label per locale (en, de, cs, uk); en is the fallback. */
  label?: Record<string, string>;
  /** Phone only: a number that does not parse is refused (elsewhere it is kept as entered, flagged). */
  mustBeValid?: boolean;
};

export const forms = pgTable(
  'forms',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    name: text().notNull(),
    status: formStatusEnum().notNull().default('active'),
    fields: jsonb().$type<FormFieldDef[]>().notNull(),
    /** Consent text per locale; stored with every submission for GDPR. */
    consentText: jsonb().$type<Record<string, string>>(),
    successMessage: jsonb().$type<Record<string, string>>(),
    /** The submit button's text per locale; the widget's own where missing. */
    submitLabel: jsonb().$type<Record<string, string>>(),
    redirectUrl: text(),
    allowedOrigins: text().array().notNull().default(sql`'{}'::text[]`),
    defaultSource: text().notNull().default('Website Form'),
    defaultCampaign: text(),
    turnstileEnabled: boolean().notNull().default(false),
    turnstileSiteKey: text(),
    signalsEnabled: boolean().notNull().default(false),
    /** Submissions faster than this after the form rendered are quarantined as likely bots. */
    minSubmitSeconds: integer().notNull().default(2),
    /** Per visitor IP, per minute; and for the whole form, per minute (burst guard). */
    rateLimitPerIp: integer().notNull().default(10),
    rateLimitPerForm: integer().notNull().default(600),
    /** Default locale of labels and messages when the visitor's is not offered. */
    defaultLocale: text().notNull().default('en'),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('forms_org_idx').on(t.organizationId)],
);

/**
 * Origins a form's public endpoints refused lately, so the form editor can offer to allow them: only the
 * origin (scheme, host, port: no path, no visitor data), when it was first and last seen, and how many
 * refusals were written (a lower bound: writes are coalesced per origin and minute). At most the 20 most
 * recently seen per form are kept (services/ingest/refused-origins.ts trims on every write).
 */
export const formRefusedOrigins = pgTable(
  'form_refused_origins',
  {
    organizationId: organizationId(),
    formId: text()
      .notNull()
      .references(() => forms.id, { onDelete: 'cascade' }),
    origin: text().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.formId, t.origin] }),
    index('form_refused_origins_recent_idx').on(t.formId, t.lastSeenAt),
  ],
);

/** One row of the score breakdown: which rule gave how many points. */
export type ScoreItem = { rule: string; points: number; detail?: string };

export const leads = pgTable(
  'leads',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    firstName: text(),
    lastName: text().notNull(),
    title: text(),
    company: text(),
    /** Company name normalized for matching (legal suffixes stripped); never shown. */
    companyKey: text(),
    /** Folded last name: with companyKey, the blocking keys that find fuzzy-duplicate candidates. */
    lastNameKey: text(),
    industry: text(),
    employees: integer(),
    country: text(),
    region: text(),
    city: text(),
    source: text(),
    campaign: text(),
    referredBy: text(),
    type: text().notNull().default('DEMO'),
    status: leadStatusEnum().notNull().default('NEW'),
    lossReason: lossReasonEnum(),
    lossReasonText: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    score: integer().notNull().default(0),
    scoreBreakdown: jsonb().$type<ScoreItem[]>().notNull().default([]),
    /** The scoring version that set the score (a rescore leaves a lead whose score it would not change). */
    scoreVersion: integer().notNull().default(0),
    assignedTo: text().references(() => users.id, { onDelete: 'set null' }),
    formId: text().references(() => forms.id, { onDelete: 'set null' }),
    description: text(),
    /** Fields a form or file sent that are not standard lead fields. */
    custom: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Lower-cased, accent-free "first last company" for trigram search (computed in core). */
    searchText: text().notNull().default(''),
    // PII: AES-256-GCM ciphertext ("v<key version>.<base64url>") + HMAC-SHA256 blind index.
    emailCiphertext: text(),
    emailIndex: text(),
    phoneCiphertext: text(),
    phoneIndex: text(),
    /** False when the phone could not be parsed to E.164 and is kept as entered. */
    phoneValid: boolean(),
    personalEmailCiphertext: text(),
    personalEmailIndex: text(),
    piiKeyVersion: integer().notNull().default(1),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    // Each stage's date and who moved the lead there: a user or API key id (the prefix tells which), kept
    // without a foreign key because it is history, like the events' actor_id.
    contactedAt: timestamp({ withTimezone: true }),
    contactedBy: text(),
    qualifiedAt: timestamp({ withTimezone: true }),
    qualifiedBy: text(),
    lostAt: timestamp({ withTimezone: true }),
    lostBy: text(),
    statusChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    statusChangedBy: text(),
    lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When someone first answered the lead: its first logged activity or first move to CONTACTED; set once. */
    firstResponseAt: timestamp({ withTimezone: true }),
    convertedAccountId: text(),
    convertedContactId: text(),
    convertedOpportunityId: text(),
    convertedAt: timestamp({ withTimezone: true }),
    mergedInto: text(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // Exact-email dedupe is decided by this index (INSERT … ON CONFLICT), never by read-then-write.
    uniqueIndex('leads_org_email_uq')
      .on(t.organizationId, t.emailIndex)
      .where(sql`${t.deletedAt} is null and ${t.emailIndex} is not null`),
    // Exact-phone dedupe, likewise by index; only for numbers that parsed to E.164.
    uniqueIndex('leads_org_phone_uq')
      .on(t.organizationId, t.phoneIndex)
      .where(sql`${t.deletedAt} is null and ${t.phoneIndex} is not null and ${t.phoneValid}`),
    // Lookups by phone (search, duplicate check) include numbers kept as entered, which the unique index
    // above leaves out; without this a phone search scans the table (measured: 143–260 ms at 500K).
    index('leads_org_phone_idx').on(t.organizationId, t.phoneIndex).where(sql`${t.phoneIndex} is not null`),
    index('leads_org_score_idx').on(t.organizationId, t.score.desc(), t.id),
    index('leads_org_created_idx').on(t.organizationId, t.createdAt.desc(), t.id),
    index('leads_org_assignee_idx').on(t.organizationId, t.assignedTo),
    index('leads_org_company_key_idx').on(t.organizationId, t.companyKey),
    index('leads_org_last_name_key_idx').on(t.organizationId, t.lastNameKey),
    index('leads_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    // The workspace list, which only ever shows live leads (hence partial, and smaller): a status tab in
    // score order and the per-status counts (an index-only scan, where a full index would need the heap
    // for deleted_at), the activity sort and stale filter, the name sort (folded last name; see
    // LEAD_SORT_NAME), and the tag filter (@>).
    index('leads_org_status_score_idx')
      .on(t.organizationId, t.status, t.score.desc(), t.id)
      .where(sql`${t.deletedAt} is null`),
    index('leads_org_activity_idx')
      .on(t.organizationId, t.lastActivityAt.desc(), t.id)
      .where(sql`${t.deletedAt} is null`),
    index('leads_org_sort_name_idx')
      .on(t.organizationId, sql`coalesce(${t.lastNameKey}, lower(${t.lastName}))`, t.id)
      .where(sql`${t.deletedAt} is null`),
    index('leads_tags_gin_idx').using('gin', t.tags).where(sql`${t.deletedAt} is null`),
    // The company, campaign and country sorts of the list: the exact expressions of LEAD_SORT_TEXT.
    index('leads_org_sort_company_idx')
      .on(t.organizationId, sql`coalesce(lower(${t.company}), '')`, t.id)
      .where(sql`${t.deletedAt} is null`),
    index('leads_org_sort_campaign_idx')
      .on(t.organizationId, sql`coalesce(lower(${t.campaign}), '')`, t.id)
      .where(sql`${t.deletedAt} is null`),
    index('leads_org_sort_country_idx')
      .on(t.organizationId, sql`coalesce(lower(${t.country}), '')`, t.id)
      .where(sql`${t.deletedAt} is null`),
  ],
);

/** The audit log and the timeline are one append-only table. */
export const leadEvents = pgTable(
  'lead_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    organizationId: organizationId(),
    leadId: text(),
    /** What the event is about when it is not a lead (form, user, import job, …). */
    entityType: text().notNull().default('lead'),
    entityId: text(),
    type: text().notNull(),
    actorType: actorTypeEnum().notNull(),
    actorId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('lead_events_lead_idx').on(t.organizationId, t.leadId, t.createdAt),
    index('lead_events_org_time_idx').on(t.organizationId, t.createdAt),
    // The audit log's filters, each newest first within the organization: by action; by kind of actor and
    // actor (users, keys and webhooks carry an id; the system and the public, the bulk of events, do not);
    // by entity other than a lead (a lead's events are found through lead_events_lead_idx). A rare match
    // among millions is found without a long scan.
    index('lead_events_org_type_idx').on(t.organizationId, t.type, t.createdAt),
    index('lead_events_org_actor_idx')
      .on(t.organizationId, t.actorType, t.actorId, t.createdAt)
      .where(sql`${t.actorId} is not null`),
    index('lead_events_org_entity_idx')
      .on(t.organizationId, t.entityType, t.entityId, t.createdAt)
      .where(sql`${t.entityType} <> 'lead'`),
  ],
);

export const notes = pgTable(
  'notes',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    leadId: text()
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    authorId: text().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('notes_lead_idx').on(t.organizationId, t.leadId)],
);

export const documents = pgTable(
  'documents',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    name: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    uploadedBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('documents_org_idx').on(t.organizationId)],
);

/** Documents attach to leads, and on conversion to opportunities, accounts or contacts. */
export const documentLinks = pgTable(
  'document_links',
  {
    documentId: text()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    organizationId: organizationId(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('document_links_uq').on(t.documentId, t.entityType, t.entityId),
    index('document_links_entity_idx').on(t.organizationId, t.entityType, t.entityId),
  ],
);

/** A system pushing leads by Standard Webhooks (HubSpot, Zapier, our own schema). */
export const webhookSources = pgTable(
  'webhook_sources',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    name: text().notNull(),
    /** Payload shape: our own JSON, or HubSpot's Forms v3 submission. */
    adapter: text().$type<'leadgate' | 'hubspot'>().notNull().default('leadgate'),
    /** Signing secrets, encrypted, oldest first; several while a secret is being rotated. */
    secretCiphertexts: text().array().notNull(),
    /**
     * The end of a rotation's overlap: until then every secret verifies, after it only the newest (the
     * housekeeping job then drops the others). Null: the older secrets stay until dropped by hand.
     */
    oldSecretsExpireAt: timestamp({ withTimezone: true }),
    defaultSource: text().notNull().default('Partner'),
    formId: text().references(() => forms.id, { onDelete: 'set null' }),
    enabled: boolean().notNull().default(true),
    /** Revoked sources answer 404 and leave the settings' list; their delivery log stays until pruned. */
    revokedAt: timestamp({ withTimezone: true }),
    /** Deliveries counted per log ring (see webhookDeliveries): their slot is the count modulo the ring. */
    signedDeliveries: bigint({ mode: 'number' }).notNull().default(0),
    unsignedDeliveries: bigint({ mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_sources_org_idx').on(t.organizationId)],
);

/**
 * The recent deliveries of each webhook source, as a ring per source: a delivery overwrites the slot of
 * the one N deliveries before it, so the log is bounded by construction and costs one upsert. Signed
 * deliveries and unsigned ones (bad signature, too old) have rings of their own, so forged requests cannot
 * push the real deliveries out. No personal data: the outcome, the lead's id and the problem's code.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    sourceId: text()
      .notNull()
      .references(() => webhookSources.id, { onDelete: 'cascade' }),
    slot: integer().notNull(),
    organizationId: organizationId(),
    /** The source's delivery count when this one arrived: orders deliveries of the same ring. */
    seq: bigint({ mode: 'number' }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    /** The sender's `webhook-id` when it is short printable ASCII (else null: it is the sender's text). */
    messageId: text(),
    outcome: text()
      .$type<'accepted' | 'replayed' | 'signature_invalid' | 'too_old' | 'invalid_payload'>()
      .notNull(),
    /** The lead created or updated (no foreign key: the log outlives nothing it points at). */
    leadId: text(),
    leadOutcome: text().$type<'created' | 'updated'>(),
    /** The problem answered (its code; the status follows from it) and the pointers of its field errors. */
    problemCode: text(),
    problemPointers: text().array(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.slot] }),
    index('webhook_deliveries_received_idx').on(t.receivedAt),
  ],
);

/** Submissions held back as suspicious (honeypot, too fast, failed Turnstile): never dropped, releasable. */
export const quarantinedSubmissions = pgTable(
  'quarantined_submissions',
  {
    id: text().primaryKey(),
    organizationId: organizationId(),
    formId: text(),
    channel: text().notNull(),
    reason: text().notNull(),
    /** The whole submission as encrypted JSON (it holds personal data). */
    payloadCiphertext: text().notNull(),
    createdAt: createdAt(),
    releasedAt: timestamp({ withTimezone: true }),
    releasedBy: text(),
    leadId: text(),
  },
  (t) => [
    index('quarantine_org_idx').on(t.organizationId, t.createdAt),
    // The held ones alone: the navigation's count and the retention job read only these.
    index('quarantine_held_idx').on(t.organizationId, t.createdAt).where(sql`released_at is null`),
  ],
);

/** "Possible duplicate" links found by fuzzy matching; the merge tool works through them. */
export const duplicateLinks = pgTable(
  'duplicate_links',
  {
    organizationId: organizationId(),
    leadId: text()
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    duplicateOf: text()
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    rule: text().notNull(),
    similarity: real().notNull(),
    status: text().$type<'open' | 'dismissed' | 'merged'>().notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.leadId, t.duplicateOf] }),
    index('duplicate_links_org_idx').on(t.organizationId, t.status),
  ],
);

export const leadStatusValues = leadStatusEnum.enumValues;
export type LeadStatus = (typeof leadStatusValues)[number];
