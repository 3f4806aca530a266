-- Live updates on Workers: there is no listener there (a Neon session lives for one request), so the
-- worker's sessions (application_name 'leadgate-worker', see db/connect-neon.ts) get each notice back on
-- their own connection as a NOTICE message whose DETAIL is 'leadgate_live'. The worker collects them and,
-- once the request's database work is done, posts them to the organizations' live rooms (Durable
-- Objects). A NOTICE costs no commit serialisation, unlike NOTIFY; the Node face's sessions
-- (`leadgate.live = on`) still NOTIFY. Same payload as the live-notify migration.
CREATE OR REPLACE FUNCTION lg_live_lead_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  mode text;
  payload text;
BEGIN
  mode := CASE WHEN current_setting('leadgate.live', true) = 'on' THEN 'notify'
    WHEN current_setting('application_name', true) = 'leadgate-worker' THEN 'notice' END;
  IF mode IS NULL THEN
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
    payload := json_build_object(
      'o', r.o,
      'c', coalesce(r.created[1:20], '{}'),
      'u', coalesce(r.changed[1:20], '{}'),
      'm', coalesce(cardinality(r.created), 0) > 20 OR coalesce(cardinality(r.changed), 0) > 20
    )::text;
    IF mode = 'notify' THEN
      PERFORM pg_notify('leadgate_live', payload);
    ELSE
      RAISE NOTICE '%', payload USING DETAIL = 'leadgate_live';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION lg_live_notifications() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  mode text;
  payload text;
BEGIN
  mode := CASE WHEN current_setting('leadgate.live', true) = 'on' THEN 'notify'
    WHEN current_setting('application_name', true) = 'leadgate-worker' THEN 'notice' END;
  IF mode IS NULL THEN
    RETURN NULL;
  END IF;
  FOR r IN
    SELECT n.organization_id AS o, array_agg(DISTINCT n.user_id) AS users
    FROM changed_notifications n
    GROUP BY n.organization_id
  LOOP
    payload := json_build_object('o', r.o, 'n', r.users[1:100])::text;
    IF mode = 'notify' THEN
      PERFORM pg_notify('leadgate_live', payload);
    ELSE
      RAISE NOTICE '%', payload USING DETAIL = 'leadgate_live';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
