import { pgEnum } from 'drizzle-orm/pg-core';
import { ROLES } from '../../edge/core/permissions';
import { LEAD_STATUSES, LOSS_REASONS } from '../../edge/core/status';

export const roleEnum = pgEnum('role', ROLES);
export const leadStatusEnum = pgEnum('lead_status', LEAD_STATUSES);
export const lossReasonEnum = pgEnum('loss_reason', LOSS_REASONS);
export const formStatusEnum = pgEnum('form_status', ['active', 'disabled']);
export const actorTypeEnum = pgEnum('actor_type', ['user', 'api_key', 'public', 'webhook', 'system']);
