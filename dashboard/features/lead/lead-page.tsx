import type { ActivityKind } from '@contract/activity-kinds';
import type { LeadDetail, LeadStatus } from '@contract/leads';
import { hasRole, type Role } from '@core/permissions';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { refetchOn } from '../../api/live';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link } from '../../router';
import { PATHS } from '../../routes';
import { focusAfterRender } from '../../ui/focus';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { isTypingTarget } from '../../ui/row-keys';
import { ScoreBadge } from '../../ui/score-badge';
import { leadName } from '../leads/model';
import { daysSince } from '../leads/query';
import { ShortcutsDialog } from '../leads/shortcuts-dialog';
import { ActivityDialog } from './activity-dialog';
import { ActivityTabs } from './activity-tabs';
import { ConversionPanel } from './conversion-panel';
import { ErasePanel } from './erase-panel';
import { Facts } from './facts';
import {
  LEAD_SHORTCUTS,
  LeadDayActions,
  ReturnOffer,
  ThumbBar,
  useLeadShortcuts,
  useReturnOffer,
} from './lead-day';
import { breakdownText, readOnlyReason, ruleKey, stageProgress } from './lead-view';
import { ListNav } from './list-nav';
import { type Loss, LossDialog } from './loss-dialog';
import { LeadModel, type OwnershipOutcome } from './model';
import { RoutingWhy } from './routing-why';
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

/** The thumb bar's status button: the lead's first allowed move other than LOST. */
function nextMove(
  allowed: readonly LeadStatus[],
  reason: ReturnType<typeof readOnlyReason>,
  busy: boolean,
  move: (status: LeadStatus) => unknown,
) {
  const status = allowed.find((s) => s !== 'LOST');
  if (!status) return null;
  return {
    label: t(`lead.moveTo.${status}`),
    disabled: Boolean(reason) || busy,
    onMove: () => void move(status),
  };
}

type Viewer = { role: Role; user: { id: string }; organization: { claimingEnabled: boolean } } | null;

/**
 * What the viewer may do with the lead's ownership: take it when it is nobody's (and the organization lets
 * members), release it when it is theirs (admins: anyone's), log activities when they may change it.
 */
function ownershipOf(lead: LeadDetail, viewer: Viewer) {
  const open = viewer !== null && !lead.conversion;
  const isAdmin = viewer !== null && hasRole(viewer.role, 'admin');
  const isMine = viewer !== null && lead.assignee?.id === viewer.user.id;
  return {
    canClaim:
      open && hasRole(viewer.role, 'member') && lead.assignee === null && viewer.organization.claimingEnabled,
    canRelease: open && lead.assignee !== null && (isMine || isAdmin),
    canLog: open && hasRole(viewer.role, 'member') && (isMine || isAdmin),
  };
}

/**
 * Whether the person is in the middle of an edit a reload would throw away: typing in a field, a fact's
 * edit or a dialog open, or something entered but not yet saved in the forms that are always shown (a
 * note, a tag, a document to upload).
 */
function hasOpenEdit(doc: Document): boolean {
  if (isTypingTarget(doc.activeElement)) return true;
  if (doc.querySelector('main form[data-editing], dialog[open]')) return true;
  const entered = (field: HTMLInputElement | HTMLTextAreaElement) =>
    field instanceof HTMLInputElement && field.type === 'file'
      ? (field.files?.length ?? 0) > 0
      : field.value.trim() !== '';
  return [
    ...doc.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('main textarea, main .inline-edit input'),
  ].some(entered);
}

/**
 * One lead: hero, score breakdown, stage progress and status changes (LOST asks why), contact facts, and
 * for owners GDPR erasure.
 */
