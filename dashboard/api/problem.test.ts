import { describe, expect, it } from 'vitest';
import { readProblem, toProblem } from './problem';

describe('toProblem', () => {
  it('keeps a well-formed problem, field errors included', () => {
    const body = {
      type: 'https://leadgate.dev/problems/validation-failed',
      title: 'The request has invalid fields',
      status: 422,
      instance: 'req-1',
      code: 'validation-failed',
      errors: [{ pointer: '/email', detail: 'Too small', code: 'too_small' }, { pointer: '/x' }],
    };
    expect(toProblem(422, body)).toEqual({
      type: body.type,
      title: body.title,
      status: 422,
      instance: 'req-1',
      code: 'validation-failed',
      errors: [{ pointer: '/email', detail: 'Too small', code: 'too_small' }],
    });
  });

  it.each([
    ['no body', undefined],
    ['a string', '<html>Bad gateway</html>'],
    ['an object without code', { title: 'Oops', status: 502 }],
    ['a numeric code', { code: 502 }],
  ])('turns %s into unexpected-response', (_name, body) => {
    expect(toProblem(502, body)).toMatchObject({ status: 502, code: 'unexpected-response' });
  });
});

describe('readProblem', () => {
  it('survives a body that is not JSON', async () => {
    const response = new Response('<html></html>', { status: 502 });
    expect(await readProblem(response)).toMatchObject({ status: 502, code: 'unexpected-response' });
  });
});
