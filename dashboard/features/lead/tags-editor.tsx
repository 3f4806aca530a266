import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { focusAfterRender } from '../../ui/focus';
import type { LeadModel } from './model';

/** The lead's tags with remove buttons, and an input that suggests the organization's tags as you type. */
export function TagsEditor({ model, readOnlyId }: { model: LeadModel; readOnlyId: string | null }) {
  const { api } = useApp();
  const text = useSignal('');
  const suggestions = useSignal<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const tags = model.lead.value?.tags ?? [];

  const onInput = (value: string) => {
    text.value = value;
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const result = value.trim() ? await api.suggestTags(value.trim()) : null;
      suggestions.value = result?.ok ? result.data.items.map((i) => i.tag) : [];
    }, 200);
  };
  const add = async (event: Event) => {
    event.preventDefault();
    const tag = text.value.trim();
    if (tag && (await model.changeTags(api, { add: [tag] }))) text.value = '';
  };

  return (
    <div class="tags-editor">
      {tags.length ? (
        <ul class="tags">
          {tags.map((tag) => (
            <li key={tag} class="tag" dir="auto">
              {tag}
              {readOnlyId === null && (
                <button
                  type="button"
                  class="tag__remove"
                  aria-label={t('lead.removeTag', { tag })}
                  onClick={async () => {
                    // The tag and its button go: continue at the field that adds tags.
                    await model.changeTags(api, { remove: tag });
                    focusAfterRender('#tag-input');
                  }}
                >
                  <span aria-hidden="true">×</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <span class="muted">{t('lead.noTags')}</span>
      )}
      {readOnlyId === null && (
        <form class="inline-edit" onSubmit={add}>
          <label for="tag-input" class="visually-hidden">
            {t('lead.addTag')}
          </label>
          <input
            id="tag-input"
            list="tag-suggestions"
            maxLength={50}
            placeholder={t('lead.addTag')}
            autocomplete="off"
            value={text.value}
            onInput={(event) => onInput(event.currentTarget.value)}
          />
          <datalist id="tag-suggestions">
            {suggestions.value.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
          <button type="submit" class="button">
            {t('lead.addTagButton')}
          </button>
        </form>
      )}
    </div>
  );
}
