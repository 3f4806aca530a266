import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { t } from '../i18n';

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A phone number: a `tel:` link, in international format, only for a valid E.164 number (valid as the
 * server found it, where it says; else as parsed here); any other is shown as entered, with a visible flag.
 */
export function PhoneValue({ phone, valid }: { phone: string; valid?: boolean | null }) {
  const parsed = E164.test(phone) ? parsePhoneNumberFromString(phone) : undefined;
  if (parsed && (valid ?? parsed.isValid()))
    return (
      <a href={`tel:${phone}`} dir="ltr">
        {parsed.formatInternational()}
      </a>
    );
  return (
    <>
      <span dir="auto">{phone}</span> <span class="fact__flag">{t('lead.phoneInvalid')}</span>
    </>
  );
}
