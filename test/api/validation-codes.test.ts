import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../edge/contract/problem';
import { setupApi, type TestApi } from '../support/api';
import { bodyOf, call, orgWithSessions, seedLead } from '../support/workspace';

let t: TestApi;
beforeAll(async () => {
  t = await setupApi();
});
afterAll(() => t.close());

/** Field errors carry a stable code and the values a client needs to word them in its own language. */
describe('field errors: code and params', () => {
  it('a 700-character last name on create: too_big with the maximum and the kind of value', async () => {
    const { sessions } = await orgWithSessions(t);
    const res = await call(t, sessions.member, 'POST', '/api/leads', { lastName: 'x'.repeat(700) });
    expect(res.status).toBe(422);
    const problem = await bodyOf<Problem>(res);
    expect(problem.errors).toContainEqual(
      expect.objectContaining({
        pointer: '/lastName',
        code: 'too_big',
        params: { maximum: 200, origin: 'string' },
      }),
    );
  });

  it('an edit and a query parameter: the same codes and params', async () => {
    const { org, sessions } = await orgWithSessions(t);
    const id = await seedLead(t, org, { lastName: 'Nováková' });
    const edit = await bodyOf<Problem>(
      await call(t, sessions.admin, 'PATCH', `/api/leads/${id}`, { version: 1, company: 'Š'.repeat(201) }),
    );
    expect(edit.errors).toEqual([
      expect.objectContaining({
        pointer: '/company',
        code: 'too_big',
        params: { maximum: 200, origin: 'string' },
      }),
    ]);
    const query = await bodyOf<Problem>(await call(t, sessions.admin, 'GET', '/api/leads?scoreMin=500'));
    expect(query.errors).toEqual([
      expect.objectContaining({
        pointer: '/scoreMin',
        code: 'too_big',
        params: { maximum: 100, origin: 'number' },
      }),
    ]);
  });
});
