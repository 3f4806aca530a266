-- Prompt webhook delivery on Workers: the worker's sessions (application_name 'leadgate-worker', see
-- db/connect-neon.ts) hear of the messages their transaction enqueued as a NOTICE whose DETAIL is
-- 'leadgate_webhooks' and whose message is the organization id; once the transaction committed, the worker
-- hands that organization's due messages to the queue (the minute's cron stays the safety net). Otherwise
-- the same function as in the outgoing-webhooks migration.
CREATE OR REPLACE FUNCTION lg_webhook_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  org text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE enabled) THEN
    RETURN NULL;
  END IF;
  FOR org IN
    WITH inserted AS (
      INSERT INTO webhook_messages (id, organization_id, subscription_id, event_type, lead_id, payload,
        next_attempt_at, created_at)
      SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), e.organization_id, s.id, m.type, e.lead_id,
        jsonb_build_object(
          'type', m.type,
          'timestamp', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'version', 1,
          'data', jsonb_strip_nulls(jsonb_build_object(
            'eventId', e.id::text,
            'actor', jsonb_build_object('type', e.actor_type, 'id', e.actor_id),
            'lead', CASE WHEN e.lead_id IS NOT NULL THEN
              CASE WHEN e.type = 'erased' OR l.id IS NULL THEN jsonb_build_object('id', e.lead_id)
              ELSE jsonb_build_object('id', l.id, 'status', l.status, 'score', l.score, 'assignedTo',
                l.assigned_to, 'source', l.source, 'campaign', l.campaign, 'formId', l.form_id,
                'country', l.country, 'tags', to_jsonb(l.tags), 'createdAt',
                to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'version', l.version)
              END END
          )) || lg_webhook_event_detail(e.entity_id, e.type, e.data)),
        e.created_at, e.created_at
      FROM new_events e
      CROSS JOIN LATERAL (SELECT lg_webhook_event_type(e.entity_type, e.type, e.data) AS type) m
      JOIN webhook_subscriptions s ON s.organization_id = e.organization_id AND s.enabled
        AND m.type = ANY (s.event_types)
      LEFT JOIN leads l ON l.id = e.lead_id AND l.organization_id = e.organization_id
      WHERE m.type IS NOT NULL
      ORDER BY e.id, s.id
      RETURNING organization_id
    )
    SELECT DISTINCT organization_id FROM inserted
  LOOP
    IF current_setting('application_name', true) = 'leadgate-worker' THEN
      RAISE NOTICE '%', org USING DETAIL = 'leadgate_webhooks';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
