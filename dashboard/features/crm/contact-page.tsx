import type { ContactDetail } from '@contract/crm';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link } from '../../router';
import { accountPath, leadPath, PATHS } from '../../routes';
import { PhoneValue } from '../../ui/phone-value';
import { OpportunityRows } from './crm-list-page';
import { createRecordState, personName } from './model';
import { RecordFrame } from './record-frame';

/** One contact: title, account, email and phone, the lead they came from, their opportunities. */
export function ContactPage({ id }: { id: string }) {
  const { api } = useApp();
  const state = useMemo(() => createRecordState<ContactDetail>('contact'), []);
  useEffect(() => {
    void state.load(() => api.getContact(id));
  }, [api, state, id]);
  const contact = state.value.value;
  const none = t('lead.none');
  return (
    <RecordFrame
      phase={state.phase.value}
      problem={state.problem.value}
      back={{ href: PATHS.contacts, label: t('crm.back.contacts') }}
      name={contact ? personName(contact) : null}
    >
      {contact && (
        <>
          <section class="panel" aria-labelledby="contact-details">
            <h2 id="contact-details">{t('crm.details')}</h2>
            <dl class="facts">
              <dt>{t('crm.col.title')}</dt>
              <dd dir="auto">{contact.title ?? none}</dd>
              <dt>{t('crm.col.account')}</dt>
              <dd dir="auto">
                {contact.account ? (
                  <Link href={accountPath(contact.account.id)}>{contact.account.name}</Link>
                ) : (
                  none
                )}
              </dd>
              <dt>{t('crm.col.email')}</dt>
              <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : none}</dd>
              <dt>{t('crm.col.phone')}</dt>
              <dd>
                {contact.phone ? <PhoneValue phone={contact.phone} display={contact.phoneDisplay} /> : none}
              </dd>
              <dt>{t('crm.lead')}</dt>
              <dd>
                {contact.leadId ? <Link href={leadPath(contact.leadId)}>{personName(contact)}</Link> : none}
              </dd>
            </dl>
          </section>
          <section class="panel" aria-labelledby="contact-opportunities">
            <h2 id="contact-opportunities">{t('shell.nav.opportunities')}</h2>
            {contact.opportunities.length ? (
              <OpportunityRows rows={contact.opportunities} title={t('shell.nav.opportunities')} />
            ) : (
              <p class="hint">{t('crm.empty')}</p>
            )}
          </section>
        </>
      )}
    </RecordFrame>
  );
}
