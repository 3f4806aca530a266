import { useModel, useSignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../../app-context';
import { type MessageKey, t } from '../../i18n';
import { Link, navigate } from '../../router';
import { formPath, PATHS } from '../../routes';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { useCanEditForms } from './can-edit';
import { focusFirstError, inputId } from './controls';
import { FormEditor } from './form-editor';
import { FormEditorModel } from './model';
import { Preview } from './preview';
import { Snippets } from './snippet';

const READ_ONLY_REASON = 'forms-read-only';

/** A form's editor (or a new form's, without an id), its live preview and its embed code. */
export function FormEditorPage({ formId }: { formId: string | null }) {
  const { api, forms } = useApp();
  const editor = useModel(() => new FormEditorModel(formId));
  const canEdit = useCanEditForms();
  const formRef = useRef<HTMLFormElement>(null);
  // What the last action did, for the polite status line; it starts with a notice left by the page before.
  const [notice] = useState(() => forms.takeNotice());
  const status = useSignal<MessageKey | null>(notice);
  const form = editor.form.value;
  const problem = editor.problem.value;

  useEffect(() => {
    void editor.load(api);
  }, [api, editor]);
  useEffect(() => {
    if (canEdit) void editor.loadRefused(api);
  }, [api, editor, canEdit]);

  const save = async () => {
    status.value = null;
    const outcome = await editor.save(api);
    if (!outcome.ok) {
      requestAnimationFrame(() => focusFirstError(formRef.current));
      return;
    }
    forms.remember(outcome.form);
    if (outcome.created) {
      forms.notify('forms.created');
      navigate(formPath(outcome.form.id), { replace: true });
    } else status.value = 'forms.saved';
  };

  // Allowing a refused site saves at once; focus moves to its new row in the allowed origins.
  const allow = async (origin: string) => {
    status.value = null;
    if (!(await editor.allow(api, origin))) return;
    const saved = editor.form.value;
    if (saved) forms.remember(saved);
    status.value = 'forms.refused.allowedNow';
    const row = editor.draft.value.allowedOrigins.indexOf(origin);
    requestAnimationFrame(() => document.getElementById(inputId(`allowedOrigins.${row}`))?.focus());
  };

  const toggle = async () => {
    status.value = null;
    const saved = await editor.setEnabled(api, form?.status !== 'active');
    if (!saved) return;
    forms.remember(saved);
    status.value = saved.status === 'active' ? 'forms.enabledNow' : 'forms.disabledNow';
  };

  const phase = editor.phase.value;
  const title = form ? t('forms.editor.title', { name: form.name }) : t('forms.editor.newTitle');
  return (
    <>
      <p class="breadcrumb">
        <Link href={PATHS.forms}>{t('forms.editor.back')}</Link>
      </p>
      {phase === 'loading' ? (
        <Loading />
      ) : phase === 'missing' && !form ? (
        <>
          <PageHeading documentTitle={t('page.title', { page: t('forms.title') })}>
            {t('forms.title')}
          </PageHeading>
          <p class="notice notice--error" role="alert">
            {problem && problem.code !== 'not-found'
              ? t(problemMessageKey(problem))
              : t('forms.editor.missing')}
          </p>
        </>
      ) : (
        <>
          <PageHeading documentTitle={t('page.title', { page: title })}>
            <span dir="auto">{title}</span>
          </PageHeading>
          {!canEdit && (
            <p id={READ_ONLY_REASON} class="notice">
              {t('forms.readOnly')}
            </p>
          )}
          {form?.status === 'disabled' && <p class="notice">{t('forms.disabled.notice')}</p>}
          <div role="alert">
            {problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}
          </div>
          <p class="form__status" role="status">
            {editor.busy.value ? t('forms.saving') : status.value ? t(status.value) : ''}
          </p>
          <div class="form-layout">
            <FormEditor
              model={editor}
              readOnly={!canEdit}
              reasonId={READ_ONLY_REASON}
              formRef={formRef}
              onSave={save}
              onToggle={toggle}
              onAllow={allow}
            />
            <div class="form-layout__aside">
              {form ? (
                <>
                  <Preview
                    api={api}
                    formId={form.id}
                    active={form.status === 'active'}
                    savedCount={editor.savedCount.value}
                  />
                  <Snippets api={api} form={form} origin={location.origin} />
                </>
              ) : (
                <p class="notice">{t('forms.preview.new')}</p>
              )}
            </div>
          </div>
        </>
      )}
    </>
  );
}
