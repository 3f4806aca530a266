import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

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
