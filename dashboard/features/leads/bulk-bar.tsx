import type { Member } from '@contract/users';
import { LEAD_STATUSES, type LeadStatus } from '@core/status';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ApiClient } from '../../api/client';
import { t } from '../../i18n';
import { Dialog } from '../../ui/dialog';
import { focusAfterRender } from '../../ui/focus';
import { problemMessageKey } from '../../ui/problem-message';
import { LossDialog } from '../lead/loss-dialog';
import { BULK_LIMIT, type BulkChoice, type BulkModel, type BulkOutcome, countReasons } from './bulk-model';
import { countText } from './list-controls';

type Action = BulkChoice['action'];
const ACTIONS: Action[] = ['status', 'assign', 'addTags', 'removeTags', 'delete'];

type BulkBarProps = {
  api: ApiClient;
  bulk: BulkModel;
  /** Leads matching the filter (null while unknown). */
  total: number | null;
  /** Whether `total` is a lower bound (a status count reached the server's count limit). */
  totalCapped: boolean;
  /** The filter in its query-string form, for "all matching". */
  filter: Record<string, string>;
  /** Called after a change or an undo, so the list shows it. */
  onChanged: () => void;
  /** Bulk delete is the owner's (the server refuses it to other roles). */
  canDelete: boolean;
};

/** The members assignable to leads, loaded once for the picker. */
function useAssignees(api: ApiClient) {
  const members = useSignal<Member[]>([]);
  useEffect(() => {
    void api.listMembers().then((r) => {
      if (r.ok) members.value = r.data.items.filter((m) => m.assignable);
    });
  }, [api, members]);
  return members.value;
}

/**
 * The bulk action bar: shown while leads are selected. The chosen action is confirmed in a dialog that
 * shows the count (LOST first asks for the reason); the result, with the leads left unchanged and why,
 * is announced, and an Undo button stays for 30 seconds.
 */
