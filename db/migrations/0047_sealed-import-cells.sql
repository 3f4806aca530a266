ALTER TABLE "import_rows" ALTER COLUMN "data" SET DEFAULT '{}'::jsonb;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "cells_ciphertext" text;