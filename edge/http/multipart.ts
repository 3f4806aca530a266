import type { Context } from 'hono';
import type { AppEnv } from '../deps';
import { AppError } from './errors';

/**
 * The parts of a file upload's multipart/form-data body. Another media type is refused (415), as is a body
 * that does not parse (400); which parts it must hold is the caller's business.
 */
export async function readMultipart(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'multipart/form-data')
    throw new AppError(
      'unsupported-media-type',
      'Send the file as multipart/form-data, in a part named `file`.',
    );
  try {
    return await c.req.parseBody();
  } catch {
    throw new AppError('malformed-body', 'The multipart body could not be parsed.');
  }
}
