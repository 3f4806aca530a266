CREATE TABLE "webhook_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" text NOT NULL,
	"message_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"replay" boolean DEFAULT false NOT NULL,
	"url" text NOT NULL,
	"request_headers" jsonb NOT NULL,
	"response_status" integer,
	"response_excerpt" text,
	"error" text,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "webhook_messages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"event_type" text NOT NULL,
	"lead_id" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" text[] NOT NULL,
	"secret_ciphertexts" text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"failing_since" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_message_id_webhook_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."webhook_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_messages" ADD CONSTRAINT "webhook_messages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_messages" ADD CONSTRAINT "webhook_messages_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_attempts_message_idx" ON "webhook_attempts" USING btree ("message_id","attempt");--> statement-breakpoint
CREATE INDEX "webhook_attempts_age_idx" ON "webhook_attempts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "webhook_messages_due_idx" ON "webhook_messages" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_messages_lead_idx" ON "webhook_messages" USING btree ("subscription_id","lead_id","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_messages_log_idx" ON "webhook_messages" USING btree ("organization_id","subscription_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_org_idx" ON "webhook_subscriptions" USING btree ("organization_id");--> statement-breakpoint
-- Outgoing webhooks: the one mapping of a lead event (or an import's) to a webhook event type. NULL: the
-- event is not sent. Tested case by case in test/api/outgoing-webhooks.test.ts.
CREATE FUNCTION lg_webhook_event_type(entity_type text, type text, data jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN entity_type = 'import_job' AND type = 'import.committed' THEN 'import.completed'
    WHEN entity_type IS DISTINCT FROM 'lead' THEN NULL
    WHEN type = 'created' THEN 'lead.created'
    WHEN type = 'imported' AND data->>'outcome' = 'created' THEN 'lead.created'
    WHEN type = 'imported' AND data->>'outcome' = 'updated' THEN 'lead.updated'
    WHEN type IN ('updated', 'resubmitted', 'tags_changed') THEN 'lead.updated'
    WHEN type = 'status_changed' THEN 'lead.status_changed'
    WHEN type IN ('assigned', 'claimed') THEN 'lead.assigned'
    WHEN type = 'converted' THEN 'lead.converted'
    WHEN type = 'merged' THEN 'lead.merged'
    WHEN type = 'erased' THEN 'lead.erased'
  END
$$;
--> statement-breakpoint
-- What a webhook tells of the event beyond the lead's snapshot: ids, statuses and the names of changed
-- fields, never personal data (field values of an edit, free texts, file names): the receiver reads those
-- through the API with a key, so an erasure leaves nothing behind in the delivery log.
CREATE FUNCTION lg_webhook_event_detail(entity_id text, type text, data jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_strip_nulls(CASE
    WHEN type = 'import.committed' THEN jsonb_build_object('importId', entity_id, 'counts', data->'counts')
    WHEN type = 'imported' THEN jsonb_build_object('importId', data->'jobId')
    WHEN type = 'updated' THEN jsonb_build_object('changed',
      (SELECT coalesce(jsonb_agg(k ORDER BY k), '[]'::jsonb) FROM jsonb_object_keys(coalesce(data->'changes', '{}'::jsonb)) k))
    WHEN type = 'tags_changed' THEN jsonb_build_object('changed', '["tags"]'::jsonb)
    WHEN type = 'resubmitted' THEN jsonb_build_object('resubmitted', true)
    WHEN type = 'status_changed' THEN
      jsonb_build_object('from', data->'from', 'to', data->'to', 'lossReason', data->'lossReason')
    WHEN type IN ('assigned', 'claimed') THEN
      jsonb_build_object('from', data->'from', 'to', data->'to', 'claimed', CASE WHEN type = 'claimed' THEN true END)
    WHEN type = 'converted' THEN jsonb_build_object('accountId', data->'accountId', 'contactId',
      data->'contactId', 'opportunityId', data->'opportunityId')
    WHEN type = 'merged' THEN jsonb_build_object('mergedIds', data->'mergedIds')
    WHEN type = 'erased' THEN jsonb_build_object('reason', data->'reason')
    ELSE '{}'::jsonb
  END)
$$;
--> statement-breakpoint
-- Enqueues one message per event and enabled subscription that asked for its type, in the transaction
-- that wrote the event: the change and its webhooks commit together or not at all. Message ids follow
-- Standard Webhooks' `msg_` shape; `seq` (identity, in event order) orders a lead's messages.
CREATE FUNCTION lg_webhook_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE enabled) THEN
    RETURN NULL;
  END IF;
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
  ORDER BY e.id, s.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER lead_events_webhooks AFTER INSERT ON lead_events
REFERENCING NEW TABLE AS new_events
FOR EACH STATEMENT EXECUTE FUNCTION lg_webhook_enqueue();
