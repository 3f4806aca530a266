import type { Conversion, ConversionPreview, ConvertLeadBody } from '@contract/conversion';
import type { Member } from '@contract/users';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { Problem } from '../../api/problem';

/** The account choice: an existing account's id, or a new one from the lead's company. */
export type AccountChoice = { kind: 'existing'; id: string } | { kind: 'new' };

/** Candidates at least this similar are chosen by default; below it the rep decides. */
const DEFAULT_MATCH = 0.6;

/** The default account: a close match, else a new account (or the best match when a new one cannot be made). */
export function defaultAccount(preview: ConversionPreview): AccountChoice {
  const best = preview.candidates[0];
  if (best && (best.similarity >= DEFAULT_MATCH || preview.missingFields.length > 0))
    return { kind: 'existing', id: best.id };
  return { kind: 'new' };
}

/** The request body for a choice. */
export function convertBody(
  choice: AccountChoice,
  assigneeId: string,
  opportunityName: string,
): ConvertLeadBody {
  const name = opportunityName.trim();
  return {
    ...(choice.kind === 'existing' ? { accountId: choice.id } : { createAccount: true }),
    assigneeId,
    ...(name ? { opportunityName: name } : {}),
  };
}

/** The conversion dialog's state: the preview, the members to pick the AE from, and the convert action. */
export const ConvertModel = createModel(() => {
  const preview = signal<ConversionPreview | null>(null, { name: 'convert.preview' });
  const members = signal<Member[]>([], { name: 'convert.members' });
  const problem = signal<Problem | null>(null, { name: 'convert.problem' });
  const busy = signal(false, { name: 'convert.busy' });

  return {
    preview: preview as ReadonlySignal<ConversionPreview | null>,
    members: members as ReadonlySignal<Member[]>,
    problem: problem as ReadonlySignal<Problem | null>,
    busy: busy as ReadonlySignal<boolean>,

    /** Loads the preview and the assignable members together. */
    async open(api: ApiClient, leadId: string): Promise<void> {
      const [p, m] = await Promise.all([api.conversionPreview(leadId), api.listUsers()]);
      batch(() => {
        if (p.ok) preview.value = p.data;
        if (m.ok) members.value = m.data.items.filter((u) => u.assignable);
        problem.value = !p.ok ? p.problem : !m.ok ? m.problem : null;
      });
    },

    /** Converts; resolves to the conversion, or null with `problem` set. */
    async convert(api: ApiClient, leadId: string, body: ConvertLeadBody): Promise<Conversion | null> {
      if (busy.value) return null;
      busy.value = true;
      problem.value = null;
      const result = await api.convertLead(leadId, body);
      return batch(() => {
        busy.value = false;
        if (result.ok) return result.data;
        problem.value = result.problem;
        return null;
      });
    },
  };
});

export type ConvertModel = InstanceType<typeof ConvertModel>;
