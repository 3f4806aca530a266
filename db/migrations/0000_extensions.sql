-- Trigram similarity for search and fuzzy dedupe; Levenshtein for confirming fuzzy matches.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
