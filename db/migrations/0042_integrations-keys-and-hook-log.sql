CREATE TABLE "webhook_deliveries" (
	"source_id" text NOT NULL,
	"slot" integer NOT NULL,
	"organization_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"message_id" text,
	"outcome" text NOT NULL,
	"lead_id" text,
	"lead_outcome" text,
	"problem_code" text,
	"problem_pointers" text[],
	CONSTRAINT "webhook_deliveries_source_id_slot_pk" PRIMARY KEY("source_id","slot")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Keys made before scopes existed keep doing what they did: every scope, still capped by their role.
UPDATE "api_keys" SET "scopes" = ARRAY['leads:read','leads:write','submit','import','export','admin'];--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "last_used_ip" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_sources" ADD COLUMN "old_secrets_expire_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_sources" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_sources" ADD COLUMN "signed_deliveries" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_sources" ADD COLUMN "unsigned_deliveries" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_source_id_webhook_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."webhook_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("received_at");