/*
 * The kinds of logged activity and their choices, without zod, so the dashboard can import the lists
 * without the schema library.
 */

/** The longest note an activity keeps: the same as a note of the lead. */
export const MAX_ACTIVITY_NOTE = 10_000;

export const CALL_OUTCOMES = ['connected', 'voicemail', 'no_answer', 'wrong_number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export const EMAIL_DIRECTIONS = ['sent', 'received'] as const;
export type EmailDirection = (typeof EMAIL_DIRECTIONS)[number];
export const ACTIVITY_KINDS = ['call', 'email', 'meeting'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The timeline event type an activity of each kind is stored as. */
export const ACTIVITY_EVENT_TYPES = {
  call: 'activity.call',
  email: 'activity.email',
  meeting: 'activity.meeting',
} as const satisfies Record<ActivityKind, string>;
