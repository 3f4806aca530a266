/**
 * What an API key may be used for. A key carries one or more scopes; every `/api` route a key can reach
 * needs exactly one of them (the table is `edge/http/api-key-scopes.ts`). A key can still do no more than
 * the person who created it may do now (their role caps the key's).
 */
export const API_SCOPES = ['leads:read', 'leads:write', 'submit', 'import', 'export', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** How long a key may be made to last at most (an expiry further out is refused). */
export const MAX_API_KEY_DAYS = 3 * 366;

/** A key's `last used` time and address are written at most this often, so a busy key costs no writes. */
export const LAST_USED_RESOLUTION_MS = 60_000;
