import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { RETENTION_YEARS, RetentionModel, yearsToDays } from './model';

/**
 * How long the audit log is kept: a choice of years; a stored value outside them is offered as its days.
 * `onSaved` runs after a change is saved (the log then shows the change).
 */
export function RetentionSection({ onSaved }: { onSaved: () => void }) {
  const { api } = useApp();
  const model = useMemo(() => new RetentionModel(), []);
  const choice = useSignal('');
  useEffect(() => {
    void model.load(api.audit).then(() => {
      choice.value = String(model.settings.value?.retentionDays ?? '');
    });
  }, [api, model]);
  const stored = model.settings.value;
  const days = RETENTION_YEARS.map(yearsToDays);
  const submit = (event: Event) => {
    event.preventDefault();
    if (model.busy.value || !choice.value) return;
    void model.save(api.audit, Number(choice.value)).then((saved) => saved && onSaved());
  };
  return (
    <section class="audit-retention" aria-labelledby="audit-retention-heading">
      <h2 id="audit-retention-heading">{t('audit.retention.title')}</h2>
      <p id="audit-retention-hint" class="hint">
        {t('audit.retention.hint')}
      </p>
      {stored && (
        <form class="form settings-form" noValidate onSubmit={submit}>
          <SelectField id="audit-retention" label={t('audit.retention.label')} bind={choice}>
            {!days.includes(stored.retentionDays) && (
              <option value={String(stored.retentionDays)}>
                {t('audit.retention.days', { count: stored.retentionDays })}
              </option>
            )}
            {RETENTION_YEARS.map((years, i) => (
              <option key={years} value={String(days[i])}>
                {days[i] === stored.retentionBounds.default
                  ? t('audit.retention.yearsDefault', { count: years })
                  : t('audit.retention.years', { count: years })}
              </option>
            ))}
          </SelectField>
          <button type="submit" class="button button--primary" disabled={model.busy.value}>
            {t('audit.retention.save')}
          </button>
          <p class="form__status" role="status">
            {model.done.value ? t('audit.retention.saved') : ''}
          </p>
        </form>
      )}
      <div role="alert">
        {model.problem.value && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
    </section>
  );
}
