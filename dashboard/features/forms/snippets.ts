import type { Form } from '@contract/forms-admin';
import { FORM_LOCALES, type FormLocale } from '@core/form-settings';
import { escapeHtml } from '@core/html';
import type { WidgetManifest } from '../../api/client';
import { type MessageKey, translate } from '../../i18n';

/** Must match `HONEYPOT_FIELD` of the submission contract (checked by snippets.test.ts). */
export const HONEYPOT_NAME = 'lg_hp';

/** The input of a standard field in plain HTML: its autofill token and input type, if any. */
const INPUTS: Record<string, { autocomplete?: string; type?: string; extra?: string }> = {
  firstName: { autocomplete: 'given-name' },
  lastName: { autocomplete: 'family-name' },
  email: { autocomplete: 'email', type: 'email' },
  phone: { autocomplete: 'tel', type: 'tel' },
  company: { autocomplete: 'organization' },
  title: { autocomplete: 'organization-title' },
  employees: { type: 'number', extra: ' min="0" inputmode="numeric"' },
  country: { autocomplete: 'country-name' },
  region: { autocomplete: 'address-level1' },
  city: { autocomplete: 'address-level2' },
};

/** The widget from its stable URL: always the newest version. */
export function scriptSnippet(origin: string, formId: string): string {
  return `<script src="${escapeHtml(origin)}/widget.js" async></script>
<lead-form form="${escapeHtml(formId)}"></lead-form>`;
}

/** The widget pinned to one build by Subresource Integrity: the browser refuses any other bytes. */
export function sriSnippet(origin: string, formId: string, manifest: WidgetManifest): string {
  return `<script src="${escapeHtml(origin)}/${escapeHtml(manifest.file)}" integrity="${escapeHtml(manifest.sri)}" crossorigin="anonymous" async></script>
<lead-form form="${escapeHtml(formId)}"></lead-form>`;
}

const localeOf = (code: string): FormLocale =>
  (FORM_LOCALES as readonly string[]).includes(code) ? (code as FormLocale) : 'en';

/** A form's text in its default locale, else English. */
function pick(texts: Record<string, string> | null | undefined, locale: FormLocale): string | undefined {
  return texts?.[locale] ?? texts?.en;
}

/** The default label of a standard field, in the given locale (its name, for a field we have no label for). */
function standardLabel(name: string, locale: FormLocale): string {
  const text: string | undefined = translate(locale, `forms.field.${name}` as MessageKey);
  return text ?? name;
}

/**
 * The form as plain HTML for pages without JavaScript: labelled inputs in the form's default language, the
 * consent checkbox, the honeypot, posting to the submissions endpoint (the server redirects afterwards).
 */
export function htmlSnippet(origin: string, form: Form): string {
  const locale = localeOf(form.defaultLocale);
  const lines = [
    `<form method="post" action="${escapeHtml(origin)}/v1/forms/${escapeHtml(form.id)}/submissions">`,
  ];
  for (const field of form.fields) {
    const id = `lg-${escapeHtml(field.name)}`;
    const label = pick(field.label, locale) ?? standardLabel(field.name, locale);
    const required = field.required ? ` ${translate(locale, 'forms.snippet.required')}` : '';
    const input = INPUTS[field.name] ?? {};
    const attributes = [
      `id="${id}"`,
      `name="${escapeHtml(field.name)}"`,
      input.type && `type="${input.type}"`,
      input.autocomplete && `autocomplete="${input.autocomplete}"`,
    ].filter(Boolean);
    const control =
      field.name === 'description'
        ? `<textarea ${attributes.join(' ')}${field.required ? ' required' : ''}></textarea>`
        : `<input ${attributes.join(' ')}${input.extra ?? ''}${field.required ? ' required' : ''}>`;
    lines.push(
      '  <p>',
      `    <label for="${id}">${escapeHtml(label + required)}</label>`,
      `    ${control}`,
      '  </p>',
    );
  }
  const consent = pick(form.consentText, locale);
  if (consent)
    lines.push(
      '  <p>',
      `    <label><input type="checkbox" name="consent"> ${escapeHtml(consent)}</label>`,
      '  </p>',
    );
  lines.push(
    `  <div style="position:absolute;left:-10000px" aria-hidden="true"><input name="${HONEYPOT_NAME}" tabindex="-1" autocomplete="off"></div>`,
    `  <button type="submit">${escapeHtml(pick(form.submitLabel, locale) ?? translate(locale, 'forms.snippet.send'))}</button>`,
    '</form>',
  );
  return lines.join('\n');
}
