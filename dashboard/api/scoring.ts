import type { RescoreProgress, ScoringPreview, ScoringVersionSummary } from '@contract/scoring';
import type { ScoringRules } from '@core/score';
import type { ScoringChange } from '@core/scoring-diff';
import type { ApiResult, Call, TypedClient } from './call';

/** A save or restore: the new version and its rescore, started in the background. */
export type SavedScoringVersion = { version: number; rescore: RescoreProgress };

/** The scoring model editor's calls (admins and owners). */
export interface ScoringApi {
  listVersions(): Promise<ApiResult<{ items: ScoringVersionSummary[] }>>;
  getVersion(version: number): Promise<ApiResult<ScoringVersionSummary & { rules: ScoringRules }>>;
  diff(
    version: number,
    against: number,
  ): Promise<ApiResult<{ from: number; to: number; changes: ScoringChange[] }>>;
  /** What saving the draft would do; nothing is saved. 422 with pointers for a model that cannot be saved. */
  preview(draft: ScoringRules): Promise<ApiResult<ScoringPreview>>;
  save(draft: ScoringRules): Promise<ApiResult<SavedScoringVersion>>;
  restore(version: number): Promise<ApiResult<SavedScoringVersion>>;
  /** The latest rescore (null when there never was one). */
  rescore(): Promise<ApiResult<{ rescore: RescoreProgress | null }>>;
}

export function scoringCalls(client: TypedClient, call: Call): ScoringApi {
  const scoring = client.api.scoring;
  const one = scoring.versions[':version'];
  return {
    listVersions: () => call(() => scoring.versions.$get()),
    getVersion: (version) => call(() => one.$get({ param: { version: String(version) } })),
    diff: (version, against) =>
      call(() => one.diff.$get({ param: { version: String(version) }, query: { against: String(against) } })),
    preview: (json) => call(() => scoring.preview.$post({ json })),
    save: (json) => call(() => scoring.versions.$post({ json })),
    restore: (version) => call(() => one.restore.$post({ param: { version: String(version) } })),
    rescore: () => call(() => scoring.rescore.$get()),
  };
}
