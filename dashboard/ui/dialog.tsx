import type { Signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

type DialogProps = {
  open: boolean;
  /** Called when the dialog closes by Escape or a close button; the caller sets `open` false. */
  onClose: () => void;
  title: string;
  /** Id for the title, so `aria-labelledby` names the dialog. */
  titleId: string;
  children: ComponentChildren;
};

/**
 * A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert (focus stays
 * inside) and Escape closes it; on closing, focus returns to the control that opened it (or to `<main>`).
 */
export function Dialog({ open, onClose, title, titleId, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  // A layout effect, so the dialog opens and closes (and focus returns) with the render that says so,
  // never leaving an open, emptied dialog on screen for a frame.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    return () => {
      dialog.close();
      // The opener may be gone (a card moved, a status button replaced): then the page's main region.
      if (opener?.isConnected) opener.focus();
      else document.getElementById('main')?.focus();
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <h2 id={titleId} class="dialog__title">
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}

type FormButtonsProps = {
  /** The primary button's text. */
  label: string;
  /** Runs the action; without it the primary button submits its form. */
  onConfirm?: () => void;
  onCancel: () => void;
  busy?: boolean;
  cancelLabel?: string;
};

/** The primary action, then Cancel. */
export function FormButtons({ label, onConfirm, onCancel, busy, cancelLabel }: FormButtonsProps) {
  return (
    <>
      <button
        type={onConfirm ? 'button' : 'submit'}
        class="button button--primary"
        disabled={busy}
        onClick={onConfirm}
      >
        {label}
      </button>
      <button type="button" class="button" onClick={onCancel}>
        {cancelLabel ?? t('dialog.cancel')}
      </button>
    </>
  );
}

/** A dialog's buttons: the primary action, then Cancel. */
export function DialogActions(props: FormButtonsProps) {
  return (
    <div class="dialog__actions">
      <FormButtons {...props} />
    </div>
  );
}

type ConfirmDialogProps<T> = {
  /** What the action is about; the dialog is open while it is set, and cancelling clears it. */
  target: Signal<T | null>;
  title: (target: T) => string;
  titleId: string;
  label: string;
  onConfirm: () => void;
  children?: ComponentChildren;
};

/** Asks before an action on one item (deleting a document, a saved view). */
export function ConfirmDialog<T>({
  target,
  title,
  titleId,
  label,
  onConfirm,
  children,
}: ConfirmDialogProps<T>) {
  const cancel = () => {
    target.value = null;
  };
  const current = target.value;
  return (
    <Dialog
      open={current !== null}
      onClose={cancel}
      title={current === null ? '' : title(current)}
      titleId={titleId}
    >
      {children}
      <DialogActions label={label} onConfirm={onConfirm} onCancel={cancel} />
    </Dialog>
  );
}
