import type { Form } from '@contract/forms-admin';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDate, t } from '../../i18n';
import { Link } from '../../router';
import { formPath, PATHS } from '../../routes';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { useCanEditForms } from './can-edit';
import type { FormsModel } from './model';

const READ_ONLY_REASON = 'forms-list-read-only';

function statusText(forms: FormsModel): string {
  switch (forms.phase.value) {
    case 'loading':
      return t('forms.loading');
    case 'ready':
      return forms.count.value === 0 ? t('forms.empty') : t('forms.shown', { count: forms.count.value });
    default:
      return '';
  }
}

/** Where a form may be embedded, in a few words. */
function originsText(form: Form): string {
  if (form.allowedOrigins.includes('*')) return t('forms.origins.any');
  if (form.allowedOrigins.length === 0) return t('forms.origins.none');
  return form.allowedOrigins.join(', ');
}

/** The organization's forms; admins and owners may create one. */
export function FormsPage() {
  const { api, forms } = useApp();
  const canEdit = useCanEditForms();
  const problem = forms.problem.value;

  useEffect(() => {
    void forms.refresh(api);
  }, [api, forms]);

  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: t('forms.title') })}>
        {t('forms.title')}
      </PageHeading>
      {!canEdit && (
        <p id={READ_ONLY_REASON} class="notice">
          {t('forms.readOnly')}
        </p>
      )}
      <div class="toolbar">
        {canEdit ? (
          <Link href={PATHS.newForm} class="button button--primary">
            {t('forms.new')}
          </Link>
        ) : (
          <button type="button" class="button" disabled aria-describedby={READ_ONLY_REASON}>
            {t('forms.new')}
          </button>
        )}
        <button type="button" class="button" onClick={() => forms.refresh(api)}>
          {t('forms.refresh')}
        </button>
        <p class="toolbar__status" role="status" aria-live="polite">
          {forms.phase.value === 'loading' && <span class="spinner" aria-hidden="true" />}
          {statusText(forms)}
        </p>
      </div>
      <div role="alert">{problem && <p class="notice notice--error">{t(problemMessageKey(problem))}</p>}</div>
      {forms.count.value > 0 && <FormsTable forms={forms.items.value} />}
    </>
  );
}

function FormsTable({ forms }: { forms: readonly Form[] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it sideways at narrow widths (axe: scrollable-region-focusable).
    <section class="table-scroll" aria-labelledby="forms-caption" tabIndex={0}>
      <table class="leads-table">
        <caption id="forms-caption">{t('forms.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('forms.col.name')}</th>
            <th scope="col">{t('forms.col.status')}</th>
            <th scope="col">{t('forms.col.fields')}</th>
            <th scope="col">{t('forms.col.origins')}</th>
            <th scope="col">{t('forms.col.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {forms.map((form) => (
            <tr key={form.id}>
              <td dir="auto">
                <Link href={formPath(form.id)} class="lead__name">
                  {form.name}
                </Link>
                <span class="lead__title">{form.id}</span>
              </td>
              <td>
                <span class={`status status--${form.status}`}>{t(`forms.status.${form.status}`)}</span>
              </td>
              <td>{form.fields.length}</td>
              <td class="forms__origins">{originsText(form)}</td>
              <td>
                <time dateTime={form.updatedAt}>{formatDate(form.updatedAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
