import { t } from '../i18n';

/**
 * A phone number: a `tel:` link in the international format the server sent (`display`) for a valid
 * number; any other is shown as entered, with a visible flag.
 */
export function PhoneValue({ phone, display }: { phone: string; display: string | null }) {
  if (display)
    return (
      <a href={`tel:${phone}`} dir="ltr">
        {display}
      </a>
    );
  return (
    <>
      <span dir="auto">{phone}</span> <span class="fact__flag">{t('lead.phoneInvalid')}</span>
    </>
  );
}
