ALTER TABLE "leads" ADD COLUMN "last_name_key" text;--> statement-breakpoint
-- Rows from before this migration: lower-case only (accent folding happens in the application).
UPDATE "leads" SET "last_name_key" = lower("last_name");--> statement-breakpoint
CREATE INDEX "leads_org_company_key_idx" ON "leads" USING btree ("organization_id","company_key");--> statement-breakpoint
CREATE INDEX "leads_org_last_name_key_idx" ON "leads" USING btree ("organization_id","last_name_key");