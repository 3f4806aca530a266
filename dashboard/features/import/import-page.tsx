import { hasRole } from '@core/permissions';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../app-context';
import { t } from '../../i18n';
import { Link, navigate } from '../../router';
import { importJobPath, PATHS } from '../../routes';
import { PageHeading } from '../../ui/page-heading';
import { createImportModel, type ImportModel, STEPS } from './model';
import { importProblemMessage } from './problem';
import { CommitStep, MapStep, PreviewStep, SummaryStep, UploadStep } from './steps';
import './import.css';

/**
 * The import wizard: upload → map columns → dry run → commit with progress → summary. Once a file is
 * uploaded its job is in the URL (`/app/leads/import/:jobId`), so a reload or a link opened later shows the
 * job's current step.
 */
export function ImportPage({ jobId }: { jobId: string | null }) {
  const { session, api } = useApp();
  const create = () => createImportModel(api.imports);
  const [model, setModel] = useState(create);
  const role = session.session.value?.role;
  const allowed = !!role && hasRole(role, 'admin');
  const shownId = model.job.value?.id ?? null;

  // The URL names another job (or a new import) than the wizard shows: start from it, afresh.
  useEffect(() => {
    if (!allowed || jobId === (model.job.value?.id ?? null)) return;
    let target = model;
    if (model.job.value) {
      model.dispose();
      target = create();
      setModel(target);
    }
    if (jobId) void target.resume(jobId);
  }, [jobId, allowed]);
  // An upload made a job: its URL replaces the bare wizard's, so Back leaves the wizard.
  useEffect(() => {
    if (shownId && shownId !== jobId) navigate(importJobPath(shownId), { replace: true });
  }, [shownId]);
  useEffect(() => () => model.dispose(), [model]);

  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: t('import.title') })}>
        {t('import.title')}
      </PageHeading>
      {allowed ? <Wizard model={model} /> : <p class="notice">{t('import.adminReason')}</p>}
    </>
  );
}

function Wizard({ model }: { model: ImportModel }) {
  const step = model.step.value;
  const index = step === 'summary' ? STEPS.length - 1 : STEPS.indexOf(step);
  const problem = model.problem.value;
  return (
    <div class="import">
      <nav aria-label={t('import.steps')}>
        <ol class="import-steps">
          {STEPS.map((s, i) => (
            <li
              key={s}
              class={`import-steps__item${i === index ? ' import-steps__item--current' : ''}${i < index ? ' import-steps__item--done' : ''}`}
              aria-current={i === index ? 'step' : undefined}
            >
              <span class="import-steps__number" aria-hidden="true">
                {i + 1}
              </span>
              {t(`import.step.${s}`)}
            </li>
          ))}
        </ol>
        <p class="visually-hidden">
          {t('import.stepOf', { n: String(index + 1), total: String(STEPS.length) })}
        </p>
      </nav>
      <div role="alert">{problem && <p class="notice notice--error">{importProblemMessage(problem)}</p>}</div>
      {step === 'upload' && <UploadStep model={model} />}
      {step === 'map' && <MapStep model={model} />}
      {step === 'preview' && <PreviewStep model={model} />}
      {step === 'commit' && <CommitStep model={model} />}
      {step === 'summary' && <SummaryStep model={model} />}
      <p>
        <Link href={PATHS.leads}>{t('import.summary.leads')}</Link>
      </p>
    </div>
  );
}