export function LeadPage({ leadId }: { leadId: string }) {
  const { api, session, live } = useApp();
  const model = useMemo(() => new LeadModel(), []);
  const lossOpen = useSignal(false);
  const openTasks = useSignal(0);
  const announcement = useSignal('');
  const erased = useSignal(false);
  const helpOpen = useSignal(false);
  const logKind = useSignal<ActivityKind | null>(null);
  const revision = useSignal(0);
  const taken = useSignal<string | null>(null);

  useEffect(() => {
    void model.load(api, leadId);
  }, [api, model, leadId]);
  useEffect(
    () =>
      refetchOn(
        live,
        (e) => e.type === 'lead.changed' && (e.leadId === undefined || e.leadId === leadId),
        () => {
          void model.changedRemotely(api, hasOpenEdit(document));
          // The history grows without a new version (an activity logged, a task added): read it again.
          revision.value++;
        },
      ),
    [api, model, live, leadId],
  );

  const current = session.session.value;
  const lead = model.lead.value;
  const ownership = lead
    ? ownershipOf(lead, current ?? null)
    : { canClaim: false, canRelease: false, canLog: false };
  const offer = useReturnOffer(ownership.canLog);
  const changeOwnership = async (action: 'claim' | 'release') => {
    taken.value = null;
    const outcome: OwnershipOutcome = await model.changeOwnership(api, action);
    if (outcome === 'failed') return;
    revision.value++;
    if (outcome === 'taken') taken.value = model.lead.value?.assignee?.name ?? '';
    else announcement.value = t(action === 'claim' ? 'lead.claimed' : 'lead.released');
    // The pressed button is replaced by its opposite: continue at the lead's actions.
    focusAfterRender('.lead-actions button', '.page-heading');
  };
  const openLog = (kind: ActivityKind = 'call') => {
    offer.value = null;
    logKind.value = kind;
  };
  useLeadShortcuts({
    claim: ownership.canClaim ? () => void changeOwnership('claim') : undefined,
    release: ownership.canRelease ? () => void changeOwnership('release') : undefined,
    log: ownership.canLog ? () => openLog() : undefined,
    help: () => {
      helpOpen.value = true;
    },
  });

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
      <ListNav leadId={lead.id} />
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
          </span>{' '}
          <span class="hero__owner">
            {lead.assignee ? t('lead.owner', { name: lead.assignee.name }) : t('lead.owner.none')}
          </span>
        </p>
        <ScoreSummary lead={lead} />
      </div>
      <p role="status" class="visually-hidden">
        {announcement.value}
      </p>
      <div role="alert">
        {model.changedElsewhere.value && !model.conflict.value && (
          <p class="notice">
            {t('lead.changedElsewhere')}{' '}
            <button type="button" class="button" onClick={() => model.load(api, leadId)}>
              {t('lead.reload')}
            </button>
          </p>
        )}
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
      {taken.value !== null && (
        <p class="notice notice--error" role="alert">
          {t('lead.claimTaken', { name: taken.value })}
        </p>
      )}
      <LeadDayActions
        {...ownership}
        busy={model.saving.value}
        onClaim={() => void changeOwnership('claim')}
        onRelease={() => void changeOwnership('release')}
        onLog={() => openLog()}
        onHelp={() => {
          helpOpen.value = true;
        }}
      />
      {offer.value && (
        <ReturnOffer
          kind={offer.value}
          onLog={() => openLog(offer.value ?? 'call')}
          onDismiss={() => {
            offer.value = null;
          }}
        />
      )}
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
      <RoutingWhy leadId={lead.id} assignedTo={lead.assignee?.id ?? null} />
      <TasksPanel leadId={lead.id} canAdd={reason === null} />
      <ActivityTabs
        leadId={lead.id}
        userId={current?.user.id ?? null}
        canWrite={current != null && current.role !== 'viewer'}
        isAdmin={!!current && hasRole(current.role, 'admin')}
        canChangeLead={reason === null}
        version={lead.version}
        revision={revision.value}
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
      {logKind.value && (
        <ActivityDialog
          leadId={lead.id}
          kind={logKind.value}
          onClose={() => {
            logKind.value = null;
          }}
          onLogged={() => {
            logKind.value = null;
            revision.value++;
            announcement.value = t('activity.logged');
          }}
        />
      )}
      <ThumbBar
        phone={lead.phoneDisplay ? lead.phone : null}
        email={lead.email}
        canClaim={ownership.canClaim}
        canLog={ownership.canLog}
        busy={model.saving.value}
        next={nextMove(model.allowed.value, reason, model.saving.value || model.conflict.value, move)}
        onClaim={() => void changeOwnership('claim')}
        onLog={() => openLog()}
      />
      <ShortcutsDialog
        open={helpOpen.value}
        onClose={() => {
          helpOpen.value = false;
        }}
        shortcuts={LEAD_SHORTCUTS}
      />
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
