import type { SsoRefusal } from '@core/sso';
import type { MessageKey } from '../../i18n';

/** What to tell the person for each refusal code (typed by the closed list: a new code needs words). */
export const SSO_REFUSAL_MESSAGES: Record<SsoRefusal, MessageKey> = {
  'not-configured': 'sso.error.not-configured',
  'provider-unavailable': 'sso.error.provider-unavailable',
  'provider-denied': 'sso.error.provider-denied',
  'state-mismatch': 'sso.error.state-mismatch',
  'token-invalid': 'sso.error.token-invalid',
  'email-missing': 'sso.error.email-missing',
  'email-unverified': 'sso.error.email-unverified',
  'domain-not-allowed': 'sso.error.domain-not-allowed',
  'invitation-required': 'sso.error.invitation-required',
  'member-deactivated': 'sso.error.member-deactivated',
  'owner-required': 'sso.error.owner-required',
};
