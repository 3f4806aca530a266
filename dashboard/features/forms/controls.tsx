import type { ComponentChildren, JSX } from 'preact';

/** The id of the input for an error key (`fields.email.label.de` → `fe-fields-email-label-de`). */
export const inputId = (key: string) => `fe-${key.replace(/\./g, '-')}`;

/** The ids a control is described by: its hint and its error, when shown. */
function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p id={`${id}-hint`} class="hint">
      {children}
    </p>
  );
}

/** An error message under its control (the control points to it with aria-describedby). */
export function ErrorText({ id, error }: { id: string; error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} class="field__error">
      {error}
    </p>
  );
}

type Common = { errorKey: string; label: ComponentChildren; hint?: ComponentChildren; error?: string | null };

type InputProps = Common &
  Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'label' | 'value' | 'onInput'> & {
    value: string;
    onValue: (value: string) => void;
    multiline?: boolean;
  };

/** A labelled text input (or textarea) with an optional hint and its error, wired for assistive tech. */
export function Input({ errorKey, label, hint, error, value, onValue, multiline, ...rest }: InputProps) {
  const id = inputId(errorKey);
  const common = {
    id,
    value,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, hint, error),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && <Hint id={id}>{hint}</Hint>}
      {multiline ? (
        <textarea
          {...common}
          rows={2}
          onInput={(e) => onValue(e.currentTarget.value)}
          dir="auto"
          maxLength={rest.maxLength}
        />
      ) : (
        <input {...rest} {...common} onInput={(e) => onValue(e.currentTarget.value)} />
      )}
      <ErrorText id={id} error={error} />
    </div>
  );
}

type CheckProps = Common &
  Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'label' | 'checked' | 'onChange' | 'type'> & {
    checked: boolean;
    onCheck: (checked: boolean) => void;
    type?: 'checkbox' | 'radio';
  };

/** A checkbox (or radio button) with its label after it, an optional hint and its error. */
export function Check({
  errorKey,
  label,
  hint,
  error,
  checked,
  onCheck,
  type = 'checkbox',
  ...rest
}: CheckProps) {
  const id = inputId(errorKey);
  return (
    <div class="check">
      <input
        {...rest}
        id={id}
        type={type}
        checked={checked}
        onChange={(e) => onCheck(e.currentTarget.checked)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <label for={id}>{label}</label>
      {hint && <Hint id={id}>{hint}</Hint>}
      <ErrorText id={id} error={error} />
    </div>
  );
}

/** The error of a group (the fields, the origins): focusable, so a failed save can take the user to it. */
export function GroupError({ id, error }: { id: string; error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p id={id} class="field__error" tabIndex={-1} data-error-anchor>
      {error}
    </p>
  );
}

/** Moves focus to the first control marked invalid (or group error) inside `root`, in reading order. */
export function focusFirstError(root: HTMLElement | null): void {
  root?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error-anchor]')?.focus();
}
