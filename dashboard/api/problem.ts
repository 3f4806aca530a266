import { FIELD_ERROR_CODES, type FieldErrorCode } from '@contract/field-errors';
import type { FieldError, Problem as ProblemBody } from '@contract/problem';

export type { FieldError } from '@contract/problem';

/** A problem document, with the extension members the dashboard reads (`rules` of `team-in-use`). */
export type Problem = ProblemBody & { rules?: Array<{ id: string; name: string }> };

/** Codes the dashboard invents for failures that never reached a problem+json body. */
export const CLIENT_CODES = {
  /** The request did not complete (offline, DNS, CORS, aborted). */
  network: 'network-error',
  /** The server answered with something that is not a problem document (e.g. a proxy's HTML page). */
  unexpected: 'unexpected-response',
} as const;

/** A problem for a request that never got an HTTP answer. */
export function networkProblem(): Problem {
  return { type: 'about:blank', title: 'Network error', status: 0, code: CLIENT_CODES.network };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A code of the closed table; one this dashboard does not know (a newer server's) is worded generically. */
function isFieldErrorCode(value: unknown): value is FieldErrorCode {
  return typeof value === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(value);
}

function isParams(value: unknown): value is Record<string, string | number> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');
}

function toFieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((item): FieldError[] => {
    if (!isRecord(item) || typeof item.pointer !== 'string' || typeof item.detail !== 'string') return [];
    return [
      {
        pointer: item.pointer,
        detail: item.detail,
        ...(isFieldErrorCode(item.code) && { code: item.code }),
        ...(isParams(item.params) && { params: item.params }),
      },
    ];
  });
}

/**
 * Turns any error body into a Problem we can switch on. A body without a string `code` is not one of
 * ours, so it gets the `unexpected-response` code rather than being trusted.
 */
export function toProblem(status: number, body: unknown): Problem {
  if (!isRecord(body) || typeof body.code !== 'string') {
    return { type: 'about:blank', title: 'Unexpected response', status, code: CLIENT_CODES.unexpected };
  }
  const errors = toFieldErrors(body.errors);
  return {
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: typeof body.title === 'string' ? body.title : '',
    status: typeof body.status === 'number' ? body.status : status,
    code: body.code,
    ...(typeof body.detail === 'string' && { detail: body.detail }),
    ...(typeof body.instance === 'string' && { instance: body.instance }),
    ...(errors && { errors }),
    ...(isRuleList(body.rules) && { rules: body.rules }),
  };
}

function isRuleList(value: unknown): value is Array<{ id: string; name: string }> {
  return (
    Array.isArray(value) &&
    value.every((r) => isRecord(r) && typeof r.id === 'string' && typeof r.name === 'string')
  );
}

/** Reads the problem from a failed response, tolerating bodies that are not JSON. */
export async function readProblem(response: { status: number; json(): Promise<unknown> }): Promise<Problem> {
  try {
    return toProblem(response.status, await response.json());
  } catch {
    return toProblem(response.status, undefined);
  }
}
