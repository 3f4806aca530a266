import type { Note } from '@contract/workspace-activity';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDate, formatDateTime, formatTime, t } from '../../i18n';
import { DialogActions } from '../../ui/dialog';
import { focusAfterRender } from '../../ui/focus';
import { problemMessageKey } from '../../ui/problem-message';
import { bindText, TextAreaField } from '../../ui/text-field';
import { activityFacts } from './activity-log';
import { ActivityModel, eventTypeKey, TIMELINE_FILTERS, type TimelineFilter } from './activity-model';
import { DocumentsPanel } from './documents-panel';
import { byDay, eventDetails } from './timeline-text';

const typeLabel = (type: string) => {
  const key = eventTypeKey(type);
  return key ? t(key) : type;
};

const TABS = ['timeline', 'notes', 'documents'] as const;
type Tab = (typeof TABS)[number];

function TimelinePanel({ model, leadId }: { model: ActivityModel; leadId: string }) {
  const { api } = useApp();
  const events = model.events.value;
  return (
    <>
      <div class="field field--inline">
        <label for="timeline-filter">{t('timeline.filter')}</label>
        <select
          id="timeline-filter"
          value={model.filter.value}
          onChange={(event) => model.loadTimeline(api, leadId, event.currentTarget.value as TimelineFilter)}
        >
          {(Object.keys(TIMELINE_FILTERS) as TimelineFilter[]).map((key) => (
            <option key={key} value={key}>
              {t(`timeline.filter.${key}`)}
            </option>
          ))}
        </select>
      </div>
      {events.length === 0 ? (
        <p class="muted">{t('timeline.empty')}</p>
      ) : (
        <div class="timeline">
          {byDay(events).map(([day, items]) => (
            <section key={day} aria-labelledby={`timeline-day-${day}`}>
              <h3 id={`timeline-day-${day}`} class="timeline__day">
                <time dateTime={day}>{formatDate(items[0]!.at)}</time>
              </h3>
              <ol>
                {items.map((event) => {
                  const details = eventDetails(event, model.people.value);
                  return (
                    <li key={event.id}>
                      <time dateTime={event.at} title={formatDateTime(event.at)}>
                        {formatTime(event.at)}
                      </time>{' '}
                      <strong data-type={event.type}>{typeLabel(event.type)}</strong>{' '}
                      <span class="muted">
                        {event.actor.name
                          ? t('timeline.by', { name: event.actor.name })
                          : t('timeline.by.system')}
                      </span>
                      <ActivityDetails type={event.type} data={event.data} />
                      {details.length > 0 && (
                        <ul class="timeline__details">
                          {details.map((line) => (
                            <li key={line} dir="auto">
                              {line}
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ol>
            </section>
          ))}
        </div>
      )}
    </>
  );
}

/** A logged activity's outcome, duration and subject in words, and its note. */
function ActivityDetails({ type, data }: { type: string; data: Record<string, unknown> }) {
  if (!type.startsWith('activity.')) return null;
  const facts = activityFacts(type, data);
  return (
    <>
      {facts.length > 0 && (
        <span class="timeline__facts" dir="auto">
          {' — '}
          {facts.join(' · ')}
        </span>
      )}
      {typeof data.note === 'string' && data.note && (
        <p class="pre-line timeline__note" dir="auto">
          {data.note}
        </p>
      )}
    </>
  );
}

function NoteItem({
  note,
  model,
  leadId,
  canEdit,
}: {
  note: Note;
  model: ActivityModel;
  leadId: string;
  canEdit: boolean;
}) {
  const { api } = useApp();
  const editing = useSignal(false);
  const text = useSignal(note.body);
  const id = `note-${note.id}`;
  return (
    <li class="note">
      {editing.value ? (
        <form
          class="form"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!(await model.editNote(api, leadId, note.id, text.value))) return;
            editing.value = false;
            focusAfterRender(`[data-edit-note="${note.id}"]`);
          }}
        >
          <label for={id}>{t('notes.text')}</label>
          <textarea id={id} rows={3} {...bindText(text)} />
          <DialogActions
            label={t('lead.save')}
            onCancel={() => {
              editing.value = false;
              focusAfterRender(`[data-edit-note="${note.id}"]`);
            }}
          />
        </form>
      ) : (
        <>
          <p class="pre-line" dir="auto">
            {note.body}
          </p>
          <p class="hint">
            <time dateTime={note.createdAt}>{formatDate(note.createdAt)}</time>
            {note.author && ` · ${note.author.name}`}
          </p>
          {canEdit && (
            <div class="dialog__actions">
              <button
                type="button"
                class="button"
                data-edit-note={note.id}
                onClick={() => {
                  text.value = note.body;
                  editing.value = true;
                }}
              >
                {t('notes.edit')}
              </button>
              <button
                type="button"
                class="button"
                onClick={async () => {
                  // The note and its buttons go: continue at the field that adds notes.
                  await model.deleteNote(api, leadId, note.id);
                  focusAfterRender('#new-note');
                }}
              >
                {t('notes.delete')}
              </button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

function NotesPanel({ model, leadId, userId, canWrite, isAdmin }: NotesPanelProps) {
  const { api } = useApp();
  const text = useSignal('');
  const error = useSignal(false);
  const status = useSignal('');
  const add = async (event: Event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      error.value = true;
      document.getElementById('new-note')?.focus();
      return;
    }
    error.value = false;
    if (await model.addNote(api, leadId, text.value)) {
      text.value = '';
      status.value = t('notes.added');
    }
  };
  return (
    <>
      {canWrite && (
        <form class="form" onSubmit={add} noValidate>
          <TextAreaField
            id="new-note"
            label={t('notes.new')}
            rows={3}
            maxLength={10_000}
            error={error.value && t('notes.error.empty')}
            bind={text}
          />
          <div>
            <button type="submit" class="button button--primary">
              {t('notes.add')}
            </button>
          </div>
        </form>
      )}
      <p role="status" class="visually-hidden">
        {status.value}
      </p>
      {model.notes.value.length === 0 ? (
        <p class="muted">{t('notes.empty')}</p>
      ) : (
        <ul class="notes">
          {model.notes.value.map((note) => (
            <NoteItem
              key={note.id}
              note={note}
              model={model}
              leadId={leadId}
              canEdit={isAdmin || (canWrite && note.author?.id === userId)}
            />
          ))}
        </ul>
      )}
    </>
  );
}

type NotesPanelProps = {
  model: ActivityModel;
  leadId: string;
  userId: string | null;
  canWrite: boolean;
  isAdmin: boolean;
  /** May change the lead itself (upload documents): its assignee, or an admin. */
  canChangeLead: boolean;
  /** The lead's version: when it moves (the rep's own change, or a reload), the timeline is read again. */
  version: number;
};

type ActivityTabsProps = Omit<NotesPanelProps, 'model'> & {
  /** Changes when the lead's history grew elsewhere on the page (an activity logged, a claim): reloads it. */
  revision: number;
};

/** Timeline and notes as tabs (arrow keys move between tabs). */
export function ActivityTabs({ revision, ...props }: ActivityTabsProps) {
  const { api } = useApp();
  const model = useMemo(() => new ActivityModel(), []);
  const tab = useSignal<Tab>('timeline');
  useEffect(() => {
    void model.loadNotes(api, props.leadId);
  }, [api, model, props.leadId]);
  useEffect(() => {
    void model.loadTimeline(api, props.leadId);
  }, [api, model, props.leadId, props.version, revision]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const step = event.key === 'ArrowRight' ? 1 : TABS.length - 1;
    const next = TABS[(TABS.indexOf(tab.value) + step) % TABS.length]!;
    tab.value = next;
    document.getElementById(`tab-${next}`)?.focus();
  };
  const problem = model.problem.value;
  return (
    <section class="panel" aria-labelledby="activity-heading">
      <h2 id="activity-heading">{t('lead.tabs')}</h2>
      <div role="tablist" aria-labelledby="activity-heading" class="tabs">
        {TABS.map((name) => (
          <button
            key={name}
            id={`tab-${name}`}
            type="button"
            role="tab"
            class="tab"
            aria-selected={tab.value === name}
            aria-controls={tab.value === name ? `panel-${name}` : undefined}
            tabIndex={tab.value === name ? 0 : -1}
            onClick={() => {
              tab.value = name;
            }}
            onKeyDown={onKeyDown}
          >
            {t(`lead.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="alert">{problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}</div>
      <div id={`panel-${tab.value}`} role="tabpanel" aria-labelledby={`tab-${tab.value}`}>
        {tab.value === 'timeline' && <TimelinePanel model={model} leadId={props.leadId} />}
        {tab.value === 'notes' && <NotesPanel model={model} {...props} />}
        {tab.value === 'documents' && (
          <DocumentsPanel leadId={props.leadId} canUpload={props.canChangeLead} />
        )}
      </div>
    </section>
  );
}
