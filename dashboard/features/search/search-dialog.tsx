import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useApp } from '../../app-context';
import { type MessageKey, t } from '../../i18n';
import { navigate } from '../../router';
import { Dialog } from '../../ui/dialog';
import { problemMessageKey } from '../../ui/problem-message';
import { stageKey } from '../crm/model';
import { Money } from '../crm/money';
import { createSearchModel, type SearchGroup, type SearchModel, type SearchOption } from './model';

const GROUP_TITLES: Record<SearchGroup, MessageKey> = {
  leads: 'shell.nav.leads',
  accounts: 'shell.nav.accounts',
  contacts: 'shell.nav.contacts',
  opportunities: 'shell.nav.opportunities',
};

const MORE_LABELS: Record<SearchGroup, MessageKey> = {
  leads: 'search.more.leads',
  accounts: 'search.more.accounts',
  contacts: 'search.more.contacts',
  opportunities: 'search.more.opportunities',
};

const LISTBOX_ID = 'global-search-results';
const optionId = (index: number) => `global-search-option-${index}`;

/**
 * The app-wide search (Ctrl+K, Cmd+K, or `/` outside text fields): a combobox whose listbox groups leads,
 * accounts, contacts and opportunities. Focus stays in the box; the arrow keys move the pointed option
 * (aria-activedescendant), Enter opens it, Escape closes and returns focus to where it was.
 */
export function SearchDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { api } = useApp();
  const model = useMemo(() => createSearchModel(api), [api]);
  useEffect(() => {
    if (!open) model.reset();
  }, [open, model]);

  const go = (option: SearchOption | null) => {
    if (!option) return;
    onClose();
    navigate(option.href);
  };

  return (
    <Dialog open={open} onClose={onClose} title={t('search.title')} titleId="global-search-title">
      <SearchBox model={model} onChoose={go} />
      <SearchStatus model={model} />
      <SearchResults model={model} onChoose={go} />
      <p class="global-search__hint">{t('search.hint')}</p>
    </Dialog>
  );
}

function SearchBox({ model, onChoose }: { model: SearchModel; onChoose: (o: SearchOption | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const active = model.active.value;
  const expanded = model.options.value.length > 0;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      model.move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onChoose(model.chosen());
    }
  };
  return (
    <div class="field global-search__field">
      <label for="global-search-input">{t('search.label')}</label>
      <input
        ref={input}
        id="global-search-input"
        class="global-search__input"
        type="text"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        maxLength={200}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={LISTBOX_ID}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-describedby="global-search-status"
        value={model.query.value}
        onInput={(event) => model.type(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}

/** The polite line: searching, nothing found, how many found, or why the search failed. */
function SearchStatus({ model }: { model: SearchModel }) {
  const phase = model.phase.value;
  const problem = model.problem.value;
  const count = model.result.value
    ? ['leads', 'accounts', 'contacts', 'opportunities'].reduce(
        (sum, g) => sum + (model.result.value?.[g as SearchGroup].items.length ?? 0),
        0,
      )
    : 0;
  let text = '';
  if (phase === 'waiting') text = t('search.searching');
  else if (phase === 'ready') text = count ? t('search.found', { count }) : t('search.none');
  else if (phase === 'failed' && problem)
    text = problem.errors?.some((e) => e.pointer === '/q')
      ? t('search.tooShort')
      : t(problemMessageKey(problem));
  return (
    <p
      id="global-search-status"
      class={`global-search__status${phase === 'failed' ? ' notice notice--error' : ''}`}
      role="status"
    >
      {text}
    </p>
  );
}

function SearchResults({
  model,
  onChoose,
}: {
  model: SearchModel;
  onChoose: (o: SearchOption | null) => void;
}) {
  const active = model.active.value;
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  let index = 0;
  return (
    // A listbox with nothing in it is an error to assistive technology: hidden until it has options.
    <div
      ref={list}
      id={LISTBOX_ID}
      role="listbox"
      class="global-search__results"
      aria-label={t('search.results')}
      hidden={model.options.value.length === 0}
    >
      {model.groups.value.map((options) => {
        const group = options[0]!.group;
        const headingId = `global-search-group-${group}`;
        return (
          // biome-ignore lint/a11y/useSemanticElements: a listbox's groups are ARIA groups, not fieldsets
          <div key={group} role="group" aria-labelledby={headingId} class="global-search__group">
            <div role="presentation" id={headingId} class="global-search__heading">
              {t(GROUP_TITLES[group])}
            </div>
            {options.map((option) => {
              const i = index++;
              return (
                // Pointer users click; keyboard users stay in the box, which owns focus and the keys.
                // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys
                <div
                  key={option.id}
                  id={optionId(i)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === active}
                  class="global-search__option"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => onChoose(option)}
                >
                  <OptionText option={option} />
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}

function OptionText({ option }: { option: SearchOption }) {
  if (option.kind === 'more') return <span class="global-search__more">{t(MORE_LABELS[option.group])}</span>;
  const details = optionDetails(option);
  return (
    <>
      <span class="global-search__name" dir="auto">
        {option.item.name}
      </span>
      {details.length > 0 && (
        <span class="global-search__details">
          {details.map((d, i) => (
            <span key={i} dir="auto">
              {d}
            </span>
          ))}
        </span>
      )}
    </>
  );
}

/** The second line of a record: separate values (never fragments of one sentence). */
function optionDetails(option: Extract<SearchOption, { kind: 'record' }>) {
  switch (option.group) {
    case 'leads': {
      const l = option.item;
      return [
        l.company,
        t(`leads.status.${l.status}`),
        t('search.score', { score: l.score }),
        l.owner ? t('search.owner', { name: l.owner.name }) : null,
      ].filter(Boolean);
    }
    case 'accounts':
      return [option.item.industry].filter(Boolean);
    case 'contacts':
      return [option.item.title, option.item.account?.name].filter(Boolean);
    case 'opportunities': {
      const o = option.item;
      return [
        o.account?.name ?? null,
        t(stageKey(o.stage)),
        <Money key="amount" amount={o.amount} currency={o.currency} />,
      ].filter(Boolean);
    }
  }
}
