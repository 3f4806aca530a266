import type { Deps } from '../deps';
import { router } from '../http/validation';
import { documentRoutes } from './documents';
import { leadActivityRoutes } from './lead-activity';
import { leadClaimRoutes } from './lead-claims';
import { leadWorkRoutes } from './lead-work';
import { savedViewRoutes } from './saved-views';

export { DOCUMENT_UPLOAD_PATH } from './documents';

/**
 * The SDR workspace: working a lead (edit, status, assignment, claim and release, logged activities, tags,
 * delete), its notes, documents and
 * timeline, the duplicate warning, and saved views. The lead list and detail are in ./leads. Every route
 * authenticates, checks the role, and reaches only the caller's organization.
 */
export function workspaceRoutes(deps: Deps) {
  return router()
    .route('/', leadWorkRoutes(deps))
    .route('/', leadActivityRoutes(deps))
    .route('/', leadClaimRoutes(deps))
    .route('/', documentRoutes(deps))
    .route('/', savedViewRoutes(deps));
}
