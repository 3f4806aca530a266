/**
 * The outbox's emails, rendered at send time in the recipient's locale (en, de, cs, uk; en otherwise).
 * Pure: the drainer and the Outbox page render the same thing from a row's payload.
 */

export const EMAIL_LOCALES = ['en', 'de', 'cs', 'uk'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

export type RenderedEmail = { subject: string; text: string; html: string };

type Texts = {
  subject: (n: number) => string;
  team: (n: number) => string;
  open: string;
  generic: string;
};

// Plural forms: de and en have two; Czech has 1 / 2–4 / other, Ukrainian the rule by the last digits.
const czech = (n: number, one: string, few: string, many: string) =>
  n === 1 ? one : n >= 2 && n <= 4 ? few : many;
const ukrainian = (n: number, one: string, few: string, many: string) => {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  return mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? few : many;
};

const TEXTS: Record<EmailLocale, Texts> = {
  en: {
    subject: (n) => `You have ${n} stale ${n === 1 ? 'lead' : 'leads'} needing attention`,
    team: (n) => `Your team has ${n} stale ${n === 1 ? 'lead' : 'leads'} in total.`,
    open: 'Open them in Leadgate',
    generic: 'A message from Leadgate',
  },
  de: {
    subject: (n) =>
      `Sie haben ${n} ${n === 1 ? 'inaktiven Lead' : 'inaktive Leads'}, die Aufmerksamkeit brauchen`,
    team: (n) => `Ihr Team hat insgesamt ${n} ${n === 1 ? 'inaktiven Lead' : 'inaktive Leads'}.`,
    open: 'In Leadgate öffnen',
    generic: 'Eine Nachricht von Leadgate',
  },
  cs: {
    subject: (n) =>
      `Máte ${n} ${czech(n, 'neaktivní lead', 'neaktivní leady', 'neaktivních leadů')} vyžadující pozornost`,
    team: (n) =>
      `Váš tým má celkem ${n} ${czech(n, 'neaktivní lead', 'neaktivní leady', 'neaktivních leadů')}.`,
    open: 'Otevřít v Leadgate',
    generic: 'Zpráva z Leadgate',
  },
  uk: {
    subject: (n) =>
      `У вас ${n} ${ukrainian(n, 'неактивний лід', 'неактивні ліди', 'неактивних лідів')}, що потребують уваги`,
    team: (n) =>
      `У вашої команди загалом ${n} ${ukrainian(n, 'неактивний лід', 'неактивні ліди', 'неактивних лідів')}.`,
    open: 'Відкрити в Leadgate',
    generic: 'Повідомлення від Leadgate',
  },
};

/** The recipient's locale if we have its texts, English otherwise. */
export function emailLocale(locale: string | null | undefined): EmailLocale {
  const base = (locale ?? '').toLowerCase().split('-')[0];
  return (EMAIL_LOCALES as readonly string[]).includes(base ?? '') ? (base as EmailLocale) : 'en';
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Renders an outbox payload `{ template, … }`. `appUrl` makes the payload's relative link absolute. An
 * unknown template renders a generic message rather than failing the whole drain.
 */
export function renderEmail(
  payload: Record<string, unknown>,
  locale: string | null,
  appUrl: string,
): RenderedEmail {
  const texts = TEXTS[emailLocale(locale)];
  const link = typeof payload.link === 'string' ? `${appUrl.replace(/\/+$/, '')}${payload.link}` : appUrl;
  if (payload.template !== 'stale-digest') {
    const text = `${texts.generic}\n\n${link}\n`;
    return { subject: texts.generic, text, html: `<p>${escapeHtml(texts.generic)}</p>` };
  }
  const own = num(payload.count);
  const team = typeof payload.teamCount === 'number' ? payload.teamCount : null;
  const subject = texts.subject(own);
  const lines = [`${subject}.`, ...(team !== null ? [texts.team(team)] : []), '', `${texts.open}: ${link}`];
  const html = [
    `<p>${escapeHtml(subject)}.</p>`,
    ...(team !== null ? [`<p>${escapeHtml(texts.team(team))}</p>`] : []),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(texts.open)}</a></p>`,
  ].join('\n');
  return { subject, text: `${lines.join('\n')}\n`, html };
}

/** Minutes to wait before attempt n+1 after n failed attempts; null when it is time to give up. */
export function retryDelayMinutes(attempts: number): number | null {
  const delays = [1, 5, 30, 120, 720];
  return attempts >= 1 && attempts <= delays.length ? delays[attempts - 1]! : null;
}
