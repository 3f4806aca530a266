CREATE TABLE "saved_views" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "contacted_by" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "qualified_by" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "lost_by" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "status_changed_by" text;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_views_org_owner_idx" ON "saved_views" USING btree ("organization_id","owner_id");--> statement-breakpoint
CREATE INDEX "leads_org_status_score_idx" ON "leads" USING btree ("organization_id","status","score" DESC NULLS LAST,"id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_org_activity_idx" ON "leads" USING btree ("organization_id","last_activity_at" DESC NULLS LAST,"id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_org_sort_name_idx" ON "leads" USING btree ("organization_id",coalesce("last_name_key", lower("last_name")),"id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_tags_gin_idx" ON "leads" USING gin ("tags") WHERE "leads"."deleted_at" is null;