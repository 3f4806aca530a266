import { desc, eq } from 'drizzle-orm';
import { organizations, scoringRules } from '../../../db/schema';
import { inOrg } from '../../../db/tenant';
import type { Executor, Tx } from '../../../db/types';
import { DEFAULT_SCORING_RULES, parseScoringRules, type ScoringRules } from '../../core/score';

/** The scoring rules in force: the latest version, or the defaults as version 0 when none was ever saved. */
export async function getScoringRules(
  db: Executor,
  organizationId: string,
): Promise<{ version: number; rules: ScoringRules }> {
  const [row] = await db
    .select({ version: scoringRules.version, rules: scoringRules.rules })
    .from(scoringRules)
    .where(inOrg(scoringRules, organizationId))
    .orderBy(desc(scoringRules.version))
    .limit(1);
  return row
    ? { version: row.version, rules: parseScoringRules(row.rules) }
    : { version: 0, rules: DEFAULT_SCORING_RULES };
}

/**
 * Serializes changes to an organization's settings (rule versions, the routing list) for the length of the
 * transaction. NO KEY UPDATE, not UPDATE: inserts into tables referencing the organization take KEY SHARE
 * locks on its row, and those must not wait for a long rescoring.
 */
export async function lockOrganizationSettings(tx: Tx, organizationId: string): Promise<void> {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('no key update');
}
