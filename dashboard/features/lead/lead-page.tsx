import type { LeadDetail, LeadStatus } from '@contract/leads';
import { hasRole } from '@core/permissions';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link } from '../../router';
import { PATHS } from '../../routes';
import { focusAfterRender } from '../../ui/focus';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { ScoreBadge } from '../../ui/score-badge';
import { leadName } from '../leads/model';
import { daysSince } from '../leads/query';
import { ActivityTabs } from './activity-tabs';
import { ConversionPanel } from './conversion-panel';
import { ErasePanel } from './erase-panel';
import { Facts } from './facts';
import { breakdownText, readOnlyReason, ruleKey, stageProgress } from './lead-view';
import { type Loss, LossDialog } from './loss-dialog';
import { LeadModel } from './model';
import { TasksPanel } from './tasks-panel';

const ruleLabel = (rule: string) => {
  const key = ruleKey(rule);
  return key ? t(key) : rule;
};

/** The score badge; its breakdown expands underneath. */
function ScoreSummary({ lead }: { lead: LeadDetail }) {
  return (
    <details class="score-details">
      <summary>
        <ScoreBadge score={lead.score} /> <span>{t('lead.score.why')}</span>
      </summary>
      <p>
        {lead.scoreBreakdown.length
          ? breakdownText(lead.scoreBreakdown, lead.score, ruleLabel)
          : t('lead.score.none')}
      </p>
    </details>
  );
}

/** Stage progress as an ordered list: a check mark and the word "done" on passed stages, not colour alone. */
function StageProgress({ lead }: { lead: LeadDetail }) {
  const days = daysSince(lead.statusChangedAt, new Date());
  return (
    <section aria-labelledby="stage-heading" class="panel">
      <h2 id="stage-heading">{t('lead.stage')}</h2>
      <ol class="stages">
        {stageProgress(lead.status).map((stage) => (
          <li
            key={stage.status}
            class={`stage stage--${stage.state}`}
            aria-current={stage.state === 'current' ? 'step' : undefined}
          >
            <span aria-hidden="true">
              {stage.state === 'done' ? '✓ ' : stage.state === 'current' ? '● ' : '○ '}
            </span>
            {t(`leads.status.${stage.status}`)}
            {stage.state !== 'todo' && (
              <span class="visually-hidden">
                {' '}
                ({t(stage.state === 'done' ? 'lead.stage.done' : 'lead.stage.current')})
              </span>
            )}
          </li>
        ))}
      </ol>
      <p class="hint">{t('lead.stage.since', { days })}</p>
    </section>
  );
}

type StatusControlsProps = {
  lead: LeadDetail;
  allowed: readonly LeadStatus[];
  reason: ReturnType<typeof readOnlyReason>;
  busy: boolean;
  onMove: (status: LeadStatus) => void;
};

/** A button per allowed transition; disabled with the reason shown when the user may not change the lead. */
function StatusControls({ allowed, reason, busy, onMove }: StatusControlsProps) {
  if (allowed.length === 0) return <p class="hint">{t('lead.noMoves')}</p>;
  return (
    <div class="status-actions">
      {allowed.map((status) => (
        <button
          key={status}
          type="button"
          class={status === 'LOST' ? 'button' : 'button button--primary'}
          disabled={Boolean(reason) || busy}
          aria-describedby={reason ? 'lead-readonly' : undefined}
          onClick={() => onMove(status)}
        >
          {t(`lead.moveTo.${status}`)}
        </button>
      ))}
    </div>
  );
}

/**
 * One lead: hero, score breakdown, stage progress and status changes (LOST asks why), contact facts, and
 * for owners GDPR erasure.
 */
