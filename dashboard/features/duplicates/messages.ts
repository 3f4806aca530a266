import type { Cluster, ClusterMember } from '@contract/duplicates';
import type { Problem } from '../../api/problem';
import { locale, type MessageKey, t } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';
import { leadName } from '../leads/model';

/** Codes this feature words itself (by code, never by message text); the rest get the shared messages. */
const MERGE_MESSAGES: Record<string, MessageKey> = {
  conflict: 'merge.error.conflict',
  'duplicate-lead': 'merge.error.duplicateLead',
  'lead-converted': 'merge.error.converted',
};

export function duplicatesProblemKey(problem: Pick<Problem, 'code'>): MessageKey {
  return Object.hasOwn(MERGE_MESSAGES, problem.code)
    ? MERGE_MESSAGES[problem.code]!
    : problemMessageKey(problem);
}

/** The label of a matching rule (`email-exact`, …); an unknown rule shows as it is. */
export function ruleLabel(rule: string): MessageKey {
  return (
    (
      { 'email-exact': 'duplicates.rule.email', 'phone-exact': 'duplicates.rule.phone' } as Record<
        string,
        MessageKey
      >
    )[rule] ?? 'duplicates.rule.fuzzy'
  );
}

/** A rule's name inside a sentence ("Match: same email, similar name and company"). */
const RULE_NAMES: Record<string, MessageKey> = {
  'email-exact': 'dup.rule.email-exact',
  'phone-exact': 'dup.rule.phone-exact',
  'name-company-fuzzy': 'dup.rule.name-company-fuzzy',
};
const RULE_ORDER = Object.keys(RULE_NAMES);

/** The rules that paired the cluster's records, strongest first, as one line of the caption. */
export function clusterMatchSummary(cluster: Cluster): string {
  const rules = [...new Set(cluster.members.flatMap((m) => (m.match ? [m.match.rule] : [])))]
    .filter((rule) => Object.hasOwn(RULE_NAMES, rule))
    .sort((a, b) => RULE_ORDER.indexOf(a) - RULE_ORDER.indexOf(b));
  if (rules.length === 0) return t(ruleLabel(cluster.rule));
  const list = new Intl.ListFormat(locale.value, { type: 'unit' });
  return t('duplicates.matchedBy', { rules: list.format(rules.map((r) => t(RULE_NAMES[r]!))) });
}

/**
 * Why a record is in its cluster, naming the record it matched: the same email or phone, or how alike
 * name and company are. A fuzzy match never reads as 100 %: identical names say "same name and company",
 * and a near miss that would round up to 100 shows 99.
 */
export function memberMatchText(member: ClusterMember, members: ClusterMember[]): string {
  const match = member.match;
  if (!match) return t('duplicates.match.unknown');
  const other = members.find((m) => m.id === match.leadId);
  if (!other) return t(ruleLabel(match.rule));
  const name = leadName(other);
  switch (match.rule) {
    case 'email-exact':
      return t('duplicates.match.email', { name });
    case 'phone-exact':
      return t('duplicates.match.phone', { name });
    case 'name-company-fuzzy':
      return match.similarity >= 1
        ? t('duplicates.match.fuzzyEqual', { name })
        : t('duplicates.match.fuzzy', { name, score: Math.min(99, Math.round(match.similarity * 100)) });
    default:
      return t('duplicates.match.linked', { name });
  }
}
