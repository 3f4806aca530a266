CREATE TABLE "duplicate_links" (
	"organization_id" text NOT NULL,
	"lead_id" text NOT NULL,
	"duplicate_of" text NOT NULL,
	"rule" text NOT NULL,
	"similarity" real NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_links_lead_id_duplicate_of_pk" PRIMARY KEY("lead_id","duplicate_of")
);
--> statement-breakpoint
CREATE TABLE "quarantined_submissions" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"form_id" text,
	"channel" text NOT NULL,
	"reason" text NOT NULL,
	"payload_ciphertext" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	"released_by" text,
	"lead_id" text
);
--> statement-breakpoint
CREATE TABLE "webhook_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"adapter" text DEFAULT 'leadgate' NOT NULL,
	"secret_ciphertexts" text[] NOT NULL,
	"default_source" text DEFAULT 'Partner' NOT NULL,
	"form_id" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "leads_org_phone_idx";--> statement-breakpoint
ALTER TABLE "routing_rules" ALTER COLUMN "enabled" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "routing_rules" ALTER COLUMN "enabled" SET DATA TYPE boolean USING "enabled" <> 0;--> statement-breakpoint
ALTER TABLE "routing_rules" ALTER COLUMN "enabled" SET DEFAULT true;--> statement-breakpoint
ALTER TABLE "forms" ADD COLUMN "min_submit_seconds" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "forms" ADD COLUMN "rate_limit_per_ip" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "forms" ADD COLUMN "rate_limit_per_form" integer DEFAULT 600 NOT NULL;--> statement-breakpoint
ALTER TABLE "forms" ADD COLUMN "default_locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "duplicate_links" ADD CONSTRAINT "duplicate_links_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_links" ADD CONSTRAINT "duplicate_links_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_links" ADD CONSTRAINT "duplicate_links_duplicate_of_leads_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantined_submissions" ADD CONSTRAINT "quarantined_submissions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_sources" ADD CONSTRAINT "webhook_sources_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_sources" ADD CONSTRAINT "webhook_sources_form_id_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."forms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_links_org_idx" ON "duplicate_links" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "quarantine_org_idx" ON "quarantined_submissions" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_sources_org_idx" ON "webhook_sources" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_org_phone_uq" ON "leads" USING btree ("organization_id","phone_index") WHERE "leads"."deleted_at" is null and "leads"."phone_index" is not null and "leads"."phone_valid";--> statement-breakpoint
ALTER TABLE "forms" DROP COLUMN "routing_rule_id";