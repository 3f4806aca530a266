-- Teams from the free-text memberships.team: one team per organization and folded name (core/text
-- foldForMatch: combining marks stripped, lower case), named by its first spelling in code-point order;
-- members keep their senior flag. Routing compares folded names, so the rules naming a team keep
-- matching it.
INSERT INTO "teams" ("id", "organization_id", "name", "name_key")
SELECT 'team_' || substr(md5("organization_id" || '/' || "name_key"), 1, 26), "organization_id", min("name" COLLATE "C"), "name_key"
FROM (
  SELECT "organization_id", btrim("team") AS "name",
    lower(normalize(regexp_replace(normalize(btrim("team"), NFD), '[\u0300-\u036f]', '', 'g'), NFC)) AS "name_key"
  FROM "memberships"
  WHERE "team" IS NOT NULL AND btrim("team") <> ''
) m
GROUP BY "organization_id", "name_key";
--> statement-breakpoint
INSERT INTO "team_members" ("organization_id", "team_id", "user_id", "senior")
SELECT m."organization_id", t."id", m."user_id", m."senior"
FROM "memberships" m
JOIN "teams" t ON t."organization_id" = m."organization_id"
  AND t."name_key" = lower(normalize(regexp_replace(normalize(btrim(m."team"), NFD), '[\u0300-\u036f]', '', 'g'), NFC))
WHERE m."team" IS NOT NULL AND btrim(m."team") <> '';
