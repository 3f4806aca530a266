import type { Problem } from '../../api/problem';
import type { MessageKey } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';

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
