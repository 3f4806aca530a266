import { pgEnum } from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['viewer', 'member', 'admin', 'owner']);
export const leadStatusEnum = pgEnum('lead_status', ['NEW', 'CONTACTED', 'QUALIFIED', 'LOST']);
export const lossReasonEnum = pgEnum('loss_reason', [
  'NO_BUDGET',
  'NO_AUTHORITY',
  'NO_NEED',
  'BAD_TIMING',
  'UNRESPONSIVE',
  'COMPETITOR_CHOSEN',
  'OTHER',
]);
export const formStatusEnum = pgEnum('form_status', ['active', 'disabled']);
export const actorTypeEnum = pgEnum('actor_type', ['user', 'api_key', 'public', 'webhook', 'system']);
