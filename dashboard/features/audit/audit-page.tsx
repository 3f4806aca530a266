import type { MemberDetail } from '@contract/people';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { Events } from './events-view';
import { Filters } from './filters';
import { AuditModel, EMPTY_FILTER } from './model';
import { RetentionSection } from './retention';
import './audit.css';
import '../settings/settings.css';

/** Settings → Audit log: every event of the organization, filtered, exported as CSV, and its retention. */
export function AuditPage() {
  const { api } = useApp();
  const model = useMemo(() => new AuditModel(), []);
  const members = useSignal<MemberDetail[]>([]);
  useEffect(() => {
    void model.apply(api.audit, EMPTY_FILTER);
    void api.people.listMembers().then((r) => {
      if (r.ok) members.value = r.data.items;
    });
  }, [api, model]);
  const title = t('audit.title');
  const items = model.items.value;
  const loading = model.loading.value;
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <p>{t('audit.intro')}</p>
      <Filters model={model} members={members.value} />
      <p class="audit-toolbar">
        <a class="button" href={api.audit.exportUrl(model.params.value)} download>
          {t('audit.export')}
        </a>
      </p>
      <p class="toolbar__status" aria-live="polite">
        {loading
          ? t('audit.loading')
          : model.problem.value
            ? ''
            : t(model.nextCursor.value ? 'audit.shownMore' : 'audit.shown', { count: items.length })}
      </p>
      <div role="alert">
        {model.problem.value && (
          <p class="notice notice--error">{t(problemMessageKey(model.problem.value))}</p>
        )}
      </div>
      {items.length > 0 && <Events items={items} />}
      {model.nextCursor.value && (
        <p>
          <button type="button" class="button" disabled={loading} onClick={() => void model.more(api.audit)}>
            {t('audit.more')}
          </button>
        </p>
      )}
      <RetentionSection onSaved={() => void model.reload(api.audit)} />
    </>
  );
}
