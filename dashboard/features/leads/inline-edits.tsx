import type { LeadDetail, LeadListItem, LeadStatus } from '@contract/leads';
import type { Member } from '@contract/users';
import { canTakeLeads } from '@core/permissions';
import type { LossReason } from '@core/status';
import { useSignal } from '@preact/signals';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { problemMessageKey } from '../../ui/problem-message';
import { readOnlyReason } from '../lead/lead-view';
import { LossDialog } from '../lead/loss-dialog';
import type { RowEdits } from './leads-table';
import { leadName } from './model';

/** The fields of an answered change that a list row shows. */
const rowFields = (lead: LeadDetail): Partial<LeadListItem> => ({
  status: lead.status,
  lossReason: lead.lossReason,
  statusChangedAt: lead.statusChangedAt,
  lastActivityAt: lead.lastActivityAt,
  updatedAt: lead.updatedAt,
  assignee: lead.assignee,
});

/**
 * Status and owner edits in the list's rows, through the same endpoints (and so the same rules) as the
 * lead page: the reasons a row cannot be changed, the loss reason a move to Lost asks for, and what
 * happened, said politely (or as an alert when it failed).
 */
export function useInlineEdits(members: readonly Member[]) {
  const { api, leads, session } = useApp();
  const announcement = useSignal('');
  const problem = useSignal<Problem | null>(null);
  const pendingLoss = useSignal<LeadListItem | null>(null);
  const current = session.session.value;
  const who = current ? { role: current.role, userId: current.user.id } : null;

  const changeStatus = async (
    lead: LeadListItem,
    to: LeadStatus,
    loss?: { reason: LossReason; text: string | null; closeOpenTasks?: boolean },
  ) => {
    problem.value = null;
    const result = await api.changeStatus(lead.id, {
      status: to,
      ...(loss && { lossReason: loss.reason, lossReasonText: loss.text }),
      ...(loss?.closeOpenTasks && { closeOpenTasks: true }),
    });
    if (!result.ok) {
      problem.value = result.problem;
      return;
    }
    leads.patchItem(lead.id, rowFields(result.data));
    announcement.value = t('leads.inline.statusChanged', {
      name: leadName(lead),
      status: t(`leads.status.${to}`),
    });
  };

  const edits: RowEdits = {
    reasonId: (lead) => {
      const reason = readOnlyReason(who, lead.assignee?.id ?? null);
      return reason === null
        ? null
        : `inline-reason-${reason === 'lead.readOnly.viewer' ? 'viewer' : 'notYours'}`;
    },
    members: members.filter((m) => m.assignable && canTakeLeads(m.role)),
    onStatus: (lead, to) => {
      if (to === 'LOST') pendingLoss.value = lead;
      else void changeStatus(lead, to);
    },
    onAssign: async (lead, assigneeId) => {
      problem.value = null;
      const result = await api.assignLead(lead.id, assigneeId);
      if (!result.ok) {
        problem.value = result.problem;
        return;
      }
      leads.patchItem(lead.id, rowFields(result.data));
      const owner = result.data.assignee?.name;
      announcement.value = owner
        ? t('leads.inline.assigned', { name: leadName(lead), owner })
        : t('leads.inline.unassigned', { name: leadName(lead) });
    },
  };

  const view = (
    <>
      {/* The reasons rows point at (aria-describedby): one element per reason, not one per row. */}
      <p id="inline-reason-viewer" hidden>
        {t('lead.readOnly.viewer')}
      </p>
      <p id="inline-reason-notYours" hidden>
        {t('lead.readOnly.notYours')}
      </p>
      <p id="inline-reason-converted" hidden>
        {t('lead.readOnly.converted')}
      </p>
      <p class="visually-hidden" role="status" data-inline-status>
        {announcement.value}
      </p>
      <div role="alert">
        {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
      </div>
      {pendingLoss.value && (
        <LossDialog
          open
          busy={false}
          openTasks="unknown"
          onCancel={() => {
            pendingLoss.value = null;
          }}
          onConfirm={(loss) => {
            const lead = pendingLoss.value;
            pendingLoss.value = null;
            if (lead) void changeStatus(lead, 'LOST', loss);
          }}
        />
      )}
    </>
  );
  return { edits, view };
}
