import type { LeadListItem, LeadStatus } from '@contract/leads';
import type { LossReason } from '@core/status';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link } from '../../router';
import { leadPath } from '../../routes';
import { Avatar } from '../../ui/avatar';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { ScoreBadge } from '../../ui/score-badge';
import { readOnlyReason } from '../lead/lead-view';
import { LossDialog } from '../lead/loss-dialog';
import { IdleDays } from '../leads/leads-table';
import { leadName } from '../leads/model';
import { daysSince, STATUSES } from '../leads/query';
import { stepColumn } from './board';
import { PipelineModel } from './model';

const statusName = (status: LeadStatus) => t(`leads.status.${status}`);

/** Focuses a card's Move button once it has been rendered in its new column. */
function focusCard(id: string) {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>(`[data-move="${CSS.escape(id)}"]`)?.focus(),
  );
}

type CardProps = {
  lead: LeadListItem;
  canMove: boolean;
  lifted: boolean;
  now: Date;
  onKey: (event: KeyboardEvent, lead: LeadListItem) => void;
  onBlur: () => void;
};

function Card({ lead, canMove, lifted, now, onKey, onBlur }: CardProps) {
  const name = leadName(lead);
  return (
    <li
      class={`card${lifted ? ' card--lifted' : ''}`}
      data-lead-id={lead.id}
      draggable={canMove}
      onDragStart={(event) => {
        event.dataTransfer?.setData('text/plain', lead.id);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      }}
    >
      <Link href={leadPath(lead.id)} class="card__name" dir="auto">
        {name}
      </Link>
      {lead.company && (
        <span class="card__company" dir="auto">
          {lead.company}
        </span>
      )}
      <span class="card__meta">
        <ScoreBadge score={lead.score} />
        <span>{t('leads.inStageDays', { days: daysSince(lead.statusChangedAt, now) })}</span>
        <IdleDays iso={lead.lastActivityAt} now={now} />
        {lead.assignee ? (
          <Avatar name={lead.assignee.name} />
        ) : (
          <span class="muted">{t('leads.unassigned')}</span>
        )}
      </span>
      {canMove && (
        <button
          type="button"
          class="button card__move"
          data-move={lead.id}
          aria-pressed={lifted}
          aria-describedby="pipeline-instructions"
          onKeyDown={(event) => onKey(event, lead)}
          onBlur={onBlur}
        >
          {t('pipeline.move', { name })}
        </button>
      )}
    </li>
  );
}

