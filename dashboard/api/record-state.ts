import { batch, signal } from '@preact/signals';
import type { ApiResult } from './call';
import type { Problem } from './problem';

/** Where loading one record stands: a 404 is `missing`, any other failure `error`. */
export type Phase = 'loading' | 'ready' | 'missing' | 'error';

/** One record loaded by id: its value, phase and problem, and `settle`, which puts an answer in them. */
export function recordSignals<T>(name: string) {
  const value = signal<T | null>(null, { name: `${name}.value` });
  const phase = signal<Phase>('loading', { name: `${name}.phase` });
  const problem = signal<Problem | null>(null, { name: `${name}.problem` });
  function settle(result: ApiResult<T>): void {
    batch(() => {
      if (result.ok) {
        value.value = result.data;
        phase.value = 'ready';
        problem.value = null;
      } else {
        problem.value = result.problem;
        phase.value = result.problem.status === 404 ? 'missing' : 'error';
      }
    });
  }
  return { value, phase, problem, settle };
}
