import { describe, expect, it } from 'vitest';
import { emailLocale, PRIVATE_LINK_TEMPLATES, renderEmail, retryDelayMinutes } from './email-templates';

const digest = (count: number, teamCount: number | null = null) => ({
  template: 'stale-digest',
  count,
  teamCount,
  link: '/app/leads?stale=30',
});

describe('renderEmail: the stale digest in four languages', () => {
  it.each<[string | null, number, string]>([
    ['en', 1, 'You have 1 stale lead needing attention'],
    ['en', 5, 'You have 5 stale leads needing attention'],
    ['de', 1, 'Sie haben 1 inaktiven Lead, die Aufmerksamkeit brauchen'],
    ['de', 5, 'Sie haben 5 inaktive Leads, die Aufmerksamkeit brauchen'],
    ['cs', 1, 'Máte 1 neaktivní lead vyžadující pozornost'],
    ['cs', 3, 'Máte 3 neaktivní leady vyžadující pozornost'],
    ['cs', 21, 'Máte 21 neaktivních leadů vyžadující pozornost'],
    ['uk', 21, 'У вас 21 неактивний лід, що потребують уваги'],
    ['uk', 3, 'У вас 3 неактивні ліди, що потребують уваги'],
    ['uk', 12, 'У вас 12 неактивних лідів, що потребують уваги'],
    ['fr', 2, 'You have 2 stale leads needing attention'],
    [null, 2, 'You have 2 stale leads needing attention'],
  ])('%s, %i → %s', (locale, count, subject) => {
    expect(renderEmail(digest(count), locale, 'https://x.test').subject).toBe(subject);
  });

  it('text and html carry the absolute link and, for managers, the team count', () => {
    const email = renderEmail(digest(2, 7), 'en', 'https://x.test/');
    expect(email.text).toBe(
      'You have 2 stale leads needing attention.\nYour team has 7 stale leads in total.\n\nOpen them in Leadgate: https://x.test/app/leads?stale=30\n',
    );
    expect(email.html).toContain('<a href="https://x.test/app/leads?stale=30">Open them in Leadgate</a>');
  });

  it.each([
    ['lead-assigned', { leadId: 'lead_1' }, 'en', 'A new lead was assigned to you', '/app/leads/lead_1'],
    ['leads-assigned', { count: 3 }, 'cs', 'Byly vám přiděleny 3 leady', '/app/leads?assignee=me'],
    ['leads-assigned', { count: 5 }, 'uk', 'Вам призначено 5 лідів', '/app/leads?assignee=me'],
    ['leads-assigned', { count: 1 }, 'de', 'Ihnen wurde 1 Lead zugewiesen', '/app/leads?assignee=me'],
    [
      'opportunity-assigned',
      { opportunityId: 'opp_9', leadId: 'lead_1' },
      'de',
      'Ihnen wurde eine neue Verkaufschance zugewiesen',
      '/app/opportunities/opp_9',
    ],
    [
      'task-due',
      { leadId: 'lead_1', title: 'Call <back>', link: '/app/leads/lead_1' },
      'en',
      'A task is due: Call <back>',
      '/app/leads/lead_1',
    ],
    ['task-due', { leadId: 'lead_1', title: null }, 'cs', 'Úkol je na řadě: Ozvat se', '/app/leads/lead_1'],
    [
      'task-due',
      { leadId: 'lead_1', title: null },
      'de',
      'Eine Aufgabe ist fällig: Nachfassen',
      '/app/leads/lead_1',
    ],
    [
      'task-due',
      { leadId: 'lead_1', title: null },
      'uk',
      'Настав час завдання: Нагадати про себе',
      '/app/leads/lead_1',
    ],
  ])('%s (%j, %s) reads "%s" and links to %s', (template, data, locale, subject, path) => {
    const email = renderEmail({ template, userId: 'usr_1', ...data }, locale, 'https://x.test/');
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(`https://x.test${path}`);
    expect(email.html).toContain(`href="https://x.test${path.replaceAll('&', '&amp;')}"`);
  });

  it('a task title is escaped in the html', () => {
    const email = renderEmail(
      { template: 'task-due', leadId: 'l', title: '<b>x</b>' },
      'en',
      'https://x.test',
    );
    expect(email.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(email.html).not.toContain('<b>');
  });

  it('an unknown template renders a generic message', () => {
    expect(renderEmail({ template: 'nope' }, 'cs', 'https://x.test').subject).toBe('Zpráva z Leadgate');
  });
});

describe('helpers', () => {
  it.each([
    ['de-AT', 'de'],
    ['UK', 'uk'],
    ['pt', 'en'],
    ['', 'en'],
  ])('emailLocale(%j) → %s', (input, expected) => {
    expect(emailLocale(input)).toBe(expected);
  });

  it.each([
    [1, 1],
    [2, 5],
    [5, 720],
    [6, null],
    [0, null],
  ])('retryDelayMinutes(%i) → %s', (attempts, minutes) => {
    expect(retryDelayMinutes(attempts)).toBe(minutes);
  });
});

describe('the invitation email', () => {
  const payload = {
    template: 'invitation',
    to: 'olena@example.com',
    organization: 'Acme <Česko>',
    role: 'member',
    expiresAt: '2026-03-08T10:00:00Z',
    link: '/app/invite#tok_123',
  };

  it.each([
    ['en', 'You are invited to join Acme <Česko> on Leadgate', 'as a member', '8 March 2026'],
    [
      'de',
      'Sie sind eingeladen, Acme <Česko> auf Leadgate beizutreten',
      'mit der Rolle Mitglied',
      '8. März 2026',
    ],
    ['cs', 'Pozvánka do organizace Acme <Česko> v Leadgate', 's rolí člen', '8. března 2026'],
    ['uk', 'Запрошення приєднатися до Acme <Česko> у Leadgate', 'з роллю «учасник»', '8 березня 2026'],
  ])('%s: subject, role, link and expiry; HTML escaped', (locale, subject, role, date) => {
    const mail = renderEmail(payload, locale, 'https://leads.example.com/');
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(role);
    expect(mail.text).toContain('https://leads.example.com/app/invite#tok_123');
    expect(mail.text).toContain(date);
    expect(mail.html).toContain('Acme &lt;Česko&gt;');
    expect(mail.html).not.toContain('<Česko>');
  });
});

describe('renderEmail: a password-reset link', () => {
  const payload = { template: 'password-reset', userId: 'usr_1', link: '/app/reset#tok_456', minutes: 30 };

  it.each([
    ['en', 'Reset your Leadgate password', 'for 30 minutes'],
    ['de', 'Setzen Sie Ihr Leadgate-Passwort zurück', '30 Minuten lang'],
    ['cs', 'Obnovení hesla k Leadgate', 'po dobu 30 minut'],
    ['uk', 'Відновлення пароля до Leadgate', 'протягом 30 хвилин'],
  ])('%s: subject, the single-use link and how long it works', (locale, subject, expiry) => {
    const mail = renderEmail(payload, locale, 'https://leads.example.com/');
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain('https://leads.example.com/app/reset#tok_456');
    expect(mail.text).toContain(expiry);
    expect(mail.html).toContain('href="https://leads.example.com/app/reset#tok_456"');
  });
});

describe('renderEmail: sign-up', () => {
  const proof = { template: 'signup', to: 'a@b.example', link: '/app/signup#tok_789', hours: 24 };
  const existing = { template: 'signup-existing', to: 'a@b.example' };

  it.each([
    [
      'en',
      'Confirm your email to create your Leadgate organization',
      'for 24 hours',
      'You already have a Leadgate account',
    ],
    [
      'de',
      'Bestätigen Sie Ihre E-Mail-Adresse, um Ihre Leadgate-Organisation anzulegen',
      '24 Stunden lang',
      'Sie haben bereits ein Leadgate-Konto',
    ],
    [
      'cs',
      'Potvrďte e-mail a založte svou organizaci v Leadgate',
      'po dobu 24 hodin',
      'Účet v Leadgate už máte',
    ],
    [
      'uk',
      'Підтвердьте email, щоб створити свою організацію в Leadgate',
      'протягом 24 годин',
      'У вас уже є обліковий запис Leadgate',
    ],
  ])(
    '%s: the proof with its single-use link, and the email to an address with an account',
    (locale, subject, expiry, existingSubject) => {
      const mail = renderEmail(proof, locale, 'https://leads.example.com/');
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain('https://leads.example.com/app/signup#tok_789');
      expect(mail.text).toContain(expiry);
      expect(mail.html).toContain('href="https://leads.example.com/app/signup#tok_789"');
      const other = renderEmail(existing, locale, 'https://leads.example.com/');
      expect(other.subject).toBe(existingSubject);
      expect(other.html).toContain('href="https://leads.example.com/app/login"');
      expect(other.html).toContain('href="https://leads.example.com/app/forgot"');
      expect(other.text).not.toContain('#');
    },
  );

  it('keeps the sign-up link off the Outbox page, as a reset link is', () => {
    expect(PRIVATE_LINK_TEMPLATES.has('signup')).toBe(true);
  });
});

describe('renderEmail: the quarantine digest in four languages', () => {
  const held = (count: number, capped = false) => ({
    template: 'quarantine-digest',
    count,
    capped,
    link: '/app/settings/quarantine',
  });
  it.each<[string, number, boolean, string]>([
    ['en', 1, false, '1 submission waits for review in quarantine'],
    ['en', 4, false, '4 submissions wait for review in quarantine'],
    ['en', 100, true, 'More than 100 submissions wait for review in quarantine'],
    ['de', 1, false, '1 Einsendung wartet in der Quarantäne auf Prüfung'],
    ['de', 3, false, '3 Einsendungen warten in der Quarantäne auf Prüfung'],
    ['cs', 1, false, 'V karanténě čeká na kontrolu 1 odeslaný formulář'],
    ['cs', 3, false, 'V karanténě čekají na kontrolu 3 odeslané formuláře'],
    ['cs', 5, false, 'V karanténě čeká na kontrolu 5 odeslaných formulářů'],
    ['uk', 21, false, 'У карантині на перевірку чекає 21 заявка'],
    ['uk', 3, false, 'У карантині на перевірку чекають 3 заявки'],
    ['uk', 11, false, 'У карантині на перевірку чекає 11 заявок'],
  ])('%s, %i (capped %s) → %s', (locale, count, capped, subject) => {
    const email = renderEmail(held(count, capped), locale, 'https://x.test');
    expect(email.subject).toBe(subject);
    expect(email.text).toContain('https://x.test/app/settings/quarantine');
  });
});