export function BulkBar({ api, bulk, total, totalCapped, filter, onChanged, canDelete }: BulkBarProps) {
  const members = useAssignees(api);
  const action = useSignal<Action>('status');
  const status = useSignal<LeadStatus>('CONTACTED');
  const assignee = useSignal('');
  const tag = useSignal('');
  const tagError = useSignal(false);
  const lossOpen = useSignal(false);
  const pending = useSignal<BulkChoice | null>(null);
  const allMatching = bulk.allMatching.value;
  // "All matching" sends the filter: the server takes up to BULK_LIMIT of its matches, however many match.
  const matching = countText(total ?? 0, totalCapped);
  const pastLimit = allMatching && (totalCapped || (total ?? 0) > BULK_LIMIT);
  const count = allMatching ? Math.min(total ?? 0, BULK_LIMIT) : bulk.size.value;
  const tooMany = !allMatching && count > BULK_LIMIT;

  const choose = (event: Event) => {
    event.preventDefault();
    const a = action.value;
    if ((a === 'addTags' || a === 'removeTags') && !tag.value.trim()) {
      tagError.value = true;
      return document.getElementById('bulk-tag')?.focus();
    }
    if (a === 'status' && status.value === 'LOST') {
      lossOpen.value = true;
      return;
    }
    pending.value = toChoice(a, status.value, assignee.value, tag.value.trim());
  };
  const apply = async () => {
    const choice = pending.value;
    pending.value = null;
    if (!choice) return;
    await bulk.run(api, choice, filter);
    onChanged();
    // The form goes with the selection: continue at the result's Undo, or the bar's title.
    focusAfterRender('.bulk-bar__result button', '#bulk-title');
  };

  return (
    <section class="bulk-bar" aria-labelledby="bulk-title">
      <h2 id="bulk-title" class="bulk-bar__title" tabIndex={-1}>
        {t('bulk.label')}:{' '}
        {allMatching ? t('bulk.allMatching', { total: matching }) : t('bulk.selected', { count })}
      </h2>
      {pastLimit && (
        <p id="bulk-past-limit" class="hint">
          {t('bulk.pastLimit', { limit: BULK_LIMIT, total: matching })}
        </p>
      )}
      {count > 0 && (
        <form class="bulk-bar__form" onSubmit={choose} noValidate>
          <label for="bulk-action">{t('bulk.action')}</label>
          <select
            id="bulk-action"
            value={action.value}
            onChange={(e) => (action.value = e.currentTarget.value as Action)}
          >
            {ACTIONS.filter((a) => a !== 'delete' || canDelete).map((a) => (
              <option key={a} value={a}>
                {t(`bulk.action.${a}`)}
              </option>
            ))}
          </select>
          {action.value === 'status' && (
            <>
              <label for="bulk-status">{t('bulk.status')}</label>
              <select
                id="bulk-status"
                value={status.value}
                onChange={(e) => (status.value = e.currentTarget.value as LeadStatus)}
              >
                {LEAD_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`leads.status.${s}`)}
                  </option>
                ))}
              </select>
            </>
          )}
          {action.value === 'assign' && (
            <>
              <label for="bulk-assignee">{t('bulk.assignee')}</label>
              <select
                id="bulk-assignee"
                value={assignee.value}
                onChange={(e) => (assignee.value = e.currentTarget.value)}
              >
                <option value="">{t('leads.unassigned')}</option>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </>
          )}
          {(action.value === 'addTags' || action.value === 'removeTags') && (
            <>
              <label for="bulk-tag">{t('bulk.tag')}</label>
              <input
                id="bulk-tag"
                value={tag.value}
                maxLength={50}
                aria-invalid={tagError.value ? 'true' : undefined}
                aria-describedby={tagError.value ? 'bulk-tag-error' : undefined}
                onInput={(e) => {
                  tag.value = e.currentTarget.value;
                  tagError.value = false;
                }}
              />
              {tagError.value && (
                <span id="bulk-tag-error" class="field__error">
                  {t('bulk.tagRequired')}
                </span>
              )}
            </>
          )}
          <button
            type="submit"
            class="button button--primary"
            disabled={tooMany || bulk.busy.value}
            aria-describedby={tooMany ? 'bulk-too-many' : undefined}
          >
            {t('bulk.apply')}
          </button>
          <button
            type="button"
            class="button"
            onClick={() => {
              bulk.clear();
              // The bar's form goes with the selection: back to selecting (the page's checkbox comes first).
              focusAfterRender('input.row-check');
            }}
          >
            {t('bulk.clear')}
          </button>
        </form>
      )}
      {tooMany && (
        <p id="bulk-too-many" class="notice notice--error">
          {t('bulk.tooMany', { count })}
        </p>
      )}
      <BulkResultLine
        bulk={bulk}
        onUndo={async () => {
          await bulk.undo(api);
          onChanged();
          focusAfterRender('#bulk-title');
        }}
      />
      <LossDialog
        open={lossOpen.value}
        busy={bulk.busy.value}
        openTasks="unknown"
        onCancel={() => (lossOpen.value = false)}
        onConfirm={({ reason, text, closeOpenTasks }) => {
          lossOpen.value = false;
          pending.value = {
            action: 'status',
            status: 'LOST',
            lossReason: reason,
            lossReasonText: text,
            ...(closeOpenTasks && { closeOpenTasks: true }),
          };
        }}
      />
      <Dialog
        open={pending.value !== null}
        onClose={() => (pending.value = null)}
        title={t('bulk.confirm.title')}
        titleId="bulk-confirm-title"
      >
        <p>
          {pending.value &&
            (pastLimit
              ? t('bulk.confirm.bodyPastLimit', {
                  action: t(`bulk.action.${pending.value.action}`),
                  count,
                  total: matching,
                })
              : t('bulk.confirm.body', { action: t(`bulk.action.${pending.value.action}`), count }))}
        </p>
        <div class="dialog__actions">
          <button type="button" class="button button--primary" onClick={apply}>
            {t('bulk.confirm.submit', { count })}
          </button>
          <button type="button" class="button" onClick={() => (pending.value = null)}>
            {t('dialog.cancel')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function toChoice(a: Action, status: LeadStatus, assignee: string, tag: string): BulkChoice {
  if (a === 'status') return { action: 'status', status };
  if (a === 'assign') return { action: 'assign', assigneeId: assignee || null };
  if (a === 'delete') return { action: 'delete' };
  return { action: a, tags: [tag] };
}

/** The announced result: what changed, what was left and why, and Undo while it is offered. */
function BulkResultLine({ bulk, onUndo }: { bulk: BulkModel; onUndo: () => void }) {
  const outcome = bulk.outcome.value;
  return (
    <div class="bulk-bar__result" role="status" aria-live="polite">
      {outcome && <span>{outcomeText(outcome)}</span>}
      {bulk.undoable.value && (
        <button type="button" class="button" onClick={onUndo} disabled={bulk.busy.value}>
          {t('bulk.undo')}
        </button>
      )}
    </div>
  );
}

function outcomeText(o: BulkOutcome): string {
  if (o.kind === 'problem') {
    if (o.problem.code === 'too-many-leads') return t('bulk.error.tooMany');
    if (o.problem.code === 'undo-expired') return t('bulk.error.undoExpired');
    return t(problemMessageKey(o.problem));
  }
  const head =
    o.kind === 'undone'
      ? t('bulk.undone', { count: o.restored })
      : o.matching
        ? t('bulk.doneOfMatching', {
            count: o.changed,
            total: countText(o.matching.selected, o.matching.moreMatched),
          })
        : t('bulk.done', { count: o.changed });
  if (o.skipped.length === 0) return head;
  const reasons = countReasons(o.skipped)
    .map(([reason, n]) => t(`bulk.reason.${reason}`, { count: n }))
    .join(', ');
  return `${head} ${t('bulk.skipped', { count: o.skipped.length })} ${reasons}`;
}
