import { LIST_COLUMNS } from '@contract/saved-views';
import { t } from '../../i18n';
import { Dialog } from '../../ui/dialog';
import { COLUMN_LABEL, type ColumnId, customKey, type Layout, moveColumn, toggleColumn } from './columns';

const columnLabel = (column: ColumnId) => {
  const key = customKey(column);
  return key !== null
    ? t('leads.columns.custom', { key })
    : t(COLUMN_LABEL[column as (typeof LIST_COLUMNS)[number]]);
};

type ChooserProps = {
  open: boolean;
  onClose: () => void;
  layout: Layout;
  onChange: (layout: Layout) => void;
  /** The organization's custom attribute keys. */
  customKeys: readonly string[];
  defaultColumns: readonly ColumnId[];
};

/**
 * Which columns the list shows and in which order: a checkbox per column, and up/down buttons beside each
 * shown one, so the order changes by keyboard (Tab to a button, Enter) as well as by pointer.
 */
export function ColumnChooser({ open, onClose, layout, onChange, customKeys, defaultColumns }: ChooserProps) {
  const shown = layout.columns;
  const all: ColumnId[] = [...LIST_COLUMNS, ...customKeys.map((k) => `custom:${k}` as const)];
  const hidden = all.filter((c) => !shown.includes(c));
  const set = (columns: ColumnId[]) => onChange({ ...layout, columns });
  const move = (column: ColumnId, delta: -1 | 1) => {
    set(moveColumn(shown, column, delta));
    // The button pressed may now be disabled (at an end): keep focus on the same column's row.
    requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`[data-column-row="${CSS.escape(column)}"]`);
      const button = row?.querySelector<HTMLButtonElement>(
        delta < 0 ? '[data-dir="up"]:not(:disabled)' : '[data-dir="down"]:not(:disabled)',
      );
      (button ?? row?.querySelector<HTMLElement>('button:not(:disabled), input'))?.focus();
    });
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('leads.columns.title')} titleId="columns-title">
      <p class="hint">{t('leads.columns.hint')}</p>
      <fieldset class="columns-fieldset">
        <legend>{t('leads.columns.shown')}</legend>
        <ol class="columns-list">
          {shown.map((column, index) => (
            <li key={column} data-column-row={column} class="columns-list__item">
              <label class="check" dir="auto">
                <input
                  type="checkbox"
                  checked
                  disabled={column === 'name'}
                  onChange={() => set(toggleColumn(shown, column, false))}
                />
                {columnLabel(column)}
              </label>
              <button
                type="button"
                class="button button--quiet"
                data-dir="up"
                disabled={index === 0}
                aria-label={t('leads.columns.up', { column: columnLabel(column) })}
                onClick={() => move(column, -1)}
              >
                <span aria-hidden="true">↑</span>
              </button>
              <button
                type="button"
                class="button button--quiet"
                data-dir="down"
                disabled={index === shown.length - 1}
                aria-label={t('leads.columns.down', { column: columnLabel(column) })}
                onClick={() => move(column, 1)}
              >
                <span aria-hidden="true">↓</span>
              </button>
            </li>
          ))}
        </ol>
      </fieldset>
      {hidden.length > 0 && (
        <fieldset class="columns-fieldset">
          <legend>{t('leads.columns.more')}</legend>
          <ul class="columns-list">
            {hidden.map((column) => (
              <li key={column} data-column-row={column} class="columns-list__item">
                <label class="check" dir="auto">
                  <input type="checkbox" onChange={() => set(toggleColumn(shown, column, true))} />
                  {columnLabel(column)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {customKeys.length > 0 && <p class="hint">{t('leads.columns.notSortable')}</p>}
      <div class="dialog__actions">
        <button type="button" class="button" onClick={() => set([...defaultColumns])}>
          {t('leads.columns.reset')}
        </button>
        <button type="button" class="button button--primary" onClick={onClose}>
          {t('leads.columns.done')}
        </button>
      </div>
    </Dialog>
  );
}

/** Comfortable or compact rows, as two radio buttons. */
export function DensityToggle({ layout, onChange }: { layout: Layout; onChange: (layout: Layout) => void }) {
  return (
    <fieldset class="density">
      <legend>{t('leads.density')}</legend>
      {(['comfortable', 'compact'] as const).map((density) => (
        <label key={density} class="check">
          <input
            type="radio"
            name="density"
            value={density}
            checked={layout.density === density}
            onChange={() => onChange({ ...layout, density })}
          />
          {t(`leads.density.${density}`)}
        </label>
      ))}
    </fieldset>
  );
}
