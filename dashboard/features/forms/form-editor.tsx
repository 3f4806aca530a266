import { FORM_LOCALES, type FormFieldName, type FormLocale } from '@core/form-settings';
import type { RefObject } from 'preact';
import { t } from '../../i18n';
import { LocaleOptions } from '../../ui/language-switcher';
import { Check, Input, inputId } from './controls';
import { type DraftErrors, type FieldDraft, type FormDraft, MAX_LENGTH } from './draft';
import { errorText } from './error-text';
import { FieldSettings } from './field-settings';
import { LocaleTextInputs } from './locale-texts';
import type { FormEditorModel } from './model';
import { OriginSettings } from './origin-settings';
import { SpamSettings } from './spam-settings';

type Change = (change: Partial<FormDraft>, ...clears: string[]) => void;
type SectionProps = { draft: FormDraft; errors: DraftErrors; onChange: Change };

type FormEditorProps = {
  model: FormEditorModel;
  /** Viewers and members see every setting but cannot change one; `reasonId` says why. */
  readOnly: boolean;
  reasonId: string;
  formRef: RefObject<HTMLFormElement>;
  onSave: () => void;
  onToggle: () => void;
  /** Allows a refused origin at once (its button is in the origins section). */
  onAllow: (origin: string) => void;
};

