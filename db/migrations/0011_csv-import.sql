CREATE TABLE "import_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "headers" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "committed_line" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "lead" jsonb;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "email_index" text;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "phone_index" text;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "phone_valid" boolean;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "last_name_key" text;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "first_name_key" text;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "company_key" text;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "plan" jsonb;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "match_lead_id" text;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "match_line" integer;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "similarity" real;--> statement-breakpoint
ALTER TABLE "import_templates" ADD CONSTRAINT "import_templates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_templates" ADD CONSTRAINT "import_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_templates_org_idx" ON "import_templates" USING btree ("organization_id","name");