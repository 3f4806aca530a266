CREATE TABLE "duplicate_cluster_members" (
	"cluster_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"lead_id" text NOT NULL,
	CONSTRAINT "duplicate_cluster_members_cluster_id_lead_id_pk" PRIMARY KEY("cluster_id","lead_id")
);
--> statement-breakpoint
CREATE TABLE "duplicate_clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"rule" text NOT NULL,
	"score" real NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duplicate_dismissals" (
	"organization_id" text NOT NULL,
	"lead_a" text NOT NULL,
	"lead_b" text NOT NULL,
	"dismissed_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_dismissals_organization_id_lead_a_lead_b_pk" PRIMARY KEY("organization_id","lead_a","lead_b")
);
--> statement-breakpoint
CREATE TABLE "lead_erasures" (
	"lead_id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"reason" text NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_merges" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"master_id" text NOT NULL,
	"merged_ids" text[] NOT NULL,
	"fields" jsonb NOT NULL,
	"journal" jsonb,
	"merged_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "duplicate_cluster_members" ADD CONSTRAINT "duplicate_cluster_members_cluster_id_duplicate_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."duplicate_clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_cluster_members" ADD CONSTRAINT "duplicate_cluster_members_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_clusters" ADD CONSTRAINT "duplicate_clusters_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_erasures" ADD CONSTRAINT "lead_erasures_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_merges" ADD CONSTRAINT "lead_merges_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_cluster_members_lead_idx" ON "duplicate_cluster_members" USING btree ("organization_id","lead_id");--> statement-breakpoint
CREATE INDEX "duplicate_clusters_org_idx" ON "duplicate_clusters" USING btree ("organization_id","score" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "lead_merges_org_idx" ON "lead_merges" USING btree ("organization_id","created_at");