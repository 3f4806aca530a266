import type { ScoringPreview } from '@contract/scoring';
import type { ScoringChange } from '@core/scoring-diff';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDateTime, locale, type MessageKey, t } from '../../i18n';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { errorAttributes, Field } from '../../ui/text-field';
import { ruleKey } from '../lead/lead-view';
import { type DraftText, POINT_KEYS, type PointKey } from './draft';
import { type ScoringModel as Model, ScoringModel, type ScoringNotice } from './model';
import './scoring.css';

const POINT_LABELS: Record<PointKey, MessageKey> = {
  employeesLarge: 'settings.scoring.points.employeesLarge',
  employeesMid: 'settings.scoring.points.employeesMid',
  industry: 'settings.scoring.points.industry',
  titleDirector: 'settings.scoring.points.titleDirector',
  titleManager: 'settings.scoring.points.titleManager',
  titleIndividual: 'settings.scoring.points.titleIndividual',
  region: 'settings.scoring.points.region',
  pricingPage: 'settings.scoring.points.pricingPage',
  productPages: 'settings.scoring.points.productPages',
  formSubmitted: 'settings.scoring.points.formSubmitted',
};

const BAND_LABELS = {
  hot: 'settings.scoring.band.hot',
  warm: 'settings.scoring.band.warm',
  cold: 'settings.scoring.band.cold',
} as const satisfies Record<string, MessageKey>;

function noticeText(n: ScoringNotice): string {
  if (n.kind === 'restored') return t('settings.scoring.done.restored', { version: n.version, from: n.from });
  if (n.kind === 'rescored') return t('settings.scoring.done.rescored', { version: n.version });
  return t('settings.scoring.done.saved', { version: n.version });
}

