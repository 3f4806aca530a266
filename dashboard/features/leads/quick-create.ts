import type { DuplicateMatch } from '@contract/workspace';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient, DuplicateCheckInput } from '../../api/client';
import type { FieldError, Problem } from '../../api/problem';

export const QUICK_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company'] as const;
export type QuickField = (typeof QUICK_FIELDS)[number];
export type QuickDraft = Record<QuickField, string>;

export const EMPTY_DRAFT: QuickDraft = { firstName: '', lastName: '', email: '', phone: '', company: '' };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What is worth asking the duplicate check about so far: a complete-looking email, a phone with at
 * least 6 digits, names once the last name has 2 characters. Null when there is nothing to ask yet.
 */
export function duplicateQuery(draft: QuickDraft): DuplicateCheckInput | null {
  const query: DuplicateCheckInput = {};
  const email = draft.email.trim();
  if (EMAIL.test(email)) query.email = email;
  if (draft.phone.replace(/\D/g, '').length >= 6) query.phone = draft.phone.trim();
  if (draft.lastName.trim().length >= 2) {
    query.last = draft.lastName.trim();
    if (draft.firstName.trim()) query.first = draft.firstName.trim();
    if (draft.company.trim()) query.company = draft.company.trim();
  }
  return Object.keys(query).length ? query : null;
}

/** The fields to create a lead with: blanks left out. */
export function createFields(draft: QuickDraft): Partial<QuickDraft> & { lastName: string } {
  const fields: Partial<QuickDraft> = {};
  for (const key of QUICK_FIELDS) if (draft[key].trim()) fields[key] = draft[key].trim();
  return { ...fields, lastName: draft.lastName.trim() };
}

/** A 422's field errors by input, the first of each: `/lastName` → lastName. */
export function fieldErrors(problem: Problem | null): Partial<Record<QuickField, FieldError>> {
  const out: Partial<Record<QuickField, FieldError>> = {};
  for (const error of problem?.errors ?? []) {
    const key = error.pointer.replace(/^\//, '') as QuickField;
    if ((QUICK_FIELDS as readonly string[]).includes(key) && !out[key]) out[key] = error;
  }
  return out;
}

/** The quick-create form: the draft, the live duplicate warning, and submitting. */
export const QuickCreateModel = createModel(() => {
  const draft = signal<QuickDraft>(EMPTY_DRAFT, { name: 'quickCreate.draft' });
  const matches = signal<DuplicateMatch[]>([], { name: 'quickCreate.matches' });
  const checking = signal(false, { name: 'quickCreate.checking' });
  const submitting = signal(false, { name: 'quickCreate.submitting' });
  const problem = signal<Problem | null>(null, { name: 'quickCreate.problem' });
  const errors = computed(() => fieldErrors(problem.value), { name: 'quickCreate.errors' });
  let ticket = 0;

  return {
    draft: draft as ReadonlySignal<QuickDraft>,
    matches: matches as ReadonlySignal<DuplicateMatch[]>,
    checking: checking as ReadonlySignal<boolean>,
    submitting: submitting as ReadonlySignal<boolean>,
    problem: problem as ReadonlySignal<Problem | null>,
    errors,

    /** Changes one field. */
    edit(field: QuickField, value: string): void {
      draft.value = { ...draft.value, [field]: value };
    },

    /** Asks the server for similar leads; an answer overtaken by a newer question is dropped. */
    async checkDuplicates(api: ApiClient): Promise<void> {
      const mine = ++ticket;
      const query = duplicateQuery(draft.value);
      if (!query) {
        batch(() => {
          matches.value = [];
          checking.value = false;
        });
        return;
      }
      checking.value = true;
      const result = await api.checkDuplicates(query);
      if (mine !== ticket) return;
      batch(() => {
        checking.value = false;
        // A failed check only loses the warning; creating still works.
        matches.value = result.ok ? result.data.matches : [];
      });
    },

    /** Creates the lead; resolves to its id and whether an existing lead was updated, or null. */
    async submit(api: ApiClient): Promise<{ id: string; outcome: 'created' | 'updated' } | null> {
      if (submitting.value) return null;
      batch(() => {
        submitting.value = true;
        problem.value = null;
      });
      const result = await api.createLead(createFields(draft.value));
      return batch(() => {
        submitting.value = false;
        if (result.ok) return result.data;
        problem.value = result.problem;
        return null;
      });
    },
  };
});

export type QuickCreateModel = InstanceType<typeof QuickCreateModel>;
