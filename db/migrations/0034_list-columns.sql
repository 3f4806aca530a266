ALTER TABLE "saved_views" ADD COLUMN "layout" jsonb;--> statement-breakpoint
CREATE INDEX "leads_org_sort_company_idx" ON "leads" USING btree ("organization_id",coalesce(lower("company"), ''),"id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_org_sort_campaign_idx" ON "leads" USING btree ("organization_id",coalesce(lower("campaign"), ''),"id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_org_sort_country_idx" ON "leads" USING btree ("organization_id",coalesce(lower("country"), ''),"id") WHERE "leads"."deleted_at" is null;