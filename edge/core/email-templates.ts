/**
 * The outbox's emails, rendered at send time in the recipient's locale (en, de, cs, uk; en otherwise).
 * Pure: the drainer and the Outbox page render the same thing from a row's payload.
 */

import { escapeHtml } from './html';

export const EMAIL_LOCALES = ['en', 'de', 'cs', 'uk'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

export type RenderedEmail = { subject: string; text: string; html: string };

type Texts = {
  subject: (n: number) => string;
  team: (n: number) => string;
  open: string;
  /** The link text of an email about one record (or a generic one). */
  openOne: string;
  generic: string;
  /** Routing or a colleague assigned one lead (template `lead-assigned`). */
  leadAssigned: string;
  /** A bulk assignment (template `leads-assigned`). */
  leadsAssigned: (n: number) => string;
  /** A converted lead's opportunity was assigned (template `opportunity-assigned`). */
  opportunityAssigned: string;
  /** Submissions held for review wait (template `quarantine-digest`); `more`: beyond the count. */
  quarantineDigest: (n: number, more: boolean) => string;
  /** An outgoing webhook endpoint failed for three days and was disabled (template `webhook-disabled`). */
  webhookDisabled: (url: string) => string;
  /** A task fell due (template `task-due`); a task without a title is the default follow-up. */
  taskDue: (title: string) => string;
  followUp: string;
  /** An invitation to join an organization (template `invitation`). */
  invitation: {
    subject: (organization: string) => string;
    body: (organization: string, role: string) => string;
    accept: string;
    expires: (date: string) => string;
    roles: Record<string, string>;
  };
  /** A password-reset link (template `password-reset`). */
  passwordReset: {
    subject: string;
    body: string;
    action: string;
    expires: (minutes: number) => string;
    ignore: string;
  };
  /** The proof of an address before a new organization is created for it (template `signup`). */
  signup: {
    subject: string;
    body: string;
    action: string;
    expires: (hours: number) => string;
    ignore: string;
  };
  /** A sign-up asked for an address that already has an account (template `signup-existing`). */
  signupExisting: {
    subject: string;
    body: string;
    signIn: string;
    reset: string;
    ignore: string;
  };
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
    openOne: 'Open in Leadgate',
    generic: 'A message from Leadgate',
    leadAssigned: 'A new lead was assigned to you',
    leadsAssigned: (n) => `${n} ${n === 1 ? 'lead was' : 'leads were'} assigned to you`,
    opportunityAssigned: 'A new opportunity was assigned to you',
    quarantineDigest: (n, more) =>
      `${more ? `More than ${n}` : n} ${n === 1 && !more ? 'submission waits' : 'submissions wait'} for review in quarantine`,
    webhookDisabled: (url) => `The webhook endpoint ${url} failed for three days and was disabled`,
    taskDue: (title) => `A task is due: ${title}`,
    followUp: 'Follow up',
    invitation: {
      subject: (org) => `You are invited to join ${org} on Leadgate`,
      body: (org, role) => `You are invited to join ${org} on Leadgate as ${role}.`,
      accept: 'Accept the invitation',
      expires: (date) => `The link works once and expires on ${date}.`,
      roles: { viewer: 'a viewer', member: 'a member', admin: 'an admin', owner: 'an owner' },
    },
    passwordReset: {
      subject: 'Reset your Leadgate password',
      body: 'Someone asked to reset the password of your Leadgate account.',
      action: 'Choose a new password',
      expires: (minutes) => `The link works once, for ${minutes} minutes.`,
      ignore: 'If it was not you, ignore this email: your password stays as it is.',
    },
    signup: {
      subject: 'Confirm your email to create your Leadgate organization',
      body: 'Someone asked to create a new organization on Leadgate with this email address.',
      action: 'Confirm and create the organization',
      expires: (hours) => `The link works once, for ${hours} hours.`,
      ignore: 'If it was not you, ignore this email: nothing will be created.',
    },
    signupExisting: {
      subject: 'You already have a Leadgate account',
      body: 'Someone asked to create a new organization on Leadgate with this email address, which already has an account.',
      signIn: 'Sign in',
      reset: 'Forgot your password? Choose a new one',
      ignore: 'If it was not you, ignore this email: nothing has changed.',
    },
  },
  de: {
    subject: (n) =>
      `Sie haben ${n} ${n === 1 ? 'inaktiven Lead' : 'inaktive Leads'}, die Aufmerksamkeit brauchen`,
    team: (n) => `Ihr Team hat insgesamt ${n} ${n === 1 ? 'inaktiven Lead' : 'inaktive Leads'}.`,
    open: 'In Leadgate öffnen',
    openOne: 'In Leadgate öffnen',
    generic: 'Eine Nachricht von Leadgate',
    leadAssigned: 'Ihnen wurde ein neuer Lead zugewiesen',
    leadsAssigned: (n) => `Ihnen ${n === 1 ? 'wurde 1 Lead' : `wurden ${n} Leads`} zugewiesen`,
    opportunityAssigned: 'Ihnen wurde eine neue Verkaufschance zugewiesen',
    quarantineDigest: (n, more) =>
      `${more ? `Mehr als ${n} Einsendungen warten` : n === 1 ? '1 Einsendung wartet' : `${n} Einsendungen warten`} in der Quarantäne auf Prüfung`,
    webhookDisabled: (url) =>
      `Der Webhook-Endpunkt ${url} ist seit drei Tagen fehlgeschlagen und wurde deaktiviert`,
    taskDue: (title) => `Eine Aufgabe ist fällig: ${title}`,
    followUp: 'Nachfassen',
    invitation: {
      subject: (org) => `Sie sind eingeladen, ${org} auf Leadgate beizutreten`,
      body: (org, role) => `Sie sind eingeladen, ${org} auf Leadgate beizutreten, mit der Rolle ${role}.`,
      accept: 'Einladung annehmen',
      expires: (date) => `Der Link funktioniert einmal und läuft am ${date} ab.`,
      roles: { viewer: 'Betrachter', member: 'Mitglied', admin: 'Administrator', owner: 'Eigentümer' },
    },
    passwordReset: {
      subject: 'Setzen Sie Ihr Leadgate-Passwort zurück',
      body: 'Jemand hat angefordert, das Passwort Ihres Leadgate-Kontos zurückzusetzen.',
      action: 'Neues Passwort wählen',
      expires: (minutes) => `Der Link funktioniert einmal und ${minutes} Minuten lang.`,
      ignore: 'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
    },
    signup: {
      subject: 'Bestätigen Sie Ihre E-Mail-Adresse, um Ihre Leadgate-Organisation anzulegen',
      body: 'Jemand möchte mit dieser E-Mail-Adresse eine neue Organisation auf Leadgate anlegen.',
      action: 'Bestätigen und Organisation anlegen',
      expires: (hours) => `Der Link funktioniert einmal und ${hours} Stunden lang.`,
      ignore: 'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Es wird nichts angelegt.',
    },
    signupExisting: {
      subject: 'Sie haben bereits ein Leadgate-Konto',
      body: 'Jemand möchte mit dieser E-Mail-Adresse eine neue Organisation auf Leadgate anlegen, doch zu ihr gibt es bereits ein Konto.',
      signIn: 'Anmelden',
      reset: 'Passwort vergessen? Neues Passwort wählen',
      ignore: 'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Es hat sich nichts geändert.',
    },
  },
  cs: {
    subject: (n) =>
      `Máte ${n} ${czech(n, 'neaktivní lead', 'neaktivní leady', 'neaktivních leadů')} vyžadující pozornost`,
    team: (n) =>
      `Váš tým má celkem ${n} ${czech(n, 'neaktivní lead', 'neaktivní leady', 'neaktivních leadů')}.`,
    open: 'Otevřít v Leadgate',
    openOne: 'Otevřít v Leadgate',
    generic: 'Zpráva z Leadgate',
    leadAssigned: 'Byl vám přidělen nový lead',
    leadsAssigned: (n) =>
      czech(
        n,
        `Byl vám přidělen ${n} lead`,
        `Byly vám přiděleny ${n} leady`,
        `Bylo vám přiděleno ${n} leadů`,
      ),
    opportunityAssigned: 'Byla vám přidělena nová obchodní příležitost',
    quarantineDigest: (n, more) =>
      more
        ? `V karanténě čeká na kontrolu více než ${n} odeslaných formulářů`
        : czech(
            n,
            `V karanténě čeká na kontrolu ${n} odeslaný formulář`,
            `V karanténě čekají na kontrolu ${n} odeslané formuláře`,
            `V karanténě čeká na kontrolu ${n} odeslaných formulářů`,
          ),
    webhookDisabled: (url) => `Webhookový endpoint ${url} tři dny selhával a byl vypnut`,
    taskDue: (title) => `Úkol je na řadě: ${title}`,
    followUp: 'Ozvat se',
    invitation: {
      subject: (org) => `Pozvánka do organizace ${org} v Leadgate`,
      body: (org, role) => `Jste zváni do organizace ${org} v Leadgate s rolí ${role}.`,
      accept: 'Přijmout pozvánku',
      expires: (date) => `Odkaz funguje jednou a platí do ${date}.`,
      roles: { viewer: 'čtenář', member: 'člen', admin: 'správce', owner: 'vlastník' },
    },
    passwordReset: {
      subject: 'Obnovení hesla k Leadgate',
      body: 'Někdo požádal o obnovení hesla k vašemu účtu v Leadgate.',
      action: 'Zvolit nové heslo',
      expires: (minutes) => `Odkaz funguje jednou, po dobu ${minutes} minut.`,
      ignore: 'Pokud jste to nebyli vy, tento e-mail ignorujte: vaše heslo zůstává beze změny.',
    },
    signup: {
      subject: 'Potvrďte e-mail a založte svou organizaci v Leadgate',
      body: 'Někdo chce s touto e-mailovou adresou založit novou organizaci v Leadgate.',
      action: 'Potvrdit a založit organizaci',
      expires: (hours) => `Odkaz funguje jednou, po dobu ${hours} hodin.`,
      ignore: 'Pokud jste to nebyli vy, tento e-mail ignorujte: nic se nezaloží.',
    },
    signupExisting: {
      subject: 'Účet v Leadgate už máte',
      body: 'Někdo chce s touto e-mailovou adresou založit novou organizaci v Leadgate, ale k adrese už účet existuje.',
      signIn: 'Přihlásit se',
      reset: 'Zapomněli jste heslo? Zvolte nové',
      ignore: 'Pokud jste to nebyli vy, tento e-mail ignorujte: nic se nezměnilo.',
    },
  },
  uk: {
    subject: (n) =>
      `У вас ${n} ${ukrainian(n, 'неактивний лід', 'неактивні ліди', 'неактивних лідів')}, що потребують уваги`,
    team: (n) =>
      `У вашої команди загалом ${n} ${ukrainian(n, 'неактивний лід', 'неактивні ліди', 'неактивних лідів')}.`,
    open: 'Відкрити в Leadgate',
    openOne: 'Відкрити в Leadgate',
    generic: 'Повідомлення від Leadgate',
    leadAssigned: 'Вам призначено новий лід',
    leadsAssigned: (n) => `Вам призначено ${n} ${ukrainian(n, 'лід', 'ліди', 'лідів')}`,
    opportunityAssigned: 'Вам призначено нову угоду',
    quarantineDigest: (n, more) =>
      more
        ? `У карантині на перевірку чекає понад ${n} заявок`
        : `У карантині на перевірку ${ukrainian(n, `чекає ${n} заявка`, `чекають ${n} заявки`, `чекає ${n} заявок`)}`,
    webhookDisabled: (url) => `Кінцева точка вебхуків ${url} три дні повертала помилки, тому її вимкнено`,
    taskDue: (title) => `Настав час завдання: ${title}`,
    followUp: 'Нагадати про себе',
    invitation: {
      subject: (org) => `Запрошення приєднатися до ${org} у Leadgate`,
      body: (org, role) => `Вас запрошено приєднатися до ${org} у Leadgate з роллю «${role}».`,
      accept: 'Прийняти запрошення',
      expires: (date) => `Посилання працює один раз і діє до ${date}.`,
      roles: { viewer: 'глядач', member: 'учасник', admin: 'адміністратор', owner: 'власник' },
    },
    passwordReset: {
      subject: 'Відновлення пароля до Leadgate',
      body: 'Хтось попросив відновити пароль вашого облікового запису Leadgate.',
      action: 'Вибрати новий пароль',
      expires: (minutes) => `Посилання працює один раз протягом ${minutes} хвилин.`,
      ignore: 'Якщо це були не ви, проігноруйте цей лист: ваш пароль залишиться без змін.',
    },
    signup: {
      subject: 'Підтвердьте email, щоб створити свою організацію в Leadgate',
      body: 'Хтось хоче створити нову організацію в Leadgate з цією адресою електронної пошти.',
      action: 'Підтвердити й створити організацію',
      expires: (hours) => `Посилання працює один раз протягом ${hours} годин.`,
      ignore: 'Якщо це були не ви, проігноруйте цей лист: нічого не буде створено.',
    },
    signupExisting: {
      subject: 'У вас уже є обліковий запис Leadgate',
      body: 'Хтось хоче створити нову організацію в Leadgate з цією адресою електронної пошти, але для неї вже є обліковий запис.',
      signIn: 'Увійти',
      reset: 'Забули пароль? Виберіть новий',
      ignore: 'Якщо це були не ви, проігноруйте цей лист: нічого не змінилося.',
    },
  },
};

