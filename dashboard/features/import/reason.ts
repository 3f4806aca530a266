import { IMPORT_REASONS, type ImportReason } from '@contract/import-reasons';
import type { ImportPreview } from '@contract/imports';
import { translateWith } from '../../i18n';

type Row = Pick<ImportPreview['items'][number], 'reason' | 'matchLine'>;

/** Whether a reason is one of the server's codes (rows of an older import may carry English text). */
export function isImportReason(reason: string): reason is ImportReason {
  return (IMPORT_REASONS as readonly string[]).includes(reason);
}

/** Why a row gets its outcome, in the user's language; a reason that is not a code is shown as it came. */
export function importReasonText(row: Row): string {
  if (!row.reason) return '';
  if (!isImportReason(row.reason)) return row.reason;
  return translateWith(`import.reason.${row.reason}`, { line: row.matchLine ?? 0 });
}
