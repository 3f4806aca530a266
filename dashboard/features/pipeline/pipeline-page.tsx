import type { LeadListItem, LeadStatus } from '@contract/leads';
import { allowedTransitions, type LossReason } from '@core/status';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { refetchOn } from '../../api/live';
import { useApp } from '../../app-context';
import { locale, t } from '../../i18n';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { readOnlyReason } from '../lead/lead-view';
import { LossDialog } from '../lead/loss-dialog';
import { leadName } from '../leads/model';
import { useMembers } from '../members/members';
import { COLUMNS, type ColumnKey, columnOf, type DropRefusal, dropRefusal, stepColumn } from './board';
import { Card } from './card';
import { PipelineModel } from './model';

/** Whose leads the board shows; the columns' counts follow it (the server counts the same filter). */
function OwnerFilter({
  value,
  members,
  onChange,
}: {
  value: string;
  members: readonly { id: string; name: string }[];
  onChange: (owner: string) => void;
}) {
  return (
    <div class="field">
      <label for="pipeline-owner">{t('pipeline.owner')}</label>
      <select id="pipeline-owner" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('pipeline.owner.everyone')}</option>
        <option value="me">{t('pipeline.owner.me')}</option>
        <option value="unassigned">{t('pipeline.owner.unassigned')}</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </div>
  );
}

const statusName = (status: LeadStatus) => t(`leads.status.${status}`);
const columnName = (column: ColumnKey) =>
  column === 'CONVERTED' ? t('pipeline.column.converted') : statusName(column);

/** Why `lead` may not enter `column`, in words: for the marked column, the announcement and the alert. */
function refusalText(lead: LeadListItem, column: ColumnKey, refusal: DropRefusal): string {
  if (refusal === 'converted') return t('lead.readOnly.converted');
  if (refusal === 'convert') return t('pipeline.refused.convert');
  const list = new Intl.ListFormat(locale.value, { type: 'disjunction' });
  return t('pipeline.refused', {
    from: statusName(lead.status),
    to: columnName(column),
    allowed: list.format(allowedTransitions(lead.status).map(statusName)),
  });
}

/** Focuses a card's Move button once it has been rendered in its new column. */
function focusCard(id: string) {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>(`[data-move="${CSS.escape(id)}"]`)?.focus(),
  );
}

