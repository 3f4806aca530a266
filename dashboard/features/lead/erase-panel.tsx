import { useSignal } from '@preact/signals';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Dialog, DialogActions } from '../../ui/dialog';
import { problemMessageKey } from '../../ui/problem-message';
import { TextField } from '../../ui/text-field';
import { confirmsName } from './lead-view';

type ErasePanelProps = { leadId: string; name: string; onErased: () => void };

/**
 * GDPR erasure on the lead page (owners only; the server enforces it too): a button opening a dialog that
 * says what goes and that it cannot be undone, and asks for the lead's name typed out before erasing.
 */
export function ErasePanel({ leadId, name, onErased }: ErasePanelProps) {
  const api = useApp().api.duplicates;
  const open = useSignal(false);
  const typed = useSignal('');
  const mismatch = useSignal(false);
  const busy = useSignal(false);
  const problem = useSignal<Problem | null>(null);

  const close = () => {
    open.value = false;
    typed.value = '';
    mismatch.value = false;
    problem.value = null;
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    mismatch.value = !confirmsName(typed.value, name);
    if (mismatch.value) return document.getElementById('erase-confirm')?.focus();
    busy.value = true;
    const result = await api.erase(leadId);
    busy.value = false;
    if (!result.ok) {
      problem.value = result.problem;
      return;
    }
    open.value = false;
    onErased();
  };

  return (
    <section class="panel" aria-labelledby="erase-heading">
      <h2 id="erase-heading">{t('erase.heading')}</h2>
      <p class="hint">{t('erase.hint')}</p>
      <button
        type="button"
        class="button"
        onClick={() => {
          open.value = true;
        }}
      >
        {t('erase.button')}
      </button>
      <Dialog open={open.value} onClose={close} title={t('erase.title', { name })} titleId="erase-title">
        <form class="form" onSubmit={submit} noValidate>
          <p>{t('erase.body')}</p>
          <p>
            <strong>{t('erase.irreversible')}</strong>
          </p>
          <TextField
            id="erase-confirm"
            label={t('erase.confirmLabel', { name })}
            autocomplete="off"
            spellcheck={false}
            required
            error={mismatch.value && t('erase.error.mismatch', { name })}
            bind={typed}
          />
          <div role="alert">
            {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
          </div>
          <DialogActions label={t('erase.submit')} busy={busy.value} onCancel={close} />
        </form>
      </Dialog>
    </section>
  );
}
