import { NOTIFICATION_TYPES, type Notification, type NotificationType } from '@contract/notifications';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, loadCatalogs, locale } from '../../i18n';
import { notificationSentence } from './model';

/** The data each type carries as the server writes it (see edge/contract/notifications.ts). */
const SAMPLES: Record<NotificationType, Notification['data']> = {
  'lead.assigned': { leadId: 'lead_1', name: 'Jana Nováková', company: 'Škoda' },
  'lead.claimable': { leadId: 'lead_2', name: 'Petr Svoboda', company: 'Beta a.s.' },
  'leads.assigned': { count: 12, operationId: 'bulk_1' },
  'opportunity.assigned': { opportunityId: 'opp_1', name: 'Škoda – Jana Nováková', leadId: 'lead_1' },
  'stale-digest': { day: '2026-03-02', count: 5, teamCount: null, leadIds: [] },
  'quarantine-digest': { day: '2026-03-02', count: 3, capped: false, oldestAt: '2026-03-01T10:00:00.000Z' },
  'import.completed': { jobId: 'imp_1', filename: 'import.csv', created: 5, updated: 0 },
  'import.claimable': { jobId: 'imp_1', filename: 'fair.csv', count: 3 },
  'member.leads-unassigned': { userId: 'usr_1', name: 'Олена Коваль', count: 3 },
  'member.leads-reassigned': { userId: 'usr_1', name: 'Jana Nováková', count: 2 },
  'task.due': {
    taskId: 'task_1',
    leadId: 'lead_1',
    title: 'Send the offer',
    name: 'Jana Nováková',
    company: 'Škoda',
    dueAt: '2026-03-30T07:00:00.000Z',
  },
};

describe('every notification type the server creates reads as a sentence in every language', () => {
  beforeAll(() => loadCatalogs(LOCALES));
  afterEach(() => {
    locale.value = 'en';
  });

  const sentences = (type: NotificationType) =>
    LOCALES.map((code) => {
      locale.value = code;
      return notificationSentence({ type, data: SAMPLES[type] });
    });

  it.each(NOTIFICATION_TYPES)('%s', (type) => {
    const [en, ...others] = sentences(type);
    for (const sentence of [en, ...others]) {
      expect(sentence).not.toContain(type);
      expect(sentence).not.toMatch(/[{}#]|\w+: \w+ ·/);
    }
    // Each language has its own words, not English.
    for (const sentence of others) expect(sentence).not.toBe(en);
  });

  it('words an import in each language with its file and figures', () => {
    expect(sentences('import.completed')).toEqual([
      'Import of import.csv finished: 5 created, 0 updated.',
      'Import der Datei import.csv abgeschlossen: 5 angelegt, 0 aktualisiert.',
      'Import souboru import.csv dokončen: vytvořeno 5, aktualizováno 0.',
      'Імпорт файлу import.csv завершено: створено 5, оновлено 0.',
    ]);
  });
});
