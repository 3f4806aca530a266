import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ApiResult } from '../../api/client';
import type { Problem } from '../../api/problem';
import { useApp } from '../../app-context';
import { formatDate, t } from '../../i18n';
import { currentSearch, Link } from '../../router';
import { accountPath, contactPath, opportunityPath } from '../../routes';
import { Loading } from '../../ui/loading';
import { PageHeading } from '../../ui/page-heading';
import { problemMessageKey } from '../../ui/problem-message';
import { type CrmKind, type CrmRows, fetchList, personName, stageKey } from './model';
import { Money } from './money';

const TITLES = {
  accounts: 'shell.nav.accounts',
  contacts: 'shell.nav.contacts',
  opportunities: 'shell.nav.opportunities',
} as const;

/** A list of accounts, contacts or opportunities with a name search (submitted, not per key). */
export function CrmListPage({ kind }: { kind: CrmKind }) {
  const { api } = useApp();
  // `?q=` opens the list already searched (the app-wide search links here for "show all").
  const initial = (new URLSearchParams(currentSearch.value).get('q') ?? '').slice(0, 200);
  const query = useSignal(initial);
  const rows = useSignal<CrmRows[CrmKind] | null>(null);
  const problem = useSignal<Problem | null>(null);
  const search = async (q: string) => {
    const result: ApiResult<CrmRows[CrmKind]> = await fetchList(api, kind, q);
    if (result.ok) {
      rows.value = result.data;
      problem.value = null;
    } else problem.value = result.problem;
  };
  useEffect(() => {
    query.value = initial;
    void search(initial);
  }, [kind, initial]);
  const title = t(TITLES[kind]);
  return (
    <>
      <PageHeading documentTitle={t('page.title', { page: title })}>{title}</PageHeading>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          void search(query.value);
        }}
      >
        <div class="field search">
          <label for="crm-search">{t('crm.search')}</label>
          <input
            id="crm-search"
            type="search"
            maxLength={200}
            value={query.value}
            onInput={(event) => {
              query.value = event.currentTarget.value;
            }}
          />
        </div>
        <button type="submit" class="button">
          {t('crm.searchButton')}
        </button>
      </form>
      <div role="alert">
        {problem.value && <p class="notice notice--error">{t(problemMessageKey(problem.value))}</p>}
      </div>
      <p role="status" class="toolbar__status">
        {rows.value && t('crm.results', { count: rows.value.length })}
      </p>
      {rows.value === null && !problem.value ? (
        <Loading />
      ) : (
        <Rows kind={kind} rows={rows.value ?? []} title={title} />
      )}
    </>
  );
}

function Table({ title, head, children }: { title: string; head: string[]; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it sideways (axe: scrollable-region-focusable).
    <section class="table-scroll" aria-labelledby="crm-caption" tabIndex={0}>
      <table class="leads-table">
        <caption id="crm-caption" class="visually-hidden">
          {title}
        </caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}

const none = () => t('lead.none');

function Rows({ kind, rows, title }: { kind: CrmKind; rows: CrmRows[CrmKind]; title: string }) {
  if (rows.length === 0) return <p class="hint">{t('crm.empty')}</p>;
  if (kind === 'accounts')
    return (
      <Table
        title={title}
        head={[t('crm.col.name'), t('crm.col.industry'), t('crm.col.employees'), t('crm.col.created')]}
      >
        {(rows as CrmRows['accounts']).map((a) => (
          <tr key={a.id}>
            <td dir="auto">
              <Link href={accountPath(a.id)}>{a.name}</Link>
            </td>
            <td>{a.industry ?? none()}</td>
            <td>{a.employees ?? none()}</td>
            <td>{formatDate(a.createdAt)}</td>
          </tr>
        ))}
      </Table>
    );
  if (kind === 'contacts') return <ContactRows rows={rows as CrmRows['contacts']} title={title} />;
  return <OpportunityRows rows={rows as CrmRows['opportunities']} title={title} />;
}

/** Contacts: name, title, account, email, phone. */
export function ContactRows({ rows, title }: { rows: CrmRows['contacts']; title: string }) {
  const head = [
    t('crm.col.name'),
    t('crm.col.title'),
    t('crm.col.account'),
    t('crm.col.email'),
    t('crm.col.phone'),
  ];
  return (
    <Table title={title} head={head}>
      {rows.map((c) => (
        <tr key={c.id}>
          <td dir="auto">
            <Link href={contactPath(c.id)}>{personName(c)}</Link>
          </td>
          <td dir="auto">{c.title ?? none()}</td>
          <td dir="auto">
            {c.account ? <Link href={accountPath(c.account.id)}>{c.account.name}</Link> : none()}
          </td>
          <td>{c.email ?? none()}</td>
          <td>{c.phone ?? none()}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Opportunities: name, account, stage, amount, owner. */
export function OpportunityRows({ rows, title }: { rows: CrmRows['opportunities']; title: string }) {
  const head = [
    t('crm.col.name'),
    t('crm.col.account'),
    t('crm.col.stage'),
    t('crm.col.amount'),
    t('crm.col.owner'),
  ];
  return (
    <Table title={title} head={head}>
      {rows.map((o) => (
        <tr key={o.id}>
          <td dir="auto">
            <Link href={opportunityPath(o.id)}>{o.name}</Link>
          </td>
          <td dir="auto">
            {o.account ? <Link href={accountPath(o.account.id)}>{o.account.name}</Link> : none()}
          </td>
          <td>{t(stageKey(o.stage))}</td>
          <td>
            <Money amount={o.amount} currency={o.currency} />
          </td>
          <td dir="auto">{o.assignee?.name ?? none()}</td>
        </tr>
      ))}
    </Table>
  );
}
