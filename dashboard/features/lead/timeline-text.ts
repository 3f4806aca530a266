import type { Timeline } from '@contract/workspace-activity';
import { LEAD_STATUSES, LOSS_REASONS } from '@core/status';
import { type MessageKey, t } from '../../i18n';
import { FIELD_LABELS } from './field-labels';

type TimelineEvent = Timeline['items'][number];

const isStatus = (v: unknown): v is (typeof LEAD_STATUSES)[number] =>
  typeof v === 'string' && (LEAD_STATUSES as readonly string[]).includes(v);
const isLossReason = (v: unknown): v is (typeof LOSS_REASONS)[number] =>
  typeof v === 'string' && (LOSS_REASONS as readonly string[]).includes(v);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as the timeline shows it: a dash for nothing, text as it is, lists joined. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return t('lead.none');
  if (Array.isArray(value)) return value.length ? value.map(shown).join(', ') : t('lead.none');
  if (typeof value === 'object') return t('timeline.value.changed');
  return String(value);
}

/** The name of an edited field: the lead page's label where it has one, else the field's own name. */
function fieldName(field: string): string {
  if (field === 'score') return t('timeline.field.score');
  if (field === 'custom') return t('lead.custom');
  const key = (FIELD_LABELS as Record<string, MessageKey | undefined>)[field];
  return key ? t(key) : field;
}

const statusName = (value: unknown) => (isStatus(value) ? t(`leads.status.${value}`) : shown(value));

/**
 * What an event changed, in words, one line each: from → to for a status, each edited field with its old
 * and new value (email and phone only say that they changed: the log keeps no personal data), who a lead
 * was assigned from and to, the tags added and removed.
 */
export function eventDetails(event: TimelineEvent, people: Record<string, string> = {}): string[] {
  const data = event.data;
  switch (event.type) {
    case 'status_changed': {
      const lines = [t('timeline.fromTo', { from: statusName(data.from), to: statusName(data.to) })];
      if (isLossReason(data.lossReason)) {
        const reason = t(`loss.${data.lossReason}`);
        lines.push(
          typeof data.lossReasonText === 'string' && data.lossReasonText
            ? t('timeline.lossReasonText', { reason, text: data.lossReasonText })
            : t('timeline.lossReason', { reason }),
        );
      }
      return lines;
    }
    case 'updated': {
      const changes = isRecord(data.changes) ? data.changes : {};
      return Object.entries(changes).map(([field, change]) => {
        const name = fieldName(field);
        if (!isRecord(change) || change.changed === true || field === 'custom')
          return t('timeline.fieldChanged', { field: name });
        return t('timeline.fieldFromTo', { field: name, from: shown(change.from), to: shown(change.to) });
      });
    }
    case 'assigned': {
      const person = (id: unknown) =>
        typeof id === 'string' ? (people[id] ?? t('timeline.someone')) : t('timeline.unassigned');
      return [t('timeline.fromTo', { from: person(data.from), to: person(data.to) })];
    }
    case 'tags_changed': {
      const lines: string[] = [];
      if (Array.isArray(data.added) && data.added.length)
        lines.push(t('timeline.tagsAdded', { tags: shown(data.added) }));
      if (Array.isArray(data.removed) && data.removed.length)
        lines.push(t('timeline.tagsRemoved', { tags: shown(data.removed) }));
      return lines;
    }
    case 'score_aged':
      return [
        t('timeline.fieldFromTo', {
          field: fieldName('score'),
          from: shown(data.before),
          to: shown(data.after),
        }),
      ];
    default:
      return [];
  }
}

/** A day's key in the viewer's time zone (yyyy-mm-dd), for grouping. */
export function dayKey(iso: string, timeZone?: string): string {
  // en-CA writes dates as yyyy-mm-dd.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/** Events (newest first) grouped by their day in the viewer's time zone, days newest first. */
export function byDay<E extends { at: string }>(
  events: readonly E[],
  timeZone?: string,
): Array<[string, E[]]> {
  const days = new Map<string, E[]>();
  for (const event of events) {
    const key = dayKey(event.at, timeZone);
    const list = days.get(key);
    if (list) list.push(event);
    else days.set(key, [event]);
  }
  return [...days];
}
