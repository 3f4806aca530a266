ALTER TABLE "duplicate_cluster_members" ADD COLUMN "matched_with" text;--> statement-breakpoint
ALTER TABLE "duplicate_cluster_members" ADD COLUMN "rule" text;--> statement-breakpoint
ALTER TABLE "duplicate_cluster_members" ADD COLUMN "score" real;