import {
  ACTIVITY_KINDS,
  type ActivityKind,
  CALL_OUTCOMES,
  EMAIL_DIRECTIONS,
  MAX_ACTIVITY_NOTE,
} from '@contract/activity-kinds';
import { useSignal } from '@preact/signals';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Dialog, DialogActions } from '../../ui/dialog';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextAreaField, TextField } from '../../ui/text-field';
import { type ActivityDraft, activityBody, emptyDraft } from './activity-log';

type ActivityDialogProps = {
  leadId: string;
  /** The kind chosen when the dialog opens (a call after a `tel:` link, an email after `mailto:`). */
  kind: ActivityKind;
  onClose: () => void;
  onLogged: () => void;
};

/** Logs a call, an email or a meeting: the fields of the chosen kind, then one request. */
export function ActivityDialog({ leadId, kind, onClose, onLogged }: ActivityDialogProps) {
  const { api } = useApp();
  const draft = useSignal<ActivityDraft>(emptyDraft(kind));
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const minutesInvalid = useSignal(false);
  // Fields bind to signals of their own; the draft is assembled on submit.
  const outcome = useSignal<string>(emptyDraft().outcome);
  const subject = useSignal('');
  const minutes = useSignal('');
  const note = useSignal('');
  const d = draft.value;
  const set = (change: Partial<ActivityDraft>) => {
    draft.value = { ...draft.value, ...change };
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy.value) return;
    const body = activityBody({
      ...draft.value,
      outcome: outcome.value as ActivityDraft['outcome'],
      subject: subject.value,
      minutes: minutes.value,
      note: note.value,
    });
    minutesInvalid.value = body === null;
    if (!body) return document.getElementById('activity-minutes')?.focus();
    busy.value = true;
    error.value = null;
    const result = await api.leadDay.logActivity(leadId, body);
    busy.value = false;
    if (result.ok) return onLogged();
    const field = result.problem.errors?.[0];
    error.value = field ? fieldErrorMessage(field) : t(problemMessageKey(result.problem));
  };
  return (
    <Dialog open onClose={onClose} title={t('activity.log')} titleId="activity-title">
      <form class="form" onSubmit={submit} noValidate>
        <fieldset class="choices">
          <legend>{t('activity.kind')}</legend>
          {ACTIVITY_KINDS.map((k) => (
            <label key={k} class="check">
              <input
                type="radio"
                name="activity-kind"
                value={k}
                checked={d.kind === k}
                onChange={() => set({ kind: k })}
              />
              {t(`activity.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        {d.kind === 'call' && (
          <SelectField id="activity-outcome" label={t('activity.outcome')} bind={outcome}>
            {CALL_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`activity.outcome.${o}`)}
              </option>
            ))}
          </SelectField>
        )}
        {d.kind === 'email' && (
          <>
            <fieldset class="choices">
              <legend>{t('activity.direction')}</legend>
              {EMAIL_DIRECTIONS.map((dir) => (
                <label key={dir} class="check">
                  <input
                    type="radio"
                    name="activity-direction"
                    value={dir}
                    checked={d.direction === dir}
                    onChange={() => set({ direction: dir })}
                  />
                  {t(`activity.direction.${dir}`)}
                </label>
              ))}
            </fieldset>
            <TextField id="activity-subject" label={t('activity.subject')} maxLength={500} bind={subject} />
          </>
        )}
        {d.kind !== 'email' && (
          <TextField
            id="activity-minutes"
            label={t('activity.durationMinutes')}
            inputMode="numeric"
            autocomplete="off"
            error={minutesInvalid.value && t('field.invalid')}
            bind={minutes}
          />
        )}
        <TextAreaField
          id="activity-note"
          label={t('activity.note')}
          rows={3}
          maxLength={MAX_ACTIVITY_NOTE}
          bind={note}
        />
        <div role="alert">{error.value && <p class="notice notice--error">{error.value}</p>}</div>
        <DialogActions label={t('activity.save')} busy={busy.value} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
