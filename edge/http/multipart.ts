import type { Context } from 'hono';
import { AppError } from '../core/errors';
import type { AppEnv } from '../deps';

/**
 * The parts of a file upload's multipart/form-data body. Another media type is refused (415), as is a body
 * that does not parse (400); which parts it must hold is the caller's business.
 */
export async function readMultipart(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'multipart/form-data')
    throw new AppError('unsupported-media-type', {
      detail: 'Send the file as multipart/form-data, in a part named `file`.',
    });
  try {
    return await c.req.parseBody();
  } catch (e) {
    throw new AppError('malformed-body', { detail: 'The multipart body could not be parsed.', cause: e });
  }
}
