import type { Form, RefusedOrigin } from '@contract/forms-admin';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient, ApiResult } from '../../api/client';
import type { Problem } from '../../api/problem';
import type { MessageKey } from '../../i18n';
import {
  type DraftErrors,
  draftErrors,
  draftErrorsFrom,
  draftFromForm,
  draftRequest,
  type FormDraft,
} from './draft';

export type FormsPhase = 'idle' | 'loading' | 'ready' | 'error';

/** Puts a saved form into the list in place (or at the end when it is new). */
export function upsertForm(list: readonly Form[], form: Form): Form[] {
  return list.some((f) => f.id === form.id)
    ? list.map((f) => (f.id === form.id ? form : f))
    : [...list, form];
}

/** The organization's forms, as the list page shows them. */
export const FormsModel = createModel(() => {
  const items = signal<Form[]>([], { name: 'forms.items' });
  const phase = signal<FormsPhase>('idle', { name: 'forms.phase' });
  const problem = signal<Problem | null>(null, { name: 'forms.problem' });
  const count = computed(() => items.value.length, { name: 'forms.count' });
  let ticket = 0;
  // A message for the next page to announce (e.g. "Form created" after moving to the new form's page).
  let notice: MessageKey | null = null;

  return {
    items: items as ReadonlySignal<Form[]>,
    phase: phase as ReadonlySignal<FormsPhase>,
    problem: problem as ReadonlySignal<Problem | null>,
    count,

    /** Loads the list again. Resolves to whether it succeeded. */
    async refresh(api: ApiClient): Promise<boolean> {
      const mine = ++ticket;
      batch(() => {
        phase.value = 'loading';
        problem.value = null;
      });
      const result = await api.listForms();
      if (mine !== ticket) return false;
      batch(() => {
        if (result.ok) items.value = result.data.items;
        else problem.value = result.problem;
        phase.value = result.ok ? 'ready' : 'error';
      });
      return result.ok;
    },

    /** Keeps the list in step with a form saved in the editor. */
    remember(form: Form): void {
      items.value = upsertForm(items.value, form);
    },

    /** Leaves a message for the next page to show once. */
    notify(message: MessageKey): void {
      notice = message;
    },

    /** The message left by `notify`, once. */
    takeNotice(): MessageKey | null {
      const message = notice;
      notice = null;
      return message;
    },

    /** Forgets everything, e.g. on sign-out. */
    reset(): void {
      ticket++;
      notice = null;
      batch(() => {
        items.value = [];
        phase.value = 'idle';
        problem.value = null;
      });
    },
  };
});

export type FormsModel = InstanceType<typeof FormsModel>;

/** `loading` the form, `ready` to edit, `saving` a change, `missing` when it could not be loaded. */
export type EditorPhase = 'loading' | 'ready' | 'saving' | 'missing';

/** What a save ended in: the view moves focus and announces accordingly. */
export type SaveOutcome = { ok: true; form: Form; created: boolean } | { ok: false; errors: DraftErrors };

