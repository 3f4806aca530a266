import type { SavedView } from '@contract/saved-views';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link } from '../../router';
import { ConfirmDialog, FormButtons } from '../../ui/dialog';
import { problemMessageKey } from '../../ui/problem-message';
import { bindText, TextField } from '../../ui/text-field';
import { type Layout, type LayoutModel, readLayout } from './columns';
import { activeViewId, SavedViewsModel, viewHref } from './saved-views-model';
import './saved-views.css';

type SavedViewsProps = {
  /** The list's current parameters (filter, search, sort), as GET /api/leads takes them. */
  params: Record<string, string>;
  /** Viewers keep views too (a view changes no lead); only an API key has none, and it has no UI. */
  canSave: boolean;
  /** The list's columns and density: saved with a view, and put back when the view is chosen. */
  layout: LayoutModel;
};

/**
 * Saved views ("smart lists"): each is a link to the list with its filter in the URL (so choosing one
 * is a navigation Back undoes), the current one marked; the owner may rename or delete; the current
 * filter can be saved under a name, personal or shared with the organization.
 */
export function SavedViews({ params, canSave, layout }: SavedViewsProps) {
  const { api } = useApp();
  const model = useMemo(() => new SavedViewsModel(), []);
  const announcement = useSignal('');
  const deleting = useSignal<SavedView | null>(null);
  useEffect(() => {
    void model.load(api);
  }, [api, model]);
  const active = activeViewId(model.views.value, params);
  const problem = model.problem.value;

  const remove = async () => {
    const view = deleting.value;
    if (!view) return;
    const result = await model.remove(api, view.id);
    deleting.value = null;
    if (result.ok) announcement.value = t('views.deleted', { name: view.name });
  };
  return (
    <section class="views" aria-labelledby="views-heading">
      <h2 id="views-heading" class="views__title">
        {t('views.title')}
      </h2>
      {model.views.value.length === 0 ? (
        <p class="hint">{t('views.empty')}</p>
      ) : (
        <ul class="views__list">
          {model.views.value.map((view) => (
            <ViewItem
              key={view.id}
              view={view}
              current={view.id === active}
              onRenamed={(name) => {
                announcement.value = t('views.renamed', { name });
              }}
              onDelete={() => {
                deleting.value = view;
              }}
              model={model}
              onChoose={() => {
                if (view.layout) layout.set(readLayout(view.layout));
              }}
            />
          ))}
        </ul>
      )}
      {canSave && (
        <SaveViewForm
          model={model}
          params={params}
          layout={layout.layout.value}
          onSaved={(name) => {
            announcement.value = t('views.saved', { name });
          }}
        />
      )}
      <p class="visually-hidden" role="status">
        {announcement.value}
      </p>
      <div role="alert">{problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}</div>
      <ConfirmDialog
        target={deleting}
        title={(view) => t('views.deleteTitle', { name: view.name })}
        titleId="view-delete-title"
        label={t('views.delete')}
        onConfirm={remove}
      >
        <p>{t('views.deleteText')}</p>
      </ConfirmDialog>
    </section>
  );
}

type ViewItemProps = {
  view: SavedView;
  current: boolean;
  model: SavedViewsModel;
  onRenamed: (name: string) => void;
  onDelete: () => void;
  onChoose: () => void;
};

function ViewItem({ view, current, model, onRenamed, onDelete, onChoose }: ViewItemProps) {
  const { api } = useApp();
  const renaming = useSignal(false);
  const draft = useSignal(view.name);
  const inputId = `view-name-${view.id}`;
  const rename = async (event: Event) => {
    event.preventDefault();
    const result = await model.rename(api, view.id, draft.value.trim());
    if (!result.ok) return;
    renaming.value = false;
    onRenamed(result.data.name);
  };
  if (renaming.value)
    return (
      <li class="views__item">
        <form class="views__rename" onSubmit={rename}>
          <label for={inputId}>{t('views.newName', { name: view.name })}</label>
          <input
            id={inputId}
            {...bindText(draft)}
            required
            maxLength={100}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this view; focus goes to its name.
            autoFocus
          />
          <FormButtons
            label={t('views.saveName')}
            cancelLabel={t('views.cancel')}
            onCancel={() => {
              renaming.value = false;
            }}
          />
        </form>
      </li>
    );
  return (
    <li class="views__item">
      <Link href={viewHref(view)} aria-current={current ? 'page' : undefined} dir="auto" onClick={onChoose}>
        {view.name}
      </Link>
      {view.shared && <span class="views__shared">{t('views.sharedBadge')}</span>}
      {view.editable && (
        <>
          <button
            type="button"
            class="button button--quiet"
            aria-label={t('views.renameLabel', { name: view.name })}
            onClick={() => {
              draft.value = view.name;
              renaming.value = true;
            }}
          >
            {t('views.rename')}
          </button>
          <button
            type="button"
            class="button button--quiet"
            aria-label={t('views.deleteLabel', { name: view.name })}
            onClick={onDelete}
          >
            {t('views.delete')}
          </button>
        </>
      )}
    </li>
  );
}

type SaveViewFormProps = {
  model: SavedViewsModel;
  params: Record<string, string>;
  layout: Layout;
  onSaved: (name: string) => void;
};

function SaveViewForm({ model, params, layout, onSaved }: SaveViewFormProps) {
  const { api } = useApp();
  const name = useSignal('');
  const shared = useSignal(false);
  const save = async (event: Event) => {
    event.preventDefault();
    const result = await model.save(api, name.value.trim(), params, layout, shared.value);
    if (!result.ok) return;
    onSaved(result.data.name);
    name.value = '';
    shared.value = false;
  };
  return (
    <form class="views__save" onSubmit={save}>
      <TextField id="view-name" label={t('views.name')} required maxLength={100} bind={name} />
      <label class="check">
        <input
          type="checkbox"
          checked={shared.value}
          onChange={(event) => {
            shared.value = event.currentTarget.checked;
          }}
        />
        {t('views.share')}
      </label>
      <button type="submit" class="button">
        {t('views.save')}
      </button>
    </form>
  );
}
