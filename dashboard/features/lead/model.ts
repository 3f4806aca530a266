import type { LeadDetail, LeadStatus } from '@contract/leads';
import type { UpdateLeadBody } from '@contract/workspace';
import type { LossReason } from '@core/status';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { FieldError, Problem } from '../../api/problem';
import { type Phase, recordSignals } from '../../api/record-state';

/** Fields the detail page edits in place, and the kind of input each takes. */
export const EDITABLE_FIELDS = [
  'firstName',
  'lastName',
  'title',
  'company',
  'email',
  'phone',
  'industry',
  'employees',
  'country',
  'region',
  'city',
  'source',
  'campaign',
  'referredBy',
  'description',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * What an input's text is sent as: trimmed, empty clears the field (but a last name is required, so an
 * empty one goes as it is, for the server to refuse), and employees as a whole number when it is one (else
 * the text, which the server refuses with a field error).
 */
export function editValue(field: EditableField, value: string): string | number | null {
  const text = value.trim();
  if (field === 'lastName') return text;
  if (text === '') return null;
  if (field === 'employees' && /^\d{1,9}$/.test(text)) return Number(text);
  return text;
}

/** What saving an edit ended in: saved, a message for the field (from the server), or a conflict. */
export type EditOutcome = { ok: true } | { ok: false; fieldError: FieldError | null; conflict: boolean };

/** What claiming or releasing ended in: `taken` when someone else had the lead (it is reloaded to show who). */
export type OwnershipOutcome = 'done' | 'taken' | 'failed';

/** What a status change ended in, for the view to announce or to keep a dialog open. */
export type StatusOutcome = 'done' | 'conflict' | 'invalid-transition' | 'failed';

