import type { JSX, RefObject } from 'preact';

type TextFieldProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'ref'> & {
  id: string;
  label: string;
  /** Shown under the input and tied to it with aria-describedby; the input is marked invalid. */
  error?: string | null;
  inputRef?: RefObject<HTMLInputElement>;
};

/** A visibly labelled input with its error message wired for assistive tech. */
export function TextField({ id, label, error, inputRef, ...input }: TextFieldProps) {
  const errorId = `${id}-error`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        {...input}
        id={id}
        ref={inputRef}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && (
        <p id={errorId} class="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
