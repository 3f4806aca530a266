import type { Notification, NotificationType } from '@contract/notifications';
import { batch, computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import type { Problem } from '../../api/problem';
import { type MessageKey, translateWith } from '../../i18n';

/** How many notifications the bell shows. */
export const BELL_PAGE_SIZE = 10;

/** The server counts unread notifications up to this many (see UNREAD_COUNT_CAP). */
const COUNT_CAP = 100;

/** What the bell says about one notification: a catalog message and its parameters, or its raw data. */
export type NotificationText =
  | { kind: 'message'; key: NotificationMessageKey; params: Record<string, string | number> }
  | { kind: 'generic'; type: string; details: string[] };

/** The catalog messages of notifications. */
export type NotificationMessageKey = Extract<MessageKey, `notifications.type.${string}`>;

type Data = Notification['data'];
const text = (data: Data, key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
const count = (data: Data, key: string) => (typeof data[key] === 'number' ? (data[key] as number) : 0);

/** How each notification type the server creates reads: one whole sentence per type, in every language. */
const WORDING: Record<NotificationType, (data: Data) => Extract<NotificationText, { kind: 'message' }>> = {
  'lead.assigned': (data) => ({
    kind: 'message',
    key: 'notifications.type.lead.assigned',
    params: { lead: [text(data, 'name'), text(data, 'company')].filter(Boolean).join(', ') },
  }),
  'lead.claimable': (data) => ({
    kind: 'message',
    key: 'notifications.type.lead.claimable',
    params: { lead: [text(data, 'name'), text(data, 'company')].filter(Boolean).join(', ') },
  }),
  'leads.assigned': (data) => ({
    kind: 'message',
    key: 'notifications.type.leads.assigned',
    params: { count: count(data, 'count') },
  }),
  'opportunity.assigned': (data) => ({
    kind: 'message',
    key: 'notifications.type.opportunity.assigned',
    params: { name: text(data, 'name') },
  }),
  // Assignees read about their own stale leads; a manager with none of their own about the team's.
  'stale-digest': (data) =>
    count(data, 'count') > 0
      ? { kind: 'message', key: 'notifications.type.stale-digest', params: { count: count(data, 'count') } }
      : {
          kind: 'message',
          key: 'notifications.type.stale-digest.team',
          params: { count: count(data, 'teamCount') },
        },
  'member.leads-unassigned': (data) => ({
    kind: 'message',
    key: 'notifications.type.member.leads-unassigned',
    params: { name: text(data, 'name'), count: count(data, 'count') },
  }),
  'member.leads-reassigned': (data) => ({
    kind: 'message',
    key: 'notifications.type.member.leads-reassigned',
    params: { name: text(data, 'name'), count: count(data, 'count') },
  }),
  // A task without a title is the default follow-up, which reads as its own sentence.
  'task.due': (data): Extract<NotificationText, { kind: 'message' }> => {
    const lead = [text(data, 'name'), text(data, 'company')].filter(Boolean).join(', ');
    return text(data, 'title')
      ? { kind: 'message', key: 'notifications.type.task.due', params: { title: text(data, 'title'), lead } }
      : { kind: 'message', key: 'notifications.type.task.due.followUp', params: { lead } };
  },
  'quarantine-digest': (data) => ({
    kind: 'message',
    key:
      data.capped === true
        ? 'notifications.type.quarantine-digest.capped'
        : 'notifications.type.quarantine-digest',
    params: { count: count(data, 'count') },
  }),
  'import.claimable': (data) => ({
    kind: 'message',
    key: 'notifications.type.import.claimable',
    params: { filename: text(data, 'filename'), count: count(data, 'count') },
  }),
  'import.completed': (data) => ({
    kind: 'message',
    key: 'notifications.type.import.completed',
    params: {
      filename: text(data, 'filename'),
      created: count(data, 'created'),
      updated: count(data, 'updated'),
    },
  }),
};

/**
 * How a notification reads. A type this dashboard does not know (a server newer than it) is shown from
 * its type and its plain `data` values, so it never shows as a blank line.
 */
export function describeNotification(n: Pick<Notification, 'type' | 'data'>): NotificationText {
  if (Object.hasOwn(WORDING, n.type)) return WORDING[n.type as NotificationType](n.data);
  const details = Object.entries(n.data)
    .filter(([key, v]) => !/id$/i.test(key) && ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 3)
    .map(([key, v]) => `${key}: ${String(v)}`);
  return { kind: 'generic', type: n.type, details };
}

/** One notification's sentence in the current language; unknown types read from their type and data. */
export function notificationSentence(n: Pick<Notification, 'type' | 'data'>): string {
  const text = describeNotification(n);
  if (text.kind === 'message') return translateWith(text.key, text.params);
  return [text.type, ...text.details].join(' · ');
}

/** The unread count as the badge shows it: nothing at 0, "99+" at the server's cap. */
export function badgeText(count: number): string | null {
  if (count <= 0) return null;
  return count >= COUNT_CAP ? '99+' : String(count);
}

/** The bell: the newest notifications, the unread count, and the actions on them. */
export const NotificationsModel = createModel(() => {
  const items = signal<Notification[]>([], { name: 'notifications.items' });
  const unreadCount = signal(0, { name: 'notifications.unreadCount' });
  const problem = signal<Problem | null>(null, { name: 'notifications.problem' });
  const loaded = signal(false, { name: 'notifications.loaded' });
  const badge = computed(() => badgeText(unreadCount.value), { name: 'notifications.badge' });

  function markLocally(ids: ReadonlySet<string> | 'all', at: string) {
    items.value = items.value.map((n) =>
      n.readAt || (ids !== 'all' && !ids.has(n.id)) ? n : { ...n, readAt: at },
    );
  }

  return {
    items: items as ReadonlySignal<Notification[]>,
    unreadCount: unreadCount as ReadonlySignal<number>,
    problem: problem as ReadonlySignal<Problem | null>,
    loaded: loaded as ReadonlySignal<boolean>,
    badge,

    /** Fetches the newest page and the count; keeps what is shown when it fails (polling retries). */
    async refresh(api: ApiClient): Promise<boolean> {
      const result = await api.listNotifications({ limit: BELL_PAGE_SIZE });
      batch(() => {
        if (!result.ok) {
          problem.value = result.problem;
          return;
        }
        problem.value = null;
        items.value = result.data.items;
        unreadCount.value = result.data.unreadCount;
        loaded.value = true;
      });
      return result.ok;
    },

    /** Marks one read, at once on screen; a failure only leaves it unread for the next refresh. */
    async markRead(api: ApiClient, id: string): Promise<void> {
      const target = items.value.find((n) => n.id === id);
      if (!target || target.readAt) return;
      batch(() => {
        markLocally(new Set([id]), new Date().toISOString());
        unreadCount.value = Math.max(0, unreadCount.value - 1);
      });
      const result = await api.markNotificationRead(id);
      if (!result.ok) problem.value = result.problem;
    },

    /** Marks every notification read. */
    async markAllRead(api: ApiClient): Promise<boolean> {
      const result = await api.markAllNotificationsRead();
      batch(() => {
        if (!result.ok) {
          problem.value = result.problem;
          return;
        }
        markLocally('all', new Date().toISOString());
        unreadCount.value = result.data.unreadCount;
      });
      return result.ok;
    },
  };
});

export type NotificationsModel = InstanceType<typeof NotificationsModel>;
