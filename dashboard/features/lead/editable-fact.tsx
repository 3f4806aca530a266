import { LEAD_FIELD_MAX } from '@contract/limits';
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { FieldError } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { fieldErrorMessage } from '../../ui/problem-message';
import { FIELD_LABELS } from './field-labels';
import type { EditableField, LeadModel } from './model';

const TYPES: Partial<Record<EditableField, string>> = { email: 'email', phone: 'tel' };
const INPUT_MODES: Partial<Record<EditableField, 'numeric' | 'email' | 'tel'>> = {
  employees: 'numeric',
  email: 'email',
  phone: 'tel',
};

type EditableFactProps = {
  model: LeadModel;
  field: EditableField;
  value: string | number | null;
  /** Disabled (with this reason's id) when the user may not change the lead. */
  readOnlyId: string | null;
  onSaved: (message: string) => void;
  children: ComponentChildren;
};

/** A `dt`/`dd` pair whose value can be edited in place; the server's field error shows under the input. */
export function EditableFact({ model, field, value, readOnlyId, onSaved, children }: EditableFactProps) {
  const { api } = useApp();
  const editing = useSignal(false);
  const draft = useSignal('');
  const error = useSignal<FieldError | null>(null);
  const inputRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const label = t(FIELD_LABELS[field]);
  const multiline = field === 'description';
  const id = `edit-${field}`;

  useEffect(() => {
    if (editing.value) inputRef.current?.focus();
  }, [editing.value]);

  const stop = () => {
    editing.value = false;
    error.value = null;
    requestAnimationFrame(() => editRef.current?.focus());
  };
  const save = async (event: Event) => {
    event.preventDefault();
    const outcome = await model.editField(api, field, draft.value);
    if (outcome.ok) {
      stop();
      onSaved(t('lead.saved', { field: label }));
    } else if (outcome.conflict) stop();
    else {
      error.value = outcome.fieldError;
      inputRef.current?.focus();
    }
  };

  const inputProps = {
    'aria-invalid': error.value ? ('true' as const) : undefined,
    'aria-describedby': error.value ? `${id}-error` : undefined,
    onInput: (event: Event) => {
      draft.value = (event.currentTarget as HTMLInputElement).value;
    },
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        stop();
      }
    },
  };

  return (
    <>
      <dt>{editing.value ? <label for={id}>{label}</label> : label}</dt>
      <dd>
        {editing.value ? (
          <form class="inline-edit" data-editing onSubmit={save} noValidate>
            {multiline ? (
              <textarea
                ref={inputRef}
                id={id}
                class="inline-edit__text"
                rows={4}
                maxLength={LEAD_FIELD_MAX.description}
                value={draft.value}
                {...inputProps}
              />
            ) : (
              <input
                ref={inputRef}
                id={id}
                type={TYPES[field] ?? 'text'}
                inputMode={INPUT_MODES[field]}
                maxLength={field === 'employees' ? 10 : LEAD_FIELD_MAX[field]}
                value={draft.value}
                {...inputProps}
              />
            )}
            <button type="submit" class="button button--primary">
              {t('lead.save')}
            </button>
            <button type="button" class="button" onClick={stop}>
              {t('dialog.cancel')}
            </button>
            {error.value && (
              <p id={`${id}-error`} class="field__error">
                {fieldErrorMessage(error.value)}
              </p>
            )}
          </form>
        ) : (
          <span class="fact">
            {children}
            <button
              ref={editRef}
              type="button"
              class="button button--quiet"
              disabled={readOnlyId !== null}
              aria-describedby={readOnlyId ?? undefined}
              onClick={() => {
                draft.value = value === null ? '' : String(value);
                editing.value = true;
              }}
            >
              {t('lead.edit', { field: label })}
            </button>
          </span>
        )}
      </dd>
    </>
  );
}
