import type { Page } from 'playwright-core';

/** A lead as the list and detail endpoints return it (the fields these tests read). */
export type LeadSummary = { id: string; firstName: string | null; lastName: string; company: string | null };

/** Signs in through the API (as the dashboard does) and reads leads with the session cookie. */
export async function signIn(baseUrl: string, email: string, password: string) {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const get = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return {
    /** Every lead with this last name, paging through the whole list. */
    async leadsNamed(lastName: string): Promise<LeadSummary[]> {
      const found: LeadSummary[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: LeadSummary[]; nextCursor: string | null } = await get(
          `/api/leads?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        found.push(...page.items.filter((l) => l.lastName === lastName));
        cursor = page.nextCursor;
      } while (cursor);
      return found;
    },
    /** One lead's detail (its `version` counts updates: a duplicate submission would bump it). */
    lead: (id: string) => get<LeadSummary & { email: string | null; version: number }>(`/api/leads/${id}`),
  };
}

/**
 * Creates a lead through the API as the page's signed-in user (its session cookie and CSRF token), then
 * moves it through `statuses` in order; returns its id. A suite on the shared server changes only leads
 * it made this way, so no other suite sees the change.
 */
export async function createLead(
  page: Page,
  fields: Record<string, unknown>,
  statuses: string[] = [],
): Promise<string> {
  return page.evaluate(
    async ({ fields, statuses }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const post = async (path: string, body: unknown, expected: number) => {
        const res = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify(body),
        });
        if (res.status !== expected) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as { id: string };
      };
      const { id } = await post('/api/leads', fields, 201);
      for (const status of statuses) await post(`/api/leads/${id}/status`, { status }, 200);
      return id;
    },
    { fields, statuses },
  );
}

/** A name of letters only (searches and duplicate checks treat digits apart), unique to this run. */
export function uniqueName(prefix: string): string {
  return `${prefix}${Math.random()
    .toString(36)
    .slice(2, 8)
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
}
