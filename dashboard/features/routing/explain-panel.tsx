import type { GlobalSearch } from '@contract/search';
import { useSignal } from '@preact/signals';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import type { RoutingModel } from './model';
import { checkText, skippedText } from './words';

type LeadHit = GlobalSearch['leads']['items'][number];

/** "Who would get this lead?": pick a lead by search or type a draft; see the rule and why the others failed. */
export function ExplainPanel({ model }: { model: RoutingModel }) {
  const { api } = useApp();
  const mode = useSignal<'lead' | 'draft'>('lead');
  const q = useSignal('');
  const hits = useSignal<LeadHit[]>([]);
  const draft = useSignal({ source: '', campaign: '', country: '', region: '', score: '50', attributes: '' });
  const search = async (event: Event) => {
    event.preventDefault();
    const result = await api.search(q.value);
    hits.value = result.ok ? result.data.leads.items : [];
  };
  const askDraft = (event: Event) => {
    event.preventDefault();
    const d = draft.value;
    const custom = Object.fromEntries(
      d.attributes
        .split('\n')
        .map((line) => line.split('='))
        .filter((p) => p.length === 2 && p[0]!.trim())
        .map(([k, v]) => [k!.trim(), v!.trim()]),
    );
    void model.explain(api.routing, {
      lead: {
        source: d.source || null,
        campaign: d.campaign || null,
        country: d.country || null,
        region: d.region || null,
        score: Number(d.score || 0),
        custom,
      },
    });
  };
  const field = (key: keyof typeof draft.value, label: string, type = 'text') => (
    <div class="field">
      <label for={`explain-${key}`}>{label}</label>
      <input
        id={`explain-${key}`}
        type={type}
        value={draft.value[key]}
        onInput={(e) => {
          draft.value = { ...draft.value, [key]: e.currentTarget.value };
        }}
      />
    </div>
  );
  return (
    <section class="routing-panel" aria-labelledby="explain-title">
      <h2 id="explain-title">{t('settings.routing.explain.title')}</h2>
      <p class="hint">{t('settings.routing.explain.intro')}</p>
      <fieldset class="routing-panel__mode">
        <legend>{t('settings.routing.explain.which')}</legend>
        <label class="check">
          <input
            type="radio"
            name="explain-mode"
            checked={mode.value === 'lead'}
            onChange={() => (mode.value = 'lead')}
          />
          {t('settings.routing.explain.pick')}
        </label>
        <label class="check">
          <input
            type="radio"
            name="explain-mode"
            checked={mode.value === 'draft'}
            onChange={() => (mode.value = 'draft')}
          />
          {t('settings.routing.explain.draft')}
        </label>
      </fieldset>
      {mode.value === 'lead' ? (
        <form class="form" noValidate onSubmit={search}>
          <div class="field">
            <label for="explain-q">{t('settings.routing.explain.search')}</label>
            <input
              id="explain-q"
              type="search"
              value={q.value}
              onInput={(e) => (q.value = e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button">
            {t('settings.routing.explain.find')}
          </button>
          {hits.value.length > 0 && (
            <ul class="routing-hits" aria-label={t('settings.routing.explain.found')}>
              {hits.value.map((lead) => (
                <li key={lead.id}>
                  <button
                    type="button"
                    class="button button--quiet"
                    onClick={() => void model.explain(api.routing, { leadId: lead.id })}
                  >
                    {t('settings.routing.explain.askFor', { name: lead.name })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </form>
      ) : (
        <form class="form" noValidate onSubmit={askDraft}>
          {field('source', t('settings.routing.part.sources'))}
          {field('campaign', t('settings.routing.part.campaigns'))}
          {field('country', t('settings.routing.part.countries'))}
          {field('region', t('settings.routing.part.regions'))}
          {field('score', t('settings.routing.explain.score'), 'number')}
          <div class="field">
            <label for="explain-attributes">{t('settings.routing.part.attributes')}</label>
            <textarea
              id="explain-attributes"
              rows={2}
              value={draft.value.attributes}
              aria-describedby="explain-attributes-hint"
              onInput={(e) => {
                draft.value = { ...draft.value, attributes: e.currentTarget.value };
              }}
            />
            <p class="hint" id="explain-attributes-hint">
              {t('settings.routing.explain.attributesHint')}
            </p>
          </div>
          <button type="submit" class="button button--primary">
            {t('settings.routing.explain.ask')}
          </button>
        </form>
      )}
      <Answer model={model} />
    </section>
  );
}

function Answer({ model }: { model: RoutingModel }) {
  const problem = model.explainProblem.value;
  const answer = model.explanation.value;
  return (
    <div aria-live="polite" class="routing-answer">
      {model.busy.value === 'explain' && <p>{t('app.loading')}</p>}
      {problem && (
        <div class="notice notice--error">
          <p>{t(problemMessageKey(problem))}</p>
          {problem.errors?.map((e) => (
            <p key={e.pointer}>{fieldErrorMessage(e)}</p>
          ))}
        </div>
      )}
      {answer && (
        <>
          <p class="routing-answer__verdict">
            <strong>
              {answer.decision
                ? t('settings.routing.explain.goesTo', {
                    name: model.nameOf(answer.decision.assignee),
                    rule: answer.decision.name,
                  })
                : t('settings.routing.explain.nobody')}
            </strong>
          </p>
          {answer.version === 0 && <p class="hint">{t('settings.routing.explain.draftRules')}</p>}
          <ol class="routing-verdicts">
            {answer.rules.map((r) => (
              <li key={r.ruleId}>
                <span dir="auto">{r.name}</span>: {t(`settings.routing.outcome.${r.outcome}`)}
                {r.outcome === 'no-match' && (
                  <ul>
                    {r.checks
                      .filter((c) => !c.ok)
                      .map((c) => (
                        <li key={`${c.part}-${c.key ?? ''}`}>{checkText(c)}</li>
                      ))}
                  </ul>
                )}
                {r.skipped.length > 0 && (
                  <ul>
                    {r.skipped.map((s) => (
                      <li key={s.userId}>{skippedText(s, model.nameOf(s.userId))}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