/** The recipient's locale if we have its texts, English otherwise. */
export function emailLocale(locale: string | null | undefined): EmailLocale {
  const base = (locale ?? '').toLowerCase().split('-')[0];
  return (EMAIL_LOCALES as readonly string[]).includes(base ?? '') ? (base as EmailLocale) : 'en';
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
  const base = appUrl.replace(/\/+$/, '');
  const link = `${base}${relativeLink(payload)}`;
  if (payload.template === 'invitation') return invitationEmail(payload, texts, emailLocale(locale), link);
  if (payload.template === 'password-reset') return passwordResetEmail(payload, texts, link);
  if (payload.template === 'signup') return signupEmail(payload, texts, link);
  if (payload.template === 'signup-existing') return signupExistingEmail(texts, base);
  const single = singleMessage(payload, texts);
  if (single !== null) return simpleEmail(single, texts.openOne, link);
  if (payload.template !== 'stale-digest') return simpleEmail(texts.generic, texts.openOne, link);
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

/** The page an email points to: the payload's own link, else the record it is about, else the app. */
function relativeLink(payload: Record<string, unknown>): string {
  const id = (key: string) => (typeof payload[key] === 'string' ? encodeURIComponent(payload[key]) : null);
  if (typeof payload.link === 'string' && payload.link.startsWith('/')) return payload.link;
  if (payload.template === 'opportunity-assigned' && id('opportunityId'))
    return `/app/opportunities/${id('opportunityId')}`;
  if (payload.template === 'leads-assigned') return '/app/leads?assignee=me';
  if (id('leadId')) return `/app/leads/${id('leadId')}`;
  return '/app/';
}

/** The one-line emails: the subject is the message. Null for the digest and unknown templates. */
function singleMessage(payload: Record<string, unknown>, texts: Texts): string | null {
  if (payload.template === 'lead-assigned') return texts.leadAssigned;
  if (payload.template === 'leads-assigned') return texts.leadsAssigned(num(payload.count));
  if (payload.template === 'opportunity-assigned') return texts.opportunityAssigned;
  if (payload.template === 'quarantine-digest')
    return texts.quarantineDigest(num(payload.count), payload.capped === true);
  if (payload.template === 'webhook-disabled')
    return texts.webhookDisabled(typeof payload.url === 'string' ? payload.url : '');
  if (payload.template === 'task-due')
    return texts.taskDue(typeof payload.title === 'string' && payload.title ? payload.title : texts.followUp);
  return null;
}

function simpleEmail(subject: string, open: string, link: string): RenderedEmail {
  return {
    subject,
    text: `${subject}.\n\n${open}: ${link}\n`,
    html: `<p>${escapeHtml(subject)}.</p>\n<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p>`,
  };
}

const DATE_LOCALES: Record<EmailLocale, string> = { en: 'en-GB', de: 'de-DE', cs: 'cs-CZ', uk: 'uk-UA' };

/** An invitation: which organization, which role, the single-use link and when it expires. */
function invitationEmail(
  payload: Record<string, unknown>,
  texts: Texts,
  locale: EmailLocale,
  link: string,
): RenderedEmail {
  const t = texts.invitation;
  const org = typeof payload.organization === 'string' ? payload.organization : '';
  const role = t.roles[String(payload.role)] ?? String(payload.role ?? '');
  const expiresAt = new Date(typeof payload.expiresAt === 'string' ? payload.expiresAt : Number.NaN);
  const expires = Number.isNaN(expiresAt.getTime())
    ? ''
    : t.expires(
        new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
          expiresAt,
        ),
      );
  const subject = t.subject(org);
  const body = t.body(org, role);
  return {
    subject,
    text: `${body}\n\n${t.accept}: ${link}\n${expires ? `\n${expires}\n` : ''}`,
    html: [
      `<p>${escapeHtml(body)}</p>`,
      `<p><a href="${escapeHtml(link)}">${escapeHtml(t.accept)}</a></p>`,
      ...(expires ? [`<p>${escapeHtml(expires)}</p>`] : []),
    ].join('\n'),
  };
}

