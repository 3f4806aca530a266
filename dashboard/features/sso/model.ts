import type { PutSsoConfig, SsoConfig } from '@contract/sso';
import type { Role } from '@core/permissions';
import {
  isIssuerUrl,
  SSO_NEW_PEOPLE,
  SSO_REFUSALS,
  type SsoNewPeople,
  type SsoRefusal,
  ssoDomain,
} from '@core/sso';

/** Why a refused sign-in came back to the login page (`#sso-error=<code>`), or null. */
export function ssoErrorFromHash(hash: string): SsoRefusal | null {
  const code = new URLSearchParams(hash.replace(/^#/, '')).get('sso-error');
  return refusal(code);
}

function refusal(code: string | null): SsoRefusal | null {
  return (SSO_REFUSALS as readonly string[]).includes(code ?? '') ? (code as SsoRefusal) : null;
}

/** What the owner's test sign-in reported (`#sso-test=…` on the SSO settings page). */
export type SsoTestReport =
  | { ok: true; email: string; outcome: 'member' }
  | { ok: true; email: string; outcome: 'join'; role: Exclude<Role, 'owner'> }
  | { ok: false; code: SsoRefusal; email: string | null };

const JOIN_ROLES = ['viewer', 'member', 'admin'] as const;

/** The test report in a URL fragment, or null when there is none (or it is not one the server sends). */
export function ssoTestFromHash(hash: string): SsoTestReport | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const result = params.get('sso-test');
  const email = params.get('email');
  if (result === 'refused') {
    const code = refusal(params.get('code'));
    return code ? { ok: false, code, email } : null;
  }
  if (result !== 'ok' || !email) return null;
  const outcome = params.get('outcome');
  if (outcome === 'member') return { ok: true, email, outcome };
  const role = params.get('role');
  if (outcome === 'join' && (JOIN_ROLES as readonly string[]).includes(role ?? ''))
    return { ok: true, email, outcome, role: role as (typeof JOIN_ROLES)[number] };
  return null;
}

/** The owner's form as typed. */
export type SsoForm = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  domains: string;
  newPeople: SsoNewPeople;
};

export type SsoFormField = 'issuer' | 'clientId' | 'clientSecret' | 'domains';
export type SsoFormError =
  | { field: SsoFormField; code: 'required' | 'issuer-invalid' }
  | { field: 'domains'; code: 'domain-invalid'; domain: string };

/** The form's values for a stored configuration (the secret is never shown, so it starts empty). */
export function formOf(config: SsoConfig | null): SsoForm {
  return {
    issuer: config?.issuer ?? '',
    clientId: config?.clientId ?? '',
    clientSecret: '',
    domains: config?.allowedDomains.join(', ') ?? '',
    newPeople: config?.newPeople ?? 'invitation',
  };
}

/** The domains in the field: separated by commas, semicolons, spaces or new lines. */
export function domainsOf(text: string): string[] {
  return text.split(/[\s,;]+/u).filter(Boolean);
}

/**
 * Checks the form as the server will (the same core rules), so the owner hears at once; the body to
 * PUT when it passes. A saved secret may be left empty: the server keeps it.
 */
export function checkSsoForm(
  form: SsoForm,
  secretSaved: boolean,
): { ok: true; body: PutSsoConfig } | { ok: false; errors: SsoFormError[] } {
  const errors: SsoFormError[] = [];
  const issuer = form.issuer.trim();
  if (!issuer) errors.push({ field: 'issuer', code: 'required' });
  else if (!isIssuerUrl(issuer)) errors.push({ field: 'issuer', code: 'issuer-invalid' });
  if (!form.clientId.trim()) errors.push({ field: 'clientId', code: 'required' });
  if (!form.clientSecret && !secretSaved) errors.push({ field: 'clientSecret', code: 'required' });
  const domains = domainsOf(form.domains);
  const invalid = domains.find((d) => ssoDomain(d) === null);
  if (domains.length === 0) errors.push({ field: 'domains', code: 'required' });
  else if (invalid) errors.push({ field: 'domains', code: 'domain-invalid', domain: invalid });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    body: {
      issuer,
      clientId: form.clientId.trim(),
      ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
      allowedDomains: domains,
      newPeople: form.newPeople,
    },
  };
}

export { SSO_NEW_PEOPLE };
