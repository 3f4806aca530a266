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
