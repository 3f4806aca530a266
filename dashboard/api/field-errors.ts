import type { FieldError, Problem } from './problem';

/**
 * A problem's field errors placed on a form's fields by JSON pointer (`/owner/email` → `email`): the
 * first error per field; pointers the form does not show are left out.
 */
export function fieldErrorsAt<F extends string>(
  problem: Problem,
  pointers: Readonly<Record<string, F>>,
): Partial<Record<F, FieldError>> {
  const found: Partial<Record<F, FieldError>> = {};
  for (const error of problem.errors ?? []) {
    const field = Object.hasOwn(pointers, error.pointer) ? pointers[error.pointer] : undefined;
    if (field) found[field] ??= error;
  }
  return found;
}
