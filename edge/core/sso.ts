import type { Role } from './permissions';

/**
 * Why a single sign-on was refused: the login page (or the test report on the SSO settings page) words
 * each code; the server sends only the code, in the URL fragment (`#sso-error=<code>`).
 */
export const SSO_REFUSALS = [
  /** No organization by that name or email domain, or it has no single sign-on. */
  'not-configured',
  /** The identity provider could not be reached, or its answers were not OpenID Connect. */
  'provider-unavailable',
  /** The identity provider said no (the person cancelled, or it refused the client). */
  'provider-denied',
  /** The sign-in came back without the flow this browser started (state, or the flow cookie, missing or wrong). */
  'state-mismatch',
  /** The ID token failed verification: signature, issuer, audience, expiry or nonce. */
  'token-invalid',
  /** The provider gave no email address. */
  'email-missing',
  /** The provider says the email address is not verified. */
  'email-unverified',
  /** The address's domain is not among the organization's allowed domains. */
  'domain-not-allowed',
  /** New people need an invitation in this organization, and this address has none. */
  'invitation-required',
  /** The person's membership is deactivated. */
  'member-deactivated',
  /** The test sign-in was started without an owner's session. */
  'owner-required',
] as const;

export type SsoRefusal = (typeof SSO_REFUSALS)[number];

/** What happens to someone new: they join with a role, or need an invitation. */
export const SSO_NEW_PEOPLE = ['invitation', 'viewer', 'member', 'admin'] as const;
export type SsoNewPeople = (typeof SSO_NEW_PEOPLE)[number];

/**
 * A domain in the form `personEmail` gives an address's domain (NFC, lower case, IDNA to ASCII), or null
 * when it is not a host name: `Škoda.cz` and `xn--koda-f6a.cz` are one domain. Kept free of the phone
 * library `personEmail` brings, so the dashboard checks the owner's form with it; a test holds the two
 * to the same answers.
 */
export function ssoDomain(raw: string): string | null {
  let domain = raw.normalize('NFC').trim().toLowerCase().replace(/^@/, '');
  if (!domain || /[@/?#:\\\s]/u.test(domain)) return null;
  if (/[^ -~]/u.test(domain)) {
    try {
      domain = new URL(`http://${domain}`).hostname;
    } catch {
      return null;
    }
  }
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(domain)
    ? domain
    : null;
}

/** The domain of a normalized email address. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * Whether an issuer URL may be configured: https, or plain http only on the loopback interface (a
 * provider on the same machine, for development and tests). No query or fragment (OpenID Discovery).
 */
export function isIssuerUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.search || url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopback(url.hostname);
}

/** localhost, 127.0.0.0/8 or [::1]. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The facts about an address that decide its SSO sign-in in one organization. */
export type SsoPerson = {
  /** The membership in this organization, if any. */
  membership: { status: 'active' | 'deactivated' } | null;
  /** The role of an open invitation of this organization to the address, if any. */
  invitationRole: Role | null;
};

/** What a verified sign-in leads to. */
export type SsoDecision =
  | { outcome: 'member' }
  | { outcome: 'join'; role: Role; via: 'domain' | 'invitation' }
  | { outcome: 'refused'; refusal: SsoRefusal };

/**
 * Decides a verified sign-in: the provider must state that the address is verified (`email_verified`
 * true; an unstated verification is refused like a denied one, since an address the provider never
 * checked would let anyone who registers it there take over the member who owns it here) and at an
 * allowed domain; then an active member signs in, a deactivated one is refused, an open invitation is
 * accepted with its role, and anyone else joins with the configured role unless invitations are required.
 */
export function decideSsoSignIn(input: {
  email: string | null;
  emailVerified: boolean | null;
  allowedDomains: readonly string[];
  newPeople: SsoNewPeople;
  person: SsoPerson;
}): SsoDecision {
  const refused = (refusal: SsoRefusal): SsoDecision => ({ outcome: 'refused', refusal });
  if (!input.email) return refused('email-missing');
  if (input.emailVerified !== true) return refused('email-unverified');
  if (!input.allowedDomains.includes(domainOf(input.email))) return refused('domain-not-allowed');
  const { membership, invitationRole } = input.person;
  if (membership)
    return membership.status === 'active' ? { outcome: 'member' } : refused('member-deactivated');
  if (invitationRole) return { outcome: 'join', role: invitationRole, via: 'invitation' };
  if (input.newPeople === 'invitation') return refused('invitation-required');
  return { outcome: 'join', role: input.newPeople, via: 'domain' };
}