/** The pipeline as a kanban board: pointer drag and drop, and a keyboard move with announcements. */
export function PipelinePage() {
  const { api, session } = useApp();
  const model = useMemo(() => new PipelineModel(), []);
  const lifted = useSignal<{ lead: LeadListItem; over: LeadStatus } | null>(null);
  const pendingLoss = useSignal<LeadListItem | null>(null);
  const announcement = useSignal('');
  const now = useMemo(() => new Date(), []);

  useEffect(() => {
    void model.load(api);
  }, [api, model]);

  const current = session.session.value;
  const who = current ? { role: current.role, userId: current.user.id } : null;
  const canMove = (lead: LeadListItem) => readOnlyReason(who, lead.assignee?.id ?? null) === null;
  const say = (text: string) => {
    announcement.value = text;
  };

  const drop = async (
    lead: LeadListItem,
    to: LeadStatus,
    loss?: { reason: LossReason; text: string | null },
  ) => {
    const name = leadName(lead);
    if (to === lead.status) return say(t('pipeline.cancelled', { name }));
    if (to === 'LOST' && !loss) {
      pendingLoss.value = lead;
      return;
    }
    const ok = await model.move(api, lead, to, loss);
    say(
      ok
        ? t('pipeline.dropped', { name, status: statusName(to) })
        : t('pipeline.failed', { name, status: statusName(to), from: statusName(lead.status) }),
    );
    focusCard(lead.id);
  };

  const onKey = (event: KeyboardEvent, lead: LeadListItem) => {
    const state = lifted.value;
    const name = leadName(lead);
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (!state) {
        lifted.value = { lead, over: lead.status };
        say(t('pipeline.lifted', { name, status: statusName(lead.status) }));
      } else {
        lifted.value = null;
        void drop(state.lead, state.over);
      }
    } else if (state && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) {
      event.preventDefault();
      const over = stepColumn(state.over, event.key === 'ArrowRight' ? 1 : -1);
      lifted.value = { ...state, over };
      say(t('pipeline.over', { name, status: statusName(over) }));
    } else if (state && event.key === 'Escape') {
      event.preventDefault();
      lifted.value = null;
      say(t('pipeline.cancelled', { name }));
    }
  };
  const cancelOnBlur = () => {
    const state = lifted.value;
    if (!state) return;
    lifted.value = null;
    say(t('pipeline.cancelled', { name: leadName(state.lead) }));
  };

  const board = model.board.value;
  const problem = model.problem.value;
  const findLead = (id: string) =>
    STATUSES.flatMap((s) => board[s].items).find((lead) => lead.id === id) ?? null;

  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: t('pipeline.title') })}>
        {t('pipeline.title')}
      </PageHeading>
      <p id="pipeline-instructions" class="hint">
        {t('pipeline.instructions')}
      </p>
      {current?.role === 'viewer' && <p class="hint">{t('pipeline.readOnly.viewer')}</p>}
      {current?.role === 'member' && <p class="hint">{t('pipeline.readOnly.member')}</p>}
      <p class="visually-hidden" role="status" aria-live="assertive">
        {announcement.value}
      </p>
      <div role="alert">{problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}</div>
      {model.loading.value && <p class="loading">{t('pipeline.loading')}</p>}
      <div class="board">
        {STATUSES.map((status) => {
          const column = board[status];
          const target = lifted.value?.over === status && lifted.value.lead.status !== status;
          return (
            <section
              key={status}
              class={`column${target ? ' column--target' : ''}`}
              aria-labelledby={`column-${status}`}
              data-status={status}
              onDragOver={(event) => {
                if (event.dataTransfer?.types.includes('text/plain')) event.preventDefault();
              }}
              onDrop={(event) => {
                event.preventDefault();
                const id = event.dataTransfer?.getData('text/plain') ?? '';
                const lead = findLead(id);
                if (lead && canMove(lead)) void drop(lead, status);
              }}
            >
              <h2 id={`column-${status}`} class="column__title">
                {target && <span aria-hidden="true">⇩ </span>}
                {t('pipeline.column', {
                  status: statusName(status),
                  count: column.capped ? t('leads.atLeast', { count: column.count }) : column.count,
                })}
              </h2>
              {column.items.length === 0 && !model.loading.value && (
                <p class="muted">{t('pipeline.empty')}</p>
              )}
              <ul class="column__cards">
                {column.items.map((lead) => (
                  <Card
                    key={lead.id}
                    lead={lead}
                    canMove={canMove(lead)}
                    lifted={lifted.value?.lead.id === lead.id}
                    now={now}
                    onKey={onKey}
                    onBlur={cancelOnBlur}
                  />
                ))}
              </ul>
              {column.nextCursor && (
                <button type="button" class="button" onClick={() => model.loadMore(api, status)}>
                  {t('pipeline.loadMore', { status: statusName(status) })}
                </button>
              )}
            </section>
          );
        })}
      </div>
      {pendingLoss.value && (
        <LossDialog
          open
          busy={false}
          onCancel={() => {
            const lead = pendingLoss.value;
            pendingLoss.value = null;
            if (lead) {
              say(t('pipeline.cancelled', { name: leadName(lead) }));
              focusCard(lead.id);
            }
          }}
          onConfirm={(loss) => {
            const lead = pendingLoss.value;
            pendingLoss.value = null;
            if (lead) void drop(lead, 'LOST', loss);
          }}
        />
      )}
    </>
  );
}
