ALTER TABLE "organizations" ADD COLUMN "claiming_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
UPDATE "leads" SET "first_response_at" = "contacted_at" WHERE "contacted_at" IS NOT NULL;