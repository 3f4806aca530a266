-- Live updates: every commit that records lead events or notifications tells the listening processes
-- (NOTIFY is delivered at commit, and not at all on rollback), whichever path wrote them: form intake,
-- webhooks, import commits, bulk operations, merges, the API or a job. One notice per organization and
-- statement on the channel `leadgate_live`, as {"o": organization, "c": [created lead ids], "u": [changed
-- lead ids], "m": true when there were more than the first 20 of either, "n": [users with new or read
-- notifications]}: ids only, so nothing personal crosses the wire, and far below NOTIFY's 8000 bytes.
-- A lead is created by a `created` event, or an `imported` one whose outcome is `created`.
-- Only sessions that set `leadgate.live = on` notify (the Node face's connections, see db/connect.ts):
-- Postgres serialises the commits of notifying transactions, a cost not worth paying where no one listens
-- (Workers, where Neon sessions live for one request).
-- Reads that leave an audit trail ('exported') are not changes: a client refetching on them would loop.
CREATE OR REPLACE FUNCTION lg_live_lead_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF current_setting('leadgate.live', true) IS DISTINCT FROM 'on' THEN
    RETURN NULL;
  END IF;
  FOR r IN
    SELECT e.organization_id AS o,
      array_agg(DISTINCT e.lead_id) FILTER (WHERE e.type = 'created'
        OR (e.type = 'imported' AND e.data->>'outcome' = 'created')) AS created,
      array_agg(DISTINCT e.lead_id) FILTER (WHERE e.type <> 'created'
        AND NOT (e.type = 'imported' AND e.data->>'outcome' = 'created')) AS changed
    FROM new_events e
    WHERE e.lead_id IS NOT NULL AND e.type <> 'exported'
    GROUP BY e.organization_id
  LOOP
    PERFORM pg_notify('leadgate_live', json_build_object(
      'o', r.o,
      'c', coalesce(r.created[1:20], '{}'),
      'u', coalesce(r.changed[1:20], '{}'),
      'm', coalesce(cardinality(r.created), 0) > 20 OR coalesce(cardinality(r.changed), 0) > 20
    )::text);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER lead_events_live AFTER INSERT ON lead_events
REFERENCING NEW TABLE AS new_events
FOR EACH STATEMENT EXECUTE FUNCTION lg_live_lead_events();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION lg_live_notifications() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF current_setting('leadgate.live', true) IS DISTINCT FROM 'on' THEN
    RETURN NULL;
  END IF;
  FOR r IN
    SELECT n.organization_id AS o, array_agg(DISTINCT n.user_id) AS users
    FROM changed_notifications n
    GROUP BY n.organization_id
  LOOP
    PERFORM pg_notify('leadgate_live', json_build_object('o', r.o, 'n', r.users[1:100])::text);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER notifications_live_insert AFTER INSERT ON notifications
REFERENCING NEW TABLE AS changed_notifications
FOR EACH STATEMENT EXECUTE FUNCTION lg_live_notifications();
--> statement-breakpoint
CREATE TRIGGER notifications_live_update AFTER UPDATE ON notifications
REFERENCING NEW TABLE AS changed_notifications
FOR EACH STATEMENT EXECUTE FUNCTION lg_live_notifications();
