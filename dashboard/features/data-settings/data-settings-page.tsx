import { DATA_LIMITS, type OrganizationData } from '@contract/organization';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { LOCALES, t } from '../../i18n';
import { LocaleOptions } from '../../ui/language-switcher';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextAreaField, TextField } from '../../ui/text-field';
import { type DataField, type DataFieldError, DataSettingsModel, draftOf } from './model';

const ORDER: DataField[] = [
  'leadPurgeDays',
  'quarantineRetentionDays',
  'allowedOrigins',
  'defaultFormLocale',
];

/** An error as the page words it; an origin's names its line and says that `*` is a per-form choice. */
function errorText(found: DataFieldError | undefined): string | null {
  if (!found) return null;
  const message =
    found.field === 'allowedOrigins' && found.error.code === 'invalid_origin'
      ? t('dataSettings.invalidOrigin')
      : fieldErrorMessage(found.error);
  return found.line === null ? message : t('dataSettings.originLine', { line: found.line, message });
}

/** The organization's data settings: purge delay, quarantine retention, shared origins, form language. */
export function DataSettingsPage() {
  const { api } = useApp();
  const model = useMemo(() => new DataSettingsModel(), []);
  useEffect(() => {
    void model.load(api.dataSettings);
  }, [api, model]);
  const title = t('dataSettings.title');
  const saved = model.saved.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <div role="alert">
        {model.problem.value && !model.problem.value.errors?.length && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      {saved ? <DataForm model={model} saved={saved} /> : !model.problem.value && <Loading />}
    </>
  );
}

function DataForm({ model, saved }: { model: DataSettingsModel; saved: OrganizationData }) {
  const { api } = useApp();
  const initial = draftOf(saved);
  const draft = {
    leadPurgeDays: useSignal(initial.leadPurgeDays),
    quarantineRetentionDays: useSignal(initial.quarantineRetentionDays),
    allowedOrigins: useSignal(initial.allowedOrigins),
    defaultFormLocale: useSignal<string>(initial.defaultFormLocale),
  };
  const error = (field: DataField) => errorText(model.fieldErrors.value[field]);
  const hinted = (id: string, field: DataField) =>
    [`${id}-hint`, model.fieldErrors.value[field] ? `${id}-error` : null].filter(Boolean).join(' ');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value) return;
    const ok = await model.save(api.dataSettings, {
      leadPurgeDays: draft.leadPurgeDays.value,
      quarantineRetentionDays: draft.quarantineRetentionDays.value,
      allowedOrigins: draft.allowedOrigins.value,
      defaultFormLocale: draft.defaultFormLocale.value as OrganizationData['defaultFormLocale'],
    });
    if (ok) return;
    const first = ORDER.find((f) => model.fieldErrors.value[f]);
    if (first) document.getElementById(`data-${first}`)?.focus();
  };
  const days = (field: 'leadPurgeDays' | 'quarantineRetentionDays') => (
    <>
      <TextField
        id={`data-${field}`}
        label={t(`dataSettings.${field}`)}
        type="number"
        inputMode="numeric"
        min={DATA_LIMITS[field].min}
        max={DATA_LIMITS[field].max}
        step={1}
        error={error(field)}
        aria-describedby={hinted(`data-${field}`, field)}
        bind={draft[field]}
      />
      <p id={`data-${field}-hint`} class="hint">
        {t(`dataSettings.${field}Hint`)}
      </p>
    </>
  );
  return (
    <form class="form settings-form" noValidate onSubmit={submit}>
      {days('leadPurgeDays')}
      {days('quarantineRetentionDays')}
      <TextAreaField
        id="data-allowedOrigins"
        label={t('dataSettings.allowedOrigins')}
        rows={4}
        spellcheck={false}
        autocomplete="off"
        placeholder="https://www.example.com"
        error={error('allowedOrigins')}
        aria-describedby={hinted('data-allowedOrigins', 'allowedOrigins')}
        bind={draft.allowedOrigins}
      />
      <p id="data-allowedOrigins-hint" class="hint">
        {t('dataSettings.allowedOriginsHint')}
      </p>
      <SelectField
        id="data-defaultFormLocale"
        label={t('dataSettings.defaultFormLocale')}
        bind={draft.defaultFormLocale}
        error={error('defaultFormLocale')}
      >
        <LocaleOptions locales={LOCALES} />
      </SelectField>
      <button type="submit" class="button button--primary" disabled={model.busy.value}>
        {t('dataSettings.save')}
      </button>
      <p class="form__status" role="status">
        {model.done.value ? t('dataSettings.saved') : ''}
      </p>
    </form>
  );
}
