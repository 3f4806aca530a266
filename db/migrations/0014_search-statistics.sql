-- The list search asks the planner whether a search matches so many leads that walking the sort index fills
-- a page sooner than sorting the trigram index's matches (edge/services/list-leads.ts, plannerWalks). The
-- planner estimates a LIKE '%term%' from the column's histogram: with the default 100 entries every term
-- comes out in steps of 1 % of the table (measured at 500K leads: 5,003 estimated for 2,187 and 9,478
-- matches alike), with 1,000 in steps of 0.1 %. ANALYZE then samples 300,000 rows (13 s at 600K leads).
ALTER TABLE "leads" ALTER COLUMN "search_text" SET STATISTICS 1000;--> statement-breakpoint
ANALYZE "leads" ("search_text");
