import { LOSS_REASONS, type LossReason } from '@core/status';
import { useSignal } from '@preact/signals';
import { t } from '../../i18n';
import { Dialog, DialogActions } from '../../ui/dialog';
import { errorAttributes, Field, TextAreaField } from '../../ui/text-field';

/** Why a lead was lost, and whether its open tasks go with it. */
export type Loss = { reason: LossReason; text: string | null; closeOpenTasks?: boolean };

type LossDialogProps = {
  open: boolean;
  busy: boolean;
  /**
   * The lead's open tasks: when there are any, the dialog offers to close them (checked). `unknown` where
   * the caller does not know the count (a list row, a card, a selection): the offer is made in general.
   */
  openTasks?: number | 'unknown';
  onCancel: () => void;
  onConfirm: (loss: Loss) => void;
};

/**
 * Asks why a lead was lost before moving it to LOST: a reason is required, and a text for "Other"; offers
 * to close the lead's open tasks.
 */
export function LossDialog({ open, busy, openTasks = 0, onCancel, onConfirm }: LossDialogProps) {
  const reason = useSignal<LossReason | ''>('');
  const text = useSignal('');
  const closeTasks = useSignal(true);
  const errors = useSignal<{ reason?: boolean; text?: boolean }>({});
  const submit = (event: Event) => {
    event.preventDefault();
    const chosen = reason.value;
    const explanation = text.value.trim();
    const next = { reason: !chosen, text: chosen === 'OTHER' && !explanation };
    errors.value = next;
    if (!chosen) return document.getElementById('loss-reason')?.focus();
    if (next.text) return document.getElementById('loss-text')?.focus();
    onConfirm({
      reason: chosen,
      text: explanation || null,
      ...((openTasks === 'unknown' || openTasks > 0) && { closeOpenTasks: closeTasks.value }),
    });
  };
  const close = () => {
    reason.value = '';
    text.value = '';
    errors.value = {};
    onCancel();
  };
  return (
    <Dialog open={open} onClose={close} title={t('loss.title')} titleId="loss-title">
      <form class="form" onSubmit={submit} noValidate>
        <Field
          id="loss-reason"
          label={t('loss.reason')}
          error={errors.value.reason && t('loss.error.reason')}
        >
          <select
            id="loss-reason"
            required
            {...errorAttributes('loss-reason', errors.value.reason)}
            value={reason.value}
            onChange={(event) => {
              reason.value = event.currentTarget.value as LossReason | '';
            }}
          >
            <option value="">{t('loss.choose')}</option>
            {LOSS_REASONS.map((code) => (
              <option key={code} value={code}>
                {t(`loss.${code}`)}
              </option>
            ))}
          </select>
        </Field>
        {reason.value === 'OTHER' && (
          <TextAreaField
            id="loss-text"
            label={t('loss.text')}
            required
            maxLength={1000}
            rows={3}
            error={errors.value.text && t('loss.error.text')}
            bind={text}
          />
        )}
        {(openTasks === 'unknown' || openTasks > 0) && (
          <label class="check">
            <input
              type="checkbox"
              checked={closeTasks.value}
              onChange={(event) => {
                closeTasks.value = event.currentTarget.checked;
              }}
            />
            {openTasks === 'unknown' ? t('loss.closeTasksAny') : t('loss.closeTasks', { count: openTasks })}
          </label>
        )}
        <DialogActions label={t('loss.submit')} busy={busy} onCancel={close} />
      </form>
    </Dialog>
  );
}
