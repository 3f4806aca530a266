import type { OutboxList } from '@contract/outbox';
import type { ApiResult } from '../../api/client';
import { networkProblem, readProblem } from '../../api/problem';

/** GET /api/outbox (admins and owners). */
export async function fetchOutbox(
  baseUrl: string,
  fetchFn: typeof fetch = (i, init) => fetch(i, init),
): Promise<ApiResult<OutboxList>> {
  let response: Response;
  try {
    response = await fetchFn(`${baseUrl}/api/outbox`, { credentials: 'same-origin' });
  } catch {
    return { ok: false, problem: networkProblem() };
  }
  if (!response.ok) return { ok: false, problem: await readProblem(response) };
  return { ok: true, data: (await response.json()) as OutboxList };
}
