import type { LeadDetail } from '@contract/leads';
import { useSignal } from '@preact/signals';
import { Fragment } from 'preact';
import { useRef } from 'preact/hooks';
import type { FieldError } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { fieldErrorMessage } from '../../ui/problem-message';
import type { LeadModel } from './model';

type Row = { key: string; value: string };

type CustomAttributesProps = {
  lead: LeadDetail;
  model: LeadModel;
  readOnlyId: string | null;
  onSaved: (message: string) => void;
};

/** The rows of a draft as the record the API takes: blank names dropped, the last of a repeated name wins. */
export function customRecord(rows: readonly Row[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key) record[key] = row.value;
  }
  return record;
}

/**
 * The attributes other systems sent that have no field of their own (a Salesforce form's custom fields, a
 * webhook's extras): shown as they came, and edited as a whole, name and value per row.
 */
export function CustomAttributes({ lead, model, readOnlyId, onSaved }: CustomAttributesProps) {
  const { api } = useApp();
  const draft = useSignal<Row[] | null>(null);
  const error = useSignal<FieldError | null>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  // Stored as jsonb, which keeps no order: shown by name, the same on every load.
  const entries = Object.entries(lead.custom).sort(([a], [b]) => a.localeCompare(b));

  const close = () => {
    draft.value = null;
    error.value = null;
    requestAnimationFrame(() => editRef.current?.focus());
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!draft.value) return;
    const outcome = await model.saveCustom(api, customRecord(draft.value));
    if (outcome.ok) {
      close();
      onSaved(t('lead.custom.saved'));
    } else if (outcome.conflict) close();
    else error.value = outcome.fieldError;
  };
  const update = (index: number, change: Partial<Row>) => {
    draft.value = (draft.value ?? []).map((row, i) => (i === index ? { ...row, ...change } : row));
  };

  return (
    <section aria-labelledby="custom-heading" class="panel">
      <h2 id="custom-heading">{t('lead.custom')}</h2>
      {draft.value ? (
        <form onSubmit={save} noValidate class="custom-edit">
          {draft.value.length === 0 && <p class="muted">{t('lead.custom.none')}</p>}
          {draft.value.map((row, index) => (
            <fieldset key={index} class="custom-edit__row">
              <legend class="visually-hidden">{t('lead.custom.row', { n: index + 1 })}</legend>
              <label>
                {t('lead.custom.name')}
                <input
                  value={row.key}
                  maxLength={100}
                  onInput={(e) => update(index, { key: e.currentTarget.value })}
                />
              </label>
              <label>
                {t('lead.custom.value')}
                <input
                  value={row.value}
                  maxLength={2000}
                  onInput={(e) => update(index, { value: e.currentTarget.value })}
                />
              </label>
              <button
                type="button"
                class="button button--quiet"
                onClick={() => {
                  draft.value = (draft.value ?? []).filter((_, i) => i !== index);
                }}
              >
                {t('lead.custom.remove', { name: row.key || t('lead.custom.row', { n: index + 1 }) })}
              </button>
            </fieldset>
          ))}
          {error.value && (
            <p class="field__error" role="alert">
              {fieldErrorMessage(error.value)}
            </p>
          )}
          <div class="actions">
            <button
              type="button"
              class="button"
              onClick={() => {
                draft.value = [...(draft.value ?? []), { key: '', value: '' }];
              }}
            >
              {t('lead.custom.add')}
            </button>
            <button type="submit" class="button button--primary">
              {t('lead.save')}
            </button>
            <button type="button" class="button" onClick={close}>
              {t('dialog.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          {entries.length ? (
            <dl class="facts">
              {entries.map(([key, value]) => (
                <Fragment key={key}>
                  <dt dir="auto">{key}</dt>
                  <dd dir="auto" class="pre-line">
                    {value}
                  </dd>
                </Fragment>
              ))}
            </dl>
          ) : (
            <p class="muted">{t('lead.custom.none')}</p>
          )}
          <button
            ref={editRef}
            type="button"
            class="button"
            disabled={readOnlyId !== null}
            aria-describedby={readOnlyId ?? undefined}
            onClick={() => {
              draft.value = entries.length
                ? entries.map(([key, value]) => ({ key, value }))
                : [{ key: '', value: '' }];
            }}
          >
            {t('lead.custom.edit')}
          </button>
        </>
      )}
    </section>
  );
}
