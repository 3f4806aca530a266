import type { Context } from 'hono';
import { AppError } from '../core/errors';

/** A lead's version as a strong entity tag. */
export function versionTag(version: number): string {
  return `"${version}"`;
}

const TAG = /^(?:W\/)?"?(\d{1,9})"?$/;

/**
 * The version a change is based on: `If-Match` (an ETag from GET, weak or strong), else the body's
 * `version`. Returns undefined when neither is sent; a malformed If-Match is a 400, not a silent pass.
 */
export function expectedVersion(c: Context, bodyVersion?: number): number | undefined {
  const header = c.req.header('if-match')?.trim();
  if (!header) return bodyVersion;
  const match = TAG.exec(header);
  if (!match)
    throw new AppError('invalid-parameter', {
      detail: 'If-Match must be a version ETag from this API, like "3".',
      errors: [{ pointer: '/If-Match', detail: 'Expected a version ETag' }],
    });
  return Number(match[1]);
}

/** Like expectedVersion, for changes that must say what they were based on (PATCH): none is a 428. */
export function requiredVersion(c: Context, bodyVersion?: number): number {
  const version = expectedVersion(c, bodyVersion);
  if (version === undefined)
    throw new AppError('version-required', {
      detail: 'Send If-Match with the ETag you read, or `version` in the body.',
    });
  return version;
}
