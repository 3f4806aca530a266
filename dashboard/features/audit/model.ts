import type { AuditEvent, AuditPage, AuditSettings } from '@contract/audit';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { AuditApi, AuditParams } from '../../api/audit';
import type { ApiResult } from '../../api/client';
import type { Problem } from '../../api/problem';
import { timeZone } from '../../i18n';
import { zonedDayBound } from '../../ui/day-bounds';

/** The filter form's fields, as typed (empty: not filtering). */
export type AuditFilter = {
  /** `user:<id>`, `api_key:<id>`, or an actor type alone (`system`, `public`, `webhook`). */
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  from: string;
  to: string;
};

export const EMPTY_FILTER: AuditFilter = {
  actor: '',
  action: '',
  entityType: '',
  entityId: '',
  from: '',
  to: '',
};

/** The query parameters of a filter: only what is set, the actor split into its type and id. */
export function auditParams(f: AuditFilter, zone?: string): AuditParams {
  const params: AuditParams = {};
  const [actorType, actorId] = f.actor.split(':');
  if (actorType) params.actorType = actorType;
  if (actorId) params.actorId = actorId;
  const action = f.action.trim();
  if (action) params.action = action;
  if (f.entityType) params.entityType = f.entityType;
  const entityId = f.entityId.trim();
  if (entityId && f.entityType) params.entityId = entityId;
  if (f.from) params.from = zonedDayBound(f.from, false, zone);
  if (f.to) params.to = zonedDayBound(f.to, true, zone);
  return params;
}

/** The retention choices the page offers, in years, each as the days the server stores. */
export const RETENTION_YEARS = [1, 2, 3, 5, 7, 10] as const;

/** Whole years of 365.25 days, rounded: 7 years is 2557 days, the server's default. */
export function yearsToDays(years: number): number {
  return Math.round(years * 365.25);
}

/** One line of an event's changes: a field with its value before and after, or a value alone. */
export type ChangeLine = { key: string; before?: unknown; after?: unknown; value?: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An event's data as lines a person reads: `before`/`after` objects field by field, a `from`/`to` pair as
 * one change, per-field `{ from, to }` objects (lead edits) likewise, anything else as a value.
 */
export function changeLines(data: Record<string, unknown>): ChangeLine[] {
  const lines: ChangeLine[] = [];
  const { before, after, ...rest } = data;
  if (isRecord(before) || isRecord(after)) {
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)]))
      lines.push({ key, before: b[key], after: a[key] });
  } else {
    if (before !== undefined) rest.before = before;
    if (after !== undefined) rest.after = after;
  }
  if ('from' in rest && 'to' in rest) {
    lines.push({ key: '', before: rest.from, after: rest.to });
    delete rest.from;
    delete rest.to;
  }
  for (const [key, value] of Object.entries(rest)) {
    if (isRecord(value) && 'from' in value && 'to' in value && Object.keys(value).length === 2)
      lines.push({ key, before: value.from, after: value.to });
    else lines.push({ key, value });
  }
  return lines;
}

/** Actions that record a read of personal data: leads' contact data and files, exports, held submissions. */
export const ACCESS_ACTIONS = ['accessed', 'exported', 'quarantine.viewed'] as const;

/** The filter that shows only reads of personal data. */
export const ACCESS_FILTER: AuditFilter = { ...EMPTY_FILTER, action: ACCESS_ACTIONS.join(',') };

/** What an access event says it revealed, as the catalog words it; null for any other event. */
export type AccessSummary =
  | { what: 'email' | 'phone' | 'emailPhone' | 'gdpr'; via: string | null }
  | { what: 'document'; documentId: string; via: string | null };