/** A password-reset link: what was asked, the single-use link, how long it works, and what to do if unasked. */
function passwordResetEmail(payload: Record<string, unknown>, texts: Texts, link: string): RenderedEmail {
  const t = texts.passwordReset;
  const expires = t.expires(num(payload.minutes));
  return {
    subject: t.subject,
    text: `${t.body}\n\n${t.action}: ${link}\n\n${expires}\n${t.ignore}\n`,
    html: [
      `<p>${escapeHtml(t.body)}</p>`,
      `<p><a href="${escapeHtml(link)}">${escapeHtml(t.action)}</a></p>`,
      `<p>${escapeHtml(expires)}</p>`,
      `<p>${escapeHtml(t.ignore)}</p>`,
    ].join('\n'),
  };
}

/** A sign-up's proof: what was asked, the single-use link, how long it works, and what to do if unasked. */
function signupEmail(payload: Record<string, unknown>, texts: Texts, link: string): RenderedEmail {
  const t = texts.signup;
  const expires = t.expires(num(payload.hours));
  return {
    subject: t.subject,
    text: `${t.body}\n\n${t.action}: ${link}\n\n${expires}\n${t.ignore}\n`,
    html: [
      `<p>${escapeHtml(t.body)}</p>`,
      `<p><a href="${escapeHtml(link)}">${escapeHtml(t.action)}</a></p>`,
      `<p>${escapeHtml(expires)}</p>`,
      `<p>${escapeHtml(t.ignore)}</p>`,
    ].join('\n'),
  };
}

