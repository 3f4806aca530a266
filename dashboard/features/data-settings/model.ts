import type { OrganizationData, UpdateOrganizationData } from '@contract/organization';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { Problem } from '../../api/problem';
import type { DataSettingsApi } from '../../api/quarantine';

/** The page's fields; `allowedOrigins` is one origin per line of a text area. */
export type DataDraft = {
  leadPurgeDays: string;
  quarantineRetentionDays: string;
  allowedOrigins: string;
  defaultFormLocale: OrganizationData['defaultFormLocale'];
};

export type DataField = keyof DataDraft;

const FIELDS: readonly string[] = [
  'leadPurgeDays',
  'quarantineRetentionDays',
  'allowedOrigins',
  'defaultFormLocale',
] satisfies DataField[];

/** A field's error: the catalog's wording of its code, and for an origin the line it is on (1-based). */
export type DataFieldError = {
  field: DataField;
  line: number | null;
  error: NonNullable<Problem['errors']>[number];
};

/** The text area's origins: non-empty lines, trimmed, each with its line number (for errors). */
export function originLines(text: string): { origin: string; line: number }[] {
  return text
    .split('\n')
    .map((raw, i) => ({ origin: raw.trim(), line: i + 1 }))
    .filter((l) => l.origin !== '');
}

/** The saved settings as the form shows them. */
export function draftOf(saved: OrganizationData): DataDraft {
  return {
    leadPurgeDays: String(saved.leadPurgeDays),
    quarantineRetentionDays: String(saved.quarantineRetentionDays),
    allowedOrigins: saved.allowedOrigins.join('\n'),
    defaultFormLocale: saved.defaultFormLocale,
  };
}

/** What differs from the saved settings: what a save sends (a number not typed as one is sent to be refused). */
export function dataChange(saved: OrganizationData, draft: DataDraft): UpdateOrganizationData {
  const change: UpdateOrganizationData = {};
  const days = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  if (days(draft.leadPurgeDays) !== saved.leadPurgeDays) change.leadPurgeDays = days(draft.leadPurgeDays);
  if (days(draft.quarantineRetentionDays) !== saved.quarantineRetentionDays)
    change.quarantineRetentionDays = days(draft.quarantineRetentionDays);
  const origins = originLines(draft.allowedOrigins).map((l) => l.origin);
  if (origins.join('\n') !== saved.allowedOrigins.join('\n')) change.allowedOrigins = origins;
  if (draft.defaultFormLocale !== saved.defaultFormLocale) change.defaultFormLocale = draft.defaultFormLocale;
  return change;
}

/** A problem's field errors placed on the page's fields; an origin's pointer names its line. */
export function dataFieldErrors(
  problem: Problem,
  draft: DataDraft,
): Partial<Record<DataField, DataFieldError>> {
  const lines = originLines(draft.allowedOrigins);
  const found: Partial<Record<DataField, DataFieldError>> = {};
  for (const error of problem.errors ?? []) {
    const [, field, index] = error.pointer.split('/') as [string, DataField | undefined, string | undefined];
    if (!field || !FIELDS.includes(field)) continue;
    const line =
      field === 'allowedOrigins' && index !== undefined ? (lines[Number(index)]?.line ?? null) : null;
    found[field] ??= { field, line, error };
  }
  return found;
}

/** The data settings page: the saved settings, and saving a change. */
export const DataSettingsModel = createModel(() => {
  const saved = signal<OrganizationData | null>(null, { name: 'dataSettings.saved' });
  const problem = signal<Problem | null>(null, { name: 'dataSettings.problem' });
  const fieldErrors = signal<Partial<Record<DataField, DataFieldError>>>(
    {},
    { name: 'dataSettings.fieldErrors' },
  );
  const busy = signal(false, { name: 'dataSettings.busy' });
  const done = signal(false, { name: 'dataSettings.done' });
  return {
    saved: saved as ReadonlySignal<OrganizationData | null>,
    problem: problem as ReadonlySignal<Problem | null>,
    fieldErrors: fieldErrors as ReadonlySignal<Partial<Record<DataField, DataFieldError>>>,
    busy: busy as ReadonlySignal<boolean>,
    /** True after a save succeeded, until the next one starts. */
    done: done as ReadonlySignal<boolean>,

    async load(api: Pick<DataSettingsApi, 'get'>): Promise<void> {
      const result = await api.get();
      batch(() => {
        problem.value = result.ok ? null : result.problem;
        if (result.ok) saved.value = result.data;
      });
    },

    /** Saves what differs; nothing to send is a success at once. */
    async save(api: Pick<DataSettingsApi, 'update'>, draft: DataDraft): Promise<boolean> {
      const current = saved.value;
      if (!current) return false;
      const change = dataChange(current, draft);
      batch(() => {
        busy.value = true;
        done.value = false;
        problem.value = null;
        fieldErrors.value = {};
      });
      const result = Object.keys(change).length
        ? await api.update(change)
        : ({ ok: true, data: current } as const);
      batch(() => {
        busy.value = false;
        if (result.ok) {
          saved.value = result.data;
          done.value = true;
        } else {
          problem.value = result.problem;
          fieldErrors.value = dataFieldErrors(result.problem, draft);
        }
      });
      return result.ok;
    },
  };
});

export type DataSettingsModel = InstanceType<typeof DataSettingsModel>;
