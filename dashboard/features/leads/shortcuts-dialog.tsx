import { type MessageKey, t } from '../../i18n';
import { Dialog } from '../../ui/dialog';

/** A key and what it does, worded by the catalog. */
export type Shortcut = readonly [key: string, label: MessageKey];

const LIST_SHORTCUTS: readonly Shortcut[] = [
  ['/', 'leads.shortcut.search'],
  ['Ctrl K', 'leads.shortcut.globalSearch'],
  ['Esc', 'leads.shortcut.leaveSearch'],
  ['J', 'leads.shortcut.next'],
  ['K', 'leads.shortcut.previous'],
  ['Enter', 'leads.shortcut.open'],
  ['[ ]', 'leads.shortcut.neighbours'],
  ['?', 'leads.shortcut.help'],
];

type ShortcutsDialogProps = {
  open: boolean;
  onClose: () => void;
  /** The page's shortcuts; the lead list's by default. */
  shortcuts?: readonly Shortcut[];
};

/** A page's keyboard shortcuts, opened with `?`. */
export function ShortcutsDialog({ open, onClose, shortcuts = LIST_SHORTCUTS }: ShortcutsDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title={t('leads.shortcuts')} titleId="shortcuts-title">
      <table class="shortcuts">
        <thead>
          <tr>
            <th scope="col">{t('leads.shortcut.key')}</th>
            <th scope="col">{t('leads.shortcut.action')}</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map(([key, label]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="dialog__actions">
        <button type="button" class="button button--primary" onClick={onClose}>
          {t('dialog.close')}
        </button>
      </div>
    </Dialog>
  );
}
