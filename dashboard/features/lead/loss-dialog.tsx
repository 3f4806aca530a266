import { LOSS_REASONS, type LossReason } from '@core/status';
import { useSignal } from '@preact/signals';
import { t } from '../../i18n';
import { Dialog } from '../../ui/dialog';

type LossDialogProps = {
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (loss: { reason: LossReason; text: string | null }) => void;
};

/** Asks why a lead was lost before moving it to LOST: a reason is required, and a text for "Other". */
export function LossDialog({ open, busy, onCancel, onConfirm }: LossDialogProps) {
  const reason = useSignal<LossReason | ''>('');
  const text = useSignal('');
  const errors = useSignal<{ reason?: boolean; text?: boolean }>({});
  const submit = (event: Event) => {
    event.preventDefault();
    const chosen = reason.value;
    const explanation = text.value.trim();
    const next = { reason: !chosen, text: chosen === 'OTHER' && !explanation };
    errors.value = next;
    if (!chosen) return document.getElementById('loss-reason')?.focus();
    if (next.text) return document.getElementById('loss-text')?.focus();
    onConfirm({ reason: chosen, text: explanation || null });
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
        <div class="field">
          <label for="loss-reason">{t('loss.reason')}</label>
          <select
            id="loss-reason"
            required
            aria-invalid={errors.value.reason ? 'true' : undefined}
            aria-describedby={errors.value.reason ? 'loss-reason-error' : undefined}
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
          {errors.value.reason && (
            <p id="loss-reason-error" class="field__error">
              {t('loss.error.reason')}
            </p>
          )}
        </div>
        {reason.value === 'OTHER' && (
          <div class="field">
            <label for="loss-text">{t('loss.text')}</label>
            <textarea
              id="loss-text"
              required
              maxLength={1000}
              rows={3}
              aria-invalid={errors.value.text ? 'true' : undefined}
              aria-describedby={errors.value.text ? 'loss-text-error' : undefined}
              value={text.value}
              onInput={(event) => {
                text.value = event.currentTarget.value;
              }}
            />
            {errors.value.text && (
              <p id="loss-text-error" class="field__error">
                {t('loss.error.text')}
              </p>
            )}
          </div>
        )}
        <div class="dialog__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {t('loss.submit')}
          </button>
          <button type="button" class="button" onClick={close}>
            {t('dialog.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
