import type { Signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { locale, t } from '../../i18n';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import { TimeZoneField } from '../../ui/time-zone-field';
import { countryChoices } from './places';

type OrganizationField = 'organization' | 'country' | 'timezone';

type OrganizationFieldsProps = {
  /** Prefixes the inputs' ids (`setup-organization`, …), so a page can focus the first refused one. */
  idPrefix: string;
  values: Record<OrganizationField, Signal<string>>;
  /** Each field's worded error, or null. */
  errorText: (field: OrganizationField) => string | null;
};

/** A new organization's name, default country and time zone: the first run's and sign-up's first fieldset. */
export function OrganizationFields({ idPrefix, values, errorText }: OrganizationFieldsProps) {
  const countries = useMemo(() => countryChoices(locale.value), [locale.value]);
  return (
    <fieldset class="field-row">
      <legend>{t('setup.organizationLegend')}</legend>
      <TextField
        id={`${idPrefix}-organization`}
        name="organization"
        label={t('setup.organization')}
        error={errorText('organization')}
        bind={values.organization}
        type="text"
        autocomplete="organization"
      />
      <SelectField
        id={`${idPrefix}-country`}
        label={t('setup.country')}
        bind={values.country}
        error={errorText('country')}
      >
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <TimeZoneField
        id={`${idPrefix}-timezone`}
        label={t('setup.timezone')}
        bind={values.timezone}
        error={errorText('timezone')}
      />
    </fieldset>
  );
}
