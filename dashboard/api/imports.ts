import type { ImportJobView, ImportPreview, MappingTemplateView } from '@contract/imports';
import type { InferRequestType } from 'hono/client';
import type { ApiResult, Call, TypedClient } from './call';

export type Outcome = 'create' | 'update' | 'duplicate_in_file' | 'skip' | 'invalid';
export type DuplicatePolicy = 'skip' | 'fill_empty' | 'overwrite';
/** What happens to the rows that only resemble another person: created and linked, or skipped. */
export type PossibleDuplicateChoice = 'create' | 'skip';

/** The CSV import calls: upload, mapping, dry run, commit, templates. */
export interface ImportApi {
  upload(file: File): Promise<ApiResult<ImportJobView>>;
  getJob(id: string): Promise<ApiResult<ImportJobView>>;
  updateSettings(
    id: string,
    body: { mapping?: Record<string, string>; policy?: DuplicatePolicy },
  ): Promise<ApiResult<ImportJobView>>;
  preview(
    id: string,
    query: { outcome?: Outcome; cursor?: string | null },
  ): Promise<ApiResult<ImportPreview>>;
  /** For all possible duplicates, or (with `line`) for one of them. */
  choosePossibleDuplicates(
    id: string,
    body: { choice: PossibleDuplicateChoice; line?: number },
  ): Promise<ApiResult<ImportJobView>>;
  commit(id: string): Promise<ApiResult<ImportJobView>>;
  cancel(id: string): Promise<ApiResult<ImportJobView>>;
  listTemplates(): Promise<ApiResult<{ items: MappingTemplateView[] }>>;
  saveTemplate(name: string, mapping: Record<string, string>): Promise<ApiResult<MappingTemplateView>>;
  /** Where the error report of a job downloads from (a plain link: the browser saves the file). */
  errorReportUrl(id: string): string;
  /** The CSV template with every importable column. */
  templateUrl: string;
}

type Mapping = InferRequestType<TypedClient['api']['leads']['imports'][':id']['mapping']['$put']>['json'];

export function importCalls(client: TypedClient, call: Call, baseUrl: string): ImportApi {
  const imports = client.api.leads.imports;
  const job = imports[':id'];
  return {
    upload: (file) => call(() => imports.$post({ form: { file } })),
    getJob: (id) => call(() => job.$get({ param: { id } })),
    // The server checks each mapping target (an unknown one is a 422 problem), so the loose record is safe to pass.
    updateSettings: (id, json) => call(() => job.mapping.$put({ param: { id }, json: json as Mapping })),
    preview: (id, { outcome, cursor }) => {
      const query = { limit: '50', ...(outcome && { outcome }), ...(cursor && { cursor }) };
      return call(() => job.preview.$get({ param: { id }, query }));
    },
    choosePossibleDuplicates: (id, json) =>
      call(() => job['possible-duplicates'].$put({ param: { id }, json })),
    commit: (id) => call(() => job.commit.$post({ param: { id } })),
    cancel: (id) => call(() => job.cancel.$post({ param: { id } })),
    listTemplates: () => call(() => imports.templates.$get()),
    saveTemplate: (name, mapping) =>
      call(() => imports.templates.$post({ json: { name, mapping: mapping as Mapping['mapping'] & {} } })),
    errorReportUrl: (id) => `${baseUrl}/api/leads/imports/${encodeURIComponent(id)}/errors.csv`,
    templateUrl: `${baseUrl}/api/leads/imports/template.csv`,
  };
}
