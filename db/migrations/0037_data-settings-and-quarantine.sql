ALTER TABLE "organizations" ADD COLUMN "lead_purge_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "quarantine_retention_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "allowed_origins" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "default_form_locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
CREATE INDEX "quarantine_held_idx" ON "quarantined_submissions" USING btree ("organization_id","created_at") WHERE released_at is null;