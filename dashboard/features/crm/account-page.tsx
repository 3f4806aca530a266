import type { AccountDetail } from '@contract/crm';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { PATHS } from '../../routes';
import { ContactRows, OpportunityRows } from './crm-list-page';
import { createRecordState } from './model';
import { RecordFrame } from './record-frame';

/** One account: its facts, its contacts and its opportunities. */
export function AccountPage({ id }: { id: string }) {
  const { api } = useApp();
  const state = useMemo(() => createRecordState<AccountDetail>('account'), []);
  useEffect(() => {
    void state.load(() => api.getAccount(id));
  }, [api, state, id]);
  const account = state.value.value;
  return (
    <RecordFrame
      phase={state.phase.value}
      problem={state.problem.value}
      back={{ href: PATHS.accounts, label: t('crm.back.accounts') }}
      name={account?.name ?? null}
    >
      {account && (
        <>
          <section class="panel" aria-labelledby="account-details">
            <h2 id="account-details">{t('crm.details')}</h2>
            <dl class="facts">
              <dt>{t('crm.col.industry')}</dt>
              <dd>{account.industry ?? t('lead.none')}</dd>
              <dt>{t('crm.col.employees')}</dt>
              <dd>{account.employees ?? t('lead.none')}</dd>
            </dl>
          </section>
          <section class="panel" aria-labelledby="account-contacts">
            <h2 id="account-contacts">{t('shell.nav.contacts')}</h2>
            {account.contacts.length ? (
              <ContactRows rows={account.contacts} title={t('shell.nav.contacts')} />
            ) : (
              <p class="hint">{t('crm.empty')}</p>
            )}
          </section>
          <section class="panel" aria-labelledby="account-opportunities">
            <h2 id="account-opportunities">{t('shell.nav.opportunities')}</h2>
            {account.opportunities.length ? (
              <OpportunityRows rows={account.opportunities} title={t('shell.nav.opportunities')} />
            ) : (
              <p class="hint">{t('crm.empty')}</p>
            )}
          </section>
        </>
      )}
    </RecordFrame>
  );
}
