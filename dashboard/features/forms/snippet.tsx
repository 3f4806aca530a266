import type { Form } from '@contract/forms-admin';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ApiClient, WidgetManifest } from '../../api/client';
import { t } from '../../i18n';
import { htmlSnippet, scriptSnippet, sriSnippet } from './snippets';

type CopyState = { id: string; ok: boolean } | null;

/** Copies with the Clipboard API; false where it is missing or refused (the user can still select the code). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

type SnippetProps = {
  id: string;
  title: string;
  hint: string;
  code: string | null;
  /** Shown instead of the code when it cannot be built. */
  unavailable?: string;
  onCopy: (id: string, code: string) => void;
};

function Snippet({ id, title, hint, code, unavailable, onCopy }: SnippetProps) {
  return (
    <section class="snippet" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p id={`${id}-hint`} class="hint">
        {hint}
      </p>
      {code === null ? (
        <p class="notice">{unavailable}</p>
      ) : (
        <>
          <pre id={`${id}-code`} class="snippet__code">
            <code>{code}</code>
          </pre>
          <button
            type="button"
            class="button"
            aria-label={t('forms.embed.copyNamed', { name: title })}
            onClick={() => onCopy(id, code)}
          >
            {t('forms.embed.copy')}
          </button>
        </>
      )}
    </section>
  );
}

/** The three ways to put the form on a page, each ready to copy. Read-only, so every role may use it. */
export function Snippets({ api, form, origin }: { api: ApiClient; form: Form; origin: string }) {
  const manifest = useSignal<WidgetManifest | null | undefined>(undefined, { name: 'snippets.manifest' });
  const copied = useSignal<CopyState>(null, { name: 'snippets.copied' });

  useEffect(() => {
    void api.getWidgetManifest().then((result) => {
      manifest.value = result.ok ? result.data : null;
    });
  }, [api, manifest]);

  const onCopy = async (id: string, code: string) => {
    // Cleared first, so copying the same snippet twice is announced twice.
    copied.value = null;
    copied.value = { id, ok: await copyText(code) };
  };

  const sri = manifest.value ? sriSnippet(origin, form.id, manifest.value) : null;
  return (
    <section class="panel" aria-labelledby="embed-title">
      <h2 id="embed-title">{t('forms.embed.title')}</h2>
      <p class="hint">{t('forms.embed.hint')}</p>
      <Snippet
        id="snippet-script"
        title={t('forms.embed.script')}
        hint={t('forms.embed.script.hint')}
        code={scriptSnippet(origin, form.id)}
        onCopy={onCopy}
      />
      <Snippet
        id="snippet-sri"
        title={t('forms.embed.sri')}
        hint={t('forms.embed.sri.hint')}
        code={sri}
        unavailable={manifest.value === undefined ? t('app.loading') : t('forms.embed.sri.unavailable')}
        onCopy={onCopy}
      />
      <Snippet
        id="snippet-html"
        title={t('forms.embed.html')}
        hint={t('forms.embed.html.hint')}
        code={htmlSnippet(origin, form)}
        onCopy={onCopy}
      />
      <p class="form__status" role="status">
        {copied.value && (copied.value.ok ? t('forms.embed.copied') : t('forms.embed.copyFailed'))}
      </p>
    </section>
  );
}
