CREATE INDEX "accounts_name_trgm_idx" ON "accounts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_full_name_trgm_idx" ON "contacts" USING gin ((coalesce("first_name", '') || ' ' || "last_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree ("organization_id","email_index") WHERE "contacts"."email_index" is not null;--> statement-breakpoint
CREATE INDEX "contacts_phone_idx" ON "contacts" USING btree ("organization_id","phone_index") WHERE "contacts"."phone_index" is not null;--> statement-breakpoint
CREATE INDEX "opportunities_name_trgm_idx" ON "opportunities" USING gin ("name" gin_trgm_ops);