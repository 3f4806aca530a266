import {
  type ActivityKind,
  CALL_OUTCOMES,
  type CallOutcome,
  EMAIL_DIRECTIONS,
  type EmailDirection,
} from '@contract/activity-kinds';
import type { LogActivity } from '@contract/lead-activities';
import { t } from '../../i18n';

/** What the log dialog holds while it is filled in: text, as typed. */
export type ActivityDraft = {
  kind: ActivityKind;
  outcome: CallOutcome;
  direction: EmailDirection;
  subject: string;
  minutes: string;
  note: string;
};

/** A fresh draft of `kind` (a call defaults to "no answer", the most common outcome of a cold call). */
export function emptyDraft(kind: ActivityKind = 'call'): ActivityDraft {
  return { kind, outcome: 'no_answer', direction: 'sent', subject: '', minutes: '', note: '' };
}

/** The minutes typed as a whole number, or null when none or not one (the form says so). */
export function parseMinutes(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : 'invalid';
}

/** The request body for a draft: only what the kind has, blanks left out; minutes of a call as seconds. */
export function activityBody(draft: ActivityDraft): LogActivity | null {
  const minutes = parseMinutes(draft.minutes);
  if (minutes === 'invalid') return null;
  const note = draft.note.trim() ? { note: draft.note.trim() } : {};
  switch (draft.kind) {
    case 'call':
      return {
        kind: 'call',
        outcome: draft.outcome,
        ...(minutes !== null && { durationSeconds: minutes * 60 }),
        ...note,
      };
    case 'email':
      return {
        kind: 'email',
        direction: draft.direction,
        ...(draft.subject.trim() && { subject: draft.subject.trim() }),
        ...note,
      };
    case 'meeting':
      return { kind: 'meeting', ...(minutes !== null && { durationMinutes: minutes }), ...note };
  }
}

const isOneOf = <T extends string>(value: unknown, list: readonly T[]): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

/** How long, in words: whole minutes as minutes, anything else as seconds. */
function duration(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0
    ? t('timeline.durationMinutes', { count: seconds / 60 })
    : t('timeline.durationSeconds', { count: seconds });
}

/** A logged activity's facts in words, for its timeline entry: outcome or direction, duration, subject. */
export function activityFacts(type: string, data: Record<string, unknown>): string[] {
  const facts: string[] = [];
  if (type === 'activity.call' && isOneOf(data.outcome, CALL_OUTCOMES))
    facts.push(t(`activity.outcome.${data.outcome}`));
  if (type === 'activity.email' && isOneOf(data.direction, EMAIL_DIRECTIONS))
    facts.push(t(`activity.direction.${data.direction}`));
  const seconds = count(data.durationSeconds);
  if (seconds !== null) facts.push(duration(seconds));
  const minutes = count(data.durationMinutes);
  if (minutes !== null) facts.push(t('timeline.durationMinutes', { count: minutes }));
  if (typeof data.subject === 'string' && data.subject)
    facts.push(t('timeline.subject', { subject: data.subject }));
  return facts;
}