/** A sign-up for an address that has an account: where to sign in, and where to choose a new password. */
function signupExistingEmail(texts: Texts, base: string): RenderedEmail {
  const t = texts.signupExisting;
  const signIn = `${base}/app/login`;
  const reset = `${base}/app/forgot`;
  return {
    subject: t.subject,
    text: `${t.body}\n\n${t.signIn}: ${signIn}\n${t.reset}: ${reset}\n\n${t.ignore}\n`,
    html: [
      `<p>${escapeHtml(t.body)}</p>`,
      `<p><a href="${escapeHtml(signIn)}">${escapeHtml(t.signIn)}</a></p>`,
      `<p><a href="${escapeHtml(reset)}">${escapeHtml(t.reset)}</a></p>`,
      `<p>${escapeHtml(t.ignore)}</p>`,
    ].join('\n'),
  };
}

/**
 * Templates whose link is a secret for the recipient alone (it sets a password, or creates an
 * organization): the Outbox page shows them without it, so an admin cannot take over an account.
 */
export const PRIVATE_LINK_TEMPLATES: ReadonlySet<string> = new Set(['password-reset', 'signup']);

/** Minutes to wait before attempt n+1 after n failed attempts; null when it is time to give up. */
export function retryDelayMinutes(attempts: number): number | null {
  const delays = [1, 5, 30, 120, 720];
  return attempts >= 1 && attempts <= delays.length ? delays[attempts - 1]! : null;
}
