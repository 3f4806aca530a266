CREATE TABLE "form_refused_origins" (
	"organization_id" text NOT NULL,
	"form_id" text NOT NULL,
	"origin" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "form_refused_origins_form_id_origin_pk" PRIMARY KEY("form_id","origin")
);
--> statement-breakpoint
ALTER TABLE "form_refused_origins" ADD CONSTRAINT "form_refused_origins_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_refused_origins" ADD CONSTRAINT "form_refused_origins_form_id_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_refused_origins_recent_idx" ON "form_refused_origins" USING btree ("form_id","last_seen_at");