/** The field error at a pointer (or inside it: a list's entry), worded. */
function errorAt(model: Model, pointer: string): string | null {
  const error = model.fieldErrors.value.find(
    (e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`),
  );
  if (!error) return null;
  if (pointer === '/bands/warm' && error.code === 'custom') return t('settings.scoring.error.bands');
  return fieldErrorMessage(error);
}

function languageName(code: string): string {
  if (code === 'und') return t('settings.scoring.anyLanguage');
  try {
    return new Intl.DisplayNames([locale.value], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Settings → Scoring: edit the model, preview it on the organization's leads, save, follow the rescore, history. */
export function ScoringPage() {
  const { api } = useApp();
  const model = useMemo(() => new ScoringModel(), []);
  useEffect(() => {
    void model.load(api.scoring);
    return () => model.dispose();
  }, [api, model]);
  const title = t('settings.scoring.title');
  const problem = model.problem.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p>{t('settings.scoring.intro')}</p>
      <div role="alert">
        {problem && (
          <p class="notice notice--error">
            {problem.errors?.length ? t('settings.scoring.error.fields') : t(problemMessageKey(problem))}
          </p>
        )}
      </div>
      <p class="toolbar__status" aria-live="polite">
        {model.notice.value ? noticeText(model.notice.value) : ''}
      </p>
      <RescoreProgress model={model} />
      {model.draft.value ? <Editor model={model} draft={model.draft.value} /> : !problem && <Loading />}
      <Preview model={model} />
      <History model={model} />
    </>
  );
}

function RescoreProgress({ model }: { model: Model }) {
  const r = model.rescore.value;
  if (!r || r.status === 'superseded') return null;
  const label = t('settings.scoring.rescore.label', { version: r.version });
  return (
    <section class="scoring-rescore" aria-labelledby="scoring-rescore-label">
      <p id="scoring-rescore-label">{label}</p>
      <div
        class="scoring-rescore__bar"
        role="progressbar"
        aria-labelledby="scoring-rescore-label"
        aria-valuemin={0}
        aria-valuemax={r.total}
        aria-valuenow={Math.min(r.done, r.total)}
        aria-valuetext={t('settings.scoring.rescore.value', {
          done: Math.min(r.done, r.total),
          total: r.total,
        })}
      >
        <span
          style={{
            width: `${r.total === 0 ? 100 : Math.round((100 * Math.min(r.done, r.total)) / r.total)}%`,
          }}
        />
      </div>
      <p class="muted">
        {r.status === 'completed'
          ? t('settings.scoring.rescore.completed', { total: r.total })
          : t('settings.scoring.rescore.value', { done: Math.min(r.done, r.total), total: r.total })}
      </p>
    </section>
  );
}

type Edit = (change: (d: DraftText) => DraftText) => void;

function NumberField(props: {
  id: string;
  label: string;
  value: string;
  pointer: string;
  model: Model;
  onValue: (v: string) => void;
  max?: number;
}) {
  const error = errorAt(props.model, props.pointer);
  return (
    <Field id={props.id} label={props.label} error={error}>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        min={0}
        max={props.max ?? 100}
        step={1}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
        {...errorAttributes(props.id, error)}
      />
    </Field>
  );
}

function ListField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  pointer: string;
  model: Model;
  onValue: (v: string) => void;
}) {
  const error = errorAt(props.model, props.pointer);
  return (
    <Field id={props.id} label={props.label} error={error}>
      <p id={`${props.id}-hint`} class="muted field__hint">
        {props.hint}
      </p>
      <textarea
        id={props.id}
        rows={4}
        value={props.value}
        aria-describedby={error ? `${props.id}-hint ${props.id}-error` : `${props.id}-hint`}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </Field>
  );
}

function Editor({ model, draft }: { model: Model; draft: DraftText }) {
  const { api, session } = useApp();
  // The session carries the model's bands, which the score badges use: read again after a save.
  const refreshBands = () => void session.load(api);
  const edit: Edit = (change) => model.edit(change);
  const busy = model.busy.value;
  const perLine = t('settings.scoring.onePerLine');
  return (
    <form
      class="scoring-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void model.save(api.scoring).then(refreshBands);
      }}
    >
      <fieldset>
        <legend>{t('settings.scoring.demographic')}</legend>
        <ListField
          id="scoring-industries"
          label={t('settings.scoring.industries')}
          hint={perLine}
          value={draft.targetIndustries}
          pointer="/targetIndustries"
          model={model}
          onValue={(v) => edit((d) => ({ ...d, targetIndustries: v }))}
        />
        <ListField
          id="scoring-regions"
          label={t('settings.scoring.regions')}
          hint={t('settings.scoring.regionsHint')}
          value={draft.targetRegions}
          pointer="/targetRegions"
          model={model}
          onValue={(v) => edit((d) => ({ ...d, targetRegions: v }))}
        />
        <div class="scoring-editor__row">
          <NumberField
            id="scoring-employees-large"
            label={t('settings.scoring.employeesLarge')}
            value={draft.employeesLarge}
            pointer="/employees/large"
            model={model}
            max={10_000_000}
            onValue={(v) => edit((d) => ({ ...d, employeesLarge: v }))}
          />
          <NumberField
            id="scoring-employees-mid"
            label={t('settings.scoring.employeesMid')}
            value={draft.employeesMid}
            pointer="/employees/mid"
            model={model}
            max={10_000_000}
            onValue={(v) => edit((d) => ({ ...d, employeesMid: v }))}
          />
        </div>
        {Object.entries(draft.titles).map(([lang, lists]) => (
          <fieldset key={lang} class="scoring-editor__language">
            <legend>{t('settings.scoring.titlesIn', { language: languageName(lang) })}</legend>
            <ListField
              id={`scoring-titles-${lang}-director`}
              label={t('settings.scoring.titleDirector')}
              hint={perLine}
              value={lists.director}
              pointer={`/titleKeywords/${lang}/director`}
              model={model}
              onValue={(v) =>
                edit((d) => ({ ...d, titles: { ...d.titles, [lang]: { ...d.titles[lang]!, director: v } } }))
              }
            />
            <ListField
              id={`scoring-titles-${lang}-manager`}
              label={t('settings.scoring.titleManager')}
              hint={perLine}
              value={lists.manager}
              pointer={`/titleKeywords/${lang}/manager`}
              model={model}
              onValue={(v) =>
                edit((d) => ({ ...d, titles: { ...d.titles, [lang]: { ...d.titles[lang]!, manager: v } } }))
              }
            />
          </fieldset>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.scoring.behavioural')}</legend>
        <ListField
          id="scoring-pricing-paths"
          label={t('settings.scoring.pricingPaths')}
          hint={perLine}
          value={draft.pricingPaths}
          pointer="/signals/pricingPaths"
          model={model}
          onValue={(v) => edit((d) => ({ ...d, pricingPaths: v }))}
        />
        <ListField
          id="scoring-product-paths"
          label={t('settings.scoring.productPaths')}
          hint={perLine}
          value={draft.productPaths}
          pointer="/signals/productPaths"
          model={model}
          onValue={(v) => edit((d) => ({ ...d, productPaths: v }))}
        />
      </fieldset>
      <fieldset>
        <legend>{t('settings.scoring.pointsLegend')}</legend>
        <div class="scoring-editor__grid">
          {POINT_KEYS.map((k) => (
            <NumberField
              key={k}
              id={`scoring-points-${k}`}
              label={t(POINT_LABELS[k])}
              value={draft.points[k]}
              pointer={`/points/${k}`}
              model={model}
              onValue={(v) => edit((d) => ({ ...d, points: { ...d.points, [k]: v } }))}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('settings.scoring.agingAndBands')}</legend>
        <div class="scoring-editor__grid">
          <NumberField
            id="scoring-aging"
            label={t('settings.scoring.aging')}
            value={draft.agingPerWeek}
            pointer="/aging/pointsPerWeek"
            model={model}
            onValue={(v) => edit((d) => ({ ...d, agingPerWeek: v }))}
          />
          <NumberField
            id="scoring-hot"
            label={t('settings.scoring.hot')}
            value={draft.hot}
            pointer="/bands/hot"
            model={model}
            onValue={(v) => edit((d) => ({ ...d, hot: v }))}
          />
          <NumberField
            id="scoring-warm"
            label={t('settings.scoring.warm')}
            value={draft.warm}
            pointer="/bands/warm"
            model={model}
            onValue={(v) => edit((d) => ({ ...d, warm: v }))}
          />
        </div>
      </fieldset>
      <div class="scoring-editor__actions">
        <button
          type="button"
          class="button"
          disabled={busy !== null}
          onClick={() => void model.runPreview(api.scoring)}
        >
          {busy === 'preview' ? t('settings.scoring.previewing') : t('settings.scoring.preview')}
        </button>
        <button type="submit" class="button button--primary" disabled={busy !== null}>
          {busy === 'save' ? t('settings.scoring.saving') : t('settings.scoring.save')}
        </button>
      </div>
    </form>
  );
}

function Preview({ model }: { model: Model }) {
  const p = model.preview.value;
  if (!p) return null;
  return (
    <section class="scoring-preview" aria-labelledby="scoring-preview-title">
      <h2 id="scoring-preview-title">{t('settings.scoring.previewTitle')}</h2>
      {model.stale.value && <p class="notice">{t('settings.scoring.previewStale')}</p>}
      <p>
        {p.approximate
          ? t('settings.scoring.summaryApprox', { count: p.changed, total: p.total, scored: p.scored })
          : t('settings.scoring.summary', { count: p.changed, total: p.total })}
      </p>
      <Histogram preview={p} />
      <BandMoves preview={p} />
      <Movers preview={p} />
    </section>
  );
}

function Histogram({ preview }: { preview: ScoringPreview }) {
  const max = Math.max(1, ...preview.histogram.flatMap((h) => [h.now, h.draft]));
  const bar = (n: number, kind: 'now' | 'draft') => (
    <span
      class={`scoring-bar scoring-bar--${kind}`}
      style={{ width: `${(100 * n) / max}%` }}
      aria-hidden="true"
    />
  );
  return (
    <table class="scoring-table">
      <caption>{t('settings.scoring.histogram')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('settings.scoring.range')}</th>
          <th scope="col">{t('settings.scoring.now')}</th>
          <th scope="col">{t('settings.scoring.withDraft')}</th>
        </tr>
      </thead>
      <tbody>
        {preview.histogram.map((h) => (
          <tr key={h.from}>
            <th scope="row">{t('settings.scoring.rangeValue', { from: h.from, to: h.to })}</th>
            <td>
              <span class="scoring-count">{h.now}</span>
              {bar(h.now, 'now')}
            </td>
            <td>
              <span class="scoring-count">{h.draft}</span>
              {bar(h.draft, 'draft')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BandMoves({ preview }: { preview: ScoringPreview }) {
  const bands = ['hot', 'warm', 'cold'] as const;
  const count = (from: string, to: string) =>
    preview.bands.find((b) => b.from === from && b.to === to)?.count ?? 0;
  return (
    <table class="scoring-table">
      <caption>{t('settings.scoring.bandMoves')}</caption>
      <thead>
        <tr>
          <td />
          {bands.map((to) => (
            <th key={to} scope="col">
              {t('settings.scoring.toBand', { band: t(BAND_LABELS[to]) })}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {bands.map((from) => (
          <tr key={from}>
            <th scope="row">{t('settings.scoring.fromBand', { band: t(BAND_LABELS[from]) })}</th>
            {bands.map((to) => (
              <td key={to} class={from === to ? 'muted' : undefined}>
                {count(from, to)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ruleLabel = (rule: string) => {
  const key = ruleKey(rule);
  return key ? t(key) : rule;
};

function Breakdown({ items }: { items: ScoringPreview['movers'][number]['before']['breakdown'] }) {
  if (items.length === 0) return <p class="muted">{t('settings.scoring.noPoints')}</p>;
  return (
    <ul class="scoring-breakdown">
      {items.map((i, n) => (
        <li key={n}>
          {ruleLabel(i.rule)} {i.points < 0 ? '−' : '+'}
          {Math.abs(i.points)}
          {i.detail && (
            <span class="muted" dir="auto">
              {' '}
              ({i.detail})
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Movers({ preview }: { preview: ScoringPreview }) {
  if (preview.movers.length === 0) return <p>{t('settings.scoring.noMovers')}</p>;
  return (
    <>
      <h3>{t('settings.scoring.movers')}</h3>
      <ul class="scoring-movers">
        {preview.movers.map((m) => (
          <li key={m.id}>
            <p>
              <a href={`/app/leads/${m.id}`} dir="auto">
                {m.name || m.id}
              </a>
              {m.company && <span dir="auto"> · {m.company}</span>}{' '}
              {t('settings.scoring.moved', {
                before: m.before.score,
                after: m.after.score,
                from: t(BAND_LABELS[m.before.band]),
                to: t(BAND_LABELS[m.after.band]),
              })}
            </p>
            <details>
              <summary>{t('settings.scoring.breakdownOf', { name: m.name || m.id })}</summary>
              <div class="scoring-movers__breakdowns">
                <div>
                  <h4>{t('settings.scoring.before')}</h4>
                  <Breakdown items={m.before.breakdown} />
                </div>
                <div>
                  <h4>{t('settings.scoring.after')}</h4>
                  <Breakdown items={m.after.breakdown} />
                </div>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A change's field, named: a point, a threshold, a list, or a language's title keywords. */
function changeLabel(path: string): string {
  const [, part, key, level] = path.split('/');
  if (part === 'points' && key && key in POINT_LABELS) return t(POINT_LABELS[key as PointKey]);
  if (part === 'titleKeywords' && key)
    return t(
      level === 'manager' ? 'settings.scoring.diff.titleManager' : 'settings.scoring.diff.titleDirector',
      {
        language: languageName(key),
      },
    );
  const labels: Record<string, MessageKey> = {
    '/targetIndustries': 'settings.scoring.industries',
    '/targetRegions': 'settings.scoring.regions',
    '/employees/large': 'settings.scoring.employeesLarge',
    '/employees/mid': 'settings.scoring.employeesMid',
    '/signals/pricingPaths': 'settings.scoring.pricingPaths',
    '/signals/productPaths': 'settings.scoring.productPaths',
    '/aging/pointsPerWeek': 'settings.scoring.aging',
    '/bands/hot': 'settings.scoring.hot',
    '/bands/warm': 'settings.scoring.warm',
  };
  return labels[path] ? t(labels[path]) : path;
}

function ChangeItem({ change }: { change: ScoringChange }) {
  if (change.kind === 'value')
    return (
      <li>
        {t('settings.scoring.diff.value', {
          field: changeLabel(change.path),
          before: change.before,
          after: change.after,
        })}
      </li>
    );
  return (
    <li>
      {changeLabel(change.path)}
      <ul>
        {change.added.length > 0 && (
          <li>{t('settings.scoring.diff.added', { list: change.added.join(', ') })}</li>
        )}
        {change.removed.length > 0 && (
          <li>{t('settings.scoring.diff.removed', { list: change.removed.join(', ') })}</li>
        )}
      </ul>
    </li>
  );
}

function History({ model }: { model: Model }) {
  const { api, session } = useApp();
  // The session carries the model's bands, which the score badges use: read again after a save.
  const refreshBands = () => void session.load(api);
  const busy = model.busy.value;
  const diff = model.diff.value;
  const versions = model.versions.value;
  if (versions.length === 0) return null;
  return (
    <section class="scoring-history" aria-labelledby="scoring-history-title">
      <h2 id="scoring-history-title">{t('settings.scoring.history')}</h2>
      <ol class="scoring-versions">
        {versions.map((v) => (
          <li key={v.version}>
            <p>
              <strong>{t('settings.scoring.version', { version: v.version })}</strong>{' '}
              {v.current && <span class="scoring-current">{t('settings.scoring.current')}</span>}
              <br />
              <span class="muted">
                {v.createdBy
                  ? t('settings.scoring.savedBy', { name: v.createdBy.name, at: formatDateTime(v.createdAt) })
                  : t('settings.scoring.savedAt', { at: formatDateTime(v.createdAt) })}
                {v.restoredFrom !== null &&
                  ` · ${t('settings.scoring.restoredFrom', { version: v.restoredFrom })}`}
              </span>
            </p>
            <div class="scoring-versions__actions">
              {v.version > 1 && (
                <button
                  type="button"
                  class="button button--quiet"
                  disabled={busy !== null}
                  aria-label={t('settings.scoring.compareLabel', {
                    version: v.version,
                    previous: v.version - 1,
                  })}
                  onClick={() => void model.compare(api.scoring, v.version, v.version - 1)}
                >
                  {t('settings.scoring.compare')}
                </button>
              )}
              {!v.current && (
                <button
                  type="button"
                  class="button"
                  disabled={busy !== null}
                  onClick={() => void model.restore(api.scoring, v.version).then(refreshBands)}
                >
                  {t('settings.scoring.restoreLabel', { version: v.version })}
                </button>
              )}
            </div>
            {diff && diff.to === v.version && (
              <div class="scoring-diff" aria-live="polite">
                <h3>{t('settings.scoring.diffTitle', { version: diff.to, previous: diff.from })}</h3>
                {diff.changes.length === 0 ? (
                  <p>{t('settings.scoring.diff.none')}</p>
                ) : (
                  <ul>
                    {diff.changes.map((c) => (
                      <ChangeItem key={c.path} change={c} />
                    ))}
                  </ul>
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
