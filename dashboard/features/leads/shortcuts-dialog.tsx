import { type MessageKey, t } from '../../i18n';
import { Dialog } from '../../ui/dialog';

/** A key and what it does. */
export type Shortcut = readonly [key: string, label: MessageKey];

const LEAD_SHORTCUTS: readonly Shortcut[] = [
  ['/', 'leads.shortcut.search'],
  ['Esc', 'leads.shortcut.leaveSearch'],
  ['J', 'leads.shortcut.next'],
  ['K', 'leads.shortcut.previous'],
  ['Enter', 'leads.shortcut.open'],
  ['?', 'leads.shortcut.help'],
];

/** A page's keyboard shortcuts (the lead list's unless given), opened with `?`. */
export function ShortcutsDialog({
  open,
  onClose,
  shortcuts = LEAD_SHORTCUTS,
}: {
  open: boolean;
  onClose: () => void;
  shortcuts?: readonly Shortcut[];
}) {
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
