import type { Note, Timeline } from '@contract/workspace-activity';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { Problem } from '../../api/problem';
import type { MessageKey } from '../../i18n';

/** The timeline's type filter choices: each is one or more event types. */
export const TIMELINE_FILTERS = {
  all: [],
  status: ['status_changed'],
  notes: ['note_added', 'note_updated', 'note_deleted'],
  activities: ['activity.call', 'activity.email', 'activity.meeting'],
  changes: ['created', 'updated', 'assigned', 'claimed', 'released', 'tags_changed'],
  documents: ['document_uploaded', 'document_deleted'],
} as const satisfies Record<string, readonly string[]>;
export type TimelineFilter = keyof typeof TIMELINE_FILTERS;

const TYPE_KEYS = {
  created: 'timeline.type.created',
  updated: 'timeline.type.updated',
  status_changed: 'timeline.type.status_changed',
  assigned: 'timeline.type.assigned',
  claimed: 'timeline.type.claimed',
  released: 'timeline.type.released',
  'activity.call': 'timeline.type.activity.call',
  'activity.email': 'timeline.type.activity.email',
  'activity.meeting': 'timeline.type.activity.meeting',
  tags_changed: 'timeline.type.tags_changed',
  note_added: 'timeline.type.note_added',
  note_updated: 'timeline.type.note_updated',
  note_deleted: 'timeline.type.note_deleted',
  document_uploaded: 'timeline.type.document_uploaded',
  document_deleted: 'timeline.type.document_deleted',
  resubmitted: 'timeline.type.resubmitted',
  possible_duplicate: 'timeline.type.possible_duplicate',
  score_aged: 'timeline.type.score_aged',
  converted: 'timeline.type.converted',
} as const satisfies Record<string, MessageKey>;

/** The catalog key naming an event type, or null for a type this dashboard does not know (shown as is). */
export function eventTypeKey(type: string): MessageKey | null {
  return Object.hasOwn(TYPE_KEYS, type) ? TYPE_KEYS[type as keyof typeof TYPE_KEYS] : null;
}

/** A lead's notes and timeline. */
export const ActivityModel = createModel(() => {
  const notes = signal<Note[]>([], { name: 'activity.notes' });
  const events = signal<Timeline['items']>([], { name: 'activity.events' });
  const people = signal<Record<string, string>>({}, { name: 'activity.people' });
  const filter = signal<TimelineFilter>('all', { name: 'activity.filter' });
  const problem = signal<Problem | null>(null, { name: 'activity.problem' });
  let ticket = 0;

  const fail = (p: Problem) => {
    problem.value = p;
    return false;
  };

  return {
    notes: notes as ReadonlySignal<Note[]>,
    events: events as ReadonlySignal<Timeline['items']>,
    /** Names of the people the timeline's assignments name. */
    people: people as ReadonlySignal<Record<string, string>>,
    filter: filter as ReadonlySignal<TimelineFilter>,
    problem: problem as ReadonlySignal<Problem | null>,

    /** Loads the timeline for a filter; a slower answer for an older filter is dropped. */
    async loadTimeline(api: ApiClient, leadId: string, next: TimelineFilter = filter.value): Promise<void> {
      const mine = ++ticket;
      filter.value = next;
      const result = await api.getTimeline(leadId, [...TIMELINE_FILTERS[next]]);
      if (mine !== ticket) return;
      batch(() => {
        if (result.ok) {
          events.value = result.data.items;
          people.value = result.data.people ?? {};
        } else problem.value = result.problem;
      });
    },

    async loadNotes(api: ApiClient, leadId: string): Promise<void> {
      const result = await api.listNotes(leadId);
      if (result.ok) notes.value = result.data.items;
      else problem.value = result.problem;
    },

    async addNote(api: ApiClient, leadId: string, body: string): Promise<boolean> {
      problem.value = null;
      const result = await api.addNote(leadId, body);
      if (!result.ok) return fail(result.problem);
      notes.value = [result.data, ...notes.value];
      return true;
    },

    async editNote(api: ApiClient, leadId: string, noteId: string, body: string): Promise<boolean> {
      problem.value = null;
      const result = await api.updateNote(leadId, noteId, body);
      if (!result.ok) return fail(result.problem);
      notes.value = notes.value.map((n) => (n.id === noteId ? result.data : n));
      return true;
    },

    async deleteNote(api: ApiClient, leadId: string, noteId: string): Promise<boolean> {
      problem.value = null;
      const result = await api.deleteNote(leadId, noteId);
      if (!result.ok) return fail(result.problem);
      notes.value = notes.value.filter((n) => n.id !== noteId);
      return true;
    },
  };
});

export type ActivityModel = InstanceType<typeof ActivityModel>;
