ALTER TABLE "memberships" DROP COLUMN "team";--> statement-breakpoint
ALTER TABLE "memberships" DROP COLUMN "senior";