export function LeadPage({ leadId }: { leadId: string }) {
  const { api, session } = useApp();
  const model = useMemo(() => new LeadModel(), []);
  const lossOpen = useSignal(false);
  const openTasks = useSignal(0);
  const announcement = useSignal('');
  const erased = useSignal(false);

  useEffect(() => {
    void model.load(api, leadId);
  }, [api, model, leadId]);

  if (erased.value)
    return (
      <>
        <PageHeading documentTitle={t('page.title', { page: t('leads.title') })}>
          {t('leads.title')}
        </PageHeading>
        <p class="notice" role="status">
          {t('erase.done')}
        </p>
        <Link href={PATHS.leads}>{t('lead.back')}</Link>
      </>
    );
  const lead = model.lead.value;
  if (model.phase.value === 'loading' || (!lead && model.phase.value === 'ready')) return <Loading />;
  if (!lead) {
    const problem = model.problem.value;
    return (
      <>
        <PageHeading documentTitle={t('page.title', { page: t('leads.title') })}>
          {t('leads.title')}
        </PageHeading>
        <p class="notice notice--error" role="alert">
          {model.phase.value === 'missing' || !problem ? t('lead.missing') : t(problemMessageKey(problem))}
        </p>
        <Link href={PATHS.leads}>{t('lead.back')}</Link>
      </>
    );
  }

  const current = session.session.value;
  const roleReason = readOnlyReason(
    current ? { role: current.role, userId: current.user.id } : null,
    lead.assignee?.id ?? null,
  );
  // A converted lead is the record of where its account, contact and opportunity came from: notes only.
  const reason = lead.conversion ? 'lead.readOnly.converted' : roleReason;
  const move = async (status: LeadStatus, loss?: Loss) => {
    if (status === 'LOST' && !loss) {
      // The dialog offers to close the lead's open tasks; without the count it simply does not offer.
      const tasks = await api.tasks.forLead(lead.id);
      openTasks.value = tasks.ok ? tasks.data.items.filter((x) => !x.done).length : 0;
      lossOpen.value = true;
      return;
    }
    const outcome = await model.changeStatus(api, status, loss);
    if (outcome === 'done') {
      lossOpen.value = false;
      announcement.value = t('lead.statusChanged', { status: t(`leads.status.${status}`) });
    } else if (outcome !== 'failed') lossOpen.value = false;
    // The pressed button is gone (the lead's next moves replace it): continue at the next move.
    if (!lossOpen.value) focusAfterRender('.status-actions button', '.page-heading');
  };
  const name = leadName(lead);
  const problem = model.problem.value;

  return (
    <>
      <p class="breadcrumb">
        <Link href={PATHS.leads}>{t('lead.back')}</Link>
      </p>
      <div class="hero">
        <PageHeading documentTitle={t('page.title', { page: name })}>
          <span dir="auto">{name}</span>
        </PageHeading>
        {(lead.title || lead.company) && (
          <p class="hero__sub" dir="auto">
            {lead.title && lead.company
              ? t('lead.at', { title: lead.title, company: lead.company })
              : (lead.title ?? lead.company)}
          </p>
        )}
        <p class="hero__status">
          <span class={`status status--${lead.status.toLowerCase()}`}>
            {t(`leads.status.${lead.status}`)}
          </span>
        </p>
        <ScoreSummary lead={lead} />
      </div>
      <p role="status" class="visually-hidden">
        {announcement.value}
      </p>
      <div role="alert">
        {model.conflict.value && (
          <p class="notice notice--error">
            {t('lead.conflict')}{' '}
            <button type="button" class="button" onClick={() => model.load(api, leadId)}>
              {t('lead.reload')}
            </button>
          </p>
        )}
        {problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}
      </div>
      {reason && (
        <p id="lead-readonly" class="hint">
          {t(reason)}
        </p>
      )}
      <ConversionPanel lead={lead} reason={roleReason} />
      <StageProgress lead={lead} />
      <StatusControls
        lead={lead}
        allowed={model.allowed.value}
        reason={reason}
        busy={model.saving.value || model.conflict.value}
        onMove={(status) => void move(status)}
      />
      <Facts
        lead={lead}
        model={model}
        readOnlyId={reason ? 'lead-readonly' : null}
        onSaved={(message) => {
          announcement.value = message;
        }}
      />
      <TasksPanel leadId={lead.id} canAdd={reason === null} />
      <ActivityTabs
        leadId={lead.id}
        userId={current?.user.id ?? null}
        canWrite={current != null && current.role !== 'viewer'}
        isAdmin={!!current && hasRole(current.role, 'admin')}
        canChangeLead={reason === null}
      />
      {current?.role === 'owner' && (
        <ErasePanel
          leadId={lead.id}
          name={name}
          onErased={() => {
            erased.value = true;
          }}
        />
      )}
      {lossOpen.value && (
        <LossDialog
          open
          busy={model.saving.value}
          openTasks={openTasks.value}
          onCancel={() => {
            lossOpen.value = false;
          }}
          onConfirm={(loss) => void move('LOST', loss)}
        />
      )}
    </>
  );
}
