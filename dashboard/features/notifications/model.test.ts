import type { Notification } from '@contract/notifications';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import {
  badgeText,
  describeNotification,
  type NotificationMessageKey,
  NotificationsModel,
  type NotificationText,
} from './model';

const note = (id: string, readAt: string | null = null): Notification => ({
  id,
  type: 'lead.assigned',
  data: { leadId: 'lead_1', name: 'Jana Nováková', company: 'Škoda' },
  link: '/app/leads/lead_1',
  readAt,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('describeNotification', () => {
  const message = (
    key: NotificationMessageKey,
    params: Record<string, string | number>,
  ): NotificationText => ({
    kind: 'message',
    key,
    params,
  });
  it.each<[Pick<Notification, 'type' | 'data'>, NotificationText]>([
    [note('a'), message('notifications.type.lead.assigned', { lead: 'Jana Nováková, Škoda' })],
    [
      { type: 'lead.assigned', data: { name: 'Олена' } },
      message('notifications.type.lead.assigned', { lead: 'Олена' }),
    ],
    [
      {
        type: 'import.finished',
        data: { importId: 'imp_1', created: 120, file: 'a.csv', nested: {}, ok: true, x: 1 },
      },
      { kind: 'generic', type: 'import.finished', details: ['created: 120', 'file: a.csv', 'ok: true'] },
    ],
    [
      { type: 'leads.stale', data: {} },
      { kind: 'generic', type: 'leads.stale', details: [] },
    ],
    [
      { type: 'opportunity.assigned', data: { opportunityId: 'opp_1', name: 'Acme - Jana Nováková' } },
      message('notifications.type.opportunity.assigned', { name: 'Acme - Jana Nováková' }),
    ],
    [
      { type: 'leads.assigned', data: { count: 12, operationId: 'bulk_1' } },
      message('notifications.type.leads.assigned', { count: 12 }),
    ],
    [
      { type: 'stale-digest', data: { day: '2026-03-02', count: 5, teamCount: null, leadIds: [] } },
      message('notifications.type.stale-digest', { count: 5 }),
    ],
    [
      { type: 'stale-digest', data: { count: 0, teamCount: 7 } },
      message('notifications.type.stale-digest.team', { count: 7 }),
    ],
    [
      { type: 'import.completed', data: { jobId: 'imp_1', filename: 'a.csv', created: 3, updated: 1 } },
      message('notifications.type.import.completed', { filename: 'a.csv', created: 3, updated: 1 }),
    ],
  ])('%j', (input, expected) => {
    expect(describeNotification(input)).toEqual(expected);
  });
});

describe('badgeText', () => {
  it.each([
    [0, null],
    [3, '3'],
    [99, '99'],
    [100, '99+'],
  ])('%i → %s', (count, text) => expect(badgeText(count)).toBe(text));
});

describe('NotificationsModel', () => {
  it('refreshes, marks one read at once, and all read', async () => {
    const marked: string[] = [];
    const api = {
      listNotifications: async () => ({
        ok: true,
        data: { items: [note('a'), note('b'), note('c', 'x')], nextCursor: null, unreadCount: 2 },
      }),
      markNotificationRead: async (id: string) => {
        marked.push(id);
        return { ok: true, data: note(id, 'now') };
      },
      markAllNotificationsRead: async () => ({ ok: true, data: { unreadCount: 0 } }),
    } as unknown as ApiClient;
    const model = new NotificationsModel();
    expect(await model.refresh(api)).toBe(true);
    expect(model.badge.value).toBe('2');
    const pending = model.markRead(api, 'a');
    expect(model.unreadCount.value).toBe(1);
    await pending;
    await model.markRead(api, 'c');
    expect(marked).toEqual(['a']);
    await model.markAllRead(api);
    expect(model.items.value.every((n) => n.readAt)).toBe(true);
    expect(model.badge.value).toBeNull();
  });

  it('keeps what it shows when a refresh fails', async () => {
    const model = new NotificationsModel();
    const ok = {
      listNotifications: async () => ({
        ok: true,
        data: { items: [note('a')], nextCursor: null, unreadCount: 1 },
      }),
    } as unknown as ApiClient;
    const failing = {
      listNotifications: async () => ({
        ok: false,
        problem: { status: 0, code: 'network', title: '', type: '' },
      }),
    } as unknown as ApiClient;
    await model.refresh(ok);
    expect(await model.refresh(failing)).toBe(false);
    expect(model.items.value).toHaveLength(1);
    expect(model.problem.value?.code).toBe('network');
  });
});
