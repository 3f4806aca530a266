CREATE TABLE "signup_proofs" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "organization_id" DROP NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "signup_proofs_token_uq" ON "signup_proofs" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "signup_proofs_email_idx" ON "signup_proofs" USING btree ("email");