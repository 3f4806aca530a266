import { batch, type Signal } from '@preact/signals';
import type { ApiResult } from './call';
import type { Problem } from './problem';

/** What a page shows of its actions: which one runs, and the last one's problem or notice. */
export type ActionState<N> = {
  busy: Signal<string | null>;
  problem: Signal<Problem | null>;
  notice: Signal<N | null>;
};

/**
 * Runs a page's actions one at a time over `state`: `busy` names the action while it runs; afterwards
 * its problem, or the notice `done` makes of its answer.
 */
export function actionRunner<N>({ busy, problem, notice }: ActionState<N>) {
  return async function act<T>(
    key: string,
    run: () => Promise<ApiResult<T>>,
    done: (data: T) => N,
  ): Promise<ApiResult<T>> {
    batch(() => {
      busy.value = key;
      problem.value = null;
      notice.value = null;
    });
    const result = await run();
    batch(() => {
      busy.value = null;
      if (result.ok) notice.value = done(result.data);
      else problem.value = result.problem;
    });
    return result;
  };
}
