import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { emit } from './events';
import { styles } from './lead-form.styles';
import { CATALOGS, type Catalog, type MessageKey, pickLocale, pickText } from './locales';
import { createQueue, type Outbox } from './queue';
import { type FormDefinition, fieldMessage, loadForm, newKey, type SendResult, send } from './submit';

/** Autofill tokens, input types, virtual keyboards and lengths of the standard lead fields. */
const AUTOCOMPLETE: Record<string, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  company: 'organization',
  title: 'organization-title',
  country: 'country',
  region: 'address-level1',
  city: 'address-level2',
};
const TYPE: Record<string, string> = { email: 'email', phone: 'tel' };
const MODE: Record<string, string> = { email: 'email', phone: 'tel', employees: 'numeric' };
const MAX: Record<string, number> = { email: 320, phone: 64 };

type Phase = 'load' | 'ready' | 'sending' | 'queued' | 'done' | 'broken';

let outbox: Outbox | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Sends what is due (or everything), then sleeps until the next entry is due. */
function drain(all?: boolean): void {
  clearTimeout(timer);
  outbox!
    .flush(all)
    .catch(() => {})
    .then(() => {
      const due = outbox!.next();
      if (due !== undefined) timer = setTimeout(drain, Math.max(due - Date.now(), 1000));
    });
}

/** The page's one outbox, made on first use: it retries at once (page load), when online, and on a timer. */
function pageOutbox(): Outbox {
  if (!outbox) {
    let storage: Storage | null = null;
    try {
      storage = localStorage;
    } catch {
      // storage blocked (sandboxed frame, privacy settings): the queue lives in memory
    }
    outbox = createQueue({ storage, now: Date.now, random: Math.random, send });
    addEventListener('online', () => drain(true));
    drain(true);
  }
  return outbox;
}

/**
 * `<lead-form form="frm_…">`: a form's fields, fetched from the Leadgate endpoint and rendered as a real
 * `<form>` in shadow DOM. Submits JSON with an Idempotency-Key; a submission that cannot be sent now waits
 * in an outbox (localStorage) and is retried until the server has it. Never throws into the host page.
 *
 * Not in this slice: Turnstile (`turnstileSiteKey`) and behavioural signals (`pagesViewed`); both would add
 * fields to the body built in `_submit`, before it is written to the outbox.
 *
 * @fires lead-form:submit - The submission passed validation and is being sent; cancel to stop it.
 * @fires lead-form:success - The server has it: `{ receiptId }`; cancel to stay instead of redirecting.
 * @fires lead-form:error - Loading or sending failed for good: `{ code }`.
 * @slot - Fallback content, shown only when the form cannot be loaded (e.g. a link to a contact page).
 * @csspart form - The `<form>`.
 * @csspart field - The box around one label, input and error.
 * @csspart label - A field's `<label>`.
 * @csspart input - An `<input>` or `<textarea>` (the consent checkbox too).
 * @csspart error - A field's error message.
 * @csspart button - The submit button.
 * @csspart status - The live region for sending, success and error messages.
 * @cssprop --lead-form-accent - Button, focus ring and checkbox color.
 * @cssprop --lead-form-on-accent - Text on the accent color.
 * @cssprop --lead-form-font - Font family.
 * @cssprop --lead-form-radius - Corner radius.
 * @cssprop --lead-form-spacing - Space between fields.
 */
export class LeadFormElement extends LitElement {
  static override styles = styles;
  static override properties = {
    form: {},
    endpoint: {},
    lang: { reflect: true },
    _def: { state: true },
    _phase: { state: true },
    _say: { state: true },
    _errors: { state: true },
  };
  /** The default endpoint: the origin the script was loaded from (set by the loader). */
  static origin = '';

