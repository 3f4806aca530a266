import type { LeadStatus } from '@contract/leads';
import { hasRole } from '@core/permissions';
import { OPEN_STATUSES } from '@core/status';
import type { MessageKey } from '../../i18n';

/** The catalog key naming each scoring rule id; rules of one kind (title levels, company sizes) share a name. */
const RULE_KEYS: Record<string, MessageKey> = {
  'employees-large': 'score.rule.companySize',
  'employees-mid': 'score.rule.companySize',
  industry: 'score.rule.industry',
  'title-director': 'score.rule.title',
  'title-manager': 'score.rule.title',
  'title-individual': 'score.rule.title',
  region: 'score.rule.region',
  'demographic-cap': 'score.rule.demographicCap',
  'pricing-page': 'score.rule.pricingPage',
  'product-pages': 'score.rule.productPages',
  'form-submitted': 'score.rule.formSubmitted',
  'behavioral-cap': 'score.rule.behavioralCap',
  aging: 'score.rule.aging',
};

/** The message key for a scoring rule, or null for a rule this dashboard does not know (shown by id). */
export function ruleKey(rule: string): MessageKey | null {
  return Object.hasOwn(RULE_KEYS, rule) ? RULE_KEYS[rule]! : null;
}

/** "Industry +15 · Title +15 · Company size +10 = 40/100", with labels from `label`. */
export function breakdownText(
  items: readonly { rule: string; points: number }[],
  score: number,
  label: (rule: string) => string,
): string {
  const parts = items.map((i) => `${label(i.rule)} ${i.points < 0 ? '−' : '+'}${Math.abs(i.points)}`);
  return `${parts.join(' · ')} = ${score}/100`;
}

/** The pipeline's main path; LOST is an exit from any stage. */
const PATH: readonly LeadStatus[] = OPEN_STATUSES;

export type Stage = { status: LeadStatus; state: 'done' | 'current' | 'todo' };

/** The stages to draw for a lead: those passed are done, its own is current; LOST shows only when reached. */
export function stageProgress(status: LeadStatus): Stage[] {
  const at = PATH.indexOf(status);
  const main = PATH.map(
    (s, i): Stage => ({
      status: s,
      state: status === 'LOST' ? 'todo' : i < at ? 'done' : i === at ? 'current' : 'todo',
    }),
  );
  return status === 'LOST' ? [...main, { status: 'LOST', state: 'current' }] : main;
}

/** Why the viewer may not change this lead (a message key), or null when they may. */
export function readOnlyReason(
  session: { role: 'viewer' | 'member' | 'admin' | 'owner'; userId: string } | null,
  assigneeId: string | null,
): MessageKey | null {
  if (!session || session.role === 'viewer') return 'lead.readOnly.viewer';
  if (hasRole(session.role, 'admin')) return null;
  return assigneeId === session.userId ? null : 'lead.readOnly.notYours';
}

/**
 * Whether the name typed to confirm an erasure is the lead's: equal ignoring case, surrounding and repeated
 * spaces and Unicode form (a name typed on another keyboard may arrive decomposed).
 */
export function confirmsName(typed: string, name: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return norm(typed) !== '' && norm(typed) === norm(name);
}
