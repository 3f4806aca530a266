import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { emit } from './events';
import { styles } from './lead-form.styles';
import { CATALOGS, type Catalog, catalog, LABELED_FIELDS, pickLocale, pickText, Str } from './locales';
import { pageOutbox, pagesViewed, schedule, turnstiles } from './page';
import { type FormDefinition, fieldMessage, loadForm, newKey, type SendResult } from './submit';

/** The Turnstile glue's content-hashed file name, set by the build (widget/build.mjs). */
declare const TURNSTILE_CHUNK: string;

/** The statuses after which the visitor is done with the form, so it hides: sent, queued, busy (429), held. */
const DONE: readonly Str[] = [Str.sent, Str.queued, Str.busy, Str.held];

/**
 * `<lead-form form="frm_…">`: a form's fields, fetched from the Leadgate endpoint and rendered as a real
 * `<form>` in shadow DOM. Submits JSON with an Idempotency-Key; a submission that cannot be sent now waits
 * in an outbox (localStorage) and is retried until the server has it. Never throws into the host page.
 *
 * With a `turnstileSiteKey`, Cloudflare Turnstile loads on the first focus of a field (`widget-turnstile.js`,
 * then Cloudflare's script) and each submission's token travels in the `CF-Turnstile-Response` header, outside
 * the body its Idempotency-Key is bound to.
 *
 * @fires lead-form:submit - The submission passed validation and is being sent: `{ formId }`.
 * @fires lead-form:success - The server has it: `{ receiptId }`; cancel to stay instead of redirecting.
 * @fires lead-form:error - Loading or sending failed for good: `{ code }`.
 * @slot - Fallback content, shown only when the form cannot be loaded (e.g. a link to a contact page).
 * @slot turnstile - Where the Turnstile widget is rendered (a light-DOM child the element adds itself).
 * @csspart form - The `<form>`.
 * @csspart field - The box around one label, input and error.
 * @csspart label - A field's `<label>`.
 * @csspart input - An `<input>` or `<textarea>` (the consent checkbox too).
 * @csspart error - A field's error message.
 * @csspart button - The submit button.
 * @csspart status - The live region for sending, success and error messages.
 * @cssprop --lead-form-accent - Button and focus ring color.
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
    // observed, so a language switch on a rendered form re-renders it; reflected, as the native one is
    lang: { reflect: true },
    _definition: { state: true },
    _status: { state: true },
    _errors: { state: true },
  };
  /** The default endpoint: the origin the script was loaded from (set by the loader). */
  static origin = '';

  /** The form id (`frm_…`). */
  declare form: string;
  /** The Leadgate origin to talk to; defaults to where the script came from. */
  declare endpoint: string | undefined;
  declare _definition: FormDefinition | undefined;
  /**
   * The status message and whether it reports a problem; it is also the state: `sending`, `queued`, `sent`
   * (shown as the form's own success message if it has one), or a problem (with no definition: broken).
   */
  _status: [Str?, boolean?] = [];
  _errors: Record<string, string> = {};
  _shownAt = 0;
  _submissionKey = '';
  _stopListening?: () => void;
  /** Failed definition loads in a row (the backoff's exponent). */
  _failedLoads = 0;
  _retryTimer?: ReturnType<typeof setTimeout>;
  /** Armed: Turnstile is loading or loaded for this element. */
  _turnstileArmed?: boolean;
  _onOnline = () => this._definition || this._loadDefinition();
  /** The catalog of the last render. */
  _lastCatalog?: Catalog;

  override connectedCallback(): void {
    super.connectedCallback();
    this._stopListening = pageOutbox().listen(
      (key, result) => key === this._submissionKey && this._settle(result),
    );
    addEventListener('online', this._onOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopListening?.();
    removeEventListener('online', this._onOnline);
    clearTimeout(this._retryTimer);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('form') || changed.has('endpoint')) {
      this._definition = undefined;
      this._status = [];
      this._failedLoads = 0;
      this._loadDefinition();
    }
  }

  _endpointOrigin(): string {
    return this.endpoint || LeadFormElement.origin || location.origin;
  }

  _formUrl(id: string): string {
    return `${this._endpointOrigin()}/v1/forms/${encodeURIComponent(id)}`;
  }

  _visitorLocale() {
    return pickLocale([
      this.lang,
      document.documentElement.lang,
      ...navigator.languages,
      this._definition?.defaultLocale,
    ]);
  }

  /** The visitor's catalog (loaded, since the form is rendered in it), else English. */
  _visitorCatalog(): Catalog {
    return CATALOGS[this._visitorLocale()] ?? CATALOGS.en!;
  }

  /**
   * Loads the definition. A dead network or a server hiccup passes: the load is retried (2 s doubling to a
   * minute, and at once when the browser is back online); a refused origin or an unknown form is final, and
   * the console says once what to do about it.
   */
  async _loadDefinition(): Promise<void> {
    const id = this.form;
    clearTimeout(this._retryTimer);
    if (!id) return;
    const result = await loadForm(this._formUrl(id));
    if (id !== this.form) return;
    if (result.ok) {
      this._definition = result.def;
      this._status = [];
      this._shownAt = Date.now();
      if (result.def.signalsEnabled) pagesViewed();
    } else {
      const { code, detail } = result;
      const final = /origin-not-allowed|form-not-found/.test(code);
      if (!this._failedLoads++) {
        this._reportFailure(code, code === 'origin-not-allowed' ? Str.blocked : Str.failed);
        // For whoever pasted the snippet: what to fix, and where (the server's words, in English).
        if (final) console.error(`Leadgate <lead-form form="${id}">: ${detail ?? code}`);
      }
      if (!final)
        this._retryTimer = setTimeout(
          () => this._loadDefinition(),
          Math.min(60_000, 1000 * 2 ** this._failedLoads),
        );
    }
  }

  /** On the first focus (or submit) of a form with Turnstile: imports the glue, which loads Cloudflare's. */
  _armTurnstile(): void {
    const def = this._definition;
    const key = def?.turnstileSiteKey;
    if (key && !this._turnstileArmed) {
      this._turnstileArmed = true;
      turnstiles[def.id] = import(`${this._endpointOrigin()}/${TURNSTILE_CHUNK}`).then((m) =>
        m.mount(this, key, this._visitorLocale()),
      );
    }
  }

  _reportFailure(code: string, status: Str): void {
    this._status = [status, true];
    emit(this, 'lead-form:error', { code });
  }

  /** Shows field errors (or none); focuses the first invalid field. True when there are none. */
  _showErrors(errors: Record<string, string>): boolean {
    this._errors = errors;
    if (!Object.values(errors).some(Boolean)) return true;
    this._status = [Str.invalid, true];
    this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus(),
    );
    return false;
  }

  /** Native constraint validation, with the messages from our catalogs instead of the browser's. */
  _validate(form: HTMLFormElement, t: Catalog): boolean {
    const errors: Record<string, string> = {};
    for (const el of form.elements as unknown as HTMLInputElement[]) {
      el.setCustomValidity?.('');
      if (el.willValidate && !el.checkValidity()) {
        const v = el.validity;
        errors[el.name] = t[v.valueMissing ? Str.missing : v.typeMismatch ? Str.badEmail : Str.check];
        el.setCustomValidity(errors[el.name]!);
      }
    }
    return this._showErrors(errors);
  }

  /** Typing in a field clears its error (its custom validity is reset on the next submit). */
  _clearError(e: Event): void {
    this._errors = { ...this._errors, [(e.target as HTMLInputElement).name]: '' };
  }

  async _submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const def = this._definition!;
    const form = e.target as HTMLFormElement;
    try {
      if (this._status[0] === Str.sending || !this._validate(form, this._visitorCatalog())) return;
      emit(this, 'lead-form:submit', { formId: def.id });
      this._status = [Str.sending];
      // Faster than the form's minimum looks like a bot: hold an autofilled quick human back instead.
      await new Promise((r) =>
        setTimeout(r, def.spam.minSubmitSeconds * 1000 - (Date.now() - this._shownAt)),
      );
      const body: Record<string, unknown> = {};
      for (const [name, value] of new FormData(form))
        if (String(value).trim()) body[name] = String(value).trim();
      if (form.consent) body.consent = !!body.consent;
      body[def.spam.elapsedField] = Date.now() - this._shownAt;
      // Behavioural signals: only if the form asks for them and the visitor consented.
      if (def.signalsEnabled && body.consent) {
        body.pagesViewed = pagesViewed();
        body.timeOnPage = Math.round(performance.now());
      }
      this._armTurnstile();
      this._submissionKey = newKey();
      const result = await pageOutbox().push({
        key: this._submissionKey,
        form: def.id,
        url: `${this._formUrl(def.id)}/submissions`,
        body: JSON.stringify(body),
      });
      if (!result.ok) schedule();
    } catch {
      this._reportFailure('failed', Str.failed);
    }
  }

  /** One attempt's outcome for this element's submission (live, or a retry from the outbox). */
  _settle(result: SendResult): void {
    const def = this._definition!;
    const [status] = this._status;
    if (status === Str.sent) return;
    if (result.ok) {
      this._status = [Str.sent];
      // A lead sent later from the outbox does not pull the visitor away from where they are now.
      if (
        emit(this, 'lead-form:success', { receiptId: result.id }) &&
        status === Str.sending &&
        def.redirectUrl
      ) {
        const url = new URL(def.redirectUrl, this._formUrl(def.id));
        if (url.protocol.startsWith('http')) location.assign(url);
      }
    } else if (result.retry) {
      // Still queued: a 429 says so plainly (the outbox waits at least its Retry-After).
      if (status === Str.sending || status === Str.busy)
        this._status = [result.code === 'rate-limited' ? Str.busy : Str.queued];
    } else if (result.code === 'turnstile-failed') {
      this._status = [Str.held];
      emit(this, 'lead-form:error', { code: result.code });
    } else {
      const t = this._visitorCatalog();
      const errors: Record<string, string> = {};
      for (const { name } of def.fields)
        if (name in result.errors) errors[name] = t[fieldMessage(name, result.errors[name])];
      this._reportFailure(result.code, this._showErrors(errors) ? Str.failed : Str.invalid);
    }
  }

  override render() {
    const def = this._definition;
    const locale = this._visitorLocale();
    // A catalog other than English is a separate file: render once it is here (it asks for the update);
    // after a `lang` change, the form stays up (values kept) in the language it had until then.
    const t = catalog(locale, this._endpointOrigin(), () => this.requestUpdate()) ?? this._lastCatalog;
    if (!t) return nothing;
    this._lastCatalog = t;
    const [status, isProblem] = this._status;
    const success = status === Str.sent && pickText(def!.successMessage, locale, def!.defaultLocale);
    return html`<div lang=${locale}>${
      def ? this._renderForm(def, t, locale, status) : isProblem ? html`<slot></slot>` : nothing
    }<p part=status role=status aria-live=polite ?data-e=${isProblem}>${success || (status === undefined ? '' : t[status])}</p></div>`;
  }

  _renderForm(def: FormDefinition, t: Catalog, locale: string, status: Str | undefined) {
    const consent = pickText(def.consentText, locale, def.defaultLocale);
    const fields = def.fields.map(({ name, required, label }) => {
      const i = LABELED_FIELDS.findIndex(([n]) => n === name);
      const auto = LABELED_FIELDS[i]?.[1];
      const text = label[locale] ?? t[i as Str] ?? pickText(label, locale, def.defaultLocale) ?? name;
      const error = this._errors[name];
      const invalid = error ? 'true' : nothing;
      const described = error ? `e-${name}` : nothing;
      return html`<div part=field><label part=label for="f-${name}">${text}${required ? ` ${t[Str.required]}` : ''}</label>${
        name === 'description'
          ? html`<textarea part=input id="f-${name}" name=${name} ?required=${required} aria-invalid=${invalid} aria-describedby=${described}></textarea>`
          : html`<input part=input id="f-${name}" name=${name} type=${name === 'email' || name === 'phone' ? auto : 'text'} autocomplete=${auto ?? nothing} ?required=${required} aria-invalid=${invalid} aria-describedby=${described}>`
      }<p part=error id="e-${name}">${error}</p></div>`;
    });
    return html`<form part=form method=post action="${this._formUrl(def.id)}/submissions" novalidate aria-label=${def.name} ?hidden=${DONE.includes(status!)} @submit=${this._submit} @input=${this._clearError} @focusin=${this._armTurnstile}>${fields}${
      consent
        ? html`<div part=field><label part=label class=c><input part=input type=checkbox name=consent> ${consent}</label></div>`
        : nothing
    }<slot name=turnstile></slot><div class=h aria-hidden=true><input name=${def.spam.honeypotField} tabindex=-1 autocomplete=off></div><button part=button>${def.submitLabel?.[locale] || t[Str.send]}</button></form>`;
  }
}
