import { type CsvValue, csvRow } from './csv';
import { hasRole, type Role } from './permissions';

/** The standard lead fields an export carries, in column order. */
export const EXPORT_FIELDS = [
  'id',
  'firstName',
  'lastName',
  'email',
  'phone',
  'title',
  'company',
  'industry',
  'employees',
  'country',
  'region',
  'city',
  'source',
  'campaign',
  'referredBy',
  'type',
  'status',
  'lossReason',
  'lossReasonText',
  'tags',
  'score',
  'assigneeId',
  'assigneeName',
  'createdAt',
  'updatedAt',
  'lastActivityAt',
  'contactedAt',
  'qualifiedAt',
  'lostAt',
] as const;

export type ExportField = (typeof EXPORT_FIELDS)[number];
export type ExportRecord = Record<ExportField, string | number | string[] | null>;
export type ExportFormat = 'csv' | 'json';

/**
 * Who gets email and phone in an export: admins and owners, who may change every lead. Members and
 * viewers export the same rows with those columns empty — a whole list of contact data leaving the system
 * is the admin functions' business (PRD 5.2), and every export is audited either way.
 */
export function canExportPii(role: Role): boolean {
  return hasRole(role, 'admin');
}

/** One exported lead as a CSV record (tags joined by "; "). */
export function csvRecord(r: ExportRecord): string {
  return csvRow(
    EXPORT_FIELDS.map((f): CsvValue => {
      const v = r[f];
      return Array.isArray(v) ? v.join('; ') : v;
    }),
  );
}

/** The CSV header record. */
export function csvHeader(): string {
  return csvRow(EXPORT_FIELDS);
}
