import { type CsvValue, csvRow } from './csv';

/**
 * How long an organization keeps its audit events, in days: seven years unless an admin chooses otherwise
 * (the PRD's default), never less than one year (an audit trail shorter than a yearly review is no trail),
 * at most ten years.
 */
export const AUDIT_RETENTION_DAYS = { default: 2557, min: 365, max: 3653 } as const;

/** The actors an audit event can name. */
export const AUDIT_ACTOR_TYPES = ['user', 'api_key', 'public', 'webhook', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** One audit event as the log shows and exports it (data already revealed for display). */
export type AuditEntry = {
  id: string;
  at: string;
  type: string;
  actor: { type: AuditActorType; id: string | null; name: string | null };
  entity: { type: string; id: string | null };
  leadId: string | null;
  data: Record<string, unknown>;
};

/** The columns of the audit log's CSV export, in order. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'action',
  'actorType',
  'actorId',
  'actorName',
  'entityType',
  'entityId',
  'leadId',
  'data',
] as const;

/** The CSV header record of the audit export. */
export function auditCsvHeader(): string {
  return csvRow(AUDIT_CSV_COLUMNS);
}

/** One audit event as a CSV record: the data as JSON in one cell (formula cells neutralised by csvRow). */
export function auditCsvRecord(e: AuditEntry): string {
  const cells: Record<(typeof AUDIT_CSV_COLUMNS)[number], CsvValue> = {
    id: e.id,
    at: e.at,
    action: e.type,
    actorType: e.actor.type,
    actorId: e.actor.id,
    actorName: e.actor.name,
    entityType: e.entity.type,
    entityId: e.entity.id,
    leadId: e.leadId,
    data: Object.keys(e.data).length ? JSON.stringify(e.data) : '',
  };
  return csvRow(AUDIT_CSV_COLUMNS.map((c) => cells[c]));
}

/** A value in an event's data stored as PII ciphertext, and the field it was sealed for. */
export type SealedValue = { path: ReadonlyArray<string | number>; field: 'email' | 'phone' };

const SEALED_CONFLICT_FIELDS = new Set(['email', 'phone']);

/**
 * Where an event's data holds ciphertext rather than a value: a resubmission that brought another email or
 * phone than the lead's keeps what was submitted sealed (`conflicts[i].submitted`). The log reveals these
 * for its readers (admins and owners); everything else in event data is stored as it is shown.
 */
export function sealedValues(type: string, data: Record<string, unknown>): SealedValue[] {
  if (type !== 'resubmitted' || !Array.isArray(data.conflicts)) return [];
  return data.conflicts.flatMap((c: unknown, i): SealedValue[] => {
    if (typeof c !== 'object' || c === null) return [];
    const { field, submitted } = c as { field?: unknown; submitted?: unknown };
    return typeof field === 'string' && SEALED_CONFLICT_FIELDS.has(field) && typeof submitted === 'string'
      ? [{ path: ['conflicts', i, 'submitted'], field: field as SealedValue['field'] }]
      : [];
  });
}

/** A copy of `data` with the value at each path replaced (paths sealedValues gave). */
export function withValues(
  data: Record<string, unknown>,
  values: ReadonlyArray<{ path: ReadonlyArray<string | number>; value: unknown }>,
): Record<string, unknown> {
  if (values.length === 0) return data;
  const copy = structuredClone(data);
  for (const { path, value } of values) {
    let node: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path.at(-1)!] = value;
  }
  return copy;
}
