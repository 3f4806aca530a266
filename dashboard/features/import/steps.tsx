import { IMPORT_TARGETS } from '@core/import-targets';
import { signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import type { Outcome } from '../../api/imports';
import { useApp } from '../../app-context';
import { type MessageKey, t } from '../../i18n';
import { Link } from '../../router';
import { PATHS } from '../../routes';
import { GatedButton } from '../../ui/gated-button';
import type { ImportModel } from './model';
import { PossibleDuplicatesChoice, RowReason } from './possible-duplicates';

const OUTCOMES: Outcome[] = ['create', 'update', 'duplicate_in_file', 'skip', 'invalid'];
const POLICIES = ['skip', 'fill_empty', 'overwrite'] as const;

/** Step 1: a drop zone that is also a labelled file input (so the keyboard and screen readers use it). */
export function UploadStep({ model }: { model: ImportModel }) {
  const { api } = useApp();
  const dragging = useMemo(() => signal(false), []);
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) void model.upload(file);
  };
  const onDrop = (event: JSX.TargetedDragEvent<HTMLFieldSetElement>) => {
    event.preventDefault();
    dragging.value = false;
    take(event.dataTransfer?.files);
  };
  return (
    <section class="import-step">
      {/* Dropping is a shortcut; the labelled file input inside is the keyboard's and screen reader's way. */}
      <fieldset
        class={`import-drop${dragging.value ? ' import-drop--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          dragging.value = true;
        }}
        onDragLeave={() => {
          dragging.value = false;
        }}
        onDrop={onDrop}
      >
        <legend>{t('import.upload.drop')}</legend>
        <label class="button button--primary" for="import-file">
          {t('import.upload.choose')}
        </label>
        <input
          id="import-file"
          class="import-drop__input"
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          disabled={model.busy.value}
          onChange={(e) => take(e.currentTarget.files)}
        />
        <p class="hint">{t('import.upload.limits')}</p>
      </fieldset>
      <p role="status" aria-live="polite">
        {model.busy.value && t('import.uploading')}
      </p>
      <a href={api.imports.templateUrl} download>
        {t('import.upload.template')}
      </a>
    </section>
  );
}

/** Step 2: one select per column, guessed by the server; templates to apply and to save. */
export function MapStep({ model }: { model: ImportModel }) {
  const job = model.job.value!;
  const name = useMemo(() => signal(''), []);
  const saved = useMemo(() => signal(''), []);
  const save = async (event: Event) => {
    event.preventDefault();
    if (name.value.trim() && (await model.saveTemplate(name.value.trim()))) saved.value = name.value.trim();
  };
  return (
    <section class="import-step">
      {job.notice && <p class="notice">{t('import.notice.encoding')}</p>}
      {job.raggedCount > 0 && <p class="notice">{t('import.ragged', { count: String(job.raggedCount) })}</p>}
      {model.templates.value.length > 0 && (
        <div class="field field--inline">
          <label for="import-template">{t('import.map.template')}</label>
          <select id="import-template" onChange={(e) => model.applyTemplate(e.currentTarget.value)}>
            <option value="">{t('import.map.templateNone')}</option>
            {model.templates.value.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <table class="import-table">
        <thead>
          <tr>
            <th scope="col">{t('import.map.column')}</th>
            <th scope="col">{t('import.map.field')}</th>
          </tr>
        </thead>
        <tbody>
          {job.headers.map((header, i) => (
            <tr key={header}>
              <th scope="row">
                <label for={`map-${i}`}>{header}</label>
              </th>
              <td>
                <select
                  id={`map-${i}`}
                  value={model.mapping.value[header] ?? 'custom'}
                  onChange={(e) => model.setTarget(header, e.currentTarget.value)}
                >
                  {IMPORT_TARGETS.map((target) => (
                    <option key={target} value={target}>
                      {t(`import.target.${target}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!model.hasLastName.value && (
        <p id="map-reason" class="notice notice--error">
          {t('import.map.needLastName')}
        </p>
      )}
      <form class="toolbar" onSubmit={save}>
        <div class="field field--inline">
          <label for="template-name">{t('import.map.templateName')}</label>
          <input
            id="template-name"
            value={name.value}
            maxLength={100}
            onInput={(e) => (name.value = e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button" disabled={model.busy.value || !name.value.trim()}>
          {t('import.map.saveTemplate')}
        </button>
        <p role="status" aria-live="polite">
          {saved.value && t('import.map.templateSaved', { name: saved.value })}
        </p>
      </form>
      <div class="toolbar">
        <GatedButton
          class="button button--primary"
          allowed={model.hasLastName.value}
          reasonId="map-reason"
          busy={model.busy.value}
          onClick={() => model.confirmMapping()}
        >
          {t('import.map.continue')}
        </GatedButton>
      </div>
    </section>
  );
}

/** Step 3: the dry run's totals, the duplicate policy, and the rows filtered by outcome. */
export function PreviewStep({ model }: { model: ImportModel }) {
  const preview = model.preview.value;
  const job = model.job.value!;
  const totals = preview?.totals ?? {};
  const nameOf = (data: Record<string, string>) =>
    job.headers
      .filter((h) => ['firstName', 'lastName', 'fullName'].includes(job.mapping[h] ?? ''))
      .map((h) => data[h])
      .filter(Boolean)
      .join(' ');
  return (
    <section class="import-step">
      <h2>{t('import.preview.totals')}</h2>
      <ul class="import-totals" aria-live="polite">
        {OUTCOMES.map((o) => (
          <li key={o}>
            <span class="import-totals__count">{totals[o] ?? 0}</span> {t(`import.outcome.${o}`)}
          </li>
        ))}
        {(totals.possible_duplicate ?? 0) > 0 && (
          <li>
            <span class="import-totals__count">{totals.possible_duplicate}</span>{' '}
            {t('import.totals.possibleDuplicate')}
          </li>
        )}
      </ul>
      <fieldset class="field-row">
        <legend>{t('import.policy')}</legend>
        {POLICIES.map((p) => (
          <label key={p} class="import-radio">
            <input
              type="radio"
              name="policy"
              value={p}
              checked={job.policy === p}
              disabled={model.busy.value}
              onChange={() => model.setPolicy(p)}
            />
            {t(`import.policy.${p}`)}
          </label>
        ))}
      </fieldset>
      <PossibleDuplicatesChoice model={model} />
      <div class="field field--inline">
        <label for="outcome-filter">{t('import.preview.filter')}</label>
        <select
          id="outcome-filter"
          value={model.outcome.value}
          onChange={(e) => model.filter(e.currentTarget.value as Outcome | '')}
        >
          <option value="">{t('import.outcome.all')}</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`import.outcome.${o}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="table-scroll">
        <table class="import-table">
          <thead>
            <tr>
              <th scope="col">{t('import.preview.line')}</th>
              <th scope="col">{t('import.preview.name')}</th>
              <th scope="col">{t('import.preview.outcome')}</th>
              <th scope="col">{t('import.preview.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {preview?.items.map((row) => (
              <tr key={row.line}>
                <td>{row.line}</td>
                <td>{nameOf(row.data)}</td>
                <td>{row.outcome ? t(`import.outcome.${row.outcome}` as MessageKey) : ''}</td>
                <td>
                  <RowReason model={model} row={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview && preview.items.length === 0 && <p>{t('import.preview.empty')}</p>}
      <div class="toolbar">
        {preview?.nextCursor && (
          <button
            type="button"
            class="button"
            disabled={model.busy.value}
            onClick={() => model.loadPreview(preview.nextCursor)}
          >
            {t('import.preview.more')}
          </button>
        )}
        <button type="button" class="button" onClick={() => (model.step.value = 'map')}>
          {t('import.back')}
        </button>
        <button
          type="button"
          class="button button--primary"
          disabled={model.busy.value}
          onClick={() => model.commit()}
        >
          {t('import.commit')}
        </button>
      </div>
    </section>
  );
}

/** Step 4: live progress (polled), cancellable. */
export function CommitStep({ model }: { model: ImportModel }) {
  const job = model.job.value!;
  return (
    <section class="import-step">
      <label for="import-progress">{t('import.progressLabel')}</label>
      <progress id="import-progress" max={job.totalRows} value={job.processedRows} />
      <p role="status" aria-live="polite">
        {t('import.progress', { done: String(job.processedRows), total: String(job.totalRows) })}
      </p>
      <button type="button" class="button" disabled={model.busy.value} onClick={() => model.cancel()}>
        {t('import.cancel')}
      </button>
    </section>
  );
}

/** The summary, with the error report to download. */
export function SummaryStep({ model }: { model: ImportModel }) {
  const { api } = useApp();
  const job = model.job.value!;
  const created = String(job.counts.created ?? 0);
  const updated = String(job.counts.updated ?? 0);
  return (
    <section class="import-step">
      <h2>{t('import.summary.title')}</h2>
      <p role="status" aria-live="polite">
        {job.status === 'cancelled'
          ? t('import.summary.cancelled', { created })
          : t('import.summary.done', { created, updated })}
      </p>
      <p>
        <a href={api.imports.errorReportUrl(job.id)} download>
          {t('import.summary.errors')}
        </a>
      </p>
      <Link class="button" href={PATHS.importLeads}>
        {t('import.summary.again')}
      </Link>
    </section>
  );
}
