ALTER TABLE "opportunities" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "accounts_name_key_trgm_idx" ON "accounts" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "opportunities_lead_uq" ON "opportunities" USING btree ("organization_id","lead_id") WHERE "opportunities"."lead_id" is not null;