  /** The form id (`frm_…`). */
  declare form: string;
  /** The Leadgate origin to talk to; defaults to where the script came from. */
  declare endpoint: string | undefined;
  declare _def: FormDefinition | undefined;
  _phase: Phase = 'load';
  /** The status message and whether it reports a problem. */
  _say: [MessageKey | 'success' | '', boolean?] = [''];
  _errors: Record<string, string> = {};
  _shown = 0;
  _key = '';
  _unlisten?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    try {
      this._unlisten = pageOutbox().listen((key, result) => {
        if (key === this._key) this._settle(result);
      });
    } catch {
      // no outbox: submissions still go out, they are just not retried
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unlisten?.();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('form') || changed.has('endpoint')) this._load();
  }

  override update(changed: PropertyValues<this>): void {
    try {
      super.update(changed);
    } catch {
      // A definition we cannot render: show the fallback once (a second failure would loop).
      if (this._phase !== 'broken') this._fail('render-failed', 'loadFailed');
      this._phase = 'broken';
    }
  }

  _base(): string {
    return (this.endpoint || LeadFormElement.origin || location.origin).replace(/\/+$/, '');
  }

  _url(id: string): string {
    return `${this._base()}/v1/forms/${encodeURIComponent(id)}`;
  }

  _locale() {
    return pickLocale([
      this.lang,
      this.closest('[lang]')?.getAttribute('lang'),
      document.documentElement.lang,
      ...navigator.languages,
      this._def?.defaultLocale,
    ]);
  }

  async _load(): Promise<void> {
    const id = this.form;
    this._def = undefined;
    this._phase = 'load';
    this._say = [''];
    if (!id) return;
    const result = await loadForm(this._url(id));
    if (id !== this.form) return;
    if (result.ok) {
      this._def = result.def;
      this._phase = 'ready';
      this._shown = Date.now();
    } else {
      this._phase = 'broken';
      this._fail(result.code, result.code === 'origin-not-allowed' ? 'blocked' : 'loadFailed');
    }
  }

  _fail(code: string, say: MessageKey = 'failed'): void {
    this._say = [say, true];
    emit(this, 'lead-form:error', { code });
  }

  /** Shows field errors (or clears them); moves focus to the first invalid field. True when there are none. */
  _showErrors(errors: Record<string, string>): boolean {
    this._errors = errors;
    if (!Object.keys(errors).length) return true;
    this._say = ['invalid', true];
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus());
    return false;
  }

  /** Native constraint validation, with the messages from our catalogs instead of the browser's. */
  _validate(form: HTMLFormElement, t: Catalog): boolean {
    const errors: Record<string, string> = {};
    for (const el of form.elements as unknown as HTMLInputElement[]) {
      if (!el.willValidate) continue;
      el.setCustomValidity('');
      if (!el.checkValidity()) {
        const v = el.validity;
        el.setCustomValidity((errors[el.name] = t[v.valueMissing ? 'missing' : v.typeMismatch ? 'badEmail' : 'check']));
      }
    }
    return this._showErrors(errors);
  }

  _clear(e: Event): void {
    const el = e.target as HTMLInputElement;
    if (!this._errors[el.name]) return;
    el.setCustomValidity('');
    const { [el.name]: _, ...rest } = this._errors;
    this._errors = rest;
  }

  async _submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const def = this._def!;
    const form = e.target as HTMLFormElement;
    try {
      if (this._phase !== 'ready' || !this._validate(form, CATALOGS[this._locale()])) return;
      if (!emit(this, 'lead-form:submit', { formId: def.id })) return;
      this._phase = 'sending';
      this._say = ['sending'];
      // Faster than the form's minimum looks like a bot: hold an autofilled quick human back instead.
      await new Promise((r) => setTimeout(r, def.spam.minSubmitSeconds * 1000 - (Date.now() - this._shown)));
      const body: Record<string, unknown> = {};
      for (const [name, value] of new FormData(form)) {
        const v = String(value).trim();
        if (v) body[name] = v;
      }
      if (form.consent) body.consent = !!body.consent;
      body[def.spam.elapsedField] = Date.now() - this._shown;
      this._key = newKey();
      await pageOutbox().push({
        key: this._key,
        form: def.id,
        url: `${this._url(def.id)}/submissions`,
        body: JSON.stringify(body),
      });
      drain();
    } catch {
      this._phase = 'ready';
      this._fail('failed');
    }
  }

  /** One attempt's outcome for this element's submission (live, or a retry from the outbox). */
  _settle(result: SendResult): void {
    const def = this._def!;
    const live = this._phase === 'sending';
    if (result.ok) {
      this._phase = 'done';
      this._say = ['success'];
      const url = def.redirectUrl && new URL(def.redirectUrl, `${this._base()}/`);
      // A lead sent later from the outbox does not pull the visitor away from where they are now.
      if (emit(this, 'lead-form:success', { receiptId: result.id }) && live && url && /^https?:$/.test(url.protocol))
        location.assign(url.href);
    } else if (result.retry) {
      if (live) {
        this._phase = 'queued';
        this._say = ['queued'];
      }
    } else {
      this._phase = 'ready';
      const t = CATALOGS[this._locale()];
      const errors: Record<string, string> = {};
      for (const [name, e] of Object.entries(result.errors ?? {}))
        if (this.renderRoot.querySelector(`[name="${CSS.escape(name)}"]`)) errors[name] = t[fieldMessage(name, e.code)];
      if (this._showErrors(errors)) this._say = ['failed', true];
      emit(this, 'lead-form:error', { code: result.code });
    }
  }

  override render() {
    const def = this._def;
    const locale = this._locale();
    const t = CATALOGS[locale];
    const [say, bad] = this._say;
    const text = say === 'success' ? (pickText(def?.successMessage, locale, def!.defaultLocale) ?? t.sent) : say && t[say];
    return html`<div lang=${locale}>${
      def ? this._form(def, t, locale) : this._phase === 'broken' ? html`<slot></slot>` : nothing
    }<p part="status" role="status" aria-live="polite" data-kind=${bad ? 'error' : 'info'}>${text}</p></div>`;
  }

  _form(def: FormDefinition, t: Catalog, locale: string) {
    const consent = pickText(def.consentText, locale, def.defaultLocale);
    const labels = t.labels as Record<string, string>;
    return html`<form part="form" method="post" action="${this._url(def.id)}/submissions" novalidate aria-label=${def.name} ?hidden=${this._phase !== 'ready' && this._phase !== 'sending'} @submit=${this._submit} @input=${this._clear}>${def.fields.map(
      (f) => {
        const label = f.label[locale] ?? labels[f.name] ?? pickText(f.label, locale, def.defaultLocale) ?? f.name;
        const id = `f-${f.name}`;
        const error = this._errors[f.name];
        const described = error ? `e-${f.name}` : nothing;
        const invalid = error ? 'true' : nothing;
        return html`<div part="field"><label part="label" for=${id}>${label}${f.required ? ` ${t.required}` : ''}</label>${
          f.name === 'description'
            ? html`<textarea part="input" id=${id} name=${f.name} maxlength="5000" ?required=${f.required} aria-invalid=${invalid} aria-describedby=${described}></textarea>`
            : html`<input part="input" id=${id} name=${f.name} type=${TYPE[f.name] ?? 'text'} inputmode=${MODE[f.name] ?? nothing} autocomplete=${AUTOCOMPLETE[f.name] ?? nothing} pattern=${f.name === 'employees' ? '[0-9]*' : nothing} maxlength=${MAX[f.name] ?? 200} ?required=${f.required} aria-invalid=${invalid} aria-describedby=${described}>`
        }<p part="error" id="e-${f.name}">${error}</p></div>`;
      },
    )}${
      consent
        ? html`<div part="field" class="check"><input part="input" type="checkbox" id="f-consent" name="consent"><label part="label" for="f-consent">${consent}</label></div>`
        : nothing
    }<div class="hp" aria-hidden="true"><input name=${def.spam.honeypotField} tabindex="-1" autocomplete="off"></div><button part="button">${t.send}</button></form>`;
  }
}
