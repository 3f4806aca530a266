import type { Signal } from '@preact/signals';
import type { ComponentChildren, JSX, RefObject } from 'preact';

/** The attributes that mark a control invalid and tie it to its error message (id `<id>-error`). */
export function errorAttributes(id: string, error: unknown) {
  return error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};
}

/** A text signal as a control's value, updated on every input. */
export function bindText(text: Signal<string>) {
  return {
    value: text.value,
    onInput: (event: { currentTarget: { value: string } }) => {
      text.value = event.currentTarget.value;
    },
  };
}

type FieldProps = {
  id: string;
  label: string;
  /** Shown under the control; give the control `errorAttributes(id, error)` so it is tied to it. */
  error?: string | false | null;
  children: ComponentChildren;
};

/** A visibly labelled control with its error message under it. */
export function Field({ id, label, error, children }: FieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {error && (
        <p id={`${id}-error`} class="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

type Bound = {
  /** The text the control shows and edits. */
  bind?: Signal<string>;
  /** Shown under the control and tied to it with aria-describedby; the control is marked invalid. */
  error?: string | false | null;
  id: string;
  label: string;
};

type TextFieldProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'ref'> &
  Bound & { inputRef?: RefObject<HTMLInputElement> };

/** A visibly labelled input with its error message wired for assistive tech. */
export function TextField({ id, label, error, inputRef, bind, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} error={error}>
      <input
        {...input}
        {...(bind && bindText(bind))}
        id={id}
        ref={inputRef}
        {...errorAttributes(id, error)}
      />
    </Field>
  );
}

type TextAreaFieldProps = Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'ref'> & Bound;

/** A visibly labelled textarea with its error message wired for assistive tech. */
export function TextAreaField({ id, label, error, bind, ...textarea }: TextAreaFieldProps) {
  return (
    <Field id={id} label={label} error={error}>
      <textarea {...textarea} {...(bind && bindText(bind))} id={id} {...errorAttributes(id, error)} />
    </Field>
  );
}
