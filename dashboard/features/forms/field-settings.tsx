import { FORM_LOCALES, type FormFieldName } from '@core/form-settings';
import { LABELED_FIELDS } from '../../../widget/locales/keys';
import { t, translate } from '../../i18n';
import { Check, GroupError } from './controls';
import { type DraftErrors, type FieldDraft, type LocaleTexts, MAX_LENGTH } from './draft';
import { errorText } from './error-text';
import { LocaleTextInputs } from './locale-texts';

/** The catalog key of a standard field's name. */
export const fieldNameKey = (name: FormFieldName) => `forms.field.${name}` as const;

/** Fields the widget has its own labels for; the others would show their bare name without one. */
const WIDGET_LABELED = new Set(LABELED_FIELDS.map(([name]) => name));

/**
 * Labels to start a newly added field with: none where the widget has its own, else our names for it in
 * every locale (visible in the inputs, so they can be changed before saving).
 */
function startingLabels(field: FieldDraft): LocaleTexts | undefined {
  if (WIDGET_LABELED.has(field.name) || FORM_LOCALES.some((code) => field.label[code].trim()))
    return undefined;
  return Object.fromEntries(
    FORM_LOCALES.map((code) => [code, translate(code, fieldNameKey(field.name))]),
  ) as LocaleTexts;
}

type FieldSettingsProps = {
  fields: readonly FieldDraft[];
  errors: DraftErrors;
  onField: (name: FormFieldName, change: Partial<FieldDraft>, ...clears: string[]) => void;
};

/** Which standard fields the form asks for, which are required, and their labels per locale. */
export function FieldSettings({ fields, errors, onField }: FieldSettingsProps) {
  return (
    <fieldset class="section" aria-describedby="fe-fields-hint">
      <legend>{t('forms.section.fields')}</legend>
      <p id="fe-fields-hint" class="hint">
        {t('forms.fields.hint')}
      </p>
      <GroupError id="fe-fields-error" error={errorText('fields', errors.fields)} />
      {fields.map((field) => (
        <FieldRow key={field.name} field={field} errors={errors} onField={onField} />
      ))}
    </fieldset>
  );
}

function FieldRow({
  field,
  errors,
  onField,
}: {
  field: FieldDraft;
  errors: DraftErrors;
  onField: FieldSettingsProps['onField'];
}) {
  const { name } = field;
  // Every lead has a last name: it is always on the form and required (the API insists too).
  const fixed = name === 'lastName';
  const noteId = `fe-fields-${name}-note`;
  const requiredKey = `fields.${name}.required`;
  return (
    <fieldset class="field-row" aria-describedby={fixed ? noteId : undefined}>
      <legend>{t(fieldNameKey(name))}</legend>
      <div class="field-row__checks">
        <Check
          errorKey={`fields.${name}.included`}
          label={t('forms.field.include')}
          checked={field.included || fixed}
          disabled={fixed}
          onCheck={(included) => {
            const label = included ? startingLabels(field) : undefined;
            onField(name, label ? { included, label } : { included }, 'fields');
          }}
        />
        <Check
          errorKey={requiredKey}
          label={t('forms.field.required')}
          checked={field.required || fixed}
          disabled={fixed || !field.included}
          error={errorText(requiredKey, errors[requiredKey])}
          onCheck={(required) => onField(name, { required }, requiredKey, 'fields')}
        />
        {name === 'phone' && (
          <Check
            errorKey="fields.phone.mustBeValid"
            label={t('forms.field.phoneMustBeValid')}
            checked={field.mustBeValid}
            disabled={!field.included}
            onCheck={(mustBeValid) => onField(name, { mustBeValid }, 'fields')}
          />
        )}
      </div>
      {fixed && (
        <p id={noteId} class="hint">
          {t('forms.field.lastNameHint')}
        </p>
      )}
      {field.included && (
        <LocaleTextInputs
          errorKey={`fields.${name}.label`}
          label={(language) => t('forms.field.labelIn', { language })}
          texts={field.label}
          errors={errors}
          maxLength={MAX_LENGTH.label}
          onText={(code, text) =>
            onField(name, { label: { ...field.label, [code]: text } }, `fields.${name}.label.${code}`)
          }
        />
      )}
    </fieldset>
  );
}
