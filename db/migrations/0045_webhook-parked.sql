ALTER TABLE "webhook_messages" ADD COLUMN "parked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_messages" ADD COLUMN "parked_reason" text;