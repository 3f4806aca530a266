import { timestamp } from 'drizzle-orm/pg-core';

/** `timestamptz not null default now()`, for created_at and updated_at columns. */
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
