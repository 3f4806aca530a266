import type { ComponentChildren } from 'preact';
import type { Problem } from '../../api/problem';
import { t } from '../../i18n';
import { Link } from '../../router';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import type { Phase } from './model';

type Props = {
  phase: Phase;
  problem: Problem | null;
  back: { href: string; label: string };
  /** The record's name; null while there is no record. */
  name: string | null;
  children: ComponentChildren;
};

/** A record page's frame: back link, heading, and the loading, missing and error states. */
export function RecordFrame({ phase, problem, back, name, children }: Props) {
  if (phase === 'loading') return <Loading />;
  const backLink = (
    <p class="breadcrumb">
      <Link href={back.href}>{back.label}</Link>
    </p>
  );
  if (name === null)
    return (
      <>
        {backLink}
        <PageHeading documentTitle={t('page.title', { page: back.label })}>{back.label}</PageHeading>
        <p class="notice notice--error" role="alert">
          {phase === 'missing' || !problem ? t('crm.missing') : t(problemMessageKey(problem))}
        </p>
      </>
    );
  return (
    <>
      {backLink}
      <PageHeading documentTitle={t('page.title', { page: name })}>
        <span dir="auto">{name}</span>
      </PageHeading>
      {children}
    </>
  );
}
