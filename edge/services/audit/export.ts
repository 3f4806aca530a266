import type { Db } from '../../../db/types';
import type { AuditFilter } from '../../contract/audit';
import { actorOf } from '../../core/actor';
import { auditCsvHeader, auditCsvRecord } from '../../core/audit-log';
import { UTF8_BOM } from '../../core/csv';
import type { Auth, Deps } from '../../deps';
import { recordEvents } from './events';
import { auditBatches } from './log';

/**
 * Streams the audit events matching `filter` as CSV (UTF-8 with BOM, RFC 4180, formula cells neutralised),
 * newest first, a batch at a time. The export is itself audited: one `exported` event (entity
 * `audit_export`) with the filter and the count when the stream ends, or marked incomplete when the reader
 * cancels. Web streams only: runs on Workers and Node.
 */
export function exportAuditLog(
  deps: Pick<Deps, 'pii' | 'now'>,
  db: Db,
  auth: Auth,
  filter: AuditFilter,
): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  const encoder = new TextEncoder();
  const batches = auditBatches(deps, db, auth.organizationId, filter);
  let count = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const audit = async (complete: boolean) => {
    const data = { format: 'csv', filter, count, complete };
    await recordEvents(db, [
      {
        organizationId: auth.organizationId,
        entityType: 'audit_export',
        entityId: null,
        type: 'exported',
        actor: actorOf(auth),
        at: deps.now(),
        data,
      },
    ]).finally(finish);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + auditCsvHeader()));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) {
          await audit(true);
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map(auditCsvRecord).join('')));
        count += next.value.length;
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel: async () => {
      await batches.return(undefined);
      await audit(false);
    },
  });
  return { stream, done };
}
