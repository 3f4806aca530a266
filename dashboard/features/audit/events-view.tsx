import type { AuditEvent } from '@contract/audit';
import { formatDateTime, type MessageKey, t } from '../../i18n';
import { leadPath } from '../../routes';
import { useMedia } from '../../ui/media';
import { type AccessSummary, accessSummary, changeLines, valueText } from './model';

/** The entities the filter offers, in the order the select lists them. */
export const ENTITY_TYPES = [
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
  'lead_access',
  'report',
  'audit_export',
  'account',
  'contact',
  'opportunity',
] as const;

/** The catalog key of an entity type's name. */
export const entityKey = (type: string) => `audit.entity.${type}` as MessageKey;
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

/** What a read of personal data revealed, in a sentence, and the route it went through. */
function Access({ summary }: { summary: AccessSummary }) {
  return (
    <ul class="audit-changes">
      <li>
        {summary.what === 'document'
          ? t('audit.access.document', { id: summary.documentId })
          : t(`audit.access.${summary.what}`)}
      </li>
      {summary.via && <li>{t('audit.access.via', { route: summary.via })}</li>}
    </ul>
  );
}

/** An event's data, readably: each changed field from its old to its new value, other facts as values. */
function Changes({ event }: { event: AuditEvent }) {
  const summary = accessSummary(event);
  if (summary) return <Access summary={summary} />;
  const lines = changeLines(event.data);
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
        (event.entity.type === 'lead' || event.entity.type === 'lead_access' ? (
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
        <Changes event={event} />
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
      <Changes event={event} />
    </li>
  );
}

/** The events: a table, or cards on a phone. */
export function Events({ items }: { items: AuditEvent[] }) {
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
