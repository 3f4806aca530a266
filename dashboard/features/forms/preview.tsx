import { FORM_LOCALES, type FormLocale } from '@core/form-settings';
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ApiClient } from '../../api/client';
import { locale, t } from '../../i18n';
import { LocaleOptions } from '../../ui/language-switcher';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      /** The Leadgate widget, registered by `/widget.js`. */
      'lead-form': HTMLAttributes<HTMLElement> & { form: string; lang?: string };
    }
  }
}

let widgetScript: Promise<void> | null = null;

/** Loads `/widget.js` into the dashboard once; it registers `<lead-form>`. A failed load may be retried. */
export function loadWidget(): Promise<void> {
  widgetScript ??= new Promise<void>((resolve, reject) => {
    if (customElements.get('lead-form')) return resolve();
    const script = document.createElement('script');
    script.src = new URL('/widget.js', location.origin).href;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      widgetScript = null;
      reject(new Error('widget.js failed to load'));
    };
    document.head.append(script);
  });
  return widgetScript;
}

/**
 * The preview is for looking, not for collecting: a submit is stopped before the widget sees it, so trying
 * the form out never creates a lead. (The submit event does not leave the shadow root; a capturing listener
 * on the root runs before the form's own.)
 */
function holdSubmissions(host: HTMLElement | null): void {
  if (!host) return;
  void customElements.whenDefined('lead-form').then(() =>
    host.shadowRoot?.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        event.stopImmediatePropagation();
      },
      { capture: true },
    ),
  );
}

type PreviewProps = {
  api: ApiClient;
  formId: string;
  active: boolean;
  /** Bumped after every save: the preview then reloads the form's public definition. */
  savedCount: number;
};

/** The real widget rendering the saved form, in a language of the user's choice. */
export function Preview({ api, formId, active, savedCount }: PreviewProps) {
  const script = useSignal<'loading' | 'ready' | 'failed'>('loading', { name: 'preview.script' });
  const shown = useSignal(savedCount, { name: 'preview.shown' });
  const previewLocale = useSignal<FormLocale>(locale.value, { name: 'preview.locale' });

  useEffect(() => {
    loadWidget().then(
      () => {
        script.value = 'ready';
      },
      () => {
        script.value = 'failed';
      },
    );
  }, [script]);

  useEffect(() => {
    if (savedCount === shown.peek()) return;
    // The public definition may sit in the browser's HTTP cache for a minute: refresh it first.
    void api.reloadPublicForm(formId).then(() => {
      shown.value = savedCount;
    });
  }, [api, formId, savedCount, shown]);

  const onLocale = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    const code = event.currentTarget.value;
    if ((FORM_LOCALES as readonly string[]).includes(code)) previewLocale.value = code as FormLocale;
  };

  return (
    <section class="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('forms.preview.title')}</h2>
      <p class="hint">{t('forms.preview.hint')}</p>
      <div class="field field--inline">
        <label for="preview-locale">{t('forms.preview.language')}</label>
        <select id="preview-locale" value={previewLocale.value} onChange={onLocale}>
          <LocaleOptions locales={FORM_LOCALES} />
        </select>
      </div>
      {!active ? (
        <p class="notice">{t('forms.preview.disabled')}</p>
      ) : script.value === 'failed' ? (
        <p class="notice notice--error">{t('forms.preview.failed')}</p>
      ) : (
        <div class="preview">
          <lead-form
            key={`${shown.value}-${previewLocale.value}`}
            ref={holdSubmissions}
            form={formId}
            lang={previewLocale.value}
          />
        </div>
      )}
    </section>
  );
}
