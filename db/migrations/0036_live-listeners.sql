CREATE TABLE "live_listeners" (
	"organization_id" text NOT NULL,
	"listener_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "live_listeners_organization_id_listener_id_pk" PRIMARY KEY("organization_id","listener_id")
);
--> statement-breakpoint
ALTER TABLE "live_listeners" ADD CONSTRAINT "live_listeners_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The live triggers NOTIFY only for organizations someone watches (an unexpired `live_listeners` row):
-- a notifying commit takes a cluster-wide lock until its commit record is flushed, so notifying
-- transactions cannot share a WAL flush, and intake paid for it (−42 % submissions/s over TCP) even
-- with every dashboard closed. Workers' sessions keep their NOTICE (no commit lock). Same payloads as the
-- live-notify migration.
CREATE OR REPLACE FUNCTION lg_live_lead_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  mode text;
  payload text;
BEGIN
  mode := CASE WHEN current_setting('leadgate.live', true) = 'on' THEN 'notify'
    WHEN current_setting('application_name', true) = 'leadgate-worker' THEN 'notice' END;
  IF mode IS NULL
    OR (mode = 'notify' AND NOT EXISTS (SELECT 1 FROM live_listeners WHERE expires_at > now())) THEN
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
    CONTINUE WHEN mode = 'notify' AND NOT EXISTS (
      SELECT 1 FROM live_listeners l WHERE l.organization_id = r.o AND l.expires_at > now());
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
  IF mode IS NULL
    OR (mode = 'notify' AND NOT EXISTS (SELECT 1 FROM live_listeners WHERE expires_at > now())) THEN
    RETURN NULL;
  END IF;
  FOR r IN
    SELECT n.organization_id AS o, array_agg(DISTINCT n.user_id) AS users
    FROM changed_notifications n
    GROUP BY n.organization_id
  LOOP
    CONTINUE WHEN mode = 'notify' AND NOT EXISTS (
      SELECT 1 FROM live_listeners l WHERE l.organization_id = r.o AND l.expires_at > now());
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
