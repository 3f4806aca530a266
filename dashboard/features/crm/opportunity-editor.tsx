import type { OpportunityDetail } from '@contract/crm';
import type { OpportunityStage } from '@core/convert-plan';
import { formatAmountInput, parseAmount } from '@core/money';
import { type Caller, canEditLead } from '@core/permissions';
import { useSignal } from '@preact/signals';
import { useApp } from '../../app-context';
import { locale, t } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';
import { OPPORTUNITY_STAGES, saveOpportunity, stageKey } from './model';

type Props = {
  opp: OpportunityDetail;
  caller: Caller | null;
  onSaved: (next: OpportunityDetail, message: string) => void;
  onReload: () => void;
};

/** Stage and amount, saved together on the version shown; disabled with the reason for who may not. */
export function OpportunityEditor({ opp, caller, onSaved, onReload }: Props) {
  const { api } = useApp();
  const stage = useSignal<OpportunityStage>(opp.stage);
  // Written and read as the user's locale writes numbers ("1.234,56" in German).
  const amount = useSignal(formatAmountInput(Number(opp.amount), locale.value));
  const amountError = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal('');
  const conflict = useSignal(false);
  const canEdit = caller !== null && canEditLead(caller, { assignedTo: opp.assignee?.id ?? null });
  const submit = async (event: Event) => {
    event.preventDefault();
    const value = parseAmount(amount.value, locale.value);
    amountError.value = value === null;
    if (value === null) return document.getElementById('opp-amount')?.focus();
    busy.value = true;
    const result = await saveOpportunity(api, opp, { stage: stage.value, amount: value });
    busy.value = false;
    conflict.value = result.outcome === 'conflict';
    error.value = result.outcome === 'failed' && result.problem ? t(problemMessageKey(result.problem)) : '';
    if (result.opportunity) onSaved(result.opportunity, t('crm.opp.saved'));
  };
  return (
    <section class="panel" aria-labelledby="opp-edit">
      <h2 id="opp-edit">{t('crm.opp.edit')}</h2>
      {!canEdit && (
        <p id="opp-readonly" class="hint">
          {t('crm.opp.readOnly')}
        </p>
      )}
      <div role="alert">
        {conflict.value && (
          <p class="notice notice--error">
            {t('crm.opp.conflict')}{' '}
            <button type="button" class="button" onClick={onReload}>
              {t('lead.reload')}
            </button>
          </p>
        )}
        {error.value && <p class="notice notice--error">{error.value}</p>}
      </div>
      <form class="form" onSubmit={submit} noValidate>
        <fieldset
          class="editor"
          disabled={!canEdit || busy.value}
          aria-describedby={canEdit ? undefined : 'opp-readonly'}
        >
          <div class="field">
            <label for="opp-stage">{t('crm.col.stage')}</label>
            <select
              id="opp-stage"
              value={stage.value}
              onChange={(event) => {
                stage.value = event.currentTarget.value as OpportunityStage;
              }}
            >
              {OPPORTUNITY_STAGES.map((s) => (
                <option key={s} value={s}>
                  {t(stageKey(s))}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="opp-amount">{t('crm.opp.amountIn', { currency: opp.currency })}</label>
            <input
              id="opp-amount"
              inputMode="decimal"
              value={amount.value}
              aria-invalid={amountError.value ? 'true' : undefined}
              aria-describedby={amountError.value ? 'opp-amount-error' : undefined}
              onInput={(event) => {
                amount.value = event.currentTarget.value;
              }}
            />
            {amountError.value && (
              <p id="opp-amount-error" class="field__error">
                {t('crm.opp.amountInvalid', { example: formatAmountInput(1234.56, locale.value) })}
              </p>
            )}
          </div>
          <button type="submit" class="button button--primary">
            {t('crm.opp.save')}
          </button>
        </fieldset>
      </form>
    </section>
  );
}
