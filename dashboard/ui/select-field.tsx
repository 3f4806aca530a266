import type { Signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { errorAttributes, Field } from './text-field';

type SelectFieldProps = {
  id: string;
  label: string;
  bind: Signal<string>;
  error?: string | false | null;
  disabled?: boolean;
  children: ComponentChildren;
};

/** A visibly labelled `<select>` bound to a text signal, its error message wired for assistive tech. */
export function SelectField({ id, label, bind, error, disabled, children }: SelectFieldProps) {
  return (
    <Field id={id} label={label} error={error}>
      <select
        id={id}
        value={bind.value}
        disabled={disabled}
        onChange={(event) => {
          bind.value = event.currentTarget.value;
        }}
        {...errorAttributes(id, error)}
      >
        {children}
      </select>
    </Field>
  );
}
