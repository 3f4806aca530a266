import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { AbsencesPanel } from './absences-panel';
import { ExplainPanel } from './explain-panel';
import { type DraftRule, RoutingModel, type RoutingNotice } from './model';
import { ReplayPanel } from './replay-panel';
import { RuleEditor } from './rule-editor';
import { conditionPhrases, targetText } from './words';
import './routing.css';

function noticeText(n: RoutingNotice): string {
  if (n.kind === 'moved')
    return t('settings.routing.done.moved', { name: n.name, position: n.position, count: n.count });
  if (n.kind === 'replayed') return t('settings.routing.done.replayed', { count: n.count });
  return t(`settings.routing.done.${n.kind}`, { name: n.name });
}

/** The rule number a field error points into (`/rules/2/…` is rule 3), with its message. */
function errorText(error: NonNullable<Problem['errors']>[number]) {
  const match = /^\/rules\/(\d+)/.exec(error.pointer);
  const message = fieldErrorMessage(error);
  return match ? t('settings.routing.errorAt', { position: Number(match[1]) + 1, message }) : message;
}

/** Settings → Routing: the ordered rules (reorder by drag or by keyboard), who would get a lead, replay. */
export function RoutingPage() {
  const { api } = useApp();
  const model = useMemo(() => new RoutingModel(), []);
  const editing = useSignal<string | null>(null);
  const dragging = useSignal<number | null>(null);
  useEffect(() => {
    void model.load(api);
  }, [api, model]);
  const title = t('settings.routing.title');
  const problem = model.problem.value;
  const rules = model.rules.value;
  const add = () => {
    const index = model.add(t('settings.routing.newRule', { position: rules.length + 1 }));
    editing.value = model.rules.value[index]!.key;
  };
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p>{t('settings.routing.intro')}</p>
      <p class="toolbar__status" aria-live="polite">
        {model.loading.value ? t('app.loading') : model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <div role="alert">
        {problem && (
          <div class="notice notice--error">
            <p>{t(problemMessageKey(problem))}</p>
            {problem.errors && (
              <ul>
                {problem.errors.map((e) => (
                  <li key={e.pointer}>{errorText(e)}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {!model.loading.value && rules.length === 0 && <p>{t('settings.routing.none')}</p>}
      <ol class="people routing-rules" aria-label={t('settings.routing.listLabel')}>
        {rules.map((rule, index) => (
          <RuleItem
            key={rule.key}
            model={model}
            rule={rule}
            index={index}
            editing={editing.value === rule.key}
            onEdit={(on) => {
              editing.value = on ? rule.key : null;
            }}
            dragging={dragging.value}
            onDrag={(i) => {
              dragging.value = i;
            }}
          />
        ))}
      </ol>
      <div class="person-card__actions routing-actions">
        <button type="button" class="button" onClick={add}>
          {t('settings.routing.add')}
        </button>
        <button
          type="button"
          class="button button--primary"
          disabled={!model.dirty.value || model.busy.value === 'save'}
          onClick={() => void model.save(api.routing)}
        >
          {t('settings.routing.save')}
        </button>
        {model.dirty.value && <span class="hint">{t('settings.routing.unsaved')}</span>}
      </div>
      <ExplainPanel model={model} />
      <ReplayPanel model={model} />
      <AbsencesPanel model={model} />
    </>
  );
}

type ItemProps = {
  model: RoutingModel;
  rule: DraftRule;
  index: number;
  editing: boolean;
  onEdit: (on: boolean) => void;
  dragging: number | null;
  onDrag: (index: number | null) => void;
};

function RuleItem({ model, rule, index, editing, onEdit, dragging, onDrag }: ItemProps) {
  const id = `rule-${rule.key}`;
  const count = model.rules.value.length;
  const phrases = conditionPhrases(rule);
  const enabled = rule.enabled ?? true;
  return (
    <li
      class={`person-card routing-rule${dragging === index ? ' routing-rule--dragging' : ''}${enabled ? '' : ' routing-rule--off'}`}
      draggable={!editing}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', String(index));
        onDrag(index);
      }}
      onDragEnd={() => onDrag(null)}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        if (dragging !== null) model.moveTo(dragging, index);
        onDrag(null);
      }}
      aria-labelledby={`${id}-name`}
    >
      <h2 class="person-card__name" id={`${id}-name`}>
        <span class="routing-rule__position">{t('settings.routing.position', { position: index + 1 })}</span>{' '}
        <span dir="auto">{rule.name}</span>
        {!enabled && <span class="routing-rule__off"> {t('settings.routing.disabledMark')}</span>}
      </h2>
      <p>
        {phrases.length
          ? t('settings.routing.when', { conditions: phrases.join('; ') })
          : t('settings.routing.always')}{' '}
        {t('settings.routing.then', { target: targetText(rule, model.nameOf) })}
      </p>
      <div class="person-card__actions">
        <button
          type="button"
          class="button"
          disabled={index === 0}
          aria-describedby={`${id}-name`}
          onClick={() => model.moveBy(index, -1)}
        >
          {t('settings.routing.moveUp')}
        </button>
        <button
          type="button"
          class="button"
          disabled={index === count - 1}
          aria-describedby={`${id}-name`}
          onClick={() => model.moveBy(index, 1)}
        >
          {t('settings.routing.moveDown')}
        </button>
        <label class="check">
          <input
            type="checkbox"
            checked={enabled}
            onChange={() => model.toggle(index)}
            aria-describedby={`${id}-name`}
          />
          {t('settings.routing.enabled')}
        </label>
        <button
          type="button"
          class="button"
          aria-expanded={editing}
          aria-describedby={`${id}-name`}
          onClick={() => onEdit(!editing)}
        >
          {t('settings.routing.edit')}
        </button>
        <button
          type="button"
          class="button"
          aria-describedby={`${id}-name`}
          onClick={() => model.remove(index)}
        >
          {t('settings.routing.remove')}
        </button>
      </div>
      {editing && (
        <RuleEditor
          model={model}
          rule={rule}
          id={id}
          onApply={(next) => {
            model.update(index, next);
            onEdit(false);
          }}
          onCancel={() => onEdit(false)}
        />
      )}
    </li>
  );
}
