import type { Organization } from '@contract/organization';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { LOCALES, locale, t } from '../../i18n';
import { LocaleOptions } from '../../ui/language-switcher';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import { TimeZoneField } from '../../ui/time-zone-field';
import { countryChoices } from '../setup/places';
import { type OrganizationField, OrganizationModel } from './model';

/** The organization's name, default country, time zone, language and lead claiming (admins and owners). */
export function OrganizationPage() {
  const { api } = useApp();
  const model = useMemo(() => new OrganizationModel(), []);
  useEffect(() => {
    void model.load(api.people);
  }, [api, model]);
  const title = t('settings.organization.title');
  const saved = model.saved.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <div role="alert">
        {model.problem.value && !model.problem.value.errors?.length && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      {saved ? (
        <OrganizationForm key={saved.id} model={model} saved={saved} />
      ) : (
        !model.problem.value && <Loading />
      )}
    </>
  );
}

function OrganizationForm({ model, saved }: { model: OrganizationModel; saved: Organization }) {
  const { api } = useApp();
  const draft = {
    name: useSignal(saved.name),
    defaultCountry: useSignal(saved.defaultCountry),
    timezone: useSignal(saved.timezone),
    language: useSignal<string>(saved.language),
    claimingEnabled: useSignal(saved.claimingEnabled),
  };
  const countries = useMemo(() => countryChoices(locale.value), [locale.value]);
  const errorText = (field: OrganizationField) => {
    const error = model.fieldErrors.value[field];
    return error ? fieldErrorMessage(error) : null;
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (model.busy.value) return;
    const ok = await model.save(api.people, {
      name: draft.name.value,
      defaultCountry: draft.defaultCountry.value,
      timezone: draft.timezone.value,
      language: draft.language.value as Organization['language'],
      claimingEnabled: draft.claimingEnabled.value,
    });
    if (ok) return;
    const first = (['name', 'defaultCountry', 'timezone', 'language'] as const).find(
      (f) => model.fieldErrors.value[f],
    );
    if (first) document.getElementById(`organization-${first}`)?.focus();
  };
  return (
    <form class="form settings-form" noValidate onSubmit={submit}>
      <TextField
        id="organization-name"
        name="name"
        autocomplete="organization"
        label={t('settings.organization.name')}
        error={errorText('name')}
        bind={draft.name}
      />
      <SelectField
        id="organization-defaultCountry"
        label={t('setup.country')}
        bind={draft.defaultCountry}
        error={errorText('defaultCountry')}
      >
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <TimeZoneField
        id="organization-timezone"
        label={t('setup.timezone')}
        bind={draft.timezone}
        error={errorText('timezone')}
      />
      <SelectField
        id="organization-language"
        label={t('settings.organization.language')}
        bind={draft.language}
        error={errorText('language')}
      >
        <LocaleOptions locales={LOCALES} />
      </SelectField>
      <div class="field">
        <label class="check">
          <input
            id="organization-claimingEnabled"
            type="checkbox"
            checked={draft.claimingEnabled.value}
            aria-describedby="organization-claimingEnabled-hint"
            onChange={(event) => {
              draft.claimingEnabled.value = event.currentTarget.checked;
            }}
          />
          {t('settings.organization.claiming')}
        </label>
        <p id="organization-claimingEnabled-hint" class="hint">
          {t('settings.organization.claimingHint')}
        </p>
      </div>
      <p class="hint">{t('settings.organization.currency', { currency: saved.currency })}</p>
      <button type="submit" class="button button--primary" disabled={model.busy.value}>
        {t('settings.organization.save')}
      </button>
      <p class="form__status" role="status">
        {model.done.value ? t('settings.organization.saved') : ''}
      </p>
    </form>
  );
}
