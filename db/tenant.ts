import { and, eq, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * The WHERE clause of every tenant query: the organization filter first, then the caller's conditions.
 * Queries build their filter through this, so the organization cannot be left out by accident.
 */
export function inOrg(
  table: { organizationId: AnyPgColumn },
  organizationId: string,
  ...conditions: Array<SQL | undefined>
): SQL {
  return and(eq(table.organizationId, organizationId), ...conditions)!;
}