/** One lead's detail and the actions that change it. */
export const LeadModel = createModel(() => {
  const { value: lead, phase, problem, settle } = recordSignals<LeadDetail>('lead');
  /** The server has a newer version than the one shown: changes are refused until a reload. */
  const conflict = signal(false, { name: 'lead.conflict' });
  const saving = signal(false, { name: 'lead.saving' });
  /** Someone else changed the lead while an edit here was open: shown, not overwritten. */
  const changedElsewhere = signal(false, { name: 'lead.changedElsewhere' });
  const allowed = computed(() => lead.value?.allowedTransitions ?? [], { name: 'lead.allowed' });

  async function load(api: ApiClient, id: string): Promise<void> {
    const result = await api.getLead(id);
    batch(() => {
      conflict.value = false;
      changedElsewhere.value = false;
      settle(result);
    });
  }

  return {
    lead: lead as ReadonlySignal<LeadDetail | null>,
    phase: phase as ReadonlySignal<Phase>,
    problem: problem as ReadonlySignal<Problem | null>,
    conflict: conflict as ReadonlySignal<boolean>,
    saving: saving as ReadonlySignal<boolean>,
    changedElsewhere: changedElsewhere as ReadonlySignal<boolean>,
    allowed,
    load,

    /**
     * The lead changed elsewhere: reload it, unless the person has an edit open (`editing`), which a
     * reload would throw away; then say so and let them reload.
     */
    async changedRemotely(api: ApiClient, editing: boolean): Promise<void> {
      const current = lead.value;
      if (!current || saving.value) return;
      if (editing) changedElsewhere.value = true;
      else await load(api, current.id);
    },

    /** Saves one field (blank clears it), based on the version shown. */
    async editField(api: ApiClient, field: EditableField, value: string): Promise<EditOutcome> {
      const current = lead.value;
      if (!current) return { ok: false, fieldError: null, conflict: false };
      // A computed key widens to every field; the value matches the field it was made for (see editValue).
      const change = { [field]: editValue(field, value), version: current.version } as UpdateLeadBody;
      const result = await api.updateLead(current.id, change);
      if (result.ok) {
        lead.value = result.data;
        return { ok: true };
      }
      const isConflict = result.problem.code === 'version-conflict';
      if (isConflict) conflict.value = true;
      // Only one field was sent, so any field error of a 422 is about it.
      const errors = result.problem.errors ?? [];
      const fieldError = errors.find((e) => e.pointer === `/${field}`) ?? errors[0] ?? null;
      if (!isConflict && !fieldError) problem.value = result.problem;
      return { ok: false, fieldError, conflict: isConflict };
    },

    /** Replaces the lead's custom attributes (the server cleans them as ingestion does). */
    async saveCustom(api: ApiClient, custom: Record<string, string>): Promise<EditOutcome> {
      const current = lead.value;
      if (!current) return { ok: false, fieldError: null, conflict: false };
      const result = await api.updateLead(current.id, { custom, version: current.version });
      if (result.ok) {
        lead.value = result.data;
        return { ok: true };
      }
      const isConflict = result.problem.code === 'version-conflict';
      if (isConflict) conflict.value = true;
      const fieldError = result.problem.errors?.[0] ?? null;
      if (!isConflict && !fieldError) problem.value = result.problem;
      return { ok: false, fieldError, conflict: isConflict };
    },

    /** Adds tags or removes one; the lead's tags and version follow the server's answer. */
    async changeTags(api: ApiClient, change: { add: string[] } | { remove: string }): Promise<boolean> {
      const current = lead.value;
      if (!current) return false;
      const result =
        'add' in change
          ? await api.addTags(current.id, change.add, current.version)
          : await api.removeTag(current.id, change.remove, current.version);
      if (result.ok) {
        lead.value = { ...current, tags: result.data.tags, version: result.data.version };
        return true;
      }
      if (result.problem.code === 'version-conflict') conflict.value = true;
      else problem.value = result.problem;
      return false;
    },

    /** Assigns the lead to `userId`, or unassigns it with null. */
    async assign(api: ApiClient, userId: string | null): Promise<boolean> {
      const current = lead.value;
      if (!current) return false;
      const result = await api.assignLead(current.id, userId, current.version);
      if (result.ok) {
        lead.value = result.data;
        return true;
      }
      if (result.problem.code === 'version-conflict') conflict.value = true;
      else problem.value = result.problem;
      return false;
    },

    /** Takes the lead ("Assign to me") or puts it back in the pool. */
    async changeOwnership(api: ApiClient, action: 'claim' | 'release'): Promise<OwnershipOutcome> {
      const current = lead.value;
      if (!current || saving.value) return 'failed';
      saving.value = true;
      problem.value = null;
      const result = await api.leadDay[action](current.id);
      if (result.ok || result.problem.code !== 'lead-already-assigned')
        return batch(() => {
          saving.value = false;
          if (result.ok) lead.value = result.data;
          else problem.value = result.problem;
          return result.ok ? 'done' : 'failed';
        });
      const fresh = await api.getLead(current.id);
      return batch(() => {
        saving.value = false;
        if (fresh.ok) lead.value = fresh.data;
        return 'taken';
      });
    },

    /** Moves the lead to `status`, sending the version shown so a concurrent change is detected. */
    async changeStatus(
      api: ApiClient,
      status: LeadStatus,
      loss?: { reason: LossReason; text: string | null; closeOpenTasks?: boolean },
    ): Promise<StatusOutcome> {
      const current = lead.value;
      if (!current || saving.value) return 'failed';
      saving.value = true;
      problem.value = null;
      const result = await api.changeStatus(current.id, {
        status,
        version: current.version,
        ...(loss && { lossReason: loss.reason, lossReasonText: loss.text }),
        ...(loss?.closeOpenTasks && { closeOpenTasks: true }),
      });
      return batch(() => {
        saving.value = false;
        if (result.ok) {
          lead.value = result.data;
          return 'done';
        }
        if (result.problem.code === 'version-conflict') {
          conflict.value = true;
          return 'conflict';
        }
        problem.value = result.problem;
        return result.problem.code === 'invalid-transition' ? 'invalid-transition' : 'failed';
      });
    },
  };
});

export type LeadModel = InstanceType<typeof LeadModel>;
