import { IMPORT_FILE_CODES } from '@contract/field-errors';
import { type MessageKey, translateWith } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';

export type ImportProblem = {
  code: string;
  errors?: Array<{ code?: string; params?: Record<string, string | number> }>;
};

/** A problem in words: the file's or mapping's own code (with its line, where it names one) first. */
export function importProblemMessage(problem: ImportProblem): string {
  return translateWith(importProblemKey(problem), problem.errors?.[0]?.params ?? {});
}

/** The message for a problem: the file's or mapping's own code first, then the generic one. */
export function importProblemKey(problem: ImportProblem): MessageKey {
  const code = problem.errors?.[0]?.code ?? problem.code;
  const key = `import.error.${code}`;
  return (KNOWN_ERRORS.has(code) ? key : problemMessageKey(problem)) as MessageKey;
}
const KNOWN_ERRORS = new Set<string>([...IMPORT_FILE_CODES, 'conflict']);
