import type { RoutingRuleInput } from '@contract/admin';
import { useSignal } from '@preact/signals';
import { t } from '../../i18n';
import type { RoutingModel } from './model';
import { formOf, type RuleForm, ruleOf } from './rule-form';
import { dayName } from './words';

type Props = {
  model: RoutingModel;
  rule: RoutingRuleInput;
  id: string;
  onApply: (rule: RoutingRuleInput) => void;
  onCancel: () => void;
};

/** The editor of one rule: its condition parts and its target; Apply puts it in the list being edited. */
export function RuleEditor({ model, rule, id, onApply, onCancel }: Props) {
  const form = useSignal<RuleForm>(formOf(rule));
  const f = form.value;
  const set = (patch: Partial<RuleForm>) => {
    form.value = { ...form.value, ...patch };
  };
  const text = (key: keyof RuleForm, label: string, hint?: string) => (
    <div class="field">
      <label for={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        value={String(f[key])}
        aria-describedby={hint ? `${id}-${key}-hint` : undefined}
        onInput={(e) => set({ [key]: e.currentTarget.value } as Partial<RuleForm>)}
      />
      {hint && (
        <p class="hint" id={`${id}-${key}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
  const candidates = model.members.value.filter((m) => m.status === 'active' && m.role !== 'viewer');
  const submit = (event: Event) => {
    event.preventDefault();
    onApply(ruleOf(form.value, rule.id));
  };
  return (
    <form class="form routing-editor" noValidate onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('settings.routing.editTitle', { name: rule.name })}</h3>
      {text('name', t('settings.routing.name'))}
      <fieldset>
        <legend>{t('settings.routing.conditions')}</legend>
        <p class="hint">{t('settings.routing.conditionsHint')}</p>
        {text('sources', t('settings.routing.part.sources'), t('settings.routing.listHint'))}
        {text('formIds', t('settings.routing.part.formIds'), t('settings.routing.listHint'))}
        {text('campaigns', t('settings.routing.part.campaigns'), t('settings.routing.listHint'))}
        {text('countries', t('settings.routing.part.countries'), t('settings.routing.countriesHint'))}
        {text('regions', t('settings.routing.part.regions'), t('settings.routing.listHint'))}
        <div class="routing-editor__pair">
          {text('minScore', t('settings.routing.part.minScore'))}
          {text('maxScore', t('settings.routing.part.maxScore'))}
        </div>
        <div class="field">
          <label for={`${id}-attributes`}>{t('settings.routing.part.attributes')}</label>
          <textarea
            id={`${id}-attributes`}
            rows={2}
            value={f.attributes}
            aria-describedby={`${id}-attributes-hint`}
            onInput={(e) => set({ attributes: e.currentTarget.value })}
          />
          <p class="hint" id={`${id}-attributes-hint`}>
            {t('settings.routing.attributesHint')}
          </p>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={f.hoursOn}
            onChange={(e) => set({ hoursOn: e.currentTarget.checked })}
          />
          {t('settings.routing.hoursOn')}
        </label>
        {f.hoursOn && (
          <fieldset>
            <legend>{t('settings.routing.part.businessHours')}</legend>
            <p class="hint">{t('settings.routing.hoursHint')}</p>
            <div class="routing-editor__days">
              {[1, 2, 3, 4, 5, 6, 7].map((day) => (
                <label class="check" key={day}>
                  <input
                    type="checkbox"
                    checked={f.days.includes(day)}
                    onChange={(e) =>
                      set({
                        days: e.currentTarget.checked ? [...f.days, day] : f.days.filter((d) => d !== day),
                      })
                    }
                  />
                  {dayName(day)}
                </label>
              ))}
            </div>
            <div class="routing-editor__pair">
              <div class="field">
                <label for={`${id}-start`}>{t('settings.routing.start')}</label>
                <input
                  id={`${id}-start`}
                  type="time"
                  value={f.start}
                  onInput={(e) => set({ start: e.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label for={`${id}-end`}>{t('settings.routing.end')}</label>
                <input
                  id={`${id}-end`}
                  type="time"
                  value={f.end}
                  onInput={(e) => set({ end: e.currentTarget.value })}
                />
              </div>
            </div>
          </fieldset>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('settings.routing.target')}</legend>
        <div class="field">
          <label for={`${id}-target`}>{t('settings.routing.targetKind')}</label>
          <select
            id={`${id}-target`}
            value={f.target}
            onChange={(e) => set({ target: e.currentTarget.value as RuleForm['target'] })}
          >
            <option value="user">{t('settings.routing.target.user')}</option>
            <option value="team">{t('settings.routing.target.team')}</option>
            <option value="weighted">{t('settings.routing.target.weighted')}</option>
          </select>
        </div>
        {f.target === 'user' && (
          <div class="field">
            <label for={`${id}-user`}>{t('settings.routing.person')}</label>
            <select
              id={`${id}-user`}
              value={f.userId}
              onChange={(e) => set({ userId: e.currentTarget.value })}
            >
              {candidates.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {f.target === 'team' && (
          <>
            <div class="field">
              <label for={`${id}-team`}>{t('settings.routing.team')}</label>
              <select id={`${id}-team`} value={f.team} onChange={(e) => set({ team: e.currentTarget.value })}>
                <option value="">{t('settings.routing.chooseTeam')}</option>
                {model.teams.value.map((team) => (
                  <option key={team.id} value={team.name}>
                    {team.name}
                  </option>
                ))}
              </select>
            </div>
            <label class="check">
              <input
                type="checkbox"
                checked={f.seniorOnly}
                onChange={(e) => set({ seniorOnly: e.currentTarget.checked })}
              />
              {t('settings.routing.seniorOnly')}
            </label>
          </>
        )}
        {f.target === 'weighted' && (
          <fieldset>
            <legend>{t('settings.routing.weights')}</legend>
            <p class="hint">{t('settings.routing.weightsHint')}</p>
            {candidates.map((m) => (
              <div class="field routing-editor__weight" key={m.id}>
                <label for={`${id}-w-${m.id}`}>{m.name}</label>
                <input
                  id={`${id}-w-${m.id}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={100}
                  value={f.weights[m.id] ?? ''}
                  onInput={(e) => set({ weights: { ...f.weights, [m.id]: e.currentTarget.value } })}
                />
              </div>
            ))}
          </fieldset>
        )}
        {f.target !== 'user' &&
          text('maxOpenLeads', t('settings.routing.maxOpenLeads'), t('settings.routing.maxOpenLeadsHint'))}
        <p class="hint">{t('settings.routing.availabilityHint')}</p>
      </fieldset>
      <div class="person-card__actions">
        <button type="submit" class="button button--primary">
          {t('settings.routing.apply')}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {t('settings.routing.cancel')}
        </button>
      </div>
    </form>
  );
}