/** The pipeline as a kanban board: pointer drag and drop, and a keyboard move with announcements. */
export function PipelinePage() {
  const { api, session, live } = useApp();
  const model = useMemo(() => new PipelineModel(), []);
  const lifted = useSignal<{ lead: LeadListItem; over: ColumnKey } | null>(null);
  // The card the pointer is dragging: while set, the columns it may not enter are marked.
  const dragged = useSignal<LeadListItem | null>(null);
  const refused = useSignal<string | null>(null);
  const pendingLoss = useSignal<LeadListItem | null>(null);
  const announcement = useSignal('');
  const now = useMemo(() => new Date(), []);
  const members = useMembers(api);

  useEffect(() => {
    void model.load(api);
  }, [api, model]);
  // Cards that arrive or move elsewhere show up; not while a card is being moved here (it would jump).
  useEffect(
    () =>
      refetchOn(
        live,
        (e) => e.type.startsWith('lead.'),
        () => {
          if (!lifted.peek() && !dragged.peek()) void model.refreshShown(api);
        },
      ),
    [api, model, live, lifted, dragged],
  );

  const current = session.session.value;
  const who = current ? { role: current.role, userId: current.user.id } : null;
  const canMove = (lead: LeadListItem) =>
    !lead.convertedAt && readOnlyReason(who, lead.assignee?.id ?? null) === null;
  const say = (text: string) => {
    announcement.value = text;
  };

  const drop = async (
    lead: LeadListItem,
    to: ColumnKey,
    loss?: { reason: LossReason; text: string | null; closeOpenTasks?: boolean },
  ) => {
    const name = leadName(lead);
    refused.value = null;
    if (to === columnOf(lead)) return say(t('pipeline.cancelled', { name }));
    const refusal = dropRefusal(lead, to);
    if (refusal || to === 'CONVERTED') {
      // Not sent: the same rule the server applies says no, and the user learns why at once.
      const reason = refusalText(lead, to, refusal ?? 'convert');
      refused.value = t('pipeline.notMoved', { name, reason });
      say(refused.value);
      return focusCard(lead.id);
    }
    if (to === 'LOST' && !loss) {
      pendingLoss.value = lead;
      return;
    }
    const outcome = await model.move(api, lead, to, loss);
    say(
      outcome === 'moved'
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
        lifted.value = { lead, over: columnOf(lead) };
        say(t('pipeline.lifted', { name, status: statusName(lead.status) }));
      } else {
        lifted.value = null;
        void drop(state.lead, state.over);
      }
    } else if (state && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) {
      event.preventDefault();
      const over = stepColumn(state.over, event.key === 'ArrowRight' ? 1 : -1);
      lifted.value = { ...state, over };
      const refusal = dropRefusal(state.lead, over);
      const where = t('pipeline.over', { name, status: columnName(over) });
      say(refusal ? `${where} ${refusalText(state.lead, over, refusal)}` : where);
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
  const moving = lifted.value?.lead ?? dragged.value;
  const findLead = (id: string) =>
    COLUMNS.flatMap((c) => board[c].items).find((lead) => lead.id === id) ?? null;

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
      <div role="alert">
        {refused.value && <p class="notice notice--error">{refused.value}</p>}
        {problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}
      </div>
      <OwnerFilter
        value={model.owner.value}
        members={(members.value ?? []).filter((m) => m.assignable)}
        onChange={(owner) => void model.setOwner(api, owner)}
      />
      {model.loading.value && <p class="loading">{t('pipeline.loading')}</p>}
      <div class="board">
        {COLUMNS.map((key) => {
          const column = board[key];
          const target = lifted.value?.over === key && columnOf(lifted.value.lead) !== key;
          const refusal = moving && key !== columnOf(moving) ? dropRefusal(moving, key) : null;
          const forbidden = moving && refusal ? refusalText(moving, key, refusal) : null;
          return (
            <section
              key={key}
              class={`column${target ? ' column--target' : ''}${forbidden ? ' column--forbidden' : ''}`}
              aria-labelledby={`column-${key}`}
              aria-describedby={forbidden ? `column-${key}-refusal` : undefined}
              data-status={key}
              data-drop={moving ? (forbidden ? 'forbidden' : 'allowed') : undefined}
              onDragOver={(event) => {
                // Forbidden columns take the drop too, so it can be refused with the reason.
                if (event.dataTransfer?.types.includes('text/plain')) event.preventDefault();
              }}
              onDrop={(event) => {
                event.preventDefault();
                dragged.value = null;
                const id = event.dataTransfer?.getData('text/plain') ?? '';
                const lead = findLead(id);
                if (lead && canMove(lead)) void drop(lead, key);
              }}
            >
              <h2 id={`column-${key}`} class="column__title">
                {target && <span aria-hidden="true">{forbidden ? '⊘ ' : '⇩ '}</span>}
                {t('pipeline.column', {
                  status: columnName(key),
                  count: column.capped ? t('leads.atLeast', { count: column.count }) : column.count,
                })}
              </h2>
              {forbidden && (
                <p id={`column-${key}-refusal`} class="column__refusal">
                  <span aria-hidden="true">⊘ </span>
                  {forbidden}
                </p>
              )}
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
                    onDrag={(lead) => {
                      dragged.value = lead;
                    }}
                    onMoveTo={(lead, to) => void drop(lead, to)}
                    columnName={columnName}
                  />
                ))}
              </ul>
              {column.nextCursor && (
                <button type="button" class="button" onClick={() => model.loadMore(api, key)}>
                  {t('pipeline.loadMore', { status: columnName(key) })}
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
          openTasks="unknown"
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