/** An access event's summary: the contact values it showed, the file, or the GDPR export, and the route. */
export function accessSummary(event: { type: string; data: Record<string, unknown> }): AccessSummary | null {
  const { kind, revealed, documentId } = event.data;
  const via = typeof event.data.via === 'string' ? event.data.via : null;
  if (event.type === 'exported') return kind === 'gdpr' ? { what: 'gdpr', via } : null;
  if (event.type !== 'accessed') return null;
  if (kind === 'document' && typeof documentId === 'string') return { what: 'document', documentId, via };
  if (kind !== 'contact' || !Array.isArray(revealed)) return null;
  const email = revealed.includes('email');
  const phone = revealed.includes('phone');
  if (email && phone) return { what: 'emailPhone', via };
  return email ? { what: 'email', via } : phone ? { what: 'phone', via } : null;
}

/** A value in a change line as text: strings as they are, empty as an en dash, the rest as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

/** The audit log page: the applied filter, the events loaded so far and where the next page starts. */
export const AuditModel = createModel(() => {
  const filter = signal<AuditFilter>(EMPTY_FILTER, { name: 'audit.filter' });
  const items = signal<AuditEvent[]>([], { name: 'audit.items' });
  const nextCursor = signal<string | null>(null, { name: 'audit.nextCursor' });
  const loading = signal(false, { name: 'audit.loading' });
  const problem = signal<Problem | null>(null, { name: 'audit.problem' });
  const params = computed(() => auditParams(filter.value, timeZone.value));
  let generation = 0;
  const read = async (api: AuditApi, cursor: string | null) => {
    const mine = ++generation;
    loading.value = true;
    const result: ApiResult<AuditPage> = await api.list(params.value, cursor);
    if (mine !== generation) return;
    batch(() => {
      loading.value = false;
      problem.value = result.ok ? null : result.problem;
      if (!result.ok) return;
      items.value = cursor ? [...items.value, ...result.data.items] : result.data.items;
      nextCursor.value = result.data.nextCursor;
    });
  };
  return {
    filter: filter as ReadonlySignal<AuditFilter>,
    params,
    items: items as ReadonlySignal<AuditEvent[]>,
    nextCursor: nextCursor as ReadonlySignal<string | null>,
    loading: loading as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    /** Applies a filter and loads its first page (a slower earlier answer is dropped). */
    apply(api: AuditApi, next: AuditFilter): Promise<void> {
      filter.value = next;
      return read(api, null);
    },
    /** Loads the applied filter's first page again (after a change the log records). */
    reload(api: AuditApi): Promise<void> {
      return read(api, null);
    },
    /** Loads the page after the last one shown. */
    more(api: AuditApi): Promise<void> {
      return nextCursor.value ? read(api, nextCursor.value) : Promise.resolve();
    },
  };
});

export type AuditModel = InstanceType<typeof AuditModel>;

/** The retention form: the stored setting, the save's outcome. */
export const RetentionModel = createModel(() => {
  const settings = signal<AuditSettings | null>(null, { name: 'audit.retention.settings' });
  const busy = signal(false, { name: 'audit.retention.busy' });
  const done = signal(false, { name: 'audit.retention.done' });
  const problem = signal<Problem | null>(null, { name: 'audit.retention.problem' });
  return {
    settings: settings as ReadonlySignal<AuditSettings | null>,
    busy: busy as ReadonlySignal<boolean>,
    done: done as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    async load(api: AuditApi): Promise<void> {
      const result = await api.getSettings();
      batch(() => {
        problem.value = result.ok ? null : result.problem;
        if (result.ok) settings.value = result.data;
      });
    },
    /** Saves the retention; answers whether it was saved. */
    async save(api: AuditApi, retentionDays: number): Promise<boolean> {
      busy.value = true;
      done.value = false;
      const result = await api.saveSettings({ retentionDays });
      batch(() => {
        busy.value = false;
        problem.value = result.ok ? null : result.problem;
        done.value = result.ok;
        if (result.ok) settings.value = result.data;
      });
      return result.ok;
    },
  };
});

export type RetentionModel = InstanceType<typeof RetentionModel>;
