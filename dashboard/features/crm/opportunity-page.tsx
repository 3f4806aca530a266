import type { OpportunityDetail } from '@contract/crm';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDate, t } from '../../i18n';
import { Link } from '../../router';
import { accountPath, contactPath, leadPath, PATHS } from '../../routes';
import { eventTypeKey } from '../lead/activity-model';
import { flash } from './flash';
import { createRecordState, stageKey } from './model';
import { Money } from './money';
import { OpportunityEditor } from './opportunity-editor';
import { RecordFrame } from './record-frame';

/** One opportunity: account, contact, originating lead, stage and amount (editable), documents, timeline. */
export function OpportunityPage({ id }: { id: string }) {
  const { api, session } = useApp();
  const state = useMemo(() => createRecordState<OpportunityDetail>('opportunity'), []);
  // The conversion's message, carried over the navigation into this page's live region.
  const message = useSignal(flash.value);
  useEffect(() => {
    flash.value = '';
    void state.load(() => api.getOpportunity(id));
  }, [api, state, id]);
  const opp = state.value.value;
  const current = session.session.value;
  return (
    <>
      <p role="status" class={message.value ? 'notice' : 'visually-hidden'}>
        {message.value}
      </p>
      <RecordFrame
        phase={state.phase.value}
        problem={state.problem.value}
        back={{ href: PATHS.opportunities, label: t('crm.back.opportunities') }}
        name={opp?.name ?? null}
      >
        {opp && (
          <>
            <Facts opp={opp} />
            <OpportunityEditor
              opp={opp}
              caller={current ? { role: current.role, userId: current.user.id } : null}
              onSaved={(next, text) => {
                state.set(next);
                message.value = text;
              }}
              onReload={() => state.load(() => api.getOpportunity(id))}
            />
            <Timeline opp={opp} />
          </>
        )}
      </RecordFrame>
    </>
  );
}

function Facts({ opp }: { opp: OpportunityDetail }) {
  const none = t('lead.none');
  return (
    <section class="panel" aria-labelledby="opp-details">
      <h2 id="opp-details">{t('crm.details')}</h2>
      <dl class="facts">
        <dt>{t('crm.col.account')}</dt>
        <dd dir="auto">
          {opp.account ? <Link href={accountPath(opp.account.id)}>{opp.account.name}</Link> : none}
        </dd>
        <dt>{t('convert.link.contact')}</dt>
        <dd dir="auto">
          {opp.contact ? <Link href={contactPath(opp.contact.id)}>{opp.contact.name}</Link> : none}
        </dd>
        <dt>{t('crm.lead')}</dt>
        <dd dir="auto">{opp.lead ? <Link href={leadPath(opp.lead.id)}>{opp.lead.name}</Link> : none}</dd>
        <dt>{t('crm.col.stage')}</dt>
        <dd>
          {t(stageKey(opp.stage))}
          {opp.closedAt && ` · ${t('crm.opp.closedOn', { date: formatDate(opp.closedAt) })}`}
        </dd>
        <dt>{t('crm.col.amount')}</dt>
        <dd>
          <Money amount={opp.amount} currency={opp.currency} />
        </dd>
        <dt>{t('crm.col.owner')}</dt>
        <dd dir="auto">{opp.assignee?.name ?? none}</dd>
        <dt>{t('crm.source')}</dt>
        <dd dir="auto">{opp.source ?? none}</dd>
        <dt>{t('crm.campaign')}</dt>
        <dd dir="auto">{opp.campaign ?? none}</dd>
        <dt>{t('crm.description')}</dt>
        <dd dir="auto" class="pre-line">
          {opp.description ?? none}
        </dd>
        <dt>{t('crm.documents')}</dt>
        <dd>{opp.documents.length ? opp.documents.map((d) => d.name).join(', ') : t('crm.noDocuments')}</dd>
      </dl>
    </section>
  );
}

/** The opportunity's events and the lead's history before it, newest first. */
function Timeline({ opp }: { opp: OpportunityDetail }) {
  const label = (type: string) => {
    const lead = type.startsWith('lead.');
    const base = lead ? type.slice(5) : type;
    const key = eventTypeKey(base);
    const text = key ? t(key) : base;
    return lead ? t('crm.timeline.lead', { event: text }) : text;
  };
  return (
    <section class="panel" aria-labelledby="opp-timeline">
      <h2 id="opp-timeline">{t('crm.timeline')}</h2>
      {opp.timeline.length === 0 ? (
        <p class="hint">{t('crm.timeline.empty')}</p>
      ) : (
        <ol class="timeline">
          {opp.timeline.map((e) => (
            <li key={e.id}>
              <strong>{label(e.type)}</strong> · <time dateTime={e.at}>{formatDate(e.at)}</time>
              {e.actor.name && <span dir="auto"> · {e.actor.name}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
