import type { AuditEvent } from '@contract/audit';
import type { MemberDetail } from '@contract/people';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../app-context';
import { formatDateTime, type MessageKey, t } from '../../i18n';
import { leadPath } from '../../routes';
import { useMedia } from '../../ui/media';
import { PageHeading } from '../../ui/page-heading';
import { fieldErrorMessage, problemMessageKey } from '../../ui/problem-message';
import { SelectField } from '../../ui/select-field';
import { TextField } from '../../ui/text-field';
import { type AuditFilter, AuditModel, changeLines, EMPTY_FILTER, valueText } from './model';
import { RetentionSection } from './retention';
import './audit.css';
import '../settings/settings.css';

/** The entities the filter offers, in the order the select lists them. */
const ENTITY_TYPES = [
  'lead',
  'user',
  'membership',
  'invitation',
  'team',
  'organization',
  'sso',
  'form',
  'routing_rules',
  'scoring_rules',
  'api_key',
  'webhook_source',
  'quarantine',
  'import_job',
  'lead_export',
  'report',
  'audit_export',
  'account',
  'contact',
  'opportunity',
] as const;

/** Actions an admin looks for often, offered as suggestions (any action may be typed). */
const COMMON_ACTIONS = [
  'session.created',
  'sign-in.failed',
  'session.ended',
  'organization.updated',
  'membership.created',
  'invitation.created',
  'api_key.created',
  'api_key.revoked',
  'form.updated',
  'routing_rules.replaced',
  'scoring_rules.updated',
  'exported',
  'erased',
  'deleted',
  'merged',
  'status_changed',
  'assigned',
  'audit.purged',
];

const entityKey = (type: string) => `audit.entity.${type}` as MessageKey;
const entityLabel = (type: string) =>
  (ENTITY_TYPES as readonly string[]).includes(type) ? t(entityKey(type)) : type;

function actorText(actor: AuditEvent['actor']): string {
  switch (actor.type) {
    case 'user':
      return actor.name ?? t('audit.actor.formerUser');
    case 'api_key':
      return t('audit.actor.apiKeyNamed', { name: actor.name ?? actor.id ?? '–' });
    case 'public':
      return t('audit.actor.public');
    case 'webhook':
      return t('audit.actor.webhook');
    case 'system':
      return t('audit.actor.system');
  }
}

