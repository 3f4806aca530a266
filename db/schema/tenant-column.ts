import { text } from 'drizzle-orm/pg-core';
import { organizations } from './identity';

/** The tenant column every tenant table carries (kept apart from ./columns, which identity imports). */
export const organizationId = () =>
  text()
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });
