import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { t } from '../../i18n';
import { Dialog } from '../../ui/dialog';

/** Copies with the Clipboard API; false where it is missing or refused (the secret can still be selected). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

type SecretDialogProps = {
  /** The secret to show; the dialog is open while it is set. */
  secret: string | null;
  title: string;
  /** What the secret is for (a sentence or two above it). */
  children?: ComponentChildren;
  onClose: () => void;
};

/**
 * Shows a secret once: read-only and selected on focus, a copy button that says when it copied, and the
 * warning that it will not be shown again. Closing (the button or Escape) forgets it.
 */
export function SecretDialog({ secret, title, children, onClose }: SecretDialogProps) {
  const copied = useSignal<boolean | null>(null);
  const close = () => {
    copied.value = null;
    onClose();
  };
  return (
    <Dialog open={secret !== null} onClose={close} title={title} titleId="one-time-secret-title">
      {children}
      <p class="notice" id="one-time-secret-warning">
        {t('integrations.secret.once')}
      </p>
      <div class="field">
        <label for="one-time-secret">{t('integrations.secret.label')}</label>
        <input
          id="one-time-secret"
          class="secret-value"
          readOnly
          value={secret ?? ''}
          spellcheck={false}
          autocomplete="off"
          aria-describedby="one-time-secret-warning"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <p class="toolbar__status" aria-live="polite">
        {copied.value === true
          ? t('integrations.secret.copied')
          : copied.value === false
            ? t('integrations.secret.copyFailed')
            : ''}
      </p>
      <div class="dialog__actions">
        <button
          type="button"
          class="button button--primary"
          onClick={async () => {
            copied.value = await copyText(secret ?? '');
          }}
        >
          {t('integrations.secret.copy')}
        </button>
        <button type="button" class="button" onClick={close}>
          {t('integrations.secret.done')}
        </button>
      </div>
    </Dialog>
  );
}
