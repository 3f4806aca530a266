import type { SavedView, ViewLayout } from '@contract/saved-views';
import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient, ApiResult } from '../../api/client';
import type { Problem } from '../../api/problem';
import { PATHS } from '../../routes';

/** The list URL of a view: its filter as it was saved (the list page reads the URL). */
export function viewHref(view: Pick<SavedView, 'filter'>): string {
  const search = new URLSearchParams(view.filter).toString();
  return search ? `${PATHS.leads}?${search}` : PATHS.leads;
}

/** The view showing now: the one whose filter is exactly the list's current parameters. */
export function activeViewId(views: readonly SavedView[], params: Record<string, string>): string | null {
  const key = (filter: Record<string, string>) =>
    JSON.stringify(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)));
  const current = key(params);
  return views.find((v) => key(v.filter) === current)?.id ?? null;
}

/** Saved views ("smart lists"): mine and the shared ones, and the actions that change them. */
export const SavedViewsModel = createModel(() => {
  const views = signal<SavedView[]>([], { name: 'savedViews.views' });
  const problem = signal<Problem | null>(null, { name: 'savedViews.problem' });

  /** Runs a change; on success reloads the list (names sort on the server), else keeps its problem. */
  async function change<T>(api: ApiClient, call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    const result = await call();
    if (!result.ok) {
      problem.value = result.problem;
      return result;
    }
    problem.value = null;
    await load(api);
    return result;
  }

  async function load(api: ApiClient): Promise<boolean> {
    const result = await api.listSavedViews();
    batch(() => {
      if (result.ok) views.value = result.data.items;
      else problem.value = result.problem;
    });
    return result.ok;
  }

  return {
    views: views as ReadonlySignal<SavedView[]>,
    problem: problem as ReadonlySignal<Problem | null>,
    load,
    /** Saves the list's current parameters, columns and density under a name, personal or shared. */
    save: (
      api: ApiClient,
      name: string,
      filter: Record<string, string>,
      layout: ViewLayout,
      shared: boolean,
    ) => change(api, () => api.createSavedView({ name, filter, layout, shared })),
    rename: (api: ApiClient, id: string, name: string) =>
      change(api, () => api.updateSavedView(id, { name })),
    remove: (api: ApiClient, id: string) => change(api, () => api.deleteSavedView(id)),
  };
});

export type SavedViewsModel = InstanceType<typeof SavedViewsModel>;