/** An event's data, readably: each changed field from its old to its new value, other facts as values. */
function Changes({ data }: { data: Record<string, unknown> }) {
  const lines = changeLines(data);
  if (lines.length === 0) return <span>–</span>;
  return (
    <ul class="audit-changes">
      {lines.map((line, i) => (
        <li key={`${line.key}-${i}`}>
          {line.key && <span class="audit-changes__key">{line.key}: </span>}
          {'value' in line ? (
            <span dir="auto">{valueText(line.value)}</span>
          ) : (
            <span dir="auto">
              {t('audit.change', { before: valueText(line.before), after: valueText(line.after) })}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Entity({ event }: { event: AuditEvent }) {
  const id = event.entity.id;
  return (
    <>
      {entityLabel(event.entity.type)}
      {id &&
        (event.entity.type === 'lead' ? (
          <>
            {' '}
            <a href={leadPath(id)}>
              <code>{id}</code>
            </a>
          </>
        ) : (
          <>
            {' '}
            <code>{id}</code>
          </>
        ))}
    </>
  );
}

function Row({ event }: { event: AuditEvent }) {
  return (
    <tr>
      <td>
        <time dateTime={event.at}>{formatDateTime(event.at)}</time>
      </td>
      <td dir="auto">{actorText(event.actor)}</td>
      <th scope="row">
        <code>{event.type}</code>
      </th>
      <td>
        <Entity event={event} />
      </td>
      <td>
        <Changes data={event.data} />
      </td>
    </tr>
  );
}

function Card({ event }: { event: AuditEvent }) {
  return (
    <li class="lead-card audit-card">
      <p>
        <strong>
          <code>{event.type}</code>
        </strong>
      </p>
      <p class="lead-card__meta">
        <time dateTime={event.at}>{formatDateTime(event.at)}</time>
        <span dir="auto">{actorText(event.actor)}</span>
      </p>
      <p>
        <Entity event={event} />
      </p>
      <Changes data={event.data} />
    </li>
  );
}

function Events({ items }: { items: AuditEvent[] }) {
  const phone = useMedia('(max-width: 480px)');
  if (phone.value)
    return (
      <ul class="lead-cards" aria-label={t('audit.caption')}>
        {items.map((e) => (
          <Card key={e.id} event={e} />
        ))}
      </ul>
    );
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it sideways (axe: scrollable-region-focusable).
    <section class="table-scroll" aria-labelledby="audit-caption" tabIndex={0}>
      <table class="leads-table audit-table">
        <caption id="audit-caption">{t('audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.col.at')}</th>
            <th scope="col">{t('audit.col.actor')}</th>
            <th scope="col">{t('audit.col.action')}</th>
            <th scope="col">{t('audit.col.entity')}</th>
            <th scope="col">{t('audit.col.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <Row key={e.id} event={e} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Filters({ model, members }: { model: AuditModel; members: MemberDetail[] }) {
  const { api } = useApp();
  const applied = model.filter.value;
  const draft = {
    actor: useSignal(applied.actor),
    action: useSignal(applied.action),
    entityType: useSignal(applied.entityType),
    entityId: useSignal(applied.entityId),
    from: useSignal(applied.from),
    to: useSignal(applied.to),
  };
  const apply = (filter: AuditFilter) => void model.apply(api.audit, filter);
  // The server names a filter it refuses (a 400 with a pointer): the message goes under that field.
  const errorOf = (field: keyof AuditFilter | 'actorType' | 'actorId') => {
    const error = model.problem.value?.errors?.find((e) => e.pointer === `/${field}`);
    return error ? fieldErrorMessage(error) : null;
  };
  const submit = (event: Event) => {
    event.preventDefault();
    apply(Object.fromEntries(Object.entries(draft).map(([k, s]) => [k, s.value])) as AuditFilter);
  };
  const clear = () => {
    for (const [k, s] of Object.entries(draft)) s.value = EMPTY_FILTER[k as keyof AuditFilter];
    apply(EMPTY_FILTER);
  };
  return (
    <form class="form audit-filters" aria-label={t('audit.filters')} noValidate onSubmit={submit}>
      <SelectField id="audit-actor" label={t('audit.filter.actor')} bind={draft.actor}>
        <option value="">{t('audit.filter.anyone')}</option>
        {members.map((m) => (
          <option key={m.id} value={`user:${m.id}`}>
            {m.name}
          </option>
        ))}
        <option value="api_key">{t('audit.actor.apiKeys')}</option>
        <option value="public">{t('audit.actor.public')}</option>
        <option value="webhook">{t('audit.actor.webhook')}</option>
        <option value="system">{t('audit.actor.system')}</option>
      </SelectField>
      <TextField
        id="audit-action"
        label={t('audit.filter.action')}
        error={errorOf('action')}
        list="audit-actions"
        autocomplete="off"
        spellcheck={false}
        aria-describedby="audit-action-hint"
        bind={draft.action}
      />
      <p id="audit-action-hint" class="hint">
        {t('audit.filter.actionHint')}
      </p>
      <datalist id="audit-actions">
        {COMMON_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <SelectField id="audit-entityType" label={t('audit.filter.entityType')} bind={draft.entityType}>
        <option value="">{t('audit.filter.anyEntity')}</option>
        {ENTITY_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(entityKey(type))}
          </option>
        ))}
      </SelectField>
      <TextField
        id="audit-entityId"
        label={t('audit.filter.entityId')}
        error={errorOf('entityId')}
        autocomplete="off"
        spellcheck={false}
        disabled={!draft.entityType.value}
        bind={draft.entityId}
      />
      <TextField
        id="audit-from"
        type="date"
        label={t('audit.filter.from')}
        error={errorOf('from')}
        bind={draft.from}
      />
      <TextField
        id="audit-to"
        type="date"
        label={t('audit.filter.to')}
        error={errorOf('to')}
        bind={draft.to}
      />
      <div class="audit-filters__actions">
        <button type="submit" class="button button--primary">
          {t('audit.filter.apply')}
        </button>
        <button type="button" class="button" onClick={clear}>
          {t('audit.filter.clear')}
        </button>
      </div>
    </form>
  );
}

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