/** One form's editor: the stored form, the draft being edited, its errors, and save/enable actions. */
export const FormEditorModel = createModel((formId: string | null) => {
  const form = signal<Form | null>(null, { name: 'formEditor.form' });
  const draft = signal<FormDraft>(draftFromForm(null), { name: 'formEditor.draft' });
  const errors = signal<DraftErrors>({}, { name: 'formEditor.errors' });
  const phase = signal<EditorPhase>(formId ? 'loading' : 'ready', { name: 'formEditor.phase' });
  const problem = signal<Problem | null>(null, { name: 'formEditor.problem' });
  /** Bumped after every save, so the preview reloads the widget. */
  const savedCount = signal(0, { name: 'formEditor.savedCount' });
  const busy = computed(() => phase.value === 'saving', { name: 'formEditor.busy' });
  /** Origins the form refused lately (admins see them), and the one being allowed now. */
  const refused = signal<RefusedOrigin[]>([], { name: 'formEditor.refused' });
  const allowing = signal<string | null>(null, { name: 'formEditor.allowing' });

  function settle<T>(result: ApiResult<T>): result is { ok: true; data: T } {
    problem.value = result.ok ? null : result.problem;
    return result.ok;
  }

  function show(next: Form): void {
    batch(() => {
      form.value = next;
      draft.value = draftFromForm(next);
      errors.value = {};
      phase.value = 'ready';
    });
  }

  return {
    form: form as ReadonlySignal<Form | null>,
    draft: draft as ReadonlySignal<FormDraft>,
    errors: errors as ReadonlySignal<DraftErrors>,
    phase: phase as ReadonlySignal<EditorPhase>,
    problem: problem as ReadonlySignal<Problem | null>,
    savedCount: savedCount as ReadonlySignal<number>,
    busy,
    refused: refused as ReadonlySignal<RefusedOrigin[]>,
    allowing: allowing as ReadonlySignal<string | null>,

    async load(api: ApiClient): Promise<void> {
      if (!formId) {
        // A new form starts in the organization's language for new forms, unless one was chosen already.
        const start = draft.value.defaultLocale;
        const settings = await api.dataSettings.get();
        if (settings.ok && draft.value.defaultLocale === start)
          draft.value = { ...draft.value, defaultLocale: settings.data.defaultFormLocale };
        return;
      }
      const result = await api.getForm(formId);
      if (settle(result)) show(result.data);
      else phase.value = 'missing';
    },

    /** Loads the origins the form refused lately; the list stays empty when it cannot be read. */
    async loadRefused(api: ApiClient): Promise<void> {
      if (!formId) return;
      const result = await api.listRefusedOrigins(formId);
      if (result.ok) refused.value = result.data.items;
    },

    /**
     * Allows a refused origin at once (saved on the server, not with the draft): the stored form takes it,
     * the draft gains it beside its unsaved edits, and it leaves the refused list. Resolves to success.
     */
    async allow(api: ApiClient, origin: string): Promise<boolean> {
      const current = form.value;
      if (!current || allowing.value) return false;
      problem.value = null;
      allowing.value = origin;
      const result = await api.allowOrigin(current.id, origin);
      batch(() => {
        allowing.value = null;
        if (!settle(result)) return;
        form.value = result.data;
        const origins = draft.value.allowedOrigins;
        if (!origins.includes(origin)) draft.value = { ...draft.value, allowedOrigins: [...origins, origin] };
        refused.value = refused.value.filter((r) => r.origin !== origin);
        savedCount.value++;
      });
      return result.ok;
    },

    /** Changes the draft; an input's error goes away as soon as it is edited. */
    edit(change: (current: FormDraft) => FormDraft, ...clears: string[]): void {
      batch(() => {
        draft.value = change(draft.value);
        if (clears.some((key) => key in errors.value)) {
          const rest = { ...errors.value };
          for (const key of clears) delete rest[key];
          errors.value = rest;
        }
      });
    },

    /** Checks the draft, then creates or updates the form; field errors of a 422 land on their inputs. */
    async save(api: ApiClient): Promise<SaveOutcome> {
      problem.value = null;
      const found = draftErrors(draft.value);
      errors.value = found;
      if (Object.keys(found).length > 0) return { ok: false, errors: found };
      const request = draftRequest(draft.value);
      const current = form.value;
      phase.value = 'saving';
      const result = current
        ? await api.updateForm(current.id, request.body)
        : await api.createForm(request.body);
      if (settle(result)) {
        batch(() => {
          show(result.data);
          savedCount.value++;
        });
        return { ok: true, form: result.data, created: !current };
      }
      const fromServer = draftErrorsFrom(result.problem.errors ?? [], request);
      batch(() => {
        errors.value = fromServer;
        phase.value = 'ready';
      });
      return { ok: false, errors: fromServer };
    },

    /** Takes the form offline or back online. */
    async setEnabled(api: ApiClient, enabled: boolean): Promise<Form | null> {
      const current = form.value;
      if (!current) return null;
      phase.value = 'saving';
      const result = await api.setFormEnabled(current.id, enabled);
      if (settle(result)) {
        // The draft keeps unsaved edits: only the status changed.
        batch(() => {
          form.value = result.data;
          savedCount.value++;
          phase.value = 'ready';
        });
        return result.data;
      }
      phase.value = 'ready';
      return null;
    },
  };
});

export type FormEditorModel = InstanceType<typeof FormEditorModel>;
