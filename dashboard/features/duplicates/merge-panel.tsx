import type { ClusterMember, MergeResult } from '@contract/duplicates';
import { useEffect, useRef } from 'preact/hooks';
import { formatDate, type MessageKey, t } from '../../i18n';
import { type DuplicatesModel, MERGE_SCREEN_FIELDS } from './model';

type Props = {
  model: DuplicatesModel;
  onPreview: () => void;
  onConfirm: () => void;
  onUndo: () => void;
  onClose: () => void;
};

const fieldLabel = (field: string) => t(`merge.field.${field}` as MessageKey & `merge.field.${string}`);
const recordName = (m: ClusterMember) => [m.firstName, m.lastName].filter(Boolean).join(' ');
const shown = (value: unknown) => {
  if (Array.isArray(value)) return value.length ? value.join(', ') : t('merge.empty');
  return value === null || value === undefined || value === '' ? t('merge.empty') : String(value);
};

/** Records side by side: the master as the first row of radios, then one radio group per field. */
function ChoiceTable({ model }: { model: DuplicatesModel }) {
  const members = model.merging.value!.members;
  const radio = (name: string, m: ClusterMember, checked: boolean, onPick: () => void, text: string) => (
    <td key={m.id}>
      <label class="check">
        <input type="radio" name={name} checked={checked} onChange={onPick} />
        <span dir="auto">{text}</span>
      </label>
    </td>
  );
  return (
    <div class="table-scroll">
      <table class="leads-table merge-table">
        <caption>{t('merge.intro')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('merge.fieldColumn')}</th>
            {members.map((m, i) => (
              <th scope="col" key={m.id}>
                {t('merge.recordN', { n: i + 1 })}
                <span class="lead__title">{t('merge.updated', { date: formatDate(m.updatedAt) })}</span>
                {m.convertedAt ? <span class="lead__title">{t('merge.converted')}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('merge.master')}</th>
            {members.map((m) =>
              radio(
                'master',
                m,
                model.masterId.value === m.id,
                () => model.chooseMaster(m.id),
                recordName(m),
              ),
            )}
          </tr>
          {MERGE_SCREEN_FIELDS.map((field) => (
            <tr key={field}>
              <th scope="row">{fieldLabel(field)}</th>
              {members.map((m) =>
                radio(
                  `field-${field}`,
                  m,
                  model.choices.value[field] === m.id,
                  () => model.choose(field, m.id),
                  shown(m[field]),
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The dry run's answer: every field that changes and how many rows move. */
function PreviewSummary({ preview }: { preview: MergeResult }) {
  const r = preview.repointed;
  return (
    <section class="panel" aria-labelledby="merge-preview-title">
      <h3 id="merge-preview-title">{t('merge.previewTitle')}</h3>
      {preview.changes.length === 0 ? (
        <p>{t('merge.noChanges')}</p>
      ) : (
        <ul>
          {preview.changes.map((c) => (
            <li key={c.field} dir="auto">
              {t('merge.change', { field: fieldLabel(c.field), from: shown(c.from), to: shown(c.to) })}
            </li>
          ))}
        </ul>
      )}
      <p>
        {t('merge.moves', {
          notes: r.notes ?? 0,
          documents: r.documents ?? 0,
          events: r.events ?? 0,
          opportunities: r.opportunities ?? 0,
          notifications: r.notifications ?? 0,
        })}
      </p>
      <p>{t('merge.softDeletes', { count: preview.mergedIds.length })}</p>
    </section>
  );
}

/** The merge screen: choose, preview (dry run), confirm, and undo from the confirmation. */
export function MergePanel({ model, onPreview, onConfirm, onUndo, onClose }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const cluster = model.merging.value!;
  useEffect(() => heading.current?.focus(), [cluster.id]);
  const merged = model.merged.value;
  return (
    <section aria-labelledby="merge-title">
      <h2 id="merge-title" ref={heading} tabIndex={-1}>
        {t('merge.title', { count: cluster.members.length })}
      </h2>
      {merged ? (
        <div class="actions">
          {!model.undone.value && (
            <button type="button" class="button" onClick={onUndo}>
              {t('merge.undo')}
            </button>
          )}
          <button type="button" class="button button--quiet" onClick={onClose}>
            {t('merge.back')}
          </button>
        </div>
      ) : (
        <>
          <ChoiceTable model={model} />
          {model.preview.value && <PreviewSummary preview={model.preview.value} />}
          <div class="actions">
            {model.preview.value ? (
              <button type="button" class="button button--primary" onClick={onConfirm}>
                {t('merge.confirm')}
              </button>
            ) : (
              <button type="button" class="button button--primary" onClick={onPreview}>
                {t('merge.preview')}
              </button>
            )}
            <button type="button" class="button button--quiet" onClick={onClose}>
              {t('merge.cancel')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