/** Every setting of a form, grouped in fieldsets, with Save (and Disable/Enable for a saved form). */
export function FormEditor({
  model,
  readOnly,
  reasonId,
  formRef,
  onSave,
  onToggle,
  onAllow,
}: FormEditorProps) {
  const draft = model.draft.value;
  const errors = model.errors.value;
  const form = model.form.value;
  const busy = model.busy.value;
  const onChange: Change = (change, ...clears) => model.edit((d) => ({ ...d, ...change }), ...clears);
  const onField = (name: FormFieldName, change: Partial<FieldDraft>, ...clears: string[]) =>
    model.edit(
      (d) => ({ ...d, fields: d.fields.map((f) => (f.name === name ? { ...f, ...change } : f)) }),
      ...clears,
    );
  const sections = { draft, errors, onChange };

  return (
    <form
      ref={formRef}
      class="form-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) onSave();
      }}
    >
      <fieldset class="editor" disabled={readOnly} aria-describedby={readOnly ? reasonId : undefined}>
        <legend class="visually-hidden">{t('forms.editor.settings')}</legend>
        <GeneralSettings {...sections} />
        <FieldSettings fields={draft.fields} errors={errors} onField={onField} />
        <ConsentSettings {...sections} />
        <SubmitLabelSettings {...sections} />
        <AfterSubmitSettings {...sections} />
        <OriginSettings
          origins={draft.allowedOrigins}
          errors={errors}
          onOrigins={(allowedOrigins, ...clears) => onChange({ allowedOrigins }, ...clears)}
          refused={readOnly ? [] : model.refused.value}
          allowing={model.allowing.value}
          onAllow={onAllow}
        />
        <LeadDefaults {...sections} />
        <SpamSettings {...sections} />
        <div class="actions">
          <button type="submit" class="button button--primary" aria-disabled={busy ? 'true' : undefined}>
            {form ? t('forms.save') : t('forms.create')}
          </button>
          {form && (
            <button type="button" class="button" onClick={onToggle} aria-disabled={busy ? 'true' : undefined}>
              {form.status === 'active' ? t('forms.disable') : t('forms.enable')}
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}

function GeneralSettings({ draft, errors, onChange }: SectionProps) {
  const localeId = inputId('defaultLocale');
  return (
    <fieldset class="section">
      <legend>{t('forms.section.general')}</legend>
      <Input
        errorKey="name"
        label={t('forms.name')}
        hint={t('forms.name.hint')}
        error={errorText('name', errors.name)}
        value={draft.name}
        onValue={(name) => onChange({ name }, 'name')}
        maxLength={MAX_LENGTH.name}
        autocomplete="off"
      />
      <div class="field">
        <label for={localeId}>{t('forms.defaultLocale')}</label>
        <p id={`${localeId}-hint`} class="hint">
          {t('forms.defaultLocale.hint')}
        </p>
        <select
          id={localeId}
          value={draft.defaultLocale}
          aria-describedby={`${localeId}-hint`}
          onChange={(e) => onChange({ defaultLocale: e.currentTarget.value as FormLocale })}
        >
          <LocaleOptions locales={FORM_LOCALES} />
        </select>
      </div>
    </fieldset>
  );
}

function ConsentSettings({ draft, errors, onChange }: SectionProps) {
  return (
    <fieldset class="section" aria-describedby="fe-consent-hint">
      <legend>{t('forms.section.consent')}</legend>
      <p id="fe-consent-hint" class="hint">
        {t('forms.consent.hint')}
      </p>
      <LocaleTextInputs
        errorKey="consentText"
        label={(language) => t('forms.consent.in', { language })}
        texts={draft.consentText}
        errors={errors}
        maxLength={MAX_LENGTH.consentText}
        multiline
        onText={(code, text) =>
          onChange({ consentText: { ...draft.consentText, [code]: text } }, `consentText.${code}`)
        }
      />
    </fieldset>
  );
}

function SubmitLabelSettings({ draft, errors, onChange }: SectionProps) {
  return (
    <fieldset class="section" aria-describedby="fe-submit-label-hint">
      <legend>{t('forms.section.submitLabel')}</legend>
      <p id="fe-submit-label-hint" class="hint">
        {t('forms.submitLabel.hint')}
      </p>
      <LocaleTextInputs
        errorKey="submitLabel"
        label={(language) => t('forms.submitLabel.in', { language })}
        texts={draft.submitLabel}
        errors={errors}
        maxLength={MAX_LENGTH.submitLabel}
        onText={(code, text) =>
          onChange({ submitLabel: { ...draft.submitLabel, [code]: text } }, `submitLabel.${code}`)
        }
      />
    </fieldset>
  );
}

function AfterSubmitSettings({ draft, errors, onChange }: SectionProps) {
  const redirect = draft.afterSubmit === 'redirect';
  return (
    <fieldset class="section">
      <legend>{t('forms.section.after')}</legend>
      <div class="choices">
        <Check
          type="radio"
          name="afterSubmit"
          errorKey="afterSubmit.message"
          label={t('forms.after.message')}
          checked={!redirect}
          onCheck={() => onChange({ afterSubmit: 'message' }, 'redirectUrl')}
        />
        <Check
          type="radio"
          name="afterSubmit"
          errorKey="afterSubmit.redirect"
          label={t('forms.after.redirect')}
          checked={redirect}
          onCheck={() => onChange({ afterSubmit: 'redirect' })}
        />
      </div>
      {redirect ? (
        <Input
          errorKey="redirectUrl"
          label={t('forms.redirectUrl')}
          hint={t('forms.redirectUrl.hint')}
          error={errorText('redirectUrl', errors.redirectUrl)}
          value={draft.redirectUrl}
          onValue={(redirectUrl) => onChange({ redirectUrl }, 'redirectUrl')}
          spellcheck={false}
          autocomplete="off"
          inputMode="url"
          maxLength={MAX_LENGTH.redirectUrl}
        />
      ) : (
        <>
          <p class="hint">{t('forms.success.hint')}</p>
          <LocaleTextInputs
            errorKey="successMessage"
            label={(language) => t('forms.success.in', { language })}
            texts={draft.successMessage}
            errors={errors}
            maxLength={MAX_LENGTH.successMessage}
            multiline
            onText={(code, text) =>
              onChange(
                { successMessage: { ...draft.successMessage, [code]: text } },
                `successMessage.${code}`,
              )
            }
          />
        </>
      )}
    </fieldset>
  );
}

function LeadDefaults({ draft, errors, onChange }: SectionProps) {
  return (
    <fieldset class="section" aria-describedby="fe-lead-defaults-hint">
      <legend>{t('forms.section.leadDefaults')}</legend>
      <p id="fe-lead-defaults-hint" class="hint">
        {t('forms.leadDefaults.hint')}
      </p>
      <Input
        errorKey="defaultSource"
        label={t('forms.defaultSource')}
        error={errorText('defaultSource', errors.defaultSource)}
        value={draft.defaultSource}
        onValue={(defaultSource) => onChange({ defaultSource }, 'defaultSource')}
        maxLength={MAX_LENGTH.defaultSource}
      />
      <Input
        errorKey="defaultCampaign"
        label={t('forms.defaultCampaign')}
        error={errorText('defaultCampaign', errors.defaultCampaign)}
        value={draft.defaultCampaign}
        onValue={(defaultCampaign) => onChange({ defaultCampaign }, 'defaultCampaign')}
        maxLength={MAX_LENGTH.defaultCampaign}
      />
    </fieldset>
  );
}
