import type { QuarantineCount } from '@contract/quarantine';
import { type ReadonlySignal, signal } from '@preact/signals';
import type { QuarantineApi } from '../../api/quarantine';

const held = signal<QuarantineCount | null>(null, { name: 'quarantine.heldCount' });

/**
 * How many submissions wait for review, as last asked: one value for the navigation's badge and the
 * quarantine page, so a release or discard on the page changes the badge at once.
 */
export const heldCount: ReadonlySignal<QuarantineCount | null> = held;

/** Asks the server again; a failed ask keeps the last count. */
export async function refreshHeldCount(api: Pick<QuarantineApi, 'count'>): Promise<void> {
  const result = await api.count();
  if (result.ok) held.value = result.data;
}
