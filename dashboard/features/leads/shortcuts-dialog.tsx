import { t } from '../../i18n';
import { Dialog } from '../../ui/dialog';

const SHORTCUTS = [
  ['/', 'leads.shortcut.search'],
  ['Ctrl K', 'leads.shortcut.globalSearch'],
  ['Esc', 'leads.shortcut.leaveSearch'],
  ['J', 'leads.shortcut.next'],
  ['K', 'leads.shortcut.previous'],
  ['Enter', 'leads.shortcut.open'],
  ['[ ]', 'leads.shortcut.neighbours'],
  ['?', 'leads.shortcut.help'],
] as const;

/** The list's keyboard shortcuts, opened with `?`. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
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
          {SHORTCUTS.map(([key, label]) => (